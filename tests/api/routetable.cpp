#include "tests/api/routetable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

namespace thetool::test {

QByteArray RouteEntry::target(const QByteArray &value) const
{
    static const QRegularExpression parameter(QStringLiteral("\\{[^}/]+\\}"));
    QString out = path;
    out.replace(parameter, QString::fromLatin1(value));
    return out.toUtf8();
}

RouteTable loadRouteTable(const QProcessEnvironment &environment)
{
    RouteTable table;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("THETOOL_BIN"), {QStringLiteral("routes"), QStringLiteral("--json")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        table.error = QStringLiteral("thetool routes --json failed: ")
            + QString::fromUtf8(process.readAllStandardError());
        return table;
    }
    const QJsonObject doc = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    table.version = doc.value(QStringLiteral("version")).toString();
    for (const QJsonValue &value : doc.value(QStringLiteral("routes")).toArray()) {
        const QJsonObject r = value.toObject();
        table.routes.append(
            {r.value(QStringLiteral("method")).toString(), r.value(QStringLiteral("path")).toString(),
                r.value(QStringLiteral("public")).toBool() ? QStringLiteral("public")
                                                           : r.value(QStringLiteral("scope")).toString()});
    }
    if (table.routes.isEmpty())
        table.error = QStringLiteral("thetool routes --json listed no routes");
    return table;
}

QMap<QString, QString> readOpenApiScopes(const QString &fileName, QString *version, QString *error)
{
    QMap<QString, QString> scopes;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read ") + fileName;
        return {};
    }
    static const QStringList methods {QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
        QStringLiteral("patch"), QStringLiteral("delete")};
    enum class Section { Other, Info, Paths } section = Section::Other;
    QString path;
    QString operation; // "METHOD path" waiting for its x-scope
    int lineNumber = 0;
    auto finishOperation = [&]() -> bool {
        if (!operation.isEmpty() && !scopes.contains(operation)) {
            *error = QStringLiteral("line %1: %2 has no x-scope").arg(lineNumber).arg(operation);
            return false;
        }
        operation.clear();
        return true;
    };
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).chopped(1);
        ++lineNumber;
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const qsizetype indent =
            line.size() - QString(line).remove(QRegularExpression(QStringLiteral("^ +"))).size();
        const QString text = line.trimmed();
        if (indent == 0) {
            if (section == Section::Paths && !finishOperation())
                return {};
            section = text == QLatin1String("paths:") ? Section::Paths
                : text == QLatin1String("info:")      ? Section::Info
                                                      : Section::Other;
            continue;
        }
        if (section == Section::Info && indent == 2 && text.startsWith(QLatin1String("version:")))
            *version = text.mid(8).trimmed().remove(QLatin1Char('"')).remove(QLatin1Char('\''));
        if (section != Section::Paths)
            continue;
        if (indent == 2) {
            if (!finishOperation())
                return {};
            if (!text.startsWith(QLatin1Char('/')) || !text.endsWith(QLatin1Char(':'))) {
                *error = QStringLiteral("line %1: expected a path ('  /x:')").arg(lineNumber);
                return {};
            }
            path = text.chopped(1);
        } else if (indent == 4 && text.endsWith(QLatin1Char(':'))) {
            if (!finishOperation())
                return {};
            const QString method = text.chopped(1);
            if (!methods.contains(method)) {
                *error = QStringLiteral("line %1: '%2' is not an HTTP method").arg(lineNumber).arg(method);
                return {};
            }
            operation = method.toUpper() + QLatin1Char(' ') + path;
            if (scopes.contains(operation)) {
                *error = QStringLiteral("line %1: %2 is documented twice").arg(lineNumber).arg(operation);
                return {};
            }
        } else if (indent == 6 && text.startsWith(QLatin1String("x-scope:"))) {
            if (operation.isEmpty()) {
                *error = QStringLiteral("line %1: x-scope outside an operation").arg(lineNumber);
                return {};
            }
            scopes.insert(operation, text.mid(8).trimmed());
        }
    }
    if (!finishOperation())
        return {};
    return scopes;
}

} // namespace thetool::test

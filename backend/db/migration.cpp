#include "backend/db/migration.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace thetool::db {

QString Migration::label() const
{
    return QStringLiteral("%1_%2").arg(version, 4, 10, QLatin1Char('0')).arg(name);
}

bool Migration::fromFile(const QString &fileName, const QString &text, Migration *out, QString *error)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    const QRegularExpressionMatch match = pattern.match(fileName);
    if (!match.hasMatch()) {
        if (error)
            *error = QStringLiteral("migration file '") + fileName
                + QStringLiteral("' is not named NNNN_name.sql (lower-case name)");
        return false;
    }
    Migration m;
    m.version = match.captured(1).toInt();
    m.name = match.captured(2);
    m.fileName = fileName;
    m.sql = QString(text).replace(QLatin1String("\r\n"), QLatin1String("\n"));
    m.checksum =
        QString::fromLatin1(QCryptographicHash::hash(m.sql.toUtf8(), QCryptographicHash::Sha256).toHex());
    if (m.version <= 0) {
        if (error)
            *error =
                QStringLiteral("migration file '") + fileName + QStringLiteral("': versions start at 0001");
        return false;
    }
    // Markers live in the leading comment block only.
    static const QRegularExpression minCompat(QStringLiteral("^--\\s*min-compatible:\\s*(\\d+)\\s*$"));
    for (const QString &raw : m.sql.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (!line.startsWith(QLatin1String("--")))
            break;
        if (line == QLatin1String("-- no-transaction"))
            m.transactional = false;
        if (const auto found = minCompat.match(line); found.hasMatch())
            m.minCompatible = found.captured(1).toInt();
    }
    *out = m;
    return true;
}

bool Migration::normalise(QList<Migration> &migrations, QString *error)
{
    std::sort(migrations.begin(), migrations.end(),
        [](const Migration &a, const Migration &b) { return a.version < b.version; });
    int previous = 1;
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        Migration &m = migrations[i];
        if (i > 0 && migrations.at(i - 1).version == m.version) {
            if (error)
                *error = QStringLiteral("two migrations share version %1: %2 and %3")
                             .arg(m.version)
                             .arg(migrations.at(i - 1).fileName, m.fileName);
            return false;
        }
        if (m.minCompatible == 0)
            m.minCompatible = previous;
        if (m.minCompatible > m.version) {
            if (error)
                *error = m.fileName
                    + QStringLiteral(": min-compatible %1 is above its own version").arg(m.minCompatible);
            return false;
        }
        previous = m.minCompatible;
    }
    return true;
}

QList<Migration> Migration::bundled(Dialect dialect, QString *error)
{
    const QString folder = dialect == Dialect::Postgres ? QStringLiteral(":/migrations/postgres")
                                                        : QStringLiteral(":/migrations/sqlite");
    QList<Migration> migrations;
    const QStringList files = QDir(folder).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        QFile file(folder + QLatin1Char('/') + fileName);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read bundled migration ") + file.fileName();
            return {};
        }
        Migration m;
        if (!fromFile(fileName, QString::fromUtf8(file.readAll()), &m, error))
            return {};
        migrations.append(m);
    }
    if (migrations.isEmpty()) {
        // Never report an up-to-date schema from a binary that lost its resources.
        if (error)
            *error = QStringLiteral("no migrations are bundled in ") + folder;
        return {};
    }
    if (!normalise(migrations, error))
        return {};
    return migrations;
}

} // namespace thetool::db

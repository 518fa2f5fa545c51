#pragma once

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace thetool::test {

// One row of the server's route table, as `thetool routes --json` prints it.
struct RouteEntry {
    QString method;
    QString path; // pattern: "/api/admin/api-keys/{id}"
    QString scope; // "public", "read", "analyze", "admin"

    QString key() const { return method + QLatin1Char(' ') + path; }
    bool isPublic() const { return scope == QLatin1String("public"); }
    // The pattern with every {param} replaced by `value` (already percent-encoded).
    QByteArray target(const QByteArray &value) const;
    bool hasParameters() const { return path.contains(QLatin1Char('{')); }
};

struct RouteTable {
    QString version; // the binary's
    QList<RouteEntry> routes;
    QString error; // set when the table could not be read
};

// Runs `$THETOOL_BIN routes --json`.
RouteTable loadRouteTable(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// docs/openapi.yaml read by its documented layout (the comment at its top): "METHOD path" →
// x-scope. `version` receives info.version; `error` names the first line that breaks the
// layout (an operation without x-scope, a method outside a path, ...).
QMap<QString, QString> readOpenApiScopes(const QString &file, QString *version, QString *error);

} // namespace thetool::test

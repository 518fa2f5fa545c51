#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include "backend/db/databaseoptions.h"

namespace thetool::db {

// A parsed `postgres://` / `postgresql://` URL:
//   postgresql://[user[:password]@]host[:port]/dbname[?key=value&...]
// User, password, database name and query values are URL-decoded. Query keys must be
// libpq connection parameters; they are handed to libpq unchanged.
class PostgresUrl
{
public:
    // Parses `text`; on failure `isValid()` is false and `error()` names the wrong part.
    static PostgresUrl parse(const QString &text);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    QString host() const { return m_host; } // a name, an IPv4/IPv6 address, or a socket folder
    int port() const { return m_port; }
    QString userName() const { return m_user; }
    QString password() const { return m_password; }
    QString databaseName() const { return m_database; }
    QList<QPair<QString, QString>> parameters() const { return m_parameters; }
    QString parameter(const QString &key) const;

    // The libpq options for QSqlDatabase::setConnectOptions: the URL's parameters plus
    // connect_timeout, TCP keepalives, statement_timeout and TimeZone=UTC from `options`
    // (a parameter given in the URL wins over a default).
    QString connectOptions(const DatabaseOptions &options) const;
    // The URL with the password replaced by "***", for logs and `migrate --status`.
    QString redacted() const;

private:
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_password;
    QString m_database;
    QList<QPair<QString, QString>> m_parameters;
    QString m_error;
};

} // namespace thetool::db

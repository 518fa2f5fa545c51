#include "backend/db/postgresurl.h"

#include <QStringList>

#include <algorithm>
#include <cctype>

namespace thetool::db {

namespace {

// libpq connection parameters a URL may carry (host, port, dbname, user and password come
// from the URL's own parts).
const QStringList &knownParameters()
{
    static const QStringList keys = {
        QStringLiteral("sslmode"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslpassword"),
        QStringLiteral("sslcrl"),
        QStringLiteral("sslcrldir"),
        QStringLiteral("sslsni"),
        QStringLiteral("sslcompression"),
        QStringLiteral("ssl_min_protocol_version"),
        QStringLiteral("ssl_max_protocol_version"),
        QStringLiteral("requiressl"),
        QStringLiteral("gssencmode"),
        QStringLiteral("krbsrvname"),
        QStringLiteral("channel_binding"),
        QStringLiteral("application_name"),
        QStringLiteral("fallback_application_name"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("options"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("tcp_user_timeout"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("client_encoding"),
        QStringLiteral("hostaddr"),
        QStringLiteral("passfile"),
        QStringLiteral("service"),
    };
    return keys;
}

bool isIntegerParameter(const QString &key)
{
    return key == QLatin1String("connect_timeout") || key == QLatin1String("keepalives")
        || key == QLatin1String("keepalives_idle") || key == QLatin1String("keepalives_interval")
        || key == QLatin1String("keepalives_count") || key == QLatin1String("tcp_user_timeout");
}

// Strict percent-decoding: "%zz" or a lone "%" is an error rather than passed through.
bool percentDecode(const QString &in, QString *out)
{
    const QByteArray bytes = in.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) == '%') {
            if (i + 2 >= bytes.size() || !isxdigit(static_cast<unsigned char>(bytes.at(i + 1)))
                || !isxdigit(static_cast<unsigned char>(bytes.at(i + 2))))
                return false;
        }
    }
    *out = QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
    return true;
}

// libpq's key=value syntax: single-quoted, backslash and quote escaped. QPSQL turns ';'
// into ' ' in connect options, so values must not contain ';' (parse() refuses them).
QString quoteValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

PostgresUrl PostgresUrl::parse(const QString &text)
{
    PostgresUrl url;
    auto fail = [&url](const QString &message) {
        url.m_error = message;
        return url;
    };
    const QString input = text.trimmed();
    const qsizetype schemeEnd = input.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return fail(QStringLiteral(
            "DATABASE_URL: scheme missing: expected postgresql://user:password@host:port/dbname"));
    const QString scheme = input.left(schemeEnd).toLower();
    if (scheme != QLatin1String("postgres") && scheme != QLatin1String("postgresql"))
        return fail(QStringLiteral("DATABASE_URL: unsupported scheme '") + input.left(schemeEnd)
            + QStringLiteral("': expected postgres:// or postgresql://"));

    QString rest = input.mid(schemeEnd + 3);
    if (const qsizetype hash = rest.indexOf(QLatin1Char('#')); hash >= 0)
        return fail(QStringLiteral(
            "DATABASE_URL: a fragment ('#...') is not allowed; URL-encode '#' in a password as %23"));
    QString query;
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return fail(
            QStringLiteral("DATABASE_URL: database name missing (expected .../dbname after the host)"));
    QString authority = rest.left(slash);
    const QString path = rest.mid(slash + 1);

    // User info: everything before the last '@' (a password may hold an unencoded '@').
    if (const qsizetype at = authority.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const QString userInfo = authority.left(at);
        authority = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        const QString rawUser = colon >= 0 ? userInfo.left(colon) : userInfo;
        if (!percentDecode(rawUser, &url.m_user))
            return fail(QStringLiteral("DATABASE_URL: user name has a malformed %-escape"));
        if (colon >= 0 && !percentDecode(userInfo.mid(colon + 1), &url.m_password))
            return fail(
                QStringLiteral("DATABASE_URL: password has a malformed %-escape (encode '%' as %25)"));
        if (url.m_user.isEmpty())
            return fail(QStringLiteral("DATABASE_URL: user name is empty"));
    }

    // Host and port; IPv6 addresses come in brackets.
    QString rawHost = authority;
    QString rawPort;
    if (authority.startsWith(QLatin1Char('['))) {
        const qsizetype close = authority.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(QStringLiteral("DATABASE_URL: host: unterminated '[' in an IPv6 address"));
        rawHost = authority.mid(1, close - 1);
        const QString after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return fail(QStringLiteral("DATABASE_URL: host: unexpected text after the IPv6 address"));
            rawPort = after.mid(1);
            if (rawPort.isEmpty())
                return fail(QStringLiteral("DATABASE_URL: port is empty after ':'"));
        }
    } else if (const qsizetype colon = authority.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        rawHost = authority.left(colon);
        rawPort = authority.mid(colon + 1);
        if (rawPort.isEmpty())
            return fail(QStringLiteral("DATABASE_URL: port is empty after ':'"));
    }
    if (rawHost.contains(QLatin1Char(',')))
        return fail(QStringLiteral("DATABASE_URL: host: several hosts are not supported"));
    if (!percentDecode(rawHost, &url.m_host))
        return fail(QStringLiteral("DATABASE_URL: host has a malformed %-escape"));
    if (url.m_host.isEmpty())
        return fail(QStringLiteral(
            "DATABASE_URL: host missing (expected postgresql://user:password@host:port/dbname)"));
    if (!url.m_host.startsWith(QLatin1Char('/'))) {
        for (const QChar c : url.m_host) {
            if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char('@') || c == QLatin1Char('?'))
                return fail(QStringLiteral("DATABASE_URL: host '") + url.m_host
                    + QStringLiteral("' contains an invalid character"));
        }
    }
    if (!rawPort.isEmpty()) {
        bool ok = false;
        const int port = rawPort.toInt(&ok);
        const bool digitsOnly =
            std::all_of(rawPort.cbegin(), rawPort.cend(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digitsOnly || port < 1 || port > 65535)
            return fail(QStringLiteral("DATABASE_URL: port '") + rawPort
                + QStringLiteral("' is not a number from 1 to 65535"));
        url.m_port = port;
    }

    if (!percentDecode(path, &url.m_database))
        return fail(QStringLiteral("DATABASE_URL: database name has a malformed %-escape"));
    if (url.m_database.isEmpty())
        return fail(
            QStringLiteral("DATABASE_URL: database name missing (expected .../dbname after the host)"));
    if (path.contains(QLatin1Char('/')))
        return fail(QStringLiteral("DATABASE_URL: database name '") + url.m_database
            + QStringLiteral("' contains '/' (encode it as %2F)"));

    if (!query.isEmpty()) {
        for (const QString &pair : query.split(QLatin1Char('&'))) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            QString key;
            QString value;
            if (eq < 0 || !percentDecode(pair.left(eq), &key)
                || !percentDecode(pair.mid(eq + 1), &value)) // '+' stays '+', as in libpq
                return fail(QStringLiteral("DATABASE_URL: query option '") + pair
                    + QStringLiteral("' is malformed (expected key=value)"));
            static const QStringList ownParts = {QStringLiteral("host"), QStringLiteral("port"),
                QStringLiteral("dbname"), QStringLiteral("user"), QStringLiteral("password")};
            if (ownParts.contains(key))
                return fail(QStringLiteral("DATABASE_URL: query option '") + key
                    + QStringLiteral("' is not supported: give it in the URL itself "
                                     "(postgresql://user:password@host:port/dbname)"));
            if (!knownParameters().contains(key))
                return fail(QStringLiteral("DATABASE_URL: unknown query option '") + key
                    + QStringLiteral("' (not a libpq connection parameter)"));
            if (value.contains(QLatin1Char(';')))
                return fail(QStringLiteral("DATABASE_URL: query option '") + key
                    + QStringLiteral("' contains ';', which the Qt PostgreSQL driver cannot pass"));
            if (isIntegerParameter(key)) {
                bool ok = false;
                const int number = value.toInt(&ok);
                if (!ok || number < 0)
                    return fail(QStringLiteral("DATABASE_URL: query option '") + key
                        + QStringLiteral("' must be a non-negative integer, got '") + value
                        + QLatin1Char('\''));
            }
            if (key == QLatin1String("sslmode")) {
                static const QStringList modes = {
                    QStringLiteral("disable"),
                    QStringLiteral("allow"),
                    QStringLiteral("prefer"),
                    QStringLiteral("require"),
                    QStringLiteral("verify-ca"),
                    QStringLiteral("verify-full"),
                };
                if (!modes.contains(value))
                    return fail(QStringLiteral("DATABASE_URL: sslmode '") + value
                        + QStringLiteral(
                            "' is not one of disable, allow, prefer, require, verify-ca, verify-full"));
            }
            url.m_parameters.append({key, value});
        }
    }
    if (url.m_password.contains(QLatin1Char(';')) || url.m_user.contains(QLatin1Char(';')))
        return fail(QStringLiteral(
            "DATABASE_URL: user name or password contains ';', which the Qt PostgreSQL driver cannot pass"));
    return url;
}

QString PostgresUrl::parameter(const QString &key) const
{
    for (const auto &[name, value] : m_parameters) {
        if (name == key)
            return value;
    }
    return {};
}

QString PostgresUrl::connectOptions(const DatabaseOptions &options) const
{
    QList<QPair<QString, QString>> all = m_parameters;
    auto addDefault = [&all, this](const QString &key, const QString &value) {
        if (parameter(key).isEmpty())
            all.append({key, value});
    };
    addDefault(QStringLiteral("connect_timeout"), QString::number(options.connectTimeoutSeconds));
    addDefault(QStringLiteral("keepalives"), QStringLiteral("1"));
    addDefault(QStringLiteral("keepalives_idle"), QString::number(options.keepaliveIdleSeconds));
    addDefault(QStringLiteral("keepalives_interval"), QString::number(options.keepaliveIntervalSeconds));
    addDefault(QStringLiteral("keepalives_count"), QString::number(options.keepaliveCount));
    addDefault(QStringLiteral("application_name"), options.applicationName);

    // Server settings go through `options`; the URL's own come first, ours are appended.
    QString serverOptions = parameter(QStringLiteral("options"));
    if (!serverOptions.contains(QLatin1String("statement_timeout")))
        serverOptions +=
            QStringLiteral(" -c statement_timeout=") + QString::number(options.statementTimeoutMs);
    if (!serverOptions.contains(QLatin1String("TimeZone"), Qt::CaseInsensitive))
        serverOptions += QStringLiteral(" -c TimeZone=UTC");
    // libpq prints NOTICEs to stderr by itself ("relation already exists, skipping").
    if (!serverOptions.contains(QLatin1String("client_min_messages")))
        serverOptions += QStringLiteral(" -c client_min_messages=warning");
    all.removeIf([](const auto &pair) { return pair.first == QLatin1String("options"); });
    all.append({QStringLiteral("options"), serverOptions.trimmed()});

    QStringList parts;
    for (const auto &[key, value] : all)
        parts.append(key + QLatin1Char('=') + quoteValue(value));
    return parts.join(QLatin1Char(';'));
}

QString PostgresUrl::redacted() const
{
    QString out = QStringLiteral("postgresql://");
    if (!m_user.isEmpty())
        out += m_user + (m_password.isEmpty() ? QString() : QStringLiteral(":***")) + QLatin1Char('@');
    out += m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    out += QLatin1Char(':') + QString::number(m_port) + QLatin1Char('/') + m_database;
    QStringList query;
    for (const auto &[key, value] : m_parameters)
        query.append(
            key + QLatin1Char('=') + (key == QLatin1String("sslpassword") ? QStringLiteral("***") : value));
    if (!query.isEmpty())
        out += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return out;
}

} // namespace thetool::db

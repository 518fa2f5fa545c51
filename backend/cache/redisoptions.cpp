#include "backend/cache/redisoptions.h"

#include <QUrl>

namespace thetool::cache {

QString RedisOptions::parseUrl(const QString &text, RedisOptions *out)
{
    const QString url = text.trimmed();
    if (url.startsWith(QLatin1String("rediss://"), Qt::CaseInsensitive))
        return QStringLiteral("rediss:// (TLS) is not supported: this build's hiredis 0.14 has no TLS; "
                              "use redis:// on a private network");
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != QLatin1String("redis") || parsed.host().isEmpty())
        return QStringLiteral("expected a redis://[user:password@]host[:port][/db] URL");
    out->host = parsed.host();
    out->port = parsed.port(6379);
    out->user = parsed.userName();
    out->password = parsed.password();
    const QString path = parsed.path();
    out->database = 0;
    if (path.size() > 1) {
        bool ok = false;
        out->database = path.mid(1).toInt(&ok);
        if (!ok || out->database < 0)
            return QStringLiteral("expected a database number after the host, as in redis://host:6379/0");
    }
    return {};
}

QString RedisOptions::describe() const
{
    return host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + QString::number(database);
}

} // namespace thetool::cache

#include "backend/security/corspolicy.h"

namespace thetool::security {

namespace {
QPair<QByteArray, QByteArray> header(const char *name, const QByteArray &value)
{
    return {QByteArray(name), value};
}
} // namespace

CorsPolicy::CorsPolicy(QStringList allowedOrigins)
    : m_origins(std::move(allowedOrigins))
    , m_any(m_origins.contains(QStringLiteral("*")))
{ }

bool CorsPolicy::allows(const QString &origin) const
{
    if (origin.isEmpty())
        return false;
    return m_any || m_origins.contains(origin); // exact match: scheme, host and port
}

HeaderList CorsPolicy::responseHeaders(const QString &origin) const
{
    if (!allows(origin))
        return {};
    HeaderList headers;
    headers.append(header("Access-Control-Allow-Origin", m_any ? QByteArray("*") : origin.toUtf8()));
    headers.append(header(
        "Access-Control-Expose-Headers", "Content-Type, X-Request-ID, Retry-After, Content-Disposition"));
    if (!m_any)
        headers.append(header("Vary", "Origin")); // caches must not serve one origin's answer to another
    return headers;
}

HeaderList CorsPolicy::preflightHeaders(const QString &origin) const
{
    HeaderList headers = responseHeaders(origin);
    if (headers.isEmpty())
        return headers;
    headers.append(header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"));
    headers.append(header("Access-Control-Allow-Headers",
        "Content-Type, Authorization, X-API-Key, X-Request-ID, Accept, Origin, Last-Event-ID"));
    headers.append(header("Access-Control-Max-Age", "3600"));
    return headers;
}

} // namespace thetool::security

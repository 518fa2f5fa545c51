#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace thetool::security {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// CORS as an enforced allow-list of exact origins ("*" only when configured).
// A disallowed origin gets no Access-Control-Allow-Origin, so the browser blocks it.
class CorsPolicy
{
public:
    explicit CorsPolicy(QStringList allowedOrigins);

    bool allows(const QString &origin) const;
    // Headers for a normal response to a request carrying `origin` (empty if not allowed).
    HeaderList responseHeaders(const QString &origin) const;
    // Headers answering a preflight (OPTIONS with Access-Control-Request-Method).
    HeaderList preflightHeaders(const QString &origin) const;

private:
    QStringList m_origins;
    bool m_any = false;
};

} // namespace thetool::security

#pragma once

#include "backend/http/route.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace thetool::http {

// The one route table. Patterns are literal segments and `{name}` parameters, each
// matching one non-empty path segment; literal segments win over parameters.
class Router
{
public:
    struct Match {
        const Route *route = nullptr;
        QHash<QString, QString> params;
        QStringList allowedMethods; // when the path exists but not for this method
    };

    // Rejects (returns false) a duplicate method+pattern or a malformed pattern.
    bool add(Route route);
    bool add(QByteArray method, QString pattern, Handler handler, Access access = Access::needs(Scope::Read),
        std::optional<quint64> bodyLimit = std::nullopt)
    {
        return add(Route {std::move(method), std::move(pattern), std::move(handler), access, bodyLimit});
    }
    // `path` is already percent-decoded (HttpRequest::path).
    Match match(const QByteArray &method, const QString &path) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    struct Compiled {
        QStringList segments;
        int literalCount = 0;
    };
    static bool matches(
        const Compiled &compiled, const QStringList &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
    QList<Compiled> m_compiled;
};

} // namespace thetool::http

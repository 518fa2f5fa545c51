#include "backend/http/router.h"

namespace thetool::http {

namespace {

QStringList splitPath(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    // "/" and "/a/" keep their trailing empty segment so they stay distinct from "/a".
    return segments;
}

bool isParameter(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

} // namespace

bool Router::add(Route route)
{
    if (!route.pattern.startsWith(QLatin1Char('/')) || route.method.isEmpty() || !route.handler)
        return false;
    for (const Route &existing : std::as_const(m_routes)) {
        if (existing.method == route.method && existing.pattern == route.pattern)
            return false;
    }
    Compiled compiled;
    compiled.segments = splitPath(route.pattern);
    for (const QString &segment : std::as_const(compiled.segments)) {
        if (segment.contains(QLatin1Char('{')) && !isParameter(segment))
            return false;
        if (!isParameter(segment))
            ++compiled.literalCount;
    }
    m_routes.append(std::move(route));
    m_compiled.append(std::move(compiled));
    return true;
}

bool Router::matches(const Compiled &compiled, const QStringList &segments, QHash<QString, QString> *params)
{
    if (compiled.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &want = compiled.segments.at(i);
        if (isParameter(want)) {
            if (segments.at(i).isEmpty())
                return false;
            found.insert(want.mid(1, want.size() - 2), segments.at(i));
        } else if (want != segments.at(i)) {
            return false;
        }
    }
    if (params)
        *params = std::move(found);
    return true;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    const QStringList segments = splitPath(path);
    Match result;
    int bestLiterals = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Compiled &compiled = m_compiled.at(i);
        if (!matches(compiled, segments, nullptr))
            continue;
        const Route &route = m_routes.at(i);
        if (route.method != method) {
            const QString name = QString::fromLatin1(route.method);
            if (!result.allowedMethods.contains(name))
                result.allowedMethods.append(name);
            continue;
        }
        if (compiled.literalCount > bestLiterals) {
            bestLiterals = compiled.literalCount;
            result.route = &route;
            matches(compiled, segments, &result.params);
        }
    }
    if (result.route) {
        result.allowedMethods.clear();
    } else {
        if (result.allowedMethods.contains(QStringLiteral("GET")) && method != "HEAD")
            result.allowedMethods.append(QStringLiteral("HEAD"));
        result.allowedMethods.sort();
    }
    return result;
}

} // namespace thetool::http

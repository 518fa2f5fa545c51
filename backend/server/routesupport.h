#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace thetool::http {
struct HttpRequest;
}

// Small helpers the compatible routes share (spec §2.3–2.8).
namespace thetool::server {

// A ticker as the original stores it: trimmed, upper-cased, ".NS" appended when it has no
// exchange suffix ("m&m" -> "M&M.NS"). Empty for a blank input.
QString normalizeTicker(const QString &raw);
// Whether `ticker` (already trimmed) may be used: 1..32 characters of letters, digits and
// . & ^ - _ = (Yahoo's symbols, e.g. "M&M.NS", "^NSEI").
bool isValidTicker(const QString &ticker);

// A query parameter as an int the way Flask's `args.get(name, fallback, type=int)` reads
// it: absent or not a whole number gives `fallback`.
int queryInt(const http::HttpRequest &request, const QString &name, int fallback);

// A JSON number or numeric string holding a whole number, else nullopt (bools are not
// numbers here).
std::optional<qint64> jsonInt(const QJsonValue &value);

// The JSON object body; an empty body or JSON `null` counts as {} (spec §0.3). Throws
// http::ApiError 415 (not JSON) or 400 (malformed, not an object).
QJsonObject bodyObject(const http::HttpRequest &request);

// A text column as JSON: a null QString becomes null.
QJsonValue nullableText(const QString &text);

} // namespace thetool::server

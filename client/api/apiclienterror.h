#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace thetool::client {

// The one error type of the client layer: what went wrong with a call, as a value. HTTP
// errors carry the server's `error.code` and `error.message`; transport failures say
// "cannot reach <host:port>" and why. Mapped from a reply in exactly one place
// (ApiClient), and shown by the UI through message() / toString().
struct ApiClientError {
    enum class Kind {
        Unauthorised, // 401: no key, an unknown or a revoked key
        Forbidden, // 403: the key lacks the route's scope
        NotFound, // 404
        Conflict, // 409: e.g. cancelling a finished job, retrying a running one
        RateLimited, // 429; retryAfterSeconds says when to try again
        BadRequest, // 400, 413, 415, 422: the request was refused as invalid
        Server, // 5xx (503: database unreachable, shutting down)
        Network, // never got an answer: refused, host not found, TLS, reset
        Timeout, // no complete answer within the call's timeout
        BadResponse, // an answer that is not what the route documents
        Cancelled, // the call was cancelled (only seen by streams; calls are dropped)
    };

    Kind kind = Kind::Network;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString code; // the server's UPPER_SNAKE code, e.g. "UNAUTHORIZED"; may be empty
    QString message; // one readable line
    QJsonObject details; // the server's error.details, when it sent any
    int retryAfterSeconds = 0; // from Retry-After (429, 503)
    QString requestId; // the answer's X-Request-ID, to find the request in the server log

    bool isTransport() const { return kind == Kind::Network || kind == Kind::Timeout; }
    // "Unauthorised (401 UNAUTHORIZED): Invalid API key"
    QString toString() const;
    static QString kindName(Kind kind);
    // Maps an HTTP status of an error answer to its kind.
    static Kind kindForStatus(int httpStatus);
};

} // namespace thetool::client

Q_DECLARE_METATYPE(thetool::client::ApiClientError)

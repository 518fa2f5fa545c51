#pragma once

#include <utility>
#include <variant>

#include "client/api/apiclienterror.h"

namespace thetool::client {

// The outcome of one call: the typed answer or an ApiClientError, never both, never an
// exception. `elapsedMs` is the round trip (for latency shown by "Test connection").
template<class T> class ApiResult
{
public:
    ApiResult(T value, qint64 elapsedMs = 0)
        : m_value(std::move(value))
        , m_elapsedMs(elapsedMs)
    { }
    ApiResult(ApiClientError error, qint64 elapsedMs = 0)
        : m_value(std::move(error))
        , m_elapsedMs(elapsedMs)
    { }

    bool ok() const { return m_value.index() == 0; }
    explicit operator bool() const { return ok(); }
    // The answer; an empty T when !ok() (check ok() first).
    const T &value() const
    {
        static const T empty {};
        return ok() ? std::get<0>(m_value) : empty;
    }
    const T *operator->() const { return &value(); }
    // The error; an empty error when ok() (so a message may be built either way).
    const ApiClientError &error() const
    {
        static const ApiClientError none {};
        return ok() ? none : std::get<1>(m_value);
    }
    qint64 elapsedMs() const { return m_elapsedMs; }

private:
    std::variant<T, ApiClientError> m_value;
    qint64 m_elapsedMs = 0;
};

} // namespace thetool::client

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
    // Only when ok().
    const T &value() const { return std::get<0>(m_value); }
    const T *operator->() const { return &value(); }
    // Only when !ok().
    const ApiClientError &error() const { return std::get<1>(m_value); }
    qint64 elapsedMs() const { return m_elapsedMs; }

private:
    std::variant<T, ApiClientError> m_value;
    qint64 m_elapsedMs = 0;
};

} // namespace thetool::client

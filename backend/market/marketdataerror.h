#pragma once

#include <QString>

namespace thetool::market {

// The one error type of the market-data layer, as a value.
struct MarketDataError {
    enum class Kind {
        None,
        UnknownSymbol, // the provider does not know the symbol (404 / "Not Found")
        NoData, // a known symbol but no bars in the window
        RateLimited, // HTTP 429 from the provider
        Http, // another HTTP error status (5xx ...)
        Malformed, // the body is not the chart JSON we expect (truncated, wrong shape)
        Network, // no connection: DNS, refused, TLS, offline
        Timeout, // the provider did not answer in time
        Cancelled, // the caller gave up (cancel() or its deadline)
        BadRequest, // a bad symbol or period from our side
    };

    Kind kind = Kind::None;
    QString message;

    bool ok() const { return kind == Kind::None; }
    explicit operator bool() const { return !ok(); }
    // Worth one retry with a shorter window (spec §8.2): transport trouble, not an answer.
    bool isRetryable() const
    {
        return kind == Kind::Http || kind == Kind::Malformed || kind == Kind::Network
            || kind == Kind::Timeout;
    }
    static MarketDataError make(Kind kind, const QString &message) { return MarketDataError {kind, message}; }
    static QString kindName(Kind kind);
};

} // namespace thetool::market

#include "backend/market/marketdataerror.h"

namespace thetool::market {

QString MarketDataError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::UnknownSymbol:
        return QStringLiteral("unknown_symbol");
    case Kind::NoData:
        return QStringLiteral("no_data");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::Http:
        return QStringLiteral("http");
    case Kind::Malformed:
        return QStringLiteral("malformed");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::BadRequest:
        return QStringLiteral("bad_request");
    }
    return QStringLiteral("other");
}

} // namespace thetool::market

// libFuzzer target: the Yahoo chart-API parser on arbitrary bytes and statuses must return
// bars or an error, never crash; bars come out with ascending dates and equal column sizes.
#include <cstddef>
#include <cstdint>

#include "backend/market/yahoochartparser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const int status = data[0] == 0 ? 404 : 200;
    const QByteArray body(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const auto result = thetool::market::parseYahooChart(body, status, QStringLiteral("FUZZ.NS"));
    const auto &bars = result.bars;
    if (result.ok() == bars.empty())
        __builtin_trap();
    if (bars.open.size() != bars.size() || bars.high.size() != bars.size() || bars.low.size() != bars.size()
        || bars.volume.size() != bars.size() || bars.dates.size() != bars.size())
        __builtin_trap();
    for (std::size_t i = 1; i < bars.size(); ++i) {
        if (!(bars.dates[i - 1] < bars.dates[i]))
            __builtin_trap();
    }
    return 0;
}

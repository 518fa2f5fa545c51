#include "backend/market/demodata.h"

#include <cmath>
#include <vector>

#include "backend/market/demorandom.h"
#include "backend/market/tradingcalendar.h"

namespace thetool::market {

std::uint32_t demoSeed(const QString &ticker)
{
    return static_cast<std::uint32_t>(DemoRandom::fnv1a64(ticker.trimmed().toUpper().toUtf8()));
}

analysis::Bars generateDemoBars(const QString &ticker, const Period &period, const QDateTime &now)
{
    const int n = period.demoRows();
    const std::uint32_t seed = demoSeed(ticker);
    DemoRandom random(seed);
    const double base = 100.0 + static_cast<double>(seed % 1000);

    std::vector<double> returns(static_cast<std::size_t>(n));
    for (double &r : returns)
        r = random.normal(0.001, 0.02);
    std::vector<double> highNoise(returns.size());
    for (double &h : highNoise)
        h = random.normal(0.0, 0.01);
    std::vector<double> lowNoise(returns.size());
    for (double &l : lowNoise)
        l = random.normal(0.0, 0.01);

    analysis::Bars bars;
    bars.dates.resize(returns.size());
    QDate day = TradingCalendar::tradingDayOnOrBefore(TradingCalendar::istDate(now));
    for (std::size_t i = returns.size(); i-- > 0;) {
        bars.dates[i] = day.toString(Qt::ISODate).toStdString();
        day = TradingCalendar::tradingDayOnOrBefore(day.addDays(-1));
    }
    double cumulative = 0.0;
    for (std::size_t i = 0; i < returns.size(); ++i) {
        cumulative += returns[i];
        const double close = base * std::exp(cumulative);
        bars.close.push_back(close);
        bars.high.push_back(close * (1.0 + std::fabs(highNoise[i])));
        bars.low.push_back(close * (1.0 - std::fabs(lowNoise[i])));
        bars.open.push_back(i == 0 ? close : bars.close[i - 1]);
    }
    for (std::size_t i = 0; i < returns.size(); ++i)
        bars.volume.push_back(std::floor(1e6 + 9e6 * random.uniform()));
    return bars;
}

} // namespace thetool::market

#include "backend/report/indicatortable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace thetool::report {

namespace {

using Column = std::pair<const char *, const std::vector<double> *>;

std::vector<Column> numericColumns(const analysis::Bars &b, const analysis::IndicatorSeries &s)
{
    return {{"open", &b.open}, {"high", &b.high}, {"low", &b.low}, {"close", &b.close}, {"volume", &b.volume},
        {"rsi", &s.rsi}, {"macd", &s.macd}, {"macd_signal", &s.macdSignal}, {"macd_hist", &s.macdHist},
        {"adx", &s.adx}, {"plus_di", &s.plusDi}, {"minus_di", &s.minusDi}, {"psar", &s.psar},
        {"ema_fast", &s.emaFast}, {"ema_slow", &s.emaSlow}, {"stoch_k", &s.stochK}, {"stoch_d", &s.stochD},
        {"cci", &s.cci}, {"williams_r", &s.williamsR}, {"atr", &s.atr}, {"bb_upper", &s.bbUpper},
        {"bb_middle", &s.bbMiddle}, {"bb_lower", &s.bbLower}, {"obv", &s.obv}, {"cmf", &s.cmf}};
}

// Full precision: %.17g round-trips every double.
QByteArray formatDouble(double v)
{
    if (!std::isfinite(v))
        return {};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return QByteArray(buffer);
}

double at(const std::vector<double> *column, std::size_t i)
{
    return i < column->size() ? (*column)[i] : std::nan("");
}

} // namespace

QStringList indicatorTableColumns()
{
    QStringList names {QStringLiteral("date")};
    const analysis::Bars none;
    const analysis::IndicatorSeries noSeries;
    for (const auto &column : numericColumns(none, noSeries))
        names << QString::fromLatin1(column.first);
    return names;
}

QByteArray indicatorTableCsv(const analysis::Bars &bars, const analysis::IndicatorSeries &series)
{
    QByteArray out = indicatorTableColumns().join(QLatin1Char(',')).toUtf8() + '\n';
    const auto columns = numericColumns(bars, series);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        out += QByteArray::fromStdString(bars.dates[i]);
        for (const auto &column : columns) {
            out += ',';
            out += formatDouble(at(column.second, i));
        }
        out += '\n';
    }
    return out;
}

QJsonDocument indicatorTableJson(const analysis::Bars &bars, const analysis::IndicatorSeries &series)
{
    QJsonArray rows;
    const auto columns = numericColumns(bars, series);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        QJsonObject row;
        row.insert(QStringLiteral("date"), QString::fromStdString(bars.dates[i]));
        for (const auto &column : columns) {
            const double v = at(column.second, i);
            row.insert(QString::fromLatin1(column.first), std::isfinite(v) ? QJsonValue(v) : QJsonValue());
        }
        rows.append(row);
    }
    QJsonObject root;
    root.insert(QStringLiteral("profile"), QString::fromLatin1(analysis::formulaProfileName(series.profile)));
    root.insert(QStringLiteral("bars"), rows);
    return QJsonDocument(root);
}

} // namespace thetool::report

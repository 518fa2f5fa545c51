#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

#include "app/server/analysiscommands.h"
#include "app/server/command.h"
#include "app/server/marketseries.h"
#include "backend/analysis/backtest.h"
#include "backend/market/csvbars.h"
#include "backend/report/backtestjson.h"

namespace thetool::app {

int runBacktest(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Backtest a strategy on daily bars and print the result as JSON (spec §9). The bars come from\n"
        "--input FILE, or for --ticker alone from the price store (refreshed from the provider\n"
        "when stale), or --demo data."));
    parser.addHelpOption();
    const QCommandLineOption input(QStringLiteral("input"),
        QStringLiteral("CSV file with date,open,high,low,close,volume."), QStringLiteral("FILE"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("Strategy 1-5 (default 5)."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption days(QStringLiteral("days"),
        QStringLiteral("Test the last D bars, 30-365 (default: all bars of the file, at most 365)."),
        QStringLiteral("D"));
    parser.addOptions({input, strategy, days});
    addSeriesOptions(parser, QStringLiteral("ticker"));
    const QString ticker = QStringLiteral("ticker");
    if (const auto done = parseCommandLine(parser, QStringLiteral("backtest"), args))
        return *done;
    if (!parser.isSet(ticker)) {
        err << "thetool backtest: --ticker T is required (with --input FILE, or bars from the store)\n";
        return ExitUsage;
    }
    analysis::BacktestRequest request;
    request.ticker = parser.value(ticker).trimmed().toUpper().toStdString();
    if (request.ticker.empty()) {
        err << "thetool backtest: --ticker must not be empty\n";
        return ExitUsage;
    }
    bool ok = false;
    request.strategyId = parser.value(strategy).toInt(&ok);
    if (!ok || !analysis::findBacktestConfig(request.strategyId)) {
        err << "thetool backtest: "
            << QString::fromStdString(analysis::backtestStrategyError(request.strategyId)) << '\n';
        return ExitUsage;
    }
    if (parser.isSet(days)) {
        request.days = parser.value(days).toInt(&ok);
        if (!ok || request.days < analysis::kBacktestMinDays || request.days > analysis::kBacktestMaxDays) {
            err << "thetool backtest: --days: " << QString::fromStdString(analysis::backtestDaysError())
                << '\n';
            return ExitUsage;
        }
    }
    market::PriceSeries series;
    if (parser.isSet(input)) {
        market::CsvBars csv = market::readCsvBars(parser.value(input));
        if (!csv.ok()) {
            err << "thetool backtest: " << parser.value(input) << ": " << csv.error << '\n';
            return ExitUsage;
        }
        series.bars = std::move(csv.bars);
        series.dataSource = QStringLiteral("csv");
    } else {
        QString symbol;
        const int code = loadSeries(parser, ticker, QStringLiteral("thetool backtest"), &symbol, &series);
        if (code != ExitOk)
            return code;
    }
    const analysis::Bars &bars = series.bars;
    request.dataSource = series.dataSource.toStdString();
    if (!parser.isSet(days)) { // the whole file, within the accepted range
        request.days =
            std::clamp(static_cast<int>(std::min<std::size_t>(bars.size(), analysis::kBacktestMaxDays)),
                analysis::kBacktestMinDays, analysis::kBacktestMaxDays);
    }
    const analysis::BacktestResult result = analysis::runBacktest(bars, request);
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;
    out.write(QJsonDocument(report::backtestResultToJson(result)).toJson());
    if (!result.ok()) {
        err << "thetool backtest: " << QString::fromStdString(result.error) << '\n';
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace thetool::app

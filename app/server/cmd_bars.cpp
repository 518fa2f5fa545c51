#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include "app/server/command.h"
#include "app/server/marketcommands.h"
#include "app/server/marketseries.h"
#include "backend/market/csvbars.h"

namespace thetool::app {

int runBars(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print a symbol's daily bars as CSV: from the database, refreshed from the provider when stale "
        "(MARKET_DATA_URL), or --demo bars. A summary line goes to stderr."));
    parser.addHelpOption();
    addSeriesOptions(parser, QStringLiteral("symbol"));
    if (const auto done = parseCommandLine(parser, QStringLiteral("bars"), args))
        return *done;
    market::PriceSeries series;
    QString symbol;
    const int code =
        loadSeries(parser, QStringLiteral("symbol"), QStringLiteral("thetool bars"), &symbol, &series);
    if (code != ExitOk)
        return code;
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;
    out.write(market::formatCsvBars(series.bars));
    out.flush();
    err << "thetool bars: " << series.bars.size() << " bars of " << symbol << " from " << series.dataSource
        << (series.refreshed ? " (refreshed)" : "") << '\n';
    return ExitOk;
}

} // namespace thetool::app

#include "app/server/marketseries.h"

#include <QTextStream>
#include <QTimeZone>

#include "app/server/command.h"
#include "app/server/marketcommands.h"
#include "backend/db/database.h"
#include "backend/market/demodata.h"
#include "backend/market/marketdataservice.h"
#include "backend/market/pricestore.h"

namespace thetool::app {

void addSeriesOptions(QCommandLineParser &parser, const QString &symbolOption)
{
    parser.addOption(
        {symbolOption, QStringLiteral("Ticker symbol (e.g. RELIANCE.NS, M&M.NS)."), QStringLiteral("T")});
    parser.addOption({QStringLiteral("period"), QStringLiteral("Period: Nd, Nmo or Ny (default 1y)."),
        QStringLiteral("P"), QStringLiteral("1y")});
    parser.addOption(
        {QStringLiteral("demo"), QStringLiteral("Deterministic demo bars (no database, no network).")});
    parser.addOption(
        {QStringLiteral("offline"), QStringLiteral("Stored bars only; never ask the provider.")});
    parser.addOption({QStringLiteral("as-of"),
        QStringLiteral("Clock for demo data and staleness: YYYY-MM-DD (18:00 IST that day); default now."),
        QStringLiteral("DATE")});
}

int loadSeries(const QCommandLineParser &parser, const QString &symbolOption, const QString &command,
    QString *symbol, market::PriceSeries *series)
{
    QTextStream err(stderr);
    *symbol = parser.value(symbolOption).trimmed().toUpper();
    if (symbol->isEmpty() || symbol->size() > 32) {
        err << command << ": --" << symbolOption << " T is required (at most 32 characters)\n";
        return ExitUsage;
    }
    const auto period = market::Period::parse(parser.value(QStringLiteral("period")));
    if (!period) {
        err << command << ": bad --period '" << parser.value(QStringLiteral("period"))
            << "' (expected Nd, Nmo or Ny, e.g. 200d, 6mo, 1y)\n";
        return ExitUsage;
    }
    QDateTime now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(QStringLiteral("as-of"))) {
        const QDate day = QDate::fromString(parser.value(QStringLiteral("as-of")), Qt::ISODate);
        if (!day.isValid()) {
            err << command << ": bad --as-of '" << parser.value(QStringLiteral("as-of"))
                << "' (expected YYYY-MM-DD)\n";
            return ExitUsage;
        }
        now = QDateTime(day, QTime(18, 0), QTimeZone(5 * 3600 + 1800)).toUTC();
    }
    const market::PriceStore::Clock clock = [now] {
        return now;
    };
    if (parser.isSet(QStringLiteral("demo"))) {
        // Demo bars need no database (the same as PriceStore::series with demo).
        *series = market::PriceSeries();
        series->bars = market::generateDemoBars(*symbol, *period, now);
        series->dataSource = QStringLiteral("demo");
        series->isDemo = true;
        return ExitOk;
    }
    QString error;
    const market::MarketDataOptions options = market::marketDataOptionsFromEnvironment(&error);
    if (!error.isEmpty()) {
        err << command << ": " << error << '\n';
        return ExitUsage;
    }
    std::unique_ptr<db::Database> database = openMigratedDatabase(&error);
    if (!database) {
        err << command << ": " << error << '\n';
        return ExitFailure;
    }
    std::unique_ptr<market::MarketDataService> provider;
    if (!parser.isSet(QStringLiteral("offline")))
        provider = std::make_unique<market::MarketDataService>(options);
    market::PriceStore store(*database, provider.get(), clock);
    *series = store.series(*symbol, *period, false, QDeadlineTimer(30000));
    database->releaseThreadConnection();
    for (const QString &warning : series->warnings)
        err << command << ": warning: " << warning << '\n';
    if (!series->ok()) {
        err << command << ": " << series->error << '\n';
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace thetool::app

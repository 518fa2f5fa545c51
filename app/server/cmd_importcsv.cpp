#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include "app/server/command.h"
#include "app/server/marketcommands.h"
#include "backend/db/database.h"
#include "backend/market/csvimporter.h"
#include "backend/market/marketdataoptions.h"

namespace thetool::app {

int runImportCsv(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Import daily bars from a CSV file (yfinance or plain date,open,high,low,close,volume) into the "
        "database for one symbol. All or nothing; at most MAX_IMPORT_ROWS rows."));
    parser.addHelpOption();
    const QCommandLineOption symbol(
        QStringLiteral("symbol"), QStringLiteral("Ticker symbol (e.g. RELIANCE.NS)."), QStringLiteral("T"));
    parser.addOption(symbol);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The CSV file."));
    if (const auto done = parseCommandLine(parser, QStringLiteral("import-csv"), args))
        return *done;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(symbol)
        || parser.value(symbol).trimmed().isEmpty()) {
        err << "thetool import-csv: usage: thetool import-csv FILE.csv --symbol T\n";
        return ExitUsage;
    }
    QString error;
    const market::MarketDataOptions options = market::marketDataOptionsFromEnvironment(&error);
    if (!error.isEmpty()) {
        err << "thetool import-csv: " << error << '\n';
        return ExitUsage;
    }
    std::unique_ptr<db::Database> database = openMigratedDatabase(&error);
    if (!database) {
        err << "thetool import-csv: " << error << '\n';
        return ExitFailure;
    }
    const QString path = parser.positionalArguments().constFirst();
    market::CsvImporter importer(*database, options.maxImportRows);
    const market::CsvImportResult result = importer.importFile(path, parser.value(symbol));
    database->releaseThreadConnection();
    if (!result.ok()) {
        err << "thetool import-csv: "
            << (result.error.startsWith(QLatin1String("line ")) ? path + QStringLiteral(": ") : QString())
            << result.error << '\n';
        return result.error.startsWith(QLatin1String("database:")) ? ExitFailure : ExitUsage;
    }
    QTextStream(stdout) << "imported " << result.rows << " bars of "
                        << parser.value(symbol).trimmed().toUpper() << " (" << result.firstDate << " to "
                        << result.lastDate << ") into " << database->describe() << '\n';
    return ExitOk;
}

} // namespace thetool::app

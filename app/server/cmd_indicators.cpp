#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include "app/server/analysiscommands.h"
#include "app/server/command.h"
#include "backend/analysis/indicatorseries.h"
#include "backend/market/csvbars.h"
#include "backend/report/indicatortable.h"

namespace thetool::app {

int runIndicators(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Per-bar indicator series of daily bars in a CSV file."));
    parser.addHelpOption();
    const QCommandLineOption input(QStringLiteral("input"),
        QStringLiteral("CSV file with date,open,high,low,close,volume."), QStringLiteral("FILE"));
    const QCommandLineOption profile(QStringLiteral("profile"),
        QStringLiteral("Formula profile: classic (default) or standard."), QStringLiteral("NAME"),
        QStringLiteral("classic"));
    const QCommandLineOption format(QStringLiteral("format"),
        QStringLiteral("Output format: csv (default) or json."), QStringLiteral("FORMAT"),
        QStringLiteral("csv"));
    parser.addOptions({input, profile, format});
    if (const auto done = parseCommandLine(parser, QStringLiteral("indicators"), args))
        return *done;
    if (!parser.isSet(input)) {
        err << "thetool indicators: --input FILE is required\n";
        return ExitUsage;
    }
    analysis::FormulaProfile formulaProfile;
    if (!analysis::parseFormulaProfile(parser.value(profile).toStdString(), formulaProfile)) {
        err << "thetool indicators: unknown profile '" << parser.value(profile)
            << "' (classic or standard)\n";
        return ExitUsage;
    }
    const QString outputFormat = parser.value(format);
    if (outputFormat != QLatin1String("csv") && outputFormat != QLatin1String("json")) {
        err << "thetool indicators: unknown format '" << outputFormat << "' (csv or json)\n";
        return ExitUsage;
    }
    const market::CsvBars csv = market::readCsvBars(parser.value(input));
    if (!csv.ok()) {
        err << "thetool indicators: " << parser.value(input) << ": " << csv.error << '\n';
        return ExitUsage;
    }
    const analysis::IndicatorSeries series = analysis::computeIndicators(csv.bars, formulaProfile);
    if (!series.error.empty()) {
        err << "thetool indicators: " << QString::fromStdString(series.error) << '\n';
        return ExitUsage;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;
    out.write(outputFormat == QLatin1String("json") ? report::indicatorTableJson(csv.bars, series).toJson()
                                                    : report::indicatorTableCsv(csv.bars, series));
    return ExitOk;
}

} // namespace thetool::app

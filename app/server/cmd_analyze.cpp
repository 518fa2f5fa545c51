#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/server/analysiscommands.h"
#include "app/server/command.h"
#include "app/server/marketseries.h"
#include "backend/analysis/analyzer.h"
#include "backend/market/csvbars.h"
#include "backend/report/analysisjson.h"

namespace thetool::app {

int runAnalyze(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Analyse daily bars and print the analysis result as JSON: from a CSV file (--input), or "
        "a ticker's bars from the database, refreshed from the provider when stale, or --demo."));
    parser.addHelpOption();
    const QCommandLineOption input(QStringLiteral("input"),
        QStringLiteral("CSV file with date,open,high,low,close,volume."), QStringLiteral("FILE"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("Strategy 1-5 (default 1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption capital(
        QStringLiteral("capital"), QStringLiteral("Capital for the position size."), QStringLiteral("X"));
    const QCommandLineOption config(QStringLiteral("config"),
        QStringLiteral("Request configuration: JSON text, or @FILE to read it from a file."),
        QStringLiteral("JSON"));
    const QCommandLineOption profile(QStringLiteral("profile"),
        QStringLiteral("Formula profile: classic (default) or standard."), QStringLiteral("NAME"),
        QStringLiteral("classic"));
    parser.addOptions({input, strategy, capital, config, profile});
    addSeriesOptions(parser, QStringLiteral("ticker"));
    const QString ticker = QStringLiteral("ticker");
    if (const auto done = parseCommandLine(parser, QStringLiteral("analyze"), args))
        return *done;
    if (!parser.isSet(ticker)) {
        err << "thetool analyze: --ticker T is required (with --input FILE, or bars from the store)\n";
        return ExitUsage;
    }
    analysis::AnalysisRequest request;
    request.ticker = parser.value(ticker).trimmed().toUpper().toStdString();
    if (request.ticker.empty()) {
        err << "thetool analyze: --ticker must not be empty\n";
        return ExitUsage;
    }
    bool ok = false;
    request.strategyId = parser.value(strategy).toInt(&ok);
    if (!ok || request.strategyId < 1 || request.strategyId > 5) {
        err << "thetool analyze: --strategy must be 1, 2, 3, 4 or 5\n";
        return ExitUsage;
    }
    if (parser.isSet(capital)) {
        const double value = parser.value(capital).toDouble(&ok);
        if (!ok || !(value >= 0)) {
            err << "thetool analyze: --capital must be a number >= 0\n";
            return ExitUsage;
        }
        request.capital = value;
    }
    if (!analysis::parseFormulaProfile(parser.value(profile).toStdString(), request.profile)) {
        err << "thetool analyze: unknown profile '" << parser.value(profile) << "' (classic or standard)\n";
        return ExitUsage;
    }
    if (parser.isSet(config)) {
        QByteArray json = parser.value(config).toUtf8();
        if (json.startsWith('@')) {
            QFile file(QString::fromUtf8(json.mid(1)));
            if (!file.open(QIODevice::ReadOnly)) {
                err << "thetool analyze: cannot read " << file.fileName() << ": " << file.errorString()
                    << '\n';
                return ExitUsage;
            }
            json = file.readAll();
        }
        QString error;
        if (!report::parseAnalysisConfig(json, request.config, &error)) {
            err << "thetool analyze: " << error << '\n';
            return ExitUsage;
        }
    }
    market::PriceSeries series;
    if (parser.isSet(input)) {
        market::CsvBars csv = market::readCsvBars(parser.value(input));
        if (!csv.ok()) {
            err << "thetool analyze: " << parser.value(input) << ": " << csv.error << '\n';
            return ExitUsage;
        }
        series.bars = std::move(csv.bars);
        series.dataSource = QStringLiteral("csv");
    } else {
        QString symbol;
        const int code = loadSeries(parser, ticker, QStringLiteral("thetool analyze"), &symbol, &series);
        if (code != ExitOk)
            return code;
    }
    const analysis::AnalysisResult result = analysis::analyzeBars(series.bars, request);
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;
    QJsonObject json = report::analysisResultToJson(result);
    // Where the bars came from (DESIGN.md "Analysis"): recorded on every result.
    json.insert(QStringLiteral("data_source"), series.dataSource);
    json.insert(QStringLiteral("is_demo_data"), series.isDemo);
    out.write(QJsonDocument(json).toJson());
    if (!result.success) {
        err << "thetool analyze: " << QString::fromStdString(result.error) << '\n';
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace thetool::app

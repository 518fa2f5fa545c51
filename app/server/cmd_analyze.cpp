#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include "app/server/analysiscommands.h"
#include "app/server/command.h"
#include "backend/analysis/analyzer.h"
#include "backend/market/csvbars.h"
#include "backend/report/analysisjson.h"

namespace thetool::app {

int runAnalyze(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Analyse daily bars from a CSV file and print the analysis result as JSON."));
    parser.addHelpOption();
    const QCommandLineOption input(QStringLiteral("input"),
        QStringLiteral("CSV file with date,open,high,low,close,volume."), QStringLiteral("FILE"));
    const QCommandLineOption ticker(
        QStringLiteral("ticker"), QStringLiteral("Ticker reported in the result."), QStringLiteral("T"));
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
    parser.addOptions({input, ticker, strategy, capital, config, profile});
    if (!parser.parse(QStringList {QStringLiteral("thetool analyze")} + args)) {
        err << "thetool analyze: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // helpText() names the binary's path; show the subcommand instead.
        QTextStream(stdout) << parser.helpText().replace(
            QCoreApplication::arguments().constFirst(), QStringLiteral("thetool analyze"));
        return ExitOk;
    }
    if (!parser.isSet(input) || !parser.isSet(ticker)) {
        err << "thetool analyze: --input FILE and --ticker T are required\n";
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
    const market::CsvBars csv = market::readCsvBars(parser.value(input));
    if (!csv.ok()) {
        err << "thetool analyze: " << parser.value(input) << ": " << csv.error << '\n';
        return ExitUsage;
    }
    const analysis::AnalysisResult result = analysis::analyzeBars(csv.bars, request);
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;
    out.write(QJsonDocument(report::analysisResultToJson(result)).toJson());
    if (!result.success) {
        err << "thetool analyze: " << QString::fromStdString(result.error) << '\n';
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace thetool::app

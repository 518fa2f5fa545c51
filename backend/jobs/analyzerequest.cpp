#include "backend/jobs/analyzerequest.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

#include "backend/analysis/analysisconfig.h"
#include "backend/market/period.h"
#include "backend/report/analysisjson.h"

namespace thetool::jobs {

namespace {

constexpr int maxTickers = 100;
constexpr double maxCapital = 1000000.0;
constexpr double maxBulkCapital = 10000000.0;

void refuse(AnalyzeValidation *v, const QString &field, const QString &message, const QString &type)
{
    v->errors.append(QJsonObject {{QStringLiteral("field"), field}, {QStringLiteral("message"), message},
        {QStringLiteral("type"), type}});
}

void valueError(AnalyzeValidation *v, const QString &field, const QString &message)
{
    refuse(v, field, QStringLiteral("Value error, ") + message, QStringLiteral("value_error"));
}

// Python's repr of a list of strings: ['TCS', 'INFY'].
QString pythonRepr(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items)
        quoted.append(QLatin1Char('\'') + item + QLatin1Char('\''));
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

void parseTickers(const QJsonValue &value, AnalyzeRequest *r, AnalyzeValidation *v)
{
    if (value.isUndefined() || value.isNull()) {
        refuse(v, QStringLiteral("tickers"), QStringLiteral("Field required"), QStringLiteral("missing"));
        return;
    }
    if (!value.isArray()) {
        refuse(v, QStringLiteral("tickers"), QStringLiteral("Input should be a valid list"),
            QStringLiteral("list_type"));
        return;
    }
    const QJsonArray items = value.toArray();
    if (items.isEmpty())
        return valueError(v, QStringLiteral("tickers"), QStringLiteral("tickers list cannot be empty"));
    if (items.size() > maxTickers)
        return valueError(v, QStringLiteral("tickers"),
            QStringLiteral("tickers list cannot exceed %1 items").arg(maxTickers));
    int empty = 0;
    QStringList noExchange;
    QStringList badCharacters;
    QStringList duplicates;
    // Yahoo symbols: letters, digits and a few marks (M&M.NS, BAJAJ-AUTO.NS, ^NSEI).
    static const QRegularExpression allowed(QStringLiteral("^[A-Z0-9.&_^=-]{1,32}$"));
    for (int i = 0; i < items.size(); ++i) {
        if (!items[i].isString()) {
            refuse(v, QStringLiteral("tickers.%1").arg(i), QStringLiteral("Input should be a valid string"),
                QStringLiteral("string_type"));
            return;
        }
        const QString ticker = items[i].toString().trimmed().toUpper();
        if (ticker.isEmpty()) {
            ++empty;
            continue;
        }
        if (!ticker.contains(QLatin1Char('.')))
            noExchange.append(ticker);
        else if (!allowed.match(ticker).hasMatch())
            badCharacters.append(ticker);
        else if (r->tickers.contains(ticker) && !duplicates.contains(ticker))
            duplicates.append(ticker);
        r->tickers.append(ticker);
    }
    if (empty > 0)
        valueError(v, QStringLiteral("tickers"),
            QStringLiteral("Found %1 empty ticker(s) after stripping whitespace").arg(empty));
    else if (!noExchange.isEmpty())
        valueError(v, QStringLiteral("tickers"),
            QStringLiteral(
                "Invalid ticker format (missing exchange code): %1. Expected format like TCS.NS or "
                "INFY.BO")
                .arg(pythonRepr(noExchange)));
    else if (!badCharacters.isEmpty())
        valueError(v, QStringLiteral("tickers"),
            QStringLiteral("Invalid ticker characters: %1. Use at most 32 letters, digits and . & - _ ^ =")
                .arg(pythonRepr(badCharacters)));
    else if (!duplicates.isEmpty())
        valueError(v, QStringLiteral("tickers"),
            QStringLiteral("Duplicate tickers found: %1").arg(pythonRepr(duplicates)));
}

void parseCapital(const QJsonValue &value, AnalyzeRequest *r, AnalyzeValidation *v, double limit = maxCapital,
    const QString &limitText = QStringLiteral("1,000,000"))
{
    if (value.isUndefined() || value.isNull())
        return; // FIX: null is the default
    double capital = 0;
    bool ok = value.isDouble();
    if (ok) {
        capital = value.toDouble();
    } else if (value.isString()) {
        capital = value.toString().trimmed().toDouble(&ok); // a numeric string is coerced
    }
    if (!ok || !std::isfinite(capital)) {
        refuse(v, QStringLiteral("capital"), QStringLiteral("Input should be a valid number"),
            QStringLiteral("float_parsing"));
        return;
    }
    if (capital <= 0)
        return valueError(v, QStringLiteral("capital"), QStringLiteral("capital must be positive"));
    if (capital > limit)
        return valueError(
            v, QStringLiteral("capital"), QStringLiteral("capital cannot exceed %1").arg(limitText));
    r->capital = capital;
}

void parseStrategy(const QJsonValue &value, AnalyzeRequest *r, AnalyzeValidation *v)
{
    // The original casts with int(): a failed cast or a value below 1 becomes 1 (KEEP).
    int id = 1;
    if (value.isDouble()) {
        // Clamped before the cast (a double out of int's range is undefined behaviour); Python's
        // int() gives the same verdicts: 6 and above are refused, below 1 becomes 1.
        const double number = value.toDouble();
        id = !(number < 6) ? 6 : number < 1 ? 0 : static_cast<int>(number);
    } else if (value.isString()) {
        bool ok = false;
        id = value.toString().trimmed().toInt(&ok);
        if (!ok)
            id = 1;
    }
    if (id < 1)
        id = 1;
    if (id > 5) // spec bug 25 FIX: refused instead of stored and run as Strategy 1
        return valueError(
            v, QStringLiteral("strategy_id"), QStringLiteral("strategy_id must be between 1 and 5"));
    r->strategyId = id;
}

bool parseBool(const QJsonObject &body, const QString &key, bool *out, AnalyzeValidation *v)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isBool()) {
        refuse(v, key, QStringLiteral("Input should be a valid boolean"), QStringLiteral("bool_type"));
        return false;
    }
    *out = value.toBool();
    return true;
}

void parseConfig(const QJsonObject &body, AnalyzeRequest *r, AnalyzeValidation *v)
{
    const QJsonValue profile = body.value(QStringLiteral("formula_profile"));
    if (!profile.isUndefined() && !profile.isNull()) {
        const QString name = profile.toString();
        if (name != QLatin1String("classic") && name != QLatin1String("standard"))
            valueError(v, QStringLiteral("formula_profile"),
                QStringLiteral("formula_profile must be 'classic' or 'standard'"));
        else
            r->formulaProfile = name;
    }
    const QJsonValue period = body.value(QStringLiteral("data_period"));
    if (!period.isUndefined() && !period.isNull()
        && (!period.isString() || !market::Period::parse(period.toString())))
        valueError(v, QStringLiteral("data_period"),
            QStringLiteral("data_period must be like 100d, 200d, 6mo or 2y"));

    // The original copies these keys straight into analysis_config; nulls mean "default".
    static const char *const keys[] = {"capital", "risk_percent", "position_size_limit", "risk_reward_ratio",
        "data_period", "use_demo_data", "category_weights", "enabled_indicators"};
    for (const char *key : keys) {
        const QString name = QString::fromLatin1(key);
        const QJsonValue value = body.value(name);
        if (!value.isUndefined() && !value.isNull())
            r->analysisConfig.insert(name, name == QLatin1String("capital") ? QJsonValue(r->capital) : value);
    }
    analysis::AnalysisConfig parsed;
    QString error;
    if (!report::parseAnalysisConfig(
            QJsonDocument(r->analysisConfig).toJson(QJsonDocument::Compact), parsed, &error))
        valueError(v, QStringLiteral("analysis_config"), error);
}

} // namespace

void parseSymbols(const QJsonValue &value, const QStringList &universe, BulkRequest *r, AnalyzeValidation *v)
{
    if (value.isUndefined() || value.isNull() || (value.isArray() && value.toArray().isEmpty())) {
        r->analyze.tickers = universe;
        r->wholeUniverse = true;
        return;
    }
    if (!value.isArray()) {
        refuse(v, QStringLiteral("symbols"), QStringLiteral("Input should be a valid list"),
            QStringLiteral("list_type"));
        return;
    }
    static const QRegularExpression allowed(QStringLiteral("^[A-Z0-9.&_^=-]{1,32}$"));
    QStringList bad;
    const QJsonArray items = value.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items[i].isString()) {
            refuse(v, QStringLiteral("symbols.%1").arg(i), QStringLiteral("Input should be a valid string"),
                QStringLiteral("string_type"));
            return;
        }
        const QString symbol = items[i].toString().trimmed().toUpper();
        if (symbol.isEmpty() || r->analyze.tickers.contains(symbol))
            continue; // a job stores each symbol once
        if (!allowed.match(symbol).hasMatch())
            bad.append(symbol);
        r->analyze.tickers.append(symbol);
    }
    if (!bad.isEmpty())
        valueError(v, QStringLiteral("symbols"),
            QStringLiteral("Invalid symbol characters: %1. Use at most 32 letters, digits and . & - _ ^ =")
                .arg(pythonRepr(bad.mid(0, 10))));
    else if (r->analyze.tickers.isEmpty())
        valueError(v, QStringLiteral("symbols"), QStringLiteral("symbols list holds only empty names"));
}

QString pythonJsonList(QStringList tickers)
{
    std::sort(tickers.begin(), tickers.end());
    QStringList quoted;
    for (const QString &ticker : tickers) {
        // A one-element array gives JSON's string escaping; strip the brackets.
        const QByteArray json = QJsonDocument(QJsonArray {ticker}).toJson(QJsonDocument::Compact);
        quoted.append(QString::fromUtf8(json.mid(1, json.size() - 2)));
    }
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString AnalyzeRequest::tickersJson() const
{
    return pythonJsonList(tickers);
}

QJsonObject AnalyzeRequest::jobConfig() const
{
    return {{QStringLiteral("capital"), capital}, {QStringLiteral("strategy_id"), strategyId},
        {QStringLiteral("use_demo_data"), useDemoData}, {QStringLiteral("formula_profile"), formulaProfile},
        {QStringLiteral("analysis_config"), analysisConfig}};
}

AnalyzeRequest parseAnalyzeRequest(const QJsonObject &body, AnalyzeValidation *validation)
{
    AnalyzeRequest r;
    parseTickers(body.value(QStringLiteral("tickers")), &r, validation);
    parseCapital(body.value(QStringLiteral("capital")), &r, validation);
    parseStrategy(body.value(QStringLiteral("strategy_id")), &r, validation);
    parseBool(body, QStringLiteral("force"), &r.force, validation);
    parseBool(body, QStringLiteral("use_demo_data"), &r.useDemoData, validation);
    parseConfig(body, &r, validation);
    return r;
}

BulkRequest parseBulkRequest(
    const QJsonObject &body, const QStringList &universe, AnalyzeValidation *validation)
{
    BulkRequest r;
    parseSymbols(body.value(QStringLiteral("symbols")), universe, &r, validation);
    parseCapital(body.value(QStringLiteral("capital")), &r.analyze, validation, maxBulkCapital,
        QStringLiteral("10,000,000"));
    parseStrategy(body.value(QStringLiteral("strategy_id")), &r.analyze, validation);
    parseBool(body, QStringLiteral("force"), &r.analyze.force, validation);
    parseBool(body, QStringLiteral("use_demo_data"), &r.analyze.useDemoData, validation);
    const QJsonValue workers = body.value(QStringLiteral("max_workers"));
    if (!workers.isUndefined() && !workers.isNull()) {
        if (!workers.isDouble() || workers.toDouble() != std::floor(workers.toDouble())
            || workers.toDouble() < 1 || workers.toDouble() > 10)
            valueError(validation, QStringLiteral("max_workers"),
                QStringLiteral("max_workers must be between 1 and 10"));
        else
            r.maxWorkers = workers.toInt();
    }
    parseConfig(body, &r.analyze, validation);
    // The original also keeps the strategy in a bulk job's analysis_config.
    r.analyze.analysisConfig.insert(QStringLiteral("strategy_id"), r.analyze.strategyId);
    return r;
}

QString bulkTickersJson(const AnalyzeRequest &request)
{
    if (request.tickers.size() <= 100)
        return pythonJsonList(request.tickers);
    return QStringLiteral(R"({"type": "bulk", "count": %1, "strategy_id": %2})")
        .arg(request.tickers.size())
        .arg(request.strategyId);
}

bool analyzeRequestFromJobConfig(const QJsonObject &config, const QStringList &tickers, AnalyzeRequest *out)
{
    if (!config.value(QStringLiteral("analysis_config")).isObject())
        return false;
    out->tickers = tickers;
    out->capital = config.value(QStringLiteral("capital")).toDouble(100000.0);
    out->strategyId = config.value(QStringLiteral("strategy_id")).toInt(1);
    out->useDemoData = config.value(QStringLiteral("use_demo_data")).toBool();
    out->formulaProfile = config.value(QStringLiteral("formula_profile")).toString(QStringLiteral("classic"));
    out->analysisConfig = config.value(QStringLiteral("analysis_config")).toObject();
    return true;
}

} // namespace thetool::jobs

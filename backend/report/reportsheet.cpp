#include "backend/report/reportsheet.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

#include "backend/report/resultjson.h"

namespace thetool::report {

namespace {

QList<ReportCell> labelled(const char *label, ReportCell value)
{
    return {ReportCell::ofText(QLatin1String(label)), std::move(value)};
}

// An indicator field: numbers as numbers, text as text, anything else empty (the original
// failed on a missing field; a report with a gap is more useful).
ReportCell cellOf(const QJsonValue &value)
{
    if (value.isDouble())
        return ReportCell::ofNumber(value.toDouble());
    if (value.isString())
        return ReportCell::ofText(value.toString());
    if (value.isBool())
        return ReportCell::ofText(value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    return ReportCell::empty();
}

} // namespace

ReportCell ReportCell::ofText(const QString &text)
{
    ReportCell cell;
    cell.kind = Kind::Text;
    cell.text = escapeSpreadsheetText(text);
    return cell;
}

ReportCell ReportCell::ofNumber(double value)
{
    if (!std::isfinite(value))
        return empty();
    ReportCell cell;
    cell.kind = Kind::Number;
    cell.number = value;
    return cell;
}

ReportSheet ReportSheet::fromResult(const repo::ResultRow &row)
{
    ReportSheet sheet;
    sheet.rows = {
        {ReportCell::ofText(QStringLiteral("Trading Signal Analysis Report"))},
        {},
        labelled("Ticker", ReportCell::ofText(row.ticker)),
        labelled("Verdict", ReportCell::ofText(row.verdict)),
        labelled("Score", ReportCell::ofNumber(row.score)),
        {},
        labelled("Entry", ReportCell::ofNumber(row.entry)),
        labelled("Stop Loss", ReportCell::ofNumber(row.stopLoss)),
        labelled("Target", ReportCell::ofNumber(row.target)),
        {},
        {ReportCell::ofText(QStringLiteral("Indicator")), ReportCell::ofText(QStringLiteral("Vote")),
            ReportCell::ofText(QStringLiteral("Confidence")), ReportCell::ofText(QStringLiteral("Category"))},
    };
    for (const QJsonValue &item : storedIndicators(row)) {
        const QJsonObject indicator = item.toObject();
        sheet.rows.append(
            {cellOf(indicator.value(QStringLiteral("name"))), cellOf(indicator.value(QStringLiteral("vote"))),
                cellOf(indicator.value(QStringLiteral("confidence"))),
                cellOf(indicator.value(QStringLiteral("category")))});
    }
    return sheet;
}

QString escapeSpreadsheetText(const QString &text)
{
    if (text.isEmpty())
        return text;
    switch (text.front().unicode()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return QLatin1Char('\'') + text;
    default:
        return text;
    }
}

} // namespace thetool::report

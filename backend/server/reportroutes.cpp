#include "backend/server/reportroutes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>

#include "backend/http/httpresponse.h"
#include "backend/http/router.h"
#include "backend/repo/resultrepository.h"
#include "backend/report/reportcsv.h"
#include "backend/report/reportfilename.h"
#include "backend/report/reportsheet.h"
#include "backend/report/reportworkbook.h"
#include "backend/report/resultjson.h"
#include "backend/server/dbhttperror.h"
#include "backend/server/servercontext.h"

namespace thetool::server {

namespace {

Q_LOGGING_CATEGORY(lcReports, "thetool.reports")

constexpr int historyLimit = 50; // spec §2.2

// The ticker as the client wrote it (the original echoes it), refused when blank.
QString tickerOf(const http::HttpRequest &request)
{
    const QString ticker = request.pathParam(QStringLiteral("ticker")).trimmed();
    if (ticker.isEmpty())
        throw http::ApiError(400, QStringLiteral("INVALID_TICKER"), QStringLiteral("Ticker is required"));
    return ticker;
}

repo::ResultRow latestOrNotFound(db::Database &database, const QString &ticker)
{
    std::optional<repo::ResultRow> row;
    throwIfFailed(repo::ResultRepository(database).latestByTicker(ticker, &row));
    if (!row)
        throw http::ApiError(
            404, QStringLiteral("REPORT_NOT_FOUND"), QStringLiteral("No analysis found for %1").arg(ticker));
    return *row;
}

http::HttpResponse attachment(QByteArray body, const QByteArray &contentType, const QString &fileName)
{
    http::HttpResponse response;
    response.contentType = contentType;
    response.body = std::move(body);
    // reportFileName keeps to [A-Za-z0-9._&-]: nothing to quote or encode.
    response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName.toLatin1() + '"');
    return response;
}

} // namespace

void addReportRoutes(http::Router &router, const ServerContext &context)
{
    db::Database *database = &context.database;
    const http::Access read = http::Access::needs(http::Scope::Read);

    router.add(
        "GET", QStringLiteral("/api/analysis/history/{ticker}"),
        [database](const http::HttpRequest &request) {
            const QString ticker = tickerOf(request);
            QList<repo::ResultRow> rows;
            throwIfFailed(repo::ResultRepository(*database).listByTicker(ticker, historyLimit, &rows));
            QJsonArray history;
            for (const repo::ResultRow &row : std::as_const(rows))
                history.append(report::historyEntryJson(row));
            return http::HttpResponse::json(
                QJsonObject {{QStringLiteral("ticker"), ticker}, {QStringLiteral("history"), history}});
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/analysis/report/{ticker}"),
        [database](const http::HttpRequest &request) {
            const QString ticker = tickerOf(request);
            return http::HttpResponse::json(report::reportJson(ticker, latestOrNotFound(*database, ticker)));
        },
        read);

    router.add(
        "GET", QStringLiteral("/api/analysis/report/{ticker}/download"),
        [database](const http::HttpRequest &request) {
            const QString ticker = tickerOf(request);
            const QString format =
                request.queryValue(QStringLiteral("format"), QStringLiteral("xlsx")).toLower();
            if (format != QLatin1String("xlsx") && format != QLatin1String("csv"))
                throw http::ApiError(400, QStringLiteral("VALIDATION_ERROR"),
                    QStringLiteral("format must be xlsx or csv"),
                    {{QStringLiteral("format"), request.queryValue(QStringLiteral("format"))}});
            const repo::ResultRow row = latestOrNotFound(*database, ticker);
            const report::ReportSheet sheet = report::ReportSheet::fromResult(row);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (format == QLatin1String("csv"))
                return attachment(report::reportSheetCsv(sheet), "text/csv; charset=utf-8",
                    report::reportFileName(row.ticker, QStringLiteral("csv"), now));
            QString error;
            QByteArray workbook = report::ReportWorkbook::write(sheet, &error);
            if (workbook.isEmpty()) {
                qCWarning(lcReports).noquote() << "XLSX export failed:" << error;
                throw http::ApiError(500, QStringLiteral("EXPORT_FAILED"),
                    QStringLiteral("The report file could not be written"));
            }
            return attachment(std::move(workbook),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                report::reportFileName(row.ticker, QStringLiteral("xlsx"), now));
        },
        read);
}

} // namespace thetool::server

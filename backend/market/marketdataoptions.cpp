#include "backend/market/marketdataoptions.h"

#include <QUrl>

namespace thetool::market {

QString checkMarketDataUrl(const QString &url)
{
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    if (!parsed.isValid()
        || (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
        || parsed.host().isEmpty() || parsed.hasQuery())
        return QStringLiteral("expected an http:// or https:// URL such as https://query1.finance.yahoo.com");
    return {};
}

MarketDataOptions marketDataOptionsFromEnvironment(QString *error)
{
    MarketDataOptions options;
    const QString url = qEnvironmentVariable("MARKET_DATA_URL").trimmed();
    if (!url.isEmpty()) {
        const QString problem = checkMarketDataUrl(url);
        if (!problem.isEmpty()) {
            *error = QStringLiteral("MARKET_DATA_URL: ") + problem;
            return options;
        }
        options.baseUrl = url;
    }
    const QString rows = qEnvironmentVariable("MAX_IMPORT_ROWS").trimmed();
    if (!rows.isEmpty()) {
        bool ok = false;
        const qint64 n = rows.toLongLong(&ok);
        if (!ok || n < 1 || n > 100000000) {
            *error = QStringLiteral("MAX_IMPORT_ROWS: expected a whole number from 1 to 100000000");
            return options;
        }
        options.maxImportRows = n;
    }
    return options;
}

} // namespace thetool::market

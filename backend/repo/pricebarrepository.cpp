#include "backend/repo/pricebarrepository.h"

#include <QDate>

#include <algorithm>
#include <cmath>

#include "backend/repo/sqlsupport.h"

namespace thetool::repo {

namespace {

QString dateText(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<QDate>())
        return value.toDate().toString(Qt::ISODate);
    return value.toString();
}

} // namespace

db::DbError PriceBarRepository::replaceWindow(const QString &symbol, const QList<PriceBarRow> &bars)
{
    if (bars.isEmpty())
        return {};
    const auto [first, last] = std::minmax_element(bars.cbegin(), bars.cend(),
        [](const PriceBarRow &a, const PriceBarRow &b) { return a.date < b.date; });
    return inTransaction(m_database, [&](QSqlQuery &query) -> db::DbError {
        if (db::DbError e = execBound(m_database, query,
                QStringLiteral("DELETE FROM price_bars WHERE symbol = ? AND date >= ? AND date <= ?"),
                {text(symbol), first->date, last->date}))
            return e;
        for (const PriceBarRow &bar : bars) {
            if (db::DbError e = execBound(m_database, query,
                    QStringLiteral(
                        "INSERT INTO price_bars (symbol, date, open, high, low, close, adj_close, volume, "
                        "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {text(symbol), bar.date, bar.open, bar.high, bar.low, bar.close,
                        std::isnan(bar.adjClose) ? QVariant(QMetaType::fromType<double>())
                                                 : QVariant(bar.adjClose),
                        bar.volume, text(bar.source)}))
                return e;
        }
        return {};
    });
}

db::DbError PriceBarRepository::list(
    const QString &symbol, const QString &fromDate, const QString &toDate, QList<PriceBarRow> *out)
{
    out->clear();
    QString sql = QStringLiteral("SELECT date, open, high, low, close, adj_close, volume, source, fetched_at "
                                 "FROM price_bars WHERE symbol = ? ");
    QVariantList binds {text(symbol)};
    if (!fromDate.isEmpty()) {
        sql += QStringLiteral("AND date >= ? ");
        binds.append(fromDate);
    }
    if (!toDate.isEmpty()) {
        sql += QStringLiteral("AND date <= ? ");
        binds.append(toDate);
    }
    sql += QStringLiteral("ORDER BY date");
    return runBound(
        m_database, sql, binds,
        [out](const QSqlQuery &row) {
            PriceBarRow b;
            b.date = dateText(row.value(0));
            b.open = row.value(1).toDouble();
            b.high = row.value(2).toDouble();
            b.low = row.value(3).toDouble();
            b.close = row.value(4).toDouble();
            b.adjClose = row.value(5).isNull() ? qQNaN() : row.value(5).toDouble();
            b.volume = row.value(6).toLongLong();
            b.source = row.value(7).toString();
            b.fetchedAt = timestampText(row.value(8));
            out->append(b);
        },
        db::Database::Retry::Idempotent);
}

} // namespace thetool::repo

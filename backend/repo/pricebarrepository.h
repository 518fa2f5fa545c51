#pragma once

#include <QList>
#include <QString>

#include "backend/db/database.h"

namespace thetool::repo {

// One daily bar of price_bars; `date` is "YYYY-MM-DD", adjClose NaN when unknown.
struct PriceBarRow {
    QString date;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double adjClose = qQNaN();
    qint64 volume = 0;
    QString source;
    QString fetchedAt;
};

class PriceBarRepository
{
public:
    explicit PriceBarRepository(db::Database &database)
        : m_database(database)
    { }

    // Replaces `symbol`'s bars from the first to the last date of `bars` with `bars`, in one
    // transaction (a refresh rewrites history after splits). Two bars of one date →
    // UniqueViolation, and nothing changes.
    db::DbError replaceWindow(const QString &symbol, const QList<PriceBarRow> &bars);
    // Bars of `symbol` between the dates (inclusive; empty = open), oldest first.
    db::DbError list(
        const QString &symbol, const QString &fromDate, const QString &toDate, QList<PriceBarRow> *out);

private:
    db::Database &m_database;
};

} // namespace thetool::repo

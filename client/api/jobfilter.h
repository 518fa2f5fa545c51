#pragma once

#include <QDateTime>
#include <QString>
#include <QUrlQuery>

namespace thetool::client {

// The filters and keyset cursor of GET /api/jobs. Empty fields are not sent.
struct JobFilter {
    QString status; // queued, processing, completed, failed, cancelled
    QString kind; // analysis, bulk_analysis, backtest, cleanup
    QString ticker;
    QString correlationId;
    QDateTime createdFrom; // inclusive
    QDateTime createdTo;
    int limit = 0; // 0: the server's default (50); 1..500
    QString cursor; // the previous page's nextCursor

    QUrlQuery toQuery() const;
};

} // namespace thetool::client

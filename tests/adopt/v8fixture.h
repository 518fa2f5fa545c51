#pragma once

#include <QString>

class QSqlDatabase;

namespace thetool::test {

// Builds a TheTool v8 database the way the Python backend left it (spec §5.1, §5.3): its DDL,
// and rows written with its clocks (§0.4): jobs' created/updated/completed_at as UTC
// wall-clock, jobs' started_at and results' timestamps as IST wall-clock, all in TIMESTAMP
// WITHOUT TIME ZONE columns (the "+05:30" of the ISO strings is dropped by PostgreSQL).
class V8Fixture
{
public:
    enum class Shape {
        Complete, // init_db plus migrations v1-v8, and the dormant api_keys tables with a key
        HalfApplied, // stopped after v5's predecessor: no tickers_json, job_id, strategy_id, notes...
        PreV4, // watchlist still has v1's `symbol` instead of `ticker`
    };

    // Creates the tables and rows on `db` (an open QPSQL connection); false with `error` set.
    static bool build(QSqlDatabase &db, Shape shape, QString *error);
};

} // namespace thetool::test

#pragma once

#include <QStringList>

#include <memory>

namespace thetool::db {
class Database;
}

namespace thetool::app {

// `thetool import-csv FILE.csv --symbol T`: bars into price_bars (cmd_importcsv.cpp).
int runImportCsv(const QStringList &args);
// `thetool bars --symbol T`: stored, fetched or demo bars as CSV (cmd_bars.cpp).
int runBars(const QStringList &args);

// The process's database with the bundled migrations applied; on failure null, with one
// line in `error` (marketdatabase.cpp).
std::unique_ptr<db::Database> openMigratedDatabase(QString *error);

} // namespace thetool::app

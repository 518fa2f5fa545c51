#pragma once

#include <QString>

#include "backend/db/database.h"

namespace thetool::market {

// What an import did, or why it did nothing.
struct CsvImportResult {
    qint64 rows = 0;
    QString firstDate;
    QString lastDate;
    QString error; // empty on success; nothing is stored when set

    bool ok() const { return error.isEmpty(); }
};

// Streams a CSV file (CsvBarReader) into price_bars for one symbol inside one transaction,
// in bounded memory whatever the file's size: rows are inserted as they are read, existing
// rows of the same dates replaced. All or nothing: a bad line, a row with an empty price, or
// more than `maxRows` rows rolls the whole import back with a message naming the line.
class CsvImporter
{
public:
    CsvImporter(db::Database &database, qint64 maxRows);
    CsvImportResult importFile(
        const QString &path, const QString &symbol, const QString &source = QStringLiteral("csv"));

private:
    db::Database &m_database;
    qint64 m_maxRows;
};

} // namespace thetool::market

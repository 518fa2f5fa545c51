#include "backend/market/csvimporter.h"

#include <QDateTime>
#include <QFile>
#include <QSqlQuery>

#include <cmath>

#include "backend/market/csvbarreader.h"

namespace thetool::market {

namespace {

using db::DbError;

} // namespace

CsvImporter::CsvImporter(db::Database &database, qint64 maxRows)
    : m_database(database)
    , m_maxRows(maxRows)
{ }

CsvImportResult CsvImporter::importFile(const QString &path, const QString &rawSymbol, const QString &source)
{
    CsvImportResult result;
    const QString symbol = rawSymbol.trimmed().toUpper();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    const QString fetchedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const bool sqlite = m_database.dialect() == db::Dialect::Sqlite;
    QString inputError;
    const DbError error = m_database.run([&](QSqlDatabase &connection) {
        QSqlQuery control(connection);
        if (DbError e = m_database.exec(
                control, sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")))
            return e;
        auto rollback = [&] {
            QSqlQuery query(connection);
            m_database.exec(query, QStringLiteral("ROLLBACK"));
        };
        QSqlQuery insert(connection);
        if (DbError e = m_database.prepare(insert,
                QStringLiteral(
                    "INSERT INTO price_bars (symbol, date, open, high, low, close, adj_close, volume, "
                    "source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (symbol, date) DO UPDATE SET open = excluded.open, "
                    "high = excluded.high, low = excluded.low, close = excluded.close, "
                    "adj_close = excluded.adj_close, volume = excluded.volume, "
                    "source = excluded.source, fetched_at = excluded.fetched_at"))) {
            rollback();
            return e;
        }
        CsvBarReader reader(&file);
        CsvBarRow row;
        while (reader.next(row)) {
            if (++result.rows > m_maxRows) {
                inputError =
                    QStringLiteral("%1 has more than MAX_IMPORT_ROWS (%2) rows (line %3); nothing was "
                                   "imported: split the file or raise MAX_IMPORT_ROWS")
                        .arg(path)
                        .arg(m_maxRows)
                        .arg(reader.lineNumber());
                break;
            }
            for (const auto &[name, value] :
                {std::pair {"open", row.open}, std::pair {"high", row.high}, std::pair {"low", row.low},
                    std::pair {"close", row.close}, std::pair {"volume", row.volume}}) {
                if (!std::isfinite(value) || value < 0) {
                    inputError =
                        QStringLiteral("line %1: %2 is empty or negative; every imported row needs all "
                                       "of open, high, low, close and volume")
                            .arg(reader.lineNumber())
                            .arg(QLatin1String(name));
                    break;
                }
            }
            if (!inputError.isEmpty())
                break;
            const QString date = QString::fromStdString(row.date);
            if (result.firstDate.isEmpty())
                result.firstDate = date;
            result.lastDate = date;
            insert.bindValue(0, symbol);
            insert.bindValue(1, date);
            insert.bindValue(2, row.open);
            insert.bindValue(3, row.high);
            insert.bindValue(4, row.low);
            insert.bindValue(5, row.close);
            insert.bindValue(6, row.close);
            insert.bindValue(7, static_cast<qint64>(std::llround(row.volume)));
            insert.bindValue(8, source);
            insert.bindValue(9, fetchedAt);
            if (DbError e = m_database.exec(insert)) {
                rollback();
                return e;
            }
        }
        if (inputError.isEmpty() && !reader.ok())
            inputError = reader.error();
        if (inputError.isEmpty() && result.rows == 0)
            inputError = QStringLiteral("%1 has a header but no rows").arg(path);
        if (!inputError.isEmpty()) {
            rollback();
            return DbError();
        }
        QSqlQuery commit(connection);
        if (DbError e = m_database.exec(commit, QStringLiteral("COMMIT"))) {
            rollback();
            return e;
        }
        return DbError();
    });
    if (error)
        result.error = QStringLiteral("database: %1").arg(error.message);
    else
        result.error = inputError;
    if (!result.ok())
        result.rows = 0;
    return result;
}

} // namespace thetool::market

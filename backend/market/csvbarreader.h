#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <string>

class QIODevice;

namespace thetool::market {

// One daily bar as read from a CSV row.
struct CsvBarRow {
    std::string date; // "YYYY-MM-DD" (the local date of a timestamp with time and offset)
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

// Reads daily OHLCV rows from a CSV stream one at a time, so a file of any size is read in
// bounded memory: yfinance style (`Date,Open,High,Low,Close,Volume,Dividends,Stock Splits`,
// dates like `2025-08-28 00:00:00+05:30`) or plain `date,open,high,low,close,volume`; header
// names in any case (`datetime`/`timestamp` for the date), extra columns ignored, blank lines
// and `#` comments skipped. Empty cells, `nan` and `null` read as NaN (the analysis validator
// judges them). A bad number or date, a short row, or a date not after the previous one is an
// error naming the line.
class CsvBarReader
{
public:
    explicit CsvBarReader(QIODevice *device);

    // The next row; false at the end or on an error (then error() is set).
    bool next(CsvBarRow &row);
    const QString &error() const { return m_error; }
    bool ok() const { return m_error.isEmpty(); }
    // The number of the line last read (1-based).
    qint64 lineNumber() const { return m_lineNumber; }

private:
    bool readHeader(const QStringList &cells);
    bool parseRow(const QStringList &cells, CsvBarRow &row);

    QIODevice *m_device;
    QString m_error;
    qint64 m_lineNumber = 0;
    bool m_haveHeader = false;
    std::array<qsizetype, 6> m_index {};
    std::string m_previousDate;
    QByteArray m_buffer;
};

} // namespace thetool::market

#pragma once

#include <QString>

#include "backend/analysis/bars.h"

namespace thetool::market {

// Bars read from a CSV file, or why they could not be read.
struct CsvBars {
    analysis::Bars bars;
    QString error; // empty on success; otherwise one readable line naming the line number

    bool ok() const { return error.isEmpty(); }
};

// Reads daily OHLCV bars from CSV text (all rows in memory; CsvBarReader streams): yfinance style
// (`Date,Open,High,Low,Close,Volume, Dividends,Stock Splits`, dates like `2025-08-28 00:00:00+05:30`) or
// plain `date,open,high,low,close,volume`, header names in any case, extra columns ignored. Empty cells and
// `nan` read as NaN (the analysis validator judges them); text that is not a number, a bad date, or dates not
// strictly ascending are errors with the line number.
CsvBars parseCsvBars(const QByteArray &text);
CsvBars readCsvBars(const QString &path);
// Bars as plain CSV (`date,open,high,low,close,volume`), numbers in their shortest form that
// reads back to the same double, so equal bars give equal bytes.
QByteArray formatCsvBars(const analysis::Bars &bars);

} // namespace thetool::market

#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace thetool::market {

// One row of the bundled NSE universe (resources/nse_stocks.csv, spec §2.3).
struct NseStock {
    QString symbol; // "RELIANCE", "M&M"
    QString name; // "Reliance Industries Limited"
    QString yahooSymbol; // "RELIANCE.NS"
};

// The 2,192 NSE equities compiled into the binary (:/resources/nse_stocks.csv), in file
// order. Read-only after construction, so one instance is shared by every thread.
class NseUniverse
{
public:
    // The bundled list, parsed once on first use.
    static const NseUniverse &bundled();
    // Parses `csv` (header symbol,name,yahoo_symbol; plain comma-separated lines as the
    // original reads them, spec §2.3 /nse); `error` gets the first problem, if any.
    static NseUniverse parse(const QByteArray &csv, QString *error = nullptr);

    const QList<NseStock> &stocks() const { return m_stocks; }
    qsizetype size() const { return m_stocks.size(); }
    bool isEmpty() const { return m_stocks.isEmpty(); }
    // By symbol or Yahoo symbol ("m&m", "M&M.NS"), case-insensitive; nullptr if unknown.
    const NseStock *find(const QString &symbol) const;
    // Rows whose symbol or name contains `text`, case-insensitive, in file order; all rows
    // for an empty `text`.
    QList<NseStock> search(const QString &text) const;

private:
    QList<NseStock> m_stocks;
    QHash<QString, qsizetype> m_index; // upper-cased symbol and yahoo symbol -> row
};

} // namespace thetool::market

#include "backend/market/nseuniverse.h"

#include <QFile>

namespace thetool::market {

const NseUniverse &NseUniverse::bundled()
{
    static const NseUniverse universe = [] {
        QFile file(QStringLiteral(":/resources/nse_stocks.csv"));
        if (!file.open(QIODevice::ReadOnly))
            return NseUniverse();
        return parse(file.readAll());
    }();
    return universe;
}

NseUniverse NseUniverse::parse(const QByteArray &csv, QString *error)
{
    NseUniverse out;
    const QList<QByteArray> lines = csv.split('\n');
    int lineNumber = 0;
    for (const QByteArray &raw : lines) {
        ++lineNumber;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || (lineNumber == 1 && line.startsWith(QLatin1String("symbol,"))))
            continue;
        const QStringList fields = line.split(QLatin1Char(','));
        if (fields.size() < 3 || fields.at(0).trimmed().isEmpty()) {
            if (error && error->isEmpty())
                *error = QStringLiteral("line %1: expected symbol,name,yahoo_symbol").arg(lineNumber);
            continue;
        }
        NseStock stock {fields.at(0).trimmed(), fields.at(1).trimmed(), fields.at(2).trimmed()};
        const qsizetype row = out.m_stocks.size();
        out.m_index.insert(stock.symbol.toUpper(), row);
        if (!stock.yahooSymbol.isEmpty())
            out.m_index.insert(stock.yahooSymbol.toUpper(), row);
        out.m_stocks.append(std::move(stock));
    }
    return out;
}

const NseStock *NseUniverse::find(const QString &symbol) const
{
    const auto it = m_index.constFind(symbol.trimmed().toUpper());
    return it == m_index.constEnd() ? nullptr : &m_stocks.at(*it);
}

QList<NseStock> NseUniverse::search(const QString &text) const
{
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return m_stocks;
    QList<NseStock> out;
    for (const NseStock &stock : m_stocks) {
        if (stock.symbol.contains(needle, Qt::CaseInsensitive)
            || stock.name.contains(needle, Qt::CaseInsensitive))
            out.append(stock);
    }
    return out;
}

} // namespace thetool::market

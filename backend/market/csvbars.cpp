#include "backend/market/csvbars.h"

#include <QBuffer>
#include <QFile>

#include <charconv>
#include <cmath>

#include "backend/market/csvbarreader.h"

namespace thetool::market {

namespace {

CsvBars readAll(QIODevice *device)
{
    CsvBars result;
    CsvBarReader reader(device);
    CsvBarRow row;
    while (reader.next(row)) {
        result.bars.dates.push_back(row.date);
        result.bars.open.push_back(row.open);
        result.bars.high.push_back(row.high);
        result.bars.low.push_back(row.low);
        result.bars.close.push_back(row.close);
        result.bars.volume.push_back(row.volume);
    }
    result.error = reader.error();
    return result;
}

void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("nan");
        return;
    }
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, static_cast<qsizetype>(end.ptr - buffer));
}

} // namespace

CsvBars parseCsvBars(const QByteArray &text)
{
    QByteArray copy = text;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return readAll(&buffer);
}

CsvBars readCsvBars(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        CsvBars result;
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    return readAll(&file);
}

QByteArray formatCsvBars(const analysis::Bars &bars)
{
    QByteArray out("date,open,high,low,close,volume\n");
    for (std::size_t i = 0; i < bars.size(); ++i) {
        out.append(bars.dates[i].data(), static_cast<qsizetype>(bars.dates[i].size()));
        for (const double value : {bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]}) {
            out.append(',');
            appendNumber(out, value);
        }
        out.append('\n');
    }
    return out;
}

} // namespace thetool::market

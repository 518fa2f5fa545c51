#include "backend/market/csvbars.h"

#include <QFile>
#include <QList>
#include <QRegularExpression>

#include <array>
#include <cmath>
#include <limits>

namespace thetool::market {

namespace {

constexpr std::array<const char *, 6> kColumns = {"date", "open", "high", "low", "close", "volume"};

QStringList splitLine(const QString &line)
{
    QStringList cells = line.split(QLatin1Char(','));
    for (QString &cell : cells) {
        cell = cell.trimmed();
        if (cell.size() >= 2 && cell.startsWith(QLatin1Char('"')) && cell.endsWith(QLatin1Char('"')))
            cell = cell.mid(1, cell.size() - 2).trimmed();
    }
    return cells;
}

bool parseNumber(const QString &cell, double &value)
{
    if (cell.isEmpty() || cell.compare(QLatin1String("nan"), Qt::CaseInsensitive) == 0
        || cell.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
        value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    bool ok = false;
    value = cell.toDouble(&ok);
    return ok && std::isfinite(value);
}

} // namespace

CsvBars parseCsvBars(const QByteArray &text)
{
    CsvBars result;
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    int headerLine = -1;
    std::array<qsizetype, 6> index {};
    static const QRegularExpression datePattern(QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})([ T].*)?$"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines[i];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        const int lineNo = static_cast<int>(i) + 1;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cells = splitLine(line);
        if (headerLine < 0) {
            headerLine = lineNo;
            for (std::size_t c = 0; c < kColumns.size(); ++c) {
                index[c] = -1;
                for (qsizetype k = 0; k < cells.size(); ++k) {
                    const QString name = cells[k].toLower();
                    if (name == QLatin1String(kColumns[c])
                        || (c == 0
                            && (name == QLatin1String("datetime") || name == QLatin1String("timestamp")))) {
                        index[c] = k;
                        break;
                    }
                }
                if (index[c] < 0) {
                    result.error = QStringLiteral(
                        "line %1: header has no '%2' column (expected date,open,high,low,close,volume)")
                                       .arg(lineNo)
                                       .arg(QLatin1String(kColumns[c]));
                    return result;
                }
            }
            continue;
        }
        std::array<double, 5> values {};
        QString date;
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            if (index[c] >= cells.size()) {
                result.error =
                    QStringLiteral("line %1: %2 fields, the header has more").arg(lineNo).arg(cells.size());
                return result;
            }
            const QString &cell = cells[index[c]];
            if (c == 0) {
                const auto match = datePattern.match(cell);
                if (!match.hasMatch()) {
                    result.error =
                        QStringLiteral("line %1: bad date '%2' (expected YYYY-MM-DD)").arg(lineNo).arg(cell);
                    return result;
                }
                date = match.captured(1);
            } else if (!parseNumber(cell, values[c - 1])) {
                result.error = QStringLiteral("line %1: bad %2 value '%3'")
                                   .arg(lineNo)
                                   .arg(QLatin1String(kColumns[c]), cell);
                return result;
            }
        }
        auto &bars = result.bars;
        if (!bars.dates.empty()) {
            const QString previous = QString::fromStdString(bars.dates.back());
            if (date == previous) {
                result.error = QStringLiteral("line %1: duplicate date %2").arg(lineNo).arg(date);
                return result;
            }
            if (date < previous) {
                result.error =
                    QStringLiteral("line %1: date %2 comes after %3; bars must be in ascending date order")
                        .arg(lineNo)
                        .arg(date, previous);
                return result;
            }
        }
        bars.dates.push_back(date.toStdString());
        bars.open.push_back(values[0]);
        bars.high.push_back(values[1]);
        bars.low.push_back(values[2]);
        bars.close.push_back(values[3]);
        bars.volume.push_back(values[4]);
    }
    if (headerLine < 0)
        result.error = QStringLiteral("no header line (expected date,open,high,low,close,volume)");
    return result;
}

CsvBars readCsvBars(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        CsvBars result;
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    return parseCsvBars(file.readAll());
}

} // namespace thetool::market

#include "backend/market/csvbarreader.h"

#include <QDate>
#include <QIODevice>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>
#include <limits>

namespace thetool::market {

namespace {

constexpr std::array<const char *, 6> kColumns = {"date", "open", "high", "low", "close", "volume"};
// A longer line is not a bar: refuse it rather than buffer without end.
constexpr qint64 kMaxLineBytes = 64 * 1024;

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

CsvBarReader::CsvBarReader(QIODevice *device)
    : m_device(device)
{ }

bool CsvBarReader::next(CsvBarRow &row)
{
    if (!m_error.isEmpty())
        return false;
    while (!m_device->atEnd()) {
        // A reused buffer: readLine(maxSize) would allocate maxSize bytes for every line.
        if (m_buffer.size() != kMaxLineBytes + 2)
            m_buffer.resize(kMaxLineBytes + 2);
        const qint64 length = m_device->readLine(m_buffer.data(), kMaxLineBytes + 2);
        ++m_lineNumber;
        if (length < 0) {
            m_error =
                QStringLiteral("line %1: read error: %2").arg(m_lineNumber).arg(m_device->errorString());
            return false;
        }
        if (length > kMaxLineBytes && m_buffer.at(length - 1) != '\n') {
            m_error = QStringLiteral("line %1: longer than %2 bytes").arg(m_lineNumber).arg(kMaxLineBytes);
            return false;
        }
        QString line = QString::fromUtf8(m_buffer.constData(), length);
        while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (m_lineNumber == 1 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cells = splitLine(line);
        if (!m_haveHeader) {
            if (!readHeader(cells))
                return false;
            continue;
        }
        return parseRow(cells, row);
    }
    if (!m_haveHeader)
        m_error = QStringLiteral("no header line (expected date,open,high,low,close,volume)");
    return false;
}

bool CsvBarReader::readHeader(const QStringList &cells)
{
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        m_index[c] = -1;
        for (qsizetype k = 0; k < cells.size(); ++k) {
            const QString name = cells[k].toLower();
            if (name == QLatin1String(kColumns[c])
                || (c == 0 && (name == QLatin1String("datetime") || name == QLatin1String("timestamp")))) {
                m_index[c] = k;
                break;
            }
        }
        if (m_index[c] < 0) {
            m_error = QStringLiteral(
                "line %1: header has no '%2' column (expected date,open,high,low,close,volume)")
                          .arg(m_lineNumber)
                          .arg(QLatin1String(kColumns[c]));
            return false;
        }
    }
    m_haveHeader = true;
    return true;
}

bool CsvBarReader::parseRow(const QStringList &cells, CsvBarRow &row)
{
    // The date part of `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, `...+05:30`, `...T...Z`: the
    // exchange-local date the file was written with.
    static const QRegularExpression datePattern(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2})(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$"));
    std::array<double, 5> values {};
    QString date;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        if (m_index[c] >= cells.size()) {
            m_error =
                QStringLiteral("line %1: %2 fields, the header has more").arg(m_lineNumber).arg(cells.size());
            return false;
        }
        const QString &cell = cells[m_index[c]];
        if (c == 0) {
            const auto match = datePattern.match(cell);
            if (!match.hasMatch() || !QDate::fromString(match.captured(1), Qt::ISODate).isValid()) {
                m_error = QStringLiteral("line %1: bad date '%2' (expected YYYY-MM-DD, optionally with time "
                                         "and offset)")
                              .arg(m_lineNumber)
                              .arg(cell.left(64));
                return false;
            }
            date = match.captured(1);
        } else if (!parseNumber(cell, values[c - 1])) {
            m_error = QStringLiteral("line %1: bad %2 value '%3'")
                          .arg(m_lineNumber)
                          .arg(QLatin1String(kColumns[c]), cell.left(64));
            return false;
        }
    }
    std::string iso = date.toStdString();
    if (!m_previousDate.empty()) {
        if (iso == m_previousDate) {
            m_error = QStringLiteral("line %1: duplicate date %2").arg(m_lineNumber).arg(date);
            return false;
        }
        if (iso < m_previousDate) {
            m_error = QStringLiteral("line %1: date %2 comes after %3; bars must be in ascending date order")
                          .arg(m_lineNumber)
                          .arg(date, QString::fromStdString(m_previousDate));
            return false;
        }
    }
    m_previousDate = iso;
    row.date = std::move(iso);
    row.open = values[0];
    row.high = values[1];
    row.low = values[2];
    row.close = values[3];
    row.volume = values[4];
    return true;
}

} // namespace thetool::market

// libFuzzer target: the streaming CSV bar reader on arbitrary bytes must end with rows or
// a line-numbered error, never crash, hang or read out of bounds.
#include <QBuffer>

#include <cstddef>
#include <cstdint>

#include "backend/market/csvbarreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    thetool::market::CsvBarReader reader(&buffer);
    thetool::market::CsvBarRow row;
    std::string previous;
    while (reader.next(row)) {
        if (!previous.empty() && !(previous < row.date))
            __builtin_trap(); // dates must come out strictly ascending
        previous = row.date;
    }
    if (!reader.ok() && reader.error().isEmpty())
        __builtin_trap();
    return 0;
}

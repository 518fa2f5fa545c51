#include "backend/analysis/datavalidator.h"

#include <array>
#include <cmath>
#include <utility>

#include "backend/analysis/pyformat.h"

namespace thetool::analysis {

namespace {

struct NamedColumn {
    const char *name;
    const std::vector<double> *values;
};

std::size_t countIf(const std::vector<double> &values, bool (*predicate)(double))
{
    std::size_t n = 0;
    for (double v : values) {
        if (predicate(v))
            ++n;
    }
    return n;
}

std::string percent(std::size_t part, std::size_t whole)
{
    return formatFixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

} // namespace

DataValidation validateBars(const Bars &bars)
{
    DataValidation result;
    const std::size_t rows = bars.size();
    if (rows == 0) {
        result.message = "Empty DataFrame";
        return result;
    }
    const std::array<NamedColumn, 5> columns = {{{"Open", &bars.open}, {"High", &bars.high},
        {"Low", &bars.low}, {"Close", &bars.close}, {"Volume", &bars.volume}}};
    for (const auto &column : columns) {
        if (column.values->size() != rows) {
            result.message = std::string("Missing required columns: ") + column.name;
            return result;
        }
    }
    // Not a check of the original (its bars came sorted from yfinance): ours can come from a file.
    if (bars.dates.size() == rows) {
        for (std::size_t i = 1; i < rows; ++i) {
            if (bars.dates[i] == bars.dates[i - 1]) {
                result.message = "Duplicate date " + bars.dates[i] + " (rows " + std::to_string(i) + " and "
                    + std::to_string(i + 1) + ")";
                return result;
            }
            if (bars.dates[i] < bars.dates[i - 1]) {
                result.message = "Dates not in ascending order: " + bars.dates[i] + " follows "
                    + bars.dates[i - 1] + " (row " + std::to_string(i + 1) + ")";
                return result;
            }
        }
    }
    if (rows < kMinimumAnalysisRows) {
        result.message = "Insufficient data: " + std::to_string(rows) + " rows (minimum "
            + std::to_string(kMinimumAnalysisRows) + " required)";
        return result;
    }

    std::size_t nanTotal = 0;
    std::string nanColumns;
    for (const auto &column : columns) {
        const std::size_t nans = countIf(*column.values, [](double v) { return std::isnan(v); });
        if (nans == 0)
            continue;
        nanTotal += nans;
        nanColumns +=
            (nanColumns.empty() ? "" : ", ") + std::string(column.name) + "(" + std::to_string(nans) + ")";
    }
    if (nanTotal > 0) {
        const std::size_t cells = rows * columns.size();
        if (10 * nanTotal > cells) {
            result.message = "Too many NaN values (" + percent(nanTotal, cells) + ") in: " + nanColumns;
            return result;
        }
        result.warnings.push_back("Some NaN values detected in: " + nanColumns);
    }

    // Not a check of the original: without a last close there is no entry price.
    if (std::isnan(bars.close.back())) {
        result.message = "No Close price on the last bar";
        result.warnings.clear();
        return result;
    }
    for (std::size_t c = 0; c < 4; ++c) {
        const std::size_t bad = countIf(*columns[c].values, [](double v) { return v <= 0; });
        if (bad > 0) {
            result.message = std::string("Invalid ") + columns[c].name
                + " prices (zero/negative): " + std::to_string(bad) + " rows";
            return result;
        }
    }
    std::size_t highBelowLow = 0;
    std::size_t closeOutside = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        if (bars.high[i] < bars.low[i])
            ++highBelowLow;
        else if (bars.close[i] < bars.low[i] || bars.close[i] > bars.high[i])
            ++closeOutside;
    }
    if (highBelowLow > 0) {
        result.message = "Invalid OHLC data: High < Low in " + std::to_string(highBelowLow) + " rows";
        return result;
    }
    if (closeOutside > 0) {
        result.message =
            "Invalid OHLC data: Close outside [Low, High] in " + std::to_string(closeOutside) + " rows";
        return result;
    }
    const std::size_t negativeVolume = countIf(bars.volume, [](double v) { return v < 0; });
    if (negativeVolume > 0) {
        result.message = "Invalid Volume (negative): " + std::to_string(negativeVolume) + " rows";
        return result;
    }

    const std::size_t zeroVolume = countIf(bars.volume, [](double v) { return v == 0; });
    if (20 * zeroVolume > rows) {
        result.warnings.push_back(
            "High zero-volume days: " + std::to_string(zeroVolume) + " (" + percent(zeroVolume, rows) + ")");
    }
    std::size_t extreme = 0;
    for (std::size_t i = 1; i < rows; ++i) {
        const double change = bars.close[i] / bars.close[i - 1] - 1.0;
        if (std::fabs(change) > 0.5)
            ++extreme;
    }
    if (extreme > 0) {
        result.warnings.push_back(
            "Extreme price movements detected: " + std::to_string(extreme) + " days (>50% change)");
    }
    result.valid = true;
    result.message = "Valid";
    return result;
}

} // namespace thetool::analysis

#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "backend/analysis/bars.h"

// The bars the analysis benchmarks run on: the 2,520-bar random walk of the golden fixtures
// (path compiled in as THETOOL_BENCH_BARS), so ours and TA-Lib's see the same data.
namespace thetool::bench {

inline const analysis::Bars &benchBars()
{
    static const analysis::Bars bars = [] {
        analysis::Bars b;
        std::ifstream in(THETOOL_BENCH_BARS);
        std::string line;
        std::getline(in, line); // header: date,open,high,low,close,volume
        while (std::getline(in, line)) {
            std::istringstream row(line);
            std::string date;
            std::string cell;
            std::getline(row, date, ',');
            std::vector<double> v;
            while (std::getline(row, cell, ','))
                v.push_back(std::strtod(cell.c_str(), nullptr));
            if (v.size() != 5)
                continue;
            b.dates.push_back(date);
            b.open.push_back(v[0]);
            b.high.push_back(v[1]);
            b.low.push_back(v[2]);
            b.close.push_back(v[3]);
            b.volume.push_back(v[4]);
        }
        if (b.close.empty()) {
            std::fprintf(stderr, "no bars in %s\n", THETOOL_BENCH_BARS);
            std::exit(1);
        }
        return b;
    }();
    return bars;
}

// The last `count` bars of benchBars() (all of them when it holds fewer).
inline analysis::Bars lastBenchBars(std::size_t count)
{
    const analysis::Bars &all = benchBars();
    const std::size_t from = all.size() > count ? all.size() - count : 0;
    const auto tail = [from](const auto &column) {
        return std::vector(column.begin() + static_cast<std::ptrdiff_t>(from), column.end());
    };
    analysis::Bars b;
    b.dates = tail(all.dates);
    b.open = tail(all.open);
    b.high = tail(all.high);
    b.low = tail(all.low);
    b.close = tail(all.close);
    b.volume = tail(all.volume);
    return b;
}

} // namespace thetool::bench

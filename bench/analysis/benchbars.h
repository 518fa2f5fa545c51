#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// The bars the analysis benchmarks run on: the 2,520-bar random walk of the golden fixtures
// (path compiled in as THETOOL_BENCH_BARS), so ours and TA-Lib's see the same data.
namespace thetool::bench {

struct BenchBars {
    std::vector<double> open, high, low, close, volume;
};

inline const BenchBars &benchBars()
{
    static const BenchBars bars = [] {
        BenchBars b;
        std::ifstream in(THETOOL_BENCH_BARS);
        std::string line;
        std::getline(in, line); // header: date,open,high,low,close,volume
        while (std::getline(in, line)) {
            std::istringstream row(line);
            std::string cell;
            std::getline(row, cell, ','); // date
            std::vector<double> v;
            while (std::getline(row, cell, ','))
                v.push_back(std::strtod(cell.c_str(), nullptr));
            if (v.size() != 5)
                continue;
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

} // namespace thetool::bench

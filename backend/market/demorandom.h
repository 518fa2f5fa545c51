#pragma once

#include <QByteArray>

#include <cstdint>

namespace thetool::market {

// The demo generator's random source, documented so its output is reproducible anywhere:
// - seed: splitmix64 (Steele, Lea, Flood 2014) expands one 64-bit seed into the 4 state words;
// - stream: xoshiro256** 1.0 (Blackman, Vigna 2018);
// - uniform(): the top 53 bits of a draw scaled to [0, 1);
// - normal(): Box–Muller on u1 = 1 - uniform() (in (0, 1], so log is finite) and u2 =
//   uniform(), returning sqrt(-2 ln u1) cos(2 pi u2) and keeping the sin twin for the next call.
class DemoRandom
{
public:
    explicit DemoRandom(std::uint64_t seed);

    std::uint64_t next();
    double uniform();
    double normal(double mean, double stddev);

    // 64-bit FNV-1a of `bytes` (offset basis 14695981039346656037, prime 1099511628211).
    static std::uint64_t fnv1a64(const QByteArray &bytes);

private:
    std::uint64_t m_state[4];
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

} // namespace thetool::market

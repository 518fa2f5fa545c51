#include "backend/market/demorandom.h"

#include <cmath>
#include <numbers>

namespace thetool::market {

namespace {

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

DemoRandom::DemoRandom(std::uint64_t seed)
{
    for (std::uint64_t &word : m_state)
        word = splitmix64(seed);
}

std::uint64_t DemoRandom::next()
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double DemoRandom::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double DemoRandom::normal(double mean, double stddev)
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return mean + stddev * m_spare;
    }
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    m_spare = radius * std::sin(angle);
    m_hasSpare = true;
    return mean + stddev * radius * std::cos(angle);
}

std::uint64_t DemoRandom::fnv1a64(const QByteArray &bytes)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace thetool::market

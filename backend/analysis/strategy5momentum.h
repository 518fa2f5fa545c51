#pragma once

#include <optional>
#include <string>

namespace thetool::analysis {

// Strategy 5's `validate_buy_signal` (spec §8.11 step 3): momentum health of a Buy.
// Missing values (nullopt) skip their checks, as the original's None does.
struct MomentumInputs {
    std::optional<double> rsi;
    std::optional<double> macd;
    std::optional<double> macdSignal;
    std::optional<double> stochastic;
    std::optional<double> cci;
    std::optional<double> williams;
};

struct MomentumCheck {
    bool valid = true;
    std::string reason; // "All momentum filters passed", or the first failed rule
};

MomentumCheck strategy5MomentumCheck(const MomentumInputs &in);

} // namespace thetool::analysis

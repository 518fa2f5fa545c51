#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace thetool::market {

// A data period as the original spells it: `Nd` (days), `Nmo` (months) or `Ny` (years).
struct Period {
    enum class Unit { Days, Months, Years };
    int count = 0;
    Unit unit = Unit::Days;

    // Parses "200d", "6mo", "1y" (case-insensitive, 1..36500 days' worth); nullopt otherwise.
    static std::optional<Period> parse(const QString &text);
    QString toString() const;
    // The first calendar day of the period ending on `end` (what period1 asks the provider for).
    QDate startFor(const QDate &end) const;
    // Rows of demo data (spec §8.2): Nd -> N, Nmo -> 21 N, Ny -> 252 N.
    int demoRows() const;
};

} // namespace thetool::market

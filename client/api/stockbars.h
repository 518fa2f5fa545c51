#pragma once

#include <QDate>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace thetool::client {

// One daily bar.
struct Bar {
    QDate date;
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    double volume = 0.0;
};

// GET /api/stocks/{symbol}/bars?period=: stored daily bars, oldest first.
struct StockBars {
    QString symbol;
    QString period;
    QString source;
    int count = 0;
    QList<Bar> bars;

    static std::optional<StockBars> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace thetool::client

#pragma once

// Structural comparison of JSON values for the backtest tests: numbers compare by value
// (the original writes 4.0 and 100 where Qt writes 4 and 100), everything else exactly.
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace thetool::tests {

// The first difference between `want` and `got` as "path: want X, got Y"; empty when equal.
inline QString jsonDifference(const QJsonValue &want, const QJsonValue &got, const QString &path = {})
{
    const auto text = [](const QJsonValue &v) -> QString {
        if (v.isString())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 17);
        if (v.isBool())
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (v.isUndefined())
            return QStringLiteral("(absent)");
        return QStringLiteral("(") + QString::number(static_cast<int>(v.type())) + QStringLiteral(")");
    };
    const QString where = path.isEmpty() ? QStringLiteral("$") : path;
    if (want.isDouble() && got.isDouble()) {
        if (want.toDouble() == got.toDouble())
            return {};
        return where + QStringLiteral(": want ") + text(want) + QStringLiteral(", got ") + text(got);
    }
    if (want.type() != got.type())
        return where + QStringLiteral(": want ") + text(want) + QStringLiteral(", got ") + text(got);
    if (want.isObject()) {
        const QJsonObject w = want.toObject(), g = got.toObject();
        for (auto it = w.begin(); it != w.end(); ++it) {
            const QString d =
                jsonDifference(it.value(), g.value(it.key()), path + QLatin1Char('.') + it.key());
            if (!d.isEmpty())
                return d;
        }
        for (auto it = g.begin(); it != g.end(); ++it) {
            if (!w.contains(it.key()))
                return path + QLatin1Char('.') + it.key() + QStringLiteral(": unexpected key");
        }
        return {};
    }
    if (want.isArray()) {
        const QJsonArray w = want.toArray(), g = got.toArray();
        if (w.size() != g.size())
            return where + QStringLiteral(": want %1 items, got %2").arg(w.size()).arg(g.size());
        for (qsizetype i = 0; i < w.size(); ++i) {
            const QString d = jsonDifference(w[i], g[i], path + QStringLiteral("[%1]").arg(i));
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    return want == got
        ? QString()
        : where + QStringLiteral(": want ") + text(want) + QStringLiteral(", got ") + text(got);
}

} // namespace thetool::tests

#include "backend/ops/prometheustext.h"

#include <cmath>

namespace thetool::ops {

QString PrometheusText::escapeLabel(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('"'))
            out += QLatin1String("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

QString PrometheusText::number(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
}

void PrometheusText::family(const QString &name, const QString &type, const QString &help)
{
    QString escaped = help;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
    m_text += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(name, escaped, type).toUtf8();
}

void PrometheusText::line(const QString &name, const Labels &labels, const QString &value)
{
    QString out = name;
    if (!labels.isEmpty()) {
        out += QLatin1Char('{');
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                out += QLatin1Char(',');
            out += labels[i].first + QLatin1String("=\"") + escapeLabel(labels[i].second) + QLatin1Char('"');
        }
        out += QLatin1Char('}');
    }
    out += QLatin1Char(' ') + value + QLatin1Char('\n');
    m_text += out.toUtf8();
}

void PrometheusText::sample(const QString &name, const Labels &labels, double value)
{
    line(name, labels, number(value));
}

void PrometheusText::histogram(const QString &name, const Labels &labels, const Histogram::Snapshot &snapshot,
    const std::vector<double> &bounds)
{
    for (std::size_t i = 0; i <= bounds.size() && i < snapshot.cumulative.size(); ++i) {
        Labels withLe = labels;
        withLe.append({QStringLiteral("le"), i < bounds.size() ? number(bounds[i]) : QStringLiteral("+Inf")});
        line(name + QLatin1String("_bucket"), withLe, number(static_cast<double>(snapshot.cumulative[i])));
    }
    sample(name + QLatin1String("_sum"), labels, snapshot.sum);
    sample(name + QLatin1String("_count"), labels, static_cast<double>(snapshot.count()));
}

} // namespace thetool::ops

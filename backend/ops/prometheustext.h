#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <vector>

#include "backend/ops/histogram.h"

namespace thetool::ops {

// Writes the Prometheus text exposition format (version 0.0.4): a family's # HELP and
// # TYPE lines, then its samples; label values escaped (\\, \", \n).
class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;

    void family(const QString &name, const QString &type, const QString &help);
    void sample(const QString &name, const Labels &labels, double value);
    // name_bucket{..., le="..."} for each bound and +Inf, then name_sum and name_count.
    void histogram(const QString &name, const Labels &labels, const Histogram::Snapshot &snapshot,
        const std::vector<double> &bounds);

    const QByteArray &text() const { return m_text; }
    static QByteArray contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }
    static QString escapeLabel(const QString &value);
    static QString number(double value);

private:
    void line(const QString &name, const Labels &labels, const QString &value);
    QByteArray m_text;
};

} // namespace thetool::ops

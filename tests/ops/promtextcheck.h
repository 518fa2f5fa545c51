#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace thetool::test {

// A strict reader of the Prometheus text exposition format (0.0.4), standing in for
// `promtool check metrics`, which is not installed here. It parses every line and reports
// what breaks the format or its conventions: HELP/TYPE syntax and order, metric and label
// names, label value escapes, sample values, families interleaved, samples without a TYPE,
// duplicate series, and histograms whose buckets are not cumulative, do not end in +Inf or
// disagree with _count, or lack _sum.
class PromTextCheck
{
public:
    struct Sample {
        QString name;
        QMap<QString, QString> labels;
        double value = 0;
    };

    // Parses `text`; problems() is empty when it is valid.
    explicit PromTextCheck(const QByteArray &text);

    const QStringList &problems() const { return m_problems; }
    const QList<Sample> &samples() const { return m_samples; }
    QString typeOf(const QString &family) const { return m_types.value(family); }
    // Samples named `name` whose labels include every pair of `labels`.
    QList<Sample> find(const QString &name, const QMap<QString, QString> &labels = {}) const;
    double sum(const QString &name, const QMap<QString, QString> &labels = {}) const;

private:
    void parseLine(const QString &line, int number);
    void parseComment(const QString &line, int number);
    bool parseSample(const QString &line, Sample *sample, QString *problem) const;
    QString familyOf(const QString &sampleName) const;
    void enterFamily(const QString &family, int number);
    void checkHistograms();

    QStringList m_problems;
    QList<Sample> m_samples;
    QMap<QString, QString> m_types; // family -> type
    QMap<QString, bool> m_help;
    QStringList m_closedFamilies; // families whose block has ended
    QString m_current;
    QMap<QString, int> m_series; // name{sorted labels} -> line
};

} // namespace thetool::test

#include "tests/ops/promtextcheck.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace thetool::test {

namespace {

const QRegularExpression metricName(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
const QRegularExpression labelName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
const QRegularExpression floatText(QStringLiteral("^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$"));
const QStringList types {QStringLiteral("counter"), QStringLiteral("gauge"), QStringLiteral("histogram"),
    QStringLiteral("summary"), QStringLiteral("untyped")};

bool parseValue(const QString &text, double *value)
{
    if (text == QLatin1String("+Inf")) {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("-Inf")) {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("NaN")) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (!floatText.match(text).hasMatch())
        return false;
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok;
}

QString seriesKey(const QString &name, const QMap<QString, QString> &labels, const QString &skip = {})
{
    QString key = name + QLatin1Char('{');
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (it.key() != skip)
            key += it.key() + QLatin1Char('=') + it.value() + QLatin1Char(',');
    }
    return key + QLatin1Char('}');
}

} // namespace

PromTextCheck::PromTextCheck(const QByteArray &text)
{
    if (!text.isEmpty() && !text.endsWith('\n'))
        m_problems << QStringLiteral("the text does not end with a line feed");
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i)
        parseLine(QString::fromUtf8(lines[i]), static_cast<int>(i + 1));
    checkHistograms();
}

void PromTextCheck::parseLine(const QString &line, int number)
{
    if (line.isEmpty())
        return;
    if (line.startsWith(QLatin1Char('#'))) {
        parseComment(line, number);
        return;
    }
    Sample sample;
    QString problem;
    if (!parseSample(line, &sample, &problem)) {
        m_problems << QStringLiteral("line %1: %2: %3").arg(number).arg(problem, line);
        return;
    }
    const QString family = familyOf(sample.name);
    enterFamily(family, number);
    const QString type = m_types.value(family);
    if (type.isEmpty())
        m_problems << QStringLiteral("line %1: %2 has no # TYPE").arg(number).arg(sample.name);
    if (type == QLatin1String("histogram")) {
        const QString suffix = sample.name.mid(family.size());
        if (suffix != QLatin1String("_bucket") && suffix != QLatin1String("_sum")
            && suffix != QLatin1String("_count"))
            m_problems << QStringLiteral("line %1: histogram %2 has a sample named %3")
                              .arg(number)
                              .arg(family, sample.name);
        if (suffix == QLatin1String("_bucket") && !sample.labels.contains(QStringLiteral("le")))
            m_problems << QStringLiteral("line %1: bucket without le").arg(number);
    } else if ((type == QLatin1String("counter") || type == QLatin1String("gauge"))
        && sample.name != family) {
        m_problems << QStringLiteral("line %1: %2 %3 has a sample named %4")
                          .arg(number)
                          .arg(type, family, sample.name);
    }
    if (type == QLatin1String("counter") && !(sample.value >= 0))
        m_problems << QStringLiteral("line %1: counter %2 is negative or NaN").arg(number).arg(sample.name);
    const QString key = seriesKey(sample.name, sample.labels);
    if (m_series.contains(key))
        m_problems << QStringLiteral("line %1: duplicate series %2 (first on line %3)")
                          .arg(number)
                          .arg(key)
                          .arg(m_series.value(key));
    m_series.insert(key, number);
    m_samples.append(sample);
}

void PromTextCheck::parseComment(const QString &line, int number)
{
    static const QRegularExpression directive(QStringLiteral("^# (HELP|TYPE) (\\S+)(?: (.*))?$"));
    const QRegularExpressionMatch m = directive.match(line);
    if (!m.hasMatch()) {
        if (line.startsWith(QLatin1String("# HELP")) || line.startsWith(QLatin1String("# TYPE")))
            m_problems << QStringLiteral("line %1: malformed %2").arg(number).arg(line);
        return; // a plain comment
    }
    const QString name = m.captured(2);
    if (!metricName.match(name).hasMatch())
        m_problems << QStringLiteral("line %1: invalid metric name '%2'").arg(number).arg(name);
    enterFamily(name, number);
    if (m.captured(1) == QLatin1String("HELP")) {
        if (m_help.contains(name))
            m_problems << QStringLiteral("line %1: second # HELP for %2").arg(number).arg(name);
        m_help.insert(name, true);
        return;
    }
    const QString type = m.captured(3);
    if (!types.contains(type))
        m_problems << QStringLiteral("line %1: unknown type '%2'").arg(number).arg(type);
    if (m_types.contains(name))
        m_problems << QStringLiteral("line %1: second # TYPE for %2").arg(number).arg(name);
    for (const Sample &s : std::as_const(m_samples)) {
        if (s.name == name || s.name.startsWith(name + QLatin1Char('_'))) {
            if (familyOf(s.name) == name) {
                m_problems
                    << QStringLiteral("line %1: # TYPE for %2 after its samples").arg(number).arg(name);
                break;
            }
        }
    }
    m_types.insert(name, type);
}

bool PromTextCheck::parseSample(const QString &line, Sample *sample, QString *problem) const
{
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n && line[i] != QLatin1Char('{') && line[i] != QLatin1Char(' '))
        ++i;
    sample->name = line.left(i);
    if (!metricName.match(sample->name).hasMatch()) {
        *problem = QStringLiteral("invalid metric name");
        return false;
    }
    if (i < n && line[i] == QLatin1Char('{')) {
        ++i;
        while (i < n && line[i] != QLatin1Char('}')) {
            const qsizetype eq = line.indexOf(QLatin1Char('='), i);
            if (eq < 0) {
                *problem = QStringLiteral("label without '='");
                return false;
            }
            const QString name = line.mid(i, eq - i);
            if (!labelName.match(name).hasMatch() || name.startsWith(QLatin1String("__"))) {
                *problem = QStringLiteral("invalid label name '%1'").arg(name);
                return false;
            }
            i = eq + 1;
            if (i >= n || line[i] != QLatin1Char('"')) {
                *problem = QStringLiteral("label value not quoted");
                return false;
            }
            QString value;
            for (++i; i < n && line[i] != QLatin1Char('"'); ++i) {
                if (line[i] != QLatin1Char('\\')) {
                    value += line[i];
                    continue;
                }
                if (++i >= n) {
                    break;
                }
                if (line[i] == QLatin1Char('n'))
                    value += QLatin1Char('\n');
                else if (line[i] == QLatin1Char('\\') || line[i] == QLatin1Char('"'))
                    value += line[i];
                else {
                    *problem = QStringLiteral("invalid escape in a label value");
                    return false;
                }
            }
            if (i >= n) {
                *problem = QStringLiteral("unterminated label value");
                return false;
            }
            ++i; // closing quote
            if (sample->labels.contains(name)) {
                *problem = QStringLiteral("label '%1' twice").arg(name);
                return false;
            }
            sample->labels.insert(name, value);
            if (i < n && line[i] == QLatin1Char(','))
                ++i;
            else if (i < n && line[i] != QLatin1Char('}')) {
                *problem = QStringLiteral("expected ',' or '}' after a label");
                return false;
            }
        }
        if (i >= n) {
            *problem = QStringLiteral("unterminated label set");
            return false;
        }
        ++i; // '}'
    }
    if (i >= n || line[i] != QLatin1Char(' ')) {
        *problem = QStringLiteral("expected a space before the value");
        return false;
    }
    const QStringList rest = line.mid(i + 1).split(QLatin1Char(' '));
    if (rest.isEmpty() || rest.size() > 2 || !parseValue(rest[0], &sample->value)) {
        *problem = QStringLiteral("invalid value");
        return false;
    }
    bool ok = true;
    if (rest.size() == 2)
        rest[1].toLongLong(&ok);
    if (!ok)
        *problem = QStringLiteral("invalid timestamp");
    return ok;
}

QString PromTextCheck::familyOf(const QString &sampleName) const
{
    if (m_types.contains(sampleName))
        return sampleName;
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        const QString s = QString::fromLatin1(suffix);
        if (!sampleName.endsWith(s))
            continue;
        const QString base = sampleName.left(sampleName.size() - s.size());
        const QString type = m_types.value(base);
        if (type == QLatin1String("histogram") || type == QLatin1String("summary"))
            return base;
    }
    return sampleName;
}

void PromTextCheck::enterFamily(const QString &family, int number)
{
    if (family == m_current)
        return;
    if (m_closedFamilies.contains(family))
        m_problems << QStringLiteral("line %1: the lines of %2 are not together").arg(number).arg(family);
    if (!m_current.isEmpty())
        m_closedFamilies << m_current;
    m_current = family;
}

void PromTextCheck::checkHistograms()
{
    for (auto type = m_types.cbegin(); type != m_types.cend(); ++type) {
        if (type.value() != QLatin1String("histogram"))
            continue;
        const QString family = type.key();
        QMap<QString, QList<QPair<double, double>>> buckets; // series -> (le, value)
        QMap<QString, double> counts;
        QMap<QString, bool> sums;
        for (const Sample &s : std::as_const(m_samples)) {
            if (s.name == family + QLatin1String("_bucket")) {
                double le = 0;
                if (!parseValue(s.labels.value(QStringLiteral("le")), &le))
                    m_problems << QStringLiteral("%1: le '%2' is not a number")
                                      .arg(family, s.labels.value(QStringLiteral("le")));
                buckets[seriesKey(family, s.labels, QStringLiteral("le"))].append({le, s.value});
            } else if (s.name == family + QLatin1String("_count")) {
                counts.insert(seriesKey(family, s.labels), s.value);
            } else if (s.name == family + QLatin1String("_sum")) {
                sums.insert(seriesKey(family, s.labels), true);
            }
        }
        for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
            const auto &list = it.value();
            for (qsizetype i = 1; i < list.size(); ++i) {
                if (!(list[i].first > list[i - 1].first))
                    m_problems << QStringLiteral("%1: le bounds not increasing").arg(it.key());
                if (list[i].second < list[i - 1].second)
                    m_problems << QStringLiteral("%1: buckets not cumulative").arg(it.key());
            }
            if (list.isEmpty() || !std::isinf(list.last().first))
                m_problems << QStringLiteral("%1: the last bucket is not +Inf").arg(it.key());
            if (!counts.contains(it.key()))
                m_problems << QStringLiteral("%1: no _count").arg(it.key());
            else if (!list.isEmpty() && counts.value(it.key()) != list.last().second)
                m_problems << QStringLiteral("%1: _count differs from the +Inf bucket").arg(it.key());
            if (!sums.contains(it.key()))
                m_problems << QStringLiteral("%1: no _sum").arg(it.key());
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (!buckets.contains(it.key()))
                m_problems << QStringLiteral("%1: _count without buckets").arg(it.key());
        }
    }
}

QList<PromTextCheck::Sample> PromTextCheck::find(
    const QString &name, const QMap<QString, QString> &labels) const
{
    QList<Sample> out;
    for (const Sample &s : m_samples) {
        if (s.name != name)
            continue;
        bool all = true;
        for (auto it = labels.cbegin(); it != labels.cend() && all; ++it)
            all = s.labels.value(it.key()) == it.value() && s.labels.contains(it.key());
        if (all)
            out.append(s);
    }
    return out;
}

double PromTextCheck::sum(const QString &name, const QMap<QString, QString> &labels) const
{
    double total = 0;
    for (const Sample &s : find(name, labels))
        total += s.value;
    return total;
}

} // namespace thetool::test

#include "tests/reliability/soakrecorder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

#include <algorithm>

namespace thetool::test {

void SoakRecorder::begin(Fault fault, int server)
{
    QMutexLocker lock(&m_mutex);
    m_windows.append({fault, server, nowMs(), -1});
}

void SoakRecorder::end(Fault fault)
{
    QMutexLocker lock(&m_mutex);
    for (Window &window : m_windows) {
        if (window.fault == fault && window.endMs < 0)
            window.endMs = nowMs();
    }
}

void SoakRecorder::record(const QByteArray &op, int server, qint64 startMs, const HttpProbe::Result &result)
{
    Entry entry {op, server, startMs, nowMs(), result.outcome, result.status, {}};
    if (result.status >= 400) {
        const QJsonObject error =
            QJsonDocument::fromJson(result.body).object().value(QStringLiteral("error")).toObject();
        entry.errorCode = error.value(QStringLiteral("code")).toString().toUtf8();
        if (entry.errorCode == "SERVICE_UNAVAILABLE") // which refusal: busy, or too many connections
            entry.errorCode += " (" + error.value(QStringLiteral("message")).toString().toUtf8() + ')';
    }
    QMutexLocker lock(&m_mutex);
    m_entries.push_back(std::move(entry));
}

QList<SoakRecorder::Window> SoakRecorder::windows() const
{
    QMutexLocker lock(&m_mutex);
    return m_windows;
}

bool SoakRecorder::inWindow(const Entry &entry, Fault fault, qint64 graceMs) const
{
    for (const Window &window : m_windows) {
        if (window.fault != fault || (fault == Fault::ServerKilled && window.server != entry.server))
            continue;
        const qint64 end = window.endMs < 0 ? nowMs() : window.endMs + graceMs;
        if (entry.endMs >= window.beginMs && entry.startMs <= end)
            return true;
    }
    return false;
}

SoakRecorder::Summary SoakRecorder::summarize(qint64 postgresGraceMs, qint64 otherGraceMs) const
{
    QMutexLocker lock(&m_mutex);
    Summary summary;
    for (const Entry &entry : m_entries) {
        ++summary.requests;
        summary.worstMs = std::max(summary.worstMs, entry.endMs - entry.startMs);
        QString key = QString::fromLatin1(entry.op) + QLatin1Char(' ');
        bool expected = false;
        switch (entry.outcome) {
        case HttpProbe::Outcome::TimedOut:
            key += QStringLiteral("timed-out");
            ++summary.timedOut;
            break;
        case HttpProbe::Outcome::Failed:
            key += QStringLiteral("failed");
            expected = inWindow(entry, Fault::ServerKilled, 1000);
            break;
        case HttpProbe::Outcome::Answered:
            key += QString::number(entry.status);
            if (entry.status == 503)
                key += QLatin1Char(' ') + QString::fromUtf8(entry.errorCode);
            // Load shedding: a full handler queue answers 503 at once, with Retry-After, by
            // design (DESIGN.md "HTTP server"); counted apart, never a failure of the soak.
            if (entry.errorCode == "SERVICE_UNAVAILABLE (Server busy, retry later)")
                ++summary.shed;
            expected = (entry.status >= 200 && entry.status < 300) || entry.status == 429
                || entry.errorCode == "SERVICE_UNAVAILABLE (Server busy, retry later)"
                || (entry.status == 503
                    && (inWindow(entry, Fault::PostgresDown, postgresGraceMs)
                        || inWindow(entry, Fault::RedisDown, otherGraceMs)));
            break;
        }
        ++summary.byOpAndStatus[key];
        if (!expected) {
            ++summary.unexpected;
            ++summary.unexpectedByKey[key];
            if (summary.examples.size() < 20)
                summary.examples.append(QStringLiteral("%1 on server %2 at %3-%4 ms")
                                            .arg(key)
                                            .arg(entry.server)
                                            .arg(entry.startMs)
                                            .arg(entry.endMs));
        }
    }
    return summary;
}

} // namespace thetool::test

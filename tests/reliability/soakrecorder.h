#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <vector>

#include "tests/reliability/httpprobe.h"

namespace thetool::test {

// Every request of the soak with its timing, and the fault windows; afterwards it decides
// which outcomes were expected: 2xx and 429 always; 503 "Server busy" (load shedding) always,
// counted; other 503s inside an outage window (plus a
// grace for reconnecting); refused or reset connections only on the instance that was
// killed, inside its window; a timeout (a hang) never.
class SoakRecorder
{
public:
    enum class Fault { ServerKilled, PostgresDown, RedisDown };
    struct Window {
        Fault fault;
        int server = -1; // for ServerKilled
        qint64 beginMs = 0;
        qint64 endMs = -1; // -1: still open
    };
    struct Entry {
        QByteArray op;
        int server = 0;
        qint64 startMs = 0;
        qint64 endMs = 0;
        HttpProbe::Outcome outcome = HttpProbe::Outcome::Failed;
        int status = 0;
        QByteArray errorCode;
    };
    struct Summary {
        int requests = 0;
        QHash<QString, int> byOpAndStatus; // "health 200", "analyze 429", "status failed" ...
        int unexpected = 0;
        QHash<QString, int> unexpectedByKey;
        int shed = 0; // 503 "Server busy": the handler queue was full
        int timedOut = 0;
        qint64 worstMs = 0;
        QStringList examples; // the first unexpected ones
    };

    SoakRecorder() { m_clock.start(); }
    qint64 nowMs() const { return m_clock.elapsed(); }
    void begin(Fault fault, int server = -1);
    void end(Fault fault);
    void record(const QByteArray &op, int server, qint64 startMs, const HttpProbe::Result &result);
    Summary summarize(qint64 postgresGraceMs, qint64 otherGraceMs) const;
    QList<Window> windows() const;

private:
    bool inWindow(const Entry &entry, Fault fault, qint64 graceMs) const;

    QElapsedTimer m_clock;
    mutable QMutex m_mutex;
    std::vector<Entry> m_entries;
    QList<Window> m_windows;
};

} // namespace thetool::test

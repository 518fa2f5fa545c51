#pragma once

// Helpers of the client tests: run a call on the event loop, queue a demo analysis, and
// read the server's whole event log.
#include <QEventLoop>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

#include "client/api/apiclient.h"

namespace thetool::test {

using namespace thetool::client;

constexpr int clientWaitMs = 30000;

// Runs one call on the event loop and returns its result (a Timeout error if the callback
// never came, which fails the test's checks).
template<class T> ApiResult<T> await(const std::function<void(ApiClient::Callback<T>)> &start)
{
    std::optional<ApiResult<T>> out;
    QEventLoop loop;
    start([&](const ApiResult<T> &result) {
        out = result;
        loop.quit();
    });
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
    guard.start(clientWaitMs);
    if (!out)
        loop.exec();
    if (out)
        return *out;
    ApiClientError e;
    e.kind = ApiClientError::Kind::Timeout;
    e.message = QStringLiteral("the test gave up waiting for the callback");
    return e;
}

inline QUrl urlOf(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

inline bool hasFinished(const QList<JobEvent> &events, const QString &jobId)
{
    for (const JobEvent &e : events) {
        if (e.jobId == jobId && e.type == QLatin1String("job.finished"))
            return true;
    }
    return false;
}

inline QList<qint64> idsOf(const QList<JobEvent> &events)
{
    QList<qint64> ids;
    for (const JobEvent &e : events)
        ids.append(e.id);
    return ids;
}

// Queues a demo-data analysis of one ticker (force: never the duplicate answer); its id.
inline QString analyzeDemo(ApiClient &client, QObject *context, const QString &ticker)
{
    AnalyzeRequest request;
    request.tickers = {ticker};
    request.useDemoData = true;
    request.force = true;
    const auto r = await<AnalyzeResponse>([&](auto done) { client.analyze(request, context, done); });
    return r.ok() ? r->jobId : QString();
}

// The server's whole event log, through the polling twin, page by page ({-1} on error).
inline QList<qint64> serverEventIds(ApiClient &client, QObject *context)
{
    QList<qint64> ids;
    qint64 after = 0;
    for (;;) {
        const auto page =
            await<EventPage>([&](auto done) { client.pollEvents(after, 1000, {}, context, done); });
        if (!page.ok())
            return {-1};
        ids += idsOf(page->events);
        after = page->nextAfter;
        if (!page->hasMore)
            return ids;
    }
}

} // namespace thetool::test

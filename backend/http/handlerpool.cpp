#include "backend/http/handlerpool.h"

#include "backend/http/httplog.h"

#include <exception>

namespace thetool::http {

namespace {
thread_local int t_poolIndex = -1;
}

HandlerPool::HandlerPool(int threads, std::size_t queueCapacity, ThreadHook onStart, ThreadHook onStop)
    : m_capacity(queueCapacity)
    , m_onStart(std::move(onStart))
    , m_onStop(std::move(onStop))
{
    const int count = threads < 1 ? 1 : threads;
    m_threads.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        m_threads.emplace_back([this, i] { run(i); });
    std::unique_lock lock(m_mutex);
    m_started.wait(lock, [&] { return m_startedCount == count; });
}

HandlerPool::~HandlerPool()
{
    stop();
}

bool HandlerPool::tryPost(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queue.size() >= m_capacity + static_cast<std::size_t>(m_idle))
            return false;
        m_queue.push_back(std::move(task));
    }
    m_wake.notify_one();
    return true;
}

void HandlerPool::stop()
{
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && m_threads.empty())
            return;
        m_stopping = true;
        dropped.swap(m_queue);
    }
    m_wake.notify_all();
    dropped.clear(); // outside the lock: a task may own a connection whose destructor runs now
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
}

int HandlerPool::currentThreadIndex()
{
    return t_poolIndex;
}

namespace {

void runHook(const HandlerPool::ThreadHook &hook, int index, const char *what)
{
    if (!hook)
        return;
    try {
        hook(index);
    } catch (const std::exception &error) {
        qCWarning(lcHttp) << "handler thread" << index << what << "hook threw:" << error.what();
    } catch (...) {
        qCWarning(lcHttp) << "handler thread" << index << what << "hook threw an unknown exception";
    }
}

} // namespace

void HandlerPool::run(int index)
{
    t_poolIndex = index;
    runHook(m_onStart, index, "start");
    std::unique_lock lock(m_mutex);
    ++m_startedCount;
    m_started.notify_all();
    for (;;) {
        ++m_idle;
        m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        --m_idle;
        if (m_stopping)
            break;
        std::function<void()> task = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        try {
            task();
        } catch (const std::exception &error) {
            qCWarning(lcHttp) << "handler task threw:" << error.what();
        } catch (...) {
            qCWarning(lcHttp) << "handler task threw an unknown exception";
        }
        task = nullptr; // release captured state before taking the lock again
        lock.lock();
    }
    lock.unlock();
    runHook(m_onStop, index, "stop");
}

} // namespace thetool::http

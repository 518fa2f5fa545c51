#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace thetool::http {

// A fixed set of owned threads running request handlers (not QThreadPool: its threads
// expire, and each of ours owns a database and a Redis connection opened in onStart and
// closed in onStop on that same thread). The queue is bounded: tryPost() refuses rather
// than letting a burst pile up, and the server answers 503.
class HandlerPool
{
public:
    using ThreadHook = std::function<void(int threadIndex)>;

    // Returns once every thread has run onStart.
    HandlerPool(int threads, std::size_t queueCapacity, ThreadHook onStart = {}, ThreadHook onStop = {});
    ~HandlerPool();
    HandlerPool(const HandlerPool &) = delete;
    HandlerPool &operator=(const HandlerPool &) = delete;

    // Accepted when a thread is idle or fewer than queueCapacity tasks wait.
    bool tryPost(std::function<void()> task);
    // Drops waiting tasks, lets running ones finish, runs onStop on each thread, joins.
    void stop();
    // The index of the pool thread running the caller, or -1 off the pool.
    static int currentThreadIndex();

private:
    void run(int index);

    std::size_t m_capacity;
    ThreadHook m_onStart;
    ThreadHook m_onStop;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_started;
    std::deque<std::function<void()>> m_queue;
    std::vector<std::thread> m_threads;
    int m_idle = 0;
    int m_startedCount = 0;
    bool m_stopping = false;
};

} // namespace thetool::http

#pragma once

#include <memory>

namespace thetool::http {

// SIGTERM/SIGINT for `thetool serve`: construct it before starting the server (from
// then on these signals no longer kill the process), then wait() blocks until one
// arrives and returns its number, so the caller can stop the server gracefully and
// exit 0. cancel() (any thread) makes wait() return 0.
class TerminationSignal
{
public:
    TerminationSignal();
    ~TerminationSignal();
    TerminationSignal(const TerminationSignal &) = delete;
    TerminationSignal &operator=(const TerminationSignal &) = delete;

    int wait();
    void cancel();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace thetool::http

#include "backend/http/terminationsignal.h"

// GCC flags Asio's executor and strand internals with -Wnull-dereference after inlining:
// false positives inside Boost, silenced for this file only.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>

namespace thetool::http {

struct TerminationSignal::Impl {
    boost::asio::io_context io {1};
    boost::asio::signal_set signals {io, SIGTERM, SIGINT};
};

TerminationSignal::TerminationSignal()
    : m_impl(std::make_unique<Impl>())
{ }

TerminationSignal::~TerminationSignal() = default;

int TerminationSignal::wait()
{
    int received = 0;
    m_impl->signals.async_wait([&received](const boost::system::error_code &ec, int number) {
        if (!ec)
            received = number;
    });
    m_impl->io.run();
    m_impl->io.restart();
    return received;
}

void TerminationSignal::cancel()
{
    m_impl->io.stop();
}

} // namespace thetool::http

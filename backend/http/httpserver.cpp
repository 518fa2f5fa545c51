#include "backend/http/httpserver.h"

// GCC flags Asio's executor and strand internals with -Wnull-dereference after inlining:
// false positives inside Boost, silenced for this file only.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include "backend/http/handlerpool.h"
#include "backend/http/httplog.h"
#include "backend/http/httpsession.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <future>
#include <thread>
#include <vector>

namespace thetool::http {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// Values the server cannot run with, named so the configuration error is clear.
QString invalidOption(const HttpServerOptions &options)
{
    using std::chrono::milliseconds;
    if (options.ioThreads < 1 || options.ioThreads > 2)
        return QStringLiteral("I/O threads must be 1 or 2 (got %1)").arg(options.ioThreads);
    if (options.handlerThreads < 1 || options.handlerThreads > 256)
        return QStringLiteral("handler threads must be 1-256 (got %1)").arg(options.handlerThreads);
    if (options.headerLimit < 1024)
        return QStringLiteral("header limit must be at least 1024 bytes");
    if (options.maxConnections < 1 || options.maxConnectionsPerClient < 1)
        return QStringLiteral("connection limits must be at least 1");
    if (options.readTimeout <= milliseconds(0) || options.idleTimeout <= milliseconds(0)
        || options.writeTimeout <= milliseconds(0) || options.shutdownTimeout < milliseconds(0)
        || options.eventPingInterval <= milliseconds(0))
        return QStringLiteral("timeouts must be positive");
    return {};
}

} // namespace

class HttpServer::Impl
{
public:
    Impl(HttpServerOptions options, Router router, RequestPipeline::Policies policies)
        : m_context(std::make_shared<SessionContext>(
            std::move(options), RequestPipeline(std::move(router), std::move(policies))))
    { }

    bool start(QString *error);
    bool stop();
    void accept();
    void onAccept(boost::system::error_code ec, tcp::socket socket);

    // Declaration order is destruction order in reverse: the io_context (and with it
    // every remaining session) goes first, then the pool, then the shared context.
    std::shared_ptr<SessionContext> m_context;
    std::unique_ptr<HandlerPool> m_pool;
    std::unique_ptr<net::io_context> m_io;
    std::unique_ptr<tcp::acceptor> m_acceptor;
    std::unique_ptr<net::steady_timer> m_acceptRetry; // backs off after a failed accept
    std::optional<net::executor_work_guard<net::io_context::executor_type>> m_work;
    std::vector<std::thread> m_ioThreads;
    std::mutex m_sessionsMutex;
    std::vector<std::weak_ptr<HttpSession>> m_sessions;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_started = false; // one start per server object
};

bool HttpServer::Impl::start(QString *error)
{
    const HttpServerOptions &options = m_context->options;
    if (const QString invalid = invalidOption(options); !invalid.isEmpty()) {
        if (error)
            *error = invalid;
        return false;
    }
    const int ioThreads = options.ioThreads;
    m_io = std::make_unique<net::io_context>(ioThreads);
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options.bindAddress.toStdString(), ec);
    if (ec) {
        if (error)
            *error = QStringLiteral("invalid bind address '%1'").arg(options.bindAddress);
        return false;
    }
    const tcp::endpoint endpoint(address, options.port);
    m_acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*m_io));
    m_acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        m_acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        m_acceptor->bind(endpoint, ec);
    if (!ec)
        m_acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(options.bindAddress)
                         .arg(options.port)
                         .arg(QString::fromStdString(ec.message()));
        m_acceptor.reset();
        return false;
    }
    m_port = m_acceptor->local_endpoint().port();
    m_acceptRetry = std::make_unique<net::steady_timer>(m_acceptor->get_executor());

    m_pool = std::make_unique<HandlerPool>(options.handlerThreads, options.handlerQueueCapacity,
        options.onHandlerThreadStart, options.onHandlerThreadStop);
    m_context->pool = m_pool.get();
    m_work.emplace(m_io->get_executor());
    accept();
    for (int i = 0; i < ioThreads; ++i)
        m_ioThreads.emplace_back([this] { m_io->run(); });
    m_running = true;
    qCInfo(lcHttp).noquote() << "listening on" << options.bindAddress << "port" << m_port;
    return true;
}

void HttpServer::Impl::accept()
{
    m_acceptor->async_accept(net::make_strand(*m_io),
        [this](boost::system::error_code ec, tcp::socket socket) { onAccept(ec, std::move(socket)); });
}

void HttpServer::Impl::onAccept(boost::system::error_code ec, tcp::socket socket)
{
    if (ec == net::error::operation_aborted || !m_acceptor->is_open())
        return;
    if (ec) {
        // e.g. out of file descriptors: the listener survives it, retrying shortly
        // rather than spinning.
        qCWarning(lcHttp).noquote() << "accept failed:" << QString::fromStdString(ec.message());
        m_acceptRetry->expires_after(std::chrono::milliseconds(100));
        m_acceptRetry->async_wait([this](boost::system::error_code waitEc) {
            if (!waitEc && m_acceptor->is_open())
                accept();
        });
        return;
    }
    boost::system::error_code peerEc;
    const auto remote = socket.remote_endpoint(peerEc);
    const QString peer = peerEc ? QString() : QString::fromStdString(remote.address().to_string());

    const auto admission = m_context->tracker.admit(peer);
    if (admission != ConnectionTracker::Admission::Admitted
        && m_context->refusing.fetch_add(1) >= m_context->options.maxConnections) {
        --m_context->refusing;
        boost::system::error_code closeEc;
        socket.close(closeEc); // too many refusals in flight: no answer, just close
        return accept();
    }
    auto session = std::make_shared<HttpSession>(
        std::move(socket), m_context, peer, admission == ConnectionTracker::Admission::Admitted);
    switch (admission) {
    case ConnectionTracker::Admission::Admitted: {
        std::lock_guard lock(m_sessionsMutex);
        if (m_sessions.size() > 64
            && m_sessions.size() > 2 * static_cast<std::size_t>(m_context->tracker.open()))
            std::erase_if(m_sessions, [](const std::weak_ptr<HttpSession> &s) { return s.expired(); });
        m_sessions.push_back(session);
        session->start();
        break;
    }
    case ConnectionTracker::Admission::ServerFull:
        session->reject(ApiError::serviceUnavailable(
            QStringLiteral("Too many open connections"), m_context->options.retryAfterSeconds));
        break;
    case ConnectionTracker::Admission::ClientFull:
        session->reject(ApiError::serviceUnavailable(
            QStringLiteral("Too many connections from this client"), m_context->options.retryAfterSeconds));
        break;
    }
    accept();
}

bool HttpServer::Impl::stop()
{
    if (!m_running)
        return true;
    m_running = false;
    const auto deadline = std::chrono::steady_clock::now() + m_context->options.shutdownTimeout;
    m_context->stopping = true;

    // Close the listener on its strand, and wait, so new connections are refused from now on.
    std::promise<void> closed;
    net::post(m_acceptor->get_executor(), [this, &closed] {
        boost::system::error_code ec;
        m_acceptor->close(ec);
        m_acceptRetry->cancel();
        closed.set_value();
    });
    closed.get_future().wait();

    std::vector<std::shared_ptr<HttpSession>> live;
    {
        std::lock_guard lock(m_sessionsMutex);
        for (const auto &weak : m_sessions) {
            if (auto session = weak.lock())
                live.push_back(std::move(session));
        }
        m_sessions.clear();
    }
    for (const auto &session : live)
        session->stopGracefully();
    std::vector<std::weak_ptr<HttpSession>> remaining(live.begin(), live.end());
    live.clear(); // our references must not keep sessions open

    const bool drained = m_context->tracker.waitUntilEmpty(deadline);
    if (!drained) {
        qCWarning(lcHttp) << "shutdown timeout reached with" << m_context->tracker.open()
                          << "connection(s) open; closing them";
        for (const auto &weak : remaining) {
            if (auto session = weak.lock())
                session->forceClose();
        }
    }
    m_pool->stop();
    m_work.reset();
    m_io->stop();
    for (std::thread &thread : m_ioThreads)
        thread.join();
    m_ioThreads.clear();
    qCInfo(lcHttp) << "stopped" << (drained ? "cleanly" : "after the shutdown timeout");
    return drained;
}

HttpServer::HttpServer(HttpServerOptions options, Router router, RequestPipeline::Policies policies)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(router), std::move(policies)))
{ }

HttpServer::~HttpServer()
{
    stop();
}

bool HttpServer::start(QString *error)
{
    if (m_impl->m_started) {
        if (error)
            *error = QStringLiteral("a server object starts only once");
        return false;
    }
    m_impl->m_started = m_impl->start(error);
    return m_impl->m_started;
}

quint16 HttpServer::port() const
{
    return m_impl->m_port;
}

bool HttpServer::stop()
{
    return m_impl->stop();
}

int HttpServer::openConnections() const
{
    return m_impl->m_context->tracker.open();
}

} // namespace thetool::http

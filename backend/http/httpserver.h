#pragma once

#include "backend/http/httpserveroptions.h"
#include "backend/http/requestpipeline.h"
#include "backend/http/router.h"

#include <QString>

#include <memory>

namespace thetool::http {

// The HTTP/1.1 server: Beast over Asio on a few I/O threads that never block, handlers on
// a fixed HandlerPool, responses posted back to each connection's strand. Beast stays in
// httpserver.cpp / httpsession.cpp; this header is plain C++ and Qt.
class HttpServer
{
public:
    HttpServer(HttpServerOptions options, Router router, RequestPipeline::Policies policies = {});
    ~HttpServer(); // stop()s if still running
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Binds, listens and starts the threads. False with *error (port in use, bad
    // address, an option out of range such as ioThreads outside 1-2).
    // A server object runs once: after stop(), build a new one.
    bool start(QString *error = nullptr);
    // The bound port (the ephemeral one when options.port was 0); 0 before start().
    quint16 port() const;
    // Graceful: stop accepting (new connections are refused), close idle keep-alive
    // connections, let in-flight requests finish and answer (with Connection: close)
    // within options.shutdownTimeout, then close the rest and join all threads.
    // A handler still running past the timeout is waited for: handlers are bounded by
    // their own DB/Redis timeouts, and threads cannot be killed safely.
    // Returns true when everything finished in time. Safe to call twice; never call it
    // from a handler (it joins the handler threads).
    bool stop();
    int openConnections() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace thetool::http

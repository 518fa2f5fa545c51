#pragma once

#include <QString>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace thetool::http {

// Every limit of DESIGN.md "HTTP server". The configuration step fills it from the
// environment (PORT, HTTP_WORKERS, SHUTDOWN_TIMEOUT ...); the defaults are the design's.
struct HttpServerOptions {
    QString bindAddress = QStringLiteral("127.0.0.1");
    quint16 port = 0; // 0: an ephemeral port, see HttpServer::port()
    int ioThreads = 1; // 1-2; they never block
    int handlerThreads = 4; // HTTP_WORKERS
    std::size_t handlerQueueCapacity = 64; // waiting requests beyond busy threads → 503

    std::uint32_t headerLimit = 16 * 1024; // → 431
    std::uint64_t bodyLimit = 1024 * 1024; // default per request → 413; routes may raise it
    std::chrono::milliseconds readTimeout {15000}; // header and body of one request
    std::chrono::milliseconds idleTimeout {60000}; // keep-alive wait for the next request
    std::chrono::milliseconds writeTimeout {30000};
    int maxConnections = 512; // beyond: 503 and close
    int maxConnectionsPerClient = 64; // per peer address; beyond: 503 and close
    std::chrono::milliseconds shutdownTimeout {10000}; // SHUTDOWN_TIMEOUT
    int retryAfterSeconds = 1; // on 503 (busy, too many connections)
    // An event stream has no idle timeout; a comment line this often keeps proxies from
    // closing it and finds dead peers (a write that cannot complete hits writeTimeout).
    std::chrono::milliseconds eventPingInterval {15000};

    // Run on each handler thread at start and exit (e.g. open/close its DB connection).
    std::function<void(int threadIndex)> onHandlerThreadStart;
    std::function<void(int threadIndex)> onHandlerThreadStop;
};

} // namespace thetool::http

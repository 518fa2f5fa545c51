// Test-only: runs HttpServer with the test routes the way `thetool serve` will (port
// printed on stdout, graceful stop on SIGTERM/SIGINT, exit 0), for the process tests.
// Options: --read-timeout-ms N --idle-timeout-ms N --shutdown-timeout-ms N
//          --max-connections N --handler-threads N
#include "backend/http/httpserver.h"
#include "backend/http/terminationsignal.h"
#include "tests/http/testroutes.h"

#include <cstdio>
#include <cstring>
#include <string>

using namespace thetool;

int main(int argc, char **argv)
{
    http::HttpServerOptions options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const int value = std::atoi(argv[i + 1]);
        if (name == "--read-timeout-ms")
            options.readTimeout = std::chrono::milliseconds(value);
        else if (name == "--idle-timeout-ms")
            options.idleTimeout = std::chrono::milliseconds(value);
        else if (name == "--shutdown-timeout-ms")
            options.shutdownTimeout = std::chrono::milliseconds(value);
        else if (name == "--max-connections")
            options.maxConnections = value;
        else if (name == "--handler-threads")
            options.handlerThreads = value;
        else {
            std::fprintf(stderr, "http_test_server: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    // Before the server starts: from here on SIGTERM no longer kills the process.
    http::TerminationSignal signal;
    test::TestRouteHooks hooks;
    hooks.slowStarted = [] {
        std::fputs("slow-start\n", stdout);
        std::fflush(stdout);
    };
    http::HttpServer server(options, test::makeTestRouter(hooks));
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "http_test_server: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("port %u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    const int received = signal.wait();
    std::fprintf(stderr, "http_test_server: signal %d, stopping\n", received);
    const bool clean = server.stop();
    std::fprintf(stderr, "http_test_server: stopped %s\n", clean ? "cleanly" : "after timeout");
    return 0;
}

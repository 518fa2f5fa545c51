#pragma once

// Internal to the HTTP server: includes Beast, so only httpserver.cpp and
// httpsession.cpp may include this header.

#include "backend/http/connectiontracker.h"
#include "backend/http/eventstream.h"
#include "backend/http/handlerpool.h"
#include "backend/http/httprequest.h"
#include "backend/http/httpresponse.h"
#include "backend/http/httpserveroptions.h"
#include "backend/http/requestpipeline.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace thetool::http {

// What every connection of one server shares; sessions hold it so it outlives them.
struct SessionContext {
    SessionContext(HttpServerOptions opts, RequestPipeline pipe)
        : options(std::move(opts))
        , pipeline(std::move(pipe))
        , tracker(options.maxConnections, options.maxConnectionsPerClient)
    { }
    const HttpServerOptions options;
    const RequestPipeline pipeline;
    HandlerPool *pool = nullptr; // owned by the server, stopped before the I/O threads
    ConnectionTracker tracker;
    std::atomic<bool> stopping {false};
    // Refused connections still being answered (503 then a short linger); bounded so a
    // flood beyond the caps cannot pile up sockets.
    std::atomic<int> refusing {0};
};

// One TCP connection. Everything runs on the connection's strand except the handler,
// which runs on the pool and posts its response back. One request at a time: the next
// request is not read before the previous response is written, so pipelined requests
// are answered in order.
class HttpSession : public std::enable_shared_from_this<HttpSession>
{
public:
    HttpSession(boost::asio::ip::tcp::socket &&socket, std::shared_ptr<SessionContext> context, QString peer,
        bool admitted);
    ~HttpSession();

    void start();
    // Answers `error` at once and closes (connection caps).
    void reject(ApiError error);
    // Server shutdown: an idle connection closes now; a busy one after its response; an
    // event stream ends at once (before any other connection).
    void stopGracefully();
    void forceClose();

private:
    enum class State { Idle, Reading, Handling, Writing, Streaming, Closing };

    void readRequest();
    void onFirstBytes(boost::beast::error_code ec, std::size_t bytes);
    void readHeader();
    void onHeader(boost::beast::error_code ec);
    void readBody();
    void onBody(boost::beast::error_code ec);
    void dispatch();
    void respond(HttpResponse response, bool keepAlive);
    void onWrite(boost::beast::error_code ec, bool keepAlive);
    void lingerClose();
    void drain();
    void closeNow();
    // Event streams (text/event-stream): header, then queued chunks, one write at a time.
    void startStream(HttpResponse response);
    void onStreamHeader(boost::beast::error_code ec);
    void watchStreamPeer();
    void schedulePing();
    void pumpStream();
    void writeStream(const QByteArray &data, bool last);
    void endStream();
    bool fillRequestFromHeader();

    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    std::shared_ptr<SessionContext> m_context;
    QString m_peer;
    bool m_admitted;
    bool m_firstRequest = true;
    bool m_keepAlive = false;
    State m_state = State::Idle;
    HttpRequest m_request;
    const Route *m_route = nullptr;
    std::chrono::steady_clock::time_point m_started;
    std::shared_ptr<void> m_pendingWrite; // the serialized response, alive until written
    std::array<char, 4096> m_drainBuffer {};
    std::size_t m_drained = 0;
    std::shared_ptr<EventStream> m_eventStream;
    std::optional<boost::asio::steady_timer> m_pingTimer;
    QByteArray m_streamOut; // the bytes being written, alive until the write completes
    std::atomic<bool> m_pumpScheduled {false};
    bool m_streamWriting = false;
    bool m_chunked = false;
};

} // namespace thetool::http

#include "backend/http/httpsession.h"

// GCC flags Asio's executor and strand internals with -Wnull-dereference after inlining:
// false positives inside Boost, silenced for this file only.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include "backend/http/errormapper.h"
#include "backend/http/httplog.h"
#include "backend/http/requestid.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace thetool::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// After a final response, unread request bytes are drained for at most this long so the
// client reads our answer instead of a reset (lingering close).
constexpr std::chrono::seconds lingerTime {1};
constexpr std::size_t lingerBytes = 1024 * 1024;
// One write of an event stream carries at most this much of its queue.
constexpr std::size_t streamWriteBytes = 64 * 1024;

bool isParseError(const beast::error_code &ec)
{
    return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()
        && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

beast::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

QByteArray bytes(beast::string_view view)
{
    return {view.data(), static_cast<qsizetype>(view.size())};
}

} // namespace

HttpSession::HttpSession(
    tcp::socket &&socket, std::shared_ptr<SessionContext> context, QString peer, bool admitted)
    : m_stream(std::move(socket))
    , m_context(std::move(context))
    , m_peer(std::move(peer))
    , m_admitted(admitted)
{ }

HttpSession::~HttpSession()
{
    if (m_admitted)
        m_context->tracker.release(m_peer);
    else
        --m_context->refusing;
}

void HttpSession::start()
{
    net::dispatch(
        m_stream.get_executor(), beast::bind_front_handler(&HttpSession::readRequest, shared_from_this()));
}

void HttpSession::reject(ApiError error)
{
    net::dispatch(m_stream.get_executor(), [self = shared_from_this(), error = std::move(error)]() mutable {
        self->m_started = std::chrono::steady_clock::now();
        self->m_request.requestId = RequestId::generate();
        self->respond(HttpResponse::error(std::move(error)), false);
    });
}

void HttpSession::stopGracefully()
{
    net::post(m_stream.get_executor(), [self = shared_from_this()] {
        if (self->m_state == State::Idle)
            self->closeNow();
        else if (self->m_state == State::Streaming)
            self->endStream();
    });
}

void HttpSession::forceClose()
{
    net::post(m_stream.get_executor(), [self = shared_from_this()] { self->closeNow(); });
}

void HttpSession::readRequest()
{
    if (m_context->stopping)
        return lingerClose();
    m_request = {};
    m_route = nullptr;
    m_parser.emplace();
    m_parser->header_limit(m_context->options.headerLimit);
    // The body limit depends on the route, known only after the header: decided in
    // onHeader from Content-Length, so the parser itself must not reject first.
    m_parser->body_limit(boost::none);
    if (m_buffer.size() > 0)
        return readHeader(); // a pipelined request is already buffered
    // Wait for the first byte under the idle timeout (keep-alive), then the header
    // timeout applies; a fresh connection gets the header timeout straight away.
    m_state = State::Idle;
    m_stream.expires_after(m_firstRequest ? m_context->options.readTimeout : m_context->options.idleTimeout);
    m_stream.async_read_some(
        m_buffer.prepare(4096), beast::bind_front_handler(&HttpSession::onFirstBytes, shared_from_this()));
}

void HttpSession::onFirstBytes(beast::error_code ec, std::size_t bytes)
{
    m_buffer.commit(bytes);
    if (ec)
        return closeNow();
    readHeader();
}

void HttpSession::readHeader()
{
    m_state = State::Reading;
    m_started = std::chrono::steady_clock::now();
    m_stream.expires_after(m_context->options.readTimeout);
    bhttp::async_read_header(m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
}

bool HttpSession::fillRequestFromHeader()
{
    const auto &header = m_parser->get();
    const beast::string_view target = header.target();
    if (!m_request.setTarget(QByteArrayView(target.data(), static_cast<qsizetype>(target.size()))))
        return false;
    m_request.method = bytes(header.method_string());
    for (const auto &field : header)
        m_request.headers.append({bytes(field.name_string()), bytes(field.value())});
    m_request.peerAddress = m_peer;
    m_request.httpVersion = header.version() == 10 ? 10 : 11;
    return true;
}

void HttpSession::onHeader(beast::error_code ec)
{
    if (ec == bhttp::error::header_limit) {
        m_request.requestId = RequestId::generate();
        return respond(HttpResponse::error(ApiError::headersTooLarge(m_context->options.headerLimit)), false);
    }
    if (isParseError(ec)) {
        m_request.requestId = RequestId::generate();
        return respond(
            HttpResponse::error(ApiError::badRequest(QStringLiteral("Malformed HTTP request"))), false);
    }
    if (ec)
        return closeNow(); // timeout, reset, or the client went away mid-request
    m_firstRequest = false;
    m_keepAlive = m_parser->keep_alive();
    if (!fillRequestFromHeader()) {
        m_request.requestId = RequestId::generate();
        return respond(
            HttpResponse::error(ApiError::badRequest(QStringLiteral("Malformed request target"))), false);
    }
    // An answer given before the body is read ends the connection: the unread body
    // would otherwise be taken for the next request.
    const bool bodyPending = !m_parser->is_done();
    if (std::optional<HttpResponse> early = m_context->pipeline.begin(m_request, &m_route))
        return respond(std::move(*early), m_keepAlive && !bodyPending);

    const quint64 limit = m_route->bodyLimit.value_or(m_context->options.bodyLimit);
    if (const auto length = m_parser->content_length(); length && *length > limit)
        return respond(HttpResponse::error(ApiError::payloadTooLarge(limit)), false);
    m_parser->body_limit(limit); // bounds a chunked body as it arrives

    if (!bodyPending)
        return dispatch();
    const auto expect = m_parser->get()[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
        auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
        m_stream.expires_after(m_context->options.writeTimeout);
        bhttp::async_write(
            m_stream, *interim, [self = shared_from_this(), interim](beast::error_code writeEc, std::size_t) {
                if (writeEc)
                    return self->closeNow();
                self->readBody();
            });
        return;
    }
    readBody();
}

void HttpSession::readBody()
{
    m_stream.expires_after(m_context->options.readTimeout);
    bhttp::async_read(m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onBody(ec); });
}

void HttpSession::onBody(beast::error_code ec)
{
    if (ec == bhttp::error::body_limit) {
        const quint64 limit = m_route->bodyLimit.value_or(m_context->options.bodyLimit);
        return respond(HttpResponse::error(ApiError::payloadTooLarge(limit)), false);
    }
    if (isParseError(ec))
        return respond(
            HttpResponse::error(ApiError::badRequest(QStringLiteral("Malformed HTTP body"))), false);
    if (ec)
        return closeNow();
    const std::string &body = m_parser->get().body();
    m_request.body = QByteArray(body.data(), static_cast<qsizetype>(body.size()));
    m_parser.reset();
    dispatch();
}

void HttpSession::dispatch()
{
    m_state = State::Handling;
    m_stream.expires_never(); // the handler's own time is bounded by its DB/Redis timeouts
    auto self = shared_from_this();
    const bool queued = m_context->pool->tryPost([self, strand = m_stream.get_executor()] {
        HttpResponse response = self->m_context->pipeline.handle(self->m_request, *self->m_route);
        net::post(strand, [self, response = std::move(response)]() mutable {
            self->respond(std::move(response), self->m_keepAlive);
        });
    });
    if (!queued) {
        respond(HttpResponse::error(ApiError::serviceUnavailable(
                    QStringLiteral("Server busy, retry later"), m_context->options.retryAfterSeconds)),
            m_keepAlive);
    }
}

void HttpSession::respond(HttpResponse response, bool keepAlive)
{
    if (m_state == State::Closing) {
        if (response.eventStream)
            response.eventStream->disconnect(); // its producer must not keep it
        return;
    }
    m_context->pipeline.finish(m_request, response, m_started);
    keepAlive = keepAlive && !m_context->stopping;
    if (response.eventStream) {
        if (response.status == 200 && m_request.method != "HEAD" && !m_context->stopping)
            return startStream(std::move(response));
        response.eventStream->disconnect(); // no stream for HEAD, errors or a stopping server
        response.eventStream.reset();
    }

    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(m_request.httpVersion);
    message->result(static_cast<unsigned>(response.status));
    if (!response.contentType.isEmpty())
        message->set(bhttp::field::content_type, view(response.contentType));
    for (const auto &[name, value] : std::as_const(response.headers))
        message->set(view(name), view(value));
    message->body().assign(response.body.constData(), static_cast<std::size_t>(response.body.size()));
    message->keep_alive(keepAlive);
    message->prepare_payload();
    if (m_request.method == "HEAD" && !message->body().empty()) {
        const auto length = message->body().size();
        message->body().clear();
        message->content_length(length); // what a GET would carry
    }

    m_state = State::Writing;
    m_pendingWrite = message;
    m_stream.expires_after(m_context->options.writeTimeout);
    bhttp::async_write(
        m_stream, *message, [self = shared_from_this(), keepAlive](beast::error_code ec, std::size_t) {
            self->onWrite(ec, keepAlive);
        });
}

void HttpSession::onWrite(beast::error_code ec, bool keepAlive)
{
    m_pendingWrite.reset();
    if (ec)
        return closeNow();
    if (!keepAlive)
        return lingerClose();
    readRequest();
}

void HttpSession::lingerClose()
{
    m_state = State::Closing;
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec)
        return closeNow();
    m_stream.expires_after(lingerTime);
    drain();
}

void HttpSession::drain()
{
    m_stream.async_read_some(
        net::buffer(m_drainBuffer), [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
            self->m_drained += bytes;
            if (ec || self->m_drained > lingerBytes)
                return self->closeNow();
            self->drain();
        });
}

void HttpSession::closeNow()
{
    m_state = State::Closing;
    if (m_eventStream)
        m_eventStream->disconnect(); // its producer drops it on the next push
    if (m_pingTimer)
        m_pingTimer->cancel();
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    m_stream.socket().close(ec);
}

void HttpSession::startStream(HttpResponse response)
{
    m_state = State::Streaming;
    m_eventStream = std::move(response.eventStream);
    // No length: chunked on HTTP/1.1, delimited by the close on HTTP/1.0. The stream is the
    // connection's last response either way.
    m_chunked = m_request.httpVersion == 11;
    auto message = std::make_shared<bhttp::response<bhttp::empty_body>>();
    message->version(m_request.httpVersion);
    message->result(static_cast<unsigned>(response.status));
    if (!response.contentType.isEmpty())
        message->set(bhttp::field::content_type, view(response.contentType));
    for (const auto &[name, value] : std::as_const(response.headers))
        message->set(view(name), view(value));
    message->keep_alive(false);
    if (m_chunked)
        message->chunked(true);
    auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*message);
    m_streamWriting = true; // one write at a time, the header included
    m_stream.expires_after(m_context->options.writeTimeout);
    bhttp::async_write_header(m_stream, *serializer,
        [self = shared_from_this(), message, serializer](
            beast::error_code ec, std::size_t) { self->onStreamHeader(ec); });
}

void HttpSession::onStreamHeader(beast::error_code ec)
{
    m_streamWriting = false;
    if (ec || m_state != State::Streaming)
        return closeNow();
    m_stream.expires_never(); // no idle timeout on a stream; each write has its own bound
    // Pushes come from other threads: one pump at a time is scheduled on the strand. The
    // notifier holds the session weakly, so a stream its producer keeps cannot keep the
    // connection alive.
    std::weak_ptr<HttpSession> weak = weak_from_this();
    m_eventStream->setNotifier([weak, strand = m_stream.get_executor()] {
        auto self = weak.lock();
        if (self && !self->m_pumpScheduled.exchange(true))
            net::post(strand, [self] { self->pumpStream(); });
    });
    watchStreamPeer();
    schedulePing();
    pumpStream(); // what the producer queued before the header went out
}

void HttpSession::watchStreamPeer()
{
    // A stream's client sends nothing more; reading finds its close (or reset) at once.
    // Anything it does send is discarded.
    m_stream.async_read_some(
        net::buffer(m_drainBuffer), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (self->m_state != State::Streaming)
                return;
            if (ec)
                return self->closeNow();
            self->watchStreamPeer();
        });
}

void HttpSession::schedulePing()
{
    if (!m_pingTimer)
        m_pingTimer.emplace(m_stream.get_executor());
    m_pingTimer->expires_after(m_context->options.eventPingInterval);
    m_pingTimer->async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->m_state != State::Streaming)
            return;
        self->m_eventStream->push(QByteArrayLiteral(": ping\n\n")); // through the bounded queue
        self->schedulePing();
    });
}

void HttpSession::pumpStream()
{
    m_pumpScheduled = false;
    if (m_state != State::Streaming)
        return;
    const EventStream::End end = m_eventStream->end();
    // An overflow ends the stream even while a write is stuck (that is how it overflowed).
    if (end == EventStream::End::Overflowed) {
        qCWarning(lcHttp).noquote() << "event stream closed: the client stopped reading and its queue is full"
                                    << QStringLiteral("rid=") + m_request.requestId;
        return closeNow();
    }
    if (m_streamWriting)
        return; // the write's completion pumps again
    if (end == EventStream::End::Disconnected)
        return endStream();
    const QByteArray data = m_eventStream->take(streamWriteBytes);
    if (!data.isEmpty())
        return writeStream(data, false);
    if (end == EventStream::End::Finished)
        return endStream();
}

void HttpSession::writeStream(const QByteArray &data, bool last)
{
    m_streamOut.clear();
    if (m_chunked && !data.isEmpty())
        m_streamOut = QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
    else
        m_streamOut = data;
    if (m_chunked && last)
        m_streamOut += "0\r\n\r\n";
    if (m_streamOut.isEmpty())
        return closeNow();
    m_streamWriting = true;
    m_stream.expires_after(m_context->options.writeTimeout); // a reader that stalls is cut off
    net::async_write(m_stream,
        net::buffer(m_streamOut.constData(), static_cast<std::size_t>(m_streamOut.size())),
        [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
            self->m_streamWriting = false;
            if (ec || last || self->m_state != State::Streaming)
                return self->closeNow();
            self->m_stream.expires_never();
            self->pumpStream();
        });
}

void HttpSession::endStream()
{
    if (m_state != State::Streaming)
        return;
    m_eventStream->disconnect(); // queued data is dropped: shutdown or the producer left
    if (m_streamWriting)
        return closeNow(); // the last write has not gone out: do not wait for this reader
    writeStream({}, true); // the terminating chunk, then close
}

} // namespace thetool::http

#include "http/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace tablero::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCodeValue = boost::system::error_code;

// How much a connection reads at a time while waiting for the start of a request.
constexpr std::size_t read_chunk = 4096;

// After an error response the connection lingers this long, discarding what the client still
// sends, before it is closed: closing a socket with unread input makes the kernel send a reset,
// which can destroy the response before the client has read it (RFC 9112 section 9.6).
constexpr std::chrono::milliseconds linger_limit{1000};

constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
            std::tolower(static_cast<unsigned char>(y));
    });
}

std::string host_and_port(const std::string& host, std::uint16_t port)
{
    if (host.find(':') != std::string::npos && host.front() != '[')
        return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

class Connection;

// One io_context and the connections it serves. Only its own thread touches its members.
struct Worker {
    ~Worker() { shutting_down = true; }

    // Declared before the io_context so that it outlives the connections the io_context
    // destroys with its pending handlers.
    std::unordered_set<Connection*> connections;
    bool stopping = false;
    bool shutting_down = false;
    asio::io_context context{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard{
        asio::make_work_guard(context)};
    asio::steady_timer force_close_timer{context};
};

// What every connection needs to know about its server.
struct ServerState {
    ServerOptions options;
    Pipeline& pipeline;
    std::atomic<bool> stopping{false};
};

}  // namespace

struct Server::Impl : ServerState {
    Impl(ServerOptions server_options, Pipeline& server_pipeline);

    void start_accept();
    void stop();
    void stop_worker(Worker& worker);
    static void run_worker(Worker& worker);

    std::vector<std::unique_ptr<Worker>> workers;
    tcp::acceptor acceptor;
    std::optional<asio::signal_set> signals;
    std::atomic<std::uint16_t> bound_port{0};
    std::size_t next_worker = 0;
};

namespace {

// One client connection: reads requests one after another, each within its deadline, hands them
// to the pipeline and writes the answers. It lives as long as an operation holds it.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(ServerState& server, Worker& worker, tcp::socket socket)
        : m_server(server), m_worker(worker), m_stream(std::move(socket)), m_timer(worker.context)
    {
    }

    ~Connection()
    {
        m_worker.connections.erase(this);
        // The last connection of a stopping worker lets its io_context run out of work.
        if (!m_worker.shutting_down && m_worker.stopping && m_worker.connections.empty())
            m_worker.force_close_timer.cancel();
    }

    void start()
    {
        m_worker.connections.insert(this);
        if (m_server.stopping) {
            close();
            return;
        }
        ErrorCodeValue ignored;
        auto remote = m_stream.socket().remote_endpoint(ignored);
        if (!ignored)
            m_remote = remote.address().to_string();
        m_stream.socket().set_option(tcp::no_delay(true), ignored);
        // A new connection must deliver its whole first request within request_timeout.
        m_request_deadline = Clock::now() + m_server.options.request_timeout;
        await_request(m_request_deadline, true);
    }

    // Called on stop: a connection between requests is closed at once, one in the middle of a
    // request finishes it first.
    void close_if_idle()
    {
        if (m_phase == Phase::idle)
            close();
    }

    void close()
    {
        m_phase = Phase::closed;
        disarm();
        ErrorCodeValue ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.socket().close(ignored);
    }

private:
    enum class Phase { idle, reading, handling, writing, lingering, closed };

    // Read deadlines use their own timer rather than tcp_stream's, because tcp_stream closes
    // the socket when its timer expires, and then no 408 could be sent.
    void arm(Clock::time_point deadline)
    {
        ++m_generation;
        m_timed_out = false;
        m_timer.expires_at(deadline);
        m_timer.async_wait(
            [weak = weak_from_this(), generation = m_generation](ErrorCodeValue error) {
                auto self = weak.lock();
                if (error || !self || self->m_generation != generation)
                    return;
                self->m_timed_out = true;
                ErrorCodeValue ignored;
                self->m_stream.socket().cancel(ignored);
            });
    }

    void disarm()
    {
        ++m_generation;
        m_timer.cancel();
    }

    // Waits for the first byte of the next request (until first_byte_deadline), then reads it.
    void await_request(Clock::time_point first_byte_deadline, bool first_request)
    {
        if (m_buffer.size() > 0) {
            // A pipelined request is already here.
            if (!first_request)
                m_request_deadline = Clock::now() + m_server.options.request_timeout;
            read_header();
            return;
        }
        if (m_server.stopping) {
            close();
            return;
        }
        m_phase = Phase::idle;
        arm(first_byte_deadline);
        m_stream.async_read_some(m_buffer.prepare(read_chunk),
            [self = shared_from_this(), first_request](ErrorCodeValue error, std::size_t size) {
                self->on_first_bytes(error, size, first_request);
            });
    }

    void on_first_bytes(ErrorCodeValue error, std::size_t size, bool first_request)
    {
        disarm();
        // Nothing of a request has arrived: an idle timeout, the client leaving or a stop all
        // end the connection without an answer.
        if (error || m_phase == Phase::closed) {
            close();
            return;
        }
        m_buffer.commit(size);
        if (!first_request)
            m_request_deadline = Clock::now() + m_server.options.request_timeout;
        read_header();
    }

    void read_header()
    {
        m_phase = Phase::reading;
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(m_server.options.header_limit, UINT32_MAX)));
        m_parser->body_limit(m_server.options.body_limit);
        arm(m_request_deadline);
        beast_http::async_read_header(m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](
                ErrorCodeValue error, std::size_t) { self->on_header(error); });
    }

    void on_header(ErrorCodeValue error)
    {
        if (error) {
            on_read_error(error);
            return;
        }
        const auto& header = m_parser->get();
        // RFC 9110 section 10.1.1: a client that sent "Expect: 100-continue" waits for the
        // interim response before sending the body.
        if (!m_parser->is_done() && header.version() == 11 &&
            iequals(header[Field::expect], "100-continue")) {
            asio::async_write(m_stream, asio::buffer(continue_line.data(), continue_line.size()),
                [self = shared_from_this()](ErrorCodeValue write_error, std::size_t) {
                    if (write_error) {
                        self->on_read_error(write_error);
                        return;
                    }
                    self->read_body();
                });
            return;
        }
        read_body();
    }

    void read_body()
    {
        if (m_parser->is_done()) {
            on_body(ErrorCodeValue{});
            return;
        }
        beast_http::async_read(m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](
                ErrorCodeValue error, std::size_t) { self->on_body(error); });
    }

    void on_body(ErrorCodeValue error)
    {
        disarm();
        if (error) {
            on_read_error(error);
            return;
        }
        handle();
    }

    void on_read_error(ErrorCodeValue error)
    {
        disarm();
        if (m_phase == Phase::closed) {
            close();
            return;
        }
        if (m_timed_out) {
            respond_with_error(Status::request_timeout, "the request did not arrive in time");
            return;
        }
        // RFC 9110 section 15.5.14 would allow 431 for large headers; one status for both limits
        // keeps the client side simple.
        if (error == beast_http::error::header_limit || error == beast_http::error::body_limit) {
            respond_with_error(Status::payload_too_large, "the request is too large");
            return;
        }
        bool client_left = error == beast_http::error::end_of_stream ||
            error == beast_http::error::partial_message;
        if (!client_left &&
            error.category() ==
                beast_http::make_error_code(beast_http::error::bad_target).category()) {
            respond_with_error(Status::bad_request, "malformed HTTP request");
            return;
        }
        close();
    }

    void handle()
    {
        m_phase = Phase::handling;
        RawRequest raw = m_parser->release();
        m_parser.reset();
        m_response = m_server.pipeline.handle(std::move(raw), m_remote);
        // A stopping server tells the client not to send another request on this connection.
        if (m_server.stopping)
            m_response.keep_alive(false);
        write(!m_response.keep_alive());
    }

    // An answer for a request the pipeline never saw. It goes through the pipeline's error
    // renderer so it looks like every other error and carries the security headers.
    void respond_with_error(Status status, std::string message)
    {
        RawRequest raw;
        if (m_parser && m_parser->is_header_done()) {
            raw = RawRequest(m_parser->get().base());
        } else {
            raw.method(Verb::get);
            raw.target("/");
            raw.version(11);
        }
        m_parser.reset();
        auto parsed = Request::parse(raw, m_remote);
        if (!parsed) {
            raw.target("/");
            parsed = Request::from_raw(std::move(raw), m_remote);
        }
        const Request& request = parsed.value();
        m_response = m_server.pipeline.error_response(
            request, fail(ErrorCode::invalid_argument, std::move(message)), status);
        m_response.version(request.raw().version());
        m_response.keep_alive(false);
        m_response.prepare_payload();
        if (request.method() == Verb::head)
            m_response.body().clear();
        write(true, true);
    }

    void write(bool close_after, bool linger = false)
    {
        m_phase = Phase::writing;
        // tcp_stream's own timeout suits writing: a client that stops reading is dropped.
        m_stream.expires_after(std::max(m_server.options.request_timeout, linger_limit));
        beast_http::async_write(m_stream, m_response,
            [self = shared_from_this(), close_after, linger](
                ErrorCodeValue error, std::size_t) { self->on_write(error, close_after, linger); });
    }

    void on_write(ErrorCodeValue error, bool close_after, bool linger)
    {
        m_stream.expires_never();
        m_response = {};
        if (error || m_phase == Phase::closed) {
            close();
            return;
        }
        if (linger) {
            linger_then_close();
            return;
        }
        if (close_after || m_server.stopping) {
            // The request was read in full, so only input sent after it (a pipelined request)
            // can be unread; without any, closing at once cannot reset the connection.
            ErrorCodeValue ignored;
            if (m_buffer.size() == 0 && m_stream.socket().available(ignored) == 0) {
                m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
                close();
                return;
            }
            linger_then_close();
            return;
        }
        await_request(Clock::now() + m_server.options.idle_timeout, false);
    }

    // Half-closes, then discards input until the client closes too or linger_limit passes.
    void linger_then_close()
    {
        m_phase = Phase::lingering;
        ErrorCodeValue error;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, error);
        if (error) {
            close();
            return;
        }
        arm(Clock::now() +
            std::min<Clock::duration>(linger_limit, m_server.options.request_timeout));
        drain();
    }

    void drain()
    {
        m_buffer.clear();
        m_stream.async_read_some(m_buffer.prepare(read_chunk),
            [self = shared_from_this()](ErrorCodeValue error, std::size_t) {
                if (error || self->m_phase == Phase::closed) {
                    self->close();
                    return;
                }
                self->drain();
            });
    }

    ServerState& m_server;
    Worker& m_worker;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<beast_http::request_parser<beast_http::string_body>> m_parser;
    Response m_response;
    asio::steady_timer m_timer;
    // Bumped whenever the timer is re-armed or disarmed, so a stale expiry does nothing.
    std::uint64_t m_generation = 0;
    bool m_timed_out = false;
    Phase m_phase = Phase::idle;
    Clock::time_point m_request_deadline;
    std::string m_remote;
};

}  // namespace

Server::Impl::Impl(ServerOptions server_options, Pipeline& server_pipeline)
    : ServerState{std::move(server_options), server_pipeline},
      workers([&] {
          unsigned count =
              options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
          std::vector<std::unique_ptr<Worker>> created;
          for (unsigned i = 0; i < std::max(count, 1U); ++i)
              created.push_back(std::make_unique<Worker>());
          return created;
      }()),
      acceptor(workers.front()->context)
{
}

void Server::Impl::start_accept()
{
    // One acceptor; each accepted socket belongs to the next worker's io_context in turn, so the
    // connections spread over the threads and each is served by one thread only.
    Worker& worker = *workers[next_worker];
    next_worker = (next_worker + 1) % workers.size();
    acceptor.async_accept(
        worker.context, [this, &worker](ErrorCodeValue error, tcp::socket socket) {
            if (error == asio::error::operation_aborted || !acceptor.is_open())
                return;
            if (error) {
                // Out of file descriptors and the like: say so and keep accepting.
                spdlog::warn("accept failed: {}", error.message());
            } else {
                asio::post(worker.context, [this, &worker, socket = std::move(socket)]() mutable {
                    std::make_shared<Connection>(*this, worker, std::move(socket))->start();
                });
            }
            start_accept();
        });
}

void Server::Impl::stop()
{
    if (stopping.exchange(true))
        return;
    for (auto& worker : workers)
        asio::post(worker->context, [this, target = worker.get()] { stop_worker(*target); });
}

void Server::Impl::stop_worker(Worker& worker)
{
    worker.stopping = true;
    if (&worker == workers.front().get()) {
        ErrorCodeValue ignored;
        acceptor.close(ignored);
        if (signals)
            signals->cancel(ignored);
    }
    std::vector<Connection*> open(worker.connections.begin(), worker.connections.end());
    for (auto* connection : open)
        connection->close_if_idle();
    if (!worker.connections.empty()) {
        worker.force_close_timer.expires_after(options.shutdown_timeout);
        worker.force_close_timer.async_wait([&worker](ErrorCodeValue error) {
            if (error)
                return;
            std::vector<Connection*> left(worker.connections.begin(), worker.connections.end());
            if (!left.empty())
                spdlog::warn(
                    "closing {} connections still busy after the shutdown timeout", left.size());
            for (auto* connection : left)
                connection->close();
        });
    }
    worker.guard.reset();
}

void Server::Impl::run_worker(Worker& worker)
{
    // Handlers do not throw; should one anyway, the worker logs it and goes on serving.
    while (true) {
        try {
            worker.context.run();
            return;
        } catch (const std::exception& exception) {
            spdlog::error("server worker caught: {}", exception.what());
        }
    }
}

Server::Server(ServerOptions options, Pipeline& pipeline)
    : m_impl(std::make_unique<Impl>(std::move(options), pipeline))
{
}

Server::~Server() = default;

Result<void> Server::listen()
{
    auto& impl = *m_impl;
    std::string host = impl.options.host;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    auto failure = [&](const std::string& reason) {
        return fail(ErrorCode::unavailable,
            "cannot listen on " + host_and_port(host, impl.options.port) + ": " + reason);
    };

    std::vector<tcp::endpoint> endpoints;
    ErrorCodeValue error;
    auto address = asio::ip::make_address(host, error);
    if (!error) {
        endpoints.emplace_back(address, impl.options.port);
    } else {
        tcp::resolver resolver(impl.workers.front()->context);
        auto results = resolver.resolve(host, std::to_string(impl.options.port), error);
        if (error)
            return failure(error.message());
        for (const auto& entry : results)
            endpoints.push_back(entry.endpoint());
    }
    if (endpoints.empty())
        return failure("the host name has no address");

    // "localhost" may give ::1 and 127.0.0.1; the first address that binds wins.
    for (const auto& endpoint : endpoints) {
        ErrorCodeValue ignored;
        impl.acceptor.close(ignored);
        impl.acceptor.open(endpoint.protocol(), error);
        if (error)
            continue;
        impl.acceptor.set_option(asio::socket_base::reuse_address(true), error);
        if (error)
            continue;
        impl.acceptor.bind(endpoint, error);
        if (error)
            continue;
        impl.acceptor.listen(asio::socket_base::max_listen_connections, error);
        if (error)
            continue;
        impl.bound_port = impl.acceptor.local_endpoint().port();
        return {};
    }
    ErrorCodeValue ignored;
    impl.acceptor.close(ignored);
    return failure(error.message());
}

std::uint16_t Server::port() const
{
    return m_impl->bound_port;
}

void Server::run(bool handle_signals)
{
    auto& impl = *m_impl;
    if (!impl.acceptor.is_open()) {
        spdlog::error("Server::run called without a successful listen()");
        return;
    }
    if (handle_signals) {
        impl.signals.emplace(impl.workers.front()->context, SIGINT, SIGTERM);
        impl.signals->async_wait([&impl](ErrorCodeValue error, int signal) {
            if (error)
                return;
            spdlog::info("signal {} received, stopping", signal);
            impl.stop();
        });
    }
    asio::post(impl.workers.front()->context, [&impl] {
        if (!impl.stopping)
            impl.start_accept();
    });

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < impl.workers.size(); ++i)
        threads.emplace_back([worker = impl.workers[i].get()] { Impl::run_worker(*worker); });
    Impl::run_worker(*impl.workers.front());
    for (auto& thread : threads)
        thread.join();
    impl.signals.reset();
}

void Server::stop()
{
    m_impl->stop();
}

}  // namespace tablero::http

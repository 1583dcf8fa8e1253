#include "http/server.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

namespace tablero::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// A blocking client socket whose reads give up after two seconds, so that a server bug fails
// the test instead of hanging it.
class Client {
public:
    explicit Client(std::uint16_t port) : m_socket(m_context)
    {
        m_socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        timeval timeout{2, 0};
        ::setsockopt(m_socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }

    void send(std::string_view bytes) { asio::write(m_socket, asio::buffer(bytes)); }

    // The next response, or std::nullopt when the connection ended instead.
    std::optional<Response> read()
    {
        beast_http::response_parser<beast_http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        boost::system::error_code error;
        beast_http::read(m_socket, m_buffer, parser, error);
        if (error)
            return std::nullopt;
        return parser.release();
    }

    std::optional<Response> get(std::string_view target, std::string_view extra_headers = "")
    {
        send("GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
            std::string(extra_headers) + "\r\n");
        return read();
    }

    // True when the server closed the connection (end of stream or reset) without sending more.
    bool closed_by_server()
    {
        std::array<char, 256> data{};
        boost::system::error_code error;
        auto size = m_socket.read_some(asio::buffer(data), error);
        return size == 0 && (error == asio::error::eof || error == asio::error::connection_reset);
    }

private:
    asio::io_context m_context;
    tcp::socket m_socket;
    boost::beast::flat_buffer m_buffer;
};

class ServerTest : public ::testing::Test {
protected:
    ServerTest()
    {
        m_router.get("/", [](const Request& r) { return text_response(r, Status::ok, "home"); });
        m_router.post(
            "/echo", [](const Request& r) { return text_response(r, Status::ok, r.body()); });
        m_router.get("/slow", [this](const Request& r) {
            m_slow_started = true;
            std::this_thread::sleep_for(300ms);
            return text_response(r, Status::ok, "slow");
        });
        m_router.get("/remote",
            [](const Request& r) { return text_response(r, Status::ok, r.remote_address()); });
        m_metrics.set_routes(m_router.routes());
    }

    ~ServerTest() override
    {
        if (m_thread.joinable()) {
            m_server->stop();
            m_thread.join();
        }
    }

    void start(ServerOptions options = {})
    {
        options.host = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        m_server = std::make_unique<Server>(options, m_pipeline);
        auto listening = m_server->listen();
        ASSERT_TRUE(listening.ok()) << listening.error().message;
        ASSERT_NE(m_server->port(), 0);
        m_thread = std::thread([this] { m_server->run(); });
    }

    // Stops the server and says how long run() took to return.
    std::chrono::milliseconds stop_and_wait()
    {
        auto start = SteadyClock::now();
        m_server->stop();
        m_thread.join();
        return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    }

    Router m_router;
    Metrics m_metrics;
    Pipeline m_pipeline{m_router, m_metrics, {.access_log = false}};
    std::unique_ptr<Server> m_server;
    std::thread m_thread;
    std::atomic<bool> m_slow_started{false};
};

TEST_F(ServerTest, KeepsTheConnectionAlive)
{
    start();
    Client client(m_server->port());
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(i);
        auto response = client.get("/");
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result(), Status::ok);
        EXPECT_EQ(response->body(), "home");
        EXPECT_TRUE(response->keep_alive());
        EXPECT_EQ((*response)["X-Content-Type-Options"], "nosniff");
    }
    EXPECT_EQ(client.get("/remote")->body(), "127.0.0.1");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder)
{
    start();
    Client client(m_server->port());
    client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                "GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    auto first = client.read();
    auto second = client.read();
    auto third = client.read();
    ASSERT_TRUE(first && second && third);
    EXPECT_EQ(first->body(), "home");
    EXPECT_EQ(second->body(), "hello");
    EXPECT_EQ(third->result(), Status::not_found);
    EXPECT_FALSE(third->keep_alive());
    EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, ClosesAfterConnectionClose)
{
    start();
    Client client(m_server->port());
    auto response = client.get("/", "Connection: close\r\n");
    ASSERT_TRUE(response);
    EXPECT_FALSE(response->keep_alive());
    EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, HonoursExpectContinue)
{
    start();
    Client client(m_server->port());
    client.send(
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    auto interim = client.read();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->result(), Status::continue_);
    client.send("body");
    auto response = client.read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body(), "body");
}

TEST_F(ServerTest, RefusesOversizedRequestsWith413)
{
    ServerOptions options;
    options.header_limit = 1024;
    options.body_limit = 64;
    start(options);
    struct Row {
        const char* name;
        std::string request;
    };
    const Row rows[] = {
        {"body with length",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
                std::string(1000, 'x')},
        {"chunked body",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            "3e8\r\n" +
                std::string(1000, 'x') + "\r\n0\r\n\r\n"},
        {"header", "GET / HTTP/1.1\r\nHost: t\r\nCookie: " + std::string(4000, 'c') + "\r\n\r\n"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        Client client(m_server->port());
        client.send(row.request);
        auto response = client.read();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result(), Status::payload_too_large);
        EXPECT_FALSE(response->keep_alive());
        EXPECT_EQ((*response)["X-Frame-Options"], "DENY");
        EXPECT_TRUE(client.closed_by_server());
    }
    // A request within the limits still works.
    Client client(m_server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(client.read()->body(), "abc");
}

TEST_F(ServerTest, AnswersMalformedRequestsWith400)
{
    start();
    Client client(m_server->port());
    client.send("NOT HTTP AT ALL\r\n\r\n");
    auto response = client.read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result(), Status::bad_request);
    EXPECT_TRUE(client.closed_by_server());

    Client bad_target(m_server->port());
    auto answer = bad_target.get("/a%zz");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->result(), Status::bad_request);
}

TEST_F(ServerTest, Sends408WhenARequestStalls)
{
    ServerOptions options;
    options.request_timeout = 200ms;
    start(options);
    Client client(m_server->port());
    auto begin = SteadyClock::now();
    client.send("GET / HTTP/1.1\r\nHost: t\r\n");
    auto response = client.read();
    auto waited = SteadyClock::now() - begin;
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result(), Status::request_timeout);
    EXPECT_EQ((*response)["Content-Security-Policy"].empty(), false);
    EXPECT_GE(waited, 150ms);
    EXPECT_LT(waited, 1500ms);
    EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, ClosesAStalledBodyWith408)
{
    ServerOptions options;
    options.request_timeout = 200ms;
    start(options);
    Client client(m_server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    auto response = client.read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result(), Status::request_timeout);
}

// The server's own errors go through the pipeline's renderer with their real status, so a page
// for a 408 or a 413 is titled as one.
TEST_F(ServerTest, RendersItsOwnErrorsWithTheirStatus)
{
    std::mutex mutex;
    std::vector<Status> rendered;
    m_pipeline.set_error_renderer([&](const Request& r, Status status, const Error& e) {
        {
            std::lock_guard lock(mutex);
            rendered.push_back(status);
        }
        return default_error_response(r, status, e);
    });
    ServerOptions options;
    options.body_limit = 64;
    options.request_timeout = 200ms;
    start(options);
    struct Row {
        const char* name;
        std::string request;
        Status status;
        const char* body;
    };
    const Row rows[] = {
        {"too large",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
                std::string(1000, 'x'),
            Status::payload_too_large, "the request is too large"},
        {"stalled", "GET / HTTP/1.1\r\nHost: t\r\n", Status::request_timeout,
            "the request did not arrive in time"},
        {"malformed", "NOT HTTP AT ALL\r\n\r\n", Status::bad_request, "malformed HTTP request"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        {
            std::lock_guard lock(mutex);
            rendered.clear();
        }
        Client client(m_server->port());
        client.send(row.request);
        auto response = client.read();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->result(), row.status);
        EXPECT_NE(response->body().find(row.body), std::string::npos) << response->body();
        std::lock_guard lock(mutex);
        EXPECT_EQ(rendered, std::vector<Status>{row.status});
    }
    // The renderer refers to this test's locals, so the server stops before they go.
    stop_and_wait();
}

TEST_F(ServerTest, ClosesIdleKeepAliveConnections)
{
    ServerOptions options;
    options.idle_timeout = 200ms;
    start(options);
    Client client(m_server->port());
    ASSERT_TRUE(client.get("/"));
    auto begin = SteadyClock::now();
    EXPECT_TRUE(client.closed_by_server());
    auto waited = SteadyClock::now() - begin;
    EXPECT_GE(waited, 150ms);
    EXPECT_LT(waited, 1500ms);
}

TEST_F(ServerTest, StopLetsARequestInFlightFinish)
{
    start();
    Client client(m_server->port());
    client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    while (!m_slow_started)
        std::this_thread::sleep_for(1ms);
    auto stopping = std::async(std::launch::async, [this] { return stop_and_wait(); });
    auto response = client.read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result(), Status::ok);
    EXPECT_EQ(response->body(), "slow");
    EXPECT_FALSE(response->keep_alive());
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_LT(stopping.get(), 2000ms);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAtOnce)
{
    start();
    Client idle(m_server->port());
    ASSERT_TRUE(idle.get("/"));
    Client never_spoke(m_server->port());
    // Let the server accept the second connection before stopping.
    std::this_thread::sleep_for(20ms);
    EXPECT_LT(stop_and_wait(), 500ms);
    EXPECT_TRUE(idle.closed_by_server());
    EXPECT_TRUE(never_spoke.closed_by_server());
}

TEST_F(ServerTest, StopBeforeAnyConnection)
{
    start();
    EXPECT_LT(stop_and_wait(), 500ms);
}

TEST_F(ServerTest, ForceClosesAfterTheShutdownTimeout)
{
    ServerOptions options;
    options.shutdown_timeout = 100ms;
    options.request_timeout = 10s;
    start(options);
    Client stalled(m_server->port());
    stalled.send("GET / HTTP/1.1\r\n");
    std::this_thread::sleep_for(20ms);
    auto took = stop_and_wait();
    EXPECT_GE(took, 80ms);
    EXPECT_LT(took, 1000ms);
}

TEST(Server, ReportsAnAddressInUse)
{
    Router router;
    Metrics metrics;
    Pipeline pipeline(router, metrics);
    ServerOptions first_options;
    first_options.port = 0;
    first_options.threads = 1;
    Server first(first_options, pipeline);
    ASSERT_TRUE(first.listen().ok());

    ServerOptions second_options = first_options;
    second_options.port = first.port();
    Server second(second_options, pipeline);
    auto listening = second.listen();
    ASSERT_FALSE(listening.ok());
    EXPECT_EQ(listening.error().code, ErrorCode::unavailable);
    EXPECT_TRUE(listening.error().message.starts_with(
        "cannot listen on 127.0.0.1:" + std::to_string(first.port()) + ": "))
        << listening.error().message;

    ServerOptions bad_host = first_options;
    bad_host.host = "no-such-host.invalid";
    auto unresolved = Server(bad_host, pipeline).listen();
    ASSERT_FALSE(unresolved.ok());
    EXPECT_TRUE(
        unresolved.error().message.starts_with("cannot listen on no-such-host.invalid:0: "));
}

TEST(Server, ListensOnLocalhostAndIpv6)
{
    Router router;
    Metrics metrics;
    Pipeline pipeline(router, metrics);
    for (const char* host : {"localhost", "::1", "[::1]", "0.0.0.0"}) {
        SCOPED_TRACE(host);
        ServerOptions options;
        options.host = host;
        options.port = 0;
        options.threads = 1;
        Server server(options, pipeline);
        auto listening = server.listen();
        // Some containers have no IPv6 loopback; that is the machine's limit, not ours.
        if (!listening.ok() && std::string_view(host).find(':') != std::string_view::npos)
            continue;
        ASSERT_TRUE(listening.ok()) << listening.error().message;
        EXPECT_NE(server.port(), 0);
    }
}

}  // namespace
}  // namespace tablero::http

// The link checker against a small Beast HTTP server started by each test on 127.0.0.1 (so
// private addresses are allowed, except where the SSRF guard is the point): what each answer
// becomes, HEAD then GET, redirects, timeouts, and rounds recorded into an in-memory store.
#include "checks/link_checker.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace tablero::checks {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using evidence::LinkCheckResult;
using evidence::LinkOutcome;
using namespace std::chrono_literals;

// A server whose paths each behave one way:
//   /ok 200; /missing 404; /no-head 405 to HEAD and 200 to GET; /moved 301 to /ok (relative);
//   /moved-twice 302 to /moved (absolute); /loop 302 to itself; /silent never answers.
class TestServer {
public:
    TestServer() : m_acceptor(m_io, {asio::ip::make_address("127.0.0.1"), 0})
    {
        asio::co_spawn(m_io, accept(), asio::detached);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~TestServer()
    {
        m_io.stop();
        m_thread.join();
    }

    std::string url(const std::string& path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_acceptor.local_endpoint().port()) + path;
    }

    // "HEAD /ok", one per request received, in order.
    std::vector<std::string> requests() const
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    std::string last_user_agent() const
    {
        std::lock_guard lock(m_mutex);
        return m_user_agent;
    }

private:
    asio::awaitable<void> accept()
    {
        for (;;) {
            auto socket = co_await m_acceptor.async_accept(asio::use_awaitable);
            asio::co_spawn(m_io, serve(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> serve(asio::ip::tcp::socket socket)
    {
        beast::flat_buffer buffer;
        http::request<http::empty_body> request;
        co_await http::async_read(socket, buffer, request, asio::use_awaitable);
        const std::string path(request.target());
        {
            std::lock_guard lock(m_mutex);
            m_requests.push_back(std::string(request.method_string()) + " " + path);
            m_user_agent = std::string(request[http::field::user_agent]);
        }
        http::response<http::string_body> response{http::status::ok, 11};
        response.body() = "body";
        if (path == "/missing") {
            response.result(http::status::not_found);
        } else if (path == "/no-head" && request.method() == http::verb::head) {
            response.result(http::status::method_not_allowed);
        } else if (path == "/moved") {
            response.result(http::status::moved_permanently);
            response.set(http::field::location, "ok");
        } else if (path == "/moved-twice") {
            response.result(http::status::found);
            response.set(http::field::location, url("/moved"));
        } else if (path == "/loop") {
            response.result(http::status::found);
            response.set(http::field::location, "/loop");
        } else if (path == "/silent") {
            asio::steady_timer forever(m_io, 1h);
            co_await forever.async_wait(asio::use_awaitable);
        }
        response.prepare_payload();
        if (request.method() == http::verb::head)
            response.body().clear();  // the headers keep the GET's Content-Length
        co_await http::async_write(socket, response, asio::use_awaitable);
    }

    asio::io_context m_io;
    asio::ip::tcp::acceptor m_acceptor;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_requests;
    std::string m_user_agent;
};

// A self-signed certificate for the names given ("DNS:localhost,IP:127.0.0.1"), made for the
// test, and its key, both as PEM.
struct TestCertificate {
    std::string certificate;
    std::string key;
};

TestCertificate make_certificate(const char* names)
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
        reinterpret_cast<const unsigned char*>("Tablero test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, names},
             std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        X509_add_ext(cert, extension, -1);
        X509_EXTENSION_free(extension);
    }
    X509_sign(cert, key, EVP_sha256());
    auto pem = [](auto write) {
        BIO* bio = BIO_new(BIO_s_mem());
        write(bio);
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        return out;
    };
    TestCertificate out{
        pem([cert](BIO* bio) { PEM_write_bio_X509(bio, cert); }), pem([key](BIO* bio) {
            PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
        })};
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

// An HTTPS server answering 200 to everything, with the given certificate; it notes the server
// name (SNI) each client sent.
class TlsTestServer {
public:
    explicit TlsTestServer(const TestCertificate& certificate)
        : m_tls(asio::ssl::context::tls_server),
          m_acceptor(m_io, {asio::ip::make_address("127.0.0.1"), 0})
    {
        m_tls.use_certificate_chain(asio::buffer(certificate.certificate));
        m_tls.use_private_key(asio::buffer(certificate.key), asio::ssl::context::pem);
        asio::co_spawn(m_io, accept(), asio::detached);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~TlsTestServer()
    {
        m_io.stop();
        m_thread.join();
    }
    std::string url(const std::string& host) const
    {
        return "https://" + host + ":" + std::to_string(m_acceptor.local_endpoint().port()) + "/ok";
    }
    std::string last_server_name() const
    {
        std::lock_guard lock(m_mutex);
        return m_server_name;
    }

private:
    asio::awaitable<void> accept()
    {
        for (;;) {
            auto socket = co_await m_acceptor.async_accept(asio::use_awaitable);
            asio::co_spawn(m_io, serve(std::move(socket)), asio::detached);
        }
    }
    asio::awaitable<void> serve(asio::ip::tcp::socket socket)
    {
        beast::ssl_stream<asio::ip::tcp::socket> stream(std::move(socket), m_tls);
        co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
        {
            const char* name =
                SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
            std::lock_guard lock(m_mutex);
            m_server_name = name != nullptr ? name : "";
        }
        beast::flat_buffer buffer;
        http::request<http::empty_body> request;
        co_await http::async_read(stream, buffer, request, asio::use_awaitable);
        http::response<http::empty_body> response{http::status::ok, 11};
        response.prepare_payload();
        co_await http::async_write(stream, response, asio::use_awaitable);
    }

    asio::io_context m_io;
    asio::ssl::context m_tls;
    asio::ip::tcp::acceptor m_acceptor;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::string m_server_name;
};

// The store as the checker sees it, in memory.
class MemoryLinkStore final : public storage::LinkCheckStore {
public:
    explicit MemoryLinkStore(std::vector<evidence::LinkSeen> links) : m_links(std::move(links)) { }

    Result<std::vector<evidence::LinkSeen>> links_to_check() override
    {
        std::lock_guard lock(m_mutex);
        return m_links;
    }
    Result<void> record(const std::string& url, const LinkCheckResult& result,
        std::chrono::system_clock::time_point at) override
    {
        std::lock_guard lock(m_mutex);
        m_recorded.emplace_back(url, result);
        for (auto& link : m_links) {
            if (link.url == url)
                link.last_checked = at;
        }
        return {};
    }
    Result<std::map<std::string, storage::LinkCheck>> latest(
        const std::vector<std::string>&) override
    {
        return std::map<std::string, storage::LinkCheck>{};
    }

    std::vector<std::pair<std::string, LinkCheckResult>> recorded() const
    {
        std::lock_guard lock(m_mutex);
        return m_recorded;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<evidence::LinkSeen> m_links;
    std::vector<std::pair<std::string, LinkCheckResult>> m_recorded;
};

class LinkCheckerTest : public ::testing::Test {
protected:
    LinkCheckerOptions options(bool allow_private = true)
    {
        LinkCheckerOptions out;
        out.user_agent = "Tablero link checker (+test)";
        out.timeout = 500ms;
        out.allow_private_addresses = allow_private;
        return out;
    }

    TestServer m_server;
    MemoryLinkStore m_store{{}};
    FakeClock m_clock{std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 12h};
};

TEST_F(LinkCheckerTest, WhatEachAnswerBecomes)
{
    struct Case {
        std::string name;
        std::string url;
        LinkCheckResult expected;
        std::vector<std::string> requests;
    };
    const std::vector<Case> cases = {
        {"200", m_server.url("/ok"), {LinkOutcome::ok, 200, "200 OK"}, {"HEAD /ok"}},
        {"404", m_server.url("/missing"), {LinkOutcome::broken, 404, "404 Not Found"},
            {"HEAD /missing"}},
        {"HEAD refused, GET answers", m_server.url("/no-head"), {LinkOutcome::ok, 200, "200 OK"},
            {"HEAD /no-head", "GET /no-head"}},
        {"301 to 200", m_server.url("/moved"), {LinkOutcome::ok, 200, "200 OK after 1 redirect"},
            {"HEAD /moved", "HEAD /ok"}},
        {"302 to 301 to 200", m_server.url("/moved-twice"),
            {LinkOutcome::ok, 200, "200 OK after 2 redirects"},
            {"HEAD /moved-twice", "HEAD /moved", "HEAD /ok"}},
        {"a redirect loop", m_server.url("/loop"), {LinkOutcome::broken, 302, "too many redirects"},
            std::vector<std::string>(6, "HEAD /loop")},
        {"no answer", m_server.url("/silent"), {LinkOutcome::unreachable, 0, "timeout"},
            {"HEAD /silent"}},
        {"the query is sent, the fragment is not", m_server.url("/ok?a=1#part"),
            {LinkOutcome::ok, 200, "200 OK"}, {"HEAD /ok?a=1"}},
        {"credentials in the address", "http://ana:secret@127.0.0.1:1/",
            {LinkOutcome::broken, 0, "credentials in the address"}, {}},
        {"not an address", "http://exa mple.org/", {LinkOutcome::broken, 0, "not a valid address"},
            {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        LinkChecker checker(m_store, m_clock, options());
        const auto before = m_server.requests().size();
        EXPECT_EQ(checker.check(c.url), c.expected);
        const auto requests = m_server.requests();
        EXPECT_EQ(std::vector<std::string>(requests.begin() + before, requests.end()), c.requests);
    }
    EXPECT_EQ(m_server.last_user_agent(), "Tablero link checker (+test)");
}

TEST_F(LinkCheckerTest, TheGuardRefusesAPrivateAddressBeforeConnecting)
{
    LinkChecker checker(m_store, m_clock, options(/*allow_private=*/false));
    EXPECT_EQ(checker.check(m_server.url("/ok")),
        (LinkCheckResult{LinkOutcome::unreachable, 0, "private address"}));
    EXPECT_EQ(checker.check("http://localhost:1/"),
        (LinkCheckResult{LinkOutcome::unreachable, 0, "private address"}))
        << "a name is judged by the addresses it resolves to";
    EXPECT_EQ(checker.check("http://[::ffff:127.0.0.1]:1/"),
        (LinkCheckResult{LinkOutcome::unreachable, 0, "private address"}));
    EXPECT_EQ(checker.check("http://0.0.0.0:1/"),
        (LinkCheckResult{LinkOutcome::unreachable, 0, "unspecified address"}));
    EXPECT_TRUE(m_server.requests().empty()) << "nothing may reach the server";
}

TEST_F(LinkCheckerTest, ConnectionAndTlsFailuresAreUnreachable)
{
    LinkChecker checker(m_store, m_clock, options());
    // A port nobody listens on: bind one, note it, close it.
    std::uint16_t closed_port = 0;
    {
        asio::io_context io;
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        closed_port = probe.local_endpoint().port();
    }
    const auto refused = checker.check("http://127.0.0.1:" + std::to_string(closed_port) + "/");
    EXPECT_EQ(refused.outcome, LinkOutcome::unreachable);
    EXPECT_EQ(refused.detail.rfind("connection failed", 0), 0u) << refused.detail;

    // HTTPS to a server that speaks plain HTTP: the handshake fails.
    auto plain = m_server.url("/ok");
    plain.replace(0, 4, "https");
    const auto tls = checker.check(plain);
    EXPECT_EQ(tls.outcome, LinkOutcome::unreachable);
    EXPECT_EQ(tls.detail.rfind("TLS failed", 0), 0u) << tls.detail;
}

TEST_F(LinkCheckerTest, HttpsCertificatesAreVerifiedForTheHost)
{
    const auto certificate = make_certificate("DNS:localhost,IP:127.0.0.1");
    TlsTestServer server(certificate);
    {
        // Signed by nobody the system trusts.
        LinkChecker checker(m_store, m_clock, options());
        const auto result = checker.check(server.url("localhost"));
        EXPECT_EQ(result.outcome, LinkOutcome::unreachable);
        EXPECT_EQ(result.detail.rfind("TLS failed", 0), 0u) << result.detail;
        EXPECT_NE(result.detail.find("certificate verify failed"), std::string::npos)
            << result.detail;
    }
    auto trusting = options();
    trusting.extra_certificate_authority = certificate.certificate;
    LinkChecker checker(m_store, m_clock, trusting);
    EXPECT_EQ(
        checker.check(server.url("localhost")), (LinkCheckResult{LinkOutcome::ok, 200, "200 OK"}));
    EXPECT_EQ(server.last_server_name(), "localhost") << "the host is named with SNI";
    EXPECT_EQ(
        checker.check(server.url("127.0.0.1")), (LinkCheckResult{LinkOutcome::ok, 200, "200 OK"}));
    EXPECT_EQ(server.last_server_name(), "") << "no SNI for an IP address";

    // Trusted, but for another name.
    const auto other = make_certificate("DNS:other.example");
    TlsTestServer elsewhere(other);
    trusting.extra_certificate_authority = other.certificate;
    LinkChecker strict(m_store, m_clock, trusting);
    const auto mismatch = strict.check(elsewhere.url("localhost"));
    EXPECT_EQ(mismatch.outcome, LinkOutcome::unreachable);
    EXPECT_EQ(mismatch.detail.rfind("TLS failed", 0), 0u) << mismatch.detail;
}

TEST_F(LinkCheckerTest, ARoundChecksTheDueLinksAndRecordsEach)
{
    const auto now = m_clock.now();
    MemoryLinkStore store({
        {m_server.url("/ok"), std::nullopt},
        {m_server.url("/missing"), now - 25h},
        {m_server.url("/moved"), now - 1h},  // checked recently: not due
        {m_server.url("/no-head"), now - 48h},
    });
    auto opts = options();
    opts.due.per_round = 2;
    LinkChecker checker(store, m_clock, opts);
    std::vector<std::string> heard;
    auto summary = checker.run_round(
        [&heard](const std::string& url, const LinkCheckResult&) { heard.push_back(url); });
    ASSERT_TRUE(summary.ok()) << describe(summary.error());
    EXPECT_EQ(summary->checked, 2u);
    EXPECT_EQ(summary->ok, 2u);
    EXPECT_EQ(summary->left_for_later, 1u);
    // Never checked first, then the oldest.
    const std::vector<std::pair<std::string, LinkCheckResult>> first = {
        {m_server.url("/ok"), {LinkOutcome::ok, 200, "200 OK"}},
        {m_server.url("/no-head"), {LinkOutcome::ok, 200, "200 OK"}},
    };
    EXPECT_EQ(store.recorded(), first);
    EXPECT_EQ(heard, (std::vector<std::string>{m_server.url("/ok"), m_server.url("/no-head")}));

    summary = checker.run_round();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->checked, 1u);
    EXPECT_EQ(summary->broken, 1u);
    EXPECT_EQ(summary->left_for_later, 0u);
    EXPECT_EQ(store.recorded().back(),
        (std::pair<std::string, LinkCheckResult>{
            m_server.url("/missing"), {LinkOutcome::broken, 404, "404 Not Found"}}));

    summary = checker.run_round();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->checked, 0u) << "nothing is due until the interval has passed";
    m_clock.advance(24h);
    EXPECT_EQ(checker.run_round()->checked, 2u);
}

TEST_F(LinkCheckerTest, TheBackgroundThreadChecksAndStopsPromptly)
{
    MemoryLinkStore store({{m_server.url("/ok"), std::nullopt}, {m_server.url("/silent"), {}}});
    auto opts = options();
    opts.timeout = 60s;  // the silent link would hold a check for a minute
    opts.first_round_after = 0ms;
    opts.round_every = 1h;
    LinkChecker checker(store, m_clock, opts);
    checker.start();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (store.recorded().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_EQ(store.recorded().size(), 1u);
    EXPECT_EQ(store.recorded()[0].first, m_server.url("/ok"));
    // Now it waits on /silent: stopping abandons that check.
    const auto stopping = std::chrono::steady_clock::now();
    checker.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
    EXPECT_EQ(store.recorded().size(), 1u) << "an abandoned check is not recorded";
    checker.stop();  // twice is harmless
}

TEST(HostForLogTest, KeepsOnlyTheHost)
{
    EXPECT_EQ(host_for_log("https://example.org/ana-lopez/cv.pdf?id=7"), "example.org");
    EXPECT_EQ(host_for_log("http://[2001:db8::1]:8080/x"), "2001:db8::1");
    EXPECT_EQ(host_for_log("not a url"), "(not a valid address)");
}

}  // namespace
}  // namespace tablero::checks

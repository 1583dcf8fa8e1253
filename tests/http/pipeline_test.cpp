#include "http/pipeline.h"
#include "http/status.h"
#include "test_requests.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

namespace tablero::http {
namespace {

using testing::raw_request;

std::string long_text()
{
    return std::string(2000, 'a');
}

class PipelineTest : public ::testing::Test {
protected:
    PipelineTest()
    {
        m_router.get(
            "/", [](const Request& r) { return html_response(r, Status::ok, long_text()); });
        m_router.get("/small", [](const Request& r) { return html_response(r, Status::ok, "hi"); });
        m_router.get("/image", [](const Request& r) {
            return make_response(r, Status::ok, "image/png", long_text());
        });
        m_router.get("/encoded", [](const Request& r) {
            auto response = html_response(r, Status::ok, long_text());
            response.set(Field::content_encoding, "br");
            return response;
        });
        m_router.get("/vary", [](const Request& r) {
            auto response = html_response(r, Status::ok, long_text());
            response.set(Field::vary, "Cookie");
            return response;
        });
        m_router.get("/throws",
            [](const Request&) -> Response { throw std::runtime_error("database exploded"); });
        m_router.get("/plans/{plan}", [](const Request& r) {
            return text_response(r, Status::ok, std::string(r.param("plan")) + " " + r.route());
        });
        m_router.post("/form", [](const Request& r) { return redirect(r, "/done"); });
        m_router.get(
            "/api/thing", [](const Request& r) { return json_response(r, Status::ok, "{}"); });
        m_router.get("/framed", [](const Request& r) {
            auto response = html_response(r, Status::ok, "x");
            response.set("X-Frame-Options", "SAMEORIGIN");
            return response;
        });
        m_router.get("/plans/{plan}/report", [](const Request& r) -> Result<Response> {
            if (r.param("plan") == "missing")
                return fail(ErrorCode::not_found, "no such plan", "missing");
            return text_response(r, Status::ok, "report");
        });
        m_router.get("/no-length", [](const Request& r) {
            Response response{Status::ok, r.raw().version()};
            response.set(Field::content_type, "text/plain");
            response.body() = "abc";
            return response;
        });
        m_metrics.set_routes(m_router.routes());
    }

    Response handle(RawRequest raw) { return m_pipeline.handle(std::move(raw), "192.0.2.7"); }

    Router m_router;
    Metrics m_metrics;
    Pipeline m_pipeline{m_router, m_metrics};
};

TEST_F(PipelineTest, AnswersWithTheRightStatus)
{
    struct Row {
        Verb method;
        const char* target;
        std::vector<std::pair<std::string_view, std::string_view>> headers;
        Status status;
        const char* content_type;
        const char* body_contains;
    };
    const Row rows[] = {
        {Verb::get, "/small", {}, Status::ok, "text/html; charset=utf-8", "hi"},
        {Verb::get, "/plans/PY%2D1", {}, Status::ok, "text/plain; charset=utf-8",
            "PY-1 /plans/{plan}"},
        {Verb::post, "/form", {}, Status::see_other, "text/plain; charset=utf-8", ""},
        {Verb::get, "/missing", {}, Status::not_found, "text/plain; charset=utf-8", "not found"},
        {Verb::get, "/api/missing", {}, Status::not_found, "application/json",
            R"("code":"not_found")"},
        {Verb::get, "/missing", {{"Accept", "application/json"}}, Status::not_found,
            "application/json", R"("code":"not_found")"},
        {Verb::get, "/throws", {}, Status::internal_server_error, "text/plain; charset=utf-8",
            "internal error"},
        {Verb::delete_, "/small", {}, Status::method_not_allowed, "text/plain; charset=utf-8",
            "method not allowed"},
        {Verb::get, "/bad%zz", {}, Status::bad_request, "text/plain; charset=utf-8", "malformed"},
        // An API client's malformed target still gets the API's JSON error (found by fuzz/).
        {Verb::get, "/api/v1/%00", {}, Status::bad_request, "application/json",
            R"("code":"invalid_argument")"},
        {Verb::get, "/no-length", {}, Status::ok, "text/plain", "abc"},
        {Verb::get, "/plans/x/report", {}, Status::ok, "text/plain; charset=utf-8", "report"},
        {Verb::get, "/plans/missing/report", {}, Status::not_found, "text/plain; charset=utf-8",
            "missing: no such plan"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        auto raw = raw_request(row.method, row.target);
        for (const auto& [name, value] : row.headers)
            raw.set(name, value);
        auto response = handle(std::move(raw));
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(response[Field::content_type], row.content_type);
        EXPECT_NE(response.body().find(row.body_contains), std::string::npos) << response.body();
        EXPECT_EQ(response[Field::content_length], std::to_string(response.body().size()));
        // The exception's text stays in the log, never in the page.
        EXPECT_EQ(response.body().find("database exploded"), std::string::npos);
    }
}

TEST_F(PipelineTest, ListsAllowedMethodsOn405)
{
    auto response = handle(raw_request(Verb::post, "/small"));
    EXPECT_EQ(response.result(), Status::method_not_allowed);
    EXPECT_EQ(response[Field::allow], "GET, HEAD");
}

TEST_F(PipelineTest, AddsSecurityHeadersToEveryResponse)
{
    for (const char* target : {"/small", "/missing", "/throws", "/bad%zz"}) {
        SCOPED_TRACE(target);
        auto response = handle(raw_request(Verb::get, target));
        EXPECT_EQ(response["Content-Security-Policy"],
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
        EXPECT_EQ(response["Referrer-Policy"], "strict-origin-when-cross-origin");
        EXPECT_EQ(response["X-Frame-Options"], "DENY");
    }
    // A handler's own choice stands.
    EXPECT_EQ(handle(raw_request(Verb::get, "/framed"))["X-Frame-Options"], "SAMEORIGIN");
}

TEST_F(PipelineTest, CompressesOnlyWhenItPays)
{
    struct Row {
        const char* target;
        const char* accept_encoding;
        bool gzipped;
        const char* vary;
    };
    const Row rows[] = {
        {"/", "gzip, br", true, "Accept-Encoding"},
        {"/", "", false, "Accept-Encoding"},
        {"/", "gzip;q=0", false, "Accept-Encoding"},
        {"/small", "gzip", false, ""},
        {"/image", "gzip", false, ""},
        {"/encoded", "gzip", false, ""},
        {"/vary", "gzip", true, "Cookie, Accept-Encoding"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(row.target) + " " + row.accept_encoding);
        auto raw = raw_request(Verb::get, row.target);
        if (*row.accept_encoding)
            raw.set(Field::accept_encoding, row.accept_encoding);
        auto response = handle(std::move(raw));
        EXPECT_EQ(response[Field::content_encoding] == "gzip", row.gzipped);
        EXPECT_EQ(response[Field::vary], row.vary);
        EXPECT_EQ(response[Field::content_length], std::to_string(response.body().size()));
        if (row.gzipped) {
            EXPECT_LT(response.body().size(), 2000U);
        }
    }
}

TEST_F(PipelineTest, AnswersHeadWithHeadersOnly)
{
    auto get = handle(raw_request(Verb::get, "/", {{"Accept-Encoding", "gzip"}}));
    auto head = handle(raw_request(Verb::head, "/", {{"Accept-Encoding", "gzip"}}));
    EXPECT_EQ(head.result(), Status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(head[Field::content_length], get[Field::content_length]);
    EXPECT_EQ(head[Field::content_encoding], "gzip");
}

TEST_F(PipelineTest, FollowsTheRequestsKeepAlive)
{
    EXPECT_TRUE(handle(raw_request(Verb::get, "/small")).keep_alive());
    EXPECT_FALSE(handle(raw_request(Verb::get, "/small", {{"Connection", "close"}})).keep_alive());
    auto old = raw_request(Verb::get, "/small");
    old.version(10);
    auto response = handle(std::move(old));
    EXPECT_EQ(response.version(), 10);
    EXPECT_FALSE(response.keep_alive());
}

TEST_F(PipelineTest, UsesTheInstalledErrorRenderer)
{
    m_pipeline.set_error_renderer([](const Request& r, Status status, const Error& e) {
        return html_response(r, status, "<h1>" + std::string(to_string(e.code)) + "</h1>");
    });
    auto response = handle(raw_request(Verb::get, "/missing"));
    EXPECT_EQ(response.result(), Status::not_found);
    EXPECT_EQ(response.body(), "<h1>not_found</h1>");
    EXPECT_EQ(response["X-Frame-Options"], "DENY");
}

// The renderer sees every error the pipeline answers, with the status it is answered with.
TEST_F(PipelineTest, RendersEveryErrorWithItsStatus)
{
    struct Rendered {
        Status status;
        Error error;
    };
    std::vector<Rendered> rendered;
    m_pipeline.set_error_renderer([&rendered](const Request& r, Status status, const Error& e) {
        rendered.push_back({status, e});
        return html_response(
            r, status, "<h1>" + std::to_string(static_cast<int>(status)) + "</h1>");
    });
    struct Row {
        Verb method;
        const char* target;
        Status status;
        ErrorCode code;
        const char* message;
    };
    const Row rows[] = {
        {Verb::get, "/plans/missing/report", Status::not_found, ErrorCode::not_found,
            "no such plan"},
        {Verb::delete_, "/small", Status::method_not_allowed, ErrorCode::invalid_argument,
            "method not allowed"},
        {Verb::get, "/missing", Status::not_found, ErrorCode::not_found, "page not found"},
        {Verb::get, "/throws", Status::internal_server_error, ErrorCode::internal,
            "internal error"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        rendered.clear();
        auto response = handle(raw_request(row.method, row.target));
        ASSERT_EQ(rendered.size(), 1U);
        EXPECT_EQ(rendered.front().status, row.status);
        EXPECT_EQ(rendered.front().error.code, row.code);
        EXPECT_EQ(rendered.front().error.message, row.message);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(response.body(), "<h1>" + std::to_string(static_cast<int>(row.status)) + "</h1>");
        EXPECT_EQ(response["X-Frame-Options"], "DENY");
    }
    // The 405 keeps its Allow header after the renderer.
    EXPECT_EQ(handle(raw_request(Verb::post, "/small"))[Field::allow], "GET, HEAD");
}

TEST_F(PipelineTest, ErrorResponseUsesTheStatusItIsGiven)
{
    std::vector<Status> statuses;
    m_pipeline.set_error_renderer([&statuses](const Request& r, Status status, const Error&) {
        statuses.push_back(status);
        return text_response(r, status, "x");
    });
    auto request = testing::request(Verb::get, "/");
    auto too_large = fail(ErrorCode::invalid_argument, "the request is too large");
    EXPECT_EQ(m_pipeline.error_response(request, too_large).result(), Status::bad_request);
    EXPECT_EQ(m_pipeline.error_response(request, too_large, Status::payload_too_large).result(),
        Status::payload_too_large);
    EXPECT_EQ(statuses, (std::vector<Status>{Status::bad_request, Status::payload_too_large}));
}

TEST_F(PipelineTest, FallsBackToTheDefaultWhenTheRendererThrows)
{
    m_pipeline.set_error_renderer([](const Request&, Status, const Error&) -> Response {
        throw std::runtime_error("template missing");
    });
    auto response = handle(raw_request(Verb::delete_, "/small"));
    EXPECT_EQ(response.result(), Status::method_not_allowed);
    EXPECT_EQ(response[Field::content_type], "text/plain; charset=utf-8");
    EXPECT_NE(response.body().find("method not allowed"), std::string::npos);
    EXPECT_EQ(response[Field::allow], "GET, HEAD");
}

TEST_F(PipelineTest, RecordsMetrics)
{
    handle(raw_request(Verb::get, "/plans/a"));
    handle(raw_request(Verb::get, "/plans/b"));
    handle(raw_request(Verb::get, "/missing"));
    auto text = m_metrics.render();
    EXPECT_NE(text.find(R"(tablero_http_requests_total{route="/plans/{plan}",code="200"} 2)"),
        std::string::npos);
    EXPECT_NE(text.find(R"(tablero_http_requests_total{route="unmatched",code="404"} 1)"),
        std::string::npos);
}

TEST_F(PipelineTest, WritesAnAccessLogLineWithoutTheQueryOrTheClientAddress)
{
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = std::make_shared<spdlog::logger>("access", sink);
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
    handle(raw_request(Verb::get, "/plans/x?email=someone%40example.org"));
    spdlog::drop("access");

    auto line = nlohmann::json::parse(out.str());
    EXPECT_EQ(line["method"], "GET");
    EXPECT_EQ(line["route"], "/plans/{plan}");
    EXPECT_EQ(line["path"], "/plans/x");
    EXPECT_EQ(line["status"], 200);
    EXPECT_FALSE(line.contains("remote"));
    EXPECT_EQ(out.str().find("192.0.2.7"), std::string::npos);
    EXPECT_TRUE(line.contains("bytes"));
    EXPECT_TRUE(line.contains("duration_ms"));
    EXPECT_EQ(out.str().find("example.org"), std::string::npos);
}

// Behind a trusted proxy the handler sees the client the proxy names; anyone else's
// X-Forwarded-For is ignored.
TEST(PipelineForwarded, HandlersSeeTheClientATrustedProxyNames)
{
    Router router;
    router.get(
        "/who", [](const Request& r) { return text_response(r, Status::ok, r.remote_address()); });
    Metrics metrics;
    metrics.set_routes(router.routes());
    Pipeline pipeline{router, metrics, {.access_log = false}};
    pipeline.trust_proxies({"127.0.0.1"});
    auto who = [&](const char* peer, const char* forwarded_for) {
        auto raw = raw_request(Verb::get, "/who", {{"X-Forwarded-For", forwarded_for}});
        return pipeline.handle(std::move(raw), peer).body();
    };
    EXPECT_EQ(who("127.0.0.1", "198.51.100.1"), "198.51.100.1");
    EXPECT_EQ(who("203.0.113.9", "198.51.100.1"), "203.0.113.9");
    auto twice = raw_request(Verb::get, "/who", {{"X-Forwarded-For", "198.51.100.1"}});
    twice.insert("X-Forwarded-For", "10.0.0.1");
    EXPECT_EQ(pipeline.handle(std::move(twice), "127.0.0.1").body(), "10.0.0.1");
}

}  // namespace
}  // namespace tablero::http

#include "http/pipeline.h"
#include "http/static_files.h"
#include "http/status.h"
#include "test_requests.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace tablero::http {
namespace {

using testing::request;
using testing::unwrap;

// What a client sees for serve's answer when no renderer is installed: the response, or the
// error through the default renderer, as the pipeline would answer it.
Response as_answered(const Request& request, Result<Response> result)
{
    if (result.ok())
        return std::move(result).value();
    return default_error_response(request, status_for(result.error().code), result.error());
}

// A folder of static files made for one test and removed after it.
class StaticFilesTest : public ::testing::Test {
protected:
    StaticFilesTest()
    {
        m_root = std::filesystem::temp_directory_path() /
            ("tablero-static-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_root);
        write("css/site.css", std::string(3000, 'a') + "body { color: black; }");
        write("img/logo.png", std::string(3000, '\x89'));
        write("robots.txt", "User-agent: *\n");
        write(".hidden", "secret");
        write("../outside.txt", "TOP SECRET");
        auto loaded = StaticFiles::load(m_root);
        EXPECT_TRUE(loaded.ok());
        m_files = *loaded;
    }

    ~StaticFilesTest() override
    {
        std::filesystem::remove_all(m_root);
        std::filesystem::remove(m_root.parent_path() / "outside.txt");
    }

    void write(const std::string& relative, const std::string& bytes)
    {
        auto path = m_root / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << bytes;
    }

    std::filesystem::path m_root;
    std::shared_ptr<StaticFiles> m_files;
};

TEST_F(StaticFilesTest, ServesFilesWithValidators)
{
    struct Row {
        const char* path;
        Status status;
        const char* content_type;
    };
    const Row rows[] = {
        {"css/site.css", Status::ok, "text/css; charset=utf-8"},
        {"img/logo.png", Status::ok, "image/png"},
        {"robots.txt", Status::ok, "text/plain; charset=utf-8"},
        {"missing.css", Status::not_found, "text/plain; charset=utf-8"},
        {".hidden", Status::not_found, "text/plain; charset=utf-8"},
        {"../outside.txt", Status::not_found, "text/plain; charset=utf-8"},
        {"css/../robots.txt", Status::not_found, "text/plain; charset=utf-8"},
        {"/etc/passwd", Status::not_found, "text/plain; charset=utf-8"},
        {"css//site.css", Status::not_found, "text/plain; charset=utf-8"},
        {"", Status::not_found, "text/plain; charset=utf-8"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.path);
        auto home = request(Verb::get, "/");
        auto response = as_answered(home, m_files->serve(home, row.path));
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(response[Field::content_type], row.content_type);
        if (row.status != Status::ok)
            continue;
        auto etag = std::string(response[Field::etag]);
        EXPECT_EQ(etag.size(), 18U);
        EXPECT_EQ(etag.front(), '"');
        EXPECT_EQ(response[Field::cache_control], "public, max-age=300");
    }
}

TEST_F(StaticFilesTest, FingerprintedUrlsAreImmutable)
{
    auto url = m_files->url("css/site.css");
    ASSERT_TRUE(url.starts_with("/static/css/site.css?v="));
    auto hash = url.substr(url.find("?v=") + 3);
    EXPECT_EQ(hash.size(), 16U);

    auto response = unwrap(m_files->serve(request(Verb::get, url), "css/site.css"));
    EXPECT_EQ(response[Field::etag], "\"" + hash + "\"");
    EXPECT_EQ(response[Field::cache_control], "public, max-age=31536000, immutable");

    auto stale =
        unwrap(m_files->serve(request(Verb::get, "/static/css/site.css?v=0000"), "css/site.css"));
    EXPECT_EQ(stale[Field::cache_control], "public, max-age=300");
    EXPECT_EQ(m_files->url("unknown.js"), "/static/unknown.js");
}

TEST_F(StaticFilesTest, AnswersNotModified)
{
    auto first = unwrap(m_files->serve(request(Verb::get, "/"), "css/site.css"));
    std::string etag(first[Field::etag]);
    std::string weak = "W/" + etag;
    struct Row {
        std::string if_none_match;
        Status expected;
    };
    const Row rows[] = {
        {etag, Status::not_modified},
        {weak, Status::not_modified},
        {"\"other\", " + etag, Status::not_modified},
        {"*", Status::not_modified},
        {"\"other\"", Status::ok},
        {"", Status::ok},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.if_none_match);
        auto response = unwrap(m_files->serve(
            request(Verb::get, "/", {{"If-None-Match", row.if_none_match}}), "css/site.css"));
        EXPECT_EQ(response.result(), row.expected);
        if (row.expected == Status::not_modified) {
            EXPECT_TRUE(response.body().empty());
            EXPECT_EQ(response[Field::etag], etag);
        }
    }
}

TEST_F(StaticFilesTest, ServesThePrecompressedCopy)
{
    auto plain = unwrap(m_files->serve(request(Verb::get, "/"), "css/site.css"));
    auto gzipped = unwrap(
        m_files->serve(request(Verb::get, "/", {{"Accept-Encoding", "gzip"}}), "css/site.css"));
    EXPECT_EQ(plain[Field::content_encoding], "");
    EXPECT_EQ(gzipped[Field::content_encoding], "gzip");
    EXPECT_EQ(plain[Field::vary], "Accept-Encoding");
    EXPECT_EQ(gzipped[Field::vary], "Accept-Encoding");
    EXPECT_LT(gzipped.body().size(), plain.body().size());
    // The two representations have different strong validators (RFC 9110 section 8.8.3).
    EXPECT_NE(gzipped[Field::etag], plain[Field::etag]);
    auto revalidated = unwrap(
        m_files->serve(request(Verb::get, "/",
                           {{"Accept-Encoding", "gzip"}, {"If-None-Match", gzipped[Field::etag]}}),
            "css/site.css"));
    EXPECT_EQ(revalidated.result(), Status::not_modified);

    auto png = unwrap(
        m_files->serve(request(Verb::get, "/", {{"Accept-Encoding", "gzip"}}), "img/logo.png"));
    EXPECT_EQ(png[Field::content_encoding], "");
    EXPECT_EQ(png[Field::vary], "");
}

TEST_F(StaticFilesTest, AMissingOrUnsafePathIsANotFoundError)
{
    for (const char* path : {"missing.css", ".hidden", "../outside.txt", "/etc/passwd", ""}) {
        SCOPED_TRACE(path);
        auto served = m_files->serve(request(Verb::get, "/"), path);
        ASSERT_FALSE(served.ok());
        EXPECT_EQ(served.error().code, ErrorCode::not_found);
        EXPECT_EQ(served.error().where, path);
    }
}

TEST_F(StaticFilesTest, RegistersARouteThroughThePipeline)
{
    Router router;
    m_files->register_routes(router);
    Metrics metrics;
    Pipeline pipeline(router, metrics, {.access_log = false});
    struct Row {
        const char* target;
        Status expected;
    };
    const Row rows[] = {
        {"/static/robots.txt", Status::ok},
        {"/static/css/site.css", Status::ok},
        {"/static/%2e%2e/outside.txt", Status::not_found},
        {"/static/css/%2E%2E/%2E%2E/outside.txt", Status::not_found},
        {"/static/nothing", Status::not_found},
    };
    std::vector<Status> rendered;
    pipeline.set_error_renderer([&rendered](const Request& r, Status status, const Error& e) {
        rendered.push_back(status);
        return default_error_response(r, status, e);
    });
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        rendered.clear();
        auto response = pipeline.handle(testing::raw_request(Verb::get, row.target), "");
        EXPECT_EQ(response.result(), row.expected);
        EXPECT_EQ(response.body().find("TOP SECRET"), std::string::npos);
        // A missing file is answered by the installed error renderer, like any other error.
        if (row.expected == Status::ok) {
            EXPECT_TRUE(rendered.empty());
        } else {
            EXPECT_EQ(rendered, std::vector<Status>{row.expected});
        }
    }
}

TEST(StaticFiles, ReportsAMissingFolder)
{
    auto loaded = StaticFiles::load("/nonexistent/tablero/static");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace tablero::http

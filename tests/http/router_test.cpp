#include "http/router.h"
#include "test_requests.h"

#include <gtest/gtest.h>

namespace tablero::http {
namespace {

Handler named(std::string name)
{
    return [name](const Request& request) { return text_response(request, Status::ok, name); };
}

TEST(Router, MatchesPatterns)
{
    Router router;
    router.get("/", named("home"));
    router.get("/plans", named("plans"));
    router.get("/plans/new", named("new plan"));
    router.get("/plans/{plan}", named("plan"));
    router.post("/plans/{plan}", named("update plan"));
    router.get("/plans/{plan}/commitments/{code}", named("commitment"));
    router.get("/static/{path...}", named("static"));
    router.get("/files/{name}/", named("trailing slash"));

    struct Row {
        Verb method;
        const char* path;
        Router::Outcome outcome;
        const char* route;
        std::vector<std::pair<std::string, std::string>> params;
        const char* allowed;
    };
    using O = Router::Outcome;
    const Row rows[] = {
        {Verb::get, "/", O::found, "/", {}, ""},
        {Verb::get, "/plans", O::found, "/plans", {}, ""},
        {Verb::get, "/plans/new", O::found, "/plans/new", {}, ""},
        {Verb::get, "/plans/PY-2014", O::found, "/plans/{plan}", {{"plan", "PY-2014"}}, ""},
        {Verb::head, "/plans/PY-2014", O::found, "/plans/{plan}", {{"plan", "PY-2014"}}, ""},
        {Verb::post, "/plans/PY-2014", O::found, "/plans/{plan}", {{"plan", "PY-2014"}}, ""},
        // The POST handler of the parameter pattern takes "new" when the literal has no POST.
        {Verb::post, "/plans/new", O::found, "/plans/{plan}", {{"plan", "new"}}, ""},
        {Verb::get, "/plans/a b", O::found, "/plans/{plan}", {{"plan", "a b"}}, ""},
        {Verb::get, "/plans/PY/commitments/3", O::found, "/plans/{plan}/commitments/{code}",
            {{"plan", "PY"}, {"code", "3"}}, ""},
        {Verb::get, "/static/css/site.css", O::found, "/static/{path...}",
            {{"path", "css/site.css"}}, ""},
        {Verb::get, "/static/a", O::found, "/static/{path...}", {{"path", "a"}}, ""},
        {Verb::get, "/static/", O::found, "/static/{path...}", {{"path", ""}}, ""},
        {Verb::get, "/files/x/", O::found, "/files/{name}/", {{"name", "x"}}, ""},
        {Verb::get, "/files/x", O::not_found, "", {}, ""},
        {Verb::get, "/static", O::not_found, "", {}, ""},
        {Verb::get, "/static/../etc/passwd", O::not_found, "", {}, ""},
        {Verb::get, "/static/css/../../x", O::not_found, "", {}, ""},
        // The path as sent: split at its slashes, then each segment decoded.
        {Verb::get, "/plans/a%20b", O::found, "/plans/{plan}", {{"plan", "a b"}}, ""},
        {Verb::get, "/plans/C%2F2", O::found, "/plans/{plan}", {{"plan", "C/2"}}, ""},
        {Verb::get, "/plans/P%2F1/commitments/C%2F2", O::found, "/plans/{plan}/commitments/{code}",
            {{"plan", "P/1"}, {"code", "C/2"}}, ""},
        {Verb::get, "/static/css%2Fsite.css", O::not_found, "", {}, ""},
        {Verb::get, "/static/%2E%2E/etc/passwd", O::not_found, "", {}, ""},
        {Verb::get, "/static/a%2F..%2F..%2Fx", O::not_found, "", {}, ""},
        {Verb::get, "/plans/%zz", O::not_found, "", {}, ""},
        {Verb::get, "/plans/a%00b", O::not_found, "", {}, ""},
        {Verb::get, "/plans/", O::not_found, "", {}, ""},
        {Verb::get, "/plans/PY/extra", O::not_found, "", {}, ""},
        {Verb::get, "/nowhere", O::not_found, "", {}, ""},
        {Verb::delete_, "/plans/PY", O::method_not_allowed, "", {}, "GET, HEAD, POST"},
        {Verb::post, "/plans", O::method_not_allowed, "", {}, "GET, HEAD"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(beast_http::to_string(row.method)) + " " + row.path);
        auto match = router.match(row.method, row.path);
        ASSERT_EQ(match.outcome, row.outcome);
        EXPECT_EQ(match.allowed, row.allowed);
        if (row.outcome != O::found)
            continue;
        ASSERT_NE(match.route, nullptr);
        EXPECT_EQ(*match.route, row.route);
        EXPECT_EQ(match.params, row.params);
        EXPECT_EQ(router.routes().at(match.route_index), row.route);
    }
}

TEST(Router, NumbersPatternsInRegistrationOrder)
{
    Router router;
    router.get("/a", named("a"));
    router.get("/b/{x}", named("b"));
    router.post("/a", named("post a"));
    router.get("/c", named("c"));
    EXPECT_EQ(router.routes(), (std::vector<std::string>{"/a", "/b/{x}", "/c"}));
    EXPECT_EQ(router.match(Verb::post, "/a").route_index, 0U);
    EXPECT_EQ(router.match(Verb::get, "/b/1").route_index, 1U);
    EXPECT_EQ(router.match(Verb::get, "/c").route_index, 2U);
}

TEST(Router, CallsTheMatchedHandler)
{
    Router router;
    router.get("/plans/{plan}", named("plan"));
    auto match = router.match(Verb::get, "/plans/x");
    auto response = testing::unwrap((*match.handler)(testing::request(Verb::get, "/plans/x")));
    EXPECT_EQ(response.body(), "plan");
}

TEST(Router, PassesOnTheHandlersError)
{
    Router router;
    router.get("/plans/{plan}",
        [](const Request&) -> Result<Response> { return fail(ErrorCode::not_found, "no plan"); });
    auto match = router.match(Verb::get, "/plans/x");
    auto result = (*match.handler)(testing::request(Verb::get, "/plans/x"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
}

TEST(Router, ListsThePatternsOfAMethod)
{
    Router router;
    router.get("/a", named("a"));
    router.post("/b", named("b"));
    router.get("/c", named("c"));
    router.post("/c", named("c"));
    EXPECT_EQ(router.routes_for(Verb::post), (std::vector<std::string>{"/b", "/c"}));
    EXPECT_EQ(router.routes_for(Verb::get), (std::vector<std::string>{"/a", "/c"}));
    EXPECT_TRUE(router.routes_for(Verb::delete_).empty());
}

TEST(Router, RefusesMalformedPatternsAndDuplicates)
{
    Router router;
    router.get("/a", named("a"));
    EXPECT_THROW(router.get("/a", named("again")), std::invalid_argument);
    EXPECT_THROW(router.get("no-slash", named("x")), std::invalid_argument);
    EXPECT_THROW(router.get("/{rest...}/more", named("x")), std::invalid_argument);
}

}  // namespace
}  // namespace tablero::http

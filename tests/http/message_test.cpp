#include "http/message.h"
#include "test_requests.h"

#include <gtest/gtest.h>

namespace tablero::http {
namespace {

using testing::raw_request;
using testing::request;

TEST(Request, SplitsAndDecodesTheTarget)
{
    struct Row {
        const char* target;
        bool ok;
        const char* path;
        std::vector<std::pair<std::string, std::string>> query;
    };
    const Row rows[] = {
        {"/", true, "/", {}},
        {"/plans/PY-2014", true, "/plans/PY-2014", {}},
        {"/plans/PY-2014?lang=en", true, "/plans/PY-2014", {{"lang", "en"}}},
        {"/caf%C3%A9/a%20b", true, "/café/a b", {}},
        {"/search?q=open+data&page=2", true, "/search", {{"q", "open data"}, {"page", "2"}}},
        {"/search?q=a%2Bb%26c", true, "/search", {{"q", "a+b&c"}}},
        {"/search?flag&x=", true, "/search", {{"flag", ""}, {"x", ""}}},
        {"/search?a=1&a=2", true, "/search", {{"a", "1"}, {"a", "2"}}},
        {"/path+plus", true, "/path+plus", {}},
        {"/static/%2e%2e/secret", true, "/static/../secret", {}},
        {"http://example.com/a%20b?x=1", true, "/a b", {{"x", "1"}}},
        {"https://example.com", true, "/", {}},
        {"ftp://example.com/", false, "", {}},
        {"mailto:someone@example.org", false, "", {}},
        {"*", false, "", {}},
        {"/bad%zz", false, "", {}},
        {"/nul%00byte", false, "", {}},
        {"/with space", false, "", {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        auto parsed = Request::from_raw(raw_request(Verb::get, row.target), "192.0.2.1");
        ASSERT_EQ(parsed.ok(), row.ok);
        if (!row.ok) {
            EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
            continue;
        }
        EXPECT_EQ(parsed->path(), row.path);
        EXPECT_EQ(parsed->query_params(), row.query);
        EXPECT_EQ(parsed->target(), row.target);
        EXPECT_EQ(parsed->remote_address(), "192.0.2.1");
    }
}

TEST(Request, ParseKeepsTheRawRequestOnError)
{
    auto raw = raw_request(Verb::get, "/bad%zz", {{"Accept", "application/json"}});
    auto parsed = Request::parse(raw);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(raw[Field::accept], "application/json");
}

TEST(Request, QueryReturnsTheFirstValue)
{
    auto r = request(Verb::get, "/s?a=1&b=x+y&a=2");
    EXPECT_EQ(r.query("a"), "1");
    EXPECT_EQ(r.query("b"), "x y");
    EXPECT_EQ(r.query("c"), std::nullopt);
}

TEST(Request, ReadsCookies)
{
    struct Row {
        const char* header;
        const char* name;
        std::optional<std::string> expected;
    };
    const Row rows[] = {
        {"session=abc", "session", "abc"},
        {"a=1; session=abc; b=2", "session", "abc"},
        {"a=1;session=abc", "session", "abc"},
        {"session=\"quoted\"", "session", "quoted"},
        {"sessionx=1; xsession=2", "session", std::nullopt},
        {"session=", "session", ""},
        {"lang=en; theme=dark", "theme", "dark"},
        {"garbage; lang=en", "lang", "en"},
        {"", "session", std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.header);
        auto r = request(Verb::get, "/", {{"Cookie", row.header}});
        EXPECT_EQ(r.cookie(row.name), row.expected);
    }
}

TEST(Request, LooksUpHeaders)
{
    auto r = request(Verb::get, "/", {{"Accept-Language", "es, en;q=0.5"}, {"X-Custom", "yes"}});
    EXPECT_EQ(r.header(Field::accept_language), "es, en;q=0.5");
    EXPECT_EQ(r.header("x-custom"), "yes");
    EXPECT_EQ(r.header("X-Missing"), "");
    EXPECT_EQ(r.header(Field::referer), "");
}

TEST(Request, KnowsWhetherTheClientAcceptsGzip)
{
    struct Row {
        const char* accept_encoding;
        bool expected;
    };
    const Row rows[] = {
        {"gzip", true},
        {"gzip, deflate, br", true},
        {"br;q=1.0, gzip;q=0.8, *;q=0.1", true},
        {"GZIP", true},
        {"x-gzip", true},
        {"gzip;q=0", false},
        {"gzip;q=0.000", false},
        {"gzip; q=0.001", true},
        {"deflate, br", false},
        {"*", true},
        {"*;q=0", false},
        {"gzip;q=0, *", false},
        {"identity", false},
        {"", false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.accept_encoding);
        auto r = request(Verb::get, "/", {{"Accept-Encoding", row.accept_encoding}});
        EXPECT_EQ(r.accepts_gzip(), row.expected);
    }
}

TEST(Response, HelpersSetTypeVersionKeepAliveAndLength)
{
    struct Row {
        const char* name;
        Response response;
        const char* content_type;
    };
    auto r = request(Verb::get, "/");
    auto closing =
        Request::from_raw(raw_request(Verb::get, "/", {{"Connection", "close"}})).value();
    const Row rows[] = {
        {"html", html_response(r, Status::ok, "<p>hi</p>"), "text/html; charset=utf-8"},
        {"json", json_response(r, Status::created, "{}"), "application/json"},
        {"text", text_response(closing, Status::ok, "hi"), "text/plain; charset=utf-8"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(row.response[Field::content_type], row.content_type);
        EXPECT_EQ(row.response.version(), 11);
        EXPECT_EQ(row.response[Field::content_length], std::to_string(row.response.body().size()));
    }
    EXPECT_TRUE(rows[0].response.keep_alive());
    EXPECT_FALSE(rows[2].response.keep_alive());

    auto moved = redirect(r, "/plans/PY-2014");
    EXPECT_EQ(moved.result(), Status::see_other);
    EXPECT_EQ(moved[Field::location], "/plans/PY-2014");
}

}  // namespace
}  // namespace tablero::http

namespace tablero::http {
namespace {

TEST(Form, DecodesWhatBrowsersPost)
{
    struct Case {
        std::string body;
        FormFields expected;
    };
    const std::vector<Case> cases = {
        {"", {}},
        {"email=ana%40example.org&password=a+b%2Bc",
            {{"email", "ana@example.org"}, {"password", "a b+c"}}},
        {"name=Jos%C3%A9+P%C3%A9rez", {{"name", "José Pérez"}}},
        {"a=1&a=2&b=", {{"a", "1"}, {"a", "2"}, {"b", ""}}},
        {"flag&x=%3D%26", {{"flag", ""}, {"x", "=&"}}},
        {"&&x=1&", {{"x", "1"}}},
    };
    for (const auto& c : cases) {
        auto fields = parse_form(c.body);
        ASSERT_TRUE(fields.ok()) << c.body;
        EXPECT_EQ(*fields, c.expected) << c.body;
    }
    EXPECT_FALSE(parse_form("x=%zz").ok());
    EXPECT_FALSE(parse_form("x=%4").ok());
    const FormFields fields = {{"a", "1"}, {"a", "2"}};
    EXPECT_EQ(form_value(fields, "a"), "1");
    EXPECT_EQ(form_value(fields, "b"), "");
}

// parse_form takes a string_view, which need not be followed by a NUL: it must read the view and
// nothing past it (Boost.URL 1.81's parse_query measured its text with strlen).
TEST(Form, ReadsOnlyTheViewItIsGiven)
{
    const std::string whole = "a=1b&c=2";
    struct Case {
        std::string_view body;
        FormFields expected;
    };
    const std::vector<Case> cases = {
        {std::string_view(whole).substr(0, 3), {{"a", "1"}}},
        {std::string_view(whole).substr(0, 0), {}},
        {std::string_view(whole).substr(5, 1), {{"c", ""}}},
        {std::string_view(whole).substr(whole.size()), {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.body));
        auto fields = parse_form(c.body);
        ASSERT_TRUE(fields.ok());
        EXPECT_EQ(*fields, c.expected);
    }
}

TEST(TargetWith, ReplacesAddsAndRemovesParameters)
{
    struct Case {
        std::string target;
        std::string expected;
    };
    auto request = [](std::string target) {
        return Request::from_raw(RawRequest{Verb::get, target, 11}).value();
    };
    const auto plain = request("/plans/X?area=a%20b&page=3&lang=en");
    EXPECT_EQ(target_with(plain, {{"page", "4"}}), "/plans/X?area=a%20b&page=4&lang=en");
    EXPECT_EQ(target_with(plain, {{"page", ""}, {"lang", ""}}), "/plans/X?area=a%20b");
    EXPECT_EQ(target_with(plain, {{"status", "delayed"}}),
        "/plans/X?area=a%20b&page=3&lang=en&status=delayed");
    EXPECT_EQ(target_with(plain, "/plans/X/commitments.csv", {{"page", ""}}),
        "/plans/X/commitments.csv?area=a%20b&lang=en");
    EXPECT_EQ(
        target_with(request("/plans/X"), {{"as_of", "2015-06-30"}}), "/plans/X?as_of=2015-06-30");
    // The root stays "/" (Boost.URL alone writes "/./?page=2").
    EXPECT_EQ(target_with(request("/?page=3"), {{"page", "2"}}), "/?page=2");
    EXPECT_EQ(target_with(request("/?page=2"), {{"page", ""}}), "/");
}

}  // namespace
}  // namespace tablero::http

#include "web/language.h"
#include "web_test_support.h"

#include <gtest/gtest.h>

namespace tablero::web {
namespace {

using testing::header;
using testing::make_request;

TEST(WebLanguage, ReadsQueryCookieAndHeader)
{
    struct Row {
        const char* name;
        std::string target;
        std::vector<std::pair<http::Field, std::string>> headers;
        i18n::Language expected;
        std::string cookie_set;
    };
    const std::string english_cookie = "lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";
    const Row rows[] = {
        {"default", "/", {}, i18n::Language::es, ""},
        {"query", "/?lang=en", {}, i18n::Language::en, english_cookie},
        {"query with region", "/?lang=en-GB", {}, i18n::Language::en, english_cookie},
        {"query beats cookie", "/?lang=en", {{http::Field::cookie, "lang=gn"}}, i18n::Language::en,
            english_cookie},
        {"cookie", "/", {{http::Field::cookie, "theme=dark; lang=gn"}}, i18n::Language::gn, ""},
        {"cookie beats header", "/",
            {{http::Field::cookie, "lang=gn"}, {http::Field::accept_language, "en"}},
            i18n::Language::gn, ""},
        {"header", "/", {{http::Field::accept_language, "fr, en;q=0.5"}}, i18n::Language::en, ""},
        {"invalid query", "/?lang=xx", {{http::Field::accept_language, "gn"}}, i18n::Language::gn,
            ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Request request = make_request(row.target, row.headers);
        EXPECT_EQ(request_language(request), row.expected);
        http::Response response = http::html_response(request, http::Status::ok, "x");
        remember_language(request, response);
        EXPECT_EQ(header(response, http::Field::set_cookie), row.cookie_set);
    }
}

}  // namespace
}  // namespace tablero::web

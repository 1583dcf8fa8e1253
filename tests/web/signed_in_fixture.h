// For the web tests of signed-in pages: a Browser that keeps cookies and sends them back,
// form bodies, the CSRF field of a page, and a PageTest that creates accounts and signs them in
// through the real sign-in form.
#pragma once

#include "page_fixture.h"
#include "security/secrets.h"
#include "storage/account_store.h"

#include <gtest/gtest.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tablero::web::testing {

using FormFieldList = std::vector<std::pair<std::string, std::string>>;

inline std::string encode(std::string_view text)
{
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// An application/x-www-form-urlencoded body.
inline std::string form_body(const FormFieldList& fields)
{
    std::string body;
    for (const auto& [name, value] : fields)
        body += (body.empty() ? "" : "&") + name + "=" + encode(value);
    return body;
}

// The hidden csrf field of a page's first form.
inline std::string csrf_in(const std::string& html)
{
    static const std::regex field(R"re(name="csrf" value="([0-9a-f]{64})")re");
    std::smatch match;
    return std::regex_search(html, match, field) ? match[1].str() : std::string();
}

inline std::vector<std::string> set_cookies(const http::Response& response)
{
    std::vector<std::string> out;
    for (const auto& field : response) {
        if (field.name() == http::Field::set_cookie)
            out.emplace_back(field.value());
    }
    return out;
}

// The Set-Cookie line for cookie name, or empty.
inline std::string set_cookie(const http::Response& response, std::string_view name)
{
    for (const std::string& line : set_cookies(response)) {
        if (line.starts_with(std::string(name) + "="))
            return line;
    }
    return {};
}

// A browser: keeps the cookies it is given and sends them back, from one client address.
struct Browser {
    std::map<std::string, std::string> cookies;
    std::string address = "192.0.2.10";
    bool over_tls = false;

    std::string cookie_header() const
    {
        std::string header;
        for (const auto& [name, value] : cookies)
            header += (header.empty() ? "" : "; ") + name + "=" + value;
        return header;
    }
    void keep(const http::Response& response)
    {
        for (const std::string& line : set_cookies(response)) {
            const auto equals = line.find('=');
            const auto end = line.find(';');
            const std::string name = line.substr(0, equals);
            const std::string value = line.substr(equals + 1, end - equals - 1);
            if (contains(line, "Max-Age=0"))
                cookies.erase(name);
            else
                cookies[name] = value;
        }
    }
};

// A file of a multipart/form-data form.
struct FilePart {
    std::string field;
    std::string filename;
    std::string bytes;
    // What the browser says it is; the server decides from the bytes.
    std::string content_type = "application/octet-stream";
};

inline constexpr std::string_view multipart_boundary = "----TableroTestBoundary7MA4YWxk";

// A multipart/form-data body as a browser sends it: the text fields, then the files.
inline std::string multipart_body(const FormFieldList& fields, const std::vector<FilePart>& files)
{
    std::string body;
    const std::string delimiter = "--" + std::string(multipart_boundary) + "\r\n";
    for (const auto& [name, value] : fields)
        body += delimiter + "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
    for (const FilePart& file : files)
        body += delimiter + "Content-Disposition: form-data; name=\"" + file.field +
            "\"; filename=\"" + file.filename + "\"\r\nContent-Type: " + file.content_type +
            "\r\n\r\n" + file.bytes + "\r\n";
    return body + "--" + std::string(multipart_boundary) + "--\r\n";
}

inline const std::string good_password = "caballo-correcto-bateria";

// A PageTest with a clock on Monday 6 May 2024, 10:00 UTC, and browsers that sign in.
class SignedInPageTest : public PageTest {
protected:
    void SetUp() override
    {
        using namespace std::chrono_literals;
        PageTest::SetUp();
        m_clock.advance(std::chrono::sys_days{std::chrono::year{2024} / 5 / 6} + 10h -
            std::chrono::system_clock::time_point{});
    }

    http::Response send(Browser& browser, http::Verb method, std::string target,
        std::string body = {}, bool keep_cookies = true,
        std::string_view content_type = "application/x-www-form-urlencoded")
    {
        http::RawRequest raw{method, target, 11};
        if (!browser.cookies.empty())
            raw.set(http::Field::cookie, browser.cookie_header());
        if (browser.over_tls)
            raw.set("X-Forwarded-Proto", "https");
        if (method == http::Verb::post) {
            raw.set(http::Field::content_type, content_type);
            raw.body() = std::move(body);
            raw.prepare_payload();
        }
        http::Response response = m_pipeline.handle(std::move(raw), browser.address);
        if (keep_cookies)
            browser.keep(response);
        return response;
    }
    http::Response get_as(Browser& browser, std::string target)
    {
        return send(browser, http::Verb::get, std::move(target));
    }
    http::Response post_as(Browser& browser, std::string target, FormFieldList fields)
    {
        return send(browser, http::Verb::post, std::move(target), form_body(fields));
    }

    http::Response post_multipart_as(Browser& browser, std::string target,
        const FormFieldList& fields, const std::vector<FilePart>& files)
    {
        return send(browser, http::Verb::post, std::move(target), multipart_body(fields, files),
            true, "multipart/form-data; boundary=" + std::string(multipart_boundary));
    }

    // An account with good_password; organisation is a monitor's.
    storage::Account add_account(const std::string& email,
        accounts::Role role = accounts::Role::citizen, std::set<std::string> institutions = {},
        std::string organisation = {})
    {
        auto hash = security::hash_password(good_password, security::HashCost::test);
        EXPECT_TRUE(hash.ok());
        storage::NewAccount account{
            email, "Ana Pérez", role, std::move(institutions), std::move(organisation), *hash};
        auto created = m_accounts->create_account(
            account, storage::AuditActor::system("test"), "2024-01-01T00:00:00Z");
        EXPECT_TRUE(created.ok()) << describe(created.error());
        return *created;
    }

    // Shows the sign-in form, then sends it; the browser keeps what it is given.
    http::Response sign_in(Browser& browser, const std::string& email, const std::string& password,
        const std::string& next = {})
    {
        const std::string csrf = csrf_in(get_as(browser, "/sign-in").body());
        EXPECT_FALSE(csrf.empty());
        FormFieldList fields = {{"csrf", csrf}, {"email", email}, {"password", password}};
        if (!next.empty())
            fields.emplace_back("next", next);
        return post_as(browser, "/sign-in", fields);
    }

    // A browser signed in as email (with good_password); fails the test when it is not.
    Browser signed_in_as(const std::string& email)
    {
        Browser browser;
        const http::Response response = sign_in(browser, email, good_password);
        EXPECT_EQ(response.result(), http::Status::see_other) << email << ": " << response.body();
        return browser;
    }

    // The CSRF token of the first form of the page at target, as browser sees it.
    std::string csrf_of(Browser& browser, std::string target)
    {
        return csrf_in(get_as(browser, std::move(target)).body());
    }
};

}  // namespace tablero::web::testing

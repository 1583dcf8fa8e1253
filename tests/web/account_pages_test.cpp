// Sign-up, sign-in, sign-out, the account page and the password form through the pipeline, with
// a real SQLite database: cookies and their attributes, CSRF refusals that change nothing, the
// sign-in lockout that answers the same for known and unknown addresses, sessions that end when
// they should, and no open redirect.
#include "domain/accounts/sign_in_limit.h"
#include "security/secrets.h"
#include "signed_in_fixture.h"
#include "web/account/session.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <map>
#include <regex>
#include <sstream>

namespace tablero::web {
namespace {

using namespace std::chrono_literals;

using testing::Browser;
using testing::contains;
using testing::csrf_in;
using testing::encode;
using testing::form_body;
using testing::good_password;
using testing::set_cookie;
using testing::set_cookies;

std::string replace_all(std::string text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

class AccountPages : public testing::SignedInPageTest {
protected:
    bool signed_in(Browser& browser)
    {
        return get_as(browser, "/account").result() == http::Status::ok;
    }

    std::string stored_hash(const std::string& email)
    {
        auto found = m_accounts->find_account_by_email(email);
        EXPECT_TRUE(found.ok() && *found);
        return found.ok() && *found ? (*found)->password_hash : std::string();
    }
};

TEST_F(AccountPages, SignUpCreatesACitizenAndSignsIn)
{
    Browser browser;
    const http::Response form = get_as(browser, "/sign-up");
    ASSERT_EQ(form.result(), http::Status::ok);
    EXPECT_EQ(testing::header(form, http::Field::cache_control), "no-store");
    const std::string csrf_line = set_cookie(form, account::csrf_cookie);
    EXPECT_TRUE(csrf_line.starts_with("tablero_csrf=")) << csrf_line;
    for (const char* part : {"; Path=/", "; HttpOnly", "; SameSite=Strict"})
        EXPECT_TRUE(contains(csrf_line, part)) << part;
    EXPECT_FALSE(contains(csrf_line, "Secure"));
    const std::string& html = form.body();
    for (const char* part :
        {"<html lang=\"es\">", "<label class=\"account-field__label\" for=\"sign-up-email\">",
            "autocomplete=\"email\"", "autocomplete=\"new-password\"", "autocomplete=\"name\"",
            "aria-describedby=\"sign-up-password-hint\"", "href=\"/account\">Mi cuenta</a>"})
        EXPECT_TRUE(contains(html, part)) << part;
    EXPECT_FALSE(contains(html, "style="));
    EXPECT_FALSE(contains(html, "<script"));

    const http::Response created = post_as(browser, "/sign-up",
        {{"csrf", csrf_in(html)}, {"email", "  Lucia@Example.ORG "}, {"name", "Lucía Benítez"},
            {"password", good_password}, {"confirmation", good_password}});
    ASSERT_EQ(created.result(), http::Status::see_other) << created.body();
    EXPECT_EQ(testing::header(created, http::Field::location), "/account?sent=verification");
    EXPECT_EQ(testing::header(created, http::Field::cache_control), "no-store");
    const std::string session_line = set_cookie(created, account::session_cookie);
    EXPECT_TRUE(std::regex_match(session_line,
        std::regex("tablero_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800")))
        << session_line;

    auto account = m_accounts->find_account_by_email("lucia@example.org");
    ASSERT_TRUE(account.ok() && *account);
    EXPECT_EQ((*account)->role, accounts::Role::citizen);
    EXPECT_EQ((*account)->display_name, "Lucía Benítez");
    EXPECT_TRUE(security::verify_password(good_password, (*account)->password_hash));

    const http::Response page = get_as(browser, "/account");
    ASSERT_EQ(page.result(), http::Status::ok);
    EXPECT_EQ(testing::header(page, http::Field::cache_control), "no-store");
    for (const char* part : {"Lucía Benítez", "lucia@example.org", "Ciudadano",
             "action=\"/sign-out?lang=es\"", "autocomplete=\"current-password\""})
        EXPECT_TRUE(contains(page.body(), part)) << part;
    // The signed-in forms carry the session's token, not the anonymous cookie's.
    EXPECT_NE(csrf_in(page.body()), browser.cookies["tablero_csrf"]);
}

TEST_F(AccountPages, CookiesAreSecureWhenTheProxySaysTls)
{
    Browser browser;
    browser.over_tls = true;
    const http::Response form = get_as(browser, "/sign-up");
    EXPECT_TRUE(contains(set_cookie(form, account::csrf_cookie), "; Secure"));
    const http::Response created = post_as(browser, "/sign-up",
        {{"csrf", csrf_in(form.body())}, {"email", "tls@example.org"}, {"name", "T"},
            {"password", good_password}, {"confirmation", good_password}});
    ASSERT_EQ(created.result(), http::Status::see_other);
    const std::string line = set_cookie(created, account::session_cookie);
    EXPECT_TRUE(contains(line, "; HttpOnly; SameSite=Lax; Secure; Max-Age=604800")) << line;
}

TEST_F(AccountPages, SignUpErrorsStandBesideTheirFieldsWithTheValuesKept)
{
    add_account("taken@example.org");
    struct Case {
        std::string name;
        std::vector<std::pair<std::string, std::string>> fields;
        std::string field;
        std::string message;
        http::Status status;
    };
    const std::vector<Case> cases = {
        {"bad address",
            {{"email", "ana@"}, {"name", "Ana"}, {"password", good_password},
                {"confirmation", good_password}},
            "email", "Escriba un correo electrónico como ana@ejemplo.org.",
            http::Status::bad_request},
        {"short password",
            {{"email", "ana@example.org"}, {"name", "Ana"}, {"password", "corta"},
                {"confirmation", "corta"}},
            "password", "La contraseña necesita al menos 10 caracteres", http::Status::bad_request},
        {"different confirmation",
            {{"email", "ana@example.org"}, {"name", "Ana"}, {"password", good_password},
                {"confirmation", "otra-cosa-distinta"}},
            "confirmation", "Las dos contraseñas no coinciden.", http::Status::bad_request},
        {"empty name",
            {{"email", "ana@example.org"}, {"name", "  "}, {"password", good_password},
                {"confirmation", good_password}},
            "name", "Escriba su nombre", http::Status::bad_request},
        {"address taken",
            {{"email", "Taken@example.org"}, {"name", "Ana"}, {"password", good_password},
                {"confirmation", good_password}},
            "email", "Ya hay una cuenta con este correo.", http::Status::conflict},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Browser browser;
        auto fields = c.fields;
        fields.emplace_back("csrf", csrf_in(get_as(browser, "/sign-up").body()));
        const http::Response response = post_as(browser, "/sign-up", fields);
        EXPECT_EQ(response.result(), c.status);
        const std::string& html = response.body();
        const std::string id = "sign-up-" + c.field;
        EXPECT_TRUE(contains(
            html, "<p class=\"account-field__error\" id=\"" + id + "-error\">" + c.message))
            << html;
        EXPECT_TRUE(std::regex_search(html,
            std::regex("id=\"" + id + "\"[^>]*aria-describedby=\"[^\"]*" + id +
                "-error\"[^>]*aria-invalid=\"true\"")));
        EXPECT_TRUE(contains(html, "<a href=\"#" + id + "\">"));
        EXPECT_TRUE(contains(html, "<title>Error: "));
        // The address and the name come back; a password never does.
        for (const auto& [name, value] : c.fields) {
            if (name == "password" || name == "confirmation") {
                EXPECT_FALSE(contains(html, "value=\"" + value + "\"")) << name;
            }
        }
        EXPECT_TRUE(contains(html, "value=\"Ana\"") || c.name == "empty name");
        EXPECT_TRUE(set_cookie(response, account::session_cookie).empty());
    }
    auto all = m_accounts->list_accounts();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 1u);
}

TEST_F(AccountPages, SignInRightWrongUnknownAndDisabled)
{
    add_account("ana@example.org");
    add_account("off@example.org");
    ASSERT_TRUE(m_accounts
                    ->set_disabled("off@example.org", true, storage::AuditActor::system("test"),
                        "2024-01-02T00:00:00Z")
                    .ok());

    Browser wrong;
    const http::Response wrong_password = sign_in(wrong, "ana@example.org", "no-es-la-clave");
    Browser unknown;
    unknown.cookies = wrong.cookies;
    const http::Response unknown_address = sign_in(unknown, "nadie@example.org", "no-es-la-clave");
    Browser disabled;
    disabled.cookies = wrong.cookies;
    const http::Response disabled_account = sign_in(disabled, "off@example.org", good_password);

    const std::string generic = "El correo o la contraseña no son correctos.";
    for (const auto* response : {&wrong_password, &unknown_address, &disabled_account}) {
        EXPECT_EQ(response->result(), http::Status::bad_request);
        EXPECT_TRUE(contains(response->body(), generic));
        EXPECT_TRUE(set_cookie(*response, account::session_cookie).empty());
        EXPECT_EQ(testing::header(*response, http::Field::cache_control), "no-store");
        // The password typed never comes back.
        EXPECT_FALSE(contains(response->body(), "no-es-la-clave"));
        EXPECT_FALSE(contains(response->body(), good_password));
    }
    // Byte for byte the same page, once the address typed (kept in its field) is set aside.
    EXPECT_EQ(replace_all(wrong_password.body(), "ana@example.org", "EMAIL"),
        replace_all(unknown_address.body(), "nadie@example.org", "EMAIL"));
    EXPECT_EQ(replace_all(wrong_password.body(), "ana@example.org", "EMAIL"),
        replace_all(disabled_account.body(), "off@example.org", "EMAIL"));
    EXPECT_FALSE(signed_in(wrong));

    Browser right;
    const http::Response ok = sign_in(right, " ANA@example.org", good_password);
    ASSERT_EQ(ok.result(), http::Status::see_other) << ok.body();
    EXPECT_EQ(testing::header(ok, http::Field::location), "/account");
    EXPECT_TRUE(signed_in(right));
    // A signed-in visitor who asks for the sign-in form is sent to the account page.
    EXPECT_EQ(testing::header(get_as(right, "/sign-in"), http::Field::location), "/account");
}

TEST_F(AccountPages, TheSixthAttemptIsLockedOutTheSameForKnownAndUnknownAddresses)
{
    add_account("ana@example.org");
    const accounts::SignInLimits limits;
    std::map<std::string, std::string> locked_pages;
    for (const std::string email : {"ana@example.org", "nadie@example.org"}) {
        SCOPED_TRACE(email);
        Browser browser;
        browser.address = "198.51.100." + std::to_string(email.size());
        for (int attempt = 1; attempt <= limits.per_account; ++attempt) {
            const http::Response response = sign_in(browser, email, "no-es-la-clave");
            EXPECT_EQ(response.result(), http::Status::bad_request) << "attempt " << attempt;
        }
        // The sixth, even with the right password, is refused before the password is checked.
        const http::Response locked = sign_in(browser, email, good_password);
        EXPECT_EQ(locked.result(), http::Status::too_many_requests);
        EXPECT_EQ(testing::header(locked, http::Field::retry_after), "900");
        EXPECT_TRUE(contains(locked.body(),
            "Hubo demasiados intentos fallidos. Espere 15 minutos y vuelva a intentar."));
        EXPECT_TRUE(set_cookie(locked, account::session_cookie).empty());
        // Another address is no way round it: the lock is on the e-mail address.
        Browser elsewhere;
        elsewhere.address = "203.0.113.7";
        EXPECT_EQ(
            sign_in(elsewhere, email, good_password).result(), http::Status::too_many_requests);
        locked_pages[email] = replace_all(
            replace_all(locked.body(), email, "EMAIL"), browser.cookies["tablero_csrf"], "CSRF");
    }
    EXPECT_EQ(locked_pages["ana@example.org"], locked_pages["nadie@example.org"]);

    // Fifteen minutes after the last failure the right password works again, and clears them.
    m_clock.advance(limits.window + 1s);
    Browser later;
    ASSERT_EQ(sign_in(later, "ana@example.org", good_password).result(), http::Status::see_other);
    auto left = m_accounts->count_sign_in_failures(
        accounts::account_failure_key("ana@example.org"), "2000-01-01T00:00:00Z");
    ASSERT_TRUE(left.ok());
    EXPECT_EQ(*left, 0);
}

TEST_F(AccountPages, OneClientAddressIsLockedOutAfterTwentyFailures)
{
    add_account("ana@example.org");
    Browser browser;
    for (int attempt = 0; attempt < accounts::SignInLimits{}.per_address; ++attempt) {
        const http::Response response =
            sign_in(browser, "guess" + std::to_string(attempt) + "@example.org", "no-es-la-clave");
        ASSERT_EQ(response.result(), http::Status::bad_request) << "attempt " << attempt;
    }
    EXPECT_EQ(sign_in(browser, "ana@example.org", good_password).result(),
        http::Status::too_many_requests);
    Browser other;
    other.address = "203.0.113.9";
    EXPECT_EQ(sign_in(other, "ana@example.org", good_password).result(), http::Status::see_other);
}

TEST_F(AccountPages, FormsWithoutTheRightCsrfTokenChangeNothing)
{
    const std::string forged(64, 'a');
    // Sign-up: no token, a token without its cookie, a token that differs from the cookie.
    {
        Browser browser;
        const std::string csrf = csrf_in(get_as(browser, "/sign-up").body());
        const std::vector<std::pair<std::string, std::string>> fields = {
            {"email", "new@example.org"}, {"name", "New"}, {"password", good_password},
            {"confirmation", good_password}};
        auto with = [&](std::string token) {
            auto all = fields;
            all.emplace_back("csrf", std::move(token));
            return all;
        };
        Browser cookieless;
        const struct {
            std::string name;
            Browser* browser;
            std::vector<std::pair<std::string, std::string>> fields;
        } cases[] = {
            {"no field", &browser, fields},
            {"empty field", &browser, with("")},
            {"wrong field", &browser, with(forged)},
            {"no cookie", &cookieless, with(csrf)},
        };
        for (const auto& c : cases) {
            SCOPED_TRACE(c.name);
            const http::Response response = post_as(*c.browser, "/sign-up", c.fields);
            EXPECT_EQ(response.result(), http::Status::forbidden);
            EXPECT_TRUE(contains(response.body(), "El formulario venció o no vino de este sitio"));
            EXPECT_TRUE(set_cookie(response, account::session_cookie).empty());
        }
        auto found = m_accounts->find_account_by_email("new@example.org");
        ASSERT_TRUE(found.ok());
        EXPECT_FALSE(*found);
    }
    add_account("ana@example.org");
    // Sign-in with a forged token: no session, and no failure counted either.
    {
        Browser browser;
        get_as(browser, "/sign-in");
        const http::Response response = post_as(browser, "/sign-in",
            {{"csrf", forged}, {"email", "ana@example.org"}, {"password", good_password}});
        EXPECT_EQ(response.result(), http::Status::forbidden);
        EXPECT_TRUE(set_cookie(response, account::session_cookie).empty());
        EXPECT_FALSE(signed_in(browser));
        auto failures = m_accounts->count_sign_in_failures(
            accounts::account_failure_key("ana@example.org"), "2000-01-01T00:00:00Z");
        ASSERT_TRUE(failures.ok());
        EXPECT_EQ(*failures, 0);
    }
    // The password form and sign-out, signed in, with the anonymous cookie's token or a forged one.
    Browser browser;
    ASSERT_EQ(sign_in(browser, "ana@example.org", good_password).result(), http::Status::see_other);
    const std::string hash_before = stored_hash("ana@example.org");
    for (const std::string& token : {forged, browser.cookies["tablero_csrf"], std::string()}) {
        const http::Response changed = post_as(browser, "/account/password",
            {{"csrf", token}, {"current", good_password}, {"password", "otra-clave-bien-larga"},
                {"confirmation", "otra-clave-bien-larga"}});
        EXPECT_EQ(changed.result(), http::Status::forbidden);
        const http::Response out = post_as(browser, "/sign-out", {{"csrf", token}});
        EXPECT_EQ(out.result(), http::Status::forbidden);
    }
    EXPECT_EQ(stored_hash("ana@example.org"), hash_before);
    EXPECT_TRUE(signed_in(browser));
}

TEST_F(AccountPages, SignOutEndsTheSession)
{
    add_account("ana@example.org");
    Browser browser;
    ASSERT_EQ(sign_in(browser, "ana@example.org", good_password).result(), http::Status::see_other);
    const std::string old_cookie = browser.cookies["tablero_session"];
    const std::string csrf = csrf_in(get_as(browser, "/account").body());
    const http::Response out = post_as(browser, "/sign-out", {{"csrf", csrf}});
    ASSERT_EQ(out.result(), http::Status::see_other);
    EXPECT_EQ(testing::header(out, http::Field::location), "/sign-in?signed_out=1");
    EXPECT_TRUE(contains(set_cookie(out, account::session_cookie), "Max-Age=0"));
    EXPECT_TRUE(contains(get_as(browser, "/sign-in?signed_out=1").body(), "Cerró su sesión."));

    // The old cookie, kept by someone, no longer works.
    Browser copy;
    copy.cookies["tablero_session"] = old_cookie;
    const http::Response page = get_as(copy, "/account");
    EXPECT_EQ(page.result(), http::Status::see_other);
    EXPECT_EQ(testing::header(page, http::Field::location), "/sign-in?next=/account");
}

TEST_F(AccountPages, PasswordChangeEndsEveryOtherSession)
{
    add_account("ana@example.org");
    Browser phone;
    Browser laptop;
    laptop.address = "198.51.100.20";
    ASSERT_EQ(sign_in(phone, "ana@example.org", good_password).result(), http::Status::see_other);
    ASSERT_EQ(sign_in(laptop, "ana@example.org", good_password).result(), http::Status::see_other);
    const std::string laptop_cookie = laptop.cookies["tablero_session"];

    // Refused first: a wrong current password, a short new one, a different confirmation.
    const std::string csrf = csrf_in(get_as(laptop, "/account").body());
    const http::Response refused = post_as(laptop, "/account/password",
        {{"csrf", csrf}, {"current", "no-es-la-clave"}, {"password", "corta"},
            {"confirmation", "distinta"}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    for (const char* id :
        {"password-current-error", "password-password-error", "password-confirmation-error"})
        EXPECT_TRUE(contains(refused.body(), std::string("id=\"") + id + "\"")) << id;
    EXPECT_TRUE(signed_in(phone));

    const std::string new_password = "una-clave-nueva-y-larga";
    const http::Response changed = post_as(laptop, "/account/password",
        {{"csrf", csrf}, {"current", good_password}, {"password", new_password},
            {"confirmation", new_password}});
    ASSERT_EQ(changed.result(), http::Status::see_other) << changed.body();
    EXPECT_EQ(testing::header(changed, http::Field::location), "/account?changed=password");
    EXPECT_NE(laptop.cookies["tablero_session"], laptop_cookie);
    const http::Response page = get_as(laptop, "/account?changed=password");
    ASSERT_EQ(page.result(), http::Status::ok);
    EXPECT_TRUE(contains(page.body(), "Su contraseña cambió."));

    EXPECT_FALSE(signed_in(phone));
    Browser old;
    old.cookies["tablero_session"] = laptop_cookie;
    EXPECT_FALSE(signed_in(old));
    Browser again;
    EXPECT_EQ(sign_in(again, "ana@example.org", good_password).result(), http::Status::bad_request);
    EXPECT_EQ(sign_in(again, "ana@example.org", new_password).result(), http::Status::see_other);
}

TEST_F(AccountPages, TheAccountPageSendsAnonymousVisitorsToSignIn)
{
    Browser browser;
    for (const char* target : {"/account", "/account?lang=en"}) {
        SCOPED_TRACE(target);
        const http::Response response = get_as(browser, target);
        EXPECT_EQ(response.result(), http::Status::see_other);
        EXPECT_EQ(testing::header(response, http::Field::location), "/sign-in?next=/account");
        EXPECT_EQ(testing::header(response, http::Field::cache_control), "no-store");
    }
    // A POST without a session is refused as unauthenticated.
    EXPECT_EQ(post_as(browser, "/account/password", {{"csrf", std::string(64, 'a')}}).result(),
        http::Status::unauthorized);
    // And the sign-in page keeps where to go back to.
    EXPECT_TRUE(contains(get_as(browser, "/sign-in?next=/account").body(),
        "<input type=\"hidden\" name=\"next\" value=\"/account\">"));
}

TEST_F(AccountPages, NextOnlyLeadsToPathsOnThisSite)
{
    add_account("ana@example.org");
    struct Case {
        std::string next;
        std::string location;
    };
    const std::vector<Case> cases = {
        {"/plans/PY-2014?lang=en", "/plans/PY-2014?lang=en"},
        {"/account", "/account"},
        {"//evil.example", "/account"},
        {"//evil.example/account", "/account"},
        {"/\\evil.example", "/account"},
        {"https://evil.example/", "/account"},
        {"javascript:alert(1)", "/account"},
        {"evil.example", "/account"},
        {"/account\r\nSet-Cookie: x=1", "/account"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.next);
        Browser browser;
        const http::Response response = sign_in(browser, "ana@example.org", good_password, c.next);
        ASSERT_EQ(response.result(), http::Status::see_other);
        EXPECT_EQ(testing::header(response, http::Field::location), c.location);
    }
    // Nor is the form given an unsafe next to carry (the language links may repeat the query:
    // they lead back to this same form).
    Browser browser;
    const std::string html = get_as(browser, "/sign-in?next=" + encode("//evil.example")).body();
    EXPECT_TRUE(contains(html, "action=\"/sign-in?lang=es\""));
    EXPECT_FALSE(contains(html, "name=\"next\""));
}

TEST_F(AccountPages, SessionsEndAfterSevenDays)
{
    add_account("ana@example.org");
    Browser browser;
    ASSERT_EQ(sign_in(browser, "ana@example.org", good_password).result(), http::Status::see_other);
    m_clock.advance(std::chrono::days(7) - 1s);
    EXPECT_TRUE(signed_in(browser));
    m_clock.advance(1s);
    EXPECT_FALSE(signed_in(browser));
}

TEST_F(AccountPages, PagesInEnglishAndTheHeaderLinkForEveryone)
{
    Browser browser;
    const http::Response sign_in_page = get_as(browser, "/sign-in?lang=en");
    ASSERT_EQ(sign_in_page.result(), http::Status::ok);
    for (const char* part :
        {"<html lang=\"en\">", "Sign in to your account", "action=\"/sign-in?lang=en\"",
            "href=\"/account\">My account</a>", "autocomplete=\"current-password\""})
        EXPECT_TRUE(contains(sign_in_page.body(), part)) << part;
    EXPECT_TRUE(contains(get_as(browser, "/sign-up?lang=en").body(), "Create a citizen account"));
    // Guaraní falls back to Spanish where it has no translation.
    EXPECT_TRUE(contains(get_as(browser, "/sign-in?lang=gn").body(), "Ingresar a su cuenta"));
    // The public, cached home page carries the same link whoever asks.
    const http::Response home = get("/");
    EXPECT_TRUE(contains(home.body(), "<a href=\"/account\">Mi cuenta</a>"));
}

TEST_F(AccountPages, RequireChecksTheAuthorisationTableWithTheReason)
{
    const storage::Account officer =
        add_account("officer@example.org", accounts::Role::officer, {"SENATICS"});
    add_account("citizen@example.org");
    auto request_of = [&](Browser& browser) {
        return testing::make_request("/", {{http::Field::cookie, browser.cookie_header()}});
    };
    const accounts::Scope own{"SENATICS"};
    const accounts::Scope other{"MH"};

    Browser anonymous;
    auto refused = account::require(
        *m_context, request_of(anonymous), accounts::Action::post_progress_update, own);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::unauthenticated);

    Browser citizen;
    ASSERT_EQ(
        sign_in(citizen, "citizen@example.org", good_password).result(), http::Status::see_other);
    refused = account::require(
        *m_context, request_of(citizen), accounts::Action::post_progress_update, own);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
    EXPECT_EQ(refused.error().message, "Su rol no permite hacer esto.");

    Browser browser;
    ASSERT_EQ(
        sign_in(browser, "officer@example.org", good_password).result(), http::Status::see_other);
    auto allowed = account::require(
        *m_context, request_of(browser), accounts::Action::post_progress_update, own);
    ASSERT_TRUE(allowed.ok()) << describe(allowed.error());
    EXPECT_EQ(allowed->account.id, officer.id);
    refused = account::require(
        *m_context, request_of(browser), accounts::Action::post_progress_update, other);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
    EXPECT_TRUE(contains(refused.error().message, "otra institución"));
}

TEST_F(AccountPages, NoSecretReachesTheLogs)
{
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);

    add_account("ana@example.org");
    Browser browser;
    sign_in(browser, "ana@example.org", "no-es-la-clave");
    ASSERT_EQ(sign_in(browser, "ana@example.org", good_password).result(), http::Status::see_other);
    const std::string csrf = csrf_in(get_as(browser, "/account").body());
    post_as(browser, "/account/password",
        {{"csrf", csrf}, {"current", good_password}, {"password", "una-clave-nueva-y-larga"},
            {"confirmation", "una-clave-nueva-y-larga"}});
    const std::string token = browser.cookies["tablero_session"];
    Browser guesser;
    for (int i = 0; i < 6; ++i)
        sign_in(guesser, "ana@example.org", "no-es-la-clave");
    spdlog::set_default_logger(previous);

    const std::string log = captured.str();
    EXPECT_TRUE(contains(log, "signed in")) << log;
    EXPECT_TRUE(contains(log, "sign-in refused: too_many_for_account")) << log;
    for (const std::string& secret : {good_password, std::string("una-clave-nueva-y-larga"),
             std::string("no-es-la-clave"), token, csrf, std::string("ana@example.org")})
        EXPECT_FALSE(contains(log, secret)) << secret;
}

TEST(SafeLocalPath, OnlyPathsOnThisSite)
{
    struct Case {
        std::string next;
        bool safe;
    };
    const std::vector<Case> cases = {
        {"/", true},
        {"/account", true},
        {"/plans/PY?lang=en&page=2", true},
        {"", false},
        {"//evil.example", false},
        {"///evil.example", false},
        {"/\\evil.example", false},
        {"/a\\b", false},
        {"https://evil.example", false},
        {"account", false},
        {"/a\tb", false},
        {"/a\nb", false},
        {"/" + std::string(2001, 'a'), false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.next.substr(0, 40));
        EXPECT_EQ(account::safe_local_path(c.next).has_value(), c.safe);
    }
}

}  // namespace
}  // namespace tablero::web

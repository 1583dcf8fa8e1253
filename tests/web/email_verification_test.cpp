// E-mail verification on the web (issue 6): signing up sends a link (read here from the
// recording mailer), the link verifies the address once, a bad, used or expired link says so,
// and the account page sends a new link at most once per 5 minutes.
#include "security/secrets.h"
#include "signed_in_fixture.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::web {
namespace {

using namespace std::chrono_literals;

using testing::Browser;
using testing::contains;
using testing::csrf_in;
using testing::good_password;

class EmailVerification : public testing::SignedInPageTest {
protected:
    // Signs up through the form; the browser is signed in afterwards.
    http::Response sign_up(Browser& browser, const std::string& email, std::string lang = "es")
    {
        const std::string csrf = csrf_in(get_as(browser, "/sign-up?lang=" + lang).body());
        return post_as(browser, "/sign-up?lang=" + lang,
            {{"csrf", csrf}, {"email", email}, {"name", "Lucía Benítez"},
                {"password", good_password}, {"confirmation", good_password}});
    }

    bool verified(const std::string& email)
    {
        auto found = m_accounts->find_account_by_email(email);
        EXPECT_TRUE(found.ok() && *found);
        return found.ok() && *found && (*found)->email_verified();
    }

    // The path and query of a link in a mail ("/verify-email?token=...").
    static std::string local(const std::string& link)
    {
        const std::string base = "http://tablero.test";
        EXPECT_TRUE(link.starts_with(base + "/verify-email?token=")) << link;
        return link.substr(base.size());
    }

    http::Response resend(Browser& browser)
    {
        return post_as(browser, "/account/verification", {{"csrf", csrf_of(browser, "/account")}});
    }

    long long stored_tokens()
    {
        auto count = m_database->read([](soci::session& session) -> Result<long long> {
            long long rows = 0;
            session << "SELECT COUNT(*) FROM email_verification_tokens", soci::into(rows);
            return rows;
        });
        EXPECT_TRUE(count.ok());
        return count.ok() ? *count : -1;
    }
};

TEST_F(EmailVerification, SignUpSendsALinkThatVerifiesTheAddress)
{
    Browser browser;
    const http::Response created = sign_up(browser, "lucia@example.org");
    ASSERT_EQ(created.result(), http::Status::see_other) << created.body();
    EXPECT_EQ(testing::header(created, http::Field::location), "/account?sent=verification");
    EXPECT_FALSE(verified("lucia@example.org"));

    const auto sent = m_mailer.sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "lucia@example.org");
    EXPECT_EQ(sent[0].subject, "Verifique su dirección de correo en Tablero");
    EXPECT_TRUE(contains(sent[0].text, "Hola, Lucía Benítez:")) << sent[0].text;
    const std::string link = m_mailer.last_verification_link("lucia@example.org");
    ASSERT_FALSE(link.empty()) << sent[0].text;
    EXPECT_TRUE(contains(sent[0].text, link));
    // The log line names the account by id and never the address.
    EXPECT_EQ(sent[0].log_summary,
        "e-mail verification link for account " +
            std::to_string((*m_accounts->find_account_by_email("lucia@example.org"))->id) + ": " +
            link);
    // The store keeps the token's SHA-256 only.
    const std::string token = link.substr(link.find("token=") + 6);
    auto hashes = m_database->read([](soci::session& session) -> Result<std::string> {
        std::string hash;
        session << "SELECT token_hash FROM email_verification_tokens", soci::into(hash);
        return hash;
    });
    ASSERT_TRUE(hashes.ok());
    EXPECT_EQ(*hashes, security::sha256_hex(token));

    const http::Response before = get_as(browser, "/account?sent=verification");
    ASSERT_EQ(before.result(), http::Status::ok);
    for (const char* part : {"(sin verificar)", "Le enviamos un enlace de verificación",
             "action=\"/account/verification?lang=es\"", "Enviar el enlace de nuevo"})
        EXPECT_TRUE(contains(before.body(), part)) << part;

    const http::Response done = get_as(browser, local(link));
    ASSERT_EQ(done.result(), http::Status::ok) << done.body();
    EXPECT_EQ(testing::header(done, http::Field::cache_control), "no-store");
    EXPECT_TRUE(contains(done.body(), "Su correo está verificado"));
    EXPECT_TRUE(contains(done.body(), "Ya puede participar en las consultas."));
    EXPECT_TRUE(verified("lucia@example.org"));
    EXPECT_EQ(stored_tokens(), 0);

    const http::Response after = get_as(browser, "/account?sent=verification");
    EXPECT_TRUE(contains(after.body(), "(verificado)"));
    EXPECT_FALSE(contains(after.body(), "sin verificar"));
    EXPECT_FALSE(contains(after.body(), "/account/verification"));
    EXPECT_FALSE(contains(after.body(), "Le enviamos un enlace"));

    // The link works once: its person is told the address is verified already; anyone else
    // that the link does not work.
    const http::Response again = get_as(browser, local(link));
    EXPECT_EQ(again.result(), http::Status::ok);
    EXPECT_TRUE(contains(again.body(), "Este enlace ya se usó"));
    Browser stranger;
    const http::Response used = get_as(stranger, local(link));
    EXPECT_EQ(used.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(used.body(), "Este enlace no sirve"));
}

TEST_F(EmailVerification, TheLinkVerifiesWithoutASignedInSession)
{
    Browser browser;
    ASSERT_EQ(sign_up(browser, "lucia@example.org").result(), http::Status::see_other);
    const std::string link = m_mailer.last_verification_link("lucia@example.org");
    // Opened on another device where nobody is signed in.
    Browser phone;
    const http::Response done = get_as(phone, local(link));
    ASSERT_EQ(done.result(), http::Status::ok) << done.body();
    EXPECT_TRUE(verified("lucia@example.org"));
}

TEST_F(EmailVerification, UnknownAndExpiredLinksSaySoAndOfferANewOne)
{
    Browser browser;
    ASSERT_EQ(sign_up(browser, "lucia@example.org").result(), http::Status::see_other);
    const std::string link = m_mailer.last_verification_link("lucia@example.org");

    const std::vector<std::string> targets = {"/verify-email",
        "/verify-email?token=", "/verify-email?token=" + std::string(64, 'a'),
        "/verify-email?token=%00%0A'"};
    for (const std::string& target : targets) {
        SCOPED_TRACE(target);
        const http::Response page = get_as(browser, target);
        EXPECT_EQ(page.result(), http::Status::bad_request);
        EXPECT_TRUE(contains(page.body(), "Este enlace no sirve"));
        // Signed in and not verified: the button for a new link, with the session's token.
        EXPECT_TRUE(contains(page.body(), "action=\"/account/verification?lang=es\""));
        EXPECT_FALSE(csrf_in(page.body()).empty());
    }
    Browser anonymous;
    const http::Response signed_out = get_as(anonymous, "/verify-email?token=abc");
    EXPECT_EQ(signed_out.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(signed_out.body(), "href=\"/sign-in?next=/account&amp;lang=es\""));
    EXPECT_FALSE(contains(signed_out.body(), "/account/verification"));

    // 48 hours later the link has expired.
    m_clock.advance(48h);
    const http::Response late = get_as(browser, local(link));
    EXPECT_EQ(late.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(late.body(), "venció"));
    EXPECT_FALSE(verified("lucia@example.org"));
}

TEST_F(EmailVerification, ANewLinkAtMostEveryFiveMinutes)
{
    Browser browser;
    ASSERT_EQ(sign_up(browser, "lucia@example.org").result(), http::Status::see_other);
    const std::string first = m_mailer.last_verification_link("lucia@example.org");

    m_clock.advance(4min + 59s);
    const http::Response refused = resend(browser);
    EXPECT_EQ(refused.result(), http::Status::too_many_requests);
    EXPECT_EQ(testing::header(refused, http::Field::retry_after), "1");
    EXPECT_TRUE(contains(refused.body(), "Ya le enviamos un enlace hace menos de 5 minutos"));
    EXPECT_TRUE(contains(refused.body(), "<title>Error:")) << refused.body().substr(0, 400);
    EXPECT_EQ(m_mailer.sent().size(), 1u);

    m_clock.advance(1s);
    const http::Response sent = resend(browser);
    ASSERT_EQ(sent.result(), http::Status::see_other) << sent.body();
    EXPECT_EQ(testing::header(sent, http::Field::location), "/account?sent=verification");
    ASSERT_EQ(m_mailer.sent().size(), 2u);
    const std::string second = m_mailer.last_verification_link("lucia@example.org");
    EXPECT_NE(second, first);
    EXPECT_EQ(resend(browser).result(), http::Status::too_many_requests);
    EXPECT_EQ(m_mailer.sent().size(), 2u);

    // Only the latest link works.
    EXPECT_EQ(get_as(browser, local(first)).result(), http::Status::bad_request);
    EXPECT_FALSE(verified("lucia@example.org"));
    EXPECT_EQ(get_as(browser, local(second)).result(), http::Status::ok);
    EXPECT_TRUE(verified("lucia@example.org"));

    // A verified address needs no link: nothing is sent.
    m_clock.advance(10min);
    const http::Response nothing = resend(browser);
    EXPECT_EQ(nothing.result(), http::Status::see_other);
    EXPECT_EQ(testing::header(nothing, http::Field::location), "/account");
    EXPECT_EQ(m_mailer.sent().size(), 2u);
}

TEST_F(EmailVerification, AMailThatCannotBeSentIsToldOnTheAccountPage)
{
    m_mailer.fail_with(Error{ErrorCode::unavailable, "exited with status 75",
        "sendmail command \"/usr/sbin/sendmail -t -i\""});
    Browser browser;
    const http::Response created = sign_up(browser, "lucia@example.org");
    ASSERT_EQ(created.result(), http::Status::see_other) << created.body();
    EXPECT_EQ(testing::header(created, http::Field::location), "/account?sent=failed");
    const http::Response page = get_as(browser, "/account?sent=failed");
    EXPECT_TRUE(contains(page.body(), "No pudimos enviar el enlace de verificación"));
    EXPECT_TRUE(m_mailer.sent().empty());
    // Once the server works again, a new link can be asked for after the interval.
    m_mailer.fail_with(std::nullopt);
    m_clock.advance(5min);
    EXPECT_EQ(resend(browser).result(), http::Status::see_other);
    EXPECT_EQ(m_mailer.sent().size(), 1u);
}

TEST_F(EmailVerification, TheMailSpeaksThePagesLanguage)
{
    Browser browser;
    ASSERT_EQ(sign_up(browser, "lucy@example.org", "en").result(), http::Status::see_other);
    const auto sent = m_mailer.sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].subject, "Verify your e-mail address on Tablero");
    EXPECT_TRUE(contains(sent[0].text, "Hello Lucía Benítez,"));
    const http::Response page = get_as(browser, "/account?lang=en");
    EXPECT_TRUE(contains(page.body(), "(not verified)"));
    EXPECT_TRUE(contains(page.body(), "Send the link again"));
}

TEST_F(EmailVerification, AccountsAnAdministratorMakesAreVerified)
{
    auto hash = security::hash_password(good_password, security::HashCost::test);
    ASSERT_TRUE(hash.ok());
    storage::NewAccount vouched{"ana@example.org", "Ana", accounts::Role::citizen, {}, {}, *hash};
    vouched.verified = true;
    ASSERT_TRUE(
        m_accounts
            ->create_account(vouched, storage::AuditActor::system("test"), "2024-01-01T00:00:00Z")
            .ok());
    Browser browser = signed_in_as("ana@example.org");
    const http::Response page = get_as(browser, "/account");
    EXPECT_TRUE(contains(page.body(), "(verificado)"));
    EXPECT_FALSE(contains(page.body(), "/account/verification"));
    EXPECT_TRUE(m_mailer.sent().empty());
}

}  // namespace
}  // namespace tablero::web

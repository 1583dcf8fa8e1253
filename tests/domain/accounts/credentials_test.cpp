// E-mail addresses in one spelling, the password rules and display names, row by row.
#include "domain/accounts/credentials.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tablero::accounts {
namespace {

TEST(CredentialsTest, NormalisesOrRefusesAddresses)
{
    struct Case {
        std::string given;
        std::optional<std::string> expected;  // nullopt: refused
    };
    const std::vector<Case> cases = {
        {"ana@example.org", "ana@example.org"},
        {"  Ana.Perez@Example.ORG \n", "ana.perez@example.org"},
        {"o'brien+plan@gov.py", "o'brien+plan@gov.py"},
        {"josé@ejemplo.com.py", "josé@ejemplo.com.py"},
        {"", std::nullopt},
        {"ana", std::nullopt},
        {"@example.org", std::nullopt},
        {"ana@", std::nullopt},
        {"ana@localhost", std::nullopt},
        {"ana@@example.org", std::nullopt},
        {"ana@exa mple.org", std::nullopt},
        {".ana@example.org", std::nullopt},
        {"an..a@example.org", std::nullopt},
        {"ana@example..org", std::nullopt},
        {"ana@-example.org", std::nullopt},
        {"ana<script>@example.org", std::nullopt},
        {std::string(250, 'a') + "@x.org", std::nullopt},
    };
    for (const auto& c : cases) {
        auto got = normalise_email(c.given);
        if (c.expected) {
            ASSERT_TRUE(got.ok()) << c.given << ": " << got.error().message;
            EXPECT_EQ(*got, *c.expected);
        } else {
            ASSERT_FALSE(got.ok()) << c.given.substr(0, 40);
            EXPECT_EQ(got.error().where, "email");
        }
    }
}

TEST(CredentialsTest, PasswordRules)
{
    struct Case {
        std::string password;
        bool ok;
    };
    const std::vector<Case> cases = {
        {"correcto-caballo-bateria", true},
        {"0123456789", true},
        {"ñandutíñan", true},  // ten code points, more bytes
        {"012345678", false},
        {"ñandutíña", false},  // nine code points
        {"", false},
        {"ana@example.org", false},
        {"ANA@example.org", false},
        {std::string(1024, 'x'), true},
        {std::string(1025, 'x'), false},
        {"\xff\xfe invalid utf-8 bytes", false},
    };
    for (const auto& c : cases) {
        auto checked = check_password(c.password, "ana@example.org");
        EXPECT_EQ(checked.ok(), c.ok) << c.password.substr(0, 30);
        if (!checked.ok()) {
            EXPECT_EQ(checked.error().where, "password");
        }
    }
}

TEST(CredentialsTest, DisplayNames)
{
    EXPECT_EQ(check_display_name("  Ana Pérez ").value(), "Ana Pérez");
    EXPECT_FALSE(check_display_name("   ").ok());
    EXPECT_TRUE(check_display_name(std::string(100, 'a')).ok());
    EXPECT_FALSE(check_display_name(std::string(101, 'a')).ok());
}

}  // namespace
}  // namespace tablero::accounts

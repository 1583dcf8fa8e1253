// Password hashes, tokens and digests through libsodium: what goes in must be what matches,
// known digests, and tokens that differ.
#include "security/secrets.h"

#include <gtest/gtest.h>

#include <set>

namespace tablero::security {
namespace {

TEST(SecretsTest, APasswordMatchesItsHashAndNothingElse)
{
    const auto hash = hash_password("correcto caballo batería", HashCost::test);
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_EQ(hash->find("caballo"), std::string::npos);
    EXPECT_TRUE(verify_password("correcto caballo batería", *hash));
    for (const char* wrong :
        {"correcto caballo bateria", "Correcto caballo batería", "", "correcto caballo batería "})
        EXPECT_FALSE(verify_password(wrong, *hash)) << wrong;
    EXPECT_FALSE(verify_password("x", "not a hash"));
    EXPECT_FALSE(verify_password("x", ""));
    // Two hashes of one password differ (random salt) and both match.
    const auto again = hash_password("correcto caballo batería", HashCost::test);
    ASSERT_TRUE(again.ok());
    EXPECT_NE(*hash, *again);
    EXPECT_TRUE(verify_password("correcto caballo batería", *again));
}

TEST(SecretsTest, AWeakerHashNeedsRehashing)
{
    const auto weak = hash_password("una contraseña larga", HashCost::test);
    ASSERT_TRUE(weak.ok());
    EXPECT_TRUE(needs_rehash(*weak, HashCost::interactive));
    EXPECT_FALSE(needs_rehash(*weak, HashCost::test));
}

TEST(SecretsTest, Sha256OfKnownInputs)
{
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(
        sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecretsTest, TokensAreLongHexAndDistinct)
{
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string token = random_token();
        EXPECT_EQ(token.size(), 64u);
        EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(SecretsTest, ConstantTimeEqual)
{
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace tablero::security

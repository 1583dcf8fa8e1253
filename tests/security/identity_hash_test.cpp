// Identity numbers' hashes: the same in one consultation, unrelated in two, never the number.
#include "security/identity_hash.h"

#include <gtest/gtest.h>

#include <set>

namespace tablero::security {
namespace {

bool is_hex(const std::string& text, std::size_t size)
{
    return text.size() == size && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(IdentityHash, SameNumberSameSaltSameHash)
{
    const std::string salt = new_identity_salt();
    const auto first = hash_identity_number("1234567", salt, HashCost::test);
    const auto again = hash_identity_number("1234567", salt, HashCost::test);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(is_hex(*first, 64)) << *first;
    EXPECT_EQ(*first, *again);
    EXPECT_EQ(first->find("1234567"), std::string::npos);
}

TEST(IdentityHash, DifferentNumbersOrSaltsGiveDifferentHashes)
{
    const std::string salt = "000102030405060708090a0b0c0d0e0f";
    const std::string other_salt = "f0e0d0c0b0a090807060504030201000";
    std::set<std::string> hashes;
    for (const auto& [number, used_salt] : {std::pair{"1234567", salt}, {"1234568", salt},
             {"7654321", salt}, {"1234567", other_salt}, {"1234568", other_salt}}) {
        const auto hash = hash_identity_number(number, used_salt, HashCost::test);
        ASSERT_TRUE(hash.ok());
        hashes.insert(*hash);
    }
    EXPECT_EQ(hashes.size(), 5u);
}

TEST(IdentityHash, KnownValues)
{
    // Computed with the reference implementation's command (Debian package argon2):
    // echo -n 1234567 | argon2 saltsaltsaltsalt -id -t 1 -k 8 -p 1 -l 32 -r (the test cost:
    // one pass, 8 KiB) and -t 2 -k 65536 (interactive: two passes, 64 MiB). A change of
    // algorithm or limits would orphan every registered number; it fails here.
    const std::string salt = "73616c7473616c7473616c7473616c74";  // "saltsaltsaltsalt"
    const auto cheap = hash_identity_number("1234567", salt, HashCost::test);
    ASSERT_TRUE(cheap.ok());
    EXPECT_EQ(*cheap, "90a8451fc35a2abb20de7bb40c26c169bcd94fdf9937f6982904467f76c32e5b");
    const auto interactive = hash_identity_number("1234567", salt, HashCost::interactive);
    ASSERT_TRUE(interactive.ok());
    EXPECT_EQ(*interactive, "6f791ea125d12af92231249b35a8677fbdf0111b6951db674cae19f7089a6beb");
}

TEST(IdentityHash, SaltsAreSixteenRandomBytes)
{
    std::set<std::string> salts;
    for (int i = 0; i < 20; ++i) {
        const std::string salt = new_identity_salt();
        EXPECT_TRUE(is_hex(salt, 32)) << salt;
        salts.insert(salt);
    }
    EXPECT_EQ(salts.size(), 20u);
}

TEST(IdentityHash, MalformedSaltsAreRefused)
{
    for (const std::string salt :
        {"", "00", "000102030405060708090a0b0c0d0e0", "000102030405060708090a0b0c0d0e0f00",
            "000102030405060708090a0b0c0d0e0g", "00010203040506 708090a0b0c0d0e0f"}) {
        SCOPED_TRACE(salt);
        const auto hash = hash_identity_number("1234567", salt, HashCost::test);
        ASSERT_FALSE(hash.ok());
        EXPECT_EQ(hash.error().code, ErrorCode::invalid_argument);
    }
}

}  // namespace
}  // namespace tablero::security

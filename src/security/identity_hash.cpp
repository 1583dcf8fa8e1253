#include "security/identity_hash.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace tablero::security {

namespace {

void ensure_sodium()
{
    static const int ready = sodium_init();
    if (ready < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

}  // namespace

Result<std::string> hash_identity_number(
    std::string_view normalised, std::string_view salt_hex, HashCost cost)
{
    ensure_sodium();
    static_assert(crypto_pwhash_SALTBYTES == 16);
    std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
    std::size_t salt_size = 0;
    const char* end = nullptr;
    if (salt_hex.size() != salt.size() * 2 ||
        sodium_hex2bin(salt.data(), salt.size(), salt_hex.data(), salt_hex.size(), nullptr,
            &salt_size, &end) != 0 ||
        salt_size != salt.size() || end != salt_hex.data() + salt_hex.size())
        return fail(ErrorCode::invalid_argument, "an identity salt is 32 hex digits");
    // The same limits as passwords (secrets.h): identity numbers are short and guessable, so
    // each guess must cost what a password guess costs.
    const bool test = cost == HashCost::test;
    const unsigned long long ops =
        test ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const std::size_t memory =
        test ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    std::array<unsigned char, 32> out{};
    if (crypto_pwhash(out.data(), out.size(), normalised.data(), normalised.size(), salt.data(),
            ops, memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(ErrorCode::unavailable, "not enough memory to hash the identity number");
    return to_hex(out.data(), out.size());
}

std::string new_identity_salt()
{
    ensure_sodium();
    std::array<unsigned char, crypto_pwhash_SALTBYTES> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return to_hex(bytes.data(), bytes.size());
}

}  // namespace tablero::security

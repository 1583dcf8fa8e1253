#include "security/secrets.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace tablero::security {

namespace {

// sodium_init is safe to call more than once and from several threads; it must run before any
// other libsodium function.
void ensure_sodium()
{
    static const int ready = sodium_init();
    if (ready < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

struct Limits {
    unsigned long long ops;
    std::size_t memory;
};

Limits limits_of(HashCost cost)
{
    if (cost == HashCost::test)
        return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, HashCost cost)
{
    ensure_sodium();
    const Limits limits = limits_of(cost);
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), limits.ops,
            limits.memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(ErrorCode::unavailable, "not enough memory to hash the password");
    return std::string(out.data());
}

bool verify_password(std::string_view password, const std::string& hash)
{
    ensure_sodium();
    if (hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(const std::string& hash, HashCost cost)
{
    ensure_sodium();
    const Limits limits = limits_of(cost);
    return crypto_pwhash_str_needs_rehash(hash.c_str(), limits.ops, limits.memory) != 0;
}

std::string random_token()
{
    ensure_sodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return to_hex(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view bytes)
{
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(
        digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return to_hex(digest.data(), digest.size());
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
    ensure_sodium();
    if (a.size() != b.size())
        return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tablero::security

#include "domain/accounts/credentials.h"

#include "domain/plans/progress.h"

#include <algorithm>

namespace tablero::accounts {

namespace {

std::string_view trim(std::string_view text)
{
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

bool is_atext(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80)
        return true;  // internationalised addresses (RFC 6531)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
}

bool is_domain_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

Error bad_email(std::string message)
{
    return fail(ErrorCode::invalid_argument, std::move(message), "email");
}

}  // namespace

Result<std::string> normalise_email(std::string_view email)
{
    std::string address(trim(email));
    std::transform(address.begin(), address.end(), address.begin(),
        [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (address.empty())
        return bad_email("an e-mail address is required");
    if (address.size() > 254)
        return bad_email("an e-mail address has at most 254 characters");
    const auto at = address.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == address.size())
        return bad_email("an e-mail address reads name@domain.example");
    const std::string_view local(address.data(), at);
    const std::string_view domain(address.data() + at + 1, address.size() - at - 1);
    if (!std::all_of(local.begin(), local.end(), is_atext) || local.front() == '.' ||
        local.back() == '.' || local.find("..") != std::string_view::npos)
        return bad_email("the part before @ has a character an address cannot have");
    if (!std::all_of(domain.begin(), domain.end(), is_domain_char) ||
        domain.find('.') == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.front() == '-' ||
        domain.find("..") != std::string_view::npos)
        return bad_email("the part after @ must be a domain such as example.org");
    return address;
}

Result<void> check_password(std::string_view password, std::string_view email)
{
    if (password.size() > max_password_bytes)
        return fail(ErrorCode::invalid_argument,
            "a password has at most " + std::to_string(max_password_bytes) + " bytes", "password");
    const auto length = plans::count_code_points(password);
    if (!length)
        return fail(
            ErrorCode::invalid_argument, "the password is not valid UTF-8 text", "password");
    if (*length < min_password_length)
        return fail(ErrorCode::invalid_argument,
            "a password has at least " + std::to_string(min_password_length) + " characters",
            "password");
    auto normalised = normalise_email(password);
    if (normalised.ok() && *normalised == email)
        return fail(
            ErrorCode::invalid_argument, "the password cannot be the e-mail address", "password");
    return {};
}

Result<std::string> check_display_name(std::string_view name)
{
    const std::string_view trimmed = trim(name);
    const auto length = plans::count_code_points(trimmed);
    if (!length || *length == 0 || *length > 100)
        return fail(ErrorCode::invalid_argument, "a name has 1 to 100 characters", "display_name");
    return std::string(trimmed);
}

}  // namespace tablero::accounts

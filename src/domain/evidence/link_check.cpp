#include "domain/evidence/link_check.h"

#include <algorithm>
#include <array>

namespace tablero::evidence {

namespace {

std::string lowercase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
        [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return out;
}

AddressRange classify_ipv4(std::span<const std::uint8_t, 4> a)
{
    if (a[0] == 0)
        return AddressRange::unspecified;  // "this network", 0.0.0.0/8
    if (a[0] == 127)
        return AddressRange::loopback;
    if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
        (a[0] == 100 && (a[1] & 0xc0) == 64))
        return AddressRange::private_network;
    if (a[0] == 169 && a[1] == 254)
        return AddressRange::link_local;
    if ((a[0] & 0xf0) == 224)
        return AddressRange::multicast;
    if ((a[0] & 0xf0) == 240)
        return AddressRange::reserved;  // includes the broadcast address 255.255.255.255
    return AddressRange::public_address;
}

bool all_zero(std::span<const std::uint8_t> bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

AddressRange classify_ipv6(std::span<const std::uint8_t, 16> a)
{
    const auto first = a.first<12>();
    if (all_zero(a))
        return AddressRange::unspecified;
    if (all_zero(a.first<15>()) && a[15] == 1)
        return AddressRange::loopback;
    // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (the deprecated IPv4-compatible form).
    const bool mapped = all_zero(first.first<10>()) && a[10] == 0xff && a[11] == 0xff;
    const bool compatible = all_zero(first);
    // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052).
    static constexpr std::array<std::uint8_t, 12> nat64 = {0, 0x64, 0xff, 0x9b};
    const bool translated = std::equal(nat64.begin(), nat64.end(), first.begin());
    if (mapped || compatible || translated)
        return classify_ipv4(a.subspan<12, 4>());
    // 2002::/16, 6to4 (RFC 3056): the IPv4 address is in bytes 2 to 5.
    if (a[0] == 0x20 && a[1] == 0x02)
        return classify_ipv4(a.subspan<2, 4>());
    if ((a[0] & 0xfe) == 0xfc)
        return AddressRange::private_network;  // unique local, fc00::/7
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
        return AddressRange::link_local;  // fe80::/10
    if (a[0] == 0xff)
        return AddressRange::multicast;
    return AddressRange::public_address;
}

}  // namespace

std::string_view to_string(LinkOutcome outcome)
{
    switch (outcome) {
    case LinkOutcome::ok:
        return "ok";
    case LinkOutcome::broken:
        return "broken";
    case LinkOutcome::unreachable:
        return "unreachable";
    }
    return "unreachable";
}

std::optional<LinkOutcome> parse_link_outcome(std::string_view text)
{
    for (auto outcome : {LinkOutcome::ok, LinkOutcome::broken, LinkOutcome::unreachable}) {
        if (to_string(outcome) == text)
            return outcome;
    }
    return std::nullopt;
}

std::optional<std::string> why_cannot_check(const LinkAddress& address)
{
    const auto scheme = lowercase(address.scheme);
    if (scheme != "http" && scheme != "https")
        return "not an http or https address";
    if (address.host.empty())
        return "no host in the address";
    if (address.has_credentials)
        return "credentials in the address";
    return std::nullopt;
}

AddressRange classify_address(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() == 4)
        return classify_ipv4(bytes.first<4>());
    if (bytes.size() == 16)
        return classify_ipv6(bytes.first<16>());
    return AddressRange::reserved;
}

std::optional<std::string> why_address_refused(
    std::span<const std::uint8_t> bytes, bool allow_private)
{
    switch (classify_address(bytes)) {
    case AddressRange::public_address:
        return std::nullopt;
    case AddressRange::loopback:
    case AddressRange::private_network:
    case AddressRange::link_local:
        if (allow_private)
            return std::nullopt;
        return "private address";
    case AddressRange::unspecified:
        return "unspecified address";
    case AddressRange::multicast:
        return "multicast address";
    case AddressRange::reserved:
        break;
    }
    return "reserved address";
}

std::string_view reason_phrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 410:
        return "Gone";
    case 429:
        return "Too Many Requests";
    case 451:
        return "Unavailable For Legal Reasons";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return {};
    }
}

std::string describe_status(int status)
{
    const auto phrase = reason_phrase(status);
    if (phrase.empty())
        return "HTTP " + std::to_string(status);
    return std::to_string(status) + " " + std::string(phrase);
}

NextStep next_step(RequestMethod method, int status, bool has_location, int redirects_followed)
{
    using Kind = NextStep::Kind;
    if (method == RequestMethod::head && (status == 405 || status == 501))
        return {Kind::retry_with_get, {}};
    const bool redirect =
        status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (redirect) {
        if (!has_location)
            return {Kind::finish, {LinkOutcome::broken, status, "redirect without a Location"}};
        if (redirects_followed >= max_redirects)
            return {Kind::finish, {LinkOutcome::broken, status, "too many redirects"}};
        return {Kind::follow_redirect, {}};
    }
    if (status >= 200 && status <= 299) {
        std::string detail = describe_status(status);
        if (redirects_followed == 1)
            detail += " after 1 redirect";
        else if (redirects_followed > 1)
            detail += " after " + std::to_string(redirects_followed) + " redirects";
        return {Kind::finish, {LinkOutcome::ok, status, std::move(detail)}};
    }
    return {Kind::finish, {LinkOutcome::broken, status, describe_status(status)}};
}

LinkCheckResult unreachable(NetworkFailure failure, std::string_view specifics)
{
    std::string detail;
    switch (failure) {
    case NetworkFailure::name_not_found:
        detail = "host not found";
        break;
    case NetworkFailure::connection_failed:
        detail = "connection failed";
        break;
    case NetworkFailure::tls_failed:
        detail = "TLS failed";
        break;
    case NetworkFailure::timeout:
        detail = "timeout";
        break;
    case NetworkFailure::protocol_error:
        detail = "bad response";
        break;
    }
    if (!specifics.empty())
        detail += ": " + std::string(specifics);
    return {LinkOutcome::unreachable, 0, std::move(detail)};
}

std::vector<std::string> due_links(
    std::vector<LinkSeen> links, std::chrono::system_clock::time_point now, const DuePolicy& policy)
{
    // Never checked sorts before any moment; then oldest first; then by address.
    std::sort(links.begin(), links.end(), [](const LinkSeen& a, const LinkSeen& b) {
        if (a.last_checked != b.last_checked)
            return a.last_checked < b.last_checked;
        return a.url < b.url;
    });
    const auto cutoff = now - policy.interval;
    std::vector<std::string> due;
    for (const auto& link : links) {
        if (due.size() >= policy.per_round)
            break;
        if (link.last_checked && *link.last_checked > cutoff)
            continue;
        if (std::find(due.begin(), due.end(), link.url) != due.end())
            continue;
        due.push_back(link.url);
    }
    return due;
}

}  // namespace tablero::evidence

// The rules of the background check of evidence links (PRODUCT.md, module 3: "evidence links
// are checked in the background (status and date of last check shown to officers)"): which
// addresses may be checked at all, which network addresses the checker may connect to, what a
// chain of responses means (ok, broken or unreachable, with a short detail), and which links are
// due for a check. The checker (checks/link_checker.h) does the network I/O and asks these.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::evidence {

enum class LinkOutcome {
    // A 2xx answer, after at most max_redirects redirects.
    ok,
    // The server answered, but with an error status (4xx, 5xx), too many redirects or a
    // redirect that cannot be followed.
    broken,
    // No answer: the name does not resolve, the connection or TLS fails, a timeout, or an
    // address the checker refuses to connect to.
    unreachable,
};

std::string_view to_string(LinkOutcome outcome);
std::optional<LinkOutcome> parse_link_outcome(std::string_view text);

// What one check found. detail is a few words for officers ("404 Not Found", "timeout"); it
// never holds the address itself or anything personal.
struct LinkCheckResult {
    LinkOutcome outcome = LinkOutcome::unreachable;
    // The last HTTP status received; 0 when there was none.
    int http_status = 0;
    std::string detail;

    bool operator==(const LinkCheckResult&) const = default;
};

// The parts of an address that decide whether it may be checked, as the checker's URL parser
// (Boost.URL) finds them.
struct LinkAddress {
    std::string scheme;
    bool has_credentials = false;
    std::string host;
};

// Why an address may not be checked, or nullopt when it may: only http and https (the checker
// speaks nothing else), with a host, and without credentials in it (a user name or password in
// a public link is a leak, and sending it would act on someone's behalf).
std::optional<std::string> why_cannot_check(const LinkAddress& address);

// The kinds of network address the SSRF guard tells apart (IANA's special-purpose address
// registries, RFC 6890 and its updates).
enum class AddressRange {
    public_address,
    // 127.0.0.0/8, ::1.
    loopback,
    // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (shared, RFC 6598), fc00::/7.
    private_network,
    // 169.254.0.0/16 (where cloud metadata services answer), fe80::/10.
    link_local,
    // 0.0.0.0/8, ::.
    unspecified,
    // 224.0.0.0/4, ff00::/8.
    multicast,
    // 240.0.0.0/4 and the broadcast address: not for hosts.
    reserved,
};

// An IPv4 address is 4 bytes, an IPv6 address 16, in network order. IPv6 addresses that carry
// an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, the NAT64 prefix 64:ff9b::/96 and 6to4's
// 2002::/16) are judged by the IPv4 address inside, so 127.0.0.1 cannot come in dressed as IPv6.
// Any other length is reserved.
AddressRange classify_address(std::span<const std::uint8_t> bytes);

// The SSRF guard (OWASP's Server-Side Request Forgery Prevention Cheat Sheet: "do not accept
// ... private, loopback or link-local addresses"): a link in public evidence must not make the
// server reach into its own network. Returns why an address may not be connected to, or nullopt.
// allow_private admits loopback, private and link-local addresses (tests, and installations
// whose evidence lives on an intranet); unspecified, multicast and reserved addresses are always
// refused. The detail is "private address" for every range that allow_private admits.
std::optional<std::string> why_address_refused(
    std::span<const std::uint8_t> bytes, bool allow_private);

// Redirects followed before a chain counts as broken.
inline constexpr int max_redirects = 5;

enum class RequestMethod { head, get };

// What to do after one response of a check's chain.
struct NextStep {
    enum class Kind {
        // The check is over: result says how it ended.
        finish,
        // Request the Location the response gives, with the same method.
        follow_redirect,
        // Ask again with GET: the server refused HEAD (405 Method Not Allowed or 501 Not
        // Implemented; RFC 9110 section 9.3.2 lets a server not support HEAD).
        retry_with_get,
    };
    Kind kind = Kind::finish;
    // Set when kind is finish.
    LinkCheckResult result;

    bool operator==(const NextStep&) const = default;
};

// The check asks with HEAD first, since it needs no body, and with GET when HEAD is refused.
// A redirect (301, 302, 303, 307, 308) with a Location is followed while fewer than
// max_redirects have been; a 2xx is ok; anything else is broken, the detail naming the status
// ("404 Not Found") or why ("too many redirects", "redirect without a Location").
NextStep next_step(RequestMethod method, int status, bool has_location, int redirects_followed);

// The reason phrase of common statuses ("Not Found"), empty for others.
std::string_view reason_phrase(int status);
// "404 Not Found", or "HTTP 599" for a status without a known phrase.
std::string describe_status(int status);

// Why a check got no answer.
enum class NetworkFailure {
    // The name does not resolve.
    name_not_found,
    // No connection to any of the host's addresses.
    connection_failed,
    // The TLS handshake failed (an invalid certificate among the reasons).
    tls_failed,
    // No answer within the time allowed.
    timeout,
    // The exchange broke off (a malformed or cut response).
    protocol_error,
};

// An unreachable result for a failure: "host not found", "connection failed", "TLS failed",
// "timeout" or "bad response", followed by ": specifics" when given (the library's few words,
// "certificate verify failed").
LinkCheckResult unreachable(NetworkFailure failure, std::string_view specifics = {});

// A link as the scheduler sees it: the address, and when it was last checked (nullopt: never).
struct LinkSeen {
    std::string url;
    std::optional<std::chrono::system_clock::time_point> last_checked;
};

struct DuePolicy {
    // A link is checked again once this long has passed since its last check.
    std::chrono::seconds interval = std::chrono::hours(24);
    // At most this many checks in one round, so a round ends and the server's other work (and
    // the sites checked) is never flooded.
    std::size_t per_round = 50;
};

// The links to check now: those never checked, then those whose last check is at least interval
// ago, oldest first (ties, and the never checked, by address, so the order is stable); at most
// per_round. A link listed twice counts once.
std::vector<std::string> due_links(std::vector<LinkSeen> links,
    std::chrono::system_clock::time_point now, const DuePolicy& policy = {});

}  // namespace tablero::evidence

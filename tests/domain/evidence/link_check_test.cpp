// The rules of the evidence link check, row by row: which addresses may be checked, the SSRF
// guard's address ranges, what a response means, and which links are due.
#include "domain/evidence/link_check.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace tablero::evidence {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

TEST(LinkCheckTest, OnlyHttpAddressesWithAHostAndNoCredentialsMayBeChecked)
{
    struct Case {
        std::string name;
        LinkAddress address;
        std::optional<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"https", {"https", false, "example.org"}, std::nullopt},
        {"http", {"http", false, "example.org"}, std::nullopt},
        {"scheme in capitals", {"HTTPS", false, "example.org"}, std::nullopt},
        {"ftp", {"ftp", false, "example.org"}, "not an http or https address"},
        {"file", {"file", false, ""}, "not an http or https address"},
        {"javascript", {"javascript", false, ""}, "not an http or https address"},
        {"no host", {"https", false, ""}, "no host in the address"},
        {"user and password", {"https", true, "example.org"}, "credentials in the address"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(why_cannot_check(c.address), c.expected);
    }
}

Bytes ipv6(std::initializer_list<std::uint16_t> groups)
{
    // Groups as written, with the "::" already expanded by the caller to eight groups.
    Bytes bytes;
    for (auto group : groups) {
        bytes.push_back(static_cast<std::uint8_t>(group >> 8));
        bytes.push_back(static_cast<std::uint8_t>(group & 0xff));
    }
    return bytes;
}

TEST(LinkCheckTest, AddressRanges)
{
    struct Case {
        std::string name;
        Bytes bytes;
        AddressRange expected;
    };
    const std::vector<Case> cases = {
        {"public IPv4", {93, 184, 216, 34}, AddressRange::public_address},
        {"loopback", {127, 0, 0, 1}, AddressRange::loopback},
        {"loopback elsewhere in 127/8", {127, 1, 2, 3}, AddressRange::loopback},
        {"10/8", {10, 1, 2, 3}, AddressRange::private_network},
        {"172.16/12 first", {172, 16, 0, 1}, AddressRange::private_network},
        {"172.16/12 last", {172, 31, 255, 254}, AddressRange::private_network},
        {"172.32 is public", {172, 32, 0, 1}, AddressRange::public_address},
        {"172.15 is public", {172, 15, 255, 255}, AddressRange::public_address},
        {"192.168/16", {192, 168, 1, 1}, AddressRange::private_network},
        {"192.169 is public", {192, 169, 1, 1}, AddressRange::public_address},
        {"shared 100.64/10", {100, 64, 0, 1}, AddressRange::private_network},
        {"100.128 is public", {100, 128, 0, 1}, AddressRange::public_address},
        {"cloud metadata 169.254.169.254", {169, 254, 169, 254}, AddressRange::link_local},
        {"0.0.0.0", {0, 0, 0, 0}, AddressRange::unspecified},
        {"0/8", {0, 1, 2, 3}, AddressRange::unspecified},
        {"multicast", {224, 0, 0, 251}, AddressRange::multicast},
        {"multicast last", {239, 255, 255, 255}, AddressRange::multicast},
        {"reserved 240/4", {240, 0, 0, 1}, AddressRange::reserved},
        {"broadcast", {255, 255, 255, 255}, AddressRange::reserved},
        {"public IPv6", ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}), AddressRange::public_address},
        {"::1", ipv6({0, 0, 0, 0, 0, 0, 0, 1}), AddressRange::loopback},
        {"::", ipv6({0, 0, 0, 0, 0, 0, 0, 0}), AddressRange::unspecified},
        {"fc00::/7 low", ipv6({0xfc00, 0, 0, 0, 0, 0, 0, 1}), AddressRange::private_network},
        {"fc00::/7 fd", ipv6({0xfd12, 0x3456, 0, 0, 0, 0, 0, 1}), AddressRange::private_network},
        {"fe80::/10", ipv6({0xfe80, 0, 0, 0, 0, 0, 0, 1}), AddressRange::link_local},
        {"febf is link-local", ipv6({0xfebf, 0, 0, 0, 0, 0, 0, 1}), AddressRange::link_local},
        {"fec0 is not link-local", ipv6({0xfec0, 0, 0, 0, 0, 0, 0, 1}),
            AddressRange::public_address},
        {"ff02::1", ipv6({0xff02, 0, 0, 0, 0, 0, 0, 1}), AddressRange::multicast},
        {"::ffff:127.0.0.1", ipv6({0, 0, 0, 0, 0, 0xffff, 0x7f00, 1}), AddressRange::loopback},
        {"::ffff:10.0.0.1", ipv6({0, 0, 0, 0, 0, 0xffff, 0x0a00, 1}),
            AddressRange::private_network},
        {"::ffff:93.184.216.34", ipv6({0, 0, 0, 0, 0, 0xffff, 0x5db8, 0xd822}),
            AddressRange::public_address},
        {"::127.0.0.1 (compatible)", ipv6({0, 0, 0, 0, 0, 0, 0x7f00, 1}), AddressRange::loopback},
        {"NAT64 of 169.254.169.254", ipv6({0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe}),
            AddressRange::link_local},
        {"6to4 of 192.168.0.1", ipv6({0x2002, 0xc0a8, 0x0001, 0, 0, 0, 0, 1}),
            AddressRange::private_network},
        {"6to4 of a public address", ipv6({0x2002, 0x5db8, 0xd822, 0, 0, 0, 0, 1}),
            AddressRange::public_address},
        {"wrong length", {1, 2, 3}, AddressRange::reserved},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(classify_address(c.bytes), c.expected);
    }
}

TEST(LinkCheckTest, TheGuardRefusesPrivateAddressesUnlessAllowed)
{
    struct Case {
        std::string name;
        Bytes bytes;
        bool allow_private;
        std::optional<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"public", {93, 184, 216, 34}, false, std::nullopt},
        {"public, private allowed", {93, 184, 216, 34}, true, std::nullopt},
        {"loopback", {127, 0, 0, 1}, false, "private address"},
        {"loopback allowed", {127, 0, 0, 1}, true, std::nullopt},
        {"private", {192, 168, 0, 10}, false, "private address"},
        {"private allowed", {192, 168, 0, 10}, true, std::nullopt},
        {"link-local", {169, 254, 169, 254}, false, "private address"},
        {"link-local allowed", {169, 254, 169, 254}, true, std::nullopt},
        {"IPv6 unique local", ipv6({0xfd00, 0, 0, 0, 0, 0, 0, 1}), false, "private address"},
        {"unspecified, even allowed", {0, 0, 0, 0}, true, "unspecified address"},
        {"multicast, even allowed", {224, 0, 0, 1}, true, "multicast address"},
        {"reserved, even allowed", {255, 255, 255, 255}, true, "reserved address"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(why_address_refused(c.bytes, c.allow_private), c.expected);
    }
}

TEST(LinkCheckTest, NextStepAfterEachResponse)
{
    using Kind = NextStep::Kind;
    const auto head = RequestMethod::head;
    const auto get = RequestMethod::get;
    const auto finish = [](LinkOutcome outcome, int status, std::string detail) {
        return NextStep{Kind::finish, {outcome, status, std::move(detail)}};
    };
    struct Case {
        std::string name;
        RequestMethod method;
        int status;
        bool has_location;
        int redirects_followed;
        NextStep expected;
    };
    const std::vector<Case> cases = {
        {"200", head, 200, false, 0, finish(LinkOutcome::ok, 200, "200 OK")},
        {"204", get, 204, false, 0, finish(LinkOutcome::ok, 204, "204 No Content")},
        {"200 after one redirect", head, 200, false, 1,
            finish(LinkOutcome::ok, 200, "200 OK after 1 redirect")},
        {"200 after five redirects", head, 200, false, 5,
            finish(LinkOutcome::ok, 200, "200 OK after 5 redirects")},
        {"unknown 2xx", get, 299, false, 0, finish(LinkOutcome::ok, 299, "HTTP 299")},
        {"404", head, 404, false, 0, finish(LinkOutcome::broken, 404, "404 Not Found")},
        {"410", get, 410, false, 0, finish(LinkOutcome::broken, 410, "410 Gone")},
        {"500", head, 500, false, 0, finish(LinkOutcome::broken, 500, "500 Internal Server Error")},
        {"HEAD refused with 405", head, 405, false, 0, {Kind::retry_with_get, {}}},
        {"HEAD refused with 501", head, 501, false, 2, {Kind::retry_with_get, {}}},
        {"GET refused with 405 too", get, 405, false, 0,
            finish(LinkOutcome::broken, 405, "405 Method Not Allowed")},
        {"301 with Location", head, 301, true, 0, {Kind::follow_redirect, {}}},
        {"302", get, 302, true, 3, {Kind::follow_redirect, {}}},
        {"303", head, 303, true, 0, {Kind::follow_redirect, {}}},
        {"307", head, 307, true, 0, {Kind::follow_redirect, {}}},
        {"308, the fifth redirect", head, 308, true, 4, {Kind::follow_redirect, {}}},
        {"a sixth redirect", head, 301, true, 5,
            finish(LinkOutcome::broken, 301, "too many redirects")},
        {"redirect without Location", head, 302, false, 0,
            finish(LinkOutcome::broken, 302, "redirect without a Location")},
        {"304 is not followed", head, 304, true, 0, finish(LinkOutcome::broken, 304, "HTTP 304")},
        {"1xx", get, 100, false, 0, finish(LinkOutcome::broken, 100, "HTTP 100")},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(next_step(c.method, c.status, c.has_location, c.redirects_followed), c.expected);
    }
}

TEST(LinkCheckTest, NetworkFailuresAreUnreachable)
{
    struct Case {
        NetworkFailure failure;
        std::string specifics;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {NetworkFailure::name_not_found, "", "host not found"},
        {NetworkFailure::connection_failed, "Connection refused",
            "connection failed: Connection refused"},
        {NetworkFailure::tls_failed, "certificate verify failed",
            "TLS failed: certificate verify failed"},
        {NetworkFailure::timeout, "", "timeout"},
        {NetworkFailure::protocol_error, "", "bad response"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.detail);
        EXPECT_EQ(unreachable(c.failure, c.specifics),
            (LinkCheckResult{LinkOutcome::unreachable, 0, c.detail}));
    }
}

TEST(LinkCheckTest, OutcomesRoundTripAsText)
{
    for (auto outcome : {LinkOutcome::ok, LinkOutcome::broken, LinkOutcome::unreachable})
        EXPECT_EQ(parse_link_outcome(to_string(outcome)), outcome);
    EXPECT_EQ(parse_link_outcome("fine"), std::nullopt);
}

TEST(LinkCheckTest, DueLinks)
{
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 5 / 2} + 12h;
    const auto never = std::optional<std::chrono::system_clock::time_point>{};
    const std::vector<LinkSeen> links = {
        {"https://c.example/", now - 30h},
        {"https://b.example/", never},
        {"https://a.example/", now - 25h},
        {"https://fresh.example/", now - 1h},
        {"https://d.example/", now - 24h},
        {"https://a0.example/", never},
        {"https://e.example/", now - 30h},
    };
    struct Case {
        std::string name;
        std::vector<LinkSeen> links;
        DuePolicy policy;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"never checked first, then oldest; exactly the interval is due", links, {},
            {"https://a0.example/", "https://b.example/", "https://c.example/",
                "https://e.example/", "https://a.example/", "https://d.example/"}},
        {"at most per round", links, {.per_round = 3},
            {"https://a0.example/", "https://b.example/", "https://c.example/"}},
        {"a shorter interval", links, {.interval = 1h, .per_round = 50},
            {"https://a0.example/", "https://b.example/", "https://c.example/",
                "https://e.example/", "https://a.example/", "https://d.example/",
                "https://fresh.example/"}},
        {"a longer interval", links, {.interval = 48h, .per_round = 50},
            {"https://a0.example/", "https://b.example/"}},
        {"nothing due", {{"https://fresh.example/", now - 1h}}, {}, {}},
        {"none at all", {}, {}, {}},
        {"listed twice counts once",
            {{"https://b.example/", never}, {"https://b.example/", never},
                {"https://a.example/", now - 25h}},
            {.per_round = 2}, {"https://b.example/", "https://a.example/"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(due_links(c.links, now, c.policy), c.expected);
    }
}

}  // namespace
}  // namespace tablero::evidence

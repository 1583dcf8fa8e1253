#include "http/forwarded.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::http {
namespace {

struct Case {
    const char* name;
    const char* peer;
    const char* forwarded_for;
    std::vector<std::string> trusted;
    const char* expected;
};

TEST(ClientAddress, BelievesXForwardedForOnlyFromTrustedProxies)
{
    const std::vector<Case> cases = {
        {"no proxy configured: the peer", "203.0.113.9", "198.51.100.1", {}, "203.0.113.9"},
        {"an untrusted peer cannot name another address", "203.0.113.9", "198.51.100.1",
            {"127.0.0.1"}, "203.0.113.9"},
        {"a trusted proxy names the client", "127.0.0.1", "198.51.100.1", {"127.0.0.1"},
            "198.51.100.1"},
        {"the client's own entry on the left is ignored", "127.0.0.1", "6.6.6.6, 198.51.100.1",
            {"127.0.0.1"}, "198.51.100.1"},
        {"two trusted proxies in a row", "10.0.0.2", "198.51.100.1, 10.0.0.1",
            {"10.0.0.1", "10.0.0.2"}, "198.51.100.1"},
        {"every hop trusted: the leftmost", "10.0.0.2", "10.0.0.1", {"10.0.0.1", "10.0.0.2"},
            "10.0.0.1"},
        {"no header from a trusted proxy: the proxy", "127.0.0.1", "", {"127.0.0.1"}, "127.0.0.1"},
        {"garbage stops at the hop that wrote it", "127.0.0.1", "198.51.100.1, not-an-ip",
            {"127.0.0.1"}, "127.0.0.1"},
        {"spaces and tabs around entries", "127.0.0.1", " \t198.51.100.1 ", {"127.0.0.1"},
            "198.51.100.1"},
        {"IPv6 in canonical form", "::1", "2001:DB8:0:0::1", {"::1"}, "2001:db8::1"},
        {"an address with a port is not an address", "127.0.0.1", "198.51.100.1:4431",
            {"127.0.0.1"}, "127.0.0.1"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(client_address(c.peer, c.forwarded_for, c.trusted), c.expected) << c.name;
    }
}

TEST(CanonicalAddress, AcceptsOnlyAddresses)
{
    EXPECT_EQ(canonical_address("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(canonical_address("0:0:0:0:0:0:0:1"), "::1");
    EXPECT_EQ(canonical_address("example.org"), "");
    EXPECT_EQ(canonical_address(""), "");
    EXPECT_EQ(canonical_address("192.0.2.256"), "");
}

}  // namespace
}  // namespace tablero::http

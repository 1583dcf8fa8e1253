// Who sent a request when a reverse proxy stands in front of Tablero. The proxy's own address is
// the peer of every connection; the client's is the one the proxy appended to X-Forwarded-For.
// That header is believed only from the proxies the operator names (the trusted_proxies
// setting): a client talking to Tablero directly could write any address into it.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace tablero::http {

// The address that sent the request: peer itself unless peer is one of trusted_proxies; then,
// walking forwarded_for (the X-Forwarded-For values, comma-separated, oldest first) from its right
// end, the first address that is not a trusted proxy. An entry that is not an IP address stops
// the walk at the hop that wrote it. Addresses are compared and returned in canonical form.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
    std::span<const std::string> trusted_proxies);

// The canonical form of an IPv4 or IPv6 address ("::1", "192.0.2.7"), or empty when text is not
// one.
std::string canonical_address(std::string_view text);

}  // namespace tablero::http

#include "http/forwarded.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <vector>

namespace tablero::http {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool is_trusted(const std::string& address, std::span<const std::string> trusted_proxies)
{
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
        trusted_proxies.end();
}

}  // namespace

std::string canonical_address(std::string_view text)
{
    boost::system::error_code error;
    const auto address = boost::asio::ip::make_address(std::string(text), error);
    if (error)
        return {};
    return address.to_string();
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
    std::span<const std::string> trusted_proxies)
{
    std::string client = canonical_address(peer);
    if (client.empty())
        client = std::string(peer);
    std::vector<std::string_view> hops;
    for (std::size_t start = 0; start <= forwarded_for.size();) {
        auto end = forwarded_for.find(',', start);
        if (end == std::string_view::npos)
            end = forwarded_for.size();
        hops.push_back(trim(forwarded_for.substr(start, end - start)));
        start = end + 1;
    }
    // Each trusted hop vouches for the address to its left.
    for (auto hop = hops.rbegin(); hop != hops.rend() && is_trusted(client, trusted_proxies);
         ++hop) {
        auto address = canonical_address(*hop);
        if (address.empty())
            break;
        client = std::move(address);
    }
    return client;
}

}  // namespace tablero::http

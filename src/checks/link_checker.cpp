#include "checks/link_checker.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <spdlog/spdlog.h>

#include <optional>
#include <thread>
#include <variant>
#include <vector>

namespace tablero::checks {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;
using evidence::LinkCheckResult;
using evidence::LinkOutcome;
using evidence::NetworkFailure;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);

// A response's status and Location, when the exchange got that far.
struct Answer {
    int status = 0;
    std::optional<std::string> location;
};
// One request: an answer, or why there was none.
using Hop = std::variant<Answer, LinkCheckResult>;

evidence::LinkAddress address_of(const urls::url_view& url)
{
    return {std::string(url.scheme()), url.has_userinfo(), std::string(url.host_address())};
}

std::vector<std::uint8_t> bytes_of(const asio::ip::address& address)
{
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        return {bytes.begin(), bytes.end()};
    }
    const auto bytes = address.to_v6().to_bytes();
    return {bytes.begin(), bytes.end()};
}

// Connection-level failures: the library's words, which name no address.
LinkCheckResult failure(NetworkFailure kind, const boost::system::error_code& error)
{
    if (error == beast::error::timeout)
        return evidence::unreachable(NetworkFailure::timeout);
    return evidence::unreachable(kind, error.message());
}

// Runs work to completion on an event loop of its own, on the calling thread.
template <typename T> T run_now(asio::awaitable<T> work)
{
    asio::io_context io;
    std::optional<T> out;
    std::exception_ptr thrown;
    asio::co_spawn(
        io,
        [&out, work = std::move(work)]() mutable -> asio::awaitable<void> {
            out.emplace(co_await std::move(work));
        },
        [&thrown](std::exception_ptr error) { thrown = error; });
    io.run();
    if (thrown)
        std::rethrow_exception(thrown);
    return std::move(*out);
}

}  // namespace

std::string host_for_log(const std::string& url)
{
    auto parsed = urls::parse_uri(url);
    if (!parsed)
        return "(not a valid address)";
    return std::string(parsed->host_address());
}

struct LinkChecker::Impl {
    Impl(storage::LinkCheckStore& store_, const Clock& clock_, LinkCheckerOptions options_)
        : store(store_), clock(clock_), options(std::move(options_)), tls(ssl::context::tls_client)
    {
        // Certificates are verified against the system's store (Debian's ca-certificates).
        tls.set_default_verify_paths();
        tls.set_verify_mode(ssl::verify_peer);
        if (!options.extra_certificate_authority.empty())
            tls.add_certificate_authority(asio::buffer(options.extra_certificate_authority));
        tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
            ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    }

    asio::awaitable<LinkCheckResult> check(std::string text);
    asio::awaitable<Hop> request(const urls::url_view& url, evidence::RequestMethod method);
    template <typename Stream>
    asio::awaitable<Hop> exchange(
        Stream& stream, const urls::url_view& url, evidence::RequestMethod method);
    asio::awaitable<Result<RoundSummary>> round(
        std::function<void(const std::string&, const LinkCheckResult&)> on_checked);
    asio::awaitable<void> loop();

    storage::LinkCheckStore& store;
    const Clock& clock;
    const LinkCheckerOptions options;
    // Declared before the event loop, so the loop (and any TLS stream it still holds) goes
    // first.
    ssl::context tls;
    std::unique_ptr<asio::io_context> background;
    std::thread thread;
};

asio::awaitable<LinkCheckResult> LinkChecker::Impl::check(std::string text)
{
    auto parsed = urls::parse_uri(text);
    if (!parsed)
        co_return LinkCheckResult{LinkOutcome::broken, 0, "not a valid address"};
    urls::url current = *parsed;
    current.remove_fragment();
    auto method = evidence::RequestMethod::head;
    int redirects = 0;
    for (;;) {
        if (auto why = evidence::why_cannot_check(address_of(current)))
            co_return LinkCheckResult{
                LinkOutcome::broken, 0, redirects == 0 ? *why : "redirect: " + *why};
        auto hop = co_await request(current, method);
        if (auto* failed = std::get_if<LinkCheckResult>(&hop))
            co_return *failed;
        const auto& answer = std::get<Answer>(hop);
        const auto step =
            evidence::next_step(method, answer.status, answer.location.has_value(), redirects);
        switch (step.kind) {
        case evidence::NextStep::Kind::finish:
            co_return step.result;
        case evidence::NextStep::Kind::retry_with_get:
            method = evidence::RequestMethod::get;
            continue;
        case evidence::NextStep::Kind::follow_redirect:
            break;
        }
        // RFC 9110 section 10.2.2: Location may be relative, resolved against the request's
        // address (RFC 3986 section 5).
        auto reference = urls::parse_uri_reference(*answer.location);
        urls::url next;
        if (!reference || !urls::resolve(current, *reference, next))
            co_return LinkCheckResult{LinkOutcome::broken, answer.status, "redirect: bad Location"};
        next.remove_fragment();
        current = std::move(next);
        ++redirects;
    }
}

asio::awaitable<Hop> LinkChecker::Impl::request(
    const urls::url_view& url, evidence::RequestMethod method)
{
    auto executor = co_await asio::this_coro::executor;
    const bool secure = url.scheme_id() == urls::scheme::https;
    const std::string host(url.host_address());
    const std::string port = url.has_port() && !url.port().empty() ? std::string(url.port())
        : secure                                                   ? "443"
                                                                   : "80";

    // The system resolver has no deadline of its own: a timer cancels it.
    auto resolver = std::make_shared<tcp::resolver>(executor);
    auto resolve_timed_out = std::make_shared<bool>(false);
    asio::steady_timer resolve_deadline(executor, options.timeout);
    resolve_deadline.async_wait([resolver, resolve_timed_out](boost::system::error_code error) {
        if (!error) {
            *resolve_timed_out = true;
            resolver->cancel();
        }
    });
    auto [resolve_error, endpoints] = co_await resolver->async_resolve(host, port, as_result);
    resolve_deadline.cancel();
    if (*resolve_timed_out)
        co_return evidence::unreachable(NetworkFailure::timeout);
    if (resolve_error || endpoints.empty())
        co_return evidence::unreachable(NetworkFailure::name_not_found);

    // The SSRF guard, on every address the name resolves to: one refused address refuses the
    // link (a name may mix a public and a private address to slip through). The connection
    // then goes only to these vetted addresses, never to a second resolution.
    for (const auto& entry : endpoints) {
        if (auto why = evidence::why_address_refused(
                bytes_of(entry.endpoint().address()), options.allow_private_addresses))
            co_return LinkCheckResult{LinkOutcome::unreachable, 0, *why};
    }

    beast::tcp_stream stream(executor);
    // One deadline for connecting, the TLS handshake, the request and the response's headers.
    stream.expires_after(options.timeout);
    auto [connect_error, connected] = co_await stream.async_connect(endpoints, as_result);
    if (connect_error)
        co_return failure(NetworkFailure::connection_failed, connect_error);
    if (!secure)
        co_return co_await exchange(stream, url, method);

    beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(stream), tls);
    // SNI names the site to servers that host many (RFC 6066 section 3); not sent for an IP
    // address, which it may not carry.
    if (url.host_type() == urls::host_type::name &&
        !SSL_set_tlsext_host_name(tls_stream.native_handle(), host.c_str()))
        co_return evidence::unreachable(NetworkFailure::tls_failed, "server name");
    // The certificate must name the host (RFC 6125).
    tls_stream.set_verify_callback(ssl::host_name_verification(host));
    auto [handshake_error] =
        co_await tls_stream.async_handshake(ssl::stream_base::client, as_result);
    if (handshake_error)
        co_return failure(NetworkFailure::tls_failed, handshake_error);
    co_return co_await exchange(tls_stream, url, method);
}

template <typename Stream>
asio::awaitable<Hop> LinkChecker::Impl::exchange(
    Stream& stream, const urls::url_view& url, evidence::RequestMethod method)
{
    std::string target(url.encoded_target());
    if (target.empty() || target.front() != '/')
        target.insert(0, "/");
    const bool head = method == evidence::RequestMethod::head;
    http::request<http::empty_body> request{head ? http::verb::head : http::verb::get, target, 11};
    request.set(http::field::host, url.encoded_host_and_port());
    request.set(http::field::user_agent, options.user_agent);
    request.set(http::field::accept, "*/*");
    request.set(http::field::connection, "close");
    auto [write_error, written] = co_await http::async_write(stream, request, as_result);
    if (write_error)
        co_return failure(NetworkFailure::protocol_error, write_error);

    // Only the headers are read: a GET's body (a 100 MB report) is never downloaded.
    beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    parser.header_limit(32 * 1024);
    parser.skip(head);
    auto [read_error, read] = co_await http::async_read_header(stream, buffer, parser, as_result);
    if (read_error)
        co_return failure(NetworkFailure::protocol_error, read_error);
    Answer answer;
    answer.status = static_cast<int>(parser.get().result_int());
    if (auto location = parser.get().find(http::field::location); location != parser.get().end())
        answer.location = std::string(location->value());
    co_return answer;
}

asio::awaitable<Result<RoundSummary>> LinkChecker::Impl::round(
    std::function<void(const std::string&, const LinkCheckResult&)> on_checked)
{
    auto links = store.links_to_check();
    if (!links.ok())
        co_return std::move(links).error();
    auto everything_due = options.due;
    everything_due.per_round = links->size();
    const auto due = evidence::due_links(std::move(*links), clock.now(), everything_due);

    RoundSummary summary;
    for (const auto& url : due) {
        if (summary.checked == options.due.per_round) {
            summary.left_for_later = due.size() - summary.checked;
            break;
        }
        const auto result = co_await check(url);
        if (auto recorded = store.record(url, result, clock.now()); !recorded.ok())
            co_return std::move(recorded).error();
        ++summary.checked;
        switch (result.outcome) {
        case LinkOutcome::ok:
            ++summary.ok;
            break;
        case LinkOutcome::broken:
            ++summary.broken;
            break;
        case LinkOutcome::unreachable:
            ++summary.unreachable;
            break;
        }
        // Links are public evidence; still, the log keeps only the host.
        spdlog::log(result.outcome == LinkOutcome::ok ? spdlog::level::debug : spdlog::level::info,
            "link check: {} {}: {}", host_for_log(url), evidence::to_string(result.outcome),
            result.detail);
        if (on_checked)
            on_checked(url, result);
    }
    co_return summary;
}

asio::awaitable<void> LinkChecker::Impl::loop()
{
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(options.first_round_after);
    for (;;) {
        co_await timer.async_wait(asio::use_awaitable);
        auto summary = co_await round({});
        if (!summary.ok()) {
            spdlog::warn("link checks: {}", describe(summary.error()));
        } else if (summary->checked > 0) {
            spdlog::info("link checks: {} checked, {} ok, {} broken, {} unreachable, {} left for "
                         "the next round",
                summary->checked, summary->ok, summary->broken, summary->unreachable,
                summary->left_for_later);
        }
        timer.expires_after(options.round_every);
    }
}

LinkChecker::LinkChecker(
    storage::LinkCheckStore& store, const Clock& clock, LinkCheckerOptions options)
    : m_impl(std::make_unique<Impl>(store, clock, std::move(options)))
{
}

LinkChecker::~LinkChecker()
{
    stop();
}

LinkCheckResult LinkChecker::check(const std::string& url)
{
    return run_now(m_impl->check(url));
}

Result<RoundSummary> LinkChecker::run_round(
    const std::function<void(const std::string& url, const LinkCheckResult&)>& on_checked)
{
    return run_now(m_impl->round(on_checked));
}

void LinkChecker::start()
{
    if (m_impl->background)
        return;
    m_impl->background = std::make_unique<asio::io_context>(1);
    asio::co_spawn(*m_impl->background, m_impl->loop(), [](std::exception_ptr error) {
        if (!error)
            return;
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& thrown) {
            spdlog::error("link checks stopped: {}", thrown.what());
        }
    });
    m_impl->thread = std::thread([io = m_impl->background.get()] { io->run(); });
    spdlog::info("link checks: every {} h, first round in {} s",
        std::chrono::duration_cast<std::chrono::hours>(m_impl->options.due.interval).count(),
        std::chrono::duration_cast<std::chrono::seconds>(m_impl->options.first_round_after)
            .count());
}

void LinkChecker::stop()
{
    if (!m_impl->background)
        return;
    // The loop ends where it is: between rounds in its timer, or in a check, which is then
    // abandoned unrecorded (the link stays due). Destroying the loop frees what it held.
    m_impl->background->stop();
    m_impl->thread.join();
    m_impl->background.reset();
}

}  // namespace tablero::checks

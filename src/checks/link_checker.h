// The background checker of evidence links (PRODUCT.md, module 3: "evidence links are checked
// in the background (status and date of last check shown to officers)"). Every so often it
// takes the links that are due (evidence::due_links) from the LinkCheckStore, checks them one at
// a time and records each outcome. A check asks with HEAD (GET when HEAD is refused), follows up
// to 5 redirects, speaks HTTPS with certificates verified against the system's store, and
// before every connection, on every hop, refuses any address the SSRF guard refuses
// (evidence::why_address_refused): a public link must not make the server reach into its own
// network. It runs on its own thread with its own event loop; the web server never waits on it.
#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "domain/evidence/link_check.h"
#include "storage/link_check_store.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace tablero::checks {

struct LinkCheckerOptions {
    // Sent with every request: "Tablero link checker (+0.1.0)".
    std::string user_agent = "Tablero link checker";
    // For each hop: resolving the name, and connecting, the TLS handshake and the response's
    // headers together.
    std::chrono::milliseconds timeout = std::chrono::seconds(10);
    // Let links reach loopback, private and link-local addresses (tests, intranets).
    bool allow_private_addresses = false;
    // A certificate authority (PEM) trusted besides the system's store: an intranet's own, or
    // a test's.
    std::string extra_certificate_authority;
    // How often a link is checked again, and at most how many checks a round makes.
    evidence::DuePolicy due;
    // The background thread's first round comes this long after start (so a server starts
    // quietly), then a round every round_every.
    std::chrono::milliseconds first_round_after = std::chrono::minutes(1);
    std::chrono::milliseconds round_every = std::chrono::minutes(10);
};

// What one round did.
struct RoundSummary {
    std::size_t checked = 0;
    std::size_t ok = 0;
    std::size_t broken = 0;
    std::size_t unreachable = 0;
    // Links that were due but left for the next round (per_round reached).
    std::size_t left_for_later = 0;
};

class LinkChecker {
public:
    LinkChecker(
        storage::LinkCheckStore& store, const Clock& clock, LinkCheckerOptions options = {});
    // Stops the background thread if it runs.
    ~LinkChecker();
    LinkChecker(const LinkChecker&) = delete;
    LinkChecker& operator=(const LinkChecker&) = delete;

    // Checks one address now, on the calling thread, and records nothing.
    evidence::LinkCheckResult check(const std::string& url);

    // One round now, on the calling thread: checks the due links one at a time and records each
    // outcome. `on_checked` (optional) hears of each as it is recorded. An error only when the
    // store fails; a failed check is an outcome, not an error.
    Result<RoundSummary> run_round(
        const std::function<void(const std::string& url, const evidence::LinkCheckResult&)>&
            on_checked = {});

    // Starts the background thread: a round after first_round_after, then every round_every.
    void start();
    // Stops it: a check in flight is abandoned (and not recorded); returns once the thread has
    // ended. Safe to call twice, or without start().
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The host of an address, for logs: links are public evidence, but a log keeps only the host.
std::string host_for_log(const std::string& url);

}  // namespace tablero::checks

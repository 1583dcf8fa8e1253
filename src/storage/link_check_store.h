// The background checks of evidence links (PRODUCT.md, module 3: "evidence links are checked in
// the background (status and date of last check shown to officers)"): which addresses there are
// to check, and the latest outcome of each. The checker (checks/link_checker.h) reads the
// addresses and records outcomes; the officers' workspace reads latest() beside the evidence.
#pragma once

#include "core/result.h"
#include "domain/evidence/link_check.h"
#include "storage/database.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tablero::storage {

// The latest check of one address.
struct LinkCheck {
    evidence::LinkOutcome outcome = evidence::LinkOutcome::unreachable;
    // The last HTTP status received; 0 when there was none.
    int http_status = 0;
    // A few words: "404 Not Found", "timeout", "private address".
    std::string detail;
    // When, as ISO 8601 UTC text ("2024-05-01T12:00:00Z").
    std::string checked_at;

    bool operator==(const LinkCheck&) const = default;
};

class LinkCheckStore {
public:
    virtual ~LinkCheckStore() = default;

    // Every distinct http or https address of the evidence: the public evidence of results and
    // their updates, and that of submitted updates still pending validation (so an officer
    // learns of a broken link before the unit reviews it). Each comes with the time of its last
    // check, nullopt when never checked; in no particular order.
    virtual Result<std::vector<evidence::LinkSeen>> links_to_check() = 0;

    // Records the outcome of a check of url made at `at`, replacing the previous one.
    virtual Result<void> record(const std::string& url, const evidence::LinkCheckResult& result,
        std::chrono::system_clock::time_point at) = 0;

    // The latest check of each of urls that has been checked; an address never checked is
    // absent from the map.
    virtual Result<std::map<std::string, LinkCheck>> latest(
        const std::vector<std::string>& urls) = 0;
};

std::unique_ptr<LinkCheckStore> make_link_check_store(Database& database);

}  // namespace tablero::storage

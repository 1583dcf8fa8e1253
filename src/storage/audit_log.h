// The append-only record of every write (PRODUCT.md, module 3): who (account and role), when,
// what (action, entity and key), and the entity before and after as JSON. Stores append an
// entry inside the transaction of the write they describe, so one never exists without the
// other; nothing ever updates or deletes an entry.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tablero::storage {

// Who made a change: an account, or the system (the command line, an import, the demo data).
struct AuditActor {
    std::optional<std::int64_t> account_id;
    // The account's e-mail address, or what the system was ("command line").
    std::string name;
    // The account's role, or "system".
    std::string role;

    static AuditActor system(std::string what) { return {std::nullopt, std::move(what), "system"}; }
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;
    AuditActor actor;
    std::string action;
    std::string entity;
    std::string entity_key;
    // JSON; empty when the entity did not exist before, or no longer exists after.
    std::string before_json;
    std::string after_json;
};

// Which entries a listing returns. An empty field (or a missing date) matches every entry.
struct AuditFilter {
    std::string entity = {};
    // Exactly this key.
    std::string entity_key = {};
    // This key and every key below it: "TP/1" matches "TP/1" and "TP/1/1.2", not "TP/10".
    std::string under_key = {};
    std::string action = {};
    // The actor as recorded: an account's e-mail address, or what the system was.
    std::string actor = {};
    // Days in UTC, both included.
    std::optional<Date> from = {};
    std::optional<Date> to = {};
};

// An entry and what may be said in public of the account that made it: its display name and
// organisation (both empty for the system).
struct AuditListing {
    AuditEntry entry;
    std::string display_name;
    std::string organisation;
};

struct AuditPage {
    // Newest first.
    std::vector<AuditListing> entries;
    // How many entries match the filter, on every page.
    std::int64_t total = 0;
};

// Appends an entry with the session of the write's own transaction (inside Database::write).
void append_audit(soci::session& session, const AuditEntry& entry);

class AuditLog {
public:
    explicit AuditLog(Database& database) : m_database(database) { }

    // Entries oldest first; for one entity when `entity` is given (and its key when given).
    Result<std::vector<AuditEntry>> entries(
        const std::string& entity = {}, const std::string& entity_key = {}) const;

    // The entries that pass the filter, newest first: `limit` of them (0 for all) after
    // skipping `offset`, with the number that match.
    Result<AuditPage> list(
        const AuditFilter& filter, std::size_t limit = 0, std::size_t offset = 0) const;

private:
    Database& m_database;
};

}  // namespace tablero::storage

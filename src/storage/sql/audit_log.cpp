#include "storage/audit_log.h"

#include <soci/soci.h>

namespace tablero::storage {

void append_audit(soci::session& session, const AuditEntry& entry)
{
    long long account_id = entry.actor.account_id.value_or(0);
    soci::indicator account_indicator = entry.actor.account_id ? soci::i_ok : soci::i_null;
    session << "INSERT INTO audit_log (at, account_id, actor, role, action, entity, entity_key,"
               " before_json, after_json) VALUES (:at, :account_id, :actor, :role, :action,"
               " :entity, :entity_key, :before_json, :after_json)",
        soci::use(entry.at), soci::use(account_id, account_indicator), soci::use(entry.actor.name),
        soci::use(entry.actor.role), soci::use(entry.action), soci::use(entry.entity),
        soci::use(entry.entity_key), soci::use(entry.before_json), soci::use(entry.after_json);
}

Result<std::vector<AuditEntry>> AuditLog::entries(
    const std::string& entity, const std::string& entity_key) const
{
    return m_database.read([&](soci::session& session) -> Result<std::vector<AuditEntry>> {
        // Empty filters match everything, so one prepared statement serves every call.
        AuditEntry entry;
        long long id = 0;
        long long account_id = 0;
        soci::indicator account_indicator = soci::i_ok;
        soci::statement select = (session.prepare
                << "SELECT id, at, account_id, actor, role, action, entity, entity_key,"
                   " before_json, after_json FROM audit_log"
                   " WHERE (:entity = '' OR entity = :entity_again)"
                   " AND (:entity_key = '' OR entity_key = :entity_key_again) ORDER BY id",
            soci::use(entity), soci::use(entity), soci::use(entity_key), soci::use(entity_key),
            soci::into(id), soci::into(entry.at), soci::into(account_id, account_indicator),
            soci::into(entry.actor.name), soci::into(entry.actor.role), soci::into(entry.action),
            soci::into(entry.entity), soci::into(entry.entity_key), soci::into(entry.before_json),
            soci::into(entry.after_json));
        std::vector<AuditEntry> out;
        select.execute();
        while (select.fetch()) {
            entry.id = id;
            entry.actor.account_id = account_indicator == soci::i_null
                ? std::nullopt
                : std::optional<std::int64_t>(account_id);
            out.push_back(entry);
        }
        return out;
    });
}

Result<AuditPage> AuditLog::list(
    const AuditFilter& filter, std::size_t limit, std::size_t offset) const
{
    // One fixed text for every filter: each condition is true when its parameter is empty, so
    // a value never becomes part of a statement. Times are ISO 8601 UTC text, which sorts in
    // time order: a day's entries are those from its date up to the next day's.
    const std::string from = filter.from ? to_iso(*filter.from) : std::string();
    const std::string to =
        filter.to ? to_iso(date_from_days(days_since_epoch(*filter.to) + 1)) : std::string();
    const std::string under_slash =
        filter.under_key.empty() ? std::string() : filter.under_key + "/";
    static constexpr const char* where =
        " WHERE (:entity = '' OR l.entity = :entity_again)"
        " AND (:entity_key = '' OR l.entity_key = :entity_key_again)"
        " AND (:under = '' OR l.entity_key = :under_again"
        " OR substr(l.entity_key, 1, length(CAST(:under_slash AS TEXT))) = :under_slash_again)"
        " AND (:action = '' OR l.action = :action_again)"
        " AND (:actor = '' OR l.actor = :actor_again)"
        " AND (:from_day = '' OR l.at >= :from_again)"
        " AND (:to_day = '' OR l.at < :to_again)";
    // Under a key, the entries are also those whose key lies from the key to the key with "0"
    // (the character after "/") in place of its "/": a range the index of migration 0010
    // answers, where the prefix test above reads every entry. Compared byte by byte on both
    // backends, as the prefix test does.
    const std::string under_low = filter.under_key;
    const std::string under_high = filter.under_key + "0";
    std::string where_text = where;
    if (!filter.under_key.empty())
        where_text += m_database.backend() == Backend::postgres
            ? " AND l.entity_key COLLATE \"C\" >= :under_low"
              " AND l.entity_key COLLATE \"C\" < :under_high"
            : " AND l.entity_key >= :under_low AND l.entity_key < :under_high";
    auto bind = [&](soci::statement& statement) {
        for (const std::string* value : {&filter.entity, &filter.entity_key, &filter.under_key}) {
            statement.exchange(soci::use(*value));
            statement.exchange(soci::use(*value));
        }
        statement.exchange(soci::use(under_slash));
        statement.exchange(soci::use(under_slash));
        for (const std::string* value : {&filter.action, &filter.actor, &from, &to}) {
            statement.exchange(soci::use(*value));
            statement.exchange(soci::use(*value));
        }
        if (!filter.under_key.empty()) {
            statement.exchange(soci::use(under_low));
            statement.exchange(soci::use(under_high));
        }
    };
    return m_database.read([&](soci::session& session) -> Result<AuditPage> {
        AuditPage page;
        {
            long long total = 0;
            soci::statement count(session);
            count.exchange(soci::into(total));
            bind(count);
            count.alloc();
            count.prepare("SELECT COUNT(*) FROM audit_log l" + where_text);
            count.define_and_bind();
            count.execute(true);
            page.total = total;
        }
        std::string sql =
            std::string("SELECT l.id, l.at, l.account_id, l.actor, l.role, l.action, l.entity,"
                        " l.entity_key, l.before_json, l.after_json,"
                        " COALESCE(a.display_name, ''), COALESCE(a.organisation, '')"
                        " FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id") +
            where_text + " ORDER BY l.id DESC";
        // Numbers the program made, not text a person sent.
        if (limit > 0)
            sql += " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
        AuditListing row;
        long long id = 0;
        long long account_id = 0;
        soci::indicator account_indicator = soci::i_ok;
        soci::statement select(session);
        select.exchange(soci::into(id));
        select.exchange(soci::into(row.entry.at));
        select.exchange(soci::into(account_id, account_indicator));
        select.exchange(soci::into(row.entry.actor.name));
        select.exchange(soci::into(row.entry.actor.role));
        select.exchange(soci::into(row.entry.action));
        select.exchange(soci::into(row.entry.entity));
        select.exchange(soci::into(row.entry.entity_key));
        select.exchange(soci::into(row.entry.before_json));
        select.exchange(soci::into(row.entry.after_json));
        select.exchange(soci::into(row.display_name));
        select.exchange(soci::into(row.organisation));
        bind(select);
        select.alloc();
        select.prepare(sql);
        select.define_and_bind();
        select.execute();
        while (select.fetch()) {
            row.entry.id = id;
            row.entry.actor.account_id = account_indicator == soci::i_null
                ? std::nullopt
                : std::optional<std::int64_t>(account_id);
            page.entries.push_back(row);
        }
        return page;
    });
}

}  // namespace tablero::storage

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

}  // namespace tablero::storage

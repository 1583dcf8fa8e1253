#include "storage/consultation_store.h"

#include "security/secrets.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <utility>

namespace tablero::storage {

namespace {

using nlohmann::json;
namespace cs = consultations;

std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string consultation_key(long long id)
{
    return std::to_string(id);
}

// Runs an INSERT and returns the new row's id: RETURNING on PostgreSQL, last_insert_rowid() on
// SQLite (the one place the two dialects differ here).
template <typename... Uses>
long long insert_returning_id(
    soci::session& session, Backend backend, const std::string& sql, Uses&&... uses)
{
    long long id = 0;
    if (backend == Backend::postgres) {
        ((session << sql + " RETURNING id"), ..., std::forward<Uses>(uses)), soci::into(id);
    } else {
        ((session << sql), ..., std::forward<Uses>(uses));
        session << "SELECT last_insert_rowid()", soci::into(id);
    }
    return id;
}

// ---- consultations ----

Result<void> check_record(const ConsultationRecord& record)
{
    if (blank(record.title))
        return fail(ErrorCode::invalid_argument, "give the consultation a title", "title");
    std::set<cs::PhaseKind> kinds;
    for (const auto& phase : record.phases) {
        if (!kinds.insert(phase.kind).second)
            return fail(ErrorCode::invalid_argument,
                "a consultation has at most one " + std::string(cs::to_string(phase.kind)) +
                    " phase",
                "phases");
        if (blank(phase.opens_at) || blank(phase.closes_at) || phase.closes_at <= phase.opens_at)
            return fail(ErrorCode::invalid_argument,
                "the " + std::string(cs::to_string(phase.kind)) +
                    " phase must close after it opens",
                "phases");
    }
    return {};
}

// The plan's id, nullopt for no plan, or invalid_argument naming "plan".
Result<std::optional<long long>> plan_id(soci::session& session, const std::string& plan)
{
    if (plan.empty())
        return std::optional<long long>{};
    long long id = 0;
    session << "SELECT id FROM plans WHERE code = :code", soci::use(plan), soci::into(id);
    if (!session.got_data())
        return fail(ErrorCode::invalid_argument, "there is no plan " + plan, "plan");
    return std::optional<long long>{id};
}

json record_json(const ConsultationRecord& record)
{
    json phases = json::array();
    for (const auto& phase : record.phases)
        phases.push_back({{"kind", cs::to_string(phase.kind)}, {"opens_at", phase.opens_at},
            {"closes_at", phase.closes_at}});
    return {{"title", record.title}, {"description", record.description}, {"plan", record.plan},
        {"results", cs::to_string(record.results)}, {"requires_identity", record.requires_identity},
        {"phases", phases}};
}

void insert_phases(soci::session& session, long long id, const ConsultationRecord& record)
{
    for (const auto& phase : record.phases) {
        const std::string kind(cs::to_string(phase.kind));
        session << "INSERT INTO consultation_phases (consultation_id, kind, opens_at, closes_at)"
                   " VALUES (:id, :kind, :opens, :closes)",
            soci::use(id), soci::use(kind), soci::use(phase.opens_at), soci::use(phase.closes_at);
    }
}

// Consultations matching where (with its binds), with their phases, in the order where sets.
template <typename Bind>
std::vector<Consultation> select_consultations(
    soci::session& session, const std::string& where, Bind bind)
{
    long long id = 0;
    std::string title, description, plan, results, salt, created_at;
    int requires_identity = 0;
    soci::statement select(session);
    select.exchange(soci::into(id));
    select.exchange(soci::into(title));
    select.exchange(soci::into(description));
    select.exchange(soci::into(plan));
    select.exchange(soci::into(results));
    select.exchange(soci::into(requires_identity));
    select.exchange(soci::into(salt));
    select.exchange(soci::into(created_at));
    bind(select);
    select.alloc();
    select.prepare("SELECT c.id, c.title, c.description, COALESCE(p.code, ''), c.results,"
                   " c.requires_identity, c.identity_salt, c.created_at FROM consultations c"
                   " LEFT JOIN plans p ON p.id = c.plan_id " +
        where);
    select.define_and_bind();
    select.execute();
    std::vector<Consultation> out;
    while (select.fetch()) {
        Consultation consultation;
        consultation.id = id;
        consultation.record.title = title;
        consultation.record.description = description;
        consultation.record.plan = plan;
        consultation.record.results =
            cs::parse_results_visibility(results).value_or(cs::ResultsVisibility::live);
        consultation.record.requires_identity = requires_identity != 0;
        consultation.identity_salt = salt;
        consultation.created_at = created_at;
        out.push_back(std::move(consultation));
    }
    for (auto& consultation : out) {
        long long key = consultation.id;
        std::string kind, opens, closes;
        soci::statement phases = (session.prepare << "SELECT kind, opens_at, closes_at FROM"
                                                     " consultation_phases WHERE consultation_id"
                                                     " = :id ORDER BY opens_at, kind",
            soci::use(key), soci::into(kind), soci::into(opens), soci::into(closes));
        phases.execute();
        while (phases.fetch()) {
            if (auto parsed = cs::parse_phase_kind(kind))
                consultation.record.phases.push_back({*parsed, opens, closes});
        }
    }
    return out;
}

std::optional<Consultation> consultation_by_id(soci::session& session, long long id)
{
    auto found = select_consultations(session, "WHERE c.id = :id",
        [&id](soci::statement& select) { select.exchange(soci::use(id)); });
    if (found.empty())
        return std::nullopt;
    return found.front();
}

Result<Consultation> existing_consultation(soci::session& session, long long id)
{
    auto found = consultation_by_id(session, id);
    if (!found)
        return fail(ErrorCode::not_found, "no consultation " + std::to_string(id), "consultation");
    return *found;
}

class SqlConsultationStore final : public ConsultationStore {
public:
    explicit SqlConsultationStore(Database& database) : m_database(database) { }

    // ---- consultations ----

    Result<std::int64_t> create_consultation(
        const ConsultationRecord& record, const AuditActor& by, const std::string& at) override
    {
        if (auto valid = check_record(record); !valid.ok())
            return std::move(valid).error();
        // 16 random bytes as 32 hex digits.
        const std::string salt = security::random_token().substr(0, 32);
        return m_database.write([&](soci::session& session) -> Result<std::int64_t> {
            auto plan = plan_id(session, record.plan);
            if (!plan.ok())
                return std::move(plan).error();
            long long plan_value = plan->value_or(0);
            soci::indicator plan_indicator = plan->has_value() ? soci::i_ok : soci::i_null;
            const std::string results(cs::to_string(record.results));
            const int requires_identity = record.requires_identity ? 1 : 0;
            const long long id = insert_returning_id(session, m_database.backend(),
                "INSERT INTO consultations (title, description, plan_id, results,"
                " requires_identity, identity_salt, created_at, updated_at) VALUES (:title,"
                " :description, :plan, :results, :requires_identity, :salt, :created, :updated)",
                soci::use(record.title), soci::use(record.description),
                soci::use(plan_value, plan_indicator), soci::use(results),
                soci::use(requires_identity), soci::use(salt), soci::use(at), soci::use(at));
            insert_phases(session, id, record);
            append_audit(session,
                {0, at, by, "create_consultation", "consultation", consultation_key(id), "",
                    dump(record_json(record))});
            return std::int64_t{id};
        });
    }

    Result<void> update_consultation(std::int64_t id, const ConsultationRecord& record,
        const AuditActor& by, const std::string& at) override
    {
        if (auto valid = check_record(record); !valid.ok())
            return std::move(valid).error();
        const long long key = id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto before = existing_consultation(session, key);
            if (!before.ok())
                return std::move(before).error();
            auto plan = plan_id(session, record.plan);
            if (!plan.ok())
                return std::move(plan).error();
            long long plan_value = plan->value_or(0);
            soci::indicator plan_indicator = plan->has_value() ? soci::i_ok : soci::i_null;
            const std::string results(cs::to_string(record.results));
            const int requires_identity = record.requires_identity ? 1 : 0;
            session << "UPDATE consultations SET title = :title, description = :description,"
                       " plan_id = :plan, results = :results, requires_identity ="
                       " :requires_identity, updated_at = :at WHERE id = :id",
                soci::use(record.title), soci::use(record.description),
                soci::use(plan_value, plan_indicator), soci::use(results),
                soci::use(requires_identity), soci::use(at), soci::use(key);
            session << "DELETE FROM consultation_phases WHERE consultation_id = :id",
                soci::use(key);
            insert_phases(session, key, record);
            append_audit(session,
                {0, at, by, "update_consultation", "consultation", consultation_key(key),
                    dump(record_json(before->record)), dump(record_json(record))});
            return {};
        });
    }

    Result<std::vector<Consultation>> list_consultations() override
    {
        return m_database.read([&](soci::session& session) -> Result<std::vector<Consultation>> {
            return select_consultations(
                session, "ORDER BY c.created_at DESC, c.id DESC", [](soci::statement&) {});
        });
    }

    Result<std::optional<Consultation>> find_consultation(std::int64_t id) override
    {
        const long long key = id;
        return m_database.read([&](soci::session& session) -> Result<std::optional<Consultation>> {
            return consultation_by_id(session, key);
        });
    }

    // ---- drafts ----

    Result<std::int64_t> publish_document(std::int64_t consultation_id, const std::string& title,
        const std::string& markdown, const std::vector<cs::Section>& sections, const AuditActor& by,
        const std::string& at) override
    {
        if (blank(title))
            return fail(ErrorCode::invalid_argument, "give the draft a title", "title");
        std::size_t paragraphs = 0;
        for (const auto& section : sections)
            paragraphs += section.paragraphs.size();
        if (paragraphs == 0)
            return fail(ErrorCode::invalid_argument, "the draft has no paragraph to comment on",
                "markdown");
        const long long key = consultation_id;
        return m_database.write([&](soci::session& session) -> Result<std::int64_t> {
            if (auto found = existing_consultation(session, key); !found.ok())
                return std::move(found).error();
            long long publisher = by.account_id.value_or(0);
            soci::indicator publisher_indicator = by.account_id ? soci::i_ok : soci::i_null;
            const long long document = insert_returning_id(session, m_database.backend(),
                "INSERT INTO consultation_documents (consultation_id, title, markdown,"
                " published_at, published_by) VALUES (:consultation, :title, :markdown, :at,"
                " :by)",
                soci::use(key), soci::use(title), soci::use(markdown), soci::use(at),
                soci::use(publisher, publisher_indicator));
            for (const auto& section : sections) {
                int number = 0;
                for (const auto& paragraph : section.paragraphs) {
                    ++number;
                    session << "INSERT INTO consultation_paragraphs (document_id, section,"
                               " number, section_title, markdown) VALUES (:document, :section,"
                               " :number, :section_title, :markdown)",
                        soci::use(document), soci::use(section.number), soci::use(number),
                        soci::use(section.title), soci::use(paragraph);
                }
            }
            append_audit(session,
                {0, at, by, "publish_document", "consultation",
                    consultation_key(key) + "/document/" + std::to_string(document), "",
                    dump({{"title", title}, {"markdown", markdown}, {"paragraphs", paragraphs}})});
            return std::int64_t{document};
        });
    }

    Result<std::vector<Document>> documents(std::int64_t consultation_id) override
    {
        const long long key = consultation_id;
        return m_database.read([&](soci::session& session) -> Result<std::vector<Document>> {
            std::vector<Document> out;
            {
                long long id = 0;
                std::string title, markdown, published_at;
                soci::statement select = (session.prepare
                        << "SELECT id, title, markdown, published_at FROM"
                           " consultation_documents WHERE consultation_id = :id ORDER BY id",
                    soci::use(key), soci::into(id), soci::into(title), soci::into(markdown),
                    soci::into(published_at));
                select.execute();
                while (select.fetch())
                    out.push_back({id, key, title, markdown, published_at, {}});
            }
            for (auto& document : out) {
                long long id = 0;
                int section = 0, number = 0;
                std::string section_title, markdown;
                long long document_id = document.id;
                soci::statement select = (session.prepare
                        << "SELECT id, section, number, section_title, markdown FROM"
                           " consultation_paragraphs WHERE document_id = :id ORDER BY section,"
                           " number",
                    soci::use(document_id), soci::into(id), soci::into(section), soci::into(number),
                    soci::into(section_title), soci::into(markdown));
                select.execute();
                while (select.fetch())
                    document.paragraphs.push_back({id, section, number, section_title, markdown});
            }
            return out;
        });
    }

    // ---- comments ----

    Result<std::int64_t> add_comment(
        const NewComment&, const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    Result<std::vector<cs::Comment>> comments(std::int64_t) override { return not_written(); }

    Result<void> endorse(std::int64_t, const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    // ---- proposals ----

    Result<std::int64_t> add_proposal(
        const NewProposal&, const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    Result<std::vector<cs::Proposal>> proposals(std::int64_t) override { return not_written(); }

    Result<void> respond(std::int64_t, cs::ContentKind, std::int64_t, const cs::InputResponse&,
        const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    // ---- votes ----

    Result<void> cast_vote(std::int64_t, const cs::VoteTarget&, cs::Choice, const AuditActor&,
        const std::string&) override
    {
        return not_written();
    }

    Result<std::map<cs::VoteTarget, cs::Tally>> tallies(std::int64_t) override
    {
        return not_written();
    }

    Result<std::map<cs::VoteTarget, cs::Choice>> votes_of(std::int64_t, std::int64_t) override
    {
        return not_written();
    }

    // ---- flags and moderation ----

    Result<void> flag(std::int64_t, cs::ContentKind, std::int64_t, const std::string&,
        const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    Result<std::vector<FlaggedContent>> flagged(std::int64_t) override { return not_written(); }

    Result<void> set_hidden(std::int64_t, cs::ContentKind, std::int64_t, bool, const std::string&,
        const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    // ---- identity numbers ----

    Result<void> register_identity(
        std::int64_t, const std::string&, const AuditActor&, const std::string&) override
    {
        return not_written();
    }

    Result<bool> has_identity(std::int64_t, std::int64_t) override { return not_written(); }

private:
    static Error not_written() { return fail(ErrorCode::internal, "not written yet"); }

    Database& m_database;
};

}  // namespace

std::unique_ptr<ConsultationStore> make_consultation_store(Database& database)
{
    return std::make_unique<SqlConsultationStore>(database);
}

}  // namespace tablero::storage

#include "storage/consultation_store.h"

#include "security/identity_hash.h"

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

// Whether text is an instant as to_sql_timestamp writes it ("2026-03-31T23:59:00Z"), which is
// what makes comparing them as text compare them in time.
bool sql_timestamp(const std::string& text)
{
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size())
        return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != shape[i])
            return false;
    }
    return true;
}

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
        if (!sql_timestamp(phase.opens_at) || !sql_timestamp(phase.closes_at))
            return fail(ErrorCode::invalid_argument,
                "the " + std::string(cs::to_string(phase.kind)) +
                    " phase needs opening and closing instants",
                "phases");
        if (phase.closes_at <= phase.opens_at)
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
        const std::string salt = security::new_identity_salt();
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
        const NewComment& comment, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account comments");
        if (blank(comment.body))
            return fail(ErrorCode::invalid_argument, "write the comment", "body");
        const long long key = comment.consultation_id;
        const long long document = comment.document_id;
        return m_database.write([&](soci::session& session) -> Result<std::int64_t> {
            if (auto found = existing_consultation(session, key); !found.ok())
                return std::move(found).error();
            long long document_consultation = 0;
            session << "SELECT consultation_id FROM consultation_documents WHERE id = :id",
                soci::use(document), soci::into(document_consultation);
            if (!session.got_data() || document_consultation != key)
                return fail(ErrorCode::invalid_argument,
                    "no draft " + std::to_string(document) + " in this consultation", "document");
            long long paragraph = comment.paragraph_id.value_or(0);
            soci::indicator paragraph_indicator = comment.paragraph_id ? soci::i_ok : soci::i_null;
            if (comment.paragraph_id) {
                long long paragraph_document = 0;
                session << "SELECT document_id FROM consultation_paragraphs WHERE id = :id",
                    soci::use(paragraph), soci::into(paragraph_document);
                if (!session.got_data() || paragraph_document != document)
                    return fail(ErrorCode::invalid_argument,
                        "no paragraph " + std::to_string(paragraph) + " in this draft",
                        "paragraph");
            }
            int depth = 1;
            long long parent = comment.parent_id.value_or(0);
            soci::indicator parent_indicator = comment.parent_id ? soci::i_ok : soci::i_null;
            if (comment.parent_id) {
                long long parent_document = 0, parent_paragraph = 0;
                soci::indicator parent_paragraph_indicator = soci::i_null;
                int parent_depth = 0, parent_hidden = 0;
                session << "SELECT document_id, paragraph_id, depth, hidden FROM"
                           " consultation_comments WHERE id = :id",
                    soci::use(parent), soci::into(parent_document),
                    soci::into(parent_paragraph, parent_paragraph_indicator),
                    soci::into(parent_depth), soci::into(parent_hidden);
                const bool same_paragraph = (parent_paragraph_indicator == soci::i_null)
                    ? !comment.paragraph_id
                    : (comment.paragraph_id && *comment.paragraph_id == parent_paragraph);
                if (!session.got_data() || parent_document != document || !same_paragraph)
                    return fail(ErrorCode::invalid_argument,
                        "comment " + std::to_string(parent) +
                            " is not on this draft and paragraph: a reply goes beside its parent",
                        "parent");
                if (parent_hidden != 0)
                    return fail(ErrorCode::invalid_argument,
                        "comment " + std::to_string(parent) + " was hidden by the moderators",
                        "parent");
                if (parent_depth >= cs::max_comment_depth)
                    return fail(ErrorCode::invalid_argument,
                        "threads are at most " + std::to_string(cs::max_comment_depth) +
                            " levels deep: reply to an earlier comment of the thread",
                        "parent");
                depth = parent_depth + 1;
            }
            const std::string stance(cs::to_string(comment.stance));
            const long long author = *by.account_id;
            const long long id = insert_returning_id(session, m_database.backend(),
                "INSERT INTO consultation_comments (consultation_id, document_id, paragraph_id,"
                " parent_id, depth, author_id, stance, body, created_at) VALUES (:consultation,"
                " :document, :paragraph, :parent, :depth, :author, :stance, :body, :at)",
                soci::use(key), soci::use(document), soci::use(paragraph, paragraph_indicator),
                soci::use(parent, parent_indicator), soci::use(depth), soci::use(author),
                soci::use(stance), soci::use(comment.body), soci::use(at));
            append_audit(session,
                {0, at, by, "add_comment", "consultation", content_key(key, "comment", id), "",
                    dump({{"document", document},
                        {"paragraph",
                            comment.paragraph_id ? json(*comment.paragraph_id) : json(nullptr)},
                        {"parent", comment.parent_id ? json(*comment.parent_id) : json(nullptr)},
                        {"stance", stance}, {"body", comment.body}})});
            return std::int64_t{id};
        });
    }

    Result<std::vector<cs::Comment>> comments(std::int64_t consultation_id) override
    {
        const long long key = consultation_id;
        return m_database.read([&](soci::session& session) -> Result<std::vector<cs::Comment>> {
            const auto responses = responses_of(session, key, "comment");
            std::vector<cs::Comment> out;
            long long id = 0, document = 0, paragraph = 0, parent = 0, author = 0;
            long long endorsements = 0, flags = 0;
            soci::indicator paragraph_indicator = soci::i_null, parent_indicator = soci::i_null;
            int depth = 1, hidden = 0;
            std::string name, organisation, stance, body, created_at, hidden_reason, hidden_at;
            soci::statement select = (session.prepare
                    << "SELECT c.id, c.document_id, c.paragraph_id, c.parent_id, c.depth,"
                       " c.author_id, a.display_name, a.organisation, c.stance, c.body,"
                       " c.created_at, c.hidden, c.hidden_reason, c.hidden_at,"
                       " (SELECT COUNT(*) FROM consultation_endorsements e WHERE e.comment_id ="
                       " c.id), (SELECT COUNT(*) FROM consultation_flags f WHERE f.content_kind"
                       " = 'comment' AND f.content_id = c.id) FROM consultation_comments c JOIN"
                       " accounts a ON a.id = c.author_id WHERE c.consultation_id = :id ORDER"
                       " BY c.created_at, c.id",
                soci::use(key), soci::into(id), soci::into(document),
                soci::into(paragraph, paragraph_indicator), soci::into(parent, parent_indicator),
                soci::into(depth), soci::into(author), soci::into(name), soci::into(organisation),
                soci::into(stance), soci::into(body), soci::into(created_at), soci::into(hidden),
                soci::into(hidden_reason), soci::into(hidden_at), soci::into(endorsements),
                soci::into(flags));
            select.execute();
            while (select.fetch()) {
                cs::Comment comment;
                comment.id = id;
                comment.consultation_id = key;
                comment.document_id = document;
                if (paragraph_indicator == soci::i_ok)
                    comment.paragraph_id = paragraph;
                if (parent_indicator == soci::i_ok)
                    comment.parent_id = parent;
                comment.depth = depth;
                comment.author = {author, name, organisation};
                comment.stance = cs::parse_stance(stance).value_or(cs::Stance::none);
                comment.body = body;
                comment.created_at = created_at;
                comment.endorsements = static_cast<int>(endorsements);
                comment.flags = static_cast<int>(flags);
                if (auto response = responses.find(id); response != responses.end())
                    comment.response = response->second;
                if (hidden != 0)
                    comment.hidden = cs::Moderation{hidden_reason, hidden_at};
                out.push_back(std::move(comment));
            }
            return out;
        });
    }

    Result<void> endorse(
        std::int64_t comment_id, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account endorses a comment");
        const long long id = comment_id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            long long consultation = 0;
            int hidden = 0;
            session << "SELECT consultation_id, hidden FROM consultation_comments WHERE id = :id",
                soci::use(id), soci::into(consultation), soci::into(hidden);
            if (!session.got_data())
                return fail(ErrorCode::not_found, "no comment " + std::to_string(id), "comment");
            if (hidden != 0)
                return fail(ErrorCode::failed_precondition,
                    "comment " + std::to_string(id) + " was hidden by the moderators", "comment");
            const long long account = *by.account_id;
            soci::statement insert = (session.prepare
                    << "INSERT INTO consultation_endorsements (comment_id, account_id,"
                       " endorsed_at) VALUES (:comment, :account, :at) ON CONFLICT (comment_id,"
                       " account_id) DO NOTHING",
                soci::use(id), soci::use(account), soci::use(at));
            insert.execute(true);
            if (insert.get_affected_rows() > 0)
                append_audit(session,
                    {0, at, by, "endorse_comment", "consultation",
                        content_key(consultation, "comment", id), "", dump({{"endorsed", true}})});
            return {};
        });
    }

    // ---- proposals ----

    Result<std::int64_t> add_proposal(
        const NewProposal& proposal, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account proposes");
        if (blank(proposal.title))
            return fail(ErrorCode::invalid_argument, "give the proposal a title", "title");
        if (blank(proposal.problem))
            return fail(
                ErrorCode::invalid_argument, "say what problem the proposal solves", "problem");
        if (blank(proposal.proposal))
            return fail(ErrorCode::invalid_argument, "say what you propose", "proposal");
        const long long key = proposal.consultation_id;
        return m_database.write([&](soci::session& session) -> Result<std::int64_t> {
            if (auto found = existing_consultation(session, key); !found.ok())
                return std::move(found).error();
            const long long author = *by.account_id;
            const long long id = insert_returning_id(session, m_database.backend(),
                "INSERT INTO consultation_proposals (consultation_id, author_id, title, problem,"
                " proposal, institution, created_at) VALUES (:consultation, :author, :title,"
                " :problem, :proposal, :institution, :at)",
                soci::use(key), soci::use(author), soci::use(proposal.title),
                soci::use(proposal.problem), soci::use(proposal.proposal),
                soci::use(proposal.institution), soci::use(at));
            append_audit(session,
                {0, at, by, "add_proposal", "consultation", content_key(key, "proposal", id), "",
                    dump({{"title", proposal.title}, {"problem", proposal.problem},
                        {"proposal", proposal.proposal}, {"institution", proposal.institution}})});
            return std::int64_t{id};
        });
    }

    Result<std::vector<cs::Proposal>> proposals(std::int64_t consultation_id) override
    {
        const long long key = consultation_id;
        return m_database.read([&](soci::session& session) -> Result<std::vector<cs::Proposal>> {
            const auto responses = responses_of(session, key, "proposal");
            std::vector<cs::Proposal> out;
            long long id = 0, author = 0, flags = 0;
            int hidden = 0;
            std::string name, organisation, title, problem, text, institution, created_at,
                hidden_reason, hidden_at;
            soci::statement select = (session.prepare
                    << "SELECT p.id, p.author_id, a.display_name, a.organisation, p.title,"
                       " p.problem, p.proposal, p.institution, p.created_at, p.hidden,"
                       " p.hidden_reason, p.hidden_at, (SELECT COUNT(*) FROM consultation_flags"
                       " f WHERE f.content_kind = 'proposal' AND f.content_id = p.id) FROM"
                       " consultation_proposals p JOIN accounts a ON a.id = p.author_id WHERE"
                       " p.consultation_id = :id ORDER BY p.created_at, p.id",
                soci::use(key), soci::into(id), soci::into(author), soci::into(name),
                soci::into(organisation), soci::into(title), soci::into(problem), soci::into(text),
                soci::into(institution), soci::into(created_at), soci::into(hidden),
                soci::into(hidden_reason), soci::into(hidden_at), soci::into(flags));
            select.execute();
            while (select.fetch()) {
                cs::Proposal proposal;
                proposal.id = id;
                proposal.consultation_id = key;
                proposal.author = {author, name, organisation};
                proposal.title = title;
                proposal.problem = problem;
                proposal.proposal = text;
                proposal.institution = institution;
                proposal.created_at = created_at;
                proposal.flags = static_cast<int>(flags);
                if (auto response = responses.find(id); response != responses.end())
                    proposal.response = response->second;
                if (hidden != 0)
                    proposal.hidden = cs::Moderation{hidden_reason, hidden_at};
                out.push_back(std::move(proposal));
            }
            return out;
        });
    }

    // ---- the unit's answers ----

    Result<void> respond(std::int64_t consultation_id, cs::ContentKind kind, std::int64_t id,
        const cs::InputResponse& response, const AuditActor& by, const std::string& at) override
    {
        if (response.outcome == cs::Outcome::not_accepted && blank(response.justification))
            return fail(ErrorCode::invalid_argument,
                "say why the input is not accepted: the justification is published",
                "justification");
        const long long key = consultation_id;
        const long long input = id;
        const std::string kind_text(cs::to_string(kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            if (auto found = existing_consultation(session, key); !found.ok())
                return std::move(found).error();
            if (auto found = content_of(session, key, kind, input); !found.ok())
                return std::move(found).error();
            if (!response.commitment.empty()) {
                const auto slash = response.commitment.find('/');
                bool known = false;
                if (slash != std::string::npos) {
                    const std::string plan = response.commitment.substr(0, slash);
                    const std::string code = response.commitment.substr(slash + 1);
                    long long found = 0;
                    session << "SELECT c.id FROM commitments c JOIN plans p ON p.id = c.plan_id"
                               " WHERE p.code = :plan AND c.code = :code",
                        soci::use(plan), soci::use(code), soci::into(found);
                    known = session.got_data();
                }
                if (!known)
                    return fail(ErrorCode::invalid_argument,
                        "there is no commitment " + response.commitment +
                            " (write it as <plan>/<commitment>)",
                        "commitment");
            }
            long long merged = response.merged_into.value_or(0);
            soci::indicator merged_indicator = response.merged_into ? soci::i_ok : soci::i_null;
            if (response.merged_into) {
                const bool itself = kind == cs::ContentKind::proposal && merged == input;
                if (itself || !content_of(session, key, cs::ContentKind::proposal, merged).ok())
                    return fail(ErrorCode::invalid_argument,
                        "proposal " + std::to_string(merged) +
                            (itself ? " is the input itself" : " is not of this consultation"),
                        "merged_into");
            }
            const auto before = responses_of(session, key, kind_text, input);
            const std::string outcome(cs::to_string(response.outcome));
            long long answerer = by.account_id.value_or(0);
            soci::indicator answerer_indicator = by.account_id ? soci::i_ok : soci::i_null;
            session << "INSERT INTO consultation_responses (consultation_id, content_kind,"
                       " content_id, outcome, justification, commitment, merged_into,"
                       " answered_by, answered_at) VALUES (:consultation, :kind, :id, :outcome,"
                       " :justification, :commitment, :merged, :by, :at) ON CONFLICT"
                       " (content_kind, content_id) DO UPDATE SET outcome = excluded.outcome,"
                       " justification = excluded.justification, commitment ="
                       " excluded.commitment, merged_into = excluded.merged_into, answered_by ="
                       " excluded.answered_by, answered_at = excluded.answered_at",
                soci::use(key), soci::use(kind_text), soci::use(input), soci::use(outcome),
                soci::use(response.justification), soci::use(response.commitment),
                soci::use(merged, merged_indicator), soci::use(answerer, answerer_indicator),
                soci::use(at);
            append_audit(session,
                {0, at, by, "respond", "consultation", content_key(key, kind_text, input),
                    before.empty() ? "" : dump(response_json(before.begin()->second)),
                    dump(response_json(response))});
            return {};
        });
    }

    // ---- votes ----

    Result<void> cast_vote(std::int64_t consultation_id, const cs::VoteTarget& target,
        cs::Choice choice, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account votes");
        const long long key = consultation_id;
        const std::string kind(cs::to_string(target.kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto consultation = existing_consultation(session, key);
            if (!consultation.ok())
                return std::move(consultation).error();
            const auto& phases = consultation->record.phases;
            if (std::none_of(phases.begin(), phases.end(), [](const ConsultationPhase& phase) {
                    return phase.kind == cs::PhaseKind::voting;
                }))
                return fail(ErrorCode::failed_precondition, "this consultation has no voting phase",
                    "consultation");
            if (target.kind == cs::ItemKind::proposal) {
                const auto proposal = parse_id(target.key);
                if (!proposal)
                    return fail(ErrorCode::not_found, "no proposal " + target.key, "key");
                auto content = content_of(session, key, cs::ContentKind::proposal, *proposal);
                if (!content.ok())
                    return fail(ErrorCode::not_found,
                        "no proposal " + target.key + " in this consultation", "key");
                if (*content)
                    return fail(ErrorCode::failed_precondition,
                        "proposal " + target.key + " was hidden by the moderators", "key");
            } else {
                long long found = 0;
                session << "SELECT c.id FROM commitments c JOIN consultations k ON k.plan_id ="
                           " c.plan_id WHERE k.id = :consultation AND c.code = :code",
                    soci::use(key), soci::use(target.key), soci::into(found);
                if (!session.got_data())
                    return fail(ErrorCode::not_found,
                        "the consultation's plan has no commitment " + target.key, "key");
            }
            const long long account = *by.account_id;
            std::string before;
            soci::indicator before_indicator = soci::i_null;
            session << "SELECT choice FROM consultation_votes WHERE consultation_id ="
                       " :consultation AND item_kind = :kind AND item_key = :key AND account_id"
                       " = :account",
                soci::use(key), soci::use(kind), soci::use(target.key), soci::use(account),
                soci::into(before, before_indicator);
            const bool had = session.got_data() && before_indicator == soci::i_ok;
            const std::string choice_text(cs::to_string(choice));
            session << "INSERT INTO consultation_votes (consultation_id, item_kind, item_key,"
                       " account_id, choice, cast_at, changed_at) VALUES (:consultation, :kind,"
                       " :key, :account, :choice, :cast_at, :changed_at) ON CONFLICT"
                       " (consultation_id, item_kind, item_key, account_id) DO UPDATE SET"
                       " choice = excluded.choice, changed_at = excluded.changed_at",
                soci::use(key), soci::use(kind), soci::use(target.key), soci::use(account),
                soci::use(choice_text), soci::use(at), soci::use(at);
            append_audit(session,
                {0, at, by, "cast_vote", "consultation",
                    consultation_key(key) + "/vote/" + kind + "/" + target.key,
                    had ? dump({{"choice", before}}) : "", dump({{"choice", choice_text}})});
            return {};
        });
    }

    Result<std::map<cs::VoteTarget, cs::Tally>> tallies(std::int64_t consultation_id) override
    {
        const long long key = consultation_id;
        return m_database.read(
            [&](soci::session& session) -> Result<std::map<cs::VoteTarget, cs::Tally>> {
                const auto hidden = hidden_proposals(session, key);
                std::map<cs::VoteTarget, cs::Tally> out;
                std::string kind, item, choice;
                long long count = 0;
                soci::statement select = (session.prepare
                        << "SELECT item_kind, item_key, choice, COUNT(*) FROM consultation_votes"
                           " WHERE consultation_id = :id GROUP BY item_kind, item_key, choice",
                    soci::use(key), soci::into(kind), soci::into(item), soci::into(choice),
                    soci::into(count));
                select.execute();
                while (select.fetch()) {
                    const auto item_kind = cs::parse_item_kind(kind);
                    const auto parsed = cs::parse_choice(choice);
                    if (!item_kind || !parsed)
                        continue;
                    if (*item_kind == cs::ItemKind::proposal && hidden.contains(item))
                        continue;
                    auto& tally = out[cs::VoteTarget{*item_kind, item}];
                    switch (*parsed) {
                    case cs::Choice::in_favour:
                        tally.in_favour += count;
                        break;
                    case cs::Choice::against:
                        tally.against += count;
                        break;
                    case cs::Choice::abstain:
                        tally.abstain += count;
                        break;
                    }
                }
                return out;
            });
    }

    Result<std::map<cs::VoteTarget, cs::Choice>> votes_of(
        std::int64_t consultation_id, std::int64_t account_id) override
    {
        const long long key = consultation_id;
        const long long account = account_id;
        return m_database.read(
            [&](soci::session& session) -> Result<std::map<cs::VoteTarget, cs::Choice>> {
                std::map<cs::VoteTarget, cs::Choice> out;
                std::string kind, item, choice;
                soci::statement select = (session.prepare
                        << "SELECT item_kind, item_key, choice FROM consultation_votes WHERE"
                           " consultation_id = :id AND account_id = :account",
                    soci::use(key), soci::use(account), soci::into(kind), soci::into(item),
                    soci::into(choice));
                select.execute();
                while (select.fetch()) {
                    const auto item_kind = cs::parse_item_kind(kind);
                    const auto parsed = cs::parse_choice(choice);
                    if (item_kind && parsed)
                        out[cs::VoteTarget{*item_kind, item}] = *parsed;
                }
                return out;
            });
    }

    // ---- flags and moderation ----

    Result<void> flag(std::int64_t consultation_id, cs::ContentKind kind, std::int64_t id,
        const std::string& reason, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account flags content");
        if (blank(reason))
            return fail(ErrorCode::invalid_argument, "say what is wrong with it", "reason");
        const long long key = consultation_id;
        const long long content = id;
        const std::string kind_text(cs::to_string(kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            if (auto found = content_of(session, key, kind, content); !found.ok())
                return std::move(found).error();
            const long long account = *by.account_id;
            soci::statement insert = (session.prepare
                    << "INSERT INTO consultation_flags (consultation_id, content_kind,"
                       " content_id, account_id, reason, flagged_at) VALUES (:consultation,"
                       " :kind, :id, :account, :reason, :at) ON CONFLICT (content_kind,"
                       " content_id, account_id) DO NOTHING",
                soci::use(key), soci::use(kind_text), soci::use(content), soci::use(account),
                soci::use(reason), soci::use(at));
            insert.execute(true);
            if (insert.get_affected_rows() > 0)
                append_audit(session,
                    {0, at, by, "flag", "consultation", content_key(key, kind_text, content), "",
                        dump({{"reason", reason}})});
            return {};
        });
    }

    Result<std::vector<FlaggedContent>> flagged(std::int64_t consultation_id) override
    {
        const long long key = consultation_id;
        return m_database.read([&](soci::session& session) -> Result<std::vector<FlaggedContent>> {
            std::map<std::pair<cs::ContentKind, long long>, FlaggedContent> found;
            std::string kind, reason, flagged_at;
            long long id = 0;
            soci::statement select = (session.prepare
                    << "SELECT content_kind, content_id, reason, flagged_at FROM"
                       " consultation_flags WHERE consultation_id = :id ORDER BY flagged_at, id",
                soci::use(key), soci::into(kind), soci::into(id), soci::into(reason),
                soci::into(flagged_at));
            select.execute();
            while (select.fetch()) {
                const auto content_kind = cs::parse_content_kind(kind);
                if (!content_kind)
                    continue;
                auto& content = found[{*content_kind, id}];
                content.kind = *content_kind;
                content.id = id;
                ++content.flags;
                content.reasons.push_back(reason);
                content.latest_flag_at = std::max(content.latest_flag_at, flagged_at);
            }
            std::vector<FlaggedContent> out;
            for (auto& [_, content] : found)
                out.push_back(std::move(content));
            std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
                if (a.flags != b.flags)
                    return a.flags > b.flags;
                return a.latest_flag_at > b.latest_flag_at;
            });
            return out;
        });
    }

    Result<void> set_hidden(std::int64_t consultation_id, cs::ContentKind kind, std::int64_t id,
        bool hidden, const std::string& reason, const AuditActor& by,
        const std::string& at) override
    {
        if (hidden && blank(reason))
            return fail(ErrorCode::invalid_argument,
                "say why it is hidden: its author is shown the reason", "reason");
        const long long key = consultation_id;
        const long long content = id;
        const std::string kind_text(cs::to_string(kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto was_hidden = content_of(session, key, kind, content);
            if (!was_hidden.ok())
                return std::move(was_hidden).error();
            std::string before_reason;
            const std::string table = kind == cs::ContentKind::proposal ? "consultation_proposals"
                                                                        : "consultation_comments";
            session << "SELECT hidden_reason FROM " + table + " WHERE id = :id", soci::use(content),
                soci::into(before_reason);
            const int flag = hidden ? 1 : 0;
            const std::string stored_reason = hidden ? reason : "";
            const std::string stored_at = hidden ? at : "";
            long long moderator = by.account_id.value_or(0);
            soci::indicator moderator_indicator =
                hidden && by.account_id ? soci::i_ok : soci::i_null;
            session << "UPDATE " + table +
                    " SET hidden = :hidden, hidden_reason = :reason, hidden_at = :at, hidden_by"
                    " = :by WHERE id = :id",
                soci::use(flag), soci::use(stored_reason), soci::use(stored_at),
                soci::use(moderator, moderator_indicator), soci::use(content);
            append_audit(session,
                {0, at, by, hidden ? "hide" : "show", "consultation",
                    content_key(key, kind_text, content),
                    dump({{"hidden", *was_hidden}, {"reason", before_reason}}),
                    dump({{"hidden", hidden}, {"reason", stored_reason}})});
            return {};
        });
    }

    // ---- identity numbers ----

    Result<void> register_identity(std::int64_t consultation_id, const std::string& identity_hash,
        const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account registers an identity number");
        if (blank(identity_hash))
            return fail(ErrorCode::invalid_argument, "give your identity number", "identity");
        const long long key = consultation_id;
        const long long account = *by.account_id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            if (auto found = existing_consultation(session, key); !found.ok())
                return std::move(found).error();
            std::string held;
            session << "SELECT identity_hash FROM consultation_identities WHERE consultation_id"
                       " = :consultation AND account_id = :account",
                soci::use(key), soci::use(account), soci::into(held);
            if (session.got_data()) {
                if (held == identity_hash)
                    return {};
                return fail(ErrorCode::already_exists,
                    "this account registered another identity number in this consultation",
                    "identity");
            }
            // ON CONFLICT DO NOTHING covers both keys: a concurrent registration of the same
            // number by another account leaves this one without a row, refused below.
            soci::statement insert = (session.prepare
                    << "INSERT INTO consultation_identities (consultation_id, account_id,"
                       " identity_hash, registered_at) VALUES (:consultation, :account, :hash,"
                       " :at) ON CONFLICT DO NOTHING",
                soci::use(key), soci::use(account), soci::use(identity_hash), soci::use(at));
            insert.execute(true);
            if (insert.get_affected_rows() == 0)
                return fail(ErrorCode::already_exists,
                    "this identity number is registered by another account in this consultation",
                    "identity");
            // The hash stays out of the audit log: the entry says who registered, not what.
            append_audit(session,
                {0, at, by, "register_identity", "consultation", consultation_key(key), "",
                    dump({{"identity_registered", true}})});
            return {};
        });
    }

    Result<bool> has_identity(std::int64_t consultation_id, std::int64_t account_id) override
    {
        const long long key = consultation_id;
        const long long account = account_id;
        return m_database.read([&](soci::session& session) -> Result<bool> {
            int count = 0;
            session << "SELECT COUNT(*) FROM consultation_identities WHERE consultation_id ="
                       " :consultation AND account_id = :account",
                soci::use(key), soci::use(account), soci::into(count);
            return count > 0;
        });
    }

private:
    static std::string content_key(long long consultation, const std::string& kind, long long id)
    {
        return consultation_key(consultation) + "/" + kind + "/" + std::to_string(id);
    }

    static std::optional<long long> parse_id(const std::string& text)
    {
        if (text.empty() || text.size() > 18 ||
            text.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return std::stoll(text);
    }

    // Whether the proposal or comment is hidden, or not_found when it is not of the
    // consultation.
    static Result<bool> content_of(
        soci::session& session, long long consultation, cs::ContentKind kind, long long id)
    {
        const bool proposal = kind == cs::ContentKind::proposal;
        int hidden = 0;
        session << std::string("SELECT hidden FROM ") +
                (proposal ? "consultation_proposals" : "consultation_comments") +
                " WHERE id = :id AND consultation_id = :consultation",
            soci::use(id), soci::use(consultation), soci::into(hidden);
        if (!session.got_data())
            return fail(ErrorCode::not_found,
                std::string(proposal ? "no proposal " : "no comment ") + std::to_string(id) +
                    " in this consultation",
                "id");
        return hidden != 0;
    }

    // The current answers to the consultation's inputs of one kind (to one input when only is
    // given), by input id.
    static std::map<long long, cs::InputResponse> responses_of(soci::session& session,
        long long consultation, const std::string& kind, std::optional<long long> only = {})
    {
        std::map<long long, cs::InputResponse> out;
        long long id = 0, merged = 0;
        soci::indicator merged_indicator = soci::i_null;
        std::string outcome, justification, commitment, by_name, answered_at;
        long long wanted = only.value_or(0);
        const int all = only ? 0 : 1;
        soci::statement select = (session.prepare
                << "SELECT r.content_id, r.outcome, r.justification, r.commitment,"
                   " r.merged_into, COALESCE(a.display_name, ''), r.answered_at FROM"
                   " consultation_responses r LEFT JOIN accounts a ON a.id = r.answered_by"
                   " WHERE r.consultation_id = :consultation AND r.content_kind = :kind AND"
                   " (:all = 1 OR r.content_id = :id)",
            soci::use(consultation), soci::use(kind), soci::use(all), soci::use(wanted),
            soci::into(id), soci::into(outcome), soci::into(justification), soci::into(commitment),
            soci::into(merged, merged_indicator), soci::into(by_name), soci::into(answered_at));
        select.execute();
        while (select.fetch()) {
            cs::InputResponse response;
            response.outcome = cs::parse_outcome(outcome).value_or(cs::Outcome::accepted);
            response.justification = justification;
            response.commitment = commitment;
            if (merged_indicator == soci::i_ok)
                response.merged_into = merged;
            response.by_name = by_name;
            response.at = answered_at;
            out[id] = std::move(response);
        }
        return out;
    }

    static json response_json(const cs::InputResponse& response)
    {
        return {{"outcome", cs::to_string(response.outcome)},
            {"justification", response.justification}, {"commitment", response.commitment},
            {"merged_into", response.merged_into ? json(*response.merged_into) : json(nullptr)}};
    }

    // The ids of the consultation's hidden proposals, in decimal (as vote keys).
    static std::set<std::string> hidden_proposals(soci::session& session, long long consultation)
    {
        std::set<std::string> out;
        long long id = 0;
        soci::statement select = (session.prepare
                << "SELECT id FROM consultation_proposals WHERE consultation_id = :id AND"
                   " hidden = 1",
            soci::use(consultation), soci::into(id));
        select.execute();
        while (select.fetch())
            out.insert(std::to_string(id));
        return out;
    }

    Database& m_database;
};

}  // namespace

std::unique_ptr<ConsultationStore> make_consultation_store(Database& database)
{
    return std::make_unique<SqlConsultationStore>(database);
}

}  // namespace tablero::storage

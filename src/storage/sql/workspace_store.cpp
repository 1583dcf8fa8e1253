#include "storage/workspace_store.h"

#include "domain/plans/progress.h"
#include "storage/sql/progress_rows.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

namespace tablero::storage {

namespace {

using nlohmann::json;

std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json evidence_json(const std::vector<plans::Evidence>& evidence)
{
    json list = json::array();
    for (const auto& item : evidence)
        list.push_back({{"title", item.title}, {"url", item.url}, {"date", to_iso(item.date)}});
    return list;
}

std::vector<plans::Evidence> evidence_from_json(const std::string& text)
{
    std::vector<plans::Evidence> out;
    const json list = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!list.is_array())
        return out;
    for (const auto& item : list) {
        plans::Evidence evidence;
        evidence.title = item.value("title", "");
        evidence.url = item.value("url", "");
        const auto date = parse_iso_date(item.value("date", ""));
        evidence.date = date.ok() ? *date : Date{};
        out.push_back(std::move(evidence));
    }
    return out;
}

json progress_json(const plans::Progress& progress)
{
    switch (progress.kind) {
    case plans::Progress::Kind::value:
        return progress.percent;
    case plans::Progress::Kind::not_applicable:
        return "n/a";
    case plans::Progress::Kind::not_reported:
        break;
    }
    return nullptr;
}

std::optional<SubmissionState> parse_state(std::string_view text)
{
    for (auto state :
        {SubmissionState::pending, SubmissionState::approved, SubmissionState::returned}) {
        if (to_string(state) == text)
            return state;
    }
    return std::nullopt;
}

// The node a submission names, with what the workspace shows of its commitment.
struct NodeRow {
    long long id = 0;
    std::string title;
    std::string commitment_title;
    std::string institution;
};

Result<NodeRow> find_node(soci::session& session, const UpdateSubmission& update)
{
    NodeRow row;
    session << "SELECT n.id, n.title, c.title, c.lead_institution FROM nodes n"
               " JOIN commitments c ON c.id = n.commitment_id JOIN plans p ON p.id = c.plan_id"
               " WHERE p.code = :plan AND c.code = :commitment AND n.code = :node",
        soci::use(update.plan), soci::use(update.commitment), soci::use(update.node),
        soci::into(row.id), soci::into(row.title), soci::into(row.commitment_title),
        soci::into(row.institution);
    if (!session.got_data())
        return fail(ErrorCode::not_found,
            "plan " + update.plan + " has no result " + update.node + " in commitment " +
                update.commitment,
            "node");
    int children = 0;
    session << "SELECT COUNT(*) FROM nodes WHERE parent_id = :id", soci::use(row.id),
        soci::into(children);
    if (children > 0)
        return fail(ErrorCode::invalid_argument,
            "result " + update.node +
                " has results below it: its figure is rolled up from them, so report on those",
            "node");
    return row;
}

constexpr const char* record_select =
    "SELECT s.id, p.code, c.code, c.title, c.lead_institution, n.code, n.title, s.as_of, s.kind,"
    " COALESCE(s.percent, 0), s.note, s.evidence_json, a.email, s.submitted_at, s.state,"
    " COALESCE(r.email, ''), COALESCE(s.reviewed_at, ''), s.review_comment"
    " FROM submitted_updates s JOIN nodes n ON n.id = s.node_id"
    " JOIN commitments c ON c.id = n.commitment_id JOIN plans p ON p.id = c.plan_id"
    " JOIN accounts a ON a.id = s.submitted_by LEFT JOIN accounts r ON r.id = s.reviewed_by ";

struct RecordRow {
    long long id = 0;
    std::string plan, commitment, commitment_title, institution, node, node_title, as_of, kind;
    double percent = 0;
    std::string note, evidence, submitted_by, submitted_at, state, reviewed_by, reviewed_at,
        comment;

    SubmissionRecord to_record() const
    {
        SubmissionRecord out;
        out.id = id;
        out.plan = plan;
        out.commitment = commitment;
        out.commitment_title = commitment_title;
        out.institution = institution;
        out.node = node;
        out.node_title = node_title;
        const auto date = parse_iso_date(as_of);
        out.as_of = date.ok() ? *date : Date{};
        out.progress =
            kind == "value" ? plans::Progress::of(percent) : plans::Progress::not_applicable();
        out.note = note;
        out.evidence = evidence_from_json(evidence);
        out.submitted_by = submitted_by;
        out.submitted_at = submitted_at;
        out.state = parse_state(state).value_or(SubmissionState::pending);
        out.reviewed_by = reviewed_by;
        out.reviewed_at = reviewed_at;
        out.review_comment = comment;
        return out;
    }
};

// Runs record_select + where; `bind` adds the statement's use() elements for where's values.
template <typename Bind>
std::vector<SubmissionRecord> select_records(
    soci::session& session, const std::string& where, Bind bind)
{
    RecordRow row;
    soci::statement select(session);
    select.exchange(soci::into(row.id));
    select.exchange(soci::into(row.plan));
    select.exchange(soci::into(row.commitment));
    select.exchange(soci::into(row.commitment_title));
    select.exchange(soci::into(row.institution));
    select.exchange(soci::into(row.node));
    select.exchange(soci::into(row.node_title));
    select.exchange(soci::into(row.as_of));
    select.exchange(soci::into(row.kind));
    select.exchange(soci::into(row.percent));
    select.exchange(soci::into(row.note));
    select.exchange(soci::into(row.evidence));
    select.exchange(soci::into(row.submitted_by));
    select.exchange(soci::into(row.submitted_at));
    select.exchange(soci::into(row.state));
    select.exchange(soci::into(row.reviewed_by));
    select.exchange(soci::into(row.reviewed_at));
    select.exchange(soci::into(row.comment));
    bind(select);
    select.alloc();
    select.prepare(std::string(record_select) + where);
    select.define_and_bind();
    std::vector<SubmissionRecord> out;
    select.execute();
    while (select.fetch())
        out.push_back(row.to_record());
    return out;
}

std::optional<SubmissionRecord> record_by_id(soci::session& session, long long id)
{
    auto found = select_records(session, "WHERE s.id = :id",
        [&id](soci::statement& select) { select.exchange(soci::use(id)); });
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::string entity_key(const SubmissionRecord& record)
{
    return record.plan + "/" + record.commitment + "/" + record.node;
}

json record_json(const SubmissionRecord& record)
{
    return {{"as_of", to_iso(record.as_of)}, {"progress", progress_json(record.progress)},
        {"note", record.note}, {"evidence", evidence_json(record.evidence)},
        {"state", to_string(record.state)}, {"submitted_by", record.submitted_by},
        {"review_comment", record.review_comment}};
}

class SqlWorkspaceStore final : public WorkspaceStore {
public:
    explicit SqlWorkspaceStore(Database& database) : m_database(database) { }

    Result<bool> updates_need_validation(const std::string& plan) override
    {
        return m_database.read([&](soci::session& session) -> Result<bool> {
            int flag = 0;
            session << "SELECT updates_need_validation FROM plans WHERE code = :plan",
                soci::use(plan), soci::into(flag);
            if (!session.got_data())
                return fail(ErrorCode::not_found, "no plan " + plan, "plan");
            return flag != 0;
        });
    }

    Result<void> set_updates_need_validation(const std::string& plan, bool required,
        const AuditActor& by, const std::string& at) override
    {
        return m_database.write([&](soci::session& session) -> Result<void> {
            int before = 0;
            session << "SELECT updates_need_validation FROM plans WHERE code = :plan",
                soci::use(plan), soci::into(before);
            if (!session.got_data())
                return fail(ErrorCode::not_found, "no plan " + plan, "plan");
            const int flag = required ? 1 : 0;
            session << "UPDATE plans SET updates_need_validation = :flag WHERE code = :plan",
                soci::use(flag), soci::use(plan);
            append_audit(session,
                {0, at, by, "set_updates_need_validation", "plan", plan,
                    dump({{"updates_need_validation", before != 0}}),
                    dump({{"updates_need_validation", required}})});
            return {};
        });
    }

    Result<SubmittedUpdate> submit_update(
        const UpdateSubmission& update, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account submits updates");
        if (update.progress.kind == plans::Progress::Kind::not_reported)
            return fail(
                ErrorCode::invalid_argument, "give a percentage or \"not applicable\"", "progress");
        if (update.progress.kind == plans::Progress::Kind::value) {
            if (auto valid = plans::validate_percent(update.progress.percent); !valid.ok())
                return fail(ErrorCode::invalid_argument, valid.error().message, "progress");
        }
        return m_database.write([&](soci::session& session) -> Result<SubmittedUpdate> {
            auto node = find_node(session, update);
            if (!node.ok())
                return std::move(node).error();
            int need_validation = 0;
            session << "SELECT updates_need_validation FROM plans WHERE code = :plan",
                soci::use(update.plan), soci::into(need_validation);

            SubmittedUpdate submitted;
            submitted.published = need_validation == 0;
            submitted.state =
                submitted.published ? SubmissionState::approved : SubmissionState::pending;
            long long published_id = 0;
            soci::indicator published_indicator = soci::i_null;
            if (submitted.published) {
                auto appended = append_progress_update(session, m_database.backend(), update.plan,
                    update.commitment, update.node,
                    as_progress_update(update, public_name(session, *by.account_id), at));
                if (!appended.ok())
                    return std::move(appended).error();
                published_id = *appended;
                published_indicator = soci::i_ok;
            }
            const std::string as_of = to_iso(update.as_of);
            const std::string kind =
                update.progress.kind == plans::Progress::Kind::value ? "value" : "not_applicable";
            double percent = update.progress.percent;
            soci::indicator percent_indicator =
                update.progress.kind == plans::Progress::Kind::value ? soci::i_ok : soci::i_null;
            const std::string evidence = dump(evidence_json(update.evidence));
            const std::string state(to_string(submitted.state));
            long long account = *by.account_id;
            const bool postgres = m_database.backend() == Backend::postgres;
            long long id = 0;
            session << std::string("INSERT INTO submitted_updates (node_id, as_of, kind, percent,"
                                   " note, evidence_json, submitted_by, submitted_at, state,"
                                   " published_update_id) VALUES (:node, :as_of, :kind,"
                                   " :percent, :note, :evidence, :by, :at, :state, :published)") +
                    (postgres ? " RETURNING id" : ""),
                soci::use(node->id), soci::use(as_of), soci::use(kind),
                soci::use(percent, percent_indicator), soci::use(update.note), soci::use(evidence),
                soci::use(account), soci::use(at), soci::use(state),
                soci::use(published_id, published_indicator), soci::into(id);
            if (!postgres)
                session << "SELECT last_insert_rowid()", soci::into(id);
            submitted.id = id;
            auto record = record_by_id(session, id);
            if (!record)
                return fail(ErrorCode::internal, "the submitted update was not found");
            append_audit(session,
                {0, at, by, "submit_progress_update", "result", entity_key(*record), "",
                    dump(record_json(*record))});
            return submitted;
        });
    }

    Result<std::vector<SubmissionRecord>> submissions(
        const std::string& plan, SubmissionState state) override
    {
        const std::string state_text(to_string(state));
        return m_database.read(
            [&](soci::session& session) -> Result<std::vector<SubmissionRecord>> {
                return select_records(session,
                    "WHERE p.code = :plan AND s.state = :state ORDER BY s.id",
                    [&](soci::statement& select) {
                        select.exchange(soci::use(plan));
                        select.exchange(soci::use(state_text));
                    });
            });
    }

    Result<std::vector<SubmissionRecord>> submissions_by(const std::string& email) override
    {
        return m_database.read(
            [&](soci::session& session) -> Result<std::vector<SubmissionRecord>> {
                return select_records(session, "WHERE a.email = :email ORDER BY s.id",
                    [&](soci::statement& select) { select.exchange(soci::use(email)); });
            });
    }

    Result<std::optional<SubmissionRecord>> find_submission(std::int64_t id) override
    {
        const long long key = id;
        return m_database.read(
            [&](soci::session& session) -> Result<std::optional<SubmissionRecord>> {
                return record_by_id(session, key);
            });
    }

    Result<void> approve(std::int64_t id, const AuditActor& by, const std::string& at) override
    {
        return review(id, SubmissionState::approved, "", by, at);
    }

    Result<void> return_to_officer(std::int64_t id, const std::string& comment,
        const AuditActor& by, const std::string& at) override
    {
        if (comment.find_first_not_of(" \t\r\n") == std::string::npos)
            return fail(ErrorCode::invalid_argument,
                "say what to change: the comment goes back to the officer", "comment");
        return review(id, SubmissionState::returned, comment, by, at);
    }

private:
    // The public history names an officer by the name they gave, never by their e-mail address
    // (personal data the public pages do not show).
    static std::string public_name(soci::session& session, long long account_id)
    {
        std::string name;
        session << "SELECT display_name FROM accounts WHERE id = :id", soci::use(account_id),
            soci::into(name);
        return name;
    }

    static plans::ProgressUpdate as_progress_update(
        const UpdateSubmission& update, const std::string& author, const std::string& at)
    {
        plans::ProgressUpdate out;
        out.as_of = update.as_of;
        out.progress = update.progress;
        out.author = author;
        out.recorded_at = at;
        out.note = update.note;
        out.evidence = update.evidence;
        return out;
    }

    Result<void> review(std::int64_t id, SubmissionState outcome, const std::string& comment,
        const AuditActor& by, const std::string& at)
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account reviews updates");
        const long long key = id;
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto record = record_by_id(session, key);
            if (!record)
                return fail(
                    ErrorCode::not_found, "no submitted update " + std::to_string(id), "id");
            if (record->state != SubmissionState::pending)
                return fail(ErrorCode::failed_precondition,
                    "this update was " + std::string(to_string(record->state)) + " already", "id");
            long long published_id = 0;
            soci::indicator published_indicator = soci::i_null;
            if (outcome == SubmissionState::approved) {
                UpdateSubmission update{record->plan, record->commitment, record->node,
                    record->as_of, record->progress, record->note, record->evidence};
                // The public history names the officer who reported, not the reviewer.
                long long officer = 0;
                session << "SELECT submitted_by FROM submitted_updates WHERE id = :id",
                    soci::use(key), soci::into(officer);
                auto appended = append_progress_update(session, m_database.backend(), record->plan,
                    record->commitment, record->node,
                    as_progress_update(update, public_name(session, officer), at));
                if (!appended.ok())
                    return std::move(appended).error();
                published_id = *appended;
                published_indicator = soci::i_ok;
            }
            const std::string state(to_string(outcome));
            long long reviewer = *by.account_id;
            session << "UPDATE submitted_updates SET state = :state, reviewed_by = :by,"
                       " reviewed_at = :at, review_comment = :comment,"
                       " published_update_id = :published WHERE id = :id",
                soci::use(state), soci::use(reviewer), soci::use(at), soci::use(comment),
                soci::use(published_id, published_indicator), soci::use(key);
            auto after = record_by_id(session, key);
            append_audit(session,
                {0, at, by,
                    outcome == SubmissionState::approved ? "approve_progress_update"
                                                         : "return_progress_update",
                    "result", entity_key(*record), dump(record_json(*record)),
                    dump(record_json(after.value_or(*record)))});
            return {};
        });
    }

    Database& m_database;
};

}  // namespace

std::string_view to_string(SubmissionState state)
{
    switch (state) {
    case SubmissionState::pending:
        return "pending";
    case SubmissionState::approved:
        return "approved";
    case SubmissionState::returned:
        return "returned";
    }
    return "pending";
}

std::unique_ptr<WorkspaceStore> make_workspace_store(Database& database)
{
    return std::make_unique<SqlWorkspaceStore>(database);
}

}  // namespace tablero::storage

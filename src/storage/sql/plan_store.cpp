#include "storage/plan_store.h"
#include "storage/sql/commitment_rows.h"
#include "storage/sql/progress_rows.h"

#include "domain/plans/plan_csv.h"
#include "domain/plans/progress.h"
#include "storage/postgres/copy_writer.h"

#include <soci/soci.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace tablero::storage {

namespace {

using plans::ImportedCommitment;
using plans::ImportedPlan;
using plans::ImportedResult;

// Rows fetched per round trip by the loads that can return a whole plan's nodes and updates:
// large enough that SOCI's per-fetch cost disappears, small enough to stay in cache.
constexpr std::size_t fetch_batch = 2000;

// A value the database holds but the program cannot read is a bug or a hand-edited database,
// not an expected failure: it throws, and Database turns it into an internal error.
Date stored_date(const std::string& text)
{
    auto parsed = parse_iso_date(text);
    if (!parsed.ok())
        throw std::runtime_error("the database holds an invalid date \"" + text + "\"");
    return *parsed;
}

template <typename Enum>
Enum stored_enum(std::optional<Enum> parsed, std::string_view what, const std::string& text)
{
    if (!parsed)
        throw std::runtime_error(
            "the database holds an unknown " + std::string(what) + " \"" + text + "\"");
    return *parsed;
}

std::optional<Date> stored_optional_date(const std::string& text, soci::indicator indicator)
{
    if (indicator != soci::i_ok)
        return std::nullopt;
    return stored_date(text);
}

std::optional<double> stored_optional_number(double value, soci::indicator indicator)
{
    if (indicator != soci::i_ok)
        return std::nullopt;
    return value;
}

// A nullable date bound to a statement: the text and its indicator.
struct DateParameter {
    std::string text;
    soci::indicator indicator = soci::i_null;

    void set(const std::optional<Date>& date)
    {
        text = date ? to_iso(*date) : std::string();
        indicator = date ? soci::i_ok : soci::i_null;
    }

    void copy(postgres::CopyRows& out) const
    {
        if (indicator == soci::i_ok)
            out.text(text);
        else
            out.null();
    }
};

// A nullable number bound to a statement.
struct NumberParameter {
    double value = 0;
    soci::indicator indicator = soci::i_null;

    void set(const std::optional<double>& number)
    {
        value = number.value_or(0);
        indicator = number ? soci::i_ok : soci::i_null;
    }

    void copy(postgres::CopyRows& out) const
    {
        if (indicator == soci::i_ok)
            out.number(value);
        else
            out.null();
    }
};

// Runs a prepared SELECT whose into() elements are vectors of fetch_batch rows, calling row(i)
// for each row fetched. SOCI shrinks the vectors to the rows a fetch returned, so resize(n)
// must grow every one of them back before the next fetch; `first` is one of them.
template <typename Resize, typename Row>
void fetch_all(soci::statement& select, const std::vector<long long>& first, Resize resize, Row row)
{
    select.execute(false);
    while (select.fetch()) {
        for (std::size_t i = 0; i < first.size(); ++i)
            row(i);
        resize(fetch_batch);
    }
}

std::string progress_kind_text(plans::Progress::Kind kind)
{
    return kind == plans::Progress::Kind::value ? "value" : "not_applicable";
}

plans::Progress stored_progress(
    const std::string& kind, double percent, soci::indicator percent_indicator)
{
    if (kind == "not_applicable")
        return plans::Progress::not_applicable();
    if (kind == "value" && percent_indicator == soci::i_ok)
        return plans::Progress::of(percent);
    throw std::runtime_error("the database holds an unknown progress kind \"" + kind + "\"");
}

Result<void> require(const std::string& value, std::string_view what, std::string where)
{
    if (value.empty())
        return fail(ErrorCode::invalid_argument, std::string(what) + " is empty", std::move(where));
    return {};
}

Result<void> check_weight(const std::optional<double>& weight, std::string where)
{
    if (!weight)
        return {};
    auto checked = plans::validate_weight(*weight);
    if (!checked.ok())
        return fail(ErrorCode::invalid_argument, checked.error().message, std::move(where));
    return {};
}

Result<void> check_progress(const plans::Progress& progress, std::string where)
{
    if (progress.kind != plans::Progress::Kind::value)
        return {};
    auto checked = plans::validate_percent(progress.percent);
    if (!checked.ok())
        return fail(ErrorCode::invalid_argument, checked.error().message, std::move(where));
    return {};
}

std::string row_where(const ImportedResult& result, std::string_view field)
{
    return "row " + std::to_string(result.row) + ", field " + std::string(field);
}

// Everything apply_import can check without the database, so that a file with a bad row is
// refused before a transaction starts. The CSV reader checks the same things; the store does not
// rely on its callers.
Result<void> validate_import(
    const ImportedPlan& plan, const std::string& author, const std::string& recorded_at)
{
    if (auto ok = require(plan.code, "the plan code", "plan"); !ok)
        return ok;
    if (auto ok = require(author, "the author of the import", "author"); !ok)
        return ok;
    if (auto ok = require(recorded_at, "the time of the import", "recorded_at"); !ok)
        return ok;
    std::unordered_set<std::string> commitment_codes;
    for (const auto& commitment : plan.commitments) {
        const std::string where = "commitment " + commitment.code;
        if (auto ok = require(commitment.code, "a commitment code", "commitment"); !ok)
            return ok;
        if (!commitment_codes.insert(commitment.code).second)
            return fail(ErrorCode::invalid_argument,
                "commitment " + commitment.code + " appears twice in the plan", where);
        if (auto ok = require(commitment.title, "the title of commitment " + commitment.code,
                where + ", field commitment_title");
            !ok)
            return ok;
        if (auto ok = check_weight(commitment.weight, where + ", field commitment_weight"); !ok)
            return ok;
        std::unordered_set<std::string> result_codes;
        for (const auto& result : commitment.results) {
            if (auto ok = require(result.code, "a result code", row_where(result, "result")); !ok)
                return ok;
            if (!result_codes.insert(result.code).second)
                return fail(ErrorCode::invalid_argument,
                    "result " + result.code + " appears twice in commitment " + commitment.code,
                    row_where(result, "result"));
            if (auto ok = require(result.title, "the title of result " + result.code,
                    row_where(result, "result_title"));
                !ok)
                return ok;
            if (result.parent == result.code)
                return fail(ErrorCode::invalid_argument,
                    "result " + result.code + " cannot be its own parent",
                    row_where(result, "parent"));
            if (auto ok = check_weight(result.weight, row_where(result, "weight")); !ok)
                return ok;
            if (result.progress && result.progress->kind != plans::Progress::Kind::not_reported) {
                if (auto ok = check_progress(*result.progress, row_where(result, "progress")); !ok)
                    return ok;
                if (!result.as_of)
                    return fail(ErrorCode::invalid_argument,
                        "result " + result.code + " reports progress without an as_of date",
                        row_where(result, "as_of"));
            }
        }
    }
    return {};
}

// The period of a plan an import creates: from the earliest start or due date of its results
// to the latest. A file with no dates at all falls back to its as_of dates, then to the day of
// the import; put_plan corrects it.
std::pair<Date, Date> import_period(const ImportedPlan& plan, const std::string& recorded_at)
{
    std::optional<Date> first;
    std::optional<Date> last;
    auto widen = [&](const std::optional<Date>& date) {
        if (!date)
            return;
        if (!first || *date < *first)
            first = date;
        if (!last || *last < *date)
            last = date;
    };
    for (const auto& commitment : plan.commitments) {
        for (const auto& result : commitment.results) {
            widen(result.start_date);
            widen(result.due_date);
        }
    }
    if (!first) {
        for (const auto& commitment : plan.commitments) {
            for (const auto& result : commitment.results)
                widen(result.as_of);
        }
    }
    if (!first) {
        auto day = parse_iso_date(std::string_view(recorded_at).substr(0, 10));
        widen(day.ok() ? std::optional<Date>(*day) : std::optional<Date>(Date{}));
    }
    return {*first, *last};
}

// A node as stored, as the import compares it with the file.
struct StoredNode {
    long long id = 0;
    long long commitment_id = 0;
    long long parent_id = 0;  // 0 for none
    std::string code;
    std::string title;
    std::optional<double> weight;
    std::string start_date;  // empty for none
    std::string due_date;
    int position = 0;
};

struct StoredCommitment {
    long long id = 0;
    std::string title;
    std::string area_code;
    std::optional<double> weight;
    std::string lead_institution;
};

std::string optional_date_text(const std::optional<Date>& date)
{
    return date ? to_iso(*date) : std::string();
}

// The key of the latest update of a node for one as_of date. A number rather than text: a
// 100,000-row import looks up and keeps one per row, and text keys cost an allocation each.
struct UpdateKey {
    long long node_id = 0;
    long days = 0;  // as_of, days_since_epoch

    bool operator==(const UpdateKey&) const = default;
};

struct UpdateKeyHash {
    std::size_t operator()(const UpdateKey& key) const
    {
        // Fibonacci hashing spreads the node ids, so that node n's next month never lands where
        // node n + 1's this month does.
        return static_cast<std::size_t>(key.node_id) * 0x9E3779B97F4A7C15ULL ^
            static_cast<std::size_t>(key.days);
    }
};

// How an INSERT gives back the id of its row. PostgreSQL returns it (RETURNING id). SQLite
// could too, but it runs RETURNING as a trigger, and a statement with a trigger keeps a
// statement journal in a temporary file: that doubled the time of a large import. There the id
// is the connection's last_insert_rowid instead, read right after the insert.
class InsertedId {
public:
    explicit InsertedId(Backend backend) : m_backend(backend) { }

    // What the INSERT statement ends with.
    const char* returning() const { return m_backend == Backend::postgres ? " RETURNING id" : ""; }

    // The id after executing the INSERT, which bound into(returned).
    long long after_insert(soci::session& session, const char* table, long long returned) const
    {
        if (m_backend == Backend::postgres)
            return returned;
        long long id = 0;
        if (!session.get_last_insert_id(table, id))
            throw std::runtime_error(std::string("no id for the row inserted into ") + table);
        return id;
    }

private:
    Backend m_backend;
};

// The rows apply_import inserts below a plan. Each names its table and its columns but the id,
// with `?` for each bound value in `values`, and binds its members in that order (SQLite); on
// PostgreSQL copy() writes the given id and then every column, `values`' constants included.
struct CommitmentRow {
    static constexpr const char* table = "commitments";
    static constexpr const char* columns =
        "plan_id, code, title, area_code, weight, lead_institution, responsible_name,"
        " responsible_position, responsible_email, responsible_phone, main_goal,"
        " brief_description, public_problem, ambition, start_date, end_date, next_steps,"
        " additional_information, position";
    static constexpr const char* values =
        "?, ?, ?, ?, ?, ?, '', '', '', '', '', '', '', '', NULL, NULL, '', '', ?";

    long long id = 0;
    long long plan_id = 0;
    std::string code;
    std::string title;
    std::string area;
    NumberParameter weight;
    std::string lead;
    int position = 0;

    void bind(soci::details::prepare_temp_type& statement)
    {
        statement, soci::use(plan_id), soci::use(code), soci::use(title), soci::use(area),
            soci::use(weight.value, weight.indicator), soci::use(lead), soci::use(position);
    }

    void copy(long long row_id, postgres::CopyRows& out) const
    {
        out.number(row_id);
        out.number(plan_id);
        out.text(code);
        out.text(title);
        out.text(area);
        weight.copy(out);
        out.text(lead);
        // responsible_name to ambition
        for (int empty = 0; empty < 8; ++empty)
            out.text("");
        out.null();  // start_date
        out.null();  // end_date
        out.text("");  // next_steps
        out.text("");  // additional_information
        out.number(position);
        out.end_row();
    }
};

struct NodeRow {
    static constexpr const char* table = "nodes";
    static constexpr const char* columns =
        "commitment_id, parent_id, code, title, kind, weight, start_date, due_date, position";
    static constexpr const char* values = "?, ?, ?, ?, 'result', ?, ?, ?, ?";

    long long id = 0;
    long long commitment_id = 0;
    long long parent_id = 0;
    soci::indicator parent_indicator = soci::i_null;
    std::string code;
    std::string title;
    NumberParameter weight;
    DateParameter start;
    DateParameter due;
    int position = 0;

    void bind(soci::details::prepare_temp_type& statement)
    {
        statement, soci::use(commitment_id), soci::use(parent_id, parent_indicator),
            soci::use(code), soci::use(title), soci::use(weight.value, weight.indicator),
            soci::use(start.text, start.indicator), soci::use(due.text, due.indicator),
            soci::use(position);
    }

    void copy(long long row_id, postgres::CopyRows& out) const
    {
        out.number(row_id);
        out.number(commitment_id);
        if (parent_indicator == soci::i_ok)
            out.number(parent_id);
        else
            out.null();
        out.text(code);
        out.text(title);
        out.text("result");
        weight.copy(out);
        start.copy(out);
        due.copy(out);
        out.number(position);
        out.end_row();
    }
};

struct UpdateRow {
    static constexpr const char* table = "progress_updates";
    static constexpr const char* columns =
        "node_id, as_of, kind, percent, author, recorded_at, note";
    static constexpr const char* values = "?, ?, ?, ?, ?, ?, ?";

    long long id = 0;
    long long node_id = 0;
    std::string as_of;
    std::string kind;
    NumberParameter percent;
    std::string author;
    std::string recorded_at;
    std::string note;

    void bind(soci::details::prepare_temp_type& statement)
    {
        statement, soci::use(node_id), soci::use(as_of), soci::use(kind),
            soci::use(percent.value, percent.indicator), soci::use(author), soci::use(recorded_at),
            soci::use(note);
    }

    void copy(long long row_id, postgres::CopyRows& out) const
    {
        out.number(row_id);
        out.number(node_id);
        out.text(as_of);
        out.text(kind);
        percent.copy(out);
        out.text(author);
        out.text(recorded_at);
        out.text(note);
        out.end_row();
    }
};

struct EvidenceRow {
    static constexpr const char* table = "evidence";
    static constexpr const char* columns = "node_id, update_id, title, url, date";
    static constexpr const char* values = "?, ?, '', ?, ?";

    long long id = 0;
    long long node_id = 0;
    long long update_id = 0;
    std::string url;
    std::string date;

    void bind(soci::details::prepare_temp_type& statement)
    {
        statement, soci::use(node_id), soci::use(update_id), soci::use(url), soci::use(date);
    }

    void copy(long long row_id, postgres::CopyRows& out) const
    {
        out.number(row_id);
        out.number(node_id);
        out.number(update_id);
        out.text("");  // title
        out.text(url);
        out.text(date);
        out.end_row();
    }
};

// Rows not yet sent to the database, which must reach it before rows that reference them.
class PendingRows {
public:
    virtual ~PendingRows() = default;
    // Sends the pending rows, after those of the table they reference.
    virtual void flush() = 0;
};

// Inserts the rows of one table and gives each its id at once.
//
// On PostgreSQL every statement is a network round trip, and binding every value through SOCI
// cost the client more than the server's work (2,000-row INSERTs: 5.8 s for the 100,000-row
// import). There the ids come first, reserved from the table's identity sequence a block at a time
// (nextval, which never hands out the same id twice, so later ordinary inserts cannot collide),
// and the rows wait as COPY text until copy_batch bytes of them go in one COPY ... FROM STDIN with
// those ids (COPY writes an identity column's given values, like INSERT's OVERRIDING SYSTEM
// VALUE) through the import's CopyWriter, which lets the server work on them while the next rows
// are built. Rows reference only rows inserted before them, and a COPY checks its foreign keys at
// its end, so flushing the referenced table first (`before`) keeps every reference valid.
//
// SQLite runs in-process, where a round trip costs nothing: each row is inserted at once and its
// id is last_insert_rowid (see InsertedId for why not RETURNING).
template <typename Row> class RowInserter final : public PendingRows {
public:
    // COPY text buffered per table before it is sent: small enough that the server starts early
    // and works while the program builds the next rows, large enough that the COPY statements
    // stay few (about 50 for the 100,000-row import).
    static constexpr std::size_t copy_batch = std::size_t{1} << 20;
    // Ids reserved per round trip: the first block is small, so a small import wastes few ids, and
    // each next one doubles up to the largest.
    static constexpr int first_id_block = 64;
    static constexpr int largest_id_block = 16384;

    // copies is the import's CopyWriter on PostgreSQL, null on SQLite.
    RowInserter(soci::session& session, postgres::CopyWriter* copies, PendingRows* before)
        : m_session(session), m_copies(copies), m_before(before), m_insert(session)
    {
        if (m_copies == nullptr)
            m_insert = prepare_insert();
    }

    // Inserts the row, or queues it on PostgreSQL, and returns its id.
    long long insert(const Row& row)
    {
        if (m_copies == nullptr) {
            m_row = row;
            m_insert.execute(true);
            long long id = 0;
            if (!m_session.get_last_insert_id(Row::table, id))
                throw std::runtime_error(
                    std::string("no id for the row inserted into ") + Row::table);
            return id;
        }
        if (m_next_reserved == m_reserved.size())
            reserve_ids();
        const long long id = m_reserved[m_next_reserved++];
        row.copy(id, m_pending);
        if (m_pending.size() >= copy_batch)
            flush();
        return id;
    }

    void flush() override
    {
        if (m_before != nullptr)
            m_before->flush();
        if (m_pending.empty())
            return;
        // The connection is idle between two COPY statements: the moment to reserve ids for
        // another batch like this one, so that insert() seldom has to stop the server's work to
        // ask for them.
        m_copies->wait();
        if (m_reserved.size() - m_next_reserved < m_pending.rows())
            reserve_ids();
        static const std::string target = std::string(Row::table) + " (id, " + Row::columns + ")";
        m_copies->send(target, m_pending);
        m_pending.clear();
    }

private:
    // SQLite's INSERT of one row, bound to m_row.
    soci::statement prepare_insert()
    {
        std::string text =
            std::string("INSERT INTO ") + Row::table + " (" + Row::columns + ") VALUES (";
        int parameter = 0;
        for (const char* at = Row::values; *at != '\0'; ++at) {
            if (*at == '?')
                text += ":p" + std::to_string(parameter++);
            else
                text += *at;
        }
        text += ')';
        soci::details::prepare_temp_type statement = (m_session.prepare << text);
        m_row.bind(statement);
        return statement;
    }

    void reserve_ids()
    {
        m_copies->wait();
        if (m_id_block == 0) {
            // The sequence is looked up once: evaluated beside nextval, pg_get_serial_sequence ran
            // once per id and cost more than nextval itself.
            const std::string table = Row::table;
            m_session << "SELECT CAST(CAST(pg_get_serial_sequence(:table, 'id') AS regclass)"
                         " AS oid)",
                soci::use(table), soci::into(m_sequence);
        }
        m_id_block = m_id_block == 0 ? first_id_block : std::min(2 * m_id_block, largest_id_block);
        const std::size_t count = static_cast<std::size_t>(m_id_block);
        std::vector<long long> block(count);
        m_session << "SELECT nextval(CAST(CAST(:sequence AS oid) AS regclass))"
                     " FROM generate_series(1, CAST(:count AS INTEGER))",
            soci::use(m_sequence), soci::use(m_id_block), soci::into(block);
        if (block.size() != count)
            throw std::runtime_error(std::string("could not reserve ids for ") + Row::table);
        // The ids not used yet, then the new block.
        m_reserved.erase(m_reserved.begin(), m_reserved.begin() + m_next_reserved);
        m_reserved.insert(m_reserved.end(), block.begin(), block.end());
        m_next_reserved = 0;
    }

    soci::session& m_session;
    postgres::CopyWriter* m_copies;
    PendingRows* m_before;
    // SQLite: the INSERT and the row bound to it.
    soci::statement m_insert;
    Row m_row;
    // PostgreSQL: the rows not sent yet, and the ids reserved for the next ones.
    postgres::CopyRows m_pending;
    std::vector<long long> m_reserved;
    std::size_t m_next_reserved = 0;
    int m_id_block = 0;
    long long m_sequence = 0;  // the oid of the table's identity sequence
};

// apply_import's work inside its transaction. The statements are prepared once and re-executed
// with new values in their bound variables, and everything the import compares with is loaded
// in one query per table up front: a 100,000-row file costs a few hundred thousand statement
// executions and no per-row SELECT.
class ImportRun {
public:
    ImportRun(soci::session& session, Backend backend, const ImportedPlan& plan,
        const std::string& author, const std::string& recorded_at)
        : m_session(session),
          m_inserted(backend),
          m_plan(plan),
          m_recorded_at(recorded_at),
          m_copies(backend == Backend::postgres ? std::make_unique<postgres::CopyWriter>(session)
                                                : nullptr),
          m_commitment_inserts(session, m_copies.get(), nullptr),
          m_node_inserts(session, m_copies.get(), &m_commitment_inserts),
          m_update_inserts(session, m_copies.get(), &m_node_inserts),
          m_evidence_inserts(session, m_copies.get(), &m_update_inserts)
    {
        m_u.author = author;
        m_u.recorded_at = recorded_at;
    }

    Result<plans::ImportSummary> run()
    {
        apply_plan();
        load_stored();
        apply_areas();
        prepare_statements();
        for (const auto& commitment : m_plan.commitments) {
            const long long commitment_id = apply_commitment(commitment);
            if (auto applied = apply_results(commitment, commitment_id); !applied)
                return std::move(applied).error();
        }
        m_evidence_inserts.flush();
        settle();
        return m_summary;
    }

private:
    // Waits for the COPY the server may still be running (CopyWriter), and throws its error.
    void settle()
    {
        if (m_copies)
            m_copies->wait();
    }

    void apply_plan()
    {
        std::string title;
        m_session << "SELECT id, title FROM plans WHERE code = :code", soci::use(m_plan.code),
            soci::into(m_plan_id), soci::into(title);
        if (m_session.got_data()) {
            if (!m_plan.title.empty() && m_plan.title != title)
                m_session << "UPDATE plans SET title = :title WHERE id = :id",
                    soci::use(m_plan.title), soci::use(m_plan_id);
            return;
        }
        // PRODUCT.md: a plan is in implementation once its commitments report progress, which
        // is what an import carries.
        const auto [start, end] = import_period(m_plan, m_recorded_at);
        const std::string period_start = to_iso(start);
        const std::string period_end = to_iso(end);
        const std::string lifecycle(to_string(plans::Lifecycle::implementation));
        const std::string& new_title = m_plan.title.empty() ? m_plan.code : m_plan.title;
        m_session << "INSERT INTO plans (code, title, organisation_code, period_start, period_end,"
                     " lifecycle) VALUES (:code, :title, NULL, :start, :end, :lifecycle)" +
                std::string(m_inserted.returning()),
            soci::use(m_plan.code), soci::use(new_title), soci::use(period_start),
            soci::use(period_end), soci::use(lifecycle), soci::into(m_plan_id);
        m_plan_id = m_inserted.after_insert(m_session, "plans", m_plan_id);
        m_summary.plan_created = true;
    }

    void load_stored()
    {
        {
            long long id = 0;
            std::string code;
            std::string title;
            std::string area_code;
            double weight = 0;
            soci::indicator weight_indicator = soci::i_null;
            std::string lead_institution;
            int position = 0;
            soci::statement select =
                (m_session.prepare << "SELECT id, code, title, area_code, weight,"
                                      " lead_institution, position"
                                      " FROM commitments WHERE plan_id = :plan",
                    soci::use(m_plan_id), soci::into(id), soci::into(code), soci::into(title),
                    soci::into(area_code), soci::into(weight, weight_indicator),
                    soci::into(lead_institution), soci::into(position));
            select.execute(false);
            while (select.fetch()) {
                m_commitments[code] = StoredCommitment{id, title, area_code,
                    stored_optional_number(weight, weight_indicator), lead_institution};
                m_next_commitment_position = std::max(m_next_commitment_position, position + 1);
            }
        }
        {
            std::vector<long long> id(fetch_batch);
            std::vector<long long> commitment_id(fetch_batch);
            std::vector<long long> parent_id(fetch_batch);
            std::vector<soci::indicator> parent_indicator(fetch_batch);
            std::vector<std::string> code(fetch_batch);
            std::vector<std::string> title(fetch_batch);
            std::vector<double> weight(fetch_batch);
            std::vector<soci::indicator> weight_indicator(fetch_batch);
            std::vector<std::string> start_date(fetch_batch);
            std::vector<soci::indicator> start_indicator(fetch_batch);
            std::vector<std::string> due_date(fetch_batch);
            std::vector<soci::indicator> due_indicator(fetch_batch);
            std::vector<int> position(fetch_batch);
            soci::statement select = (m_session.prepare
                    << "SELECT n.id, n.commitment_id, n.parent_id, n.code, n.title, n.weight,"
                       " n.start_date, n.due_date, n.position"
                       " FROM nodes n JOIN commitments c ON c.id = n.commitment_id"
                       " WHERE c.plan_id = :plan",
                soci::use(m_plan_id), soci::into(id), soci::into(commitment_id),
                soci::into(parent_id, parent_indicator), soci::into(code), soci::into(title),
                soci::into(weight, weight_indicator), soci::into(start_date, start_indicator),
                soci::into(due_date, due_indicator), soci::into(position));
            auto resize = [&](std::size_t size) {
                for (auto* column : {&id, &commitment_id, &parent_id})
                    column->resize(size);
                for (auto* column : {&code, &title, &start_date, &due_date})
                    column->resize(size);
                for (auto* column :
                    {&parent_indicator, &weight_indicator, &start_indicator, &due_indicator})
                    column->resize(size);
                weight.resize(size);
                position.resize(size);
            };
            fetch_all(select, id, resize, [&](std::size_t i) {
                StoredNode node{id[i], commitment_id[i],
                    parent_indicator[i] == soci::i_ok ? parent_id[i] : 0, code[i], title[i],
                    stored_optional_number(weight[i], weight_indicator[i]),
                    start_indicator[i] == soci::i_ok ? start_date[i] : std::string(),
                    due_indicator[i] == soci::i_ok ? due_date[i] : std::string(), position[i]};
                m_code_of_node.emplace(node.id, node.code);
                m_nodes[node.commitment_id].emplace(node.code, std::move(node));
            });
        }
        {
            // Ordered by id, so the last one kept for a node and date is the latest recorded.
            std::vector<long long> node_id(fetch_batch);
            std::vector<std::string> as_of(fetch_batch);
            std::vector<std::string> kind(fetch_batch);
            std::vector<double> percent(fetch_batch);
            std::vector<soci::indicator> percent_indicator(fetch_batch);
            soci::statement select =
                (m_session.prepare << "SELECT u.node_id, u.as_of, u.kind, u.percent"
                                      " FROM progress_updates u"
                                      " JOIN nodes n ON n.id = u.node_id"
                                      " JOIN commitments c ON c.id = n.commitment_id"
                                      " WHERE c.plan_id = :plan ORDER BY u.id",
                    soci::use(m_plan_id), soci::into(node_id), soci::into(as_of), soci::into(kind),
                    soci::into(percent, percent_indicator));
            auto resize = [&](std::size_t size) {
                node_id.resize(size);
                as_of.resize(size);
                kind.resize(size);
                percent.resize(size);
                percent_indicator.resize(size);
            };
            fetch_all(select, node_id, resize, [&](std::size_t i) {
                m_latest[{node_id[i], days_since_epoch(stored_date(as_of[i]))}] =
                    stored_progress(kind[i], percent[i], percent_indicator[i]);
            });
        }
    }

    // Areas are named by title in the file; their code is area_code(title). A new one goes
    // after the plan's existing areas; an existing one takes the file's spelling of its title.
    void apply_areas()
    {
        std::unordered_map<std::string, std::string> stored;
        int next_position = 0;
        {
            std::string code;
            std::string title;
            int position = 0;
            soci::statement select = (m_session.prepare << "SELECT code, title, position FROM areas"
                                                           " WHERE plan_id = :plan",
                soci::use(m_plan_id), soci::into(code), soci::into(title), soci::into(position));
            select.execute(false);
            while (select.fetch()) {
                stored.emplace(code, title);
                next_position = std::max(next_position, position + 1);
            }
        }
        std::string code;
        std::string title;
        int position = 0;
        soci::statement insert =
            (m_session.prepare << "INSERT INTO areas (plan_id, code, title, position)"
                                  " VALUES (:plan, :code, :title, :position)",
                soci::use(m_plan_id), soci::use(code), soci::use(title), soci::use(position));
        soci::statement update = (m_session.prepare << "UPDATE areas SET title = :title"
                                                       " WHERE plan_id = :plan AND code = :code",
            soci::use(title), soci::use(m_plan_id), soci::use(code));
        std::unordered_set<std::string> seen;
        for (const auto& commitment : m_plan.commitments) {
            code = plans::area_code(commitment.area);
            if (code.empty() || !seen.insert(code).second)
                continue;
            title = commitment.area;
            auto existing = stored.find(code);
            if (existing == stored.end()) {
                position = next_position++;
                insert.execute(true);
            } else if (existing->second != title) {
                update.execute(true);
            }
        }
    }

    void prepare_statements()
    {
        m_c.plan_id = m_plan_id;
        m_update_commitment =
            (m_session.prepare << "UPDATE commitments SET title = :title, area_code = :area,"
                                  " weight = :weight, lead_institution = :lead WHERE id = :id",
                soci::use(m_c.title), soci::use(m_c.area),
                soci::use(m_c.weight.value, m_c.weight.indicator), soci::use(m_c.lead),
                soci::use(m_c.id));
        m_update_node = (m_session.prepare
                << "UPDATE nodes SET parent_id = :parent, title = :title, weight = :weight,"
                   " start_date = :start, due_date = :due, position = :position WHERE id = :id",
            soci::use(m_n.parent_id, m_n.parent_indicator), soci::use(m_n.title),
            soci::use(m_n.weight.value, m_n.weight.indicator),
            soci::use(m_n.start.text, m_n.start.indicator),
            soci::use(m_n.due.text, m_n.due.indicator), soci::use(m_n.position), soci::use(m_n.id));
    }

    long long apply_commitment(const ImportedCommitment& commitment)
    {
        m_c.code = commitment.code;
        m_c.title = commitment.title;
        m_c.area = plans::area_code(commitment.area);
        m_c.weight.set(commitment.weight);
        m_c.lead = commitment.lead_institution;
        auto stored = m_commitments.find(commitment.code);
        if (stored == m_commitments.end()) {
            m_c.position = m_next_commitment_position++;
            ++m_summary.commitments_created;
            return m_commitment_inserts.insert(m_c);
        }
        const StoredCommitment& old = stored->second;
        m_c.id = old.id;
        if (old.title != m_c.title || old.area_code != m_c.area ||
            old.weight != commitment.weight || old.lead_institution != m_c.lead) {
            settle();
            m_update_commitment.execute(true);
            ++m_summary.commitments_updated;
        }
        return m_c.id;
    }

    // The results of one commitment: every code the file names, as a row or only as a parent,
    // ends with a node, parents before children.
    Result<void> apply_results(const ImportedCommitment& commitment, long long commitment_id)
    {
        auto& stored = m_nodes[commitment_id];
        std::unordered_map<std::string, const ImportedResult*> rows;
        for (const auto& result : commitment.results)
            rows.emplace(result.code, &result);

        // The parent each named code ends with: the file's for a row, the stored one for a
        // parent the file names only as a parent, none for a parent that is new.
        auto parent_code = [&](const std::string& code) -> std::string {
            if (auto row = rows.find(code); row != rows.end())
                return row->second->parent;
            if (auto node = stored.find(code); node != stored.end() && node->second.parent_id != 0)
                return m_code_of_node.at(node->second.parent_id);
            return {};
        };

        // Order of first appearance (plan_from_import in domain/plans/plan_csv.h): a code
        // appears at its own row or at the first row naming it as parent, whichever is first.
        std::vector<std::string> order;
        std::unordered_set<std::string> named;
        for (const auto& result : commitment.results) {
            if (named.insert(result.code).second)
                order.push_back(result.code);
            if (!result.parent.empty() && named.insert(result.parent).second)
                order.push_back(result.parent);
        }

        // A new node, or one the file moves to another parent, goes after its new siblings, in
        // order of first appearance; one that stays where it was keeps its place.
        std::unordered_map<std::string, int> next_position;
        for (const auto& [code, node] : stored) {
            const std::string parent =
                node.parent_id != 0 ? m_code_of_node.at(node.parent_id) : std::string();
            auto [slot, inserted] = next_position.emplace(parent, node.position + 1);
            if (!inserted)
                slot->second = std::max(slot->second, node.position + 1);
        }
        std::unordered_map<std::string, int> position;
        for (const auto& code : order) {
            const std::string parent = parent_code(code);
            auto node = stored.find(code);
            const bool stays = node != stored.end() &&
                (node->second.parent_id == 0 ? parent.empty()
                                             : m_code_of_node.at(node->second.parent_id) == parent);
            position[code] = stays ? node->second.position : next_position[parent]++;
        }

        std::unordered_map<std::string, long long> done;
        for (const auto& code : order) {
            if (done.contains(code))
                continue;
            // The chain of ancestors not written yet, found before writing any of them so that a
            // cycle (the file making a node the parent of its own ancestor) is refused.
            std::vector<std::string> chain{code};
            for (std::string parent = parent_code(code); !parent.empty() && !done.contains(parent);
                 parent = parent_code(parent)) {
                const auto loop = std::find(chain.begin(), chain.end(), parent);
                if (loop != chain.end()) {
                    // The loop holds a row of the file, since stored nodes alone form none; the
                    // last one in it is the row that closes it.
                    const auto row = std::find_if(std::make_reverse_iterator(chain.end()),
                        std::make_reverse_iterator(loop),
                        [&](const std::string& link) { return rows.contains(link); });
                    const ImportedResult& culprit = *rows.at(*row);
                    return fail(ErrorCode::invalid_argument,
                        "result " + culprit.code + " of commitment " + commitment.code +
                            " would be its own ancestor through parent " + culprit.parent,
                        row_where(culprit, "parent"));
                }
                chain.push_back(parent);
            }
            for (auto link = chain.rbegin(); link != chain.rend(); ++link) {
                const std::string parent = parent_code(*link);
                const long long parent_id = parent.empty() ? 0 : done.at(parent);
                done[*link] = apply_node(commitment_id, *link, parent_id, position.at(*link),
                    rows.contains(*link) ? rows.at(*link) : nullptr);
            }
        }

        for (const auto& result : commitment.results) {
            if (result.progress && result.progress->kind != plans::Progress::Kind::not_reported)
                apply_progress(done.at(result.code), result);
        }
        return {};
    }

    long long apply_node(long long commitment_id, const std::string& code, long long parent_id,
        int position, const ImportedResult* row)
    {
        auto& stored = m_nodes[commitment_id];
        auto node = stored.find(code);
        if (row == nullptr && node != stored.end())
            return node->second.id;  // a parent named only as parent keeps what it has
        m_n.commitment_id = commitment_id;
        m_n.parent_id = parent_id;
        m_n.parent_indicator = parent_id != 0 ? soci::i_ok : soci::i_null;
        m_n.code = code;
        // A parent with no row of its own is created with its code as title (plan_import.h).
        m_n.title = row != nullptr ? row->title : code;
        m_n.weight.set(row != nullptr ? row->weight : std::nullopt);
        m_n.start.set(row != nullptr ? row->start_date : std::nullopt);
        m_n.due.set(row != nullptr ? row->due_date : std::nullopt);
        m_n.position = position;
        if (node == stored.end()) {
            ++m_summary.results_created;
            return m_node_inserts.insert(m_n);
        }
        const StoredNode& old = node->second;
        m_n.id = old.id;
        if (old.parent_id != parent_id || old.title != m_n.title || old.weight != row->weight ||
            old.start_date != optional_date_text(row->start_date) ||
            old.due_date != optional_date_text(row->due_date) || old.position != position) {
            // Its new parent may be a node still waiting to be inserted.
            m_node_inserts.flush();
            settle();
            m_update_node.execute(true);
            ++m_summary.results_updated;
        }
        return m_n.id;
    }

    // History is only added to: an update equal to the latest one recorded for the same node and
    // as_of date is the same report imported again, and is skipped.
    void apply_progress(long long node_id, const ImportedResult& result)
    {
        const plans::Progress& progress = *result.progress;
        m_u.as_of = to_iso(*result.as_of);
        auto [latest, inserted] =
            m_latest.try_emplace({node_id, days_since_epoch(*result.as_of)}, progress);
        if (!inserted) {
            if (latest->second == progress) {
                ++m_summary.progress_updates_unchanged;
                return;
            }
            latest->second = progress;
        }
        m_u.node_id = node_id;
        m_u.kind = progress_kind_text(progress.kind);
        m_u.percent.set(progress.kind == plans::Progress::Kind::value
                ? std::optional<double>(progress.percent)
                : std::nullopt);
        m_u.note = result.note;
        const long long update_id = m_update_inserts.insert(m_u);
        ++m_summary.progress_updates_added;
        if (!result.evidence_url.empty()) {
            m_e.node_id = node_id;
            m_e.update_id = update_id;
            m_e.url = result.evidence_url;
            m_e.date = m_u.as_of;
            m_evidence_inserts.insert(m_e);
        }
    }

    soci::session& m_session;
    InsertedId m_inserted;
    const ImportedPlan& m_plan;
    const std::string& m_recorded_at;
    plans::ImportSummary m_summary;
    long long m_plan_id = 0;

    std::unordered_map<std::string, StoredCommitment> m_commitments;
    int m_next_commitment_position = 0;
    // The plan's stored nodes by commitment id and code, and every stored node's code by id.
    std::unordered_map<long long, std::unordered_map<std::string, StoredNode>> m_nodes;
    std::unordered_map<long long, std::string> m_code_of_node;
    // The latest progress recorded for a node and date.
    std::unordered_map<UpdateKey, plans::Progress, UpdateKeyHash> m_latest;

    // The rows being written, the UPDATE statements bound to them (m_c for commitments, m_n
    // for nodes), and the inserters of each table, each flushing the one it references first.
    CommitmentRow m_c;
    NodeRow m_n;
    UpdateRow m_u;
    EvidenceRow m_e;
    soci::statement m_update_commitment{m_session};
    soci::statement m_update_node{m_session};
    // PostgreSQL: the COPY statements of the inserters below. settle() waits for the one the
    // server may still be running, which must finish before any other statement.
    std::unique_ptr<postgres::CopyWriter> m_copies;
    RowInserter<CommitmentRow> m_commitment_inserts;
    RowInserter<NodeRow> m_node_inserts;
    RowInserter<UpdateRow> m_update_inserts;
    RowInserter<EvidenceRow> m_evidence_inserts;
};

std::optional<long long> find_plan_id(soci::session& session, const std::string& code)
{
    long long id = 0;
    session << "SELECT id FROM plans WHERE code = :code", soci::use(code), soci::into(id);
    if (!session.got_data())
        return std::nullopt;
    return id;
}

Error no_plan(const std::string& code)
{
    return fail(ErrorCode::not_found, "no plan " + code, "plan");
}

Result<long long> find_commitment_id(
    soci::session& session, const std::string& plan_code, const std::string& commitment_code)
{
    const auto plan_id = find_plan_id(session, plan_code);
    if (!plan_id)
        return no_plan(plan_code);
    long long id = 0;
    session << "SELECT id FROM commitments WHERE plan_id = :plan AND code = :code",
        soci::use(*plan_id), soci::use(commitment_code), soci::into(id);
    if (!session.got_data())
        return fail(ErrorCode::not_found,
            "plan " + plan_code + " has no commitment " + commitment_code, "commitment");
    return id;
}

Result<void> check_progress_update(const plans::ProgressUpdate& update)
{
    if (update.progress.kind == plans::Progress::Kind::not_reported)
        return fail(ErrorCode::invalid_argument,
            "a progress update reports a percentage or not applicable, not \"not reported\"",
            "progress");
    if (auto ok = check_progress(update.progress, "progress"); !ok)
        return ok;
    if (auto ok = require(update.author, "the author of the update", "author"); !ok)
        return ok;
    return require(update.recorded_at, "the time the update was recorded", "recorded_at");
}

class SqlPlanStore final : public PlanStore {
public:
    explicit SqlPlanStore(Database& database) : m_database(database) { }

    Result<void> put_organisation(const plans::Organisation& organisation) override
    {
        if (auto ok = require(organisation.code, "the organisation code", "code"); !ok)
            return ok;
        if (auto ok = require(organisation.name, "the organisation name", "name"); !ok)
            return ok;
        const std::string kind(to_string(organisation.kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            session << "INSERT INTO organisations (code, name, kind) VALUES (:code, :name, :kind)"
                       " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                       " kind = excluded.kind",
                soci::use(organisation.code), soci::use(organisation.name), soci::use(kind);
            return {};
        });
    }

    Result<void> put_plan(const plans::Plan& plan) override
    {
        if (auto ok = require(plan.code, "the plan code", "code"); !ok)
            return ok;
        if (auto ok = require(plan.title, "the plan title", "title"); !ok)
            return ok;
        if (plan.period_end < plan.period_start)
            return fail(ErrorCode::invalid_argument,
                "the period ends on " + to_iso(plan.period_end) + ", before it starts on " +
                    to_iso(plan.period_start),
                "period_end");
        std::set<std::string> area_codes;
        for (const auto& area : plan.areas) {
            if (auto ok = require(area.code, "an area code", "areas"); !ok)
                return ok;
            if (auto ok = require(area.title, "the title of area " + area.code, "areas"); !ok)
                return ok;
            if (!area_codes.insert(area.code).second)
                return fail(
                    ErrorCode::invalid_argument, "area " + area.code + " appears twice", "areas");
        }
        const std::string period_start = to_iso(plan.period_start);
        const std::string period_end = to_iso(plan.period_end);
        const std::string lifecycle(to_string(plan.lifecycle));
        return m_database.write([&](soci::session& session) -> Result<void> {
            soci::indicator organisation_indicator =
                plan.organisation.empty() ? soci::i_null : soci::i_ok;
            if (!plan.organisation.empty()) {
                int found = 0;
                session << "SELECT COUNT(*) FROM organisations WHERE code = :code",
                    soci::use(plan.organisation), soci::into(found);
                if (found == 0)
                    return fail(ErrorCode::not_found, "no organisation " + plan.organisation,
                        "organisation");
            }
            session << "INSERT INTO plans (code, title, organisation_code, period_start,"
                       " period_end, lifecycle)"
                       " VALUES (:code, :title, :organisation, :start, :end, :lifecycle)"
                       " ON CONFLICT (code) DO UPDATE SET title = excluded.title,"
                       " organisation_code = excluded.organisation_code,"
                       " period_start = excluded.period_start, period_end = excluded.period_end,"
                       " lifecycle = excluded.lifecycle",
                soci::use(plan.code), soci::use(plan.title),
                soci::use(plan.organisation, organisation_indicator), soci::use(period_start),
                soci::use(period_end), soci::use(lifecycle);
            const long long plan_id = *find_plan_id(session, plan.code);
            int position = 0;
            session << "SELECT COALESCE(MAX(position) + 1, 0) FROM areas WHERE plan_id = :plan",
                soci::use(plan_id), soci::into(position);
            std::string code;
            std::string title;
            soci::statement upsert =
                (session.prepare << "INSERT INTO areas (plan_id, code, title, position)"
                                    " VALUES (:plan, :code, :title, :position)"
                                    " ON CONFLICT (plan_id, code) DO UPDATE"
                                    " SET title = excluded.title",
                    soci::use(plan_id), soci::use(code), soci::use(title), soci::use(position));
            for (const auto& area : plan.areas) {
                code = area.code;
                title = area.title;
                upsert.execute(true);
                ++position;
            }
            return {};
        });
    }

    Result<plans::ImportSummary> apply_import(const ImportedPlan& plan, const std::string& author,
        const std::string& recorded_at) override
    {
        if (auto valid = validate_import(plan, author, recorded_at); !valid)
            return std::move(valid).error();
        return m_database.write([&](soci::session& session) -> Result<plans::ImportSummary> {
            return ImportRun(session, m_database.backend(), plan, author, recorded_at).run();
        });
    }

    Result<void> put_commitment_details(
        const std::string& plan_code, const plans::Commitment& commitment) override
    {
        if (auto ok = require(plan_code, "the plan code", "plan"); !ok)
            return ok;
        if (auto ok = require(commitment.code, "the commitment code", "code"); !ok)
            return ok;
        if (auto ok = require(commitment.title, "the commitment title", "title"); !ok)
            return ok;
        if (auto ok = check_weight(commitment.weight, "weight"); !ok)
            return ok;
        for (std::size_t i = 0; i < commitment.other_actors.size(); ++i) {
            if (auto ok = require(commitment.other_actors[i].name, "the name of an actor",
                    "other_actors[" + std::to_string(i) + "].name");
                !ok)
                return ok;
        }
        NumberParameter weight;
        weight.set(commitment.weight);
        DateParameter start_date;
        start_date.set(commitment.start_date);
        DateParameter end_date;
        end_date.set(commitment.end_date);
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto plan_id = find_plan_id(session, plan_code);
            if (!plan_id)
                return no_plan(plan_code);
            if (!commitment.area.empty()) {
                int found = 0;
                session << "SELECT COUNT(*) FROM areas WHERE plan_id = :plan AND code = :code",
                    soci::use(*plan_id), soci::use(commitment.area), soci::into(found);
                if (found == 0)
                    return fail(ErrorCode::not_found,
                        "plan " + plan_code + " has no area " + commitment.area, "area");
            }
            int position = 0;
            session << "SELECT COALESCE(MAX(position) + 1, 0) FROM commitments"
                       " WHERE plan_id = :plan",
                soci::use(*plan_id), soci::into(position);
            const auto& person = commitment.responsible;
            // Every template field is set; the position of an existing commitment is kept.
            session << "INSERT INTO commitments (plan_id, code, title, area_code, weight,"
                       " lead_institution, responsible_name, responsible_position,"
                       " responsible_email, responsible_phone, main_goal, brief_description,"
                       " public_problem, ambition, start_date, end_date, next_steps,"
                       " additional_information, position)"
                       " VALUES (:plan, :code, :title, :area, :weight, :lead, :name,"
                       " :person_position, :email, :phone, :goal, :brief, :problem, :ambition,"
                       " :start, :end, :next, :additional, :position)"
                       " ON CONFLICT (plan_id, code) DO UPDATE SET title = excluded.title,"
                       " area_code = excluded.area_code, weight = excluded.weight,"
                       " lead_institution = excluded.lead_institution,"
                       " responsible_name = excluded.responsible_name,"
                       " responsible_position = excluded.responsible_position,"
                       " responsible_email = excluded.responsible_email,"
                       " responsible_phone = excluded.responsible_phone,"
                       " main_goal = excluded.main_goal,"
                       " brief_description = excluded.brief_description,"
                       " public_problem = excluded.public_problem, ambition = excluded.ambition,"
                       " start_date = excluded.start_date, end_date = excluded.end_date,"
                       " next_steps = excluded.next_steps,"
                       " additional_information = excluded.additional_information",
                soci::use(*plan_id), soci::use(commitment.code), soci::use(commitment.title),
                soci::use(commitment.area), soci::use(weight.value, weight.indicator),
                soci::use(commitment.lead_institution), soci::use(person.name),
                soci::use(person.position), soci::use(person.email), soci::use(person.phone),
                soci::use(commitment.main_goal), soci::use(commitment.brief_description),
                soci::use(commitment.public_problem), soci::use(commitment.ambition),
                soci::use(start_date.text, start_date.indicator),
                soci::use(end_date.text, end_date.indicator), soci::use(commitment.next_steps),
                soci::use(commitment.additional_information), soci::use(position);
            long long id = 0;
            session << "SELECT id FROM commitments WHERE plan_id = :plan AND code = :code",
                soci::use(*plan_id), soci::use(commitment.code), soci::into(id);

            replace_commitment_lists(session, id, commitment);
            return {};
        });
    }

    Result<void> add_assessment(const std::string& plan_code, const std::string& commitment_code,
        const plans::Assessment& assessment) override
    {
        const std::string assessor(to_string(assessment.assessor));
        const std::string level(to_string(assessment.level));
        const std::string date = to_iso(assessment.date);
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto commitment_id = find_commitment_id(session, plan_code, commitment_code);
            if (!commitment_id)
                return std::move(commitment_id).error();
            session << "INSERT INTO assessments (commitment_id, assessor, level, date,"
                       " justification) VALUES (:commitment, :assessor, :level, :date,"
                       " :justification)",
                soci::use(*commitment_id), soci::use(assessor), soci::use(level), soci::use(date),
                soci::use(assessment.justification);
            return {};
        });
    }

    Result<void> add_progress_update(const std::string& plan_code,
        const std::string& commitment_code, const std::string& node_code,
        const plans::ProgressUpdate& update) override
    {
        if (auto ok = check_progress_update(update); !ok)
            return ok;
        return m_database.write([&](soci::session& session) -> Result<void> {
            auto appended = append_progress_update(
                session, m_database.backend(), plan_code, commitment_code, node_code, update);
            if (!appended.ok())
                return std::move(appended).error();
            return {};
        });
    }

    Result<std::vector<PlanSummary>> list_plans() override
    {
        return m_database.read([](soci::session& session) -> Result<std::vector<PlanSummary>> {
            std::vector<PlanSummary> summaries;
            std::string code;
            std::string title;
            std::string organisation_code;
            std::string organisation_name;
            std::string period_start;
            std::string period_end;
            std::string lifecycle;
            long long revision = 0;
            soci::statement select =
                (session.prepare << "SELECT p.code, p.title, COALESCE(p.organisation_code, ''),"
                                    " COALESCE(o.name, ''), p.period_start, p.period_end,"
                                    " p.lifecycle, p.revision FROM plans p"
                                    " LEFT JOIN organisations o ON o.code = p.organisation_code"
                                    " ORDER BY p.period_start DESC, p.code",
                    soci::into(code), soci::into(title), soci::into(organisation_code),
                    soci::into(organisation_name), soci::into(period_start), soci::into(period_end),
                    soci::into(lifecycle), soci::into(revision));
            select.execute(false);
            while (select.fetch()) {
                summaries.push_back(PlanSummary{code, title, organisation_code, organisation_name,
                    stored_date(period_start), stored_date(period_end),
                    stored_enum(plans::parse_lifecycle(lifecycle), "lifecycle", lifecycle),
                    revision});
            }
            return summaries;
        });
    }

    Result<std::int64_t> plan_revision(const std::string& code) override
    {
        return m_database.read([&](soci::session& session) -> Result<std::int64_t> {
            long long revision = 0;
            session << "SELECT revision FROM plans WHERE code = :code", soci::use(code),
                soci::into(revision);
            if (!session.got_data())
                return fail(ErrorCode::not_found, "no plan " + code);
            return revision;
        });
    }

    Result<plans::Plan> load_plan(const std::string& code) override
    {
        return m_database.read([&](soci::session& session) -> Result<plans::Plan> {
            return load(session, code, std::nullopt);
        });
    }

    Result<plans::Plan> load_commitment(
        const std::string& plan_code, const std::string& commitment_code) override
    {
        return m_database.read([&](soci::session& session) -> Result<plans::Plan> {
            return load(session, plan_code, commitment_code);
        });
    }

private:
    // Which commitments a load reads: every one of the plan, or only one. Each query below
    // joins the commitments table as c and appends the condition, which binds the id; the two
    // texts are fixed, so a value never becomes part of a statement.
    struct Scope {
        const char* condition;
        long long id;

        static Scope plan(long long plan_id) { return {" c.plan_id = :scope", plan_id}; }
        static Scope commitment(long long commitment_id)
        {
            return {" c.id = :scope", commitment_id};
        }
    };

    // One query per table for the whole plan (or the one commitment), never one per commitment
    // or node; the tree is built in memory through id -> index maps.
    static Result<plans::Plan> load(soci::session& session, const std::string& code,
        const std::optional<std::string>& only_commitment)
    {
        plans::Plan plan;
        long long plan_id = 0;
        {
            std::string organisation;
            soci::indicator organisation_indicator = soci::i_null;
            std::string period_start;
            std::string period_end;
            std::string lifecycle;
            session << "SELECT id, code, title, organisation_code, period_start, period_end,"
                       " lifecycle FROM plans WHERE code = :code",
                soci::use(code), soci::into(plan_id), soci::into(plan.code), soci::into(plan.title),
                soci::into(organisation, organisation_indicator), soci::into(period_start),
                soci::into(period_end), soci::into(lifecycle);
            if (!session.got_data())
                return no_plan(code);
            plan.organisation = organisation_indicator == soci::i_ok ? organisation : "";
            plan.period_start = stored_date(period_start);
            plan.period_end = stored_date(period_end);
            plan.lifecycle = stored_enum(plans::parse_lifecycle(lifecycle), "lifecycle", lifecycle);
        }
        {
            plans::Area area;
            soci::statement select =
                (session.prepare << "SELECT code, title FROM areas WHERE plan_id = :plan"
                                    " ORDER BY position, id",
                    soci::use(plan_id), soci::into(area.code), soci::into(area.title));
            select.execute(false);
            while (select.fetch())
                plan.areas.push_back(area);
        }
        auto scope = Scope::plan(plan_id);
        if (only_commitment) {
            long long commitment_id = 0;
            session << "SELECT id FROM commitments WHERE plan_id = :plan AND code = :code",
                soci::use(plan_id), soci::use(*only_commitment), soci::into(commitment_id);
            if (!session.got_data())
                return fail(ErrorCode::not_found,
                    "no commitment " + *only_commitment + " in plan " + plan.code, "code");
            scope = Scope::commitment(commitment_id);
        }
        std::unordered_map<long long, std::size_t> commitment_index;
        load_commitments(session, scope, plan, commitment_index);
        load_commitment_lists(session, scope, plan, commitment_index);
        load_nodes(session, scope, plan, commitment_index);
        return plan;
    }

    static void load_commitments(soci::session& session, const Scope& scope, plans::Plan& plan,
        std::unordered_map<long long, std::size_t>& commitment_index)
    {
        long long id = 0;
        plans::Commitment row;
        double weight = 0;
        soci::indicator weight_indicator = soci::i_null;
        std::string start_date;
        soci::indicator start_indicator = soci::i_null;
        std::string end_date;
        soci::indicator end_indicator = soci::i_null;
        soci::statement select =
            (session.prepare << "SELECT id, code, title, area_code, weight, lead_institution,"
                                " responsible_name, responsible_position, responsible_email,"
                                " responsible_phone, main_goal, brief_description,"
                                " public_problem, ambition, start_date, end_date, next_steps,"
                                " additional_information FROM commitments c WHERE"
                             << scope.condition << " ORDER BY position, id",
                soci::use(scope.id), soci::into(id), soci::into(row.code), soci::into(row.title),
                soci::into(row.area), soci::into(weight, weight_indicator),
                soci::into(row.lead_institution), soci::into(row.responsible.name),
                soci::into(row.responsible.position), soci::into(row.responsible.email),
                soci::into(row.responsible.phone), soci::into(row.main_goal),
                soci::into(row.brief_description), soci::into(row.public_problem),
                soci::into(row.ambition), soci::into(start_date, start_indicator),
                soci::into(end_date, end_indicator), soci::into(row.next_steps),
                soci::into(row.additional_information));
        select.execute(false);
        while (select.fetch()) {
            row.weight = stored_optional_number(weight, weight_indicator);
            row.start_date = stored_optional_date(start_date, start_indicator);
            row.end_date = stored_optional_date(end_date, end_indicator);
            commitment_index.emplace(id, plan.commitments.size());
            plan.commitments.push_back(row);
        }
    }

    // Values, challenges, actors, assessments and dissent: one query each for the whole scope.
    static void load_commitment_lists(soci::session& session, const Scope& scope, plans::Plan& plan,
        const std::unordered_map<long long, std::size_t>& commitment_index)
    {
        auto commitment = [&](long long id) -> plans::Commitment& {
            return plan.commitments.at(commitment_index.at(id));
        };
        long long id = 0;
        std::string text;
        {
            soci::statement select =
                (session.prepare << "SELECT v.commitment_id, v.value FROM commitment_values v"
                                    " JOIN commitments c ON c.id = v.commitment_id"
                                    " WHERE"
                                 << scope.condition,
                    soci::use(scope.id), soci::into(id), soci::into(text));
            select.execute(false);
            while (select.fetch())
                commitment(id).ogp_values.insert(
                    stored_enum(plans::parse_ogp_value(text), "OGP value", text));
        }
        {
            soci::statement select = (session.prepare
                    << "SELECT g.commitment_id, g.challenge FROM commitment_challenges g"
                       " JOIN commitments c ON c.id = g.commitment_id WHERE"
                    << scope.condition,
                soci::use(scope.id), soci::into(id), soci::into(text));
            select.execute(false);
            while (select.fetch())
                commitment(id).grand_challenges.insert(
                    stored_enum(plans::parse_grand_challenge(text), "grand challenge", text));
        }
        {
            std::string name;
            soci::statement select =
                (session.prepare << "SELECT a.commitment_id, a.kind, a.name"
                                    " FROM commitment_actors a"
                                    " JOIN commitments c ON c.id = a.commitment_id"
                                    " WHERE"
                                 << scope.condition << " ORDER BY a.position, a.id",
                    soci::use(scope.id), soci::into(id), soci::into(text), soci::into(name));
            select.execute(false);
            while (select.fetch())
                commitment(id).other_actors.push_back(plans::Actor{
                    stored_enum(plans::parse_actor_kind(text), "actor kind", text), name});
        }
        {
            std::string level;
            std::string date;
            std::string justification;
            std::string organisation;
            soci::statement select =
                (session.prepare << "SELECT a.commitment_id, a.assessor, a.level, a.date,"
                                    " a.justification, a.organisation FROM assessments a"
                                    " JOIN commitments c ON c.id = a.commitment_id"
                                    " WHERE"
                                 << scope.condition << " ORDER BY a.id",
                    soci::use(scope.id), soci::into(id), soci::into(text), soci::into(level),
                    soci::into(date), soci::into(justification), soci::into(organisation));
            select.execute(false);
            while (select.fetch())
                commitment(id).assessments.push_back(plans::Assessment{
                    stored_enum(plans::parse_assessor(text), "assessor", text),
                    stored_enum(plans::parse_completion_level(level), "completion level", level),
                    stored_date(date), justification, organisation});
        }
        {
            // Civil society's dissent (migration 0006), oldest first.
            plans::Dissent dissent;
            soci::statement select =
                (session.prepare << "SELECT d.commitment_id, d.organisation, d.statement,"
                                    " d.recorded_at FROM dissents d"
                                    " JOIN commitments c ON c.id = d.commitment_id"
                                    " WHERE"
                                 << scope.condition << " ORDER BY d.id",
                    soci::use(scope.id), soci::into(id), soci::into(dissent.organisation),
                    soci::into(dissent.statement), soci::into(dissent.recorded_at));
            select.execute(false);
            while (select.fetch())
                commitment(id).dissents.push_back(dissent);
        }
    }

    static void load_nodes(soci::session& session, const Scope& scope, plans::Plan& plan,
        const std::unordered_map<long long, std::size_t>& commitment_index)
    {
        // Every node in scope, flat, in the order the database returns them; parent_ids[i]
        // is 0 for a result directly under its commitment. The queries below have no ORDER BY:
        // sorting 100,000 rows in SQLite's temporary B-tree cost more than sorting indexes here.
        std::vector<plans::Node> nodes;
        std::vector<std::pair<int, long long>> position_of;
        std::vector<long long> parent_ids;
        std::vector<std::size_t> commitment_of;
        std::unordered_map<long long, std::size_t> node_index;
        {
            std::vector<long long> id(fetch_batch);
            std::vector<long long> commitment_id(fetch_batch);
            std::vector<long long> parent_id(fetch_batch);
            std::vector<soci::indicator> parent_indicator(fetch_batch);
            std::vector<std::string> code(fetch_batch);
            std::vector<std::string> title(fetch_batch);
            std::vector<std::string> kind(fetch_batch);
            std::vector<double> weight(fetch_batch);
            std::vector<soci::indicator> weight_indicator(fetch_batch);
            std::vector<std::string> start_date(fetch_batch);
            std::vector<soci::indicator> start_indicator(fetch_batch);
            std::vector<std::string> due_date(fetch_batch);
            std::vector<soci::indicator> due_indicator(fetch_batch);
            std::vector<int> position(fetch_batch);
            soci::statement select = (session.prepare
                    << "SELECT n.id, n.commitment_id, n.parent_id, n.code, n.title, n.kind,"
                       " n.weight, n.start_date, n.due_date, n.position"
                       " FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE"
                    << scope.condition,
                soci::use(scope.id), soci::into(id), soci::into(commitment_id),
                soci::into(parent_id, parent_indicator), soci::into(code), soci::into(title),
                soci::into(kind), soci::into(weight, weight_indicator),
                soci::into(start_date, start_indicator), soci::into(due_date, due_indicator),
                soci::into(position));
            auto resize = [&](std::size_t size) {
                for (auto* column : {&id, &commitment_id, &parent_id})
                    column->resize(size);
                for (auto* column : {&code, &title, &kind, &start_date, &due_date})
                    column->resize(size);
                for (auto* column :
                    {&parent_indicator, &weight_indicator, &start_indicator, &due_indicator})
                    column->resize(size);
                weight.resize(size);
                position.resize(size);
            };
            fetch_all(select, id, resize, [&](std::size_t i) {
                plans::Node node;
                node.code = std::move(code[i]);
                node.title = std::move(title[i]);
                node.kind = stored_enum(plans::parse_node_kind(kind[i]), "node kind", kind[i]);
                node.weight = stored_optional_number(weight[i], weight_indicator[i]);
                node.start_date = stored_optional_date(start_date[i], start_indicator[i]);
                node.due_date = stored_optional_date(due_date[i], due_indicator[i]);
                node_index.emplace(id[i], nodes.size());
                nodes.push_back(std::move(node));
                position_of.emplace_back(position[i], id[i]);
                parent_ids.push_back(parent_indicator[i] == soci::i_ok ? parent_id[i] : 0);
                commitment_of.push_back(commitment_index.at(commitment_id[i]));
            });
        }

        // Each node's updates in as_of order, then recorded (id) order; an update's evidence is
        // found through update_place.
        std::unordered_map<long long, std::pair<std::size_t, std::size_t>> update_place;
        {
            struct Loaded {
                std::size_t node;
                long long id;
                plans::ProgressUpdate update;
            };
            std::vector<Loaded> loaded;
            std::vector<long long> id(fetch_batch);
            std::vector<long long> node_id(fetch_batch);
            std::vector<std::string> as_of(fetch_batch);
            std::vector<std::string> kind(fetch_batch);
            std::vector<double> percent(fetch_batch);
            std::vector<soci::indicator> percent_indicator(fetch_batch);
            std::vector<std::string> author(fetch_batch);
            std::vector<std::string> recorded_at(fetch_batch);
            std::vector<std::string> note(fetch_batch);
            soci::statement select =
                (session.prepare << "SELECT u.id, u.node_id, u.as_of, u.kind, u.percent,"
                                    " u.author, u.recorded_at, u.note FROM progress_updates u"
                                    " JOIN nodes n ON n.id = u.node_id"
                                    " JOIN commitments c ON c.id = n.commitment_id WHERE"
                                 << scope.condition,
                    soci::use(scope.id), soci::into(id), soci::into(node_id), soci::into(as_of),
                    soci::into(kind), soci::into(percent, percent_indicator), soci::into(author),
                    soci::into(recorded_at), soci::into(note));
            auto resize = [&](std::size_t size) {
                id.resize(size);
                node_id.resize(size);
                for (auto* column : {&as_of, &kind, &author, &recorded_at, &note})
                    column->resize(size);
                percent.resize(size);
                percent_indicator.resize(size);
            };
            fetch_all(select, id, resize, [&](std::size_t i) {
                loaded.push_back(Loaded{node_index.at(node_id[i]), id[i],
                    plans::ProgressUpdate{stored_date(as_of[i]),
                        stored_progress(kind[i], percent[i], percent_indicator[i]),
                        std::move(author[i]), std::move(recorded_at[i]), std::move(note[i]), {}}});
            });
            std::vector<std::size_t> order(loaded.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const auto& left = loaded[a];
                const auto& right = loaded[b];
                return std::tie(left.node, left.update.as_of, left.id) <
                    std::tie(right.node, right.update.as_of, right.id);
            });
            // Each node's list sized once: grown by doubling, the lists of a whole installation's
            // plans held a quarter more than their updates (bench/README.md, "Scale").
            std::vector<std::size_t> counts(nodes.size());
            for (const auto& row : loaded)
                ++counts[row.node];
            for (std::size_t n = 0; n < nodes.size(); ++n)
                nodes[n].updates.reserve(counts[n]);
            for (auto i : order) {
                auto& updates = nodes[loaded[i].node].updates;
                update_place.emplace(loaded[i].id, std::pair(loaded[i].node, updates.size()));
                updates.push_back(std::move(loaded[i].update));
            }
        }
        {
            // Evidence in the order it was recorded.
            struct Loaded {
                long long id;
                std::size_t node;
                long long update_id;  // 0 for evidence of the node itself
                plans::Evidence evidence;
            };
            std::vector<Loaded> loaded;
            std::vector<long long> id(fetch_batch);
            std::vector<long long> node_id(fetch_batch);
            std::vector<long long> update_id(fetch_batch);
            std::vector<soci::indicator> update_indicator(fetch_batch);
            std::vector<std::string> title(fetch_batch);
            std::vector<std::string> url(fetch_batch);
            std::vector<std::string> date(fetch_batch);
            soci::statement select =
                (session.prepare << "SELECT e.id, e.node_id, e.update_id, e.title, e.url, e.date"
                                    " FROM evidence e JOIN nodes n ON n.id = e.node_id"
                                    " JOIN commitments c ON c.id = n.commitment_id WHERE"
                                 << scope.condition,
                    soci::use(scope.id), soci::into(id), soci::into(node_id),
                    soci::into(update_id, update_indicator), soci::into(title), soci::into(url),
                    soci::into(date));
            auto resize = [&](std::size_t size) {
                for (auto* column : {&id, &node_id, &update_id})
                    column->resize(size);
                update_indicator.resize(size);
                for (auto* column : {&title, &url, &date})
                    column->resize(size);
            };
            fetch_all(select, id, resize, [&](std::size_t i) {
                loaded.push_back(Loaded{id[i], node_index.at(node_id[i]),
                    update_indicator[i] == soci::i_ok ? update_id[i] : 0,
                    plans::Evidence{std::move(title[i]), std::move(url[i]), stored_date(date[i])}});
            });
            std::sort(loaded.begin(), loaded.end(),
                [](const Loaded& a, const Loaded& b) { return a.id < b.id; });
            for (auto& row : loaded) {
                if (row.update_id != 0) {
                    const auto [index, position] = update_place.at(row.update_id);
                    nodes[index].updates[position].evidence.push_back(std::move(row.evidence));
                } else {
                    nodes[row.node].evidence.push_back(std::move(row.evidence));
                }
            }
        }

        // Deepest nodes first: when a node moves into its parent its own children are already in
        // it. Among nodes of one depth, position then id order, so siblings arrive in order.
        std::vector<std::size_t> depth(nodes.size(), 0);
        std::vector<bool> known(nodes.size(), false);
        std::vector<std::size_t> parent(nodes.size(), 0);
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (parent_ids[i] != 0)
                parent[i] = node_index.at(parent_ids[i]);
        }
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            std::vector<std::size_t> chain;
            std::size_t at = i;
            while (!known[at] && parent_ids[at] != 0) {
                chain.push_back(at);
                if (chain.size() > nodes.size())
                    throw std::runtime_error("the database holds a cycle of parent nodes");
                at = parent[at];
            }
            std::size_t level = known[at] ? depth[at] : 0;
            known[at] = true;
            depth[at] = level;
            for (auto link = chain.rbegin(); link != chain.rend(); ++link) {
                depth[*link] = ++level;
                known[*link] = true;
            }
        }
        std::vector<std::size_t> order(nodes.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (depth[a] != depth[b])
                return depth[a] > depth[b];
            return position_of[a] < position_of[b];
        });
        for (auto i : order) {
            if (parent_ids[i] != 0)
                nodes[parent[i]].children.push_back(std::move(nodes[i]));
            else
                plan.commitments[commitment_of[i]].results.push_back(std::move(nodes[i]));
        }
    }

    Database& m_database;
};

}  // namespace

Result<long long> append_progress_update(soci::session& session, Backend backend,
    const std::string& plan_code, const std::string& commitment_code, const std::string& node_code,
    const plans::ProgressUpdate& update)
{
    if (auto ok = check_progress_update(update); !ok)
        return std::move(ok).error();
    const std::string as_of = to_iso(update.as_of);
    const std::string kind = progress_kind_text(update.progress.kind);
    NumberParameter percent;
    percent.set(update.progress.kind == plans::Progress::Kind::value
            ? std::optional<double>(update.progress.percent)
            : std::nullopt);
    auto commitment_id = find_commitment_id(session, plan_code, commitment_code);
    if (!commitment_id)
        return std::move(commitment_id).error();
    long long node_id = 0;
    session << "SELECT id FROM nodes WHERE commitment_id = :commitment AND code = :code",
        soci::use(*commitment_id), soci::use(node_code), soci::into(node_id);
    if (!session.got_data())
        return fail(ErrorCode::not_found,
            "commitment " + commitment_code + " of plan " + plan_code + " has no result " +
                node_code,
            "result");
    const InsertedId inserted(backend);
    long long update_id = 0;
    session << "INSERT INTO progress_updates (node_id, as_of, kind, percent, author,"
               " recorded_at, note)"
               " VALUES (:node, :as_of, :kind, :percent, :author, :recorded_at, :note)" +
            std::string(inserted.returning()),
        soci::use(node_id), soci::use(as_of), soci::use(kind),
        soci::use(percent.value, percent.indicator), soci::use(update.author),
        soci::use(update.recorded_at), soci::use(update.note), soci::into(update_id);
    update_id = inserted.after_insert(session, "progress_updates", update_id);
    std::string title;
    std::string url;
    std::string date;
    soci::statement insert_evidence =
        (session.prepare << "INSERT INTO evidence (node_id, update_id, title, url, date)"
                            " VALUES (:node, :update_id, :title, :url, :date)",
            soci::use(node_id), soci::use(update_id), soci::use(title), soci::use(url),
            soci::use(date));
    for (const auto& evidence : update.evidence) {
        title = evidence.title;
        url = evidence.url;
        date = to_iso(evidence.date);
        insert_evidence.execute(true);
    }
    return update_id;
}

std::unique_ptr<PlanStore> make_plan_store(Database& database)
{
    return std::make_unique<SqlPlanStore>(database);
}

void replace_commitment_lists(
    soci::session& session, long long commitment_id, const plans::Commitment& commitment)
{
    const long long id = commitment_id;
    session << "DELETE FROM commitment_values WHERE commitment_id = :id", soci::use(id);
    session << "DELETE FROM commitment_challenges WHERE commitment_id = :id", soci::use(id);
    session << "DELETE FROM commitment_actors WHERE commitment_id = :id", soci::use(id);
    std::string text;
    soci::statement insert_value =
        (session.prepare << "INSERT INTO commitment_values (commitment_id, value)"
                            " VALUES (:id, :value)",
            soci::use(id), soci::use(text));
    for (auto value : commitment.ogp_values) {
        text = to_string(value);
        insert_value.execute(true);
    }
    soci::statement insert_challenge =
        (session.prepare << "INSERT INTO commitment_challenges (commitment_id, challenge)"
                            " VALUES (:id, :challenge)",
            soci::use(id), soci::use(text));
    for (auto challenge : commitment.grand_challenges) {
        text = to_string(challenge);
        insert_challenge.execute(true);
    }
    std::string name;
    int actor_position = 0;
    soci::statement insert_actor =
        (session.prepare << "INSERT INTO commitment_actors (commitment_id, kind, name,"
                            " position) VALUES (:id, :kind, :name, :position)",
            soci::use(id), soci::use(text), soci::use(name), soci::use(actor_position));
    for (const auto& actor : commitment.other_actors) {
        text = to_string(actor.kind);
        name = actor.name;
        insert_actor.execute(true);
        ++actor_position;
    }
}

}  // namespace tablero::storage

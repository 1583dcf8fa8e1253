// The consultation store on both backends: consultations and their phases, drafts split into
// numbered paragraphs, comments threaded at most three deep, one endorsement, one flag and one
// vote per account (a later vote replaces the earlier, even when two arrive at once), the unit's
// answers (one current answer per input, the audit log keeps the rest), moderation that hides
// content from the counts, and identity numbers unique per consultation. Each write is audited;
// refusals write nothing.
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/consultation_store.h"
#include "storage/plan_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

namespace tablero::storage {
namespace {

namespace cs = consultations;

constexpr const char* at = "2026-03-05T10:00:00Z";

class ConsultationStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated({.pool_size = 6});
        m_plans = make_plan_store(*m_database);
        m_accounts = make_account_store(*m_database);
        m_store = make_consultation_store(*m_database);

        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment first{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedCommitment second = first;
        second.code = "2";
        second.title = "Datos abiertos";
        plan.commitments = {first, second};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2020-01-01T00:00:00Z").ok());

        m_admin = account("ogu@example.org", accounts::Role::administrator);
        m_ana = account("ana@example.org", accounts::Role::citizen);
        m_luis = account("luis@example.org", accounts::Role::citizen);
        m_sara = account("sara@example.org", accounts::Role::monitor, "Semillas");
    }

    AuditActor account(const std::string& email, accounts::Role role, std::string organisation = {})
    {
        auto created = m_accounts->create_account(
            {email, "Nombre " + email, role, {}, std::move(organisation), "$hash"},
            AuditActor::system("test"), "2020-01-01T00:00:00Z");
        if (!created.ok())
            throw std::runtime_error(created.error().message);
        return {created->id, email, std::string(accounts::to_string(role))};
    }

    static ConsultationRecord record(std::string plan = "TP")
    {
        ConsultationRecord record;
        record.title = "Cocreación del plan";
        record.description = "Qué se consulta y cómo se usará.";
        record.plan = std::move(plan);
        record.results = cs::ResultsVisibility::after_close;
        record.requires_identity = true;
        record.phases = {
            {cs::PhaseKind::proposals, "2026-03-01T03:00:00Z", "2026-03-15T03:00:00Z"},
            {cs::PhaseKind::comments, "2026-03-15T03:00:00Z", "2026-04-01T03:00:00Z"},
            {cs::PhaseKind::voting, "2026-04-01T03:00:00Z", "2026-04-08T03:00:00Z"},
        };
        return record;
    }

    std::int64_t consultation(std::string plan = "TP")
    {
        auto id = m_store->create_consultation(record(std::move(plan)), m_admin, at);
        if (!id.ok())
            throw std::runtime_error(describe(id.error()));
        return *id;
    }

    static std::vector<cs::Section> sections()
    {
        return {{0, "", {"Introducción."}},
            {1, "Transparencia", {"Primer párrafo.", "- una lista\n- de dos"}},
            {2, "Participación", {"> una cita"}}};
    }

    Document document(std::int64_t consultation_id)
    {
        auto id = m_store->publish_document(
            consultation_id, "Borrador", "# el borrador", sections(), m_admin, at);
        if (!id.ok())
            throw std::runtime_error(describe(id.error()));
        auto all = m_store->documents(consultation_id);
        for (const auto& document : *all)
            if (document.id == *id)
                return document;
        throw std::runtime_error("published document not listed");
    }

    std::int64_t comment(std::int64_t consultation_id, const Document& document,
        std::optional<std::int64_t> parent = {}, const AuditActor* by = nullptr)
    {
        NewComment comment{consultation_id, document.id, document.paragraphs.at(1).id, parent,
            cs::Stance::against, "No estoy de acuerdo."};
        auto id = m_store->add_comment(comment, by ? *by : m_ana, at);
        if (!id.ok())
            throw std::runtime_error(describe(id.error()));
        return *id;
    }

    std::int64_t proposal(std::int64_t consultation_id, const AuditActor* by = nullptr)
    {
        auto id = m_store->add_proposal(
            {consultation_id, "Portal de compras", "No se publican las compras",
                "Publicarlas a diario", "Dirección de Contrataciones"},
            by ? *by : m_ana, at);
        if (!id.ok())
            throw std::runtime_error(describe(id.error()));
        return *id;
    }

    std::size_t audit_entries(const std::string& action = {})
    {
        auto all = AuditLog(*m_database).list({.action = action});
        return all.ok() ? all->entries.size() : 0;
    }

    std::vector<cs::Comment> comments(std::int64_t consultation_id)
    {
        auto all = m_store->comments(consultation_id);
        if (!all.ok())
            throw std::runtime_error(describe(all.error()));
        return *all;
    }

    std::vector<cs::Proposal> proposals(std::int64_t consultation_id)
    {
        auto all = m_store->proposals(consultation_id);
        if (!all.ok())
            throw std::runtime_error(describe(all.error()));
        return *all;
    }

    std::map<cs::VoteTarget, cs::Tally> tallies(std::int64_t consultation_id)
    {
        auto all = m_store->tallies(consultation_id);
        if (!all.ok())
            throw std::runtime_error(describe(all.error()));
        return *all;
    }

    long long count_rows(const std::string& sql)
    {
        auto counted = m_database->read([&](soci::session& session) -> Result<long long> {
            long long count = 0;
            session << sql, soci::into(count);
            return count;
        });
        if (!counted.ok())
            throw std::runtime_error(describe(counted.error()));
        return *counted;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_plans;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<ConsultationStore> m_store;
    AuditActor m_admin, m_ana, m_luis, m_sara;
};
TABLERO_INSTANTIATE_BACKENDS(ConsultationStoreContract);

void expect_refused(const Result<void>& result, ErrorCode code, const std::string& where)
{
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code) << describe(result.error());
    EXPECT_EQ(result.error().where, where) << describe(result.error());
}

template <typename T>
void expect_refused(const Result<T>& result, ErrorCode code, const std::string& where)
{
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code) << describe(result.error());
    EXPECT_EQ(result.error().where, where) << describe(result.error());
}

// ---- consultations ----

TEST_P(ConsultationStoreContract, ConsultationIsStoredWithItsPhasesAndASaltOfItsOwn)
{
    const auto id = consultation();
    auto found = m_store->find_consultation(id);
    ASSERT_TRUE(found.ok() && found->has_value());
    const Consultation& stored = **found;
    EXPECT_EQ(stored.id, id);
    EXPECT_EQ(stored.record.title, "Cocreación del plan");
    EXPECT_EQ(stored.record.description, "Qué se consulta y cómo se usará.");
    EXPECT_EQ(stored.record.plan, "TP");
    EXPECT_EQ(stored.record.results, cs::ResultsVisibility::after_close);
    EXPECT_TRUE(stored.record.requires_identity);
    ASSERT_EQ(stored.record.phases.size(), 3u);
    EXPECT_EQ(stored.record.phases[0].kind, cs::PhaseKind::proposals);
    EXPECT_EQ(stored.record.phases[1].kind, cs::PhaseKind::comments);
    EXPECT_EQ(stored.record.phases[2].kind, cs::PhaseKind::voting);
    EXPECT_EQ(stored.record.phases[2].opens_at, "2026-04-01T03:00:00Z");
    EXPECT_EQ(stored.record.phases[2].closes_at, "2026-04-08T03:00:00Z");
    EXPECT_EQ(stored.created_at, at);
    EXPECT_EQ(stored.identity_salt.size(), 32u);
    EXPECT_EQ(stored.identity_salt.find_first_not_of("0123456789abcdef"), std::string::npos);

    const auto second = m_store->create_consultation(record(""), m_admin, "2026-03-06T10:00:00Z");
    ASSERT_TRUE(second.ok());
    auto other = m_store->find_consultation(*second);
    EXPECT_EQ((*other)->record.plan, "");
    EXPECT_NE((*other)->identity_salt, stored.identity_salt);

    auto listed = m_store->list_consultations();
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, *second);  // newest first
    EXPECT_EQ((*listed)[1].id, id);
    EXPECT_EQ((*listed)[1].record.phases.size(), 3u);

    auto missing = m_store->find_consultation(id + 100);
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());

    auto audit = AuditLog(*m_database).entries("consultation", std::to_string(id));
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "create_consultation");
    EXPECT_NE((*audit)[0].after_json.find("\"title\":\"Cocreación del plan\""), std::string::npos);
}

TEST_P(ConsultationStoreContract, ConsultationRefusesBlankTitleUnknownPlanAndBadPhases)
{
    auto blank_title = record();
    blank_title.title = "  ";
    expect_refused(m_store->create_consultation(blank_title, m_admin, at),
        ErrorCode::invalid_argument, "title");
    expect_refused(m_store->create_consultation(record("NOPE"), m_admin, at),
        ErrorCode::invalid_argument, "plan");
    auto twice = record();
    twice.phases.push_back({cs::PhaseKind::voting, "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"});
    expect_refused(
        m_store->create_consultation(twice, m_admin, at), ErrorCode::invalid_argument, "phases");
    auto backwards = record();
    backwards.phases[0].closes_at = backwards.phases[0].opens_at;
    expect_refused(m_store->create_consultation(backwards, m_admin, at),
        ErrorCode::invalid_argument, "phases");
    for (const char* instant : {"", "2026-03-01", "2026-03-01 03:00:00", "2026-03-01T03:00:00"}) {
        auto malformed = record();
        malformed.phases[1].opens_at = instant;
        expect_refused(m_store->create_consultation(malformed, m_admin, at),
            ErrorCode::invalid_argument, "phases");
    }

    EXPECT_TRUE(m_store->list_consultations()->empty());
    EXPECT_EQ(audit_entries("create_consultation"), 0u);
}

TEST_P(ConsultationStoreContract, UpdateReplacesTheRecordAndItsPhases)
{
    const auto id = consultation();
    const std::string salt = (*m_store->find_consultation(id))->identity_salt;
    auto changed = record("");
    changed.title = "Consulta propia";
    changed.results = cs::ResultsVisibility::live;
    changed.requires_identity = false;
    changed.phases = {{cs::PhaseKind::voting, "2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z"}};
    ASSERT_TRUE(m_store->update_consultation(id, changed, m_admin, "2026-03-07T00:00:00Z").ok());

    const Consultation stored = **m_store->find_consultation(id);
    EXPECT_EQ(stored.record.title, "Consulta propia");
    EXPECT_EQ(stored.record.plan, "");
    EXPECT_EQ(stored.record.results, cs::ResultsVisibility::live);
    EXPECT_FALSE(stored.record.requires_identity);
    ASSERT_EQ(stored.record.phases.size(), 1u);
    EXPECT_EQ(stored.record.phases[0].kind, cs::PhaseKind::voting);
    EXPECT_EQ(stored.identity_salt, salt);
    EXPECT_EQ(stored.created_at, at);

    expect_refused(m_store->update_consultation(id + 100, changed, m_admin, at),
        ErrorCode::not_found, "consultation");
    changed.plan = "NOPE";
    expect_refused(m_store->update_consultation(id, changed, m_admin, at),
        ErrorCode::invalid_argument, "plan");
    EXPECT_EQ((*m_store->find_consultation(id))->record.plan, "");

    auto audit = AuditLog(*m_database).entries("consultation", std::to_string(id));
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[1].action, "update_consultation");
    EXPECT_NE((*audit)[1].before_json.find("Cocreación del plan"), std::string::npos);
    EXPECT_NE((*audit)[1].after_json.find("Consulta propia"), std::string::npos);
}

// ---- drafts ----

TEST_P(ConsultationStoreContract, DraftIsStoredWithItsNumberedParagraphs)
{
    const auto id = consultation();
    const auto first = document(id);
    const auto second = document(id);
    auto all = m_store->documents(id);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, first.id);
    EXPECT_EQ((*all)[1].id, second.id);
    EXPECT_EQ(first.consultation_id, id);
    EXPECT_EQ(first.title, "Borrador");
    EXPECT_EQ(first.markdown, "# el borrador");
    EXPECT_EQ(first.published_at, at);
    ASSERT_EQ(first.paragraphs.size(), 4u);
    EXPECT_EQ(first.paragraphs[0].section, 0);
    EXPECT_EQ(first.paragraphs[0].number, 1);
    EXPECT_EQ(first.paragraphs[0].markdown, "Introducción.");
    EXPECT_EQ(first.paragraphs[1].section, 1);
    EXPECT_EQ(first.paragraphs[1].number, 1);
    EXPECT_EQ(first.paragraphs[1].section_title, "Transparencia");
    EXPECT_EQ(first.paragraphs[2].section, 1);
    EXPECT_EQ(first.paragraphs[2].number, 2);
    EXPECT_EQ(first.paragraphs[2].markdown, "- una lista\n- de dos");
    EXPECT_EQ(first.paragraphs[3].section, 2);
    EXPECT_EQ(first.paragraphs[3].number, 1);
    EXPECT_EQ(first.paragraphs[3].section_title, "Participación");

    expect_refused(m_store->publish_document(id, " ", "x", sections(), m_admin, at),
        ErrorCode::invalid_argument, "title");
    expect_refused(m_store->publish_document(id, "Vacío", "", {{0, "", {}}}, m_admin, at),
        ErrorCode::invalid_argument, "markdown");
    expect_refused(m_store->publish_document(id + 100, "Borrador", "x", sections(), m_admin, at),
        ErrorCode::not_found, "consultation");
    EXPECT_EQ(m_store->documents(id)->size(), 2u);
    EXPECT_EQ(audit_entries("publish_document"), 2u);
}

// ---- comments ----

TEST_P(ConsultationStoreContract, CommentsThreadThreeDeepWithTheirAuthors)
{
    const auto id = consultation();
    const auto draft = document(id);
    const auto top = comment(id, draft, {}, &m_sara);
    const auto reply = comment(id, draft, top);
    const auto third = comment(id, draft, reply, &m_luis);
    NewComment whole{id, draft.id, std::nullopt, std::nullopt, cs::Stance::none, "En general."};
    const auto general = m_store->add_comment(whole, m_ana, "2026-03-05T11:00:00Z");
    ASSERT_TRUE(general.ok());

    const auto all = comments(id);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].id, top);
    EXPECT_EQ(all[0].depth, 1);
    EXPECT_FALSE(all[0].parent_id.has_value());
    EXPECT_EQ(all[0].paragraph_id, draft.paragraphs[1].id);
    EXPECT_EQ(all[0].document_id, draft.id);
    EXPECT_EQ(all[0].consultation_id, id);
    EXPECT_EQ(all[0].author.account_id, *m_sara.account_id);
    EXPECT_EQ(all[0].author.name, "Nombre sara@example.org");
    EXPECT_EQ(all[0].author.organisation, "Semillas");
    EXPECT_EQ(all[0].stance, cs::Stance::against);
    EXPECT_EQ(all[0].body, "No estoy de acuerdo.");
    EXPECT_EQ(all[0].created_at, at);
    EXPECT_EQ(all[1].id, reply);
    EXPECT_EQ(all[1].depth, 2);
    EXPECT_EQ(all[1].parent_id, top);
    EXPECT_EQ(all[1].author.organisation, "");
    EXPECT_EQ(all[2].id, third);
    EXPECT_EQ(all[2].depth, 3);
    EXPECT_EQ(all[3].id, *general);
    EXPECT_FALSE(all[3].paragraph_id.has_value());
    EXPECT_EQ(all[3].stance, cs::Stance::none);

    // A reply to the third level would be a fourth.
    NewComment deeper{
        id, draft.id, draft.paragraphs[1].id, third, cs::Stance::none, "Cuarto nivel"};
    expect_refused(m_store->add_comment(deeper, m_ana, at), ErrorCode::invalid_argument, "parent");
    EXPECT_EQ(comments(id).size(), 4u);

    auto audit =
        AuditLog(*m_database)
            .entries("consultation", std::to_string(id) + "/comment/" + std::to_string(top));
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "add_comment");
    EXPECT_EQ((*audit)[0].actor.account_id, m_sara.account_id);
}

TEST_P(ConsultationStoreContract, CommentRefusesAForeignDraftParagraphOrParent)
{
    const auto id = consultation();
    const auto other = consultation();
    const auto draft = document(id);
    const auto second = document(id);
    const auto foreign = document(other);
    const auto top = comment(id, draft);
    const auto elsewhere = comment(other, foreign);

    NewComment blank_body{id, draft.id, std::nullopt, std::nullopt, cs::Stance::none, " \n"};
    expect_refused(
        m_store->add_comment(blank_body, m_ana, at), ErrorCode::invalid_argument, "body");
    NewComment wrong_document{
        id, foreign.id, std::nullopt, std::nullopt, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(wrong_document, m_ana, at), ErrorCode::invalid_argument, "document");
    NewComment wrong_paragraph{
        id, draft.id, second.paragraphs[0].id, std::nullopt, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(wrong_paragraph, m_ana, at), ErrorCode::invalid_argument, "paragraph");
    // The parent is on paragraph 1.1; a reply on another paragraph or on the whole draft is not
    // beside it.
    NewComment other_paragraph{
        id, draft.id, draft.paragraphs[2].id, top, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(other_paragraph, m_ana, at), ErrorCode::invalid_argument, "parent");
    NewComment whole_draft{id, draft.id, std::nullopt, top, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(whole_draft, m_ana, at), ErrorCode::invalid_argument, "parent");
    NewComment other_consultation{
        id, draft.id, draft.paragraphs[1].id, elsewhere, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(other_consultation, m_ana, at), ErrorCode::invalid_argument, "parent");
    ASSERT_TRUE(
        m_store->set_hidden(id, cs::ContentKind::comment, top, true, "Insultos", m_admin, at).ok());
    NewComment to_hidden{id, draft.id, draft.paragraphs[1].id, top, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(to_hidden, m_ana, at), ErrorCode::invalid_argument, "parent");
    NewComment no_consultation{
        id + 100, draft.id, std::nullopt, std::nullopt, cs::Stance::none, "texto"};
    expect_refused(
        m_store->add_comment(no_consultation, m_ana, at), ErrorCode::not_found, "consultation");

    EXPECT_EQ(comments(id).size(), 1u);
    EXPECT_EQ(audit_entries("add_comment"), 2u);
}

TEST_P(ConsultationStoreContract, OneEndorsementPerAccount)
{
    const auto id = consultation();
    const auto draft = document(id);
    const auto target = comment(id, draft);
    ASSERT_TRUE(m_store->endorse(target, m_luis, at).ok());
    ASSERT_TRUE(m_store->endorse(target, m_luis, "2026-03-05T12:00:00Z").ok());  // no change
    ASSERT_TRUE(m_store->endorse(target, m_sara, at).ok());
    EXPECT_EQ(comments(id)[0].endorsements, 2);
    EXPECT_EQ(audit_entries("endorse_comment"), 2u);

    expect_refused(m_store->endorse(target + 100, m_luis, at), ErrorCode::not_found, "comment");
    ASSERT_TRUE(
        m_store->set_hidden(id, cs::ContentKind::comment, target, true, "Spam", m_admin, at).ok());
    expect_refused(m_store->endorse(target, m_ana, at), ErrorCode::failed_precondition, "comment");
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_endorsements"), 2);
}

// Two pooled sessions endorse and flag for the same account at the same moment, round after
// round: neither fails, and each leaves one row.
TEST_P(ConsultationStoreContract, ConcurrentEndorsementsAndFlagsOfOneAccountLeaveOne)
{
    const auto id = consultation();
    const auto draft = document(id);
    constexpr int rounds = 15;
    std::vector<std::int64_t> targets;
    for (int round = 0; round < rounds; ++round)
        targets.push_back(comment(id, draft));
    std::atomic<int> failures = 0;
    std::barrier start(2);
    auto act = [&] {
        for (int round = 0; round < rounds; ++round) {
            start.arrive_and_wait();
            if (!m_store->endorse(targets[round], m_luis, at).ok())
                ++failures;
            if (!m_store
                     ->flag(
                         id, cs::ContentKind::comment, targets[round], "Fuera de tema", m_luis, at)
                     .ok())
                ++failures;
        }
    };
    std::thread first(act);
    std::thread second(act);
    first.join();
    second.join();
    EXPECT_EQ(failures.load(), 0);
    for (const auto& stored : comments(id)) {
        EXPECT_EQ(stored.endorsements, 1);
        EXPECT_EQ(stored.flags, 1);
    }
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_endorsements"), rounds);
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_flags"), rounds);
    EXPECT_EQ(audit_entries("endorse_comment"), static_cast<std::size_t>(rounds));
    EXPECT_EQ(audit_entries("flag"), static_cast<std::size_t>(rounds));
}

// ---- proposals and answers ----

TEST_P(ConsultationStoreContract, ProposalsAreStoredWithTheirAuthors)
{
    const auto id = consultation();
    const auto first = proposal(id, &m_sara);
    const auto second = proposal(id);
    const auto all = proposals(id);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, first);
    EXPECT_EQ(all[0].consultation_id, id);
    EXPECT_EQ(all[0].author.account_id, *m_sara.account_id);
    EXPECT_EQ(all[0].author.name, "Nombre sara@example.org");
    EXPECT_EQ(all[0].author.organisation, "Semillas");
    EXPECT_EQ(all[0].title, "Portal de compras");
    EXPECT_EQ(all[0].problem, "No se publican las compras");
    EXPECT_EQ(all[0].proposal, "Publicarlas a diario");
    EXPECT_EQ(all[0].institution, "Dirección de Contrataciones");
    EXPECT_EQ(all[0].created_at, at);
    EXPECT_FALSE(all[0].response.has_value());
    EXPECT_FALSE(all[0].hidden.has_value());
    EXPECT_EQ(all[1].id, second);

    for (const char* field : {"title", "problem", "proposal"}) {
        NewProposal blank{id, "t", "p", "q", ""};
        if (std::string(field) == "title")
            blank.title = "";
        else if (std::string(field) == "problem")
            blank.problem = " ";
        else
            blank.proposal = "\n";
        expect_refused(m_store->add_proposal(blank, m_ana, at), ErrorCode::invalid_argument, field);
    }
    expect_refused(m_store->add_proposal({id + 100, "t", "p", "q", ""}, m_ana, at),
        ErrorCode::not_found, "consultation");
    EXPECT_EQ(proposals(id).size(), 2u);
    EXPECT_EQ(audit_entries("add_proposal"), 2u);
}

TEST_P(ConsultationStoreContract, AnswerReplacesTheEarlierOneAndTheAuditKeepsBoth)
{
    const auto id = consultation();
    const auto target = proposal(id);
    const auto other = proposal(id, &m_luis);
    cs::InputResponse accepted{cs::Outcome::accepted, "", "TP/1", std::nullopt, "", ""};
    ASSERT_TRUE(
        m_store->respond(id, cs::ContentKind::proposal, target, accepted, m_admin, at).ok());
    auto stored = proposals(id)[0].response;
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->outcome, cs::Outcome::accepted);
    EXPECT_EQ(stored->commitment, "TP/1");
    EXPECT_EQ(stored->by_name, "Nombre ogu@example.org");
    EXPECT_EQ(stored->at, at);

    cs::InputResponse rejected{
        cs::Outcome::not_accepted, "Ya existe un compromiso igual", "", std::nullopt, "", ""};
    ASSERT_TRUE(m_store
                    ->respond(id, cs::ContentKind::proposal, target, rejected, m_admin,
                        "2026-03-06T10:00:00Z")
                    .ok());
    stored = proposals(id)[0].response;
    EXPECT_EQ(stored->outcome, cs::Outcome::not_accepted);
    EXPECT_EQ(stored->justification, "Ya existe un compromiso igual");
    EXPECT_EQ(stored->commitment, "");
    EXPECT_EQ(stored->at, "2026-03-06T10:00:00Z");
    EXPECT_FALSE(proposals(id)[1].response.has_value());
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_responses"), 1);

    cs::InputResponse merged{cs::Outcome::merged, "", "", other, "", ""};
    ASSERT_TRUE(m_store->respond(id, cs::ContentKind::proposal, target, merged, m_admin, at).ok());
    EXPECT_EQ(proposals(id)[0].response->merged_into, other);

    auto audit =
        AuditLog(*m_database)
            .entries("consultation", std::to_string(id) + "/proposal/" + std::to_string(target));
    ASSERT_EQ(audit->size(), 4u);  // add_proposal and three answers
    EXPECT_EQ((*audit)[2].action, "respond");
    EXPECT_NE((*audit)[2].before_json.find("\"outcome\":\"accepted\""), std::string::npos);
    EXPECT_NE((*audit)[2].after_json.find("Ya existe un compromiso igual"), std::string::npos);

    // Comments are answered the same way.
    const auto draft = document(id);
    const auto remark = comment(id, draft);
    cs::InputResponse noted{cs::Outcome::accepted, "Se incorporó", "", std::nullopt, "", ""};
    ASSERT_TRUE(m_store->respond(id, cs::ContentKind::comment, remark, noted, m_admin, at).ok());
    EXPECT_EQ(comments(id)[0].response->justification, "Se incorporó");
    EXPECT_EQ(proposals(id)[0].response->outcome, cs::Outcome::merged);
}

TEST_P(ConsultationStoreContract, AnswerRefusals)
{
    const auto id = consultation();
    const auto other = consultation();
    const auto target = proposal(id);
    const auto foreign = proposal(other);
    cs::InputResponse unjustified{cs::Outcome::not_accepted, "  ", "", std::nullopt, "", ""};
    expect_refused(
        m_store->respond(id, cs::ContentKind::proposal, target, unjustified, m_admin, at),
        ErrorCode::invalid_argument, "justification");
    for (const char* commitment : {"TP/99", "XX/1", "TP", "/1"}) {
        cs::InputResponse unknown{cs::Outcome::accepted, "", commitment, std::nullopt, "", ""};
        expect_refused(
            m_store->respond(id, cs::ContentKind::proposal, target, unknown, m_admin, at),
            ErrorCode::invalid_argument, "commitment");
    }
    cs::InputResponse itself{cs::Outcome::merged, "", "", target, "", ""};
    expect_refused(m_store->respond(id, cs::ContentKind::proposal, target, itself, m_admin, at),
        ErrorCode::invalid_argument, "merged_into");
    cs::InputResponse elsewhere{cs::Outcome::merged, "", "", foreign, "", ""};
    expect_refused(m_store->respond(id, cs::ContentKind::proposal, target, elsewhere, m_admin, at),
        ErrorCode::invalid_argument, "merged_into");
    cs::InputResponse fine{cs::Outcome::accepted, "", "", std::nullopt, "", ""};
    expect_refused(m_store->respond(id, cs::ContentKind::proposal, foreign, fine, m_admin, at),
        ErrorCode::not_found, "id");
    expect_refused(m_store->respond(id, cs::ContentKind::comment, target, fine, m_admin, at),
        ErrorCode::not_found, "id");
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_responses"), 0);
    EXPECT_EQ(audit_entries("respond"), 0u);
}

// ---- votes ----

TEST_P(ConsultationStoreContract, AVoteChangeReplacesTheEarlierVote)
{
    const auto id = consultation();
    const auto target = proposal(id);
    const cs::VoteTarget on_proposal{cs::ItemKind::proposal, std::to_string(target)};
    const cs::VoteTarget on_commitment{cs::ItemKind::commitment, "1"};
    ASSERT_TRUE(m_store->cast_vote(id, on_proposal, cs::Choice::in_favour, m_ana, at).ok());
    ASSERT_TRUE(m_store->cast_vote(id, on_proposal, cs::Choice::against, m_ana, at).ok());
    ASSERT_TRUE(m_store->cast_vote(id, on_proposal, cs::Choice::abstain, m_luis, at).ok());
    ASSERT_TRUE(m_store->cast_vote(id, on_commitment, cs::Choice::in_favour, m_ana, at).ok());

    const auto counts = tallies(id);
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts.at(on_proposal).in_favour, 0);
    EXPECT_EQ(counts.at(on_proposal).against, 1);
    EXPECT_EQ(counts.at(on_proposal).abstain, 1);
    EXPECT_EQ(counts.at(on_proposal).total(), 2);
    EXPECT_EQ(counts.at(on_commitment).in_favour, 1);

    auto mine = m_store->votes_of(id, *m_ana.account_id);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ(mine->at(on_proposal), cs::Choice::against);
    EXPECT_EQ(mine->at(on_commitment), cs::Choice::in_favour);
    EXPECT_TRUE(m_store->votes_of(id, *m_sara.account_id)->empty());

    auto audit = AuditLog(*m_database)
                     .entries("consultation",
                         std::to_string(id) + "/vote/proposal/" + std::to_string(target));
    ASSERT_EQ(audit->size(), 3u);
    EXPECT_EQ((*audit)[1].before_json, "{\"choice\":\"in_favour\"}");
    EXPECT_EQ((*audit)[1].after_json, "{\"choice\":\"against\"}");
}

TEST_P(ConsultationStoreContract, VoteRefusesTargetsOutsideTheConsultation)
{
    const auto id = consultation();
    const auto other = consultation();
    const auto own_plan = consultation("");
    const auto foreign = proposal(other);
    const auto hidden = proposal(id);
    ASSERT_TRUE(
        m_store->set_hidden(id, cs::ContentKind::proposal, hidden, true, "Spam", m_admin, at).ok());
    auto vote = [&](std::int64_t consultation_id, cs::ItemKind kind, std::string key) {
        return m_store->cast_vote(
            consultation_id, {kind, std::move(key)}, cs::Choice::in_favour, m_ana, at);
    };
    expect_refused(
        vote(id, cs::ItemKind::proposal, std::to_string(foreign)), ErrorCode::not_found, "key");
    expect_refused(vote(id, cs::ItemKind::proposal, "abc"), ErrorCode::not_found, "key");
    expect_refused(vote(id, cs::ItemKind::proposal, std::to_string(hidden)),
        ErrorCode::failed_precondition, "key");
    expect_refused(vote(id, cs::ItemKind::commitment, "99"), ErrorCode::not_found, "key");
    expect_refused(vote(own_plan, cs::ItemKind::commitment, "1"), ErrorCode::not_found, "key");
    expect_refused(
        vote(id + 100, cs::ItemKind::commitment, "1"), ErrorCode::not_found, "consultation");
    auto no_voting = record();
    no_voting.phases.pop_back();
    const auto without = *m_store->create_consultation(no_voting, m_admin, at);
    expect_refused(vote(without, cs::ItemKind::commitment, "1"), ErrorCode::failed_precondition,
        "consultation");
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_votes"), 0);
    EXPECT_EQ(audit_entries("cast_vote"), 0u);
}

// Two pooled sessions cast the same account's vote on the same item at the same moment, round
// after round: each round leaves exactly one vote, whichever came last.
TEST_P(ConsultationStoreContract, TwoConcurrentVotesOfOneAccountLeaveOne)
{
    const auto id = consultation();
    constexpr int rounds = 25;
    std::vector<AuditActor> voters;
    for (int round = 0; round < rounds; ++round)
        voters.push_back(
            account("voter" + std::to_string(round) + "@example.org", accounts::Role::citizen));
    const cs::VoteTarget target{cs::ItemKind::commitment, "1"};
    std::atomic<int> failures = 0;
    std::barrier start(2);
    auto vote = [&](cs::Choice choice) {
        for (int round = 0; round < rounds; ++round) {
            start.arrive_and_wait();
            if (!m_store->cast_vote(id, target, choice, voters[round], at).ok())
                ++failures;
        }
    };
    std::thread first(vote, cs::Choice::in_favour);
    std::thread second(vote, cs::Choice::against);
    first.join();
    second.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(tallies(id).at(target).total(), rounds);
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_votes"), rounds);
    for (const auto& voter : voters)
        EXPECT_EQ(m_store->votes_of(id, *voter.account_id)->size(), 1u);
    EXPECT_EQ(audit_entries("cast_vote"), 2u * rounds);
}

// N threads each cast every one of M accounts' votes on three items: the counts equal the
// distinct (account, item) pairs exactly, and each account's last choice is the one counted.
TEST_P(ConsultationStoreContract, ConcurrentVotesOfManyAccountsCountExactly)
{
    const auto id = consultation();
    const auto target = proposal(id);
    constexpr int threads = 4;
    constexpr int accounts_count = 12;
    std::vector<AuditActor> voters;
    for (int index = 0; index < accounts_count; ++index)
        voters.push_back(
            account("many" + std::to_string(index) + "@example.org", accounts::Role::citizen));
    const std::vector<cs::VoteTarget> items{{cs::ItemKind::commitment, "1"},
        {cs::ItemKind::commitment, "2"}, {cs::ItemKind::proposal, std::to_string(target)}};
    std::atomic<int> failures = 0;
    std::barrier start(threads);
    std::vector<std::thread> running;
    for (int thread = 0; thread < threads; ++thread) {
        running.emplace_back([&, thread] {
            start.arrive_and_wait();
            for (int index = 0; index < accounts_count; ++index)
                for (const auto& item : items) {
                    const auto choice = static_cast<cs::Choice>((index + thread) % 3);
                    if (!m_store->cast_vote(id, item, choice, voters[index], at).ok())
                        ++failures;
                }
        });
    }
    for (auto& thread : running)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    const auto counts = tallies(id);
    ASSERT_EQ(counts.size(), items.size());
    std::int64_t total = 0;
    for (const auto& item : items) {
        EXPECT_EQ(counts.at(item).total(), accounts_count);
        total += counts.at(item).total();
    }
    EXPECT_EQ(total, accounts_count * static_cast<std::int64_t>(items.size()));
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_votes"),
        accounts_count * static_cast<long long>(items.size()));
    // Each account's counted choice is the one of its own stored vote.
    std::int64_t in_favour = 0;
    for (const auto& voter : voters) {
        const auto mine = *m_store->votes_of(id, *voter.account_id);
        ASSERT_EQ(mine.size(), items.size());
        in_favour += mine.at(items[0]) == cs::Choice::in_favour ? 1 : 0;
    }
    EXPECT_EQ(counts.at(items[0]).in_favour, in_favour);
}

TEST_P(ConsultationStoreContract, TheSchemaHoldsOneVotePerAccountAndItem)
{
    const auto id = consultation();
    ASSERT_TRUE(
        m_store->cast_vote(id, {cs::ItemKind::commitment, "1"}, cs::Choice::in_favour, m_ana, at)
            .ok());
    const long long account = *m_ana.account_id;
    const long long key = id;
    const std::string when = at;
    auto duplicate = m_database->write([&](soci::session& session) -> Result<void> {
        session << "INSERT INTO consultation_votes (consultation_id, item_kind, item_key,"
                   " account_id, choice, cast_at, changed_at) VALUES (:c, 'commitment', '1', :a,"
                   " 'against', :at, :at2)",
            soci::use(key), soci::use(account), soci::use(when), soci::use(when);
        return {};
    });
    EXPECT_FALSE(duplicate.ok());
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_votes"), 1);
}

// ---- flags and moderation ----

TEST_P(ConsultationStoreContract, OneFlagPerAccountAndTheQueueMostFlaggedFirst)
{
    const auto id = consultation();
    const auto other = consultation();
    const auto draft = document(id);
    const auto remark = comment(id, draft);
    const auto target = proposal(id);
    const auto foreign = proposal(other);
    ASSERT_TRUE(
        m_store
            ->flag(id, cs::ContentKind::comment, remark, "Insulta", m_luis, "2026-03-05T10:00:00Z")
            .ok());
    ASSERT_TRUE(m_store
                    ->flag(id, cs::ContentKind::comment, remark, "Otra vez", m_luis,
                        "2026-03-05T10:30:00Z")
                    .ok());  // no change
    ASSERT_TRUE(m_store
                    ->flag(id, cs::ContentKind::proposal, target, "Publicidad", m_luis,
                        "2026-03-05T11:00:00Z")
                    .ok());
    ASSERT_TRUE(
        m_store
            ->flag(id, cs::ContentKind::proposal, target, "Es spam", m_sara, "2026-03-05T12:00:00Z")
            .ok());

    auto queue = m_store->flagged(id);
    ASSERT_TRUE(queue.ok());
    ASSERT_EQ(queue->size(), 2u);
    EXPECT_EQ((*queue)[0].kind, cs::ContentKind::proposal);
    EXPECT_EQ((*queue)[0].id, target);
    EXPECT_EQ((*queue)[0].flags, 2);
    EXPECT_EQ((*queue)[0].reasons, (std::vector<std::string>{"Publicidad", "Es spam"}));
    EXPECT_EQ((*queue)[0].latest_flag_at, "2026-03-05T12:00:00Z");
    EXPECT_EQ((*queue)[1].kind, cs::ContentKind::comment);
    EXPECT_EQ((*queue)[1].flags, 1);
    EXPECT_EQ((*queue)[1].reasons, (std::vector<std::string>{"Insulta"}));
    EXPECT_EQ(comments(id)[0].flags, 1);
    EXPECT_EQ(proposals(id)[0].flags, 2);
    EXPECT_EQ(audit_entries("flag"), 3u);

    expect_refused(m_store->flag(id, cs::ContentKind::comment, remark, " ", m_ana, at),
        ErrorCode::invalid_argument, "reason");
    expect_refused(m_store->flag(id, cs::ContentKind::proposal, foreign, "x", m_ana, at),
        ErrorCode::not_found, "id");
    expect_refused(m_store->flag(id, cs::ContentKind::comment, target + 1000, "x", m_ana, at),
        ErrorCode::not_found, "id");
    EXPECT_TRUE(m_store->flagged(other)->empty());
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_flags"), 3);
}

TEST_P(ConsultationStoreContract, HiddenContentStaysStoredAndLeavesTheCounts)
{
    const auto id = consultation();
    const auto target = proposal(id);
    const auto kept = proposal(id, &m_luis);
    const cs::VoteTarget on_target{cs::ItemKind::proposal, std::to_string(target)};
    const cs::VoteTarget on_kept{cs::ItemKind::proposal, std::to_string(kept)};
    ASSERT_TRUE(m_store->cast_vote(id, on_target, cs::Choice::in_favour, m_ana, at).ok());
    ASSERT_TRUE(m_store->cast_vote(id, on_kept, cs::Choice::in_favour, m_ana, at).ok());

    expect_refused(
        m_store->set_hidden(id, cs::ContentKind::proposal, target, true, "", m_admin, at),
        ErrorCode::invalid_argument, "reason");
    ASSERT_TRUE(m_store
                    ->set_hidden(id, cs::ContentKind::proposal, target, true, "Datos personales",
                        m_admin, "2026-03-06T09:00:00Z")
                    .ok());
    auto all = proposals(id);
    ASSERT_EQ(all.size(), 2u);
    ASSERT_TRUE(all[0].hidden.has_value());
    EXPECT_EQ(all[0].hidden->reason, "Datos personales");
    EXPECT_EQ(all[0].hidden->at, "2026-03-06T09:00:00Z");
    EXPECT_EQ(all[0].title, "Portal de compras");  // the text stays
    EXPECT_FALSE(all[1].hidden.has_value());
    auto counts = tallies(id);
    EXPECT_FALSE(counts.contains(on_target));
    EXPECT_EQ(counts.at(on_kept).in_favour, 1);
    // The vote itself stays stored.
    EXPECT_EQ(m_store->votes_of(id, *m_ana.account_id)->size(), 2u);

    ASSERT_TRUE(
        m_store->set_hidden(id, cs::ContentKind::proposal, target, false, "", m_admin, at).ok());
    EXPECT_FALSE(proposals(id)[0].hidden.has_value());
    EXPECT_EQ(tallies(id).at(on_target).in_favour, 1);

    const auto draft = document(id);
    const auto remark = comment(id, draft);
    ASSERT_TRUE(
        m_store->set_hidden(id, cs::ContentKind::comment, remark, true, "Insultos", m_admin, at)
            .ok());
    ASSERT_TRUE(comments(id)[0].hidden.has_value());
    EXPECT_EQ(comments(id)[0].hidden->reason, "Insultos");
    EXPECT_EQ(comments(id)[0].body, "No estoy de acuerdo.");

    expect_refused(
        m_store->set_hidden(id, cs::ContentKind::comment, remark + 100, true, "x", m_admin, at),
        ErrorCode::not_found, "id");
    auto audit =
        AuditLog(*m_database)
            .entries("consultation", std::to_string(id) + "/proposal/" + std::to_string(target));
    ASSERT_EQ(audit->size(), 3u);  // add_proposal, hide, show
    EXPECT_EQ((*audit)[1].action, "hide");
    EXPECT_NE((*audit)[1].after_json.find("Datos personales"), std::string::npos);
    EXPECT_EQ((*audit)[2].action, "show");
}

// ---- identity numbers ----

TEST_P(ConsultationStoreContract, AnIdentityNumberBelongsToOneAccountPerConsultation)
{
    const auto id = consultation();
    const auto other = consultation();
    EXPECT_FALSE(*m_store->has_identity(id, *m_ana.account_id));
    ASSERT_TRUE(m_store->register_identity(id, "hash-1", m_ana, at).ok());
    ASSERT_TRUE(m_store->register_identity(id, "hash-1", m_ana, at).ok());  // the same again
    EXPECT_TRUE(*m_store->has_identity(id, *m_ana.account_id));
    EXPECT_FALSE(*m_store->has_identity(other, *m_ana.account_id));

    expect_refused(m_store->register_identity(id, "hash-1", m_luis, at), ErrorCode::already_exists,
        "identity");
    EXPECT_FALSE(*m_store->has_identity(id, *m_luis.account_id));
    expect_refused(
        m_store->register_identity(id, "hash-2", m_ana, at), ErrorCode::already_exists, "identity");
    // Another consultation is another register.
    ASSERT_TRUE(m_store->register_identity(other, "hash-1", m_luis, at).ok());
    expect_refused(m_store->register_identity(id + 100, "hash-3", m_luis, at), ErrorCode::not_found,
        "consultation");
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_identities"), 2);
    auto audit = AuditLog(*m_database).list({.action = "register_identity"});
    ASSERT_EQ(audit->entries.size(), 2u);
    EXPECT_EQ(audit->entries[0].entry.after_json.find("hash-1"), std::string::npos);
}

// Two accounts register the same number at the same moment, round after round: each round one
// account holds it and the other is refused.
TEST_P(ConsultationStoreContract, ConcurrentRegistrationsOfOneNumberLeaveOneAccount)
{
    const auto id = consultation();
    constexpr int rounds = 15;
    std::vector<AuditActor> first_accounts, second_accounts;
    for (int round = 0; round < rounds; ++round) {
        first_accounts.push_back(
            account("a" + std::to_string(round) + "@example.org", accounts::Role::citizen));
        second_accounts.push_back(
            account("b" + std::to_string(round) + "@example.org", accounts::Role::citizen));
    }
    std::atomic<int> refused = 0, failed = 0;
    std::barrier start(2);
    auto register_all = [&](const std::vector<AuditActor>& accounts) {
        for (int round = 0; round < rounds; ++round) {
            start.arrive_and_wait();
            auto result = m_store->register_identity(
                id, "number-" + std::to_string(round), accounts[round], at);
            if (!result.ok()) {
                if (result.error().code == ErrorCode::already_exists &&
                    result.error().where == "identity")
                    ++refused;
                else
                    ++failed;
            }
        }
    };
    std::thread first(register_all, std::cref(first_accounts));
    std::thread second(register_all, std::cref(second_accounts));
    first.join();
    second.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(refused.load(), rounds);
    EXPECT_EQ(count_rows("SELECT COUNT(*) FROM consultation_identities"), rounds);
    EXPECT_EQ(
        count_rows("SELECT COUNT(DISTINCT identity_hash) FROM consultation_identities"), rounds);
}

}  // namespace
}  // namespace tablero::storage

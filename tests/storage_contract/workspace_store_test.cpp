// The workspace store on both backends: an update published at once or held for validation,
// approved into the public history (named after its officer) or returned with a comment, each
// step audited; and every refusal writes nothing.
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/plan_store.h"
#include "storage/workspace_store.h"

#include <gtest/gtest.h>

namespace tablero::storage {
namespace {

class WorkspaceStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_plans = make_plan_store(*m_database);
        m_accounts = make_account_store(*m_database);
        m_workspace = make_workspace_store(*m_database);

        // Commitment 1 of the Ministerio de Justicia: result 1.1 (a leaf) and 1.2 with 1.2.1.
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment commitment{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        auto result = [](std::string code, std::string parent) {
            plans::ImportedResult row;
            row.code = std::move(code);
            row.title = "Resultado " + row.code;
            row.parent = std::move(parent);
            return row;
        };
        commitment.results = {result("1.1", ""), result("1.2", ""), result("1.2.1", "1.2")};
        plan.commitments.push_back(commitment);
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2020-01-01T00:00:00Z").ok());

        m_officer = account(
            "ana@example.org", accounts::Role::officer, {"Ministerio de Justicia"}, "Ana Benítez");
        m_admin = account("ogu@example.org", accounts::Role::administrator, {});
    }

    AuditActor account(const std::string& email, accounts::Role role,
        std::set<std::string> institutions, const std::string& name = "Unidad")
    {
        auto created =
            m_accounts->create_account({email, name, role, std::move(institutions), "", "$hash"},
                AuditActor::system("test"), "2020-01-01T00:00:00Z");
        if (!created.ok())
            throw std::runtime_error(created.error().message);
        return {created->id, email, std::string(accounts::to_string(role))};
    }

    UpdateSubmission submission(std::string node, double percent)
    {
        return {"TP", "1", std::move(node), Date{2020, 6, 30}, plans::Progress::of(percent),
            "Ocho de diez oficinas",
            {{"Informe", "https://example.org/informe.pdf", Date{2020, 6, 29}}}};
    }

    // The updates of result 1.1 in the public history.
    std::vector<plans::ProgressUpdate> published()
    {
        auto plan = m_plans->load_plan("TP");
        if (!plan.ok())
            throw std::runtime_error(plan.error().message);
        return plan->commitments.at(0).results.at(0).updates;
    }

    int submission_rows()
    {
        auto counted = m_database->read([](soci::session& session) -> Result<int> {
            int count = 0;
            session << "SELECT COUNT(*) FROM submitted_updates", soci::into(count);
            return count;
        });
        return counted.ok() ? *counted : -1;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_plans;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<WorkspaceStore> m_workspace;
    AuditActor m_officer;
    AuditActor m_admin;
};
TABLERO_INSTANTIATE_BACKENDS(WorkspaceStoreContract);

TEST_P(WorkspaceStoreContract, WithoutValidationAnUpdateIsPublishedAtOnce)
{
    EXPECT_FALSE(*m_workspace->updates_need_validation("TP"));
    auto submitted =
        m_workspace->submit_update(submission("1.1", 80), m_officer, "2020-07-01T10:00:00Z");
    ASSERT_TRUE(submitted.ok()) << describe(submitted.error());
    EXPECT_TRUE(submitted->published);
    EXPECT_EQ(submitted->state, SubmissionState::approved);

    const auto updates = published();
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0].progress, plans::Progress::of(80));
    // By the name the officer gave, never by the e-mail address.
    EXPECT_EQ(updates[0].author, "Ana Benítez");
    EXPECT_EQ(updates[0].recorded_at, "2020-07-01T10:00:00Z");
    EXPECT_EQ(updates[0].note, "Ocho de diez oficinas");
    ASSERT_EQ(updates[0].evidence.size(), 1u);
    EXPECT_EQ(updates[0].evidence[0].url, "https://example.org/informe.pdf");

    auto audit = AuditLog(*m_database).entries("result", "TP/1/1.1");
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "submit_progress_update");
    EXPECT_EQ((*audit)[0].actor.account_id, m_officer.account_id);
    EXPECT_NE((*audit)[0].after_json.find("\"progress\":80"), std::string::npos)
        << (*audit)[0].after_json;
}

TEST_P(WorkspaceStoreContract, WithValidationAnUpdateWaitsUntilApproved)
{
    ASSERT_TRUE(
        m_workspace->set_updates_need_validation("TP", true, m_admin, "2020-06-01T00:00:00Z").ok());
    EXPECT_TRUE(*m_workspace->updates_need_validation("TP"));

    auto submitted =
        m_workspace->submit_update(submission("1.1", 80), m_officer, "2020-07-01T10:00:00Z");
    ASSERT_TRUE(submitted.ok()) << describe(submitted.error());
    EXPECT_FALSE(submitted->published);
    EXPECT_EQ(submitted->state, SubmissionState::pending);
    EXPECT_TRUE(published().empty()) << "a pending update is not public";

    auto pending = m_workspace->submissions("TP", SubmissionState::pending);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 1u);
    const auto& record = (*pending)[0];
    EXPECT_EQ(record.id, submitted->id);
    EXPECT_EQ(record.institution, "Ministerio de Justicia");
    EXPECT_EQ(record.commitment_title, "Ley de acceso");
    EXPECT_EQ(record.node, "1.1");
    EXPECT_EQ(record.node_title, "Resultado 1.1");
    EXPECT_EQ(record.as_of, (Date{2020, 6, 30}));
    EXPECT_EQ(record.progress, plans::Progress::of(80));
    EXPECT_EQ(record.submitted_by, "ana@example.org");
    ASSERT_EQ(record.evidence.size(), 1u);
    EXPECT_EQ(record.evidence[0].title, "Informe");
    EXPECT_EQ(record.evidence[0].date, (Date{2020, 6, 29}));

    ASSERT_TRUE(m_workspace->approve(submitted->id, m_admin, "2020-07-02T09:00:00Z").ok());
    const auto updates = published();
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0].author, "Ana Benítez") << "the history names who reported";
    EXPECT_EQ(updates[0].recorded_at, "2020-07-02T09:00:00Z");
    auto approved = m_workspace->find_submission(submitted->id);
    ASSERT_TRUE(approved.ok() && approved->has_value());
    EXPECT_EQ((*approved)->state, SubmissionState::approved);
    EXPECT_EQ((*approved)->reviewed_by, "ogu@example.org");
    EXPECT_TRUE(m_workspace->submissions("TP", SubmissionState::pending)->empty());

    auto again = m_workspace->approve(submitted->id, m_admin, "2020-07-03T09:00:00Z");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(published().size(), 1u);

    auto audit = AuditLog(*m_database).entries("result", "TP/1/1.1");
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[1].action, "approve_progress_update");
    EXPECT_NE((*audit)[1].before_json.find("\"state\":\"pending\""), std::string::npos);
    EXPECT_NE((*audit)[1].after_json.find("\"state\":\"approved\""), std::string::npos);
    EXPECT_EQ(AuditLog(*m_database).entries("plan", "TP")->size(), 1u);
}

TEST_P(WorkspaceStoreContract, AReturnedUpdateCarriesItsCommentAndPublishesNothing)
{
    ASSERT_TRUE(
        m_workspace->set_updates_need_validation("TP", true, m_admin, "2020-06-01T00:00:00Z").ok());
    auto submitted =
        m_workspace->submit_update(submission("1.2.1", 50), m_officer, "2020-07-01T10:00:00Z");
    ASSERT_TRUE(submitted.ok());
    auto no_comment =
        m_workspace->return_to_officer(submitted->id, "  ", m_admin, "2020-07-02T09:00:00Z");
    ASSERT_FALSE(no_comment.ok());
    EXPECT_EQ(no_comment.error().where, "comment");
    ASSERT_TRUE(
        m_workspace
            ->return_to_officer(submitted->id, "Falta el acta", m_admin, "2020-07-02T09:00:00Z")
            .ok());
    auto returned = m_workspace->submissions("TP", SubmissionState::returned);
    ASSERT_EQ(returned->size(), 1u);
    EXPECT_EQ((*returned)[0].review_comment, "Falta el acta");
    EXPECT_EQ((*returned)[0].reviewed_by, "ogu@example.org");
    auto plan = m_plans->load_plan("TP");
    EXPECT_TRUE(plan->commitments[0].results[1].children[0].updates.empty());
    EXPECT_FALSE(m_workspace->approve(submitted->id, m_admin, "2020-07-03T09:00:00Z").ok());
}

TEST_P(WorkspaceStoreContract, AnAccountsSubmissionsInEveryPlanAndState)
{
    ASSERT_TRUE(
        m_workspace->set_updates_need_validation("TP", true, m_admin, "2020-06-01T00:00:00Z").ok());
    const auto other =
        account("luis@example.org", accounts::Role::officer, {"Ministerio de Justicia"}, "Luis");
    auto first =
        m_workspace->submit_update(submission("1.1", 10), m_officer, "2020-07-01T10:00:00Z");
    auto theirs = m_workspace->submit_update(submission("1.1", 20), other, "2020-07-01T11:00:00Z");
    auto second =
        m_workspace->submit_update(submission("1.2.1", 30), m_officer, "2020-07-02T10:00:00Z");
    ASSERT_TRUE(first.ok() && theirs.ok() && second.ok());
    ASSERT_TRUE(m_workspace->approve(first->id, m_admin, "2020-07-03T00:00:00Z").ok());

    auto own = m_workspace->submissions_by("ana@example.org");
    ASSERT_TRUE(own.ok()) << describe(own.error());
    ASSERT_EQ(own->size(), 2u);
    EXPECT_EQ((*own)[0].id, first->id);
    EXPECT_EQ((*own)[0].state, SubmissionState::approved);
    EXPECT_EQ((*own)[0].plan, "TP");
    EXPECT_EQ((*own)[1].id, second->id);
    EXPECT_EQ((*own)[1].state, SubmissionState::pending);
    EXPECT_EQ((*own)[1].node, "1.2.1");
    EXPECT_TRUE(m_workspace->submissions_by("nadie@example.org")->empty());
}

TEST_P(WorkspaceStoreContract, RefusalsWriteNothing)
{
    struct Row {
        const char* name;
        UpdateSubmission update;
        AuditActor by;
        ErrorCode code;
        const char* where;
    };
    auto with_progress = [&](plans::Progress progress) {
        UpdateSubmission update = submission("1.1", 0);
        update.progress = progress;
        return update;
    };
    const Row rows[] = {
        {"a result with results below", submission("1.2", 50), m_officer,
            ErrorCode::invalid_argument, "node"},
        {"an unknown result", submission("9.9", 50), m_officer, ErrorCode::not_found, "node"},
        {"an unknown plan",
            UpdateSubmission{"NOPE", "1", "1.1", {}, plans::Progress::of(1), "", {}}, m_officer,
            ErrorCode::not_found, "node"},
        {"over 100 %", submission("1.1", 120), m_officer, ErrorCode::invalid_argument, "progress"},
        {"nothing reported", with_progress(plans::Progress::not_reported()), m_officer,
            ErrorCode::invalid_argument, "progress"},
        {"no account", submission("1.1", 50), AuditActor::system("test"),
            ErrorCode::unauthenticated, ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto refused = m_workspace->submit_update(row.update, row.by, "2020-07-01T10:00:00Z");
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, row.code);
        EXPECT_EQ(refused.error().where, row.where);
    }
    EXPECT_EQ(submission_rows(), 0);
    EXPECT_TRUE(published().empty());
    EXPECT_TRUE(AuditLog(*m_database).entries("result")->empty());
    auto unknown = m_workspace->approve(424242, m_admin, "2020-07-01T10:00:00Z");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace tablero::storage

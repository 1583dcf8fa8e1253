// The monitoring store on both backends: civil society's assessments are kept beside the
// government's (never replacing one), with their organisation; dissent is kept as dissent; each
// write is audited in its transaction; refusals write nothing. Also the audit log's filtered,
// newest-first listing the public history and the administrators' view read.
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/monitoring_store.h"
#include "storage/plan_store.h"

#include <gtest/gtest.h>

namespace tablero::storage {
namespace {

class MonitoringStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_plans = make_plan_store(*m_database);
        m_accounts = make_account_store(*m_database);
        m_monitoring = make_monitoring_store(*m_database);

        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment first{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedResult result;
        result.code = "1.1";
        result.title = "Resultado 1.1";
        first.results = {result};
        plans::ImportedCommitment tenth = first;
        tenth.code = "10";
        plan.commitments = {first, tenth};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2020-01-01T00:00:00Z").ok());
        ASSERT_TRUE(m_plans
                        ->add_assessment("TP", "1",
                            {plans::Assessor::government, plans::CompletionLevel::substantial,
                                Date{2020, 6, 30}, "Ocho de diez oficinas"})
                        .ok());

        m_monitor = account("sara@example.org", accounts::Role::monitor, "Semillas");
        m_admin = account("ogu@example.org", accounts::Role::administrator, "");
    }

    AuditActor account(const std::string& email, accounts::Role role, std::string organisation)
    {
        auto created = m_accounts->create_account(
            {email, "Nombre " + email, role, {}, std::move(organisation), "$hash"},
            AuditActor::system("test"), "2020-01-01T00:00:00Z");
        if (!created.ok())
            throw std::runtime_error(created.error().message);
        return {created->id, email, std::string(accounts::to_string(role))};
    }

    AssessmentRecord civil_society(std::string justification = "Sin ley aprobada")
    {
        return {"TP", "1", plans::Assessor::civil_society, "Semillas",
            plans::CompletionLevel::limited, Date{2020, 7, 15}, std::move(justification)};
    }

    plans::Commitment commitment(const std::string& code = "1")
    {
        auto plan = m_plans->load_commitment("TP", code);
        if (!plan.ok())
            throw std::runtime_error(plan.error().message);
        return plan->commitments.at(0);
    }

    std::size_t audit_entries()
    {
        auto all = AuditLog(*m_database).list({});
        return all.ok() ? all->entries.size() : 0;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_plans;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<MonitoringStore> m_monitoring;
    AuditActor m_monitor;
    AuditActor m_admin;
};
TABLERO_INSTANTIATE_BACKENDS(MonitoringStoreContract);

TEST_P(MonitoringStoreContract, CivilSocietyAssessmentIsKeptBesideTheGovernments)
{
    auto recorded =
        m_monitoring->record_assessment(civil_society(), m_monitor, "2020-07-16T09:00:00Z");
    ASSERT_TRUE(recorded.ok()) << describe(recorded.error());

    const auto assessments = commitment().assessments;
    ASSERT_EQ(assessments.size(), 2u);
    EXPECT_EQ(assessments[0].assessor, plans::Assessor::government);
    EXPECT_EQ(assessments[0].level, plans::CompletionLevel::substantial);
    EXPECT_EQ(assessments[0].justification, "Ocho de diez oficinas");
    EXPECT_EQ(assessments[0].organisation, "");
    EXPECT_EQ(assessments[1].assessor, plans::Assessor::civil_society);
    EXPECT_EQ(assessments[1].organisation, "Semillas");
    EXPECT_EQ(assessments[1].level, plans::CompletionLevel::limited);
    EXPECT_EQ(assessments[1].date, (Date{2020, 7, 15}));
    EXPECT_EQ(assessments[1].justification, "Sin ley aprobada");
    // The whole plan's load carries it too.
    auto plan = m_plans->load_plan("TP");
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->commitments.at(0).assessments.size(), 2u);
    EXPECT_TRUE(plan->commitments.at(1).assessments.empty());

    auto audit = AuditLog(*m_database).entries("commitment", "TP/1");
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "record_assessment");
    EXPECT_EQ((*audit)[0].actor.account_id, m_monitor.account_id);
    EXPECT_EQ((*audit)[0].at, "2020-07-16T09:00:00Z");
    EXPECT_NE((*audit)[0].after_json.find("\"organisation\":\"Semillas\""), std::string::npos)
        << (*audit)[0].after_json;
}

TEST_P(MonitoringStoreContract, TheGovernmentsNewAssessmentIsAnotherRow)
{
    AssessmentRecord government{"TP", "1", plans::Assessor::government, "",
        plans::CompletionLevel::complete, Date{2020, 12, 1}, "Ley promulgada"};
    ASSERT_TRUE(m_monitoring->record_assessment(government, m_admin, "2020-12-02T00:00:00Z").ok());
    const auto assessments = commitment().assessments;
    ASSERT_EQ(assessments.size(), 2u);
    EXPECT_EQ(assessments[0].level, plans::CompletionLevel::substantial);
    EXPECT_EQ(assessments[1].level, plans::CompletionLevel::complete);
}

TEST_P(MonitoringStoreContract, DissentIsRecordedAndAudited)
{
    ASSERT_TRUE(m_monitoring
                    ->record_dissent({"TP", "1", "Semillas", "La ley no cumple el estándar"},
                        m_monitor, "2020-08-01T12:00:00Z")
                    .ok());
    const auto dissents = commitment().dissents;
    ASSERT_EQ(dissents.size(), 1u);
    EXPECT_EQ(dissents[0].organisation, "Semillas");
    EXPECT_EQ(dissents[0].statement, "La ley no cumple el estándar");
    EXPECT_EQ(dissents[0].recorded_at, "2020-08-01T12:00:00Z");
    EXPECT_TRUE(commitment("10").dissents.empty());

    auto audit = AuditLog(*m_database).entries("commitment", "TP/1");
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "record_dissent");
}

TEST_P(MonitoringStoreContract, RefusalsWriteNothing)
{
    const std::size_t before = audit_entries();
    struct Row {
        std::string name;
        AssessmentRecord assessment;
        AuditActor by;
        ErrorCode code;
        std::string field;
    };
    AssessmentRecord unknown = civil_society();
    unknown.commitment = "99";
    AssessmentRecord nameless = civil_society();
    nameless.organisation = " ";
    const std::vector<Row> rows = {
        {"blank justification", civil_society(" \n"), m_monitor, ErrorCode::invalid_argument,
            "justification"},
        {"no organisation", nameless, m_monitor, ErrorCode::invalid_argument, "organisation"},
        {"unknown commitment", unknown, m_monitor, ErrorCode::not_found, "commitment"},
        {"not an account", civil_society(), AuditActor::system("test"), ErrorCode::unauthenticated,
            ""},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        auto recorded = m_monitoring->record_assessment(row.assessment, row.by, "2020-07-16");
        ASSERT_FALSE(recorded.ok());
        EXPECT_EQ(recorded.error().code, row.code);
        if (!row.field.empty()) {
            EXPECT_EQ(recorded.error().where, row.field);
        }
    }
    auto blank = m_monitoring->record_dissent({"TP", "1", "Semillas", "  "}, m_monitor, "x");
    ASSERT_FALSE(blank.ok());
    EXPECT_EQ(blank.error().where, "statement");
    auto unknown_dissent =
        m_monitoring->record_dissent({"TP", "99", "Semillas", "No"}, m_monitor, "x");
    ASSERT_FALSE(unknown_dissent.ok());
    EXPECT_EQ(unknown_dissent.error().code, ErrorCode::not_found);

    EXPECT_EQ(commitment().assessments.size(), 1u);
    EXPECT_TRUE(commitment().dissents.empty());
    EXPECT_EQ(audit_entries(), before);
}

TEST_P(MonitoringStoreContract, TheAuditListingFiltersNewestFirstAndPages)
{
    ASSERT_TRUE(
        m_monitoring->record_assessment(civil_society("uno"), m_monitor, "2020-07-16T09:00:00Z")
            .ok());
    ASSERT_TRUE(
        m_monitoring
            ->record_dissent({"TP", "10", "Semillas", "No"}, m_monitor, "2020-07-17T09:00:00Z")
            .ok());
    ASSERT_TRUE(
        m_monitoring
            ->record_dissent({"TP", "1", "Semillas", "Tampoco"}, m_monitor, "2020-07-18T23:59:59Z")
            .ok());
    AuditLog log(*m_database);

    auto under = log.list({.entity = "commitment", .under_key = "TP/1"});
    ASSERT_TRUE(under.ok()) << describe(under.error());
    ASSERT_EQ(under->entries.size(), 2u) << "TP/10 is not under TP/1";
    EXPECT_EQ(under->total, 2);
    EXPECT_EQ(under->entries[0].entry.action, "record_dissent");
    EXPECT_EQ(under->entries[1].entry.action, "record_assessment");
    EXPECT_EQ(under->entries[0].display_name, "Nombre sara@example.org");
    EXPECT_EQ(under->entries[0].organisation, "Semillas");

    struct Row {
        std::string name;
        AuditFilter filter;
        std::vector<std::string> keys;
    };
    const std::vector<Row> rows = {
        {"action", {.action = "record_dissent"}, {"TP/1", "TP/10"}},
        {"actor", {.entity = "commitment", .actor = "sara@example.org"}, {"TP/1", "TP/10", "TP/1"}},
        {"unknown actor", {.actor = "nobody@example.org"}, {}},
        {"exact key", {.entity_key = "TP/10"}, {"TP/10"}},
        {"from a day", {.entity = "commitment", .from = Date{2020, 7, 17}}, {"TP/1", "TP/10"}},
        {"to a day, inclusive", {.entity = "commitment", .to = Date{2020, 7, 17}},
            {"TP/10", "TP/1"}},
        {"one day", {.from = Date{2020, 7, 18}, .to = Date{2020, 7, 18}}, {"TP/1"}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        auto listed = log.list(row.filter);
        ASSERT_TRUE(listed.ok()) << describe(listed.error());
        std::vector<std::string> keys;
        for (const auto& listing : listed->entries)
            keys.push_back(listing.entry.entity_key);
        EXPECT_EQ(keys, row.keys);
        EXPECT_EQ(listed->total, static_cast<std::int64_t>(row.keys.size()));
    }

    auto all = log.list({});
    ASSERT_TRUE(all.ok());
    const auto count = all->entries.size();
    ASSERT_GE(count, 5u) << "the accounts' creation and the three writes";
    auto second_page = log.list({}, 2, 2);
    ASSERT_TRUE(second_page.ok());
    ASSERT_EQ(second_page->entries.size(), 2u);
    EXPECT_EQ(second_page->total, static_cast<std::int64_t>(count));
    EXPECT_EQ(second_page->entries[0].entry.id, all->entries[2].entry.id);
    EXPECT_EQ(second_page->entries[1].entry.id, all->entries[3].entry.id);
    for (std::size_t i = 1; i < count; ++i)
        EXPECT_GT(all->entries[i - 1].entry.id, all->entries[i].entry.id);
}

}  // namespace
}  // namespace tablero::storage

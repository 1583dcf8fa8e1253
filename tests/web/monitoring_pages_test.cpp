// Civil society beside the government, through the pipeline with a real SQLite database: a
// monitor's assessment and dissent reach the public commitment page beside the government's
// assessment, which stays as it was; every refused write (roles, CSRF, bad input) leaves the
// database as it was; and the page's public record of changes shows what is public (a published
// update, an assessment) and not what is not (an update still pending), never an e-mail address.
#include "domain/plans/plan_import.h"
#include "signed_in_fixture.h"
#include "storage/audit_log.h"

#include <gtest/gtest.h>

namespace tablero::web {
namespace {

using testing::Browser;
using testing::contains;
using testing::count_of;
using testing::FormFieldList;

const std::string public_1 = "/plans/TP/commitments/1";
const std::string assessment_1 = "/plans/TP/commitments/1/assessment";
const std::string dissent_1 = "/plans/TP/commitments/1/dissent";

// The part of a page from the heading with id `id` to the end of its section.
std::string section(const std::string& html, const std::string& id)
{
    const auto start = html.find("id=\"" + id + "\"");
    if (start == std::string::npos)
        return {};
    const auto end = html.find("</section>", start);
    return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class MonitoringPages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment justice{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedResult result;
        result.code = "1.1";
        result.title = "Oficinas abiertas";
        justice.results = {result};
        plan.commitments = {justice};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());
        ASSERT_TRUE(m_plans
                        ->add_assessment("TP", "1",
                            {plans::Assessor::government, plans::CompletionLevel::substantial,
                                Date{2024, 3, 1}, "Ocho de diez oficinas abiertas"})
                        .ok());

        add_account("semillas@example.org", accounts::Role::monitor, {}, "Semillas");
        add_account("ana@mj.gov.py", accounts::Role::officer, {"Ministerio de Justicia"});
        add_account("ugo@gov.py", accounts::Role::administrator);
        add_account("carla@example.org", accounts::Role::citizen);
    }

    FormFieldList assessment_fields(const std::string& csrf)
    {
        return {{"csrf", csrf}, {"level", "limited"}, {"date", "2024-05-06"},
            {"justification", "La ley sigue sin reglamento"}};
    }

    // Assessments and dissents stored for commitment 1, and audit entries about it.
    std::size_t assessments()
    {
        auto plan = m_plans->load_commitment("TP", "1");
        return plan.ok() ? plan->commitments[0].assessments.size() : 0;
    }
    std::size_t dissents()
    {
        auto plan = m_plans->load_commitment("TP", "1");
        return plan.ok() ? plan->commitments[0].dissents.size() : 0;
    }
};

TEST_F(MonitoringPages, AMonitorsAssessmentIsShownBesideTheGovernmentsUnchanged)
{
    const std::string before = section(get(public_1).body(), "assessments-heading");
    EXPECT_TRUE(
        contains(before, "<h3>Gobierno</h3>\n<p class=\"assessment__level\">Sustancial</p>"));

    Browser monitor = signed_in_as("semillas@example.org");
    const http::Response form = get_as(monitor, assessment_1);
    ASSERT_EQ(form.result(), http::Status::ok) << form.body();
    EXPECT_EQ(form[http::Field::cache_control], "no-store");
    EXPECT_TRUE(contains(form.body(), "<strong>Semillas</strong>"));
    EXPECT_TRUE(contains(form.body(), "value=\"2024-05-06\"")) << "today is the default date";
    const std::string csrf = testing::csrf_in(form.body());
    ASSERT_FALSE(csrf.empty());

    const http::Response saved = post_as(monitor, assessment_1, assessment_fields(csrf));
    ASSERT_EQ(saved.result(), http::Status::see_other) << saved.body();
    EXPECT_EQ(saved[http::Field::location], public_1 + "#assessments-heading");
    EXPECT_EQ(assessments(), 2u);

    const std::string html = get(public_1).body();
    const std::string after = section(html, "assessments-heading");
    EXPECT_TRUE(contains(after, "<h3>Gobierno</h3>\n<p class=\"assessment__level\">Sustancial</p>"))
        << "the government's assessment is never replaced";
    EXPECT_TRUE(contains(after, "Ocho de diez oficinas abiertas"));
    EXPECT_TRUE(contains(
        after, "<h3>Sociedad civil: Semillas</h3>\n<p class=\"assessment__level\">Limitado</p>"));
    EXPECT_TRUE(contains(after, "La ley sigue sin reglamento"));
    EXPECT_TRUE(contains(after, "<time datetime=\"2024-05-06\">6 de mayo de 2024</time>"));
    EXPECT_TRUE(contains(after, "href=\"" + assessment_1 + "\""));
    EXPECT_TRUE(contains(after, "href=\"" + dissent_1 + "\""));

    const std::string record = section(html, "record-heading");
    EXPECT_TRUE(contains(record, "Evaluación registrada"));
    EXPECT_TRUE(contains(record, "Ana Pérez, sociedad civil (Semillas)"));
    EXPECT_FALSE(contains(html, "semillas@example.org")) << "no e-mail address on a public page";
}

TEST_F(MonitoringPages, DissentIsShownWithItsOrganisationAndDate)
{
    Browser monitor = signed_in_as("semillas@example.org");
    const std::string csrf = csrf_of(monitor, dissent_1);
    ASSERT_FALSE(csrf.empty());
    const http::Response saved = post_as(monitor, dissent_1,
        {{"csrf", csrf},
            {"statement", "La consulta no incluyó a las organizaciones del interior"}});
    ASSERT_EQ(saved.result(), http::Status::see_other) << saved.body();
    EXPECT_EQ(dissents(), 1u);

    const std::string html = get(public_1 + "?lang=en").body();
    const std::string assessed = section(html, "assessments-heading");
    EXPECT_TRUE(contains(assessed,
        "<span class=\"dissent__organisation\">Semillas</span> · "
        "<time datetime=\"2024-05-06\">6 May 2024</time>"));
    EXPECT_TRUE(contains(assessed, "La consulta no incluyó a las organizaciones del interior"));
    EXPECT_TRUE(contains(section(html, "record-heading"), "Dissent recorded"));
}

TEST_F(MonitoringPages, TheOpenGovernmentUnitRecordsTheGovernmentsLevelButNoDissent)
{
    Browser unit = signed_in_as("ugo@gov.py");
    const http::Response form = get_as(unit, assessment_1);
    ASSERT_EQ(form.result(), http::Status::ok);
    const std::string csrf = testing::csrf_in(form.body());
    auto fields = assessment_fields(csrf);
    fields[1].second = "complete";
    ASSERT_EQ(post_as(unit, assessment_1, fields).result(), http::Status::see_other);
    const std::string assessed = section(get(public_1).body(), "assessments-heading");
    EXPECT_TRUE(
        contains(assessed, "<h3>Gobierno</h3>\n<p class=\"assessment__level\">Completo</p>"));

    EXPECT_EQ(get_as(unit, dissent_1).result(), http::Status::forbidden);
    EXPECT_EQ(post_as(unit, dissent_1, {{"csrf", csrf}, {"statement", "No"}}).result(),
        http::Status::forbidden);
    EXPECT_EQ(dissents(), 0u);
}

TEST_F(MonitoringPages, OtherRolesAreRefusedAndNothingIsStored)
{
    for (const char* email : {"carla@example.org", "ana@mj.gov.py"}) {
        SCOPED_TRACE(email);
        Browser browser = signed_in_as(email);
        // Any page's session token would do for a forged form: take the account page's.
        const std::string csrf = csrf_of(browser, "/account");
        ASSERT_FALSE(csrf.empty());
        EXPECT_EQ(get_as(browser, assessment_1).result(), http::Status::forbidden);
        EXPECT_EQ(get_as(browser, dissent_1).result(), http::Status::forbidden);
        EXPECT_EQ(post_as(browser, assessment_1, assessment_fields(csrf)).result(),
            http::Status::forbidden);
        EXPECT_EQ(post_as(browser, dissent_1, {{"csrf", csrf}, {"statement", "No"}}).result(),
            http::Status::forbidden);
    }
    Browser anonymous;
    const http::Response shown = get_as(anonymous, assessment_1);
    EXPECT_EQ(shown.result(), http::Status::see_other);
    EXPECT_EQ(shown[http::Field::location], "/sign-in?next=" + assessment_1);
    EXPECT_EQ(post_as(anonymous, assessment_1, assessment_fields("x")).result(),
        http::Status::unauthorized);
    EXPECT_EQ(assessments(), 1u);
    EXPECT_EQ(dissents(), 0u);
}

TEST_F(MonitoringPages, AMissingOrWrongCsrfTokenIsRefused)
{
    Browser monitor = signed_in_as("semillas@example.org");
    auto fields = assessment_fields("");
    fields.erase(fields.begin());
    EXPECT_EQ(post_as(monitor, assessment_1, fields).result(), http::Status::forbidden);
    EXPECT_EQ(post_as(monitor, assessment_1, assessment_fields(std::string(64, 'a'))).result(),
        http::Status::forbidden);
    EXPECT_EQ(post_as(monitor, dissent_1, {{"statement", "No"}}).result(), http::Status::forbidden);
    EXPECT_EQ(assessments(), 1u);
    EXPECT_EQ(dissents(), 0u);
}

TEST_F(MonitoringPages, BadInputIsShownBesideItsFieldAndNothingIsStored)
{
    Browser monitor = signed_in_as("semillas@example.org");
    const std::string csrf = csrf_of(monitor, assessment_1);
    const http::Response refused = post_as(monitor, assessment_1,
        {{"csrf", csrf}, {"level", "excellent"}, {"date", "2024-02-30"}, {"justification", " "}});
    ASSERT_EQ(refused.result(), http::Status::bad_request);
    const std::string& html = refused.body();
    EXPECT_TRUE(contains(html, "<title>Error:"));
    EXPECT_TRUE(contains(html, "<a href=\"#assessment-level\">Elija un nivel de cumplimiento</a>"));
    EXPECT_TRUE(contains(html, "id=\"assessment-date-error\">Escriba una fecha válida"));
    EXPECT_TRUE(contains(html, "id=\"assessment-justification-error\">Escriba la justificación"));
    EXPECT_TRUE(contains(html, "value=\"2024-02-30\"")) << "what was typed is kept";

    const http::Response empty = post_as(monitor, dissent_1, {{"csrf", csrf}, {"statement", "\n"}});
    ASSERT_EQ(empty.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(empty.body(), "id=\"dissent-statement-error\">"));
    EXPECT_EQ(assessments(), 1u);
    EXPECT_EQ(dissents(), 0u);
    EXPECT_EQ(
        get_as(monitor, "/plans/TP/commitments/9/assessment").result(), http::Status::not_found);
}

TEST_F(MonitoringPages, ThePublicRecordShowsAPublishedUpdateButNotAPendingOne)
{
    auto officer = m_accounts->find_account_by_email("ana@mj.gov.py");
    ASSERT_TRUE(officer.ok() && *officer);
    const storage::AuditActor by{(*officer)->id, "ana@mj.gov.py", "officer"};
    storage::UpdateSubmission update{
        "TP", "1", "1.1", Date{2024, 4, 30}, plans::Progress::of(40), "Cuatro oficinas", {}};
    ASSERT_TRUE(m_workspace->submit_update(update, by, "2024-05-01T09:00:00Z").ok());
    auto unit = m_accounts->find_account_by_email("ugo@gov.py");
    ASSERT_TRUE(unit.ok() && *unit);
    ASSERT_TRUE(m_workspace
                    ->set_updates_need_validation("TP", true,
                        {(*unit)->id, "ugo@gov.py", "administrator"}, "2024-05-02T00:00:00Z")
                    .ok());
    update.progress = plans::Progress::of(90);
    update.as_of = Date{2024, 5, 5};
    auto pending = m_workspace->submit_update(update, by, "2024-05-05T09:00:00Z");
    ASSERT_TRUE(pending.ok());
    ASSERT_FALSE(pending->published);

    const std::string html = get(public_1).body();
    const std::string record = section(html, "record-heading");
    EXPECT_EQ(count_of(record, "<li class=\"record__entry\">"), 1u) << record;
    EXPECT_TRUE(contains(record, "Avance publicado"));
    EXPECT_TRUE(contains(record, "40,0\u00a0%"));
    EXPECT_TRUE(contains(record, "Ana Pérez, responsable institucional (Ministerio de Justicia)"));
    EXPECT_FALSE(contains(record, "90,0")) << "a pending update is not public";
    EXPECT_FALSE(contains(html, "ana@mj.gov.py")) << "no e-mail address on a public page";

    // Approved, it joins the record.
    ASSERT_TRUE(m_workspace
                    ->approve(pending->id, {(*unit)->id, "ugo@gov.py", "administrator"},
                        "2024-05-06T08:00:00Z")
                    .ok());
    const std::string approved = section(get(public_1).body(), "record-heading");
    EXPECT_EQ(count_of(approved, "<li class=\"record__entry\">"), 2u);
    EXPECT_TRUE(contains(approved, "Avance aprobado y publicado"));
    EXPECT_TRUE(contains(approved, "90,0\u00a0%"));
}

TEST_F(MonitoringPages, ThePublicRecordSaysWhichFieldsAnEditChanged)
{
    auto unit = m_accounts->find_account_by_email("ugo@gov.py");
    ASSERT_TRUE(unit.ok() && *unit);
    auto loaded = m_plans->load_commitment("TP", "1");
    ASSERT_TRUE(loaded.ok());
    plans::Commitment edited = loaded->commitments[0];
    edited.title = "Ley de acceso a la información pública";
    auto saved = m_plan_editor->save_commitment("TP", edited, storage::SaveMode::update,
        {(*unit)->id, "ugo@gov.py", "administrator"}, "2024-05-06T09:00:00Z");
    ASSERT_TRUE(saved.ok()) << describe(saved.error());

    const std::string html = get(public_1).body();
    const std::string record = section(html, "record-heading");
    EXPECT_EQ(count_of(record, "<li class=\"record__entry\">"), 1u) << record;
    EXPECT_TRUE(contains(record, "Compromiso modificado"));
    EXPECT_TRUE(contains(record, "<dt>Campos cambiados</dt><dd>Título</dd>")) << record;
    EXPECT_TRUE(contains(record, "Ana Pérez, Unidad de Gobierno Abierto"));
    EXPECT_FALSE(contains(html, "ugo@gov.py"));
}

}  // namespace
}  // namespace tablero::web

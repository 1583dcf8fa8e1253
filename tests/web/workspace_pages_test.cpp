// The institution workspace through the pipeline, with a real SQLite database: what an officer
// sees and may report on, updates published at once or held for the Open Government Unit,
// approval into the public history and return with a comment, the plan setting, and every
// refusal (CSRF, another institution's commitment, roles without the right, bad input) leaving
// the database as it was. The public commitment page is the witness of what is published.
#include "domain/i18n/format.h"
#include "domain/plans/plan_import.h"
#include "signed_in_fixture.h"

#include <gtest/gtest.h>

namespace tablero::web {
namespace {

using storage::SubmissionState;
using testing::Browser;
using testing::contains;
using testing::csrf_in;
using testing::FormFieldList;

// Monday 6 May 2024 is the fixture's today.
constexpr std::string_view today = "2024-05-06";
const std::string report_11 = "/workspace/plans/TP/commitments/1/results/1.1";
const std::string public_1 = "/plans/TP/commitments/1";

class WorkspacePages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        // Commitment 1 of the Ministerio de Justicia: 1.1, a leaf, and 1.2, rolled up from
        // 1.2.1. Commitment 2 of SENATICs: 2.1.
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        auto result = [](std::string code, std::string parent) {
            plans::ImportedResult row;
            row.code = std::move(code);
            row.title = "Resultado " + row.code;
            row.parent = std::move(parent);
            return row;
        };
        plans::ImportedCommitment justice{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        justice.results = {result("1.1", ""), result("1.2", ""), result("1.2.1", "1.2")};
        plans::ImportedCommitment senatics{
            "2", "Portal de datos", "Transparencia", "SENATICs", {}, {}};
        senatics.results = {result("2.1", "")};
        plan.commitments = {justice, senatics};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());

        add_named(
            "ana@mj.gov.py", "Ana Benítez", accounts::Role::officer, {"Ministerio de Justicia"});
        add_named("beto@senatics.gov.py", "Beto Ruiz", accounts::Role::officer, {"SENATICs"});
        add_named("ugo@gov.py", "Ugo Revisor", accounts::Role::administrator);
        add_named("carla@example.org", "Carla Gómez", accounts::Role::citizen);
        add_named("semillas@example.org", "Semillas", accounts::Role::monitor, {}, "Semillas");
    }

    // An account with testing::good_password and its own display name, so a page that names
    // people shows which one.
    void add_named(const std::string& email, const std::string& name, accounts::Role role,
        std::set<std::string> institutions = {}, std::string organisation = {})
    {
        auto hash = security::hash_password(testing::good_password, security::HashCost::test);
        ASSERT_TRUE(hash.ok());
        auto created = m_accounts->create_account(
            {email, name, role, std::move(institutions), std::move(organisation), *hash},
            storage::AuditActor::system("test"), "2024-01-01T00:00:00Z");
        ASSERT_TRUE(created.ok()) << describe(created.error());
    }

    std::size_t stored(SubmissionState state)
    {
        auto found = m_workspace->submissions("TP", state);
        EXPECT_TRUE(found.ok());
        return found.ok() ? found->size() : 0;
    }
    std::size_t stored_at_all()
    {
        return stored(SubmissionState::pending) + stored(SubmissionState::approved) +
            stored(SubmissionState::returned);
    }

    std::string public_page() { return get(public_1).body(); }

    // The report form's fields with a good value, changed by `changes` (an empty value
    // removes nothing: it sends the field empty).
    FormFieldList report_fields(const std::string& csrf, FormFieldList changes = {})
    {
        FormFieldList fields = {{"csrf", csrf}, {"percent", "60"}, {"as_of", std::string(today)},
            {"note", "Seis de diez oficinas abiertas"}, {"evidence_title_1", "Informe de mayo"},
            {"evidence_url_1", "https://example.org/informe-mayo.pdf"}, {"evidence_title_2", ""},
            {"evidence_url_2", ""}, {"evidence_title_3", ""}, {"evidence_url_3", ""}};
        for (const auto& [name, value] : changes) {
            bool replaced = false;
            for (auto& field : fields) {
                if (field.first == name) {
                    field.second = value;
                    replaced = true;
                }
            }
            if (!replaced)
                fields.emplace_back(name, value);
        }
        return fields;
    }

    http::Response report(Browser& browser, const std::string& target, FormFieldList changes = {})
    {
        const std::string csrf = csrf_of(browser, target);
        EXPECT_FALSE(csrf.empty()) << target;
        return post_as(browser, target, report_fields(csrf, std::move(changes)));
    }

    void set_validation(bool on)
    {
        Browser admin = signed_in_as("ugo@gov.py");
        const std::string target = "/workspace/plans/TP/settings";
        const auto response = post_as(admin, target,
            {{"csrf", csrf_of(admin, target)}, {"updates", on ? "validate" : "at_once"}});
        ASSERT_EQ(response.result(), http::Status::see_other) << response.body();
        auto needs = m_workspace->updates_need_validation("TP");
        ASSERT_TRUE(needs.ok());
        ASSERT_EQ(*needs, on);
    }

    std::string percent(double value) { return i18n::format_percent(i18n::Language::es, value); }
};

TEST_F(WorkspacePages, AnOfficerSeesTheLeafResultsOfTheirInstitutionOnly)
{
    // A second plan where only SENATICs leads a commitment.
    plans::ImportedPlan second{"OP", "Otro plan", {}};
    plans::ImportedCommitment data{"1", "Datos de salud", "Salud", "SENATICs", {}, {}};
    plans::ImportedResult row;
    row.code = "1.1";
    row.title = "Resultado 1.1";
    data.results = {row};
    second.commitments = {data};
    ASSERT_TRUE(m_plans->apply_import(second, "test", "2024-01-01T00:00:00Z").ok());

    // The workspace lists the plans with results to report on, and how many.
    Browser ana = signed_in_as("ana@mj.gov.py");
    const http::Response index = get_as(ana, "/workspace");
    ASSERT_EQ(index.result(), http::Status::ok) << index.body();
    EXPECT_EQ(testing::header(index, http::Field::cache_control), "no-store");
    EXPECT_TRUE(contains(index.body(), "href=\"/workspace/plans/TP\"")) << index.body();
    EXPECT_TRUE(contains(index.body(),
        "<dt>Compromisos de sus instituciones</dt><dd>1</dd>\n"
        "<dt>Resultados a informar</dt><dd>2</dd>"))
        << index.body();
    EXPECT_FALSE(contains(index.body(), "/workspace/plans/OP"));
    EXPECT_FALSE(contains(index.body(), "/workspace/review"));

    // The plan's page lists them.
    const http::Response page = get_as(ana, "/workspace/plans/TP");
    ASSERT_EQ(page.result(), http::Status::ok) << page.body();
    EXPECT_EQ(testing::header(page, http::Field::cache_control), "no-store");
    const std::string& html = page.body();
    EXPECT_TRUE(contains(html, "<h1>Plan de prueba</h1>"));
    EXPECT_TRUE(contains(html, "href=\"" + report_11 + "\""));
    EXPECT_TRUE(contains(html, "href=\"/workspace/plans/TP/commitments/1/results/1.2.1\""));
    // A parent's figure is rolled up, and commitment 2 belongs to SENATICs.
    EXPECT_FALSE(contains(html, "results/1.2\""));
    EXPECT_FALSE(contains(html, "results/2.1"));
    EXPECT_FALSE(contains(html, "Portal de datos"));
    EXPECT_TRUE(contains(html, "Ley de acceso"));
    EXPECT_TRUE(contains(html, "Sin actualizaciones todavía."));
    // A plan without the officer's commitments says so; a plan that does not exist is not found.
    EXPECT_TRUE(contains(get_as(ana, "/workspace/plans/OP").body(),
        "Sus instituciones no lideran ningún compromiso de este plan."));
    EXPECT_EQ(get_as(ana, "/workspace/plans/NONE").result(), http::Status::not_found);

    Browser beto = signed_in_as("beto@senatics.gov.py");
    const std::string others = get_as(beto, "/workspace").body();
    EXPECT_TRUE(contains(others, "href=\"/workspace/plans/TP\""));
    EXPECT_TRUE(contains(others, "href=\"/workspace/plans/OP\""));
    const std::string other = get_as(beto, "/workspace/plans/TP").body();
    EXPECT_TRUE(contains(other, "results/2.1"));
    EXPECT_FALSE(contains(other, "results/1.1"));
}

TEST_F(WorkspacePages, APlansResultsComeTenCommitmentsAPage)
{
    plans::ImportedPlan large{"LP", "Plan grande", {}};
    for (int i = 1; i <= 12; ++i) {
        const std::string code = std::to_string(i);
        plans::ImportedCommitment commitment{
            code, "Compromiso " + code, "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedResult row;
        row.code = code + ".1";
        row.title = "Resultado " + row.code;
        commitment.results = {row};
        large.commitments.push_back(commitment);
    }
    ASSERT_TRUE(m_plans->apply_import(large, "test", "2024-01-01T00:00:00Z").ok());
    Browser ana = signed_in_as("ana@mj.gov.py");
    EXPECT_TRUE(contains(
        get_as(ana, "/workspace").body(), "<dt>Compromisos de sus instituciones</dt><dd>12</dd>"));
    const std::string first = get_as(ana, "/workspace/plans/LP").body();
    EXPECT_TRUE(contains(first, "results/10.1\""));
    EXPECT_FALSE(contains(first, "results/11.1\""));
    EXPECT_TRUE(contains(first, "Página 1 de 2"));
    EXPECT_TRUE(contains(first, "href=\"/workspace/plans/LP?page=2\" rel=\"next\""));
    const std::string second = get_as(ana, "/workspace/plans/LP?page=2").body();
    EXPECT_TRUE(contains(second, "results/11.1\""));
    EXPECT_TRUE(contains(second, "results/12.1\""));
    EXPECT_FALSE(contains(second, "results/1.1\""));
}

TEST_F(WorkspacePages, AnOfficersUpdateIsPublishedAtOnceByDefault)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    const http::Response form = get_as(ana, report_11);
    ASSERT_EQ(form.result(), http::Status::ok) << form.body();
    for (const char* part : {"<label class=\"account-field__label\" for=\"report-percent\">",
             "name=\"as_of\" type=\"date\" max=\"2024-05-06\" required value=\"2024-05-06\"",
             "for=\"report-evidence_url_3\"", "<legend>Evidencia (opcional)</legend>"})
        EXPECT_TRUE(contains(form.body(), part)) << part;
    // Files go with the form (report_form.h reads the fields whatever carried them).
    EXPECT_TRUE(contains(form.body(), "enctype=\"multipart/form-data\""));
    EXPECT_TRUE(contains(form.body(), "name=\"evidence_file\" type=\"file\" multiple"));
    EXPECT_FALSE(contains(public_page(), "Seis de diez oficinas"));

    const http::Response sent = report(ana, report_11);
    ASSERT_EQ(sent.result(), http::Status::see_other) << sent.body();
    EXPECT_EQ(testing::header(sent, http::Field::location), "/workspace?done=published");
    EXPECT_EQ(stored(SubmissionState::approved), 1u);
    EXPECT_TRUE(contains(get_as(ana, "/workspace?done=published").body(),
        "Se publicó el avance. Ya aparece en la página pública del compromiso."));

    const std::string html = public_page();
    EXPECT_TRUE(contains(html, percent(60))) << html;
    // The commitment: (60 + 0) / 2.
    EXPECT_TRUE(contains(html, percent(30)));
    EXPECT_TRUE(contains(html, "Seis de diez oficinas abiertas"));
    EXPECT_TRUE(contains(html, "href=\"https://example.org/informe-mayo.pdf\""));
    // The officer is named by the name they gave, never by their e-mail address.
    EXPECT_TRUE(contains(html, "Ana Benítez"));
    EXPECT_FALSE(contains(html, "ana@mj.gov.py"));
    // The plan's page in the workspace shows the figure and the date of the latest update.
    const std::string workspace = get_as(ana, "/workspace/plans/TP").body();
    EXPECT_TRUE(contains(workspace, "datetime=\"2024-05-06\""));
}

TEST_F(WorkspacePages, OfficersSeeWhatTheLinkChecksFound)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    ASSERT_EQ(report(ana, report_11).result(), http::Status::see_other);
    // Not checked yet.
    std::string page = get_as(ana, "/workspace/plans/TP").body();
    EXPECT_TRUE(contains(page, "<h2 id=\"links-heading\">Estado de los enlaces de evidencia</h2>"))
        << page;
    EXPECT_TRUE(contains(page, "href=\"https://example.org/informe-mayo.pdf\""));
    EXPECT_TRUE(contains(page, "<strong>Aún no comprobado</strong>"));

    // The checker found it broken on 5 May.
    ASSERT_TRUE(m_link_checks
                    ->record("https://example.org/informe-mayo.pdf",
                        {tablero::evidence::LinkOutcome::broken, 404, "404 Not Found"},
                        std::chrono::sys_days{std::chrono::year{2024} / 5 / 5})
                    .ok());
    page = get_as(ana, "/workspace/plans/TP").body();
    EXPECT_TRUE(contains(page, "workspace-link-check--broken"));
    EXPECT_TRUE(contains(page,
        "<strong>Roto</strong> (404 Not Found) · comprobado el <time "
        "datetime=\"2024-05-05T00:00:00Z\">"))
        << page;
    EXPECT_FALSE(contains(page, "Aún no comprobado"));

    // Another institution's officer sees none of it.
    Browser beto = signed_in_as("beto@senatics.gov.py");
    EXPECT_FALSE(contains(get_as(beto, "/workspace/plans/TP").body(), "informe-mayo.pdf"));
}

TEST_F(WorkspacePages, WithValidationAnUpdateWaitsUnseenUntilTheUnitApprovesIt)
{
    set_validation(true);
    Browser ana = signed_in_as("ana@mj.gov.py");
    const std::string before = public_page();
    const http::Response sent = report(ana, report_11, {{"percent", "75,5"}});
    ASSERT_EQ(sent.result(), http::Status::see_other) << sent.body();
    EXPECT_EQ(testing::header(sent, http::Field::location), "/workspace?done=pending");
    EXPECT_EQ(stored(SubmissionState::pending), 1u);

    // Nothing public: the commitment page is the same page.
    const std::string during = public_page();
    EXPECT_EQ(during, before);
    EXPECT_FALSE(contains(during, "Seis de diez oficinas"));
    EXPECT_FALSE(contains(during, percent(75.5)));
    // Nor on the plan's page, its CSV downloads or its feed.
    const std::vector<std::string> elsewhere = {
        "/plans/TP", "/plans/TP/commitments.csv", public_1 + "/results.csv", "/plans/TP/feed.atom"};
    for (const std::string& target : elsewhere) {
        SCOPED_TRACE(target);
        const std::string body = get(target).body();
        EXPECT_FALSE(contains(body, "Seis de diez oficinas"));
        EXPECT_FALSE(contains(body, "75.5"));
        EXPECT_FALSE(contains(body, percent(75.5)));
    }

    const std::string workspace = get_as(ana, "/workspace").body();
    EXPECT_TRUE(contains(workspace, "Sus actualizaciones en espera de validación"));
    EXPECT_TRUE(contains(workspace, percent(75.5)));

    Browser ugo = signed_in_as("ugo@gov.py");
    const std::string admin_page = get_as(ugo, "/workspace").body();
    EXPECT_TRUE(contains(admin_page, "href=\"/workspace/review\""));
    EXPECT_TRUE(contains(admin_page, "(Pendientes: 1)"));
    EXPECT_TRUE(contains(admin_page, "Esperan la validación de la Unidad"));

    const http::Response queue = get_as(ugo, "/workspace/review");
    ASSERT_EQ(queue.result(), http::Status::ok) << queue.body();
    const auto pending = m_workspace->submissions("TP", SubmissionState::pending);
    ASSERT_TRUE(pending.ok() && pending->size() == 1);
    const std::string id = std::to_string(pending->front().id);
    for (const std::string& part :
        {std::string("Resultado 1.1"), std::string("Sin informar"), percent(75.5),
            std::string("Seis de diez oficinas abiertas"),
            std::string("href=\"https://example.org/informe-mayo.pdf\""),
            std::string("ana@mj.gov.py"), "action=\"/workspace/review/" + id + "/approve?lang=es\"",
            "action=\"/workspace/review/" + id + "/return?lang=es\""})
        EXPECT_TRUE(contains(queue.body(), part)) << part;

    const std::string approve = "/workspace/review/" + id + "/approve";
    const http::Response approved = post_as(ugo, approve, {{"csrf", csrf_in(queue.body())}});
    ASSERT_EQ(approved.result(), http::Status::see_other) << approved.body();
    EXPECT_EQ(testing::header(approved, http::Field::location), "/workspace/review?done=approved");
    EXPECT_EQ(stored(SubmissionState::approved), 1u);

    const std::string after = public_page();
    EXPECT_TRUE(contains(after, percent(75.5)));
    EXPECT_TRUE(contains(after, "Seis de diez oficinas abiertas"));
    EXPECT_TRUE(contains(after, "href=\"https://example.org/informe-mayo.pdf\""));
    // The history names the officer who reported it, by name; no address is ever public.
    EXPECT_TRUE(contains(after, "Ana Benítez"));
    EXPECT_FALSE(contains(after, "ugo@gov.py"));
    EXPECT_FALSE(contains(after, "ana@mj.gov.py"));
    EXPECT_FALSE(contains(get_as(ana, "/workspace").body(), "en espera de validación"));
    // Once approved, the feed and the CSV have it.
    EXPECT_TRUE(contains(get("/plans/TP/feed.atom").body(), "Seis de diez oficinas abiertas"));
    EXPECT_TRUE(contains(get(public_1 + "/results.csv").body(), "75.5"));

    // Approving it again is a clear refusal, not an error of the server.
    const http::Response again = post_as(ugo, approve, {{"csrf", csrf_in(queue.body())}});
    EXPECT_EQ(again.result(), http::Status::conflict);
    EXPECT_TRUE(contains(again.body(), "Esa actualización ya fue revisada; no se cambió nada."));
    const http::Response unknown =
        post_as(ugo, "/workspace/review/999/approve", {{"csrf", csrf_in(queue.body())}});
    EXPECT_EQ(unknown.result(), http::Status::not_found);
}

TEST_F(WorkspacePages, TheUnitReturnsAnUpdateWithACommentTheOfficerSees)
{
    set_validation(true);
    Browser ana = signed_in_as("ana@mj.gov.py");
    ASSERT_EQ(report(ana, report_11, {{"percent", "90"}}).result(), http::Status::see_other);
    const auto pending = m_workspace->submissions("TP", SubmissionState::pending);
    ASSERT_TRUE(pending.ok() && pending->size() == 1);
    const std::string id = std::to_string(pending->front().id);
    const std::string give_back = "/workspace/review/" + id + "/return";

    Browser ugo = signed_in_as("ugo@gov.py");
    const std::string csrf = csrf_of(ugo, "/workspace/review");
    const http::Response empty = post_as(ugo, give_back, {{"csrf", csrf}, {"comment", "  "}});
    EXPECT_EQ(empty.result(), http::Status::bad_request);
    const std::string field = "return-" + id + "-comment";
    EXPECT_TRUE(contains(empty.body(), "id=\"" + field + "-error\""));
    EXPECT_TRUE(contains(empty.body(), "href=\"#" + field + "\""));
    EXPECT_TRUE(contains(empty.body(), "Escriba un comentario que diga qué corregir."));
    EXPECT_EQ(stored(SubmissionState::pending), 1u);

    const http::Response returned = post_as(
        ugo, give_back, {{"csrf", csrf}, {"comment", "El informe de mayo dice 60 %, no 90 %."}});
    ASSERT_EQ(returned.result(), http::Status::see_other) << returned.body();
    EXPECT_EQ(stored(SubmissionState::returned), 1u);
    EXPECT_FALSE(contains(public_page(), percent(90)));

    const std::string workspace = get_as(ana, "/workspace").body();
    EXPECT_TRUE(contains(workspace, "Actualizaciones devueltas"));
    EXPECT_TRUE(contains(workspace, "El informe de mayo dice 60 %, no 90 %."));
    EXPECT_TRUE(contains(workspace, "href=\"" + report_11 + "?again=" + id + "\""));
    // The form opens with what was sent, to correct it.
    const std::string again = get_as(ana, report_11 + "?again=" + id).body();
    EXPECT_TRUE(contains(again,
        "name=\"percent\" type=\"text\" inputmode=\"decimal\" "
        "autocomplete=\"off\" value=\"90.0\""));
    EXPECT_TRUE(contains(again, "value=\"https://example.org/informe-mayo.pdf\""));
    // Another institution's officer cannot open that form at all.
    Browser beto = signed_in_as("beto@senatics.gov.py");
    EXPECT_EQ(get_as(beto, report_11 + "?again=" + id).result(), http::Status::forbidden);

    // Reported again, the returned one leaves the list.
    ASSERT_EQ(report(ana, report_11).result(), http::Status::see_other);
    EXPECT_FALSE(contains(get_as(ana, "/workspace").body(), "Actualizaciones devueltas"));
}

TEST_F(WorkspacePages, AMissingOrWrongCsrfTokenIsRefusedAndNothingIsStored)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    const std::string good = csrf_of(ana, report_11);
    ASSERT_FALSE(good.empty());
    const std::string before = public_page();
    struct Row {
        const char* name;
        std::string csrf;
    };
    Browser beto = signed_in_as("beto@senatics.gov.py");
    const std::string betos = csrf_of(beto, "/workspace/plans/TP/commitments/2/results/2.1");
    ASSERT_FALSE(betos.empty());
    for (const Row& row :
        {Row{"missing", ""}, Row{"wrong", std::string(64, 'a')}, Row{"another session's", betos}}) {
        SCOPED_TRACE(row.name);
        FormFieldList fields = report_fields(row.csrf);
        if (row.csrf.empty())
            fields.erase(fields.begin());
        const http::Response response = post_as(ana, report_11, fields);
        EXPECT_EQ(response.result(), http::Status::forbidden);
    }
    EXPECT_EQ(stored_at_all(), 0u);
    EXPECT_EQ(public_page(), before);

    // The unit's forms too.
    set_validation(true);
    ASSERT_EQ(post_as(ana, report_11, report_fields(good)).result(), http::Status::see_other);
    const auto pending = m_workspace->submissions("TP", SubmissionState::pending);
    ASSERT_TRUE(pending.ok() && pending->size() == 1);
    const std::string id = std::to_string(pending->front().id);
    Browser ugo = signed_in_as("ugo@gov.py");
    EXPECT_EQ(
        post_as(ugo, "/workspace/review/" + id + "/approve", {}).result(), http::Status::forbidden);
    EXPECT_EQ(post_as(ugo, "/workspace/review/" + id + "/return",
                  {{"csrf", std::string(64, 'b')}, {"comment", "No"}})
                  .result(),
        http::Status::forbidden);
    EXPECT_EQ(post_as(ugo, "/workspace/plans/TP/settings", {{"updates", "at_once"}}).result(),
        http::Status::forbidden);
    EXPECT_EQ(stored(SubmissionState::pending), 1u);
    auto needs = m_workspace->updates_need_validation("TP");
    ASSERT_TRUE(needs.ok());
    EXPECT_TRUE(*needs);
}

TEST_F(WorkspacePages, AnOfficerOfAnotherInstitutionIsRefusedAndNothingChanges)
{
    Browser beto = signed_in_as("beto@senatics.gov.py");
    const http::Response form = get_as(beto, report_11);
    EXPECT_EQ(form.result(), http::Status::forbidden);
    EXPECT_TRUE(contains(form.body(), "<html lang=\"es\">"));
    // Beto's own form gives him a valid token; it does not open another institution's result.
    const std::string csrf = csrf_of(beto, "/workspace/plans/TP/commitments/2/results/2.1");
    ASSERT_FALSE(csrf.empty());
    const http::Response sent = post_as(beto, report_11, report_fields(csrf));
    EXPECT_EQ(sent.result(), http::Status::forbidden);
    EXPECT_EQ(stored_at_all(), 0u);
    EXPECT_FALSE(contains(public_page(), "Seis de diez oficinas"));
    // An officer neither validates nor changes settings.
    EXPECT_EQ(get_as(beto, "/workspace/review").result(), http::Status::forbidden);
    EXPECT_EQ(get_as(beto, "/workspace/plans/TP/settings").result(), http::Status::forbidden);
    EXPECT_EQ(
        post_as(beto, "/workspace/plans/TP/settings", {{"csrf", csrf}, {"updates", "validate"}})
            .result(),
        http::Status::forbidden);
    auto needs = m_workspace->updates_need_validation("TP");
    ASSERT_TRUE(needs.ok());
    EXPECT_FALSE(*needs);
}

TEST_F(WorkspacePages, CitizensMonitorsAndVisitorsAreRefused)
{
    for (const char* email : {"carla@example.org", "semillas@example.org"}) {
        SCOPED_TRACE(email);
        Browser browser = signed_in_as(email);
        for (const std::string& target :
            {std::string("/workspace"), std::string("/workspace/plans/TP"), report_11,
                std::string("/workspace/review"), std::string("/workspace/plans/TP/settings")}) {
            SCOPED_TRACE(target);
            const http::Response response = get_as(browser, target);
            EXPECT_EQ(response.result(), http::Status::forbidden);
            // The refusal says why.
            EXPECT_TRUE(contains(response.body(), "403"));
        }
        // A token of their own session (from the account page) opens nothing.
        const std::string csrf = csrf_of(browser, "/account");
        ASSERT_FALSE(csrf.empty());
        EXPECT_EQ(
            post_as(browser, report_11, report_fields(csrf)).result(), http::Status::forbidden);
        EXPECT_EQ(post_as(browser, "/workspace/review/1/approve", {{"csrf", csrf}}).result(),
            http::Status::forbidden);
        // The account page has no link to the workspace for them.
        EXPECT_FALSE(contains(get_as(browser, "/account").body(), "href=\"/workspace\""));
    }
    EXPECT_EQ(stored_at_all(), 0u);

    Browser visitor;
    const http::Response page = get_as(visitor, "/workspace");
    EXPECT_EQ(page.result(), http::Status::see_other);
    EXPECT_EQ(testing::header(page, http::Field::location), "/sign-in?next=/workspace");
    EXPECT_EQ(post_as(visitor, report_11, report_fields("")).result(), http::Status::unauthorized);
    EXPECT_EQ(stored_at_all(), 0u);

    // Officers and administrators find the workspace from their account page.
    Browser ana = signed_in_as("ana@mj.gov.py");
    EXPECT_TRUE(contains(get_as(ana, "/account").body(), "href=\"/workspace\""));
    Browser ugo = signed_in_as("ugo@gov.py");
    EXPECT_TRUE(contains(get_as(ugo, "/account").body(), "href=\"/workspace\""));
}

TEST_F(WorkspacePages, BadInputComesBackBesideItsFieldAndNothingIsStored)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    struct Row {
        const char* name;
        FormFieldList changes;
        const char* field;
        const char* message;
    };
    const Row rows[] = {
        {"150 %", {{"percent", "150"}}, "percent", "El porcentaje debe ser un número de 0 a 100."},
        {"not a number", {{"percent", "mucho"}}, "percent",
            "El porcentaje debe ser un número de 0 a 100."},
        {"no figure", {{"percent", ""}}, "percent", "o marque «No aplica»."},
        {"a figure and not applicable", {{"not_applicable", "yes"}}, "percent",
            "Deje vacío el porcentaje si el resultado no aplica."},
        {"a date after today", {{"as_of", "2024-05-07"}}, "as_of",
            "La fecha no puede ser posterior a hoy"},
        {"not a date", {{"as_of", "2024-02-30"}}, "as_of", "Escriba la fecha como AAAA-MM-DD"},
        {"a javascript: link", {{"evidence_url_1", "javascript:alert(1)"}}, "evidence_url_1",
            "La dirección debe ser un enlace web que empiece con https:// o http://."},
        {"a link without a host", {{"evidence_url_2", "https:///x"}}, "evidence_url_2",
            "La dirección debe ser un enlace web"},
        {"a title without a link", {{"evidence_title_3", "Acta"}}, "evidence_url_3",
            "Escriba la dirección del enlace, o borre su título."},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = report(ana, report_11, row.changes);
        EXPECT_EQ(response.result(), http::Status::bad_request);
        const std::string& html = response.body();
        const std::string id = std::string("report-") + row.field;
        // The message sits under the field's label, the field points at it, and the summary
        // links to the field.
        const auto error_at = html.find("id=\"" + id + "-error\"");
        ASSERT_NE(error_at, std::string::npos) << html;
        EXPECT_NE(html.find(row.message, error_at), std::string::npos);
        EXPECT_TRUE(contains(html, "aria-describedby=\"" + id + "-hint " + id + "-error\""));
        EXPECT_TRUE(contains(html, "href=\"#" + id + "\""));
        EXPECT_TRUE(contains(html, "<title>Error:"));
        // What was typed stays in the form.
        for (const auto& [name, value] : row.changes) {
            if (!value.empty() && name != "not_applicable") {
                EXPECT_TRUE(contains(html, "value=\"" + value + "\"")) << name;
            }
        }
    }
    EXPECT_EQ(stored_at_all(), 0u);

    // The node is in the address: an unknown one and one with results below it are refused.
    const std::string csrf = csrf_of(ana, report_11);
    const http::Response unknown =
        post_as(ana, "/workspace/plans/TP/commitments/1/results/9.9", report_fields(csrf));
    EXPECT_EQ(unknown.result(), http::Status::not_found);
    EXPECT_TRUE(contains(unknown.body(), "Este compromiso no tiene ese resultado."));
    const http::Response parent =
        post_as(ana, "/workspace/plans/TP/commitments/1/results/1.2", report_fields(csrf));
    EXPECT_EQ(parent.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(parent.body(), "su valor se calcula a partir de ellos"));
    EXPECT_EQ(get_as(ana, "/workspace/plans/TP/commitments/1/results/1.2").result(),
        http::Status::bad_request);
    EXPECT_EQ(stored_at_all(), 0u);

    // Not applicable, a decimal comma and an upper-case scheme are fine.
    const http::Response fine = report(ana, "/workspace/plans/TP/commitments/1/results/1.2.1",
        {{"percent", ""}, {"not_applicable", "yes"}, {"evidence_url_1", "HTTPS://example.org/a"}});
    EXPECT_EQ(fine.result(), http::Status::see_other) << fine.body();
    EXPECT_TRUE(contains(public_page(), "href=\"https://example.org/a\""));
}

TEST_F(WorkspacePages, TheAdministratorSetsWhetherAPlansUpdatesWaitForValidation)
{
    Browser ugo = signed_in_as("ugo@gov.py");
    const std::string target = "/workspace/plans/TP/settings";
    const http::Response form = get_as(ugo, target);
    ASSERT_EQ(form.result(), http::Status::ok) << form.body();
    EXPECT_TRUE(contains(form.body(), "value=\"at_once\" checked"));
    const http::Response refused =
        post_as(ugo, target, {{"csrf", csrf_in(form.body())}, {"updates", "maybe"}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(refused.body(), "Elija una de las dos opciones."));
    set_validation(true);
    EXPECT_TRUE(contains(get_as(ugo, target).body(), "value=\"validate\" checked"));
    EXPECT_TRUE(contains(
        get_as(ugo, "/workspace?done=settings").body(), "Se guardó la configuración del plan."));
    EXPECT_EQ(get_as(ugo, "/workspace/plans/NOPE/settings").result(), http::Status::not_found);
    set_validation(false);
}

TEST_F(WorkspacePages, PagesSpeakTheReadersLanguage)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    const std::string html = get_as(ana, "/workspace?lang=en").body();
    EXPECT_TRUE(contains(html, "<html lang=\"en\">"));
    EXPECT_TRUE(contains(html, "Institution workspace"));
    EXPECT_TRUE(contains(html, "Report on this plan"));
    EXPECT_TRUE(contains(get_as(ana, "/workspace/plans/TP?lang=en").body(), "Report progress"));
    const std::string form = get_as(ana, report_11 + "?lang=en").body();
    EXPECT_TRUE(contains(form, "Percentage complete"));
    EXPECT_TRUE(contains(form, "action=\"" + report_11 + "?lang=en\""));
}

}  // namespace
}  // namespace tablero::web

namespace tablero::web {
namespace {

// Evidence files sent with the report form (multipart/form-data): kept under their hash and
// linked from the public page, or refused with a message beside the file input and nothing
// stored at all — neither the update, nor a file row, nor a file on disk.
class WorkspaceUploads : public WorkspacePages {
protected:
    http::Response report_with(
        Browser& browser, std::vector<testing::FilePart> files, FormFieldList changes = {})
    {
        const std::string csrf = csrf_of(browser, report_11);
        EXPECT_FALSE(csrf.empty());
        FormFieldList fields = report_fields(csrf, std::move(changes));
        fields.emplace_back("evidence_file_title", "Acta de apertura");
        return post_multipart_as(browser, report_11, fields, files);
    }

    long long file_rows()
    {
        auto counted = m_database->read([](soci::session& session) -> Result<long long> {
            long long count = 0;
            session << "SELECT COUNT(*) FROM evidence_files", soci::into(count);
            return count;
        });
        return counted.ok() ? *counted : -1;
    }

    std::size_t files_on_disk()
    {
        std::size_t count = 0;
        const auto folder = m_folder / "files";
        if (!std::filesystem::exists(folder))
            return 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
            count += entry.is_regular_file() ? 1 : 0;
        return count;
    }
};

const std::string small_pdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF\n";

TEST_F(WorkspaceUploads, AFileIsKeptByItsHashAndLinkedFromThePublicPage)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    const http::Response sent = report_with(ana, {{"evidence_file", "acta.pdf", small_pdf}});
    ASSERT_EQ(sent.result(), http::Status::see_other) << sent.body();
    EXPECT_EQ(file_rows(), 1);
    EXPECT_EQ(files_on_disk(), 1u);

    const std::string address = "/files/" + security::sha256_hex(small_pdf);
    const std::string html = public_page();
    EXPECT_TRUE(contains(html, "href=\"" + address + "\"")) << html;
    EXPECT_TRUE(contains(html, "Acta de apertura"));
    // The link given with it is kept too.
    EXPECT_TRUE(contains(html, "href=\"https://example.org/informe-mayo.pdf\""));

    const http::Response file = get(address);
    ASSERT_EQ(file.result(), http::Status::ok);
    EXPECT_EQ(testing::header(file, http::Field::content_type), "application/pdf");
    EXPECT_EQ(file.body(), small_pdf);
}

TEST_F(WorkspaceUploads, RefusedFilesLeaveNothingStored)
{
    m_context->max_upload_bytes = 1024;
    const std::string elf = std::string("\x7f"
                                        "ELF\x02\x01\x01",
                                7) +
        std::string(200, '\0');
    struct Case {
        std::string name;
        testing::FilePart file;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"oversized", {"evidence_file", "grande.pdf", small_pdf + std::string(2000, ' ')},
            "«grande.pdf» ocupa"},
        {"an executable named .pdf", {"evidence_file", "informe.pdf", elf},
            "su contenido es un programa ejecutable"},
        {"a path in the name", {"evidence_file", "../../etc/acta.pdf", small_pdf},
            "«../../etc/acta.pdf»: los nombres de archivo no pueden contener carpetas"},
    };
    Browser ana = signed_in_as("ana@mj.gov.py");
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const http::Response sent = report_with(ana, {c.file});
        EXPECT_EQ(sent.result(), http::Status::bad_request);
        const std::string& html = sent.body();
        EXPECT_TRUE(contains(html, c.message)) << html;
        // Beside the file input, and in the summary linked to it.
        EXPECT_TRUE(contains(html, "id=\"report-evidence_file-error\"")) << html;
        EXPECT_TRUE(contains(html, "href=\"#report-evidence_file\"")) << html;
        // What was typed stays.
        EXPECT_TRUE(contains(html, "Seis de diez oficinas abiertas"));
        EXPECT_EQ(stored_at_all(), 0u);
        EXPECT_EQ(file_rows(), 0);
        EXPECT_EQ(files_on_disk(), 0u);
    }
    EXPECT_FALSE(contains(public_page(), "Seis de diez oficinas"));
}

TEST_F(WorkspaceUploads, AFormWithOtherErrorsKeepsNoFile)
{
    Browser ana = signed_in_as("ana@mj.gov.py");
    const http::Response sent =
        report_with(ana, {{"evidence_file", "acta.pdf", small_pdf}}, {{"percent", "150"}});
    EXPECT_EQ(sent.result(), http::Status::bad_request);
    EXPECT_EQ(stored_at_all(), 0u);
    EXPECT_EQ(file_rows(), 0);
    EXPECT_EQ(files_on_disk(), 0u);
}

}  // namespace
}  // namespace tablero::web

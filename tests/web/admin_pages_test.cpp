// The administrators' pages through the pipeline, with a real SQLite database: an administrator
// builds a plan from the web (plan, area, commitment, results with weights), edits a weight and
// the public pages show the new figures; bad input comes back with the messages beside the
// fields and the values typed, and changes nothing; other roles, visitors and forms without
// the session's CSRF token are refused with nothing changed.
#include "signed_in_fixture.h"
#include "storage/audit_log.h"

#include <gtest/gtest.h>

#include <regex>

namespace tablero::web {
namespace {

using testing::Browser;
using testing::contains;
using testing::FormFieldList;

class AdminPages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        add_account("ogu@example.org", accounts::Role::administrator);
        add_account("ana@example.org", accounts::Role::officer, {"Ministerio de Justicia"});
        add_account("tedic@example.org", accounts::Role::monitor, {}, "TEDIC");
        add_account("citizen@example.org", accounts::Role::citizen);
    }

    // POSTs fields with the CSRF token of the form on the page at `page`.
    http::Response submit(
        Browser& browser, const std::string& page, const std::string& target, FormFieldList fields)
    {
        const std::string csrf = csrf_of(browser, page);
        EXPECT_FALSE(csrf.empty()) << page;
        fields.emplace_back("csrf", csrf);
        return post_as(browser, target, fields);
    }

    // An administrator's plan PY-2024 with area transparencia and commitment 1 holding results
    // 1.1 (weight 1) and 1.2 (weight 3), made through the pages.
    void build_plan(Browser& admin)
    {
        http::Response made = submit(admin, "/admin/plans/new", "/admin/plans/new",
            {{"code", "PY-2024"}, {"title", "Quinto plan de acción"}, {"organisation", ""},
                {"period_start", "2024-01-01"}, {"period_end", "2025-12-31"},
                {"lifecycle", "implementation"}});
        ASSERT_EQ(made.result(), http::Status::see_other) << made.body();
        EXPECT_EQ(made[http::Field::location], "/admin/plans/PY-2024?saved=plan");

        made = submit(admin, "/admin/plans/PY-2024", "/admin/plans/PY-2024/areas",
            {{"code", "transparencia"}, {"title", "Transparencia"}});
        ASSERT_EQ(made.result(), http::Status::see_other) << made.body();

        made = submit(admin, "/admin/plans/PY-2024/commitments/new",
            "/admin/plans/PY-2024/commitments/new",
            {{"code", "1"}, {"title", "Datos abiertos"}, {"area", "transparencia"}, {"weight", ""},
                {"lead_institution", "Ministerio de Justicia"}, {"responsible_name", "Ana Pérez"},
                {"other_actors", "civil_society: TEDIC"},
                {"brief_description", "Un portal de datos abiertos"},
                {"ogp_values", "access_to_information"}, {"ogp_values", "civic_participation"},
                {"start_date", "2024-02-01"}, {"end_date", "2025-06-30"}});
        ASSERT_EQ(made.result(), http::Status::see_other) << made.body();
        EXPECT_EQ(
            made[http::Field::location], "/admin/plans/PY-2024/commitments/1?saved=commitment");

        for (const auto& [code, weight] : {std::pair{"1.1", "1"}, std::pair{"1.2", "3"}}) {
            made = submit(admin, "/admin/plans/PY-2024/commitments/1",
                "/admin/plans/PY-2024/commitments/1/results",
                {{"code", code}, {"title", std::string("Resultado ") + code}, {"kind", "result"},
                    {"weight", weight}, {"start_date", "2024-02-01"}, {"due_date", "2024-12-31"},
                    {"parent", ""}});
            ASSERT_EQ(made.result(), http::Status::see_other) << made.body();
        }
    }

    void report(const std::string& node, double percent)
    {
        plans::ProgressUpdate update;
        update.as_of = Date{2024, 5, 1};
        update.progress = plans::Progress::of(percent);
        update.author = "test";
        update.recorded_at = "2024-05-01T00:00:00Z";
        ASSERT_TRUE(m_plans->add_progress_update("PY-2024", "1", node, update).ok());
    }

    std::size_t audit_entries()
    {
        auto entries = storage::AuditLog(*m_database).entries();
        EXPECT_TRUE(entries.ok());
        return entries.ok() ? entries->size() : 0;
    }

    // The figure the public commitment page gives the commitment: its first bar's width.
    double public_figure()
    {
        const std::string html = get("/plans/PY-2024/commitments/1?lang=en").body();
        static const std::regex figure(R"re(bar__fill" width="([0-9.]+)")re");
        std::smatch match;
        return std::regex_search(html, match, figure) ? std::stod(match[1].str()) : -1;
    }
};

TEST_F(AdminPages, AnAdministratorBuildsAPlanAndEditsAWeightThatThePublicPagesShow)
{
    Browser admin = signed_in_as("ogu@example.org");
    build_plan(admin);

    auto plan = m_plans->load_plan("PY-2024");
    ASSERT_TRUE(plan.ok());
    ASSERT_EQ(plan->commitments.size(), 1u);
    const plans::Commitment& saved = plan->commitments[0];
    EXPECT_EQ(saved.lead_institution, "Ministerio de Justicia");
    EXPECT_EQ(saved.ogp_values.size(), 2u);
    ASSERT_EQ(saved.other_actors.size(), 1u);
    EXPECT_EQ(saved.other_actors[0].kind, plans::ActorKind::civil_society);
    ASSERT_EQ(saved.results.size(), 2u);
    EXPECT_EQ(saved.results[1].weight, 3.0);

    // 1.1 complete, 1.2 not started: 1 × 100 / (1 + 3) = 25 %.
    report("1.1", 100);
    report("1.2", 0);
    EXPECT_DOUBLE_EQ(public_figure(), 25);
    EXPECT_TRUE(contains(get("/plans/PY-2024?lang=en").body(), "Datos abiertos"));

    // The commitment's page lists its results with their weights and links to each.
    const std::string page =
        get_as(admin, "/admin/plans/PY-2024/commitments/1?saved=commitment").body();
    EXPECT_TRUE(contains(page, "href=\"/admin/plans/PY-2024/commitments/1/results/1.2?"));
    EXPECT_TRUE(contains(page, "href=\"/plans/PY-2024/commitments/1?")) << "the public page";
    EXPECT_TRUE(contains(page, "role=\"status\"")) << "the notice";

    // The weight of 1.2 becomes 1: 1 × 100 / (1 + 1) = 50 %.
    const std::size_t before = audit_entries();
    http::Response edited = submit(admin, "/admin/plans/PY-2024/commitments/1/results/1.2",
        "/admin/plans/PY-2024/commitments/1/results/1.2",
        {{"title", "Resultado 1.2"}, {"kind", "result"}, {"weight", "1"},
            {"start_date", "2024-02-01"}, {"due_date", "2024-12-31"}, {"parent", ""}});
    ASSERT_EQ(edited.result(), http::Status::see_other) << edited.body();
    EXPECT_EQ(edited[http::Field::location],
        "/admin/plans/PY-2024/commitments/1/results/1.2?saved=result");
    EXPECT_DOUBLE_EQ(public_figure(), 50);
    EXPECT_EQ(audit_entries(), before + 1);
    auto entries = storage::AuditLog(*m_database).entries("result", "PY-2024/1/1.2");
    ASSERT_TRUE(entries.ok());
    ASSERT_FALSE(entries->empty());
    EXPECT_EQ(entries->back().actor.name, "ogu@example.org");
    EXPECT_EQ(entries->back().actor.role, "administrator");
    EXPECT_TRUE(contains(entries->back().before_json, "\"weight\":3.0"));
    EXPECT_TRUE(contains(entries->back().after_json, "\"weight\":1.0"));

    // A commitment edit shows on its public page.
    http::Response retitled =
        submit(admin, "/admin/plans/PY-2024/commitments/1", "/admin/plans/PY-2024/commitments/1",
            {{"title", "Datos abiertos por defecto"}, {"area", "transparencia"},
                {"lead_institution", "Ministerio de Justicia"},
                {"brief_description", "Un portal de datos abiertos"}, {"start_date", "2024-02-01"},
                {"end_date", "2025-06-30"}});
    ASSERT_EQ(retitled.result(), http::Status::see_other) << retitled.body();
    EXPECT_TRUE(contains(get("/plans/PY-2024/commitments/1").body(), "Datos abiertos por defecto"));

    // Institutions: added, listed on /admin, edited.
    http::Response added = submit(admin, "/admin/institutions", "/admin/institutions",
        {{"code", "PY-MJ"}, {"name", "Ministerio de Justicia"}, {"kind", "executive"}});
    ASSERT_EQ(added.result(), http::Status::see_other) << added.body();
    EXPECT_EQ(added[http::Field::location], "/admin/institutions/PY-MJ?saved=institution");
    EXPECT_TRUE(contains(get_as(admin, "/admin").body(), "Ministerio de Justicia"));
    http::Response renamed = submit(admin, "/admin/institutions/PY-MJ", "/admin/institutions/PY-MJ",
        {{"name", "Ministerio de Justicia y Trabajo"}, {"kind", "executive"}});
    ASSERT_EQ(renamed.result(), http::Status::see_other) << renamed.body();
    EXPECT_TRUE(contains(get_as(admin, "/admin/institutions").body(), "Justicia y Trabajo"));
}

TEST_F(AdminPages, BadInputComesBackWithMessagesBesideTheFieldsAndChangesNothing)
{
    Browser admin = signed_in_as("ogu@example.org");
    build_plan(admin);
    const auto before = m_plans->load_plan("PY-2024");
    ASSERT_TRUE(before.ok());
    const std::size_t entries = audit_entries();

    struct Row {
        std::string name;
        std::string page;
        std::string target;
        FormFieldList fields;
        // Field ids that must carry aria-invalid, and a value typed that must be kept.
        std::vector<std::string> invalid;
        std::string kept;
    };
    const std::vector<Row> rows = {
        {"a commitment with every kind of mistake", "/admin/plans/PY-2024/commitments/1",
            "/admin/plans/PY-2024/commitments/1",
            {{"title", "Título cambiado"}, {"area", "salud"}, {"weight", "abc"},
                {"brief_description", std::string(141, 'x')}, {"start_date", "2024-03-01"},
                {"end_date", "2024-02-01"}},
            {"commitment-area", "commitment-weight", "commitment-brief_description",
                "commitment-end_date"},
            "Título cambiado"},
        {"a result with a negative weight and a late due date",
            "/admin/plans/PY-2024/commitments/1/results/1.1",
            "/admin/plans/PY-2024/commitments/1/results/1.1",
            {{"title", "Otro título"}, {"kind", "result"}, {"weight", "-1"},
                {"start_date", "2024-02-01"}, {"due_date", "2026-01-31"}, {"parent", ""}},
            {"result-weight", "result-due_date"}, "Otro título"},
        {"a result under itself", "/admin/plans/PY-2024/commitments/1/results/1.1",
            "/admin/plans/PY-2024/commitments/1/results/1.1",
            {{"title", "Resultado 1.1"}, {"kind", "result"}, {"weight", "1"}, {"parent", "1.1"}},
            {"result-parent"}, ""},
        {"a new result whose code is taken", "/admin/plans/PY-2024/commitments/1",
            "/admin/plans/PY-2024/commitments/1/results",
            {{"code", "1.2"}, {"title", "Repetido"}, {"kind", "result"}, {"weight", "2,5"}},
            {"result-code"}, "Repetido"},
        {"a new commitment whose code is taken and has no title",
            "/admin/plans/PY-2024/commitments/new", "/admin/plans/PY-2024/commitments/new",
            {{"code", "1"}, {"title", ""}, {"area", ""}}, {"commitment-code", "commitment-title"},
            ""},
        {"a plan whose period ends before it starts", "/admin/plans/PY-2024",
            "/admin/plans/PY-2024",
            {{"title", "Plan cambiado"}, {"period_start", "2024-01-01"},
                {"period_end", "2023-01-01"}, {"lifecycle", "implementation"}},
            {"plan-period_end"}, "Plan cambiado"},
        {"an area with capitals", "/admin/plans/PY-2024", "/admin/plans/PY-2024/areas",
            {{"code", "Salud Pública"}, {"title", "Salud"}}, {"area-code"}, "Salud Pública"},
        {"an institution without a name", "/admin/institutions", "/admin/institutions",
            {{"code", "PY-X"}, {"name", ""}, {"kind", "executive"}}, {"institution-name"}, "PY-X"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response refused = submit(admin, row.page, row.target, row.fields);
        EXPECT_EQ(refused.result(), http::Status::bad_request);
        const std::string& html = refused.body();
        EXPECT_TRUE(contains(html, "class=\"admin-errors\"")) << "the summary";
        EXPECT_TRUE(contains(html, "<title>Error:")) << "the title says so";
        for (const auto& id : row.invalid) {
            EXPECT_TRUE(contains(html, "id=\"" + id + "-error\"")) << id;
            EXPECT_TRUE(contains(html, "href=\"#" + id + "\"")) << id;
        }
        if (!row.kept.empty()) {
            EXPECT_TRUE(contains(html, row.kept)) << "the value typed is kept";
        }
    }
    // The message beside the brief description is the OGP rule's.
    const http::Response refused = submit(admin, "/admin/plans/PY-2024/commitments/1?lang=en",
        "/admin/plans/PY-2024/commitments/1?lang=en",
        {{"title", "Datos abiertos"}, {"brief_description", std::string(141, 'x')}});
    EXPECT_TRUE(contains(refused.body(), "the OGP template allows 140"));

    const auto after = m_plans->load_plan("PY-2024");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->title, before->title);
    EXPECT_EQ(after->period_end, before->period_end);
    EXPECT_EQ(after->areas.size(), before->areas.size());
    EXPECT_EQ(after->commitments.size(), 1u);
    EXPECT_EQ(after->commitments[0].title, before->commitments[0].title);
    EXPECT_EQ(after->commitments[0].results.size(), 2u);
    EXPECT_EQ(after->commitments[0].results[0].weight, 1.0);
    EXPECT_EQ(after->commitments[0].results[0].title, "Resultado 1.1");
    EXPECT_EQ(audit_entries(), entries);
    auto institutions = m_plan_editor->organisations();
    ASSERT_TRUE(institutions.ok());
    EXPECT_TRUE(institutions->empty());
}

TEST_F(AdminPages, OtherRolesVisitorsAndFormsWithoutTheTokenAreRefused)
{
    Browser admin = signed_in_as("ogu@example.org");
    build_plan(admin);
    const std::size_t entries = audit_entries();
    const FormFieldList weight_change = {
        {"title", "Cambiado"}, {"kind", "result"}, {"weight", "9"}, {"parent", ""}};
    const std::string result_page = "/admin/plans/PY-2024/commitments/1/results/1.1";
    const std::vector<std::string> pages = {"/admin", "/admin/institutions", "/admin/plans/new",
        "/admin/plans/PY-2024", "/admin/plans/PY-2024/commitments/new",
        "/admin/plans/PY-2024/commitments/1", result_page};

    for (const std::string email :
        {"ana@example.org", "tedic@example.org", "citizen@example.org"}) {
        SCOPED_TRACE(email);
        Browser browser = signed_in_as(email);
        for (const auto& page : pages) {
            SCOPED_TRACE(page);
            EXPECT_EQ(get_as(browser, page).result(), http::Status::forbidden);
        }
        // Their own session's token does not open the door either.
        const std::string csrf = csrf_of(browser, "/account");
        ASSERT_FALSE(csrf.empty());
        FormFieldList fields = weight_change;
        fields.emplace_back("csrf", csrf);
        EXPECT_EQ(post_as(browser, result_page, fields).result(), http::Status::forbidden);
        EXPECT_EQ(
            post_as(browser, "/admin/plans/new",
                {{"csrf", csrf}, {"code", "X"}, {"title", "X"}, {"period_start", "2024-01-01"},
                    {"period_end", "2024-12-31"}, {"lifecycle", "draft"}})
                .result(),
            http::Status::forbidden);
    }

    // A visitor is sent to sign in, and a visitor's POST is refused.
    Browser visitor;
    const http::Response sent = get_as(visitor, "/admin/plans/PY-2024");
    EXPECT_EQ(sent.result(), http::Status::see_other);
    EXPECT_EQ(sent[http::Field::location], "/sign-in?next=/admin/plans/PY-2024");
    // A code holding an encoded slash comes back from sign-in as it was sent.
    EXPECT_EQ(get_as(visitor, "/admin/plans/C%2F2")[http::Field::location],
        "/sign-in?next=/admin/plans/C%252F2");
    EXPECT_EQ(post_as(visitor, result_page, weight_change).result(), http::Status::unauthorized);

    // The administrator without the token, or with another one.
    EXPECT_EQ(post_as(admin, result_page, weight_change).result(), http::Status::forbidden);
    FormFieldList forged = weight_change;
    forged.emplace_back("csrf", std::string(64, 'a'));
    EXPECT_EQ(post_as(admin, result_page, forged).result(), http::Status::forbidden);

    auto plan = m_plans->load_plan("PY-2024");
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->commitments[0].results[0].title, "Resultado 1.1");
    EXPECT_EQ(plan->commitments[0].results[0].weight, 1.0);
    auto listed = m_plans->list_plans();
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->size(), 1u);
    EXPECT_EQ(audit_entries(), entries);
}

TEST_F(AdminPages, PagesAreNeverStoredAndUnknownThingsAreNotFound)
{
    Browser admin = signed_in_as("ogu@example.org");
    build_plan(admin);
    for (const std::string page :
        {"/admin", "/admin/plans/PY-2024", "/admin/plans/PY-2024/commitments/1",
            "/admin/plans/PY-2024/commitments/1/results/1.1"}) {
        SCOPED_TRACE(page);
        const http::Response response = get_as(admin, page);
        EXPECT_EQ(response.result(), http::Status::ok);
        EXPECT_TRUE(contains(std::string(response[http::Field::cache_control]), "no-store"));
    }
    EXPECT_EQ(get_as(admin, "/admin/plans/NADA").result(), http::Status::not_found);
    EXPECT_EQ(
        get_as(admin, "/admin/plans/PY-2024/commitments/9").result(), http::Status::not_found);
    EXPECT_EQ(get_as(admin, "/admin/plans/PY-2024/commitments/1/results/9").result(),
        http::Status::not_found);
    EXPECT_EQ(get_as(admin, "/admin/institutions/NADA").result(), http::Status::not_found);
}

}  // namespace
}  // namespace tablero::web

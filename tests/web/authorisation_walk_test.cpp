// Every write route of the site, walked with every role (issue 5): each POST route the router
// knows must have a row here, so a new write route cannot be left out. For each row and each
// kind of visitor, the answer must agree with the authorisation table
// (domain/accounts/authorisation.h): refused → 403 (401 or a sign-in redirect for an anonymous
// visitor) and nothing in the database changed; allowed → anything but a refusal. Then every
// route refuses a missing or wrong CSRF token with 403, changing nothing, even for a visitor
// allowed to write there.
#include "domain/accounts/authorisation.h"
#include "domain/consultations/document.h"
#include "signed_in_fixture.h"
#include "storage/consultation_store.h"
#include "storage/plan_store.h"
#include "storage/workspace_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tablero::web {
namespace {

using accounts::Action;
using accounts::Role;
using testing::Browser;
using testing::contains;
using testing::FormFieldList;

const std::string institution_a = "Ministerio de Justicia";
const std::string institution_b = "Ministerio de Salud";

// Who may send a route's form.
enum class Gate {
    // Anyone, signed in or not (sign-in, sign-up): they carry the anonymous CSRF cookie.
    anyone,
    // Any signed-in account (sign-out, password change).
    signed_in,
    // Whoever the authorisation table lets do action on the route's scope.
    table,
};

struct WriteRoute {
    std::string pattern;
    // The pattern filled in with the fixture's data.
    std::string target;
    Gate gate = Gate::table;
    Action action = Action::manage_plans;
    // The lead institution of the commitment concerned, if any.
    std::optional<std::string> institution;
    // A plausible form (without the csrf field).
    FormFieldList fields;
};

struct Visitor {
    std::string name;
    // Empty for an anonymous visitor.
    std::string email;
    accounts::Actor actor;
};

// Every table the site writes to; the sessions and failed sign-ins are left out: signing in to
// make the requests writes them.
const char* const watched_tables[] = {"audit_log", "accounts", "account_institutions",
    "organisations", "plans", "areas", "commitments", "commitment_values", "commitment_challenges",
    "commitment_actors", "nodes", "progress_updates", "evidence", "assessments",
    "submitted_updates", "evidence_files", "dissents", "site_settings", "email_verification_tokens",
    "consultation_comments", "consultation_endorsements", "consultation_proposals",
    "consultation_votes", "consultation_flags", "consultation_identities"};

class AuthorisationWalk : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        auto result = [](std::string code) {
            plans::ImportedResult row;
            row.code = std::move(code);
            row.title = "Resultado " + row.code;
            return row;
        };
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment first{
            "1", "Ley de acceso", "Transparencia", institution_a, {}, {}};
        first.results = {result("1.1")};
        plans::ImportedCommitment second{
            "2", "Salud abierta", "Transparencia", institution_b, {}, {}};
        second.results = {result("2.1")};
        plan.commitments = {first, second};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());

        m_visitors = {
            {"anonymous", "", {}},
            {"administrator", "ogu@example.org", {Role::administrator, {}, false}},
            {"officer of A", "ana@example.org", {Role::officer, {institution_a}, false}},
            {"officer of B", "beto@example.org", {Role::officer, {institution_b}, false}},
            {"monitor", "monitor@example.org", {Role::monitor, {}, false}},
            {"citizen", "carla@example.org", {Role::citizen, {}, false}},
        };
        for (const Visitor& visitor : m_visitors) {
            if (visitor.actor.role)
                add_account(visitor.email, *visitor.actor.role, visitor.actor.institutions,
                    *visitor.actor.role == Role::monitor ? "Observatorio Ciudadano" : "");
        }

        // An update waiting for validation, for the review routes.
        const auto officer = m_accounts->find_account_by_email("ana@example.org");
        ASSERT_TRUE(officer.ok() && *officer);
        const storage::AuditActor by{(*officer)->id, "ana@example.org", "officer"};
        ASSERT_TRUE(m_workspace->set_updates_need_validation("TP", true, by, "2024-05-01").ok());
        auto pending = m_workspace->submit_update(
            {"TP", "1", "1.1", Date{2024, 5, 1}, plans::Progress::of(40), "Cuatro de diez", {}}, by,
            "2024-05-02T00:00:00Z");
        ASSERT_TRUE(pending.ok()) << describe(pending.error());
        m_pending = std::to_string(pending->id);

        // A consultation, for the unit's consultation routes.
        storage::ConsultationRecord record;
        record.title = "Consulta de prueba";
        record.plan = "TP";
        auto consultation = m_consultations->create_consultation(
            record, storage::AuditActor::system("test"), "2024-05-01T00:00:00Z");
        ASSERT_TRUE(consultation.ok()) << describe(consultation.error());
        m_consultation = "/admin/consultations/" + std::to_string(*consultation);

        // A consultation open for participation (the clock is at 6 May 2024), with a draft, a
        // proposal and a comment, for the public participation routes; participation needs a
        // verified address, so every visitor's is.
        for (const Visitor& visitor : m_visitors) {
            if (visitor.email.empty())
                continue;
            const auto account = m_accounts->find_account_by_email(visitor.email);
            ASSERT_TRUE(account.ok() && *account);
            const std::string token = security::sha256_hex("walk " + visitor.email);
            ASSERT_TRUE(m_accounts
                            ->store_verification_token((*account)->id, token,
                                "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z")
                            .ok());
            ASSERT_TRUE(m_accounts->verify_email(token, "2024-05-01T01:00:00Z").ok());
        }
        storage::ConsultationRecord open = record;
        for (const auto kind : {consultations::PhaseKind::proposals,
                 consultations::PhaseKind::comments, consultations::PhaseKind::voting})
            open.phases.push_back({kind, "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z"});
        const storage::AuditActor system = storage::AuditActor::system("test");
        auto participation =
            m_consultations->create_consultation(open, system, "2024-05-01T00:00:00Z");
        ASSERT_TRUE(participation.ok()) << describe(participation.error());
        const std::string draft = "# Uno\n\nUn párrafo.\n";
        auto document = m_consultations->publish_document(*participation, "Borrador", draft,
            consultations::split_document(draft), system, "2024-05-01T00:00:00Z");
        ASSERT_TRUE(document.ok()) << describe(document.error());
        auto documents = m_consultations->documents(*participation);
        ASSERT_TRUE(documents.ok() && !documents->empty());
        auto comment = m_consultations->add_comment(
            {*participation, *document, (*documents)[0].paragraphs[0].id, std::nullopt,
                consultations::Stance::none, "Primero"},
            {(*officer)->id, "ana@example.org", "officer"}, "2024-05-02T00:00:00Z");
        ASSERT_TRUE(comment.ok()) << describe(comment.error());
        auto proposal = m_consultations->add_proposal(
            {*participation, "Compras abiertas", "Opacidad", "Publicar todo", ""},
            {(*officer)->id, "ana@example.org", "officer"}, "2024-05-02T00:00:00Z");
        ASSERT_TRUE(proposal.ok()) << describe(proposal.error());
        m_participation = "/consultations/" + std::to_string(*participation);
        m_document = std::to_string(*document);
        m_comment = std::to_string(*comment);
        m_proposal = std::to_string(*proposal);
    }

    std::vector<WriteRoute> write_routes() const
    {
        const std::string progress = "/workspace/plans/TP/commitments/";
        const FormFieldList update = {
            {"percent", "55"}, {"as_of", "2024-05-03"}, {"note", "Cinco de diez"}};
        const std::string review = "/workspace/review/" + m_pending;
        const std::string admin = "/admin/plans/TP";
        const FormFieldList assessment = {{"level", "limited"}, {"date", "2024-05-03"},
            {"justification", "Avances menores a los informados"}};
        return {
            {"/sign-in", "/sign-in", Gate::anyone, {}, {},
                {{"email", "nadie@example.org"}, {"password", "incorrecta-del-todo"}}},
            {"/sign-up", "/sign-up", Gate::anyone, {}, {}, {{"email", "no-valido"}}},
            {"/sign-out", "/sign-out", Gate::signed_in, {}, {}, {}},
            {"/account/password", "/account/password", Gate::signed_in, {}, {},
                {{"current", "no-es-la-clave"}, {"password", "otra-clave-bastante-larga"},
                    {"confirmation", "otra-clave-bastante-larga"}}},
            {"/account/verification", "/account/verification", Gate::signed_in, {}, {}, {}},

            {"/workspace/plans/{plan}/commitments/{commitment}/results/{node}",
                progress + "1/results/1.1", Gate::table, Action::post_progress_update,
                institution_a, update},
            {"/workspace/plans/{plan}/commitments/{commitment}/results/{node}",
                progress + "2/results/2.1", Gate::table, Action::post_progress_update,
                institution_b, update},
            {"/workspace/review/{id}/approve", review + "/approve", Gate::table,
                Action::validate_update, institution_a, {}},
            {"/workspace/review/{id}/return", review + "/return", Gate::table,
                Action::validate_update, institution_a, {{"comment", "Falta el informe"}}},
            {"/workspace/plans/{plan}/settings", "/workspace/plans/TP/settings", Gate::table,
                Action::manage_plans, {}, {{"updates", "immediate"}}},

            {"/admin/institutions", "/admin/institutions", Gate::table, Action::manage_plans, {},
                {{"code", "MEC"}, {"name", "Ministerio de Educación"}, {"kind", "executive"}}},
            {"/admin/institutions/{code}", "/admin/institutions/MEC", Gate::table,
                Action::manage_plans, {}, {{"name", "Ministerio de Educación y Ciencias"}}},
            {"/admin/plans/new", "/admin/plans/new", Gate::table, Action::manage_plans, {},
                {{"code", "NP"}, {"title", "Nuevo plan"}}},
            {"/admin/plans/{plan}", admin, Gate::table, Action::manage_plans, {},
                {{"title", "Plan de prueba revisado"}}},
            {"/admin/plans/{plan}/areas", admin + "/areas", Gate::table, Action::manage_plans, {},
                {{"code", "salud"}, {"title", "Salud"}}},
            {"/admin/plans/{plan}/commitments/new", admin + "/commitments/new", Gate::table,
                Action::manage_plans, {}, {{"code", "3"}, {"title", "Compras abiertas"}}},
            {"/admin/plans/{plan}/commitments/{commitment}", admin + "/commitments/1", Gate::table,
                Action::manage_plans, {}, {{"title", "Ley de acceso revisada"}}},
            {"/admin/plans/{plan}/commitments/{commitment}/results",
                admin + "/commitments/1/results", Gate::table, Action::manage_plans, {},
                {{"code", "1.2"}, {"title", "Otro resultado"}}},
            {"/admin/plans/{plan}/commitments/{commitment}/results/{node}",
                admin + "/commitments/1/results/1.1", Gate::table, Action::manage_plans, {},
                {{"title", "Resultado revisado"}, {"weight", "2"}}},

            {"/plans/{plan}/commitments/{code}/assessment", "/plans/TP/commitments/1/assessment",
                Gate::table, Action::record_assessment, institution_a, assessment},
            {"/plans/{plan}/commitments/{code}/dissent", "/plans/TP/commitments/1/dissent",
                Gate::table, Action::record_dissent, institution_a,
                {{"statement", "La sociedad civil no fue consultada"}}},

            {"/admin/consultations/new", "/admin/consultations/new", Gate::table,
                Action::manage_consultations, {},
                {{"title", "Consulta nueva"}, {"results", "live"}}},
            {"/admin/consultations/{id}", m_consultation, Gate::table, Action::manage_consultations,
                {}, {{"title", "Consulta revisada"}, {"results", "live"}}},
            {"/admin/consultations/{id}/documents", m_consultation + "/documents", Gate::table,
                Action::manage_consultations, {},
                {{"title", "Borrador"}, {"markdown", "Un párrafo."}}},
            {"/admin/consultations/{id}/responses", m_consultation + "/responses", Gate::table,
                Action::manage_consultations, {},
                {{"kind", "proposal"}, {"id", "1"}, {"outcome", "accepted"}}},
            {"/admin/consultations/{id}/moderation", m_consultation + "/moderation", Gate::table,
                Action::moderate, {},
                {{"kind", "comment"}, {"id", "1"}, {"action", "hide"}, {"reason", "Ofensivo"}}},

            {"/consultations/{id}/comments", m_participation + "/comments", Gate::table,
                Action::participate, {},
                {{"document", m_document}, {"paragraph", ""}, {"stance", "against"},
                    {"body", "Falta presupuesto"}}},
            {"/consultations/{id}/comments/{cid}/endorse",
                m_participation + "/comments/" + m_comment + "/endorse", Gate::table,
                Action::participate, {}, {}},
            {"/consultations/{id}/flags", m_participation + "/flags", Gate::table,
                Action::participate, {},
                {{"kind", "comment"}, {"id", m_comment}, {"reason", "Fuera de tema"}}},
            {"/consultations/{id}/proposals", m_participation + "/proposals", Gate::table,
                Action::participate, {},
                {{"title", "Datos de salud"}, {"problem", "No se publican"},
                    {"proposal", "Publicarlos"}}},
            {"/consultations/{id}/votes", m_participation + "/votes", Gate::table,
                Action::participate, {},
                {{"kind", "proposal"}, {"key", m_proposal}, {"choice", "in_favour"}}},
            {"/consultations/{id}/identity", m_participation + "/identity", Gate::table,
                Action::participate, {}, {{"identity", "1234567"}}},
        };
    }

    bool expected_allowed(const WriteRoute& route, const Visitor& visitor) const
    {
        switch (route.gate) {
        case Gate::anyone:
            return true;
        case Gate::signed_in:
            return visitor.actor.role.has_value();
        case Gate::table:
            return static_cast<bool>(
                accounts::authorise(visitor.actor, route.action, {route.institution}));
        }
        return false;
    }

    // A browser for visitor, signed in unless anonymous, and the CSRF token its forms carry.
    std::pair<Browser, std::string> browser_of(const Visitor& visitor)
    {
        if (visitor.email.empty()) {
            Browser browser;
            std::string token = csrf_of(browser, "/sign-in");
            return {browser, token};
        }
        Browser browser = signed_in_as(visitor.email);
        std::string token = csrf_of(browser, "/account");
        return {browser, token};
    }

    // How many rows each watched table holds, and the plan settings that are not counted.
    std::vector<long long> fingerprint()
    {
        auto counted =
            m_database->read([](soci::session& session) -> Result<std::vector<long long>> {
                std::vector<long long> counts;
                for (const char* table : watched_tables) {
                    long long count = 0;
                    session << "SELECT COUNT(*) FROM " << table, soci::into(count);
                    counts.push_back(count);
                }
                long long validating = 0;
                session << "SELECT COALESCE(SUM(updates_need_validation), 0) FROM plans",
                    soci::into(validating);
                counts.push_back(validating);
                return counts;
            });
        EXPECT_TRUE(counted.ok()) << describe(counted.error());
        return counted.ok() ? *counted : std::vector<long long>{};
    }

    static bool is_refusal(const http::Response& response, bool anonymous)
    {
        if (response.result() == http::Status::forbidden)
            return true;
        if (!anonymous)
            return false;
        return response.result() == http::Status::unauthorized ||
            (response.result() == http::Status::see_other &&
                testing::header(response, http::Field::location).starts_with("/sign-in"));
    }

    std::vector<Visitor> m_visitors;
    std::string m_pending;
    std::string m_consultation;
    std::string m_participation;
    std::string m_document;
    std::string m_comment;
    std::string m_proposal;
};

TEST_F(AuthorisationWalk, EveryWriteRouteHasARow)
{
    std::set<std::string> listed;
    for (const WriteRoute& route : write_routes())
        listed.insert(route.pattern);
    for (const std::string& pattern : m_router.routes_for(http::Verb::post))
        EXPECT_TRUE(listed.contains(pattern))
            << pattern << " is a write route the walk does not know: add a row for it";
    const auto posted = m_router.routes_for(http::Verb::post);
    for (const std::string& pattern : listed)
        EXPECT_NE(std::find(posted.begin(), posted.end(), pattern), posted.end())
            << pattern << " is in the walk but not a route any more";
}

TEST_F(AuthorisationWalk, EveryRoleGetsWhatTheTableSays)
{
    for (const WriteRoute& route : write_routes()) {
        for (const Visitor& visitor : m_visitors) {
            SCOPED_TRACE(route.target + " as " + visitor.name);
            if (route.gate == Gate::anyone && !visitor.email.empty())
                continue;  // the anonymous forms are walked anonymously
            auto [browser, token] = browser_of(visitor);
            FormFieldList fields = route.fields;
            fields.emplace_back("csrf", token);
            const auto before = fingerprint();
            const http::Response response = post_as(browser, route.target, fields);
            const bool anonymous = visitor.email.empty();
            if (expected_allowed(route, visitor)) {
                EXPECT_FALSE(is_refusal(response, anonymous))
                    << "refused with " << response.result_int() << ": " << response.body();
            } else {
                EXPECT_TRUE(is_refusal(response, anonymous))
                    << "answered " << response.result_int() << ": " << response.body();
                EXPECT_EQ(fingerprint(), before) << "a refused request changed the database";
            }
        }
    }
}

TEST_F(AuthorisationWalk, AMissingOrWrongCsrfTokenIsRefusedAndChangesNothing)
{
    for (const WriteRoute& route : write_routes()) {
        // The first visitor allowed to write there.
        const auto allowed =
            std::find_if(m_visitors.begin(), m_visitors.end(), [&](const Visitor& visitor) {
                return expected_allowed(route, visitor) &&
                    (route.gate == Gate::anyone) == visitor.email.empty();
            });
        ASSERT_NE(allowed, m_visitors.end()) << route.target;
        for (const std::string& token : {std::string(), std::string(64, '0')}) {
            SCOPED_TRACE(route.target + " as " + allowed->name +
                (token.empty() ? ", no token" : ", a wrong token"));
            auto [browser, real_token] = browser_of(*allowed);
            ASSERT_FALSE(real_token.empty());
            FormFieldList fields = route.fields;
            if (!token.empty())
                fields.emplace_back("csrf", token);
            const auto before = fingerprint();
            const http::Response response = post_as(browser, route.target, fields);
            EXPECT_EQ(response.result(), http::Status::forbidden) << response.body();
            EXPECT_EQ(fingerprint(), before);
        }
    }
}

}  // namespace
}  // namespace tablero::web

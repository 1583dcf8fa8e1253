// The unit's consultation pages through the pipeline, with a real SQLite database, in the
// America/Asuncion time zone: an administrator creates and edits a consultation whose phases are
// typed as local date and time and stored as the UTC instants they name; refused forms come back
// with the values typed and the reason beside each field, and store nothing; drafts are published
// from Markdown and from the plan itself; inputs are answered (not accepted needs a
// justification); flagged content is hidden with a reason and shown again; other roles and
// visitors are refused (the authorisation walk covers every POST route for every role).
#include "core/local_time.h"
#include "signed_in_fixture.h"
#include "storage/consultation_store.h"

#include <gtest/gtest.h>

#include <regex>

namespace tablero::web {
namespace {

using testing::Browser;
using testing::contains;
using testing::FormFieldList;

class ConsultationAdminPages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        // Paraguay: UTC-3 all year since October 2024; its clocks skipped 00:00-00:59 on
        // 6 October 2024.
        ASSERT_TRUE(set_time_zone("America/Asuncion").ok());
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        m_admin = add_account("ogu@example.org", accounts::Role::administrator);
        m_citizen = add_account("carla@example.org", accounts::Role::citizen);
        add_account("ana@example.org", accounts::Role::officer, {"Ministerio de Justicia"});
        add_account("tedic@example.org", accounts::Role::monitor, {}, "TEDIC");

        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment first{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedCommitment second{
            "2", "Salud abierta", "Transparencia", "Ministerio de Salud", {}, {}};
        plan.commitments = {first, second};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());
    }

    void TearDown() override
    {
        SignedInPageTest::TearDown();
        EXPECT_TRUE(set_time_zone("UTC").ok());
    }

    http::Response submit(
        Browser& browser, const std::string& page, const std::string& target, FormFieldList fields)
    {
        const std::string csrf = csrf_of(browser, page);
        EXPECT_FALSE(csrf.empty()) << page;
        fields.emplace_back("csrf", csrf);
        return post_as(browser, target, fields);
    }

    // A consultation's form with every field; `changes` replace or add fields.
    static FormFieldList consultation_form(const FormFieldList& changes = {})
    {
        FormFieldList fields = {{"title", "Quinto plan: consulta"},
            {"description", "Qué se consulta y **cómo** se usan los aportes."}, {"plan", "TP"},
            {"results", "after_close"}, {"requires_identity", "1"},
            {"proposals_opens", "2026-03-01T00:00"}, {"proposals_closes", "2026-03-14T23:59"},
            {"comments_opens", "2026-03-15T00:00"}, {"comments_closes", "2026-03-21T23:59"},
            {"voting_opens", ""}, {"voting_closes", ""}};
        for (const auto& [name, value] : changes) {
            auto found = std::find_if(fields.begin(), fields.end(),
                [&](const auto& field) { return field.first == name; });
            if (found == fields.end())
                fields.emplace_back(name, value);
            else
                found->second = value;
        }
        return fields;
    }

    std::vector<storage::Consultation> consultations()
    {
        auto list = m_consultations->list_consultations();
        EXPECT_TRUE(list.ok()) << describe(list.error());
        return list.ok() ? *list : std::vector<storage::Consultation>{};
    }

    // A consultation made through the page; its id.
    std::int64_t create(Browser& admin, const FormFieldList& changes = {})
    {
        const http::Response made = submit(admin, "/admin/consultations/new",
            "/admin/consultations/new", consultation_form(changes));
        EXPECT_EQ(made.result(), http::Status::see_other) << made.body();
        static const std::regex path(R"(^/admin/consultations/([0-9]+)$)");
        std::smatch match;
        const std::string location(made[http::Field::location]);
        EXPECT_TRUE(std::regex_match(location, match, path)) << location;
        return match.empty() ? 0 : std::stoll(match[1].str());
    }

    storage::AuditActor as(const storage::Account& account)
    {
        return {account.id, account.email, std::string(accounts::to_string(account.role))};
    }

    // A proposal by the citizen, through the store.
    std::int64_t propose(std::int64_t consultation, const std::string& title)
    {
        auto id = m_consultations->add_proposal(
            {consultation, title, "Nadie sabe qué se compra", "Publicar cada compra", "DNCP"},
            as(m_citizen), "2024-05-06T09:00:00Z");
        EXPECT_TRUE(id.ok()) << describe(id.error());
        return id.ok() ? *id : 0;
    }

    std::optional<consultations::Proposal> proposal(std::int64_t consultation, std::int64_t id)
    {
        auto list = m_consultations->proposals(consultation);
        EXPECT_TRUE(list.ok());
        for (const auto& item : list.ok() ? *list : std::vector<consultations::Proposal>{}) {
            if (item.id == id)
                return item;
        }
        return std::nullopt;
    }

    storage::Account m_admin;
    storage::Account m_citizen;
};

TEST_F(ConsultationAdminPages, PhasesTypedInAsuncionAreStoredAsUtcInstantsAndShownBackLocally)
{
    Browser admin = signed_in_as("ogu@example.org");
    const http::Response form = get_as(admin, "/admin/consultations/new?lang=en");
    ASSERT_EQ(form.result(), http::Status::ok) << form.body();
    EXPECT_TRUE(contains(form.body(), "America/Asuncion"));
    EXPECT_TRUE(contains(form.body(), R"(type="datetime-local")"));
    EXPECT_EQ(testing::header(form, http::Field::cache_control), "no-store");

    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    auto stored = m_consultations->find_consultation(id);
    ASSERT_TRUE(stored.ok() && *stored);
    const storage::ConsultationRecord& record = (*stored)->record;
    EXPECT_EQ(record.title, "Quinto plan: consulta");
    EXPECT_EQ(record.plan, "TP");
    EXPECT_EQ(record.results, consultations::ResultsVisibility::after_close);
    EXPECT_TRUE(record.requires_identity);
    ASSERT_EQ(record.phases.size(), 2u);
    EXPECT_EQ(record.phases[0].kind, consultations::PhaseKind::proposals);
    EXPECT_EQ(record.phases[0].opens_at, "2026-03-01T03:00:00Z");
    EXPECT_EQ(record.phases[0].closes_at, "2026-03-15T02:59:00Z");
    EXPECT_EQ(record.phases[1].kind, consultations::PhaseKind::comments);
    EXPECT_EQ(record.phases[1].opens_at, "2026-03-15T03:00:00Z");

    // The edit page shows the local times back, and an edit adds the voting phase.
    const std::string page = "/admin/consultations/" + std::to_string(id);
    const http::Response edit = get_as(admin, page);
    ASSERT_EQ(edit.result(), http::Status::ok);
    EXPECT_TRUE(contains(edit.body(), R"(value="2026-03-14T23:59")")) << edit.body();
    const http::Response saved = submit(admin, page, page,
        consultation_form(
            {{"title", "Consulta revisada"}, {"results", "live"}, {"requires_identity", ""},
                {"voting_opens", "2026-03-22T08:00"}, {"voting_closes", "2026-03-28T20:00"}}));
    ASSERT_EQ(saved.result(), http::Status::see_other) << saved.body();
    EXPECT_EQ(saved[http::Field::location], page);
    stored = m_consultations->find_consultation(id);
    ASSERT_TRUE(stored.ok() && *stored);
    EXPECT_EQ((*stored)->record.title, "Consulta revisada");
    EXPECT_EQ((*stored)->record.results, consultations::ResultsVisibility::live);
    EXPECT_FALSE((*stored)->record.requires_identity);
    ASSERT_EQ((*stored)->record.phases.size(), 3u);
    EXPECT_EQ((*stored)->record.phases[2].opens_at, "2026-03-22T11:00:00Z");
    EXPECT_EQ((*stored)->record.phases[2].closes_at, "2026-03-28T23:00:00Z");

    // The list links it.
    const http::Response list = get_as(admin, "/admin/consultations?lang=en");
    ASSERT_EQ(list.result(), http::Status::ok);
    EXPECT_TRUE(contains(list.body(), "Consulta revisada"));
    EXPECT_TRUE(contains(list.body(), "href=\"" + page + "?lang=en\""));
    EXPECT_TRUE(contains(list.body(), "22 March 2026, 08:00"));
    // And the admin home links the list.
    EXPECT_TRUE(contains(get_as(admin, "/admin?lang=en").body(), "/admin/consultations?lang=en"));
}

TEST_F(ConsultationAdminPages, RefusedConsultationFormsKeepTheValuesAndSayWhyBesideEachField)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::string skipped = "That time does not exist in the America/Asuncion time zone";
    struct Row {
        std::string name;
        FormFieldList changes;
        std::string field;
        std::string message;
        std::string kept;
    };
    const std::vector<Row> rows = {
        {"blank title", {{"title", "  "}}, "title", "Write the consultation&apos;s title", ""},
        {"only the opening", {{"voting_opens", "2026-04-01T00:00"}}, "voting_closes",
            "Give both when the phase opens and when it closes", "2026-04-01T00:00"},
        {"only the closing", {{"voting_closes", "2026-04-07T23:59"}}, "voting_opens",
            "Give both when the phase opens and when it closes", "2026-04-07T23:59"},
        {"closes before it opens", {{"comments_closes", "2026-03-10T00:00"}}, "comments_closes",
            "The phase must close after it opens", "2026-03-10T00:00"},
        {"closes when it opens", {{"comments_closes", "2026-03-15T00:00"}}, "comments_closes",
            "The phase must close after it opens", ""},
        {"not a date", {{"proposals_opens", "1 de marzo"}}, "proposals_opens",
            "Write a date and time like 2026-03-01T00:00", "1 de marzo"},
        {"a time the clocks skip", {{"proposals_opens", "2024-10-06T00:30"}}, "proposals_opens",
            skipped, "2024-10-06T00:30"},
        {"an unknown plan", {{"plan", "NO-EXISTE"}}, "plan", "Choose one of the options", ""},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        FormFieldList fields = consultation_form(row.changes);
        fields.emplace_back("csrf", csrf_of(admin, "/admin/consultations/new"));
        const http::Response refused = post_as(admin, "/admin/consultations/new?lang=en", fields);
        EXPECT_EQ(refused.result(), http::Status::bad_request) << refused.body();
        const std::string& html = refused.body();
        // The message beside the field, and in the summary linked to it.
        EXPECT_TRUE(contains(html,
            "<p class=\"admin-field__error\" id=\"consultation-" + row.field + "-error\">" +
                row.message))
            << html;
        EXPECT_TRUE(contains(html, "href=\"#consultation-" + row.field + "\""));
        EXPECT_TRUE(contains(html, "value=\"Quinto plan: consulta\"") || row.field == "title");
        if (!row.kept.empty()) {
            EXPECT_TRUE(contains(html, "value=\"" + row.kept + "\"")) << html;
        }
        EXPECT_TRUE(consultations().empty());
    }
}

TEST_F(ConsultationAdminPages, DraftsArePublishedFromMarkdownAndFromThePlanItself)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    const std::string page = "/admin/consultations/" + std::to_string(id);
    const std::string target = page + "/documents";

    // A text with no paragraph is refused, beside the text, with the title kept.
    http::Response refused = submit(admin, page, target + "?lang=en",
        {{"source", "markdown"}, {"title", "Borrador vacío"}, {"markdown", "# Solo un título"}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(refused.body(), "id=\"document-markdown-error\">Write the text"))
        << refused.body();
    EXPECT_TRUE(contains(refused.body(), "value=\"Borrador vacío\""));

    const std::string markdown = "Introducción al borrador.\n\n# Transparencia\n\n"
                                 "Primer párrafo.\n\n- una lista\n- de dos\n\n"
                                 "## Compras\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    const http::Response published = submit(admin, page, target,
        {{"source", "markdown"}, {"title", "Borrador del plan"}, {"markdown", markdown}});
    ASSERT_EQ(published.result(), http::Status::see_other) << published.body();
    auto documents = m_consultations->documents(id);
    ASSERT_TRUE(documents.ok());
    ASSERT_EQ(documents->size(), 1u);
    const storage::Document& document = documents->front();
    EXPECT_EQ(published[http::Field::location],
        "/consultations/" + std::to_string(id) + "/documents/" + std::to_string(document.id));
    EXPECT_EQ(document.title, "Borrador del plan");
    ASSERT_EQ(document.paragraphs.size(), 4u);
    EXPECT_EQ(document.paragraphs[0].section, 0);
    EXPECT_EQ(document.paragraphs[2].section, 1);
    EXPECT_EQ(document.paragraphs[2].number, 2);
    EXPECT_EQ(document.paragraphs[3].section_title, "Compras");

    // The edit page lists it with its numbering and a link to its public page.
    const http::Response edit = get_as(admin, page + "?lang=en");
    EXPECT_TRUE(contains(edit.body(), "Sections: 3. Numbered paragraphs: 4.")) << edit.body();
    EXPECT_TRUE(contains(edit.body(), "§1 Transparencia — paragraphs: 2"));
    EXPECT_TRUE(contains(edit.body(), published[http::Field::location]));

    // The plan itself: one section per commitment.
    const http::Response from_plan =
        submit(admin, page, target, {{"source", "plan"}, {"title", "El plan como borrador"}});
    ASSERT_EQ(from_plan.result(), http::Status::see_other) << from_plan.body();
    documents = m_consultations->documents(id);
    ASSERT_TRUE(documents.ok());
    ASSERT_EQ(documents->size(), 2u);
    const storage::Document& plan_draft = documents->back();
    EXPECT_EQ(plan_draft.title, "El plan como borrador");
    EXPECT_TRUE(contains(plan_draft.markdown, "Ley de acceso"));
    EXPECT_TRUE(contains(plan_draft.markdown, "Salud abierta"));
    std::set<std::string> sections;
    for (const auto& paragraph : plan_draft.paragraphs)
        sections.insert(paragraph.section_title);
    EXPECT_TRUE(sections.contains("C1 — Ley de acceso")) << plan_draft.markdown;
    EXPECT_TRUE(sections.contains("C2 — Salud abierta"));
}

TEST_F(ConsultationAdminPages, NotAcceptedNeedsAJustificationAndEveryAnswerIsStored)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    const std::int64_t first = propose(id, "Compras abiertas");
    const std::int64_t second = propose(id, "Compras abiertas en municipios");
    const std::int64_t third = propose(id, "Un portal de compras");
    const std::string inputs = "/admin/consultations/" + std::to_string(id) + "/inputs";
    const std::string target = "/admin/consultations/" + std::to_string(id) + "/responses";

    const http::Response page = get_as(admin, inputs + "?lang=en");
    ASSERT_EQ(page.result(), http::Status::ok) << page.body();
    EXPECT_TRUE(contains(page.body(), "id=\"proposal-" + std::to_string(first) + "\""));
    EXPECT_TRUE(contains(page.body(), "Awaiting an answer (3)"));

    // Not accepted without a justification: refused, the message beside the field, nothing stored.
    const http::Response refused = submit(admin, inputs, target + "?lang=en",
        {{"kind", "proposal"}, {"id", std::to_string(first)}, {"outcome", "not_accepted"},
            {"justification", " "}, {"commitment", ""}, {"merged_into", ""}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    const std::string field = "answer-proposal-" + std::to_string(first) + "-justification";
    EXPECT_TRUE(contains(refused.body(),
        "id=\"" + field + "-error\">Write why it is not accepted: a justification is required"))
        << refused.body();
    EXPECT_TRUE(contains(refused.body(), "href=\"#" + field + "\""));
    EXPECT_FALSE(proposal(id, first)->response.has_value());

    // With one: stored, and 303 back to the input.
    const http::Response answered = submit(admin, inputs, target,
        {{"kind", "proposal"}, {"id", std::to_string(first)}, {"outcome", "not_accepted"},
            {"justification", "Ya lo cubre el compromiso 1"}, {"commitment", ""},
            {"merged_into", ""}});
    ASSERT_EQ(answered.result(), http::Status::see_other) << answered.body();
    EXPECT_EQ(answered[http::Field::location], inputs + "#proposal-" + std::to_string(first));
    auto stored = proposal(id, first);
    ASSERT_TRUE(stored && stored->response);
    EXPECT_EQ(stored->response->outcome, consultations::Outcome::not_accepted);
    EXPECT_EQ(stored->response->justification, "Ya lo cubre el compromiso 1");

    // Accepted as a commitment of the plan; merged into another proposal.
    ASSERT_EQ(submit(admin, inputs, target,
                  {{"kind", "proposal"}, {"id", std::to_string(second)}, {"outcome", "accepted"},
                      {"justification", ""}, {"commitment", "TP/1"}, {"merged_into", ""}})
                  .result(),
        http::Status::see_other);
    stored = proposal(id, second);
    ASSERT_TRUE(stored && stored->response);
    EXPECT_EQ(stored->response->commitment, "TP/1");

    // A commitment with another outcome, or a merge into itself, is refused.
    EXPECT_EQ(submit(admin, inputs, target,
                  {{"kind", "proposal"}, {"id", std::to_string(third)}, {"outcome", "merged"},
                      {"justification", ""}, {"commitment", "TP/2"}, {"merged_into", ""}})
                  .result(),
        http::Status::bad_request);
    EXPECT_EQ(
        submit(admin, inputs, target,
            {{"kind", "proposal"}, {"id", std::to_string(third)}, {"outcome", "merged"},
                {"justification", ""}, {"commitment", ""}, {"merged_into", std::to_string(third)}})
            .result(),
        http::Status::bad_request);
    EXPECT_FALSE(proposal(id, third)->response.has_value());
    ASSERT_EQ(submit(admin, inputs, target,
                  {{"kind", "proposal"}, {"id", std::to_string(third)}, {"outcome", "merged"},
                      {"justification", "Igual a la #" + std::to_string(second)},
                      {"commitment", ""}, {"merged_into", std::to_string(second)}})
                  .result(),
        http::Status::see_other);
    stored = proposal(id, third);
    ASSERT_TRUE(stored && stored->response);
    EXPECT_EQ(stored->response->merged_into, second);

    // The page shows the answers; the filter shows what still awaits one.
    const http::Response after = get_as(admin, inputs + "?lang=en");
    EXPECT_TRUE(contains(after.body(), "Ya lo cubre el compromiso 1"));
    EXPECT_TRUE(contains(after.body(), "Awaiting an answer (0)"));
    const std::int64_t fourth = propose(id, "Datos de salud");
    const http::Response awaiting = get_as(admin, inputs + "?filter=awaiting&lang=en");
    EXPECT_TRUE(contains(awaiting.body(), "id=\"proposal-" + std::to_string(fourth) + "\""));
    EXPECT_FALSE(contains(awaiting.body(), "id=\"proposal-" + std::to_string(first) + "\""));

    // An input of no such kind or id: 404, nothing stored.
    EXPECT_EQ(submit(admin, inputs, target,
                  {{"kind", "comment"}, {"id", std::to_string(fourth)}, {"outcome", "accepted"}})
                  .result(),
        http::Status::not_found);
}

TEST_F(ConsultationAdminPages, InputsComeTenToAPageAndAnAnswerReturnsToItsPage)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    std::vector<std::int64_t> ids;
    for (int i = 1; i <= 12; ++i)
        ids.push_back(propose(id, "Propuesta " + std::to_string(i)));
    const std::string inputs = "/admin/consultations/" + std::to_string(id) + "/inputs";
    const std::string target = "/admin/consultations/" + std::to_string(id) + "/responses";
    auto anchor = [](std::int64_t proposal) {
        return "id=\"proposal-" + std::to_string(proposal) + "\"";
    };

    const std::string first = get_as(admin, inputs + "?lang=en").body();
    EXPECT_TRUE(contains(first, anchor(ids[9])));
    EXPECT_FALSE(contains(first, anchor(ids[10])));
    EXPECT_TRUE(contains(first, "Page 1 of 2"));
    EXPECT_TRUE(contains(first, inputs + "?page=2&amp;lang=en"));
    const std::string second = get_as(admin, inputs + "?page=2&lang=en").body();
    EXPECT_FALSE(contains(second, anchor(ids[9])));
    EXPECT_TRUE(contains(second, anchor(ids[11])));

    // A refused answer to the twelfth comes back on its page, with its message.
    const http::Response refused = submit(admin, inputs, target + "?lang=en",
        {{"kind", "proposal"}, {"id", std::to_string(ids[11])}, {"outcome", "not_accepted"},
            {"justification", ""}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(refused.body(),
        "id=\"answer-proposal-" + std::to_string(ids[11]) + "-justification-error\""));
    EXPECT_TRUE(contains(refused.body(), "Page 2 of 2"));

    const http::Response answered = submit(admin, inputs, target,
        {{"kind", "proposal"}, {"id", std::to_string(ids[11])}, {"outcome", "accepted"},
            {"justification", ""}});
    ASSERT_EQ(answered.result(), http::Status::see_other) << answered.body();
    EXPECT_EQ(
        answered[http::Field::location], inputs + "?page=2#proposal-" + std::to_string(ids[11]));

    // The filter pages what it keeps: eleven await an answer.
    const std::string awaiting = get_as(admin, inputs + "?filter=awaiting&page=2&lang=en").body();
    EXPECT_TRUE(contains(awaiting, anchor(ids[10])));
    EXPECT_FALSE(contains(awaiting, anchor(ids[11])));
    EXPECT_TRUE(contains(awaiting, "Awaiting an answer (11)"));
}

TEST_F(ConsultationAdminPages, AModeratorHidesFlaggedContentWithAReasonAndShowsItAgain)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    auto document = m_consultations->publish_document(id, "Borrador", "Un párrafo.",
        {{0, "", {"Un párrafo."}}}, as(m_admin), "2024-05-06T09:00:00Z");
    ASSERT_TRUE(document.ok()) << describe(document.error());
    auto comment = m_consultations->add_comment(
        {id, *document, std::nullopt, std::nullopt, consultations::Stance::against,
            "Texto ofensivo de prueba"},
        as(m_citizen), "2024-05-06T09:10:00Z");
    ASSERT_TRUE(comment.ok()) << describe(comment.error());
    ASSERT_TRUE(m_consultations
                    ->flag(id, consultations::ContentKind::comment, *comment,
                        "Insulta a otra persona", as(m_admin), "2024-05-06T09:20:00Z")
                    .ok());

    const std::string page = "/admin/consultations/" + std::to_string(id) + "/moderation";
    const http::Response queue = get_as(admin, page + "?lang=en");
    ASSERT_EQ(queue.result(), http::Status::ok) << queue.body();
    EXPECT_TRUE(contains(queue.body(), "Insulta a otra persona"));
    EXPECT_TRUE(contains(queue.body(), "Texto ofensivo de prueba"));
    EXPECT_TRUE(contains(queue.body(), "Flags: 1"));

    const FormFieldList hide = {
        {"kind", "comment"}, {"id", std::to_string(*comment)}, {"action", "hide"}};
    FormFieldList blank = hide;
    blank.emplace_back("reason", "");
    const http::Response refused = submit(admin, page, page + "?lang=en", blank);
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(refused.body(), "Write the reason: its author will see it"));

    auto comments = m_consultations->comments(id);
    ASSERT_TRUE(comments.ok() && comments->size() == 1);
    EXPECT_FALSE(comments->front().hidden.has_value());

    FormFieldList with_reason = hide;
    with_reason.emplace_back("reason", "Lenguaje ofensivo (norma 3)");
    const http::Response hidden = submit(admin, page, page, with_reason);
    ASSERT_EQ(hidden.result(), http::Status::see_other) << hidden.body();
    EXPECT_EQ(hidden[http::Field::location], page + "#comment-" + std::to_string(*comment));
    comments = m_consultations->comments(id);
    ASSERT_TRUE(comments.ok() && comments->size() == 1);
    ASSERT_TRUE(comments->front().hidden.has_value());
    EXPECT_EQ(comments->front().hidden->reason, "Lenguaje ofensivo (norma 3)");
    EXPECT_TRUE(contains(get_as(admin, page + "?lang=en").body(), "Hidden by moderation:"));

    const http::Response shown = submit(admin, page, page,
        {{"kind", "comment"}, {"id", std::to_string(*comment)}, {"action", "show"}});
    ASSERT_EQ(shown.result(), http::Status::see_other) << shown.body();
    comments = m_consultations->comments(id);
    ASSERT_TRUE(comments.ok() && comments->size() == 1);
    EXPECT_FALSE(comments->front().hidden.has_value());
}

TEST_F(ConsultationAdminPages, OnlyAdministratorsSeeThePages)
{
    Browser admin = signed_in_as("ogu@example.org");
    const std::int64_t id = create(admin);
    ASSERT_GT(id, 0);
    const std::string base = "/admin/consultations/" + std::to_string(id);
    const std::vector<std::string> pages = {"/admin/consultations", "/admin/consultations/new",
        base, base + "/inputs", base + "/moderation"};
    for (const std::string email : {"carla@example.org", "ana@example.org", "tedic@example.org"}) {
        Browser browser = signed_in_as(email);
        for (const std::string& target : pages) {
            SCOPED_TRACE(email + " " + target);
            EXPECT_EQ(get_as(browser, target).result(), http::Status::forbidden);
        }
    }
    Browser anonymous;
    for (const std::string& target : pages) {
        SCOPED_TRACE("anonymous " + target);
        const http::Response response = get_as(anonymous, target);
        EXPECT_EQ(response.result(), http::Status::see_other);
        EXPECT_TRUE(testing::header(response, http::Field::location).starts_with("/sign-in"));
    }
    EXPECT_EQ(get_as(admin, "/admin/consultations/999").result(), http::Status::not_found);
    EXPECT_EQ(get_as(admin, "/admin/consultations/abc/inputs").result(), http::Status::not_found);
}

}  // namespace
}  // namespace tablero::web

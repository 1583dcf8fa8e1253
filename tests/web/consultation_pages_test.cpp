// The public consultation pages and participation, through the pipeline with a real SQLite
// database and a fake clock (issue 6): the comment window at its edges, one vote per person and
// its change while voting is open, refusals after closing and for unverified addresses, the
// identity number a consultation may require, moderation (a hidden comment leaves the page and
// its counts, its replies stay under a placeholder, its author sees it with the reason), results
// shown only after closing, the summary (page, Markdown, CSV) listing every input once, and the
// page cache that serves visitors but never a signed-in person's page.
#include "core/local_time.h"
#include "domain/consultations/document.h"
#include "domain/plans/plan_import.h"
#include "signed_in_fixture.h"
#include "storage/consultation_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace tablero::web {
namespace {

using namespace std::chrono_literals;
using consultations::ContentKind;
using testing::Browser;
using testing::contains;
using testing::count_of;
using testing::FormFieldList;
using Instant = std::chrono::system_clock::time_point;

constexpr Instant at(int month, int day, int hour)
{
    return std::chrono::sys_days{std::chrono::year{2024} / month / day} + std::chrono::hours{hour};
}

// The fixture's clock starts at 6 May 2024, 10:00 UTC. In Buenos Aires (UTC-3 all year, so the
// expected texts do not depend on daylight saving rules) comments open on 6 May at 09:00 and
// close on 8 May at 09:00; voting closes on 6 May at 21:00.
const Instant proposals_open = at(5, 1, 0);
const Instant proposals_close = at(5, 20, 0);
const Instant comments_open = at(5, 6, 12);
const Instant comments_close = at(5, 8, 12);
const Instant voting_open = at(5, 6, 0);
const Instant voting_close = at(5, 7, 0);

const std::string draft = "# Acceso a la información\n\n"
                          "La ley garantiza el acceso.\n\n"
                          "Segundo párrafo con **negrita**.\n\n"
                          "## Datos abiertos\n\n"
                          "- uno\n- dos\n";

class ConsultationPages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        ASSERT_TRUE(set_time_zone("America/Argentina/Buenos_Aires").ok());
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plan.commitments = {
            {"1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}},
            {"2", "Salud abierta", "Transparencia", "Ministerio de Salud", {}, {}}};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());

        m_carla = add_verified("carla@example.org", "Carla Benítez");
        m_beto = add_verified("beto@example.org", "Beto Ayala");
        add_account("nuevo@example.org");  // not verified

        m_id = create({});
        auto published = m_consultations->publish_document(m_id, "Borrador del plan", draft,
            consultations::split_document(draft), storage::AuditActor::system("test"),
            "2024-05-01T00:00:00Z");
        ASSERT_TRUE(published.ok()) << describe(published.error());
        m_document = *published;
        auto documents = m_consultations->documents(m_id);
        ASSERT_TRUE(documents.ok());
        ASSERT_EQ(documents->size(), 1U);
        ASSERT_EQ((*documents)[0].paragraphs.size(), 3U);
        for (const auto& paragraph : (*documents)[0].paragraphs)
            m_paragraphs.push_back(paragraph.id);
    }

    void TearDown() override
    {
        ASSERT_TRUE(set_time_zone("UTC").ok());
        SignedInPageTest::TearDown();
    }

    storage::Account add_verified(const std::string& email, const std::string& name)
    {
        auto hash = security::hash_password(testing::good_password, security::HashCost::test);
        EXPECT_TRUE(hash.ok());
        storage::NewAccount account{email, name, accounts::Role::citizen, {}, {}, *hash};
        account.verified = true;
        auto created = m_accounts->create_account(
            account, storage::AuditActor::system("test"), "2024-01-01T00:00:00Z");
        EXPECT_TRUE(created.ok()) << describe(created.error());
        return *created;
    }

    // A consultation of plan TP with the three phases, changed by `adjust`.
    std::int64_t create(std::function<void(storage::ConsultationRecord&)> adjust)
    {
        storage::ConsultationRecord record;
        record.title = "Consulta del plan";
        record.description = "Aportes para el **plan**.";
        record.plan = "TP";
        record.phases = {
            {consultations::PhaseKind::proposals, storage::to_sql_timestamp(proposals_open),
                storage::to_sql_timestamp(proposals_close)},
            {consultations::PhaseKind::comments, storage::to_sql_timestamp(comments_open),
                storage::to_sql_timestamp(comments_close)},
            {consultations::PhaseKind::voting, storage::to_sql_timestamp(voting_open),
                storage::to_sql_timestamp(voting_close)}};
        if (adjust)
            adjust(record);
        auto created = m_consultations->create_consultation(
            record, storage::AuditActor::system("test"), "2024-04-30T00:00:00Z");
        EXPECT_TRUE(created.ok()) << describe(created.error());
        return created.ok() ? *created : 0;
    }

    void set_now(Instant instant) { m_clock.advance(instant - m_clock.now()); }

    std::string path(const std::string& rest = {}) const
    {
        return "/consultations/" + std::to_string(m_id) + rest;
    }
    std::string document_path() const { return path("/documents/" + std::to_string(m_document)); }

    // The CSRF token of browser's session.
    std::string token(Browser& browser) { return csrf_of(browser, "/account"); }

    http::Response comment(Browser& browser, std::int64_t paragraph, const std::string& body,
        const std::string& parent = {}, const std::string& stance = {})
    {
        return post_as(browser, path("/comments"),
            {{"csrf", token(browser)}, {"document", std::to_string(m_document)},
                {"paragraph", std::to_string(paragraph)}, {"parent", parent}, {"stance", stance},
                {"body", body}});
    }

    http::Response vote(Browser& browser, const std::string& kind, const std::string& key,
        const std::string& choice)
    {
        return post_as(browser, path("/votes"),
            {{"csrf", token(browser)}, {"kind", kind}, {"key", key}, {"choice", choice}});
    }

    std::int64_t propose(Browser& browser, const std::string& title)
    {
        const http::Response response = post_as(browser, path("/proposals"),
            {{"csrf", token(browser)}, {"title", title}, {"problem", "Problema de " + title},
                {"proposal", "Propuesta de " + title}, {"institution", "Ministerio de Salud"}});
        EXPECT_EQ(response.result(), http::Status::see_other) << response.body();
        const std::string location(testing::header(response, http::Field::location));
        return std::stoll(location.substr(location.rfind('/') + 1));
    }

    std::vector<consultations::Comment> comments()
    {
        auto all = m_consultations->comments(m_id);
        EXPECT_TRUE(all.ok()) << describe(all.error());
        return all.ok() ? *all : std::vector<consultations::Comment>{};
    }

    // A comment written straight to the store by Beto, for pages with many comments.
    std::int64_t add_comment(std::optional<std::int64_t> paragraph, const std::string& body,
        std::optional<std::int64_t> parent = std::nullopt)
    {
        const storage::AuditActor beto{m_beto.id, m_beto.email, "citizen"};
        auto added = m_consultations->add_comment(
            {m_id, m_document, paragraph, parent, consultations::Stance::none, body}, beto,
            "2024-05-06T13:00:00Z");
        EXPECT_TRUE(added.ok()) << describe(added.error());
        return added.ok() ? *added : 0;
    }

    // The first paragraph with 25 threads, "Hilo 01" to "Hilo 25" (oldest first), the first with
    // seven replies, "Respuesta 1" to "Respuesta 7", the last hidden by moderation: 31 comments
    // to see in 24 threads. The whole document has two comments. Returns the threads' ids.
    std::vector<std::int64_t> many_threads()
    {
        std::vector<std::int64_t> threads;
        for (int i = 1; i <= 25; ++i)
            threads.push_back(add_comment(m_paragraphs[0],
                std::string(i < 10 ? "Hilo 0" : "Hilo ") + std::to_string(i) +
                    " del primer párrafo"));
        for (int i = 1; i <= 7; ++i)
            add_comment(
                m_paragraphs[0], "Respuesta " + std::to_string(i) + " al primero", threads[0]);
        EXPECT_TRUE(m_consultations
                        ->set_hidden(m_id, ContentKind::comment, threads[24], true, "Fuera de tema",
                            storage::AuditActor::system("test"), "2024-05-06T14:00:00Z")
                        .ok());
        add_comment(std::nullopt, "Sobre todo el texto, uno");
        add_comment(std::nullopt, "Sobre todo el texto, dos");
        return threads;
    }

    std::string paragraph_comments(std::size_t index, const std::string& query = {}) const
    {
        return document_path() + "/paragraphs/" + std::to_string(m_paragraphs[index]) +
            "/comments" + query;
    }

    consultations::Tally tally(const consultations::VoteTarget& target)
    {
        auto tallies = m_consultations->tallies(m_id);
        EXPECT_TRUE(tallies.ok());
        const auto found = tallies->find(target);
        return found == tallies->end() ? consultations::Tally{} : found->second;
    }

    storage::Account m_carla;
    storage::Account m_beto;
    std::int64_t m_id = 0;
    std::int64_t m_document = 0;
    std::vector<std::int64_t> m_paragraphs;
};

TEST_F(ConsultationPages, CommentsAreTakenExactlyWhileTheirWindowIsOpen)
{
    struct Row {
        std::string name;
        Instant now;
        http::Status status;
        std::string reason;
    };
    const std::vector<Row> rows = {
        {"one second before opening", comments_open - 1s, http::Status::conflict,
            "Los comentarios abren el 6 de mayo de 2024, 09:00."},
        {"at opening", comments_open, http::Status::see_other, ""},
        {"one second before closing", comments_close - 1s, http::Status::see_other, ""},
        {"at closing", comments_close, http::Status::conflict,
            "Los comentarios cerraron el 8 de mayo de 2024, 09:00."},
    };
    Browser carla = signed_in_as("carla@example.org");
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        set_now(row.now);
        const std::size_t before = comments().size();
        const http::Response response = comment(carla, m_paragraphs[0], "Comentario " + row.name);
        EXPECT_EQ(response.result(), row.status) << response.body();
        if (row.status == http::Status::see_other) {
            EXPECT_EQ(comments().size(), before + 1);
            const std::string location(testing::header(response, http::Field::location));
            EXPECT_TRUE(location.starts_with(document_path() + "#comment-")) << location;
            // The comment is on its paragraph's thread, under the place's id.
            const std::string page = get_as(carla, document_path()).body();
            EXPECT_TRUE(contains(page, "Comentario " + row.name));
            EXPECT_TRUE(contains(page, "id=\"p-" + std::to_string(m_paragraphs[0]) + "\""));
            EXPECT_TRUE(contains(page, "§1.1"));
        } else {
            EXPECT_EQ(comments().size(), before);
            EXPECT_TRUE(contains(response.body(), row.reason)) << response.body();
        }
    }
}

TEST_F(ConsultationPages, OneVotePerPersonChangeableUntilVotingCloses)
{
    Browser carla = signed_in_as("carla@example.org");
    Browser beto = signed_in_as("beto@example.org");
    const std::int64_t proposal = propose(carla, "Datos de salud");
    const consultations::VoteTarget target{
        consultations::ItemKind::proposal, std::to_string(proposal)};

    http::Response first = vote(carla, "proposal", std::to_string(proposal), "in_favour");
    ASSERT_EQ(first.result(), http::Status::see_other) << first.body();
    EXPECT_EQ(testing::header(first, http::Field::location),
        path("/proposals/" + std::to_string(proposal)));
    EXPECT_EQ(vote(carla, "proposal", std::to_string(proposal), "in_favour").result(),
        http::Status::see_other);
    EXPECT_EQ(tally(target).total(), 1);
    EXPECT_EQ(tally(target).in_favour, 1);

    // A change replaces the vote; the page shows the person's own vote, changeable.
    EXPECT_EQ(vote(carla, "proposal", std::to_string(proposal), "against").result(),
        http::Status::see_other);
    EXPECT_EQ(tally(target).total(), 1);
    EXPECT_EQ(tally(target).against, 1);
    const std::string page = get_as(carla, path("/proposals/" + std::to_string(proposal))).body();
    EXPECT_TRUE(contains(page, "Su voto: <strong>En contra</strong>")) << page;
    EXPECT_TRUE(contains(page, "Cambiar mi voto"));

    EXPECT_EQ(vote(beto, "proposal", std::to_string(proposal), "abstain").result(),
        http::Status::see_other);
    EXPECT_EQ(tally(target).total(), 2);

    // A draft commitment of the plan, voted from the overview.
    const http::Response on_commitment = vote(beto, "commitment", "1", "in_favour");
    ASSERT_EQ(on_commitment.result(), http::Status::see_other) << on_commitment.body();
    EXPECT_EQ(testing::header(on_commitment, http::Field::location), path("#commitment-1"));
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "1"}).in_favour, 1);

    // A choice that is not one is a form error beside the vote.
    const http::Response wrong = vote(beto, "commitment", "1", "maybe");
    EXPECT_EQ(wrong.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(wrong.body(), "Elija a favor, en contra o abstención."));
}

TEST_F(ConsultationPages, AVoteAfterClosingIsRefusedWithTheReasonAndChangesNothing)
{
    Browser carla = signed_in_as("carla@example.org");
    ASSERT_EQ(vote(carla, "commitment", "2", "in_favour").result(), http::Status::see_other);
    set_now(voting_close);
    const http::Response late = vote(carla, "commitment", "2", "against");
    EXPECT_EQ(late.result(), http::Status::conflict);
    EXPECT_TRUE(contains(late.body(), "La votación cerró el 6 de mayo de 2024, 21:00."))
        << late.body();
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "2"}).in_favour, 1);
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "2"}).against, 0);
    // The page offers no vote form any more, and still shows the vote that was cast.
    const std::string overview = get_as(carla, path()).body();
    EXPECT_FALSE(contains(overview, "name=\"choice\""));
    EXPECT_TRUE(contains(overview, "Su voto: <strong>A favor</strong>"));
}

TEST_F(ConsultationPages, AnUnverifiedAddressIsRefusedAndTheRefusalSaysWhatToDo)
{
    set_now(comments_open);
    Browser nuevo = signed_in_as("nuevo@example.org");
    const http::Response response = comment(nuevo, m_paragraphs[0], "Hola");
    EXPECT_EQ(response.result(), http::Status::forbidden);
    EXPECT_TRUE(contains(response.body(), "Primero verifique su dirección de correo electrónico"));
    EXPECT_TRUE(contains(response.body(), "href=\"/account\""));
    EXPECT_TRUE(comments().empty());
    EXPECT_EQ(vote(nuevo, "commitment", "1", "in_favour").result(), http::Status::forbidden);
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "1"}).total(), 0);
}

TEST_F(ConsultationPages, AnIdentityNumberIsRequiredWhenAskedAndTakesPartOnce)
{
    m_id = create([](storage::ConsultationRecord& record) { record.requires_identity = true; });
    Browser carla = signed_in_as("carla@example.org");
    Browser beto = signed_in_as("beto@example.org");

    const http::Response refused = vote(carla, "commitment", "1", "in_favour");
    EXPECT_EQ(refused.result(), http::Status::forbidden);
    EXPECT_TRUE(contains(refused.body(), "pide registrar su número de documento"));
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "1"}).total(), 0);

    struct Row {
        std::string name;
        std::string typed;
        http::Status status;
        std::string message;
    };
    const std::vector<Row> rows = {
        {"too short", "12", http::Status::bad_request, "de 5 a 15 cifras"},
        {"carla's number, with dots", "1.234.567", http::Status::see_other, ""},
        {"carla's number again", "1234567", http::Status::see_other, ""},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response =
            post_as(carla, path("/identity"), {{"csrf", token(carla)}, {"identity", row.typed}});
        EXPECT_EQ(response.result(), row.status) << response.body();
        if (!row.message.empty()) {
            EXPECT_TRUE(contains(response.body(), row.message));
        }
    }
    // The same number from another account is refused, and not written back into the page.
    const http::Response taken =
        post_as(beto, path("/identity"), {{"csrf", token(beto)}, {"identity", "1234567"}});
    EXPECT_EQ(taken.result(), http::Status::conflict);
    EXPECT_TRUE(
        contains(taken.body(), "Este número ya participa en esta consulta desde otra cuenta."));
    EXPECT_FALSE(contains(taken.body(), "value=\"1234567\""));

    EXPECT_EQ(vote(carla, "commitment", "1", "in_favour").result(), http::Status::see_other);
    EXPECT_EQ(vote(beto, "commitment", "1", "in_favour").result(), http::Status::forbidden);
    EXPECT_EQ(tally({consultations::ItemKind::commitment, "1"}).total(), 1);
    EXPECT_TRUE(contains(get_as(carla, path()).body(), "Su número de documento está registrado"));
}

TEST_F(ConsultationPages, AHiddenCommentLeavesThePageAndItsCountsButNotItsAuthorsView)
{
    set_now(comments_open);
    Browser carla = signed_in_as("carla@example.org");
    Browser beto = signed_in_as("beto@example.org");
    ASSERT_EQ(comment(carla, m_paragraphs[1], "Texto ofensivo de Carla", "", "against").result(),
        http::Status::see_other);
    const std::int64_t hidden = comments().back().id;
    ASSERT_EQ(comment(beto, m_paragraphs[1], "Respuesta de Beto", std::to_string(hidden)).result(),
        http::Status::see_other);
    ASSERT_EQ(
        comment(carla, m_paragraphs[2], "Otro texto retirado").result(), http::Status::see_other);
    const std::int64_t alone = comments().back().id;
    ASSERT_EQ(post_as(beto, path("/comments/" + std::to_string(hidden) + "/endorse"),
                  {{"csrf", token(beto)}})
                  .result(),
        http::Status::see_other);
    const http::Response flagged = post_as(beto, path("/flags"),
        {{"csrf", token(beto)}, {"kind", "comment"}, {"id", std::to_string(hidden)},
            {"reason", "Insulta"}});
    EXPECT_EQ(flagged.result(), http::Status::see_other) << flagged.body();

    std::string before = get(document_path()).body();
    EXPECT_TRUE(contains(before, "Texto ofensivo de Carla"));
    EXPECT_TRUE(contains(before, "Postura: En contra"));
    EXPECT_TRUE(contains(before, "1 apoyo"));
    EXPECT_TRUE(contains(before, "2 comentarios"));

    const storage::AuditActor moderator = storage::AuditActor::system("test");
    for (const std::int64_t id : {hidden, alone})
        ASSERT_TRUE(m_consultations
                        ->set_hidden(m_id, ContentKind::comment, id, true, "Lenguaje ofensivo",
                            moderator, "2024-05-06T13:00:00Z")
                        .ok());

    const std::string visitor = get(document_path()).body();
    EXPECT_FALSE(contains(visitor, "Texto ofensivo de Carla"));
    EXPECT_FALSE(contains(visitor, "Otro texto retirado"));
    EXPECT_FALSE(contains(visitor, "Lenguaje ofensivo"));
    // The reply stays, under a placeholder; the comment alone leaves no trace.
    EXPECT_EQ(count_of(visitor, "Comentario retirado por moderación"), 1U);
    EXPECT_TRUE(contains(visitor, "Respuesta de Beto"));
    EXPECT_TRUE(contains(visitor, "1 comentario<"));
    EXPECT_TRUE(contains(visitor, "0 comentarios"));
    EXPECT_FALSE(contains(visitor, "1 apoyo"));
    EXPECT_FALSE(contains(get_as(beto, document_path()).body(), "Texto ofensivo de Carla"));

    const std::string author = get_as(carla, document_path()).body();
    EXPECT_TRUE(contains(author, "Texto ofensivo de Carla"));
    EXPECT_TRUE(contains(author, "Otro texto retirado"));
    EXPECT_EQ(count_of(author, "Lenguaje ofensivo"), 2U);
    EXPECT_TRUE(contains(author, "solo usted lo ve"));

    // Nobody can reply to or endorse hidden content.
    EXPECT_EQ(comment(beto, m_paragraphs[1], "Otra", std::to_string(hidden)).result(),
        http::Status::bad_request);
}

TEST_F(ConsultationPages, AHiddenProposalIsGoneForOthersAndShownToItsAuthorWithTheReason)
{
    Browser carla = signed_in_as("carla@example.org");
    Browser beto = signed_in_as("beto@example.org");
    const std::int64_t proposal = propose(carla, "Publicidad encubierta");
    const std::string page = path("/proposals/" + std::to_string(proposal));
    ASSERT_EQ(vote(beto, "proposal", std::to_string(proposal), "in_favour").result(),
        http::Status::see_other);

    // A report needs a reason; the form comes back open with the message beside its field.
    const http::Response blank = post_as(beto, path("/flags"),
        {{"csrf", token(beto)}, {"kind", "proposal"}, {"id", std::to_string(proposal)},
            {"reason", " "}});
    EXPECT_EQ(blank.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(blank.body(), "Diga por qué reporta este contenido."));
    EXPECT_TRUE(contains(blank.body(),
        "<details class=\"consultation-flag\" id=\"flag-proposal-" + std::to_string(proposal) +
            "\" open>"));
    const http::Response flagged = post_as(beto, path("/flags"),
        {{"csrf", token(beto)}, {"kind", "proposal"}, {"id", std::to_string(proposal)},
            {"reason", "Es publicidad"}});
    EXPECT_EQ(flagged.result(), http::Status::see_other) << flagged.body();
    EXPECT_EQ(testing::header(flagged, http::Field::location), page);

    ASSERT_TRUE(m_consultations
                    ->set_hidden(m_id, ContentKind::proposal, proposal, true, "Publicidad",
                        storage::AuditActor::system("test"), "2024-05-06T13:00:00Z")
                    .ok());
    EXPECT_EQ(get(page).result(), http::Status::not_found);
    EXPECT_EQ(get_as(beto, page).result(), http::Status::not_found);
    EXPECT_FALSE(contains(get(path()).body(), "Publicidad encubierta"));
    const http::Response own = get_as(carla, page);
    EXPECT_EQ(own.result(), http::Status::ok);
    EXPECT_TRUE(contains(own.body(), "solo usted lo ve"));
    EXPECT_TRUE(contains(own.body(), "Publicidad"));
    // Its votes leave the counts.
    EXPECT_EQ(tally({consultations::ItemKind::proposal, std::to_string(proposal)}).total(), 0);
}

TEST_F(ConsultationPages, TheProposalFormSaysWhenProposalsClosed)
{
    set_now(proposals_close);
    Browser carla = signed_in_as("carla@example.org");
    const http::Response form = get_as(carla, path("/proposals/new"));
    EXPECT_EQ(form.result(), http::Status::ok);
    EXPECT_TRUE(
        contains(form.body(), "La recepción de propuestas cerró el 19 de mayo de 2024, 21:00."));
    EXPECT_FALSE(contains(form.body(), "name=\"title\""));
    const http::Response late = post_as(carla, path("/proposals"),
        {{"csrf", token(carla)}, {"title", "Tarde"}, {"problem", "P"}, {"proposal", "Q"}});
    EXPECT_EQ(late.result(), http::Status::conflict);
    auto proposals = m_consultations->proposals(m_id);
    ASSERT_TRUE(proposals.ok());
    EXPECT_TRUE(proposals->empty());
}

TEST_F(ConsultationPages, AfterCloseResultsAppearOnlyOnceVotingHasClosed)
{
    m_id = create([](storage::ConsultationRecord& record) {
        record.results = consultations::ResultsVisibility::after_close;
    });
    Browser carla = signed_in_as("carla@example.org");
    ASSERT_EQ(vote(carla, "commitment", "1", "against").result(), http::Status::see_other);
    const std::string counts = "En contra: <strong>1</strong>";

    const std::string during = get(path()).body();
    EXPECT_FALSE(contains(during, counts)) << during;
    EXPECT_TRUE(contains(during, "se publican cuando cierre, el 6 de mayo de 2024, 21:00"));
    EXPECT_FALSE(contains(get(path("/summary")).body(), counts));
    EXPECT_TRUE(contains(get_as(carla, path()).body(), "Su voto: <strong>En contra</strong>"));

    // No write happens at the closing instant: the cached visitor's page must still change.
    set_now(voting_close);
    const std::string after = get(path()).body();
    EXPECT_TRUE(contains(after, counts)) << after;
    EXPECT_TRUE(contains(get(path("/summary")).body(), counts));
}

TEST_F(ConsultationPages, TheSummaryListsEveryInputExactlyOnce)
{
    set_now(comments_open);
    Browser carla = signed_in_as("carla@example.org");
    Browser beto = signed_in_as("beto@example.org");
    const std::int64_t first = propose(carla, "Compras abiertas");
    const std::int64_t second = propose(beto, "Presupuesto ciudadano");
    ASSERT_EQ(comment(carla, m_paragraphs[0], "De acuerdo con la ley", "", "in_favour").result(),
        http::Status::see_other);
    ASSERT_EQ(comment(beto, m_paragraphs[2], "No alcanza", "", "against").result(),
        http::Status::see_other);
    const std::int64_t dissent = comments().back().id;
    ASSERT_EQ(comment(beto, m_paragraphs[0], "Retirado").result(), http::Status::see_other);
    const std::int64_t withheld = comments().back().id;
    ASSERT_TRUE(m_consultations
                    ->set_hidden(m_id, ContentKind::comment, withheld, true, "Fuera de tema",
                        storage::AuditActor::system("test"), "2024-05-06T13:00:00Z")
                    .ok());
    ASSERT_TRUE(m_consultations
                    ->respond(m_id, ContentKind::proposal, second,
                        {consultations::Outcome::not_accepted, "Fuera del alcance del plan", "",
                            std::nullopt, "", ""},
                        storage::AuditActor::system("test"), "2024-05-06T13:00:00Z")
                    .ok());
    ASSERT_EQ(vote(carla, "proposal", std::to_string(first), "in_favour").result(),
        http::Status::see_other);
    ASSERT_EQ(vote(beto, "commitment", "1", "against").result(), http::Status::see_other);

    const http::Response page = get(path("/summary"));
    ASSERT_EQ(page.result(), http::Status::ok);
    const std::string html = page.body();
    for (const std::string& anchor :
        std::vector<std::string>{"summary-proposal-" + std::to_string(first),
            "summary-proposal-" + std::to_string(second),
            "summary-comment-" + std::to_string(dissent),
            "summary-comment-" + std::to_string(withheld),
            "summary-vote-proposal-" + std::to_string(first), "summary-vote-commitment-1"})
        EXPECT_EQ(count_of(html, "id=\"" + anchor + "\""), 1U) << anchor;
    EXPECT_EQ(count_of(html, "<li id=\"summary-"), 2U + 3U + 2U);
    EXPECT_TRUE(contains(html, "Fuera del alcance del plan"));
    EXPECT_TRUE(contains(html, "Fuera de tema"));
    EXPECT_FALSE(contains(html, ">Retirado<"));
    EXPECT_TRUE(contains(html, "Disenso"));

    const http::Response csv = get(path("/summary.csv"));
    ASSERT_EQ(csv.result(), http::Status::ok);
    EXPECT_EQ(testing::header(csv, http::Field::content_type), "text/csv; charset=utf-8");
    EXPECT_TRUE(contains(testing::header(csv, http::Field::content_disposition), "attachment"));
    EXPECT_TRUE(csv.body().starts_with("\xEF\xBB\xBF"));
    // One header and one record per input: two proposals, three comments, two items voted on.
    EXPECT_EQ(count_of(csv.body(), "\n"), 1U + 2U + 3U + 2U) << csv.body();
    EXPECT_EQ(count_of(csv.body(), "Problema de Compras abiertas"), 1U);
    EXPECT_EQ(count_of(csv.body(), "No alcanza"), 1U);
    EXPECT_FALSE(contains(csv.body(), "Retirado\n"));

    const http::Response markdown = get(path("/summary.md?lang=en"));
    ASSERT_EQ(markdown.result(), http::Status::ok);
    EXPECT_EQ(testing::header(markdown, http::Field::content_type), "text/markdown; charset=utf-8");
    EXPECT_TRUE(contains(markdown.body(), "Consultation summary"));
    EXPECT_TRUE(contains(markdown.body(), "Fuera del alcance del plan"));
}

TEST_F(ConsultationPages, VisitorsGetTheCachedPageAndASignedInPersonTheirOwn)
{
    set_now(comments_open);
    const http::Response first = get(document_path());
    ASSERT_EQ(first.result(), http::Status::ok);
    const auto hits = m_page_cache.stats().hits;
    const http::Response second = get(document_path());
    EXPECT_EQ(m_page_cache.stats().hits, hits + 1);
    EXPECT_EQ(second.body(), first.body());
    EXPECT_FALSE(contains(first.body(), "name=\"csrf\""));
    EXPECT_TRUE(contains(first.body(), "/sign-in?next="));

    Browser carla = signed_in_as("carla@example.org");
    const http::Response mine = get_as(carla, document_path());
    EXPECT_EQ(testing::header(mine, http::Field::cache_control), "no-store");
    // The draft links each paragraph to its comments page, where the forms are.
    EXPECT_TRUE(contains(mine.body(),
        "<a href=\"" + paragraph_comments(0) + "#comment-form-p" + std::to_string(m_paragraphs[0]) +
            "\">Comentar este párrafo</a>"));
    const http::Response form = get_as(carla, paragraph_comments(0));
    EXPECT_EQ(testing::header(form, http::Field::cache_control), "no-store");
    EXPECT_TRUE(contains(form.body(), "name=\"csrf\""));
    EXPECT_TRUE(contains(form.body(),
        "<details class=\"consultation-comment-form\" id=\"comment-form-p" +
            std::to_string(m_paragraphs[0]) + "\" open>"));
}

TEST_F(ConsultationPages, EveryPageAnswersInBothLanguagesAndTheListGroupsByState)
{
    set_now(comments_open);
    Browser carla = signed_in_as("carla@example.org");
    const std::int64_t proposal = propose(carla, "Compras abiertas");
    const std::int64_t later = create([](storage::ConsultationRecord& record) {
        record.title = "Consulta futura";
        for (auto& phase : record.phases) {
            phase.opens_at = "2025-01-01T00:00:00Z";
            phase.closes_at = "2025-02-01T00:00:00Z";
        }
    });
    ASSERT_NE(later, 0);
    for (const std::string& target : std::vector<std::string>{"/consultations", path(),
             document_path(), path("/proposals/" + std::to_string(proposal)), path("/summary")}) {
        for (const std::string lang : {"es", "en"}) {
            SCOPED_TRACE(target + " " + lang);
            EXPECT_EQ(get(target + "?lang=" + lang).result(), http::Status::ok);
            EXPECT_EQ(get_as(carla, target + "?lang=" + lang).result(), http::Status::ok);
        }
    }
    const std::string list = get("/consultations?lang=en").body();
    const auto open = list.find("Open now");
    const auto upcoming = list.find("Upcoming");
    ASSERT_NE(open, std::string::npos);
    ASSERT_NE(upcoming, std::string::npos);
    EXPECT_LT(list.find("Consulta del plan"), upcoming);
    EXPECT_GT(list.find("Consulta futura"), upcoming);
    EXPECT_TRUE(contains(list, "open until 8 May 2024, 09:00"));
    EXPECT_EQ(get_as(carla, path("/proposals/new")).result(), http::Status::ok);
    EXPECT_EQ(get(path("/proposals/new")).result(), http::Status::see_other);
    EXPECT_EQ(get("/consultations/999").result(), http::Status::not_found);
}

// Issue 7: with thousands of comments a draft's page listed them all (1.25 MB). A paragraph now
// shows its first threads and links to its own page of comments.
TEST_F(ConsultationPages, TheDocumentPageShowsAParagraphsFirstThreadsAndLinksToAllOfThem)
{
    set_now(comments_open);
    many_threads();
    const std::string page = get(document_path()).body();
    for (const std::string shown : {"Hilo 01", "Hilo 02", "Respuesta 1 ",
             "Sobre todo el texto, uno", "Sobre todo el texto, dos"})
        EXPECT_TRUE(contains(page, shown)) << shown;
    // Two threads, and the first reply under the first: the rest are on the paragraph's page.
    for (const std::string left : {"Hilo 03", "Hilo 24", "Hilo 25", "Respuesta 2 "})
        EXPECT_FALSE(contains(page, left)) << left;
    EXPECT_EQ(count_of(page, "class=\"consultation-comment "), 2U + 1U + 2U);
    // A visitor is offered no form and no button: those are on the comments pages, for people
    // who may comment.
    EXPECT_FALSE(contains(page, "method=\"post\""));
    // The count is of every comment a visitor may see (the hidden one is not).
    EXPECT_TRUE(contains(page, "31 comentarios"));
    EXPECT_TRUE(contains(page,
        "<a href=\"" + paragraph_comments(0) + "\">Ver los 31 comentarios de este párrafo</a>"));
    // Each place with comments links to its page; the others do not.
    EXPECT_EQ(count_of(page, "/comments\">"), 2U);
    EXPECT_TRUE(contains(page,
        "<a href=\"" + document_path() +
            "/comments\">Ver los 2 comentarios sobre todo el documento</a>"));
    EXPECT_FALSE(contains(page, paragraph_comments(1)));
    EXPECT_TRUE(contains(
        get(document_path() + "?lang=en").body(), "See all 31 comments on this paragraph</a>"));

    // A third whole-document thread is left to the whole document's page; a single comment has
    // its own words.
    add_comment(std::nullopt, "Sobre todo el texto, tres");
    add_comment(std::nullopt, "Sobre todo el texto, cuatro");
    add_comment(m_paragraphs[1], "Único comentario del segundo párrafo");
    const std::string more = get(document_path()).body();
    EXPECT_TRUE(contains(more, "Sobre todo el texto, dos"));
    EXPECT_FALSE(contains(more, "Sobre todo el texto, tres"));
    EXPECT_TRUE(contains(more, "Ver los 4 comentarios sobre todo el documento</a>"));
    EXPECT_TRUE(contains(
        more, "<a href=\"" + paragraph_comments(1) + "\">Ver el comentario de este párrafo</a>"));
}

TEST_F(ConsultationPages, AParagraphsCommentsPageShowsItsThreadsAPageAtATime)
{
    set_now(comments_open);
    const std::vector<std::int64_t> threads = many_threads();
    const http::Response first = get(paragraph_comments(0));
    ASSERT_EQ(first.result(), http::Status::ok);
    const std::string one = first.body();
    EXPECT_TRUE(contains(one, "<h1>Comentarios al §1.1</h1>"));
    EXPECT_TRUE(contains(one, "La ley garantiza el acceso."));
    EXPECT_TRUE(contains(one, "31 comentarios"));
    EXPECT_TRUE(contains(one, "Página 1 de 3"));
    EXPECT_TRUE(
        contains(one, "<a href=\"" + paragraph_comments(0, "?page=2") + "\" rel=\"next\">"));
    EXPECT_FALSE(contains(one, "rel=\"prev\""));
    // Ten threads, oldest first, with every reply.
    EXPECT_LT(one.find("Hilo 01"), one.find("Respuesta 7 "));
    EXPECT_LT(one.find("Respuesta 7 "), one.find("Hilo 02"));
    EXPECT_LT(one.find("Hilo 09"), one.find("Hilo 10"));
    EXPECT_FALSE(contains(one, "Hilo 11"));
    EXPECT_EQ(count_of(one, "class=\"consultation-comment "), 10U + 7U);
    EXPECT_FALSE(contains(one, "Sobre todo el texto"));

    // Page 3, the last: the last threads; the hidden one is not there.
    const std::string last = get(paragraph_comments(0, "?page=3")).body();
    EXPECT_TRUE(contains(last, "Página 3 de 3"));
    EXPECT_TRUE(
        contains(last, "<a href=\"" + paragraph_comments(0, "?page=2") + "\" rel=\"prev\">"));
    EXPECT_FALSE(contains(last, "rel=\"next\""));
    for (const std::string shown : {"Hilo 21", "Hilo 22", "Hilo 23", "Hilo 24"})
        EXPECT_TRUE(contains(last, shown)) << shown;
    for (const std::string left : {"Hilo 20", "Hilo 25", "Respuesta 1 ", "Fuera de tema"})
        EXPECT_FALSE(contains(last, left)) << left;
    EXPECT_EQ(count_of(last, "class=\"consultation-comment "), 4U);
    const std::string middle = get(paragraph_comments(0, "?page=2")).body();
    EXPECT_TRUE(contains(middle, "Página 2 de 3"));
    EXPECT_TRUE(contains(middle, "Hilo 11"));
    EXPECT_TRUE(contains(middle, "Hilo 20"));
    EXPECT_FALSE(contains(middle, "Hilo 10"));
    EXPECT_FALSE(contains(middle, "Hilo 21"));
    EXPECT_TRUE(contains(middle, "<a href=\"" + paragraph_comments(0) + "\" rel=\"prev\">"));
    EXPECT_TRUE(
        contains(middle, "<a href=\"" + paragraph_comments(0, "?page=3") + "\" rel=\"next\">"));

    // A page beyond the last shows the last; a page that is not a number, the first.
    struct Row {
        std::string query;
        std::string expected;
    };
    for (const Row& row : std::vector<Row>{{"?page=9", "Página 3 de 3"},
             {"?page=0", "Página 1 de 3"}, {"?page=dos", "Página 1 de 3"}}) {
        SCOPED_TRACE(row.query);
        const http::Response response = get(paragraph_comments(0, row.query));
        EXPECT_EQ(response.result(), http::Status::ok);
        EXPECT_TRUE(contains(response.body(), row.expected));
    }
    EXPECT_TRUE(contains(get(paragraph_comments(0, "?page=9")).body(), "Hilo 24"));

    // The whole document's comments, a paragraph without any, and places that do not exist.
    const std::string whole = get(document_path() + "/comments").body();
    EXPECT_TRUE(contains(whole, "<h1>Comentarios sobre todo el documento</h1>"));
    EXPECT_TRUE(contains(whole, "Sobre todo el texto, dos"));
    EXPECT_FALSE(contains(whole, "Hilo 01"));
    EXPECT_FALSE(contains(whole, "class=\"pager\""));
    const std::string empty = get(paragraph_comments(2)).body();
    EXPECT_TRUE(contains(empty, "0 comentarios"));
    EXPECT_FALSE(contains(empty, "class=\"pager\""));
    EXPECT_EQ(get(document_path() + "/paragraphs/999/comments").result(), http::Status::not_found);
    EXPECT_EQ(get(path("/documents/999/comments")).result(), http::Status::not_found);
    EXPECT_EQ(get(document_path() + "/paragraphs/x/comments").result(), http::Status::not_found);
    EXPECT_EQ(get(paragraph_comments(0, "?lang=en")).result(), http::Status::ok);
    EXPECT_TRUE(contains(get(paragraph_comments(0, "?lang=en")).body(), "Page 1 of 3"));

    // Visitors get the cached page; a signed-in person their own, with the forms.
    const auto hits = m_page_cache.stats().hits;
    EXPECT_EQ(get(paragraph_comments(0, "?page=3")).body(), last);
    EXPECT_EQ(m_page_cache.stats().hits, hits + 1);
    EXPECT_FALSE(contains(last, "name=\"csrf\""));
    Browser beto = signed_in_as("beto@example.org");
    const http::Response mine = get_as(beto, paragraph_comments(0, "?page=3"));
    EXPECT_EQ(testing::header(mine, http::Field::cache_control), "no-store");
    EXPECT_TRUE(contains(mine.body(), "Comentar este párrafo"));
    EXPECT_TRUE(contains(mine.body(), "name=\"return_page\" value=\"3\""));
    // Its author sees the hidden thread, with the reason.
    EXPECT_TRUE(contains(mine.body(), "Hilo 25"));
    EXPECT_TRUE(contains(mine.body(), "Fuera de tema"));

    // One form is written out at a time: the paragraph's, open; each comment has the endorse
    // button and links that open its reply or flag form.
    const std::string hilo_22 = std::to_string(threads[21]);
    EXPECT_EQ(count_of(mine.body(), "<details"), 1U);
    EXPECT_EQ(count_of(mine.body(), "/endorse?lang="), 4U);
    const std::string reply_link =
        paragraph_comments(0, "?page=3&reply=" + hilo_22) + "#comment-form-r" + hilo_22;
    const std::string flag_link =
        paragraph_comments(0, "?page=3&flag=" + hilo_22) + "#flag-comment-" + hilo_22;
    // In HTML the links' "&" is written "&amp;".
    auto html = [](std::string link) { return link.replace(link.find('&'), 1, "&amp;"); };
    EXPECT_TRUE(contains(mine.body(), "<a href=\"" + html(reply_link) + "\">Responder</a>"));
    EXPECT_TRUE(contains(mine.body(), "<a href=\"" + html(flag_link) + "\">Reportar</a>"));
    const std::string replying =
        get_as(beto, paragraph_comments(0, "?page=3&reply=" + hilo_22)).body();
    EXPECT_EQ(count_of(replying, "<details"), 2U);
    EXPECT_TRUE(contains(replying,
        "<details class=\"consultation-comment-form\" id=\"comment-form-r" + hilo_22 + "\" open>"));
    EXPECT_TRUE(contains(replying, "name=\"parent\" value=\"" + hilo_22 + "\""));
    const std::string flagging =
        get_as(beto, paragraph_comments(0, "?page=3&flag=" + hilo_22)).body();
    EXPECT_TRUE(contains(flagging,
        "<details class=\"consultation-flag\" id=\"flag-comment-" + hilo_22 + "\" open>"));
}

TEST_F(ConsultationPages, AfterPostingTheCitizenLandsWhereTheCommentShows)
{
    // After many_threads()'s comments (13:00 UTC), so that Carla's are the newest.
    set_now(at(5, 6, 15));
    const std::vector<std::int64_t> threads = many_threads();
    Browser carla = signed_in_as("carla@example.org");
    const std::string anchor = "#comment-";
    auto newest = [&] {
        std::int64_t id = 0;
        for (const consultations::Comment& each : comments())
            id = std::max(id, each.id);
        return id;
    };
    auto landed = [&](const http::Response& response) {
        EXPECT_EQ(response.result(), http::Status::see_other) << response.body();
        return std::string(testing::header(response, http::Field::location));
    };

    // A new thread is the newest: on the last page of its paragraph (24 threads shown before).
    std::string location = landed(comment(carla, m_paragraphs[0], "Hilo nuevo de Carla"));
    std::int64_t added = newest();
    EXPECT_EQ(location, paragraph_comments(0, "?page=3") + anchor + std::to_string(added));
    EXPECT_TRUE(contains(get_as(carla, paragraph_comments(0, "?page=3")).body(),
        "id=\"comment-" + std::to_string(added) + "\""));

    // A reply in a thread the document page shows stays on the document page.
    location =
        landed(comment(carla, m_paragraphs[0], "Respuesta de Carla", std::to_string(threads[1])));
    added = newest();
    EXPECT_EQ(location, document_path() + anchor + std::to_string(added));
    EXPECT_TRUE(contains(get_as(carla, document_path()).body(), "Respuesta de Carla"));

    // A reply beyond the replies the document page shows: the paragraph's first page.
    location =
        landed(comment(carla, m_paragraphs[0], "Octava respuesta", std::to_string(threads[0])));
    EXPECT_EQ(location, paragraph_comments(0) + anchor + std::to_string(newest()));

    // From the paragraph's page 3, a reply there goes back to page 3, and so do an endorsement
    // and a flag.
    const std::string reply_to = std::to_string(threads[21]);
    location = landed(post_as(carla, path("/comments"),
        {{"csrf", token(carla)}, {"document", std::to_string(m_document)},
            {"paragraph", std::to_string(m_paragraphs[0])}, {"parent", reply_to},
            {"return_page", "3"}, {"stance", ""}, {"body", "Respuesta en la página 3"}}));
    EXPECT_EQ(location, paragraph_comments(0, "?page=3") + anchor + std::to_string(newest()));
    location = landed(post_as(carla, path("/comments/" + reply_to + "/endorse"),
        {{"csrf", token(carla)}, {"return_page", "3"}}));
    EXPECT_EQ(location, paragraph_comments(0, "?page=3") + anchor + reply_to);
    location = landed(post_as(carla, path("/flags"),
        {{"csrf", token(carla)}, {"kind", "comment"}, {"id", reply_to}, {"return_page", "3"},
            {"reason", "Repetido"}}));
    EXPECT_EQ(location, paragraph_comments(0, "?page=3") + anchor + reply_to);
    // An endorsement from the document page of a comment it does not show: its page.
    location = landed(
        post_as(carla, path("/comments/" + reply_to + "/endorse"), {{"csrf", token(carla)}}));
    EXPECT_EQ(location, paragraph_comments(0, "?page=3") + anchor + reply_to);

    // A refused reply from page 3 is shown again on page 3, its form open with the message.
    const http::Response refused = post_as(carla, path("/comments"),
        {{"csrf", token(carla)}, {"document", std::to_string(m_document)},
            {"paragraph", std::to_string(m_paragraphs[0])}, {"parent", reply_to},
            {"return_page", "3"}, {"stance", ""}, {"body", "  "}});
    EXPECT_EQ(refused.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(refused.body(), "<h1>Comentarios al §1.1</h1>"));
    EXPECT_TRUE(contains(refused.body(), "Página 3 de 3"));
    EXPECT_TRUE(contains(refused.body(), "href=\"#comment-form-r" + reply_to + "-body\""));
    // Without a return page, on the page that holds the comment replied to.
    const http::Response again = comment(carla, m_paragraphs[0], " ", reply_to);
    EXPECT_EQ(again.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(again.body(), "Página 3 de 3"));
    EXPECT_TRUE(contains(again.body(), "href=\"#comment-form-r" + reply_to + "-body\""));
}

}  // namespace
}  // namespace tablero::web

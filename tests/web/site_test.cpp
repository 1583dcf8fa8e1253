// The web site through its routes, with a real SQLite database in a temporary folder (for
// /healthz, the pool metrics and the page cache's on_change), the real templates, catalogs and
// static files, and an in-memory SiteStore whose failures the tests control.
#include "http/pipeline.h"
#include "http/router.h"
#include "http/status.h"
#include "page_fixture.h"
#include "storage/database_faults.h"
#include "web/errors.h"
#include "web/home/routes.h"
#include "web/i18n_loader.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/routes.h"
#include "web_test_support.h"

#include "domain/plans/plan_import.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace tablero::web {
namespace {

using testing::FakeSiteStore;
using testing::header;
using testing::make_request;
using testing::source_dir;

// The whole site through the pipeline (tests/web/page_fixture.h).
class WebSite : public testing::PageTest { };

using testing::contains;

TEST_F(WebSite, HomePageInSpanishWithLandmarks)
{
    const http::Response response = get("/");
    ASSERT_EQ(response.result(), http::Status::ok);
    const std::string& html = response.body();
    EXPECT_TRUE(html.starts_with("<!doctype html>"));
    const char* expected[] = {
        "<html lang=\"es\">",
        "<meta name=\"viewport\"",
        "<title>Tablero</title>",
        "<a class=\"skip-link\" href=\"#main\">Saltar al contenido principal</a>",
        "<header",
        "<nav class=\"site-nav\" aria-label=\"Navegación principal\">",
        "<nav class=\"language-switcher\" aria-label=\"Idioma\">",
        "<main id=\"main\"",
        "<footer",
        "<h1 id=\"home-heading\">Tablero</h1>",
        "¿Qué es este tablero?",
        "Todavía no hay planes de acción publicados.",
        "href=\"/?lang=en\" hreflang=\"en\" lang=\"en\">English</a>",
        "href=\"/?lang=es\" hreflang=\"es\" lang=\"es\" aria-current=\"true\">Español</a>",
        "<link rel=\"stylesheet\" href=\"/static/css/site.css?v=",
    };
    for (const char* part : expected)
        EXPECT_TRUE(contains(html, part)) << part;
    EXPECT_FALSE(contains(html, "<script"));
    EXPECT_FALSE(contains(html, "style="));
    EXPECT_LT(html.size(), 20u * 1024u);
}

// The home page lists each plan with its progress today (the fake clock's day) in the reader's
// language, as a <progress> bar and as text.
TEST_F(WebSite, HomePageListsThePlansWithTheirProgress)
{
    plans::ImportedPlan imported{"PY-T", "Plan de prueba", {}};
    plans::ImportedCommitment commitment{
        "1", "Compromiso uno", "Transparencia", "SENATICs", {}, {}};
    auto result = [](std::string code, double weight, double percent) {
        plans::ImportedResult row;
        row.code = std::move(code);
        row.title = "Resultado " + row.code;
        row.weight = weight;
        row.progress = plans::Progress::of(percent);
        row.as_of = Date{1969, 12, 1};
        row.due_date = Date{2030, 1, 1};
        return row;
    };
    // (3 x 50 + 1 x 100) / 4 = 62.5 %
    commitment.results = {result("1.1", 3, 50), result("1.2", 1, 100)};
    imported.commitments.push_back(commitment);
    ASSERT_TRUE(m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z").ok());
    m_page_cache.clear();

    struct Row {
        const char* target;
        std::vector<std::string> expected;
    };
    const Row rows[] = {
        {"/",
            {"<a href=\"/plans/PY-T\">Plan de prueba</a></h3>",
                "class=\"bar__fill\" width=\"62.5\"", "62,5\u00a0%", "En curso",
                "href=\"/api/v1/plans/PY-T\""}},
        {"/?lang=en", {">Plan de prueba</a></h3>", "62.5%", "In progress"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        for (const auto& part : row.expected)
            EXPECT_TRUE(contains(response.body(), part)) << part;
        EXPECT_FALSE(contains(response.body(), "Todavía no hay planes"));
        EXPECT_FALSE(contains(response.body(), "style="));
        // One plan fits one page: no pager.
        EXPECT_FALSE(contains(response.body(), "class=\"pager\""));
    }
}

// With more plans than a page holds, home lists a page of them (newest period first, then by
// code) with links between the pages; a page past the last shows the last.
TEST_F(WebSite, HomePageListsThePlansAPageAtATime)
{
    const std::size_t count = home::plans_per_page * 2 + 3;
    for (std::size_t i = 1; i <= count; ++i) {
        char code[16];
        std::snprintf(code, sizeof code, "PY-%03zu", i);
        plans::ImportedPlan imported{code, std::string("Plan ") + code, {}};
        ASSERT_TRUE(m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z").ok());
    }
    m_page_cache.clear();
    struct Row {
        const char* target;
        const char* first;
        const char* last;
        const char* absent;
        std::vector<std::string> links;
    };
    const Row rows[] = {
        {"/", "PY-001", "PY-020", "PY-021", {"Página 1 de 3", "href=\"/?page=2\" rel=\"next\""}},
        {"/?page=2", "PY-021", "PY-040", "PY-020",
            {"Página 2 de 3", "href=\"/\" rel=\"prev\"", "href=\"/?page=3\" rel=\"next\""}},
        {"/?page=3", "PY-041", "PY-043", "PY-040",
            {"Página 3 de 3", "href=\"/?page=2\" rel=\"prev\""}},
        {"/?page=99", "PY-041", "PY-043", "PY-040", {"Página 3 de 3"}},
        {"/?page=nada", "PY-001", "PY-020", "PY-021", {"Página 1 de 3"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        const std::string& html = response.body();
        EXPECT_TRUE(contains(html, std::string(">Plan ") + row.first + "<")) << row.first;
        EXPECT_TRUE(contains(html, std::string(">Plan ") + row.last + "<")) << row.last;
        EXPECT_FALSE(contains(html, std::string(">Plan ") + row.absent + "<")) << row.absent;
        for (const auto& link : row.links)
            EXPECT_TRUE(contains(html, link)) << link;
    }
}

TEST_F(WebSite, HomePageInEnglishSetsTheCookie)
{
    const http::Response response = get("/?lang=en");
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_TRUE(contains(response.body(), "<html lang=\"en\">"));
    EXPECT_TRUE(contains(response.body(), "What is this board?"));
    EXPECT_TRUE(contains(response.body(), "Skip to main content"));
    EXPECT_TRUE(header(response, http::Field::set_cookie).starts_with("lang=en; Path=/;"));
    // The cookie then chooses English for pages without ?lang=.
    const http::Response next = get("/", {{http::Field::cookie, "lang=en"}});
    EXPECT_TRUE(contains(next.body(), "<html lang=\"en\">"));
}

TEST_F(WebSite, HomePageInGuaraniFallsBackToSpanish)
{
    const http::Response response = get("/", {{http::Field::accept_language, "gn, es;q=0.5"}});
    EXPECT_TRUE(contains(response.body(), "<html lang=\"gn\">"));
    EXPECT_TRUE(contains(response.body(), ">Ñepyrũ</a>"));
    EXPECT_TRUE(contains(response.body(), "¿Qué es este tablero?"));
}

TEST_F(WebSite, HomePageShowsTheSettingsEscaped)
{
    ASSERT_TRUE(
        m_site
            .put_settings({{"site.name", "<script>alert('x')</script> Tablero"},
                {"site.organisation", "Unidad de Gobierno Abierto"}, {"site.intro", "Intro & más"}})
            .ok());
    const http::Response response = get("/");
    const std::string& html = response.body();
    EXPECT_FALSE(contains(html, "<script>"));
    EXPECT_TRUE(contains(html, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; Tablero"));
    EXPECT_TRUE(contains(html, "<strong>Unidad de Gobierno Abierto</strong>"));
    EXPECT_TRUE(contains(html, "<p class=\"lead\">Intro &amp; más</p>"));
}

TEST_F(WebSite, HomePageIsCachedUntilTheDatabaseChanges)
{
    get("/");
    get("/");
    EXPECT_EQ(m_page_cache.stats().hits, 1u);
    EXPECT_EQ(m_page_cache.stats().entries, 1u);
    // A committed write anywhere clears the cache (Database::on_change).
    auto store = storage::make_site_store(*m_database);
    ASSERT_TRUE(store->put_settings({{"site.name", "Nuevo"}}).ok());
    EXPECT_EQ(m_page_cache.stats().entries, 0u);
}

TEST_F(WebSite, HomePageWhenTheSettingsCannotBeRead)
{
    m_site.fail_with(fail(ErrorCode::unavailable, "database is locked"));
    const http::Response response = get("/");
    EXPECT_EQ(response.result(), http::Status::service_unavailable);
    EXPECT_TRUE(contains(response.body(), "Servicio no disponible"));
    EXPECT_FALSE(contains(response.body(), "database is locked"));
    EXPECT_EQ(m_page_cache.stats().entries, 0u);
}

TEST_F(WebSite, ErrorPagesInTheUsersLanguageOrJson)
{
    struct Row {
        const char* name;
        std::string target;
        std::vector<std::pair<http::Field, std::string>> headers;
        Error error;
        http::Status status;
        std::vector<std::string> expected;
        std::string content_type;
    };
    const std::string html = "text/html; charset=utf-8";
    const Row rows[] = {
        {"404 Spanish", "/nada", {}, fail(ErrorCode::not_found, "page not found", "/nada"),
            http::Status::not_found,
            {"<html lang=\"es\">", "<h1>Página no encontrada</h1>", "Código de error: 404",
                "page not found (/nada)", "Volver al inicio"},
            html},
        {"404 English", "/nada?lang=en", {}, fail(ErrorCode::not_found, "page not found"),
            http::Status::not_found, {"<html lang=\"en\">", "<h1>Page not found</h1>"}, html},
        {"403 by header", "/x", {{http::Field::accept_language, "en"}},
            fail(ErrorCode::permission_denied, "not yours"), http::Status::forbidden,
            {"<h1>Access not allowed</h1>"}, html},
        {"400", "/x", {}, fail(ErrorCode::invalid_argument, "bad <field>"),
            http::Status::bad_request, {"<h1>Solicitud incorrecta</h1>", "bad &lt;field&gt;"},
            html},
        {"500 hides the reason", "/x", {}, fail(ErrorCode::internal, "segfault in foo.cpp"),
            http::Status::internal_server_error, {"<h1>Error interno</h1>"}, html},
        {"api path is JSON", "/api/v1/nothing", {}, fail(ErrorCode::not_found, "no such thing"),
            http::Status::not_found, {"{\"error\":{\"code\":\"not_found\""}, "application/json"},
        {"JSON-only Accept", "/x", {{http::Field::accept, "application/json"}},
            fail(ErrorCode::unavailable, "down"), http::Status::service_unavailable,
            {"\"code\":\"unavailable\""}, "application/json"},
        {"browser Accept is HTML", "/x",
            {{http::Field::accept, "text/html,application/xhtml+xml,application/json;q=0.9"}},
            fail(ErrorCode::not_found, "x"), http::Status::not_found, {"<!doctype html>"}, html},
    };
    const http::ErrorRenderer render = make_error_renderer(*m_context);
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = render(
            make_request(row.target, row.headers), http::status_for(row.error.code), row.error);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(header(response, http::Field::content_type), row.content_type);
        for (const auto& part : row.expected)
            EXPECT_TRUE(contains(response.body(), part)) << part << "\n" << response.body();
    }
    const http::Response server_error = render(make_request("/x"),
        http::Status::internal_server_error, fail(ErrorCode::internal, "segfault in foo.cpp"));
    EXPECT_FALSE(contains(server_error.body(), "segfault"));
}

TEST_F(WebSite, EveryExplainedStatusHasItsOwnTitle)
{
    struct Row {
        http::Status status;
        const char* spanish_title;
    };
    const Row rows[] = {
        {http::Status::bad_request, "Solicitud incorrecta"},
        {http::Status::forbidden, "Acceso no permitido"},
        {http::Status::not_found, "Página no encontrada"},
        {http::Status::method_not_allowed, "Acción no permitida"},
        {http::Status::request_timeout, "Tiempo de espera agotado"},
        {http::Status::payload_too_large, "Solicitud demasiado grande"},
        {http::Status::internal_server_error, "Error interno"},
        {http::Status::service_unavailable, "Servicio no disponible"},
        {http::Status::too_many_requests, "<h1>Error</h1>"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.spanish_title);
        const http::Response response = error_response(
            *m_context, make_request("/x"), row.status, fail(ErrorCode::internal, ""));
        EXPECT_EQ(response.result(), row.status);
        EXPECT_TRUE(contains(response.body(), row.spanish_title));
    }
}

// The pipeline's 405 reaches the renderer as a 405, so the page carries the 405 title and not
// the one for a bad request.
TEST_F(WebSite, MethodNotAllowedPageHasItsOwnTitle)
{
    struct Row {
        const char* name;
        std::vector<std::pair<http::Field, std::string>> headers;
        i18n::Language language;
    };
    const Row rows[] = {
        {"Spanish", {}, i18n::Language::es},
        {"English", {{http::Field::accept_language, "en"}}, i18n::Language::en},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = get("/", row.headers, http::Verb::delete_);
        EXPECT_EQ(response.result(), http::Status::method_not_allowed);
        EXPECT_EQ(header(response, http::Field::allow), "GET, HEAD");
        const std::string title(m_renderer->message(row.language, "error_405_title"));
        const std::string bad_request_title(m_renderer->message(row.language, "error_400_title"));
        ASSERT_NE(title, bad_request_title);
        EXPECT_TRUE(contains(response.body(), "<h1>" + title + "</h1>")) << response.body();
        EXPECT_FALSE(contains(response.body(), bad_request_title)) << response.body();
        EXPECT_TRUE(contains(response.body(), "405"));
    }
}

// The home page's handler returns the store's Error; the pipeline renders it as the site's page.
TEST_F(WebSite, HomePageErrorIsRenderedByTheSiteRenderer)
{
    m_site.fail_with(fail(ErrorCode::not_found, "no settings"));
    const http::Response response = get("/?lang=en");
    EXPECT_EQ(response.result(), http::Status::not_found);
    EXPECT_EQ(header(response, http::Field::content_type), "text/html; charset=utf-8");
    EXPECT_EQ(header(response, http::Field::cache_control), "no-store");
    EXPECT_TRUE(contains(response.body(), "<h1>Page not found</h1>")) << response.body();
    EXPECT_EQ(m_page_cache.stats().entries, 0u);
}

TEST_F(WebSite, HealthzReportsTheDatabase)
{
    const http::Response response = get("/healthz");
    EXPECT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(header(response, http::Field::content_type), "application/json");
    EXPECT_EQ(header(response, http::Field::cache_control), "no-store");
    const auto body = nlohmann::json::parse(response.body());
    EXPECT_EQ(body["status"], "ok");
    EXPECT_EQ(body["database"], "ok");
    EXPECT_EQ(body["schema"], m_database->latest_schema_version());
    get("/healthz");
    EXPECT_EQ(m_page_cache.stats().entries, 0u);
}

TEST_F(WebSite, MetricsIncludeTheCachesAndThePool)
{
    get("/");
    const http::Response response = get("/metrics");
    EXPECT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(
        header(response, http::Field::content_type), "text/plain; version=0.0.4; charset=utf-8");
    const char* expected[] = {
        "\ntablero_page_cache_misses_total 1\n",
        "\ntablero_page_cache_entries 1\n",
        "# TYPE tablero_db_pool_size gauge\ntablero_db_pool_size 4\n",
        "\ntablero_db_pool_in_use ",
        "\ntablero_db_pool_acquisitions_total ",
        "\ntablero_db_pool_waits_total ",
        "\ntablero_db_pool_wait_seconds_total ",
        "\ntablero_db_pool_timeouts_total ",
        "# TYPE tablero_plan_cache_loads_total counter\ntablero_plan_cache_loads_total ",
        "\ntablero_plan_cache_hits_total ",
        "\ntablero_plan_cache_entries ",
    };
    for (const char* part : expected)
        EXPECT_TRUE(contains(response.body(), part)) << part << "\n" << response.body();
}

// A 503 from the database says which trouble it is (storage/database_faults.h), in the
// visitor's language, and never the driver's message.
TEST_F(WebSite, DatabaseTroublesHaveTheirOwnExplanation)
{
    struct Row {
        const char* name;
        Error error;
        const char* accept_language;
        const char* expected;
    };
    const Row rows[] = {
        {"disk full", storage::error_for_fault(storage::DatabaseFault::disk_full, "disk I/O error"),
            "es", "se quedó sin espacio en disco"},
        {"disk full, English",
            storage::error_for_fault(storage::DatabaseFault::disk_full, "disk I/O error"), "en",
            "ran out of disk space"},
        {"read-only",
            storage::error_for_fault(storage::DatabaseFault::read_only, "attempt to write"), "es",
            "modo de solo lectura"},
        {"connection lost",
            storage::error_for_fault(storage::DatabaseFault::connection_lost, "server closed"),
            "es", "No podemos acceder a la base de datos"},
        {"busy", storage::error_for_fault(storage::DatabaseFault::busy, "database is locked"), "en",
            "We cannot reach the database"},
        {"another unavailable service", fail(ErrorCode::unavailable, "mail down"), "es",
            "El servicio no está disponible en este momento"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = error_response(*m_context,
            make_request("/x", {{http::Field::accept_language, row.accept_language}}),
            http::Status::service_unavailable, row.error);
        EXPECT_EQ(response.result(), http::Status::service_unavailable);
        EXPECT_TRUE(contains(response.body(), row.expected)) << response.body();
        EXPECT_FALSE(contains(response.body(), row.error.message)) << response.body();
    }
}

}  // namespace
}  // namespace tablero::web

// A fixture for the tests of one web page through the pipeline: a real SQLite database in a
// temporary folder, the real templates, catalogs, static files and routes, an in-memory
// SiteStore and a fake clock at 1 January 1970.
#pragma once

#include "http/pipeline.h"
#include "http/router.h"
#include "recording_mailer.h"
#include "web/errors.h"
#include "web/i18n_loader.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/routes.h"
#include "web_test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace tablero::web::testing {

class PageTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::random_device random;
        m_folder = std::filesystem::temp_directory_path() /
            ("tablero-page-test-" + std::to_string(random()));
        std::filesystem::create_directories(m_folder);
        auto location = storage::parse_database_location((m_folder / "test.db").string());
        ASSERT_TRUE(location.ok()) << describe(location.error());
        auto database = storage::Database::open(*location);
        ASSERT_TRUE(database.ok()) << describe(database.error());
        m_database = std::move(*database);
        ASSERT_TRUE(m_database->migrate().ok());
        m_plans = storage::make_plan_store(*m_database);
        m_accounts = storage::make_account_store(*m_database);
        m_workspace = storage::make_workspace_store(*m_database);
        m_plan_editor = storage::make_plan_editor(*m_database);
        m_monitoring = storage::make_monitoring_store(*m_database);
        m_link_checks = storage::make_link_check_store(*m_database);
        m_consultations = storage::make_consultation_store(*m_database);
        auto files = storage::open_file_store(*m_database, m_folder / "files");
        ASSERT_TRUE(files.ok()) << describe(files.error());
        m_files = std::move(*files);
        m_plan_cache = std::make_unique<storage::PlanCache>(*m_plans, *m_database);
        auto catalogs = load_catalogs(source_dir() / "locales");
        ASSERT_TRUE(catalogs.ok()) << describe(catalogs.error());
        m_catalogs = std::move(*catalogs);
        auto static_files = http::StaticFiles::load(source_dir() / "static");
        ASSERT_TRUE(static_files.ok()) << describe(static_files.error());
        m_static_files = std::move(*static_files);
        auto renderer = Renderer::load(source_dir() / "templates", m_catalogs, *m_static_files);
        ASSERT_TRUE(renderer.ok()) << describe(renderer.error());
        m_renderer = std::move(*renderer);
        m_context = std::make_unique<Context>(Context{.database = *m_database,
            .site = m_site,
            .plans = *m_plans,
            .plan_cache = *m_plan_cache,
            .catalogs = m_catalogs,
            .renderer = *m_renderer,
            .page_cache = m_page_cache,
            .static_files = *m_static_files,
            .metrics = m_metrics,
            .clock = m_clock,
            .version = "0.0.test",
            .accounts = *m_accounts,
            .password_cost = security::HashCost::test,
            .workspace = *m_workspace,
            .plan_editor = *m_plan_editor,
            .monitoring = *m_monitoring,
            .files = *m_files,
            .link_checks = *m_link_checks,
            .consultations = *m_consultations,
            .mailer = m_mailer,
            .public_url = "http://tablero.test"});
        register_routes(m_router, *m_context);
        m_metrics.set_routes(m_router.routes());
        add_metrics_sources(*m_context);
        m_pipeline.set_error_renderer(make_error_renderer(*m_context));
    }

    void TearDown() override
    {
        m_context.reset();
        m_database.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    // The answer to a request through the pipeline, with the site's error renderer installed,
    // as the server would give it.
    http::Response get(std::string target,
        std::vector<std::pair<http::Field, std::string>> headers = {},
        http::Verb method = http::Verb::get)
    {
        const http::Request request = make_request(std::move(target), std::move(headers), method);
        return m_pipeline.handle(request.raw(), request.remote_address());
    }

    std::filesystem::path m_folder;
    std::unique_ptr<storage::Database> m_database;
    FakeSiteStore m_site;
    std::unique_ptr<storage::PlanStore> m_plans;
    std::unique_ptr<storage::AccountStore> m_accounts;
    std::unique_ptr<storage::WorkspaceStore> m_workspace;
    std::unique_ptr<storage::PlanEditor> m_plan_editor;
    std::unique_ptr<storage::MonitoringStore> m_monitoring;
    std::unique_ptr<storage::FileStore> m_files;
    std::unique_ptr<storage::LinkCheckStore> m_link_checks;
    std::unique_ptr<storage::ConsultationStore> m_consultations;
    std::unique_ptr<storage::PlanCache> m_plan_cache;
    i18n::Catalogs m_catalogs;
    std::shared_ptr<http::StaticFiles> m_static_files;
    std::unique_ptr<Renderer> m_renderer;
    PageCache m_page_cache;
    http::Metrics m_metrics;
    FakeClock m_clock{std::chrono::system_clock::time_point{}};
    // The e-mail the pages send, kept for the test to read (recording_mailer.h).
    RecordingMailer m_mailer;
    std::unique_ptr<Context> m_context;
    http::Router m_router;
    http::Pipeline m_pipeline{m_router, m_metrics, {.access_log = false}};
};

}  // namespace tablero::web::testing

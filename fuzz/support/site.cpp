#include "fuzz/support/site.h"

#include "api/routes.h"
#include "app/demo_data.h"
#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "mail/mailer.h"
#include "security/secrets.h"
#include "storage/account_store.h"
#include "storage/consultation_store.h"
#include "storage/database.h"
#include "storage/file_store.h"
#include "storage/link_check_store.h"
#include "storage/monitoring_store.h"
#include "storage/plan_cache.h"
#include "storage/plan_editor.h"
#include "storage/plan_store.h"
#include "storage/site_store.h"
#include "storage/workspace_store.h"
#include "web/context.h"
#include "web/errors.h"
#include "web/i18n_loader.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/routes.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <unistd.h>

namespace tablero::fuzz {

namespace {

constexpr std::string_view admin_email = "fuzz-admin@example.org";
constexpr std::string_view admin_password = "caballo-correcto-bateria";

template <typename T> T must(Result<T> result, const char* what)
{
    if (!result.ok()) {
        std::fprintf(stderr, "fuzz site: %s: %s\n", what, describe(result.error()).c_str());
        std::abort();
    }
    return std::move(result).value();
}

void must(Result<void> result, const char* what)
{
    if (!result.ok()) {
        std::fprintf(stderr, "fuzz site: %s: %s\n", what, describe(result.error()).c_str());
        std::abort();
    }
}

// The value of cookie name in a response's Set-Cookie lines, or empty.
std::string set_cookie_value(const http::Response& response, std::string_view name)
{
    for (const auto& field : response) {
        if (field.name() != http::Field::set_cookie)
            continue;
        const std::string_view line = field.value();
        if (line.starts_with(std::string(name) + "=")) {
            const auto start = name.size() + 1;
            return std::string(line.substr(start, line.find(';') - start));
        }
    }
    return {};
}

bool sets_cookie(const http::Response& response, std::string_view name)
{
    for (const auto& field : response) {
        if (field.name() == http::Field::set_cookie &&
            field.value().starts_with(std::string(name) + "="))
            return true;
    }
    return false;
}

std::string csrf_in(const std::string& html)
{
    static const std::regex field(R"re(name="csrf" value="([0-9a-f]{64})")re");
    std::smatch match;
    return std::regex_search(html, match, field) ? match[1].str() : std::string();
}

// Fills a route's parameters with the demonstration data's names: the Paraguayan plan, its
// first commitment and that one's first result, and 1 for everything else (the demonstration
// consultation is 1).
std::string concrete(std::string pattern)
{
    static const std::pair<std::string_view, std::string_view> values[] = {
        {"{plan}", "PY-2014-2016"}, {"{code}", "1"}, {"{commitment}", "1"}, {"{node}", "1.1"}};
    for (const auto& [name, value] : values) {
        for (auto at = pattern.find(name); at != std::string::npos; at = pattern.find(name))
            pattern.replace(at, name.size(), value);
    }
    for (auto open = pattern.find('{'); open != std::string::npos; open = pattern.find('{')) {
        const auto close = pattern.find('}', open);
        pattern.replace(open, close - open + 1, "1");
    }
    return pattern;
}

}  // namespace

void fail_check(const char* what, const char* file, int line)
{
    std::fprintf(stderr, "fuzz check failed at %s:%d: %s\n", file, line, what);
    std::abort();
}

std::filesystem::path source_dir()
{
    if (const char* dir = std::getenv("TABLERO_SOURCE_DIR"))
        return dir;
    return TABLERO_FUZZ_SOURCE_DIR;
}

void quiet_logs()
{
    spdlog::set_level(spdlog::level::off);
}

struct Site::Impl {
    std::filesystem::path folder;
    std::unique_ptr<storage::Database> database;
    std::unique_ptr<storage::SiteStore> site;
    std::unique_ptr<storage::PlanStore> plans;
    std::unique_ptr<storage::AccountStore> accounts;
    std::unique_ptr<storage::WorkspaceStore> workspace;
    std::unique_ptr<storage::PlanEditor> plan_editor;
    std::unique_ptr<storage::MonitoringStore> monitoring;
    std::unique_ptr<storage::FileStore> files;
    std::unique_ptr<storage::LinkCheckStore> link_checks;
    std::unique_ptr<storage::ConsultationStore> consultations;
    std::unique_ptr<storage::PlanCache> plan_cache;
    i18n::Catalogs catalogs;
    std::shared_ptr<http::StaticFiles> static_files;
    std::unique_ptr<web::Renderer> renderer;
    web::PageCache page_cache;
    http::Metrics metrics;
    // Monday 6 May 2024, 10:00 UTC, as the web tests' signed-in fixture.
    FakeClock clock{
        std::chrono::sys_days{std::chrono::year{2024} / 5 / 6} + std::chrono::hours{10}};
    mail::LogMailer mailer;
    std::unique_ptr<web::Context> context;
    std::unique_ptr<api::Context> api_context;
    http::Router router;
    http::Pipeline pipeline{router, metrics, {.access_log = false}};
};

Site& Site::instance()
{
    static Site site;
    return site;
}

Site::Site() : m_impl(std::make_unique<Impl>())
{
    quiet_logs();
    Impl& s = *m_impl;
    s.folder =
        std::filesystem::temp_directory_path() / ("tablero-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(s.folder);
    std::filesystem::create_directories(s.folder);
    auto location = must(
        storage::parse_database_location((s.folder / "fuzz.db").string()), "database location");
    s.database = must(storage::Database::open(location), "open database");
    must(s.database->migrate(), "migrate");
    s.site = storage::make_site_store(*s.database);
    s.plans = storage::make_plan_store(*s.database);
    s.accounts = storage::make_account_store(*s.database);
    s.workspace = storage::make_workspace_store(*s.database);
    s.plan_editor = storage::make_plan_editor(*s.database);
    s.monitoring = storage::make_monitoring_store(*s.database);
    s.link_checks = storage::make_link_check_store(*s.database);
    s.consultations = storage::make_consultation_store(*s.database);
    s.files = must(storage::open_file_store(*s.database, s.folder / "files"), "file store");
    s.plan_cache = std::make_unique<storage::PlanCache>(*s.plans, *s.database);
    const auto root = source_dir();
    s.catalogs = must(web::load_catalogs(root / "locales"), "catalogs");
    s.static_files = must(http::StaticFiles::load(root / "static"), "static files");
    s.renderer =
        must(web::Renderer::load(root / "templates", s.catalogs, *s.static_files), "templates");
    must(app::load_demo_data(*s.site, *s.plans, root / "demo", s.clock), "demo data");
    must(app::load_demo_consultation(*s.accounts, *s.consultations, s.clock), "demo consultation");

    s.context = std::make_unique<web::Context>(web::Context{.database = *s.database,
        .site = *s.site,
        .plans = *s.plans,
        .plan_cache = *s.plan_cache,
        .catalogs = s.catalogs,
        .renderer = *s.renderer,
        .page_cache = s.page_cache,
        .static_files = *s.static_files,
        .metrics = s.metrics,
        .clock = s.clock,
        .version = "0.0.fuzz",
        .accounts = *s.accounts,
        .password_cost = security::HashCost::test,
        .workspace = *s.workspace,
        .plan_editor = *s.plan_editor,
        .monitoring = *s.monitoring,
        .files = *s.files,
        .max_upload_bytes = 64 * 1024,
        .link_checks = *s.link_checks,
        .consultations = *s.consultations,
        .mailer = s.mailer,
        .public_url = "http://tablero.test"});
    web::register_routes(s.router, *s.context);
    s.api_context =
        std::make_unique<api::Context>(api::Context{"0.0.fuzz", *s.plans, *s.plan_cache, s.clock});
    api::register_routes(s.router, *s.api_context);
    s.static_files->register_routes(s.router);
    s.metrics.set_routes(s.router.routes());
    web::add_metrics_sources(*s.context);
    s.pipeline.set_error_renderer(web::make_error_renderer(*s.context));

    auto hash = must(security::hash_password(admin_password, security::HashCost::test), "hash");
    storage::NewAccount admin{
        std::string(admin_email), "Fuzz Admin", accounts::Role::administrator, {}, {}, hash};
    admin.verified = true;
    must(s.accounts->create_account(
             admin, storage::AuditActor::system("fuzz"), "2024-01-01T00:00:00Z"),
        "admin account");
    for (const std::string& pattern : s.router.routes_for(http::Verb::post))
        m_post_targets.push_back(concrete(pattern));
    if (!sign_in())
        fail_check("the administrator signs in", __FILE__, __LINE__);
}

Site::~Site()
{
    Impl& s = *m_impl;
    const auto folder = s.folder;
    m_impl.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
}

http::Response Site::handle(http::RawRequest raw, const std::string& remote_address)
{
    const bool as_admin = !m_cookie.empty() && raw[http::Field::cookie] == m_cookie;
    http::Response response = m_impl->pipeline.handle(std::move(raw), remote_address);
    // A sign-out or a new session (a changed password) ends the administrator's session: sign
    // in again before the next request that needs it.
    if (as_admin && sets_cookie(response, "tablero_session"))
        m_cookie.clear();
    return response;
}

http::Response Site::error_response(
    const http::Request& request, const Error& error, http::Status status)
{
    return m_impl->pipeline.error_response(request, error, status);
}

const std::string& Site::admin_cookie()
{
    // Signing in again can fail when the fuzzer's own sign-ins with the administrator's address
    // hit the sign-in limit: the requests then go without a session rather than abort.
    if (m_cookie.empty() && !m_locked_out && !sign_in())
        m_locked_out = true;
    return m_cookie;
}

const std::string& Site::admin_csrf()
{
    admin_cookie();
    return m_csrf;
}

bool Site::sign_in()
{
    http::Pipeline& pipeline = m_impl->pipeline;
    http::RawRequest form{http::Verb::get, "/sign-in", 11};
    const http::Response shown = pipeline.handle(std::move(form), "192.0.2.10");
    const std::string anonymous = set_cookie_value(shown, "tablero_csrf");
    const std::string token = csrf_in(shown.body());
    if (anonymous.empty() || token.empty())
        return false;

    http::RawRequest post{http::Verb::post, "/sign-in", 11};
    post.set(http::Field::cookie, "tablero_csrf=" + anonymous);
    post.set(http::Field::content_type, "application/x-www-form-urlencoded");
    post.body() = "csrf=" + token + "&email=" + std::string(admin_email) +
        "&password=" + std::string(admin_password);
    post.prepare_payload();
    const http::Response signed_in = pipeline.handle(std::move(post), "192.0.2.10");
    const std::string session = set_cookie_value(signed_in, "tablero_session");
    if (signed_in.result() != http::Status::see_other || session.empty())
        return false;
    const std::string cookie = "tablero_csrf=" + anonymous + "; tablero_session=" + session;

    http::RawRequest page{http::Verb::get, "/account", 11};
    page.set(http::Field::cookie, cookie);
    m_csrf = csrf_in(pipeline.handle(std::move(page), "192.0.2.10").body());
    if (m_csrf.empty())
        return false;
    m_cookie = cookie;
    return true;
}

}  // namespace tablero::fuzz

#include "app/serve.h"

#include "api/routes.h"
#include "app/assets.h"
#include "app/demo_data.h"
#include "checks/link_checker.h"
#include "cli/commands.h"
#include "core/local_time.h"
#include "http/server.h"
#include "storage/postgres/change_listener.h"
#include "storage/sqlite/change_watcher.h"
#include "web/errors.h"
#include "web/i18n_loader.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/routes.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <optional>

namespace tablero::app {

namespace {

std::string url_host(const std::string& host)
{
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Start-up failures end the process with one line, never a stack trace.
int refuse(const Error& error)
{
    cli::print_error(error);
    return 1;
}

}  // namespace

void use_standard_error_for_logs()
{
    spdlog::set_default_logger(spdlog::stderr_logger_mt("tablero"));
}

void configure_logging(const cli::Settings& settings)
{
    spdlog::set_level(spdlog::level::from_str(settings.log_level));
    if (settings.access_log) {
        auto access = spdlog::stdout_logger_mt("access");
        access->set_pattern("%v");
    }
}

int serve(const cli::Settings& settings, bool demo)
{
    // The installation's time zone first: setting TZ is safe only before any thread starts.
    if (!settings.time_zone.empty()) {
        if (auto zone = set_time_zone(settings.time_zone); !zone.ok())
            return refuse(zone.error());
    }
    configure_logging(settings);
    // A file-size limit (ulimit -f, systemd's LimitFSIZE) sends SIGXFSZ to a write past it, and
    // its default action ends the process in the middle of a request; ignored, the write fails
    // with EFBIG and the request with a "disk full" error, like a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    auto location = storage::parse_database_location(settings.db);
    if (!location.ok())
        return refuse(location.error());
    auto assets = find_assets(settings.assets);
    if (!assets.ok())
        return refuse(assets.error());

    auto database = storage::Database::open(
        *location, {.pool_size = settings.pool_size, .require_writable = true});
    if (!database.ok())
        return refuse(database.error());
    // Each applied migration is logged by the database itself.
    auto applied = (*database)->migrate();
    if (!applied.ok())
        return refuse(applied.error());
    auto site = storage::make_site_store(**database);
    auto plans = storage::make_plan_store(**database);
    auto accounts = storage::make_account_store(**database);
    auto workspace = storage::make_workspace_store(**database);
    auto plan_editor = storage::make_plan_editor(**database);
    auto monitoring = storage::make_monitoring_store(**database);
    auto link_checks = storage::make_link_check_store(**database);
    auto consultations = storage::make_consultation_store(**database);
    // Uploaded evidence files: the folder is made, and checked writable, before serving.
    auto files = storage::open_file_store(**database, cli::files_folder(settings));
    if (!files.ok())
        return refuse(files.error());
    storage::PlanCache plan_cache(*plans, **database, {.current = settings.plan_cache_plans});
    SystemClock clock;
    // E-mail (verification links): a sendmail-compatible program when one is set, else the log.
    auto mailer = mail::make_mailer(settings.sendmail, settings.mail_from, clock);
    if (demo) {
        if (auto loaded = load_demo_data(*site, *plans, *assets / "demo", clock); !loaded.ok())
            return refuse(loaded.error());
        if (auto loaded = load_demo_consultation(*accounts, *consultations, clock); !loaded.ok())
            return refuse(loaded.error());
    }

    auto catalogs = web::load_catalogs(*assets / "locales");
    if (!catalogs.ok())
        return refuse(catalogs.error());
    auto static_files = http::StaticFiles::load(*assets / "static");
    if (!static_files.ok())
        return refuse(static_files.error());
    auto renderer = web::Renderer::load(*assets / "templates", *catalogs, **static_files);
    if (!renderer.ok())
        return refuse(renderer.error());
    // The cache empties itself when the day changes: pages without ?as_of= show today.
    web::PageCache page_cache({.clock = &clock});
    http::Metrics metrics;
    web::Context context{.database = **database,
        .site = *site,
        .plans = *plans,
        .plan_cache = plan_cache,
        .catalogs = *catalogs,
        .renderer = **renderer,
        .page_cache = page_cache,
        .static_files = **static_files,
        .metrics = metrics,
        .clock = clock,
        .version = TABLERO_VERSION,
        .accounts = *accounts,
        .password_cost = security::HashCost::interactive,
        .workspace = *workspace,
        .plan_editor = *plan_editor,
        .monitoring = *monitoring,
        .files = **files,
        .max_upload_bytes = std::size_t{settings.max_upload_mb} * 1024 * 1024,
        .link_checks = *link_checks,
        .consultations = *consultations,
        .mailer = *mailer,
        .public_url = cli::public_url(settings, settings.listen.port)};

    http::Router router;
    web::register_routes(router, context);
    api::Context api_context{TABLERO_VERSION, *plans, plan_cache, clock};
    api::register_routes(router, api_context);
    (*static_files)->register_routes(router);
    metrics.set_routes(router.routes());
    web::add_metrics_sources(context);
    // Writes made elsewhere clear this server's caches at once: another server's commit on
    // PostgreSQL (LISTEN/NOTIFY, storage/postgres/change_listener.h), a command such as
    // `tablero import plan-csv` on SQLite (PRAGMA data_version, storage/sqlite/change_watcher.h).
    std::optional<storage::postgres::ChangeListener> change_listener;
    std::optional<storage::sqlite::ChangeWatcher> change_watcher;
    if ((*database)->backend() == storage::Backend::postgres) {
        change_listener.emplace(**database);
        change_listener->start();
    } else {
        change_watcher.emplace(**database);
        if (auto watching = change_watcher->start(); !watching.ok())
            return refuse(watching.error());
    }
    metrics.add_source([&change_listener, &change_watcher](std::string& out) {
        const auto stats =
            change_listener ? change_listener->stats() : storage::postgres::ChangeListenerStats{};
        const auto noticed =
            change_watcher ? change_watcher->changes_noticed() : stats.remote_changes;
        http::append_metric(out, "tablero_cache_invalidations_remote_total", "counter",
            "Times a write made elsewhere cleared this server's caches: another server's on "
            "PostgreSQL; on SQLite any commit PRAGMA data_version shows, this server's own too.",
            static_cast<double>(noticed));
        if (!change_listener)
            return;
        http::append_metric(out, "tablero_change_listener_reconnects_total", "counter",
            "Times the connection hearing other servers' writes was opened again (each "
            "cleared the caches).",
            static_cast<double>(stats.reconnects));
        http::append_metric(out, "tablero_change_listener_up", "gauge",
            "1 while this server hears other servers' writes (LISTEN tablero_changes).",
            stats.listening ? 1 : 0);
    });

    http::Pipeline pipeline(router, metrics, {.access_log = settings.access_log});
    pipeline.trust_proxies(settings.trusted_proxies);
    pipeline.set_error_renderer(web::make_error_renderer(context));
    // A form may carry evidence files: the body limit lets through twice the largest file plus
    // 1 MiB, so a file somewhat over the limit still reaches the form, which names it and its size;
    // the request may take 15 s plus 2 s per MB of that limit (4 Mbit/s uplinks).
    const std::size_t upload_limit = context.max_upload_bytes;
    http::Server server({.host = settings.listen.host,
                            .port = settings.listen.port,
                            .threads = settings.threads,
                            .body_limit = 2 * upload_limit + 1024 * 1024,
                            .request_timeout = std::chrono::milliseconds(
                                15000 + 2000 * static_cast<long long>(settings.max_upload_mb))},
        pipeline);
    if (auto listening = server.listen(); !listening.ok())
        return refuse(listening.error());
    // With port 0 the links in e-mail can only name the port once it is bound.
    context.public_url = cli::public_url(settings, server.port());

    std::cout << "Tablero is serving on http://" << url_host(settings.listen.host) << ':'
              << server.port() << "/" << std::endl;
    spdlog::info(
        "serving {} on port {} from {}", location->display, server.port(), assets->string());
    // Evidence links are checked one at a time on a thread of their own, which the server never
    // waits on; it stops before the database closes (checks/link_checker.h).
    checks::LinkChecker link_checker(*link_checks, clock, cli::link_checker_options(settings));
    if (settings.link_checks)
        link_checker.start();
    server.run(/*handle_signals=*/true);
    link_checker.stop();
    if (change_listener)
        change_listener->stop();
    if (change_watcher)
        change_watcher->stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace tablero::app

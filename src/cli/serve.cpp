#include "cli/commands.h"

namespace tablero::cli {

void add_database_option(CLI::App& command, CommandOptions& options)
{
    command.add_option_function<std::string>(
        "--db", [&options](const std::string& value) { options.flags["db"] = value; },
        "SQLite file path (data/tablero.db) or postgresql://user:password@host:port/name");
}

CLI::App* add_serve_command(CLI::App& parent, CommandOptions& options)
{
    auto* serve = parent.add_subcommand("serve", "Serve the public site and the API over HTTP");
    add_database_option(*serve, options);
    auto flag = [&](const char* name, const char* key, const char* help) {
        serve->add_option_function<std::string>(
            name, [&options, key](const std::string& value) { options.flags[key] = value; }, help);
    };
    flag("--listen", "listen", "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any)");
    flag("--threads", "threads", "server threads (default 0: one per core)");
    flag("--assets", "assets", "folder holding templates/, static/ and locales/");
    flag("--access-log", "access_log", "on or off (default on): one JSON line per request");
    flag("--log-level", "log_level", "trace, debug, info, warn, error or off (default info)");
    flag("--pool-size", "pool_size", "database connections in the pool (default 4)");
    flag("--files", "files",
        "folder for uploaded evidence files (default: files/ beside the SQLite file; "
        "data/files with PostgreSQL)");
    flag("--max-upload-mb", "max_upload_mb", "largest evidence file accepted, in MB (default 10)");
    flag("--plan-cache-plans", "plan_cache_plans",
        "plans kept in memory for today's figures (default 256; home and search read every plan)");
    flag("--link-check-interval", "link_check_interval",
        "hours before an evidence link is checked again (default 24)");
    flag("--link-check-private", "link_check_private",
        "on or off (default off): let link checks reach loopback and private addresses");
    flag("--public-url", "public_url",
        "base of the links in e-mail, e.g. https://tablero.example.gov.py (default "
        "http:// and the listen address)");
    flag("--sendmail", "sendmail",
        "sendmail-compatible command that sends e-mail, e.g. \"/usr/sbin/sendmail -t -i\" "
        "(default none: links go to the log)");
    flag(
        "--mail-from", "mail_from", "From address of Tablero's e-mail (default tablero@localhost)");
    flag("--time-zone", "time_zone",
        "IANA time zone of consultation windows, e.g. America/Asuncion (default: the machine's)");
    flag("--trusted-proxies", "trusted_proxies",
        "comma-separated IP addresses of reverse proxies whose X-Forwarded-For names the client "
        "(default none)");
    serve->add_flag_callback(
        "--no-link-checks", [&options] { options.flags["link_checks"] = "off"; },
        "do not check evidence links in the background");
    serve->add_flag(
        "--demo", options.demo, "load the demonstration data before serving (safe to repeat)");
    return serve;
}

}  // namespace tablero::cli

// The settings of a Tablero process and where they come from. Each setting can be given, from
// strongest to weakest, as a command-line flag, an environment variable (TABLERO_DB, ...), a line
// of the configuration file (--config FILE or TABLERO_CONFIG), or left to its default.
// Resolving them is a pure function so the precedence has a table-driven test.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::cli {

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};

struct Settings {
    // A SQLite file path or a postgresql:// URI. Required by every command that touches data.
    std::string db;
    ListenAddress listen{"127.0.0.1", 8080};
    // Server threads; 0 means one per core.
    unsigned threads = 0;
    // The folder holding templates/, static/ and locales/; empty means "find it" (app/).
    std::string assets;
    // Write one JSON access log line per request to standard output.
    bool access_log = true;
    // trace, debug, info, warn, error, off.
    std::string log_level = "info";
    // Database sessions in the pool.
    unsigned pool_size = 4;
    // The folder of uploaded evidence files; empty means the default (files_folder below).
    std::string files;
    // The largest evidence file accepted, in mebibytes (shown as "MB").
    unsigned max_upload_mb = 10;
    // Plans kept in memory with the history today's figures need (storage/plan_cache.h,
    // PlanCache::current). Home, search and the workspace read every plan, so fewer than the
    // installation's plans makes each of them load plans again. (Whole plans, for plan pages and
    // past dates, are kept 8 at most.)
    unsigned plan_cache_plans = 256;
    // Check evidence links in the background while serving (checks/link_checker.h).
    bool link_checks = true;
    // Hours before a link is checked again.
    unsigned link_check_interval_hours = 24;
    // Let link checks reach loopback, private and link-local addresses (an intranet's evidence;
    // tests). Off, the checker refuses them: a public link must not reach into the server's
    // network.
    bool link_check_private = false;
    // The base of the links Tablero sends by e-mail ("https://tablero.example.gov.py"), without
    // a trailing slash; empty means "http://" and the listen address (public_url below).
    std::string public_url;
    // A sendmail-compatible command ("/usr/sbin/sendmail -t -i") that sends the e-mail; empty
    // means no mail server: the links go to the log (mail/mailer.h).
    std::string sendmail;
    // The From address of the e-mail Tablero sends.
    std::string mail_from = "tablero@localhost";
    // The installation's time zone, an IANA name ("America/Asuncion"): consultation windows are
    // typed and shown in it (core/local_time.h). Empty means the machine's zone, TZ left alone.
    // Checked against the zone data when the server starts.
    std::string time_zone;
    // Reverse proxies whose X-Forwarded-For names the client (canonical IP addresses, from a
    // comma-separated list): sign-in limits and logs then count clients, not the proxy.
    std::vector<std::string> trusted_proxies;
};

// Where uploaded evidence files live: --files when given; otherwise a "files" folder beside the
// SQLite database file, or "data/files" under the working directory with PostgreSQL (where
// several servers must be given one shared folder explicitly).
std::string files_folder(const Settings& settings);

// The base of links in e-mail: --public-url when given, else "http://HOST:PORT" from the listen
// address with the port the server is bound to (the configured one may be 0).
std::string public_url(const Settings& settings, std::uint16_t bound_port);

// Raw values by setting name ("db", "listen", ...), as given by one source.
using Values = std::map<std::string, std::string>;

// The setting names and their environment variables, in the order the documentation lists them.
struct SettingName {
    std::string_view key;
    std::string_view environment_variable;
    std::string_view help;
};
const std::vector<SettingName>& setting_names();

// "key = value" lines; "#" starts a comment; values may be in double quotes. An unknown key or a
// line without "=" is an error naming file and line.
Result<Values> parse_config_file(std::string_view text, std::string_view file_name);

// Reads TABLERO_DB, TABLERO_LISTEN, ... through getenv (a parameter so tests need no real
// environment). Empty variables count as unset.
Values environment_values(const std::function<const char*(const char*)>& getenv);

// "HOST:PORT", "[::1]:8080" or ":8080" (all interfaces on IPv4: 0.0.0.0).
Result<ListenAddress> parse_listen(std::string_view text);

// Flags over environment over file over defaults. A bad value is an error naming the setting
// and where it came from ("TABLERO_THREADS: ..." or "tablero.conf: threads: ...").
Result<Settings> resolve_settings(
    const Values& flags, const Values& environment, const Values& file, std::string_view file_name);

}  // namespace tablero::cli

#include "cli/settings.h"

#include "http/forwarded.h"

#include <algorithm>
#include <charconv>

namespace tablero::cli {

namespace {

std::string_view trim(std::string_view text)
{
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool is_known(std::string_view key)
{
    const auto& names = setting_names();
    return std::any_of(
        names.begin(), names.end(), [&](const SettingName& name) { return name.key == key; });
}

Result<unsigned> parse_count(std::string_view text, unsigned minimum, unsigned maximum)
{
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < minimum || value > maximum)
        return fail(ErrorCode::invalid_argument,
            "\"" + std::string(text) + "\" is not a whole number from " + std::to_string(minimum) +
                " to " + std::to_string(maximum));
    return value;
}

// "127.0.0.1, ::1" as canonical addresses; an empty list is allowed (no proxy).
Result<std::vector<std::string>> parse_addresses(std::string_view text)
{
    std::vector<std::string> addresses;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (item.empty())
            continue;
        auto address = http::canonical_address(item);
        if (address.empty())
            return fail(ErrorCode::invalid_argument,
                "\"" + std::string(item) +
                    "\" is not an IP address (for example 127.0.0.1 or ::1)");
        addresses.push_back(std::move(address));
    }
    return addresses;
}

Result<bool> parse_switch(std::string_view text)
{
    if (text == "on" || text == "true" || text == "yes" || text == "1")
        return true;
    if (text == "off" || text == "false" || text == "no" || text == "0")
        return false;
    return fail(ErrorCode::invalid_argument, "\"" + std::string(text) + "\" is not on or off");
}

}  // namespace

const std::vector<SettingName>& setting_names()
{
    static const std::vector<SettingName> names = {
        {"db", "TABLERO_DB", "SQLite file path or postgresql:// URI"},
        {"listen", "TABLERO_LISTEN", "HOST:PORT to serve on (port 0: any free port)"},
        {"threads", "TABLERO_THREADS", "server threads (0: one per core)"},
        {"assets", "TABLERO_ASSETS", "folder with templates/, static/ and locales/"},
        {"access_log", "TABLERO_ACCESS_LOG", "on or off: one JSON line per request on stdout"},
        {"log_level", "TABLERO_LOG_LEVEL", "trace, debug, info, warn, error or off"},
        {"pool_size", "TABLERO_POOL_SIZE", "database connections in the pool"},
        {"files", "TABLERO_FILES", "folder for uploaded evidence files"},
        {"max_upload_mb", "TABLERO_MAX_UPLOAD_MB", "largest evidence file accepted, in MB"},
        {"link_checks", "TABLERO_LINK_CHECKS", "on or off: check evidence links in the background"},
        {"link_check_interval", "TABLERO_LINK_CHECK_INTERVAL",
            "hours before an evidence link is checked again"},
        {"link_check_private", "TABLERO_LINK_CHECK_PRIVATE",
            "on or off: let link checks reach private addresses"},
        {"public_url", "TABLERO_PUBLIC_URL",
            "base of the links in e-mail (default http:// and the listen address)"},
        {"sendmail", "TABLERO_SENDMAIL",
            "sendmail-compatible command that sends e-mail (empty: links go to the log)"},
        {"mail_from", "TABLERO_MAIL_FROM", "From address of the e-mail Tablero sends"},
        {"time_zone", "TABLERO_TIME_ZONE",
            "IANA time zone of consultation windows, e.g. America/Asuncion (default: the "
            "machine's)"},
        {"plan_cache_plans", "TABLERO_PLAN_CACHE_PLANS",
            "whole plans kept in memory for the pages computed over plans"},
        {"trusted_proxies", "TABLERO_TRUSTED_PROXIES",
            "comma-separated IP addresses of reverse proxies whose X-Forwarded-For is believed"},
    };
    return names;
}

Result<Values> parse_config_file(std::string_view text, std::string_view file_name)
{
    Values values;
    int line_number = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        ++line_number;
        auto where = std::string(file_name) + " line " + std::to_string(line_number);
        line = trim(line.substr(0, line.find('#')));
        if (line.empty())
            continue;
        auto equals = line.find('=');
        if (equals == std::string_view::npos)
            return fail(ErrorCode::invalid_argument, "expected \"key = value\"", where);
        auto key = std::string(trim(line.substr(0, equals)));
        auto value = trim(line.substr(equals + 1));
        if (!is_known(key))
            return fail(ErrorCode::invalid_argument, "unknown setting \"" + key + "\"", where);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        values[key] = std::string(value);
    }
    return values;
}

Values environment_values(const std::function<const char*(const char*)>& getenv)
{
    Values values;
    for (const auto& name : setting_names()) {
        const char* value = getenv(std::string(name.environment_variable).c_str());
        if (value != nullptr && *value != '\0')
            values[std::string(name.key)] = value;
    }
    return values;
}

Result<ListenAddress> parse_listen(std::string_view text)
{
    auto invalid = [&] {
        return fail(ErrorCode::invalid_argument,
            "\"" + std::string(text) + "\" is not HOST:PORT (for example 127.0.0.1:8080)");
    };
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return invalid();
    auto host = text.substr(0, colon);
    auto port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    else if (host.find(':') != std::string_view::npos)
        return invalid();  // a bare IPv6 address needs brackets
    auto port = parse_count(port_text, 0, 65535);
    if (!port.ok())
        return invalid();
    return ListenAddress{
        host.empty() ? "0.0.0.0" : std::string(host), static_cast<std::uint16_t>(*port)};
}

Result<Settings> resolve_settings(
    const Values& flags, const Values& environment, const Values& file, std::string_view file_name)
{
    Settings settings;
    for (const auto& name : setting_names()) {
        std::string key(name.key);
        const std::string* value = nullptr;
        std::string where;
        if (auto found = flags.find(key); found != flags.end()) {
            value = &found->second;
            where = "--" + key;
            std::replace(where.begin(), where.end(), '_', '-');
        } else if (auto from_env = environment.find(key); from_env != environment.end()) {
            value = &from_env->second;
            where = std::string(name.environment_variable);
        } else if (auto from_file = file.find(key); from_file != file.end()) {
            value = &from_file->second;
            where = std::string(file_name) + ": " + key;
        }
        if (value == nullptr)
            continue;
        auto wrong = [&](const Error& error) { return fail(error.code, error.message, where); };
        if (key == "db") {
            settings.db = *value;
        } else if (key == "listen") {
            auto listen = parse_listen(*value);
            if (!listen.ok())
                return wrong(listen.error());
            settings.listen = *listen;
        } else if (key == "threads") {
            auto threads = parse_count(*value, 0, 256);
            if (!threads.ok())
                return wrong(threads.error());
            settings.threads = *threads;
        } else if (key == "assets") {
            settings.assets = *value;
        } else if (key == "access_log") {
            auto on = parse_switch(*value);
            if (!on.ok())
                return wrong(on.error());
            settings.access_log = *on;
        } else if (key == "log_level") {
            static constexpr std::string_view levels[] = {
                "trace", "debug", "info", "warn", "error", "off"};
            if (std::find(std::begin(levels), std::end(levels), *value) == std::end(levels))
                return fail(ErrorCode::invalid_argument,
                    "\"" + *value + "\" is not one of trace, debug, info, warn, error, off", where);
            settings.log_level = *value;
        } else if (key == "pool_size") {
            auto size = parse_count(*value, 1, 64);
            if (!size.ok())
                return wrong(size.error());
            settings.pool_size = *size;
        } else if (key == "files") {
            settings.files = *value;
        } else if (key == "plan_cache_plans") {
            auto count = parse_count(*value, 1, 100000);
            if (!count.ok())
                return wrong(count.error());
            settings.plan_cache_plans = *count;
        } else if (key == "max_upload_mb") {
            auto size = parse_count(*value, 1, 1024);
            if (!size.ok())
                return wrong(size.error());
            settings.max_upload_mb = *size;
        } else if (key == "link_checks") {
            auto on = parse_switch(*value);
            if (!on.ok())
                return wrong(on.error());
            settings.link_checks = *on;
        } else if (key == "link_check_interval") {
            // From an hour to a year.
            auto hours = parse_count(*value, 1, 8760);
            if (!hours.ok())
                return wrong(hours.error());
            settings.link_check_interval_hours = *hours;
        } else if (key == "link_check_private") {
            auto on = parse_switch(*value);
            if (!on.ok())
                return wrong(on.error());
            settings.link_check_private = *on;
        } else if (key == "public_url") {
            std::string url = *value;
            while (url.ends_with('/'))
                url.pop_back();
            const bool scheme = url.starts_with("http://") || url.starts_with("https://");
            const auto host_start = url.find("://") + 3;
            if (!scheme || url.size() <= host_start ||
                url.find_first_of(" \t\r\n\"<>?#") != std::string::npos)
                return fail(ErrorCode::invalid_argument,
                    "\"" + *value +
                        "\" is not an http:// or https:// address without query "
                        "(for example https://tablero.example.gov.py)",
                    where);
            settings.public_url = url;
        } else if (key == "sendmail") {
            settings.sendmail = *value;
        } else if (key == "mail_from") {
            const auto at = value->find('@');
            if (at == std::string::npos || at == 0 || at + 1 == value->size() ||
                value->find_first_of(" \t\r\n,<>\"") != std::string::npos)
                return fail(ErrorCode::invalid_argument,
                    "\"" + *value + "\" is not an e-mail address (for example tablero@example.org)",
                    where);
            settings.mail_from = *value;
        } else if (key == "time_zone") {
            // Whether the zone exists is known only to the machine's zone data: the server
            // checks it when it starts (set_time_zone).
            settings.time_zone = *value;
        } else if (key == "trusted_proxies") {
            auto proxies = parse_addresses(*value);
            if (!proxies.ok())
                return wrong(proxies.error());
            settings.trusted_proxies = std::move(proxies).value();
        }
    }
    return settings;
}

std::string files_folder(const Settings& settings)
{
    if (!settings.files.empty())
        return settings.files;
    if (settings.db.starts_with("postgresql://") || settings.db.starts_with("postgres://"))
        return "data/files";
    const auto slash = settings.db.rfind('/');
    return slash == std::string::npos ? "files" : settings.db.substr(0, slash + 1) + "files";
}

std::string public_url(const Settings& settings, std::uint16_t bound_port)
{
    if (!settings.public_url.empty())
        return settings.public_url;
    const std::string& host = settings.listen.host;
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return "http://" + shown + ":" + std::to_string(bound_port);
}

}  // namespace tablero::cli

#include "web/audit/routes.h"

#include "domain/accounts/authorisation.h"
#include "storage/audit_log.h"
#include "web/account/session.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace tablero::web::audit {

namespace {

using Data = kainjow::mustache::data;
using nlohmann::json;

constexpr std::size_t page_size = 50;

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

// The filters of the request's query, and the messages for the ones that are malformed (those
// are left out of the filter, and the form says so beside the field).
struct Query {
    storage::AuditFilter filter;
    std::string from_text;
    std::string to_text;
    std::size_t page = 1;
    std::map<std::string, std::string, std::less<>> errors;
};

Query read_query(const http::Request& request)
{
    Query query;
    query.filter.entity = request.query("entity").value_or("");
    query.filter.action = request.query("action").value_or("");
    query.filter.actor = request.query("account").value_or("");
    query.from_text = request.query("from").value_or("");
    query.to_text = request.query("to").value_or("");
    if (!query.from_text.empty()) {
        if (auto day = parse_iso_date(query.from_text); day.ok())
            query.filter.from = *day;
        else
            query.errors["from"] = "audit_error_date";
    }
    if (!query.to_text.empty()) {
        if (auto day = parse_iso_date(query.to_text); day.ok())
            query.filter.to = *day;
        else
            query.errors["to"] = "audit_error_date";
    }
    const std::string page = request.query("page").value_or("1");
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(page.data(), page.data() + page.size(), number);
    if (error == std::errc{} && end == page.data() + page.size() && number > 0)
        query.page = number;
    return query;
}

// The query string of the filters (without the page), for the download links and the pages.
std::string filter_query(const Query& query)
{
    std::string out;
    auto add = [&out](std::string_view name, const std::string& value) {
        if (value.empty())
            return;
        out += (out.empty() ? "" : "&") + std::string(name) + "=" +
            std::string(boost::urls::encode(value, boost::urls::unreserved_chars));
    };
    add("entity", query.filter.entity);
    add("action", query.filter.action);
    add("account", query.filter.actor);
    add("from", query.from_text);
    add("to", query.to_text);
    return out;
}

// A JSON value as a person reads it: text without quotes, nothing for null, the rest as JSON.
std::string readable(const json& value)
{
    if (value.is_null())
        return {};
    if (value.is_string())
        return value.get<std::string>();
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The entry's before and after, field by field: each top-level field of either, with both
// values and whether it changed. A value that is not an object is one row named "".
Data changes_view(const storage::AuditEntry& entry)
{
    const json before = json::parse(entry.before_json, nullptr, false);
    const json after = json::parse(entry.after_json, nullptr, false);
    Data rows{Data::type::list};
    std::set<std::string> names;
    for (const json* side : {&before, &after}) {
        if (side->is_object()) {
            for (const auto& item : side->items())
                names.insert(item.key());
        }
    }
    auto field = [](const json& side, const std::string& name) {
        return side.is_object() && side.contains(name) ? side.at(name) : json();
    };
    for (const std::string& name : names) {
        const json old_value = field(before, name);
        const json new_value = field(after, name);
        Data row;
        row.set("field", name);
        row.set("before", readable(old_value));
        row.set("after", readable(new_value));
        row.set("changed", old_value != new_value);
        rows.push_back(row);
    }
    return rows;
}

Result<storage::SessionRecord> allowed(Context& context, const http::Request& request)
{
    return account::require(context, request, accounts::Action::view_audit_log);
}

Result<http::Response> log_page(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = allowed(context, request);
    if (!session.ok())
        return std::move(session).error();
    const Query query = read_query(request);
    auto page = storage::AuditLog(context.database)
                    .list(query.filter, page_size, (query.page - 1) * page_size);
    if (!page.ok())
        return std::move(page).error();

    Data view;
    Data entries{Data::type::list};
    for (const storage::AuditListing& listing : page->entries) {
        const storage::AuditEntry& entry = listing.entry;
        Data item;
        item.set("id", std::to_string(entry.id));
        item.set("at", entry.at);
        item.set("actor", entry.actor.name);
        item.set("display_name", text_or_false(listing.display_name));
        item.set("role", entry.actor.role);
        item.set("action", entry.action);
        item.set("entity", entry.entity);
        item.set("entity_key", entry.entity_key);
        Data changes = changes_view(entry);
        item.set("has_changes", !changes.is_empty_list());
        item.set("changes", changes);
        entries.push_back(item);
    }
    view.set("entries", entries);
    view.set("has_entries", !page->entries.empty());
    view.set("total", std::to_string(page->total));

    const std::string filters = filter_query(query);
    const std::string suffix = filters.empty() ? std::string() : "?" + filters;
    view.set("csv_url", "/admin/audit.csv" + suffix);
    view.set("json_url", "/admin/audit.json" + suffix);
    const auto total = static_cast<std::size_t>(page->total);
    const std::size_t pages = std::max<std::size_t>(1, (total + page_size - 1) / page_size);
    view.set("page", std::to_string(query.page));
    view.set("pages", std::to_string(pages));
    auto page_url = [&](std::size_t number) {
        return "/admin/audit?" + filters + (filters.empty() ? "" : "&") +
            "page=" + std::to_string(number);
    };
    if (query.page > 1)
        view.set("previous_url", page_url(std::min(query.page - 1, pages)));
    if (query.page < pages)
        view.set("next_url", page_url(query.page + 1));

    Data fields{Data::type::list};
    Data summary{Data::type::list};
    const std::array<std::pair<std::string_view, std::string>, 5> inputs = {{
        {"entity", query.filter.entity},
        {"action", query.filter.action},
        {"account", query.filter.actor},
        {"from", query.from_text},
        {"to", query.to_text},
    }};
    for (const auto& [name, value] : inputs) {
        Data field;
        const std::string id = "audit-" + std::string(name);
        field.set("id", id);
        field.set("name", std::string(name));
        field.set("label", message(context, language, "audit_field_" + std::string(name)));
        const bool is_date = name == "from" || name == "to";
        field.set("type", is_date ? "date" : "text");
        field.set("value", value);
        const auto error = query.errors.find(name);
        const std::string text =
            error == query.errors.end() ? std::string() : message(context, language, error->second);
        field.set("error", text_or_false(text));
        fields.push_back(field);
        if (!text.empty()) {
            Data item;
            item.set("id", id);
            item.set("text", text);
            summary.push_back(item);
        }
    }
    view.set("fields", fields);
    view.set("has_errors", !summary.is_empty_list());
    view.set("errors", summary);

    auto response = render_page(context, request, language, "audit/log", view,
        {.title = message(context, language, "audit_title"), .stylesheets = {"css/audit.css"}});
    if (!response.ok())
        return response;
    if (!query.errors.empty())
        response->result(http::Status::bad_request);
    account::forbid_storing(*response);
    return response;
}

// Every entry the filters match, for a download. A malformed date is the caller's mistake.
Result<storage::AuditPage> everything(Context& context, const http::Request& request)
{
    auto session = allowed(context, request);
    if (!session.ok())
        return std::move(session).error();
    const Query query = read_query(request);
    if (!query.errors.empty())
        return fail(
            ErrorCode::invalid_argument, "give dates as YYYY-MM-DD", query.errors.begin()->first);
    return storage::AuditLog(context.database).list(query.filter);
}

Result<http::Response> log_csv(Context& context, const http::Request& request)
{
    auto page = everything(context, request);
    if (!page.ok())
        return std::move(page).error();
    std::vector<std::vector<std::string>> rows = {{"id", "at", "account_id", "actor", "role",
        "action", "entity", "entity_key", "before", "after"}};
    for (const storage::AuditListing& listing : page->entries) {
        const storage::AuditEntry& entry = listing.entry;
        rows.push_back({std::to_string(entry.id), entry.at,
            entry.actor.account_id ? std::to_string(*entry.actor.account_id) : std::string(),
            entry.actor.name, entry.actor.role, entry.action, entry.entity, entry.entity_key,
            entry.before_json, entry.after_json});
    }
    http::Response response = csv_response(request, rows);
    response.set(http::Field::content_disposition, "attachment; filename=\"audit.csv\"");
    account::forbid_storing(response);
    return response;
}

Result<http::Response> log_json(Context& context, const http::Request& request)
{
    auto page = everything(context, request);
    if (!page.ok())
        return std::move(page).error();
    json entries = json::array();
    for (const storage::AuditListing& listing : page->entries) {
        const storage::AuditEntry& entry = listing.entry;
        // The before and after as JSON values, not strings holding JSON.
        auto value = [](const std::string& text) {
            return text.empty() ? json() : json::parse(text, nullptr, false);
        };
        entries.push_back({{"id", entry.id}, {"at", entry.at},
            {"account_id", entry.actor.account_id ? json(*entry.actor.account_id) : json()},
            {"actor", entry.actor.name}, {"role", entry.actor.role}, {"action", entry.action},
            {"entity", entry.entity}, {"entity_key", entry.entity_key},
            {"before", value(entry.before_json)}, {"after", value(entry.after_json)}});
    }
    http::Response response = http::json_response(request, http::Status::ok,
        json{{"total", page->total}, {"entries", entries}}.dump(
            -1, ' ', false, json::error_handler_t::replace));
    account::forbid_storing(response);
    return response;
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    router.get(
        "/admin/audit", uncached([&context](const http::Request& request, i18n::Language language) {
            return log_page(context, request, language);
        }));
    router.get(
        "/admin/audit.csv", uncached([&context](const http::Request& request, i18n::Language) {
            return log_csv(context, request);
        }));
    router.get(
        "/admin/audit.json", uncached([&context](const http::Request& request, i18n::Language) {
            return log_json(context, request);
        }));
}

}  // namespace tablero::web::audit

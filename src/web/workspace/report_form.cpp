#include "web/workspace/report_form.h"

#include "domain/plans/progress.h"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tablero::web::workspace {

namespace {

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// "66,5", "66.5", "66.5 %": people write percentages the way their language does.
std::optional<double> parse_percent(std::string text)
{
    if (!text.empty() && text.back() == '%')
        text.pop_back();
    text = trimmed(text);
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty())
        return std::nullopt;
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

bool too_long(std::string_view text, std::size_t limit)
{
    const auto count = plans::count_code_points(text);
    return !count || *count > limit;
}

}  // namespace

std::string evidence_title_field(int slot)
{
    return "evidence_title_" + std::to_string(slot);
}

std::string evidence_url_field(int slot)
{
    return "evidence_url_" + std::to_string(slot);
}

std::optional<std::string> web_link(std::string_view text)
{
    if (text.empty() || text.size() > url_limit)
        return std::nullopt;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f)
            return std::nullopt;
    }
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed)
        return std::nullopt;
    std::string scheme(parsed->scheme());
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if ((scheme != "http" && scheme != "https") || !parsed->has_authority() ||
        parsed->encoded_host().empty())
        return std::nullopt;
    // The public pages link only addresses that start "http://" or "https://" in lower case.
    return scheme + std::string(text.substr(parsed->scheme().size()));
}

ReportForm read_report_form(const http::FormFields& fields, Date today)
{
    ReportForm form;
    auto keep = [&](std::string_view name) -> const std::string& {
        return form.values[std::string(name)] = http::form_value(fields, name);
    };
    Report report;

    const std::string percent_text = trimmed(keep(field_percent));
    const bool not_applicable = !keep(field_not_applicable).empty();
    if (not_applicable) {
        if (!percent_text.empty())
            form.errors.emplace(field_percent, "workspace_error_percent_and_not_applicable");
        report.progress = plans::Progress::not_applicable();
    } else if (percent_text.empty()) {
        form.errors.emplace(field_percent, "workspace_error_percent_missing");
    } else {
        const auto percent = parse_percent(percent_text);
        if (!percent || !plans::validate_percent(*percent).ok())
            form.errors.emplace(field_percent, "workspace_error_percent");
        else
            report.progress = plans::Progress::of(*percent);
    }

    const std::string as_of_text = trimmed(keep(field_as_of));
    if (as_of_text.empty()) {
        form.errors.emplace(field_as_of, "workspace_error_as_of_missing");
    } else if (auto as_of = parse_iso_date(as_of_text); !as_of.ok()) {
        form.errors.emplace(field_as_of, "workspace_error_as_of");
    } else if (days_since_epoch(*as_of) > days_since_epoch(today)) {
        form.errors.emplace(field_as_of, "workspace_error_as_of_future");
    } else {
        report.as_of = *as_of;
    }

    report.note = trimmed(keep(field_note));
    if (too_long(report.note, note_limit))
        form.errors.emplace(field_note, "workspace_error_note");

    for (int slot = 1; slot <= evidence_slots; ++slot) {
        const std::string title_field = evidence_title_field(slot);
        const std::string url_field = evidence_url_field(slot);
        const std::string title = trimmed(keep(title_field));
        const std::string url = trimmed(keep(url_field));
        if (title.empty() && url.empty())
            continue;
        if (too_long(title, title_limit))
            form.errors.emplace(title_field, "workspace_error_evidence_title");
        if (url.empty()) {
            form.errors.emplace(url_field, "workspace_error_evidence_url_missing");
            continue;
        }
        const auto link = web_link(url);
        if (!link) {
            form.errors.emplace(url_field, "workspace_error_evidence_url");
            continue;
        }
        report.evidence.push_back({title, *link, report.as_of});
    }

    if (form.errors.empty()) {
        // The evidence is dated with the figure it supports.
        for (auto& item : report.evidence)
            item.date = report.as_of;
        form.report = std::move(report);
    }
    return form;
}

}  // namespace tablero::web::workspace

#include "web/view/page.h"

#include "domain/csv/csv.h"
#include "domain/i18n/format.h"
#include "web/render/renderer.h"
#include "web/site_identity.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <array>
#include <charconv>

namespace tablero::web {

Result<http::Response> render_page(Context& context, const http::Request& request,
    i18n::Language language, std::string_view page, const kainjow::mustache::data& view,
    PageOptions options)
{
    auto identity = read_site_identity(context.site);
    if (!identity.ok())
        return std::move(identity).error();
    RenderContext render_context;
    render_context.language = language;
    render_context.target = request.target();
    render_context.title = std::move(options.title);
    render_context.site_name = identity->name;
    render_context.organisation = identity->organisation;
    render_context.stylesheets = std::move(options.stylesheets);
    return http::html_response(
        request, http::Status::ok, context.renderer.render(page, view, render_context));
}

http::Response csv_response(
    const http::Request& request, const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::vector<std::string>> safe = rows;
    for (auto& row : safe) {
        for (auto& cell : row)
            cell = csv::spreadsheet_safe(std::move(cell));
    }
    return http::make_response(request, http::Status::ok, "text/csv; charset=utf-8",
        "\xEF\xBB\xBF" + csv::write_csv(safe));
}

std::string status_label(const Renderer& renderer, i18n::Language language, plans::Status status)
{
    return std::string(
        renderer.message(language, "status_" + std::string(plans::to_string(status))));
}

kainjow::mustache::data figure_view(const Renderer& renderer, i18n::Language language,
    bool applicable, double progress, std::optional<plans::Status> status)
{
    kainjow::mustache::data figure;
    figure.set("applicable", applicable);
    if (!applicable) {
        figure.set("progress", std::string(renderer.message(language, "figure_not_applicable")));
        figure.set("progress_value", "0");
        return figure;
    }
    figure.set("progress", i18n::format_percent(language, progress));
    // A plain number for SVG and <meter>, whatever the reader's language.
    figure.set("progress_value", i18n::format_number(i18n::Language::en, progress, 1));
    if (status) {
        figure.set("status_code", std::string(plans::to_string(*status)));
        figure.set("status", status_label(renderer, language, *status));
    }
    return figure;
}

std::string plan_path(std::string_view plan)
{
    return "/plans/" + std::string(boost::urls::encode(plan, boost::urls::unreserved_chars));
}

std::string commitment_path(std::string_view plan, std::string_view commitment)
{
    return plan_path(plan) + "/commitments/" +
        std::string(boost::urls::encode(commitment, boost::urls::unreserved_chars));
}

Result<Date> page_as_of(const http::Request& request, const Clock& clock)
{
    const auto given = request.query("as_of");
    if (!given || given->empty())
        return clock.today();
    auto date = parse_iso_date(*given);
    if (!date.ok())
        return fail(ErrorCode::invalid_argument, date.error().message, "as_of");
    return *date;
}

std::string plain_number(double value)
{
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return error == std::errc{} ? std::string(buffer.data(), end) : std::string("0");
}

std::string date_label(i18n::Language language, const std::optional<Date>& date)
{
    return date ? i18n::format_date(language, *date) : std::string();
}

std::size_t requested_page(const http::Request& request)
{
    const auto text = request.query("page");
    if (!text)
        return 1;
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error != std::errc{} || end != text->data() + text->size() || number == 0)
        return 1;
    return number;
}

kainjow::mustache::data pager_view(i18n::Language language, const http::Request& request,
    const paging::ListPage& page, std::string label)
{
    if (page.pages <= 1)
        return kainjow::mustache::data(false);
    kainjow::mustache::data pager;
    pager.set("label", std::move(label));
    pager.set("page", i18n::format_number(language, static_cast<double>(page.number), 0));
    pager.set("pages", i18n::format_number(language, static_cast<double>(page.pages), 0));
    if (page.number > 1) {
        const std::string previous = page.number == 2 ? "" : std::to_string(page.number - 1);
        pager.set("previous", http::target_with(request, {{"page", previous}}));
    }
    if (page.number < page.pages)
        pager.set("next", http::target_with(request, {{"page", std::to_string(page.number + 1)}}));
    return pager;
}

}  // namespace tablero::web

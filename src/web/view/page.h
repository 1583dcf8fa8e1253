// What every page handler ends with, and the pieces of a plan's figures every page shows the
// same way: one place for the layout's inputs, the formatting of a figure and its status.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "domain/paging.h"
#include "domain/plans/model.h"
#include "http/message.h"
#include "web/context.h"

#include <kainjow/mustache.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web {

struct PageOptions {
    // The page's title in the reader's language; empty for the site's name alone.
    std::string title;
    // Stylesheets of the page after the site's, below static/ ("css/board.css").
    std::vector<std::string> stylesheets;
};

// Renders templates/<page>.mustache with view in the layout, with the installation's name and
// organisation, as a 200 HTML response.
Result<http::Response> render_page(Context& context, const http::Request& request,
    i18n::Language language, std::string_view page, const kainjow::mustache::data& view,
    PageOptions options = {});

// rows as a CSV download (domain/csv's writer), with the byte order mark that tells
// spreadsheet programs the text is UTF-8, and every cell a spreadsheet would run as a formula
// made text (csv::spreadsheet_safe).
http::Response csv_response(
    const http::Request& request, const std::vector<std::vector<std::string>>& rows);

// A figure as templates show it (templates/partials/bar.mustache, status.mustache):
//   applicable      bool
//   progress        "66,3 %" / "66.3%" in the reader's language, or the "not applicable" text
//   progress_value  "66.3": the number for an SVG width or a <meter>, in any language
//   status_code     "in_progress" (for a CSS class), absent when not applicable
//   status          the status in the reader's language, absent when not applicable
kainjow::mustache::data figure_view(const Renderer& renderer, i18n::Language language,
    bool applicable, double progress, std::optional<plans::Status> status);

// The status in the reader's language ("Demorado", "Delayed").
std::string status_label(const Renderer& renderer, i18n::Language language, plans::Status status);

// The pages' links to a plan and a commitment, each code one percent-encoded path segment:
// codes are the plan's own text and may hold "/" or spaces.
std::string plan_path(std::string_view plan);
std::string commitment_path(std::string_view plan, std::string_view commitment);

// The date a page shows, from ?as_of=YYYY-MM-DD: today when absent or empty (a form's empty
// date field), an invalid_argument error naming "as_of" when malformed.
Result<Date> page_as_of(const http::Request& request, const Clock& clock);

// ?page=N, from 1; anything else (absent, 0, not a number) is page 1: a list's page links are
// lenient (paging::list_page shows the last page for one past it).
std::size_t requested_page(const http::Request& request);

// The navigation between the pages of a list (templates/partials/pager.mustache), or false when
// the list fits one page: "Página 2 de 10" and previous/next links to the same address with
// another ?page= (page 1 without it). label names the navigation for screen readers.
kainjow::mustache::data pager_view(i18n::Language language, const http::Request& request,
    const paging::ListPage& page, std::string label);

// A number as text that reads back as the same double, in any language: for CSV downloads,
// which are for computing with, not for reading.
std::string plain_number(double value);

// An optional date in the reader's language, or "" when there is none.
std::string date_label(i18n::Language language, const std::optional<Date>& date);

}  // namespace tablero::web

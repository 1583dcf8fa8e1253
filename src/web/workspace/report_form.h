// The progress report form of the institution workspace (PRODUCT.md, module 3), read in one
// function from its fields: the new figure (a percentage or "not applicable"), the date it
// describes, a note and up to three evidence links. It takes the fields as a list of name and
// value, whatever carried them: an application/x-www-form-urlencoded body today, the text
// parts of a multipart/form-data body when the form gains a file input.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"
#include "http/message.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::workspace {

// The evidence links a report may carry.
inline constexpr int evidence_slots = 3;
// The longest note, in code points: a note explains a figure, it is not the evidence itself.
inline constexpr std::size_t note_limit = 4000;
inline constexpr std::size_t title_limit = 300;
inline constexpr std::size_t url_limit = 2000;

// The form's field names.
inline constexpr std::string_view field_percent = "percent";
inline constexpr std::string_view field_not_applicable = "not_applicable";
inline constexpr std::string_view field_as_of = "as_of";
inline constexpr std::string_view field_note = "note";
// "evidence_title_1" ... "evidence_url_3".
std::string evidence_title_field(int slot);
std::string evidence_url_field(int slot);

// What a report says once every field has passed.
struct Report {
    Date as_of;
    plans::Progress progress;
    std::string note;
    std::vector<plans::Evidence> evidence;
};

// The form as read: the values as typed (to show them again) and, by field name, the key of
// the message that says what is wrong (locales/workspace, "workspace_error_..."). report is
// set exactly when errors is empty.
struct ReportForm {
    std::map<std::string, std::string, std::less<>> values;
    std::map<std::string, std::string, std::less<>> errors;
    std::optional<Report> report;
};

// Reads and checks the fields. `today` is the last date a figure may describe: progress is
// reported on what has happened, never on what is planned.
ReportForm read_report_form(const http::FormFields& fields, Date today);

// The link as it will be stored when it is a web address: "http" or "https" (in any case,
// written back in lower case), a host, no spaces or control characters. nullopt otherwise: a
// "javascript:" or "data:" link would run in the reader's browser.
std::optional<std::string> web_link(std::string_view text);

}  // namespace tablero::web::workspace

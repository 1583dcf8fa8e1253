// The forms of the administrators' pages (web/admin/): fields described once in C++, rendered by
// templates/partials/admin_field.mustache (text, number, date, e-mail, long text, a list to
// choose from, check boxes) with their label, hint and error beside them, and the error summary
// at the top of the form linked to each field (GOV.UK's error summary pattern, as the account
// forms do). The values typed are kept on a refused POST.
#pragma once

#include "domain/i18n/language.h"
#include "domain/plans/plan_editing.h"
#include "http/message.h"
#include "web/context.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::admin {

using Data = kainjow::mustache::data;

enum class FieldKind { text, number, date, email, textarea, select, checkboxes };

struct Choice {
    std::string value;
    std::string text;
};

// One field of a form.
struct Field {
    std::string name;
    FieldKind kind = FieldKind::text;
    // The label's message key ("admin_field_title").
    std::string label_key;
    // The hint's message key, or empty.
    std::string hint_key;
    bool required = false;
    // For select and checkboxes.
    std::vector<Choice> choices;
};

// What a form shows: the values (one per field; check boxes hold every value checked) and the
// messages by field.
struct FormState {
    std::map<std::string, std::vector<std::string>, std::less<>> values;
    std::map<std::string, std::string, std::less<>> errors;

    std::string value(std::string_view name) const;
    void set(const std::string& name, std::string value) { values[name] = {std::move(value)}; }
};

// The state of a form as posted: every value of every field named in fields.
FormState state_from(const http::FormFields& form, const std::vector<Field>& fields);

// The message shown beside a field for a problem, in the reader's language
// ("admin_error_<rule>"); the plan's period fills {start} and {end}.
std::string problem_text(const Context& context, i18n::Language language,
    const plans::EditProblem& problem, const std::string& period_start = {},
    const std::string& period_end = {});

// Puts every problem beside its field (the first one per field wins).
void add_problems(const Context& context, i18n::Language language,
    const std::vector<plans::EditProblem>& problems, FormState& state,
    const std::string& period_start = {}, const std::string& period_end = {});

// The view of one form: `id`, `fields` for {{> admin_field}}, `has_errors` and `errors` (the
// summary, each linked to its field).
Data form_view(const Context& context, i18n::Language language, std::string_view form_id,
    const std::vector<Field>& fields, const FormState& state);

}  // namespace tablero::web::admin

#include "web/admin/form.h"

#include "web/render/renderer.h"

#include <algorithm>

namespace tablero::web::admin {

namespace {

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// Mustache renders a section for any string, even an empty one: absent text must be false.
Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

void replace(std::string& text, std::string_view from, const std::string& to)
{
    if (auto at = text.find(from); at != std::string::npos)
        text.replace(at, from.size(), to);
}

}  // namespace

std::string FormState::value(std::string_view name) const
{
    const auto found = values.find(name);
    return found == values.end() || found->second.empty() ? std::string() : found->second.front();
}

FormState state_from(const http::FormFields& form, const std::vector<Field>& fields)
{
    FormState state;
    for (const Field& field : fields) {
        auto& values = state.values[field.name];
        for (const auto& [name, value] : form) {
            if (name == field.name)
                values.push_back(value);
        }
    }
    return state;
}

std::string problem_text(const Context& context, i18n::Language language,
    const plans::EditProblem& problem, const std::string& period_start,
    const std::string& period_end)
{
    std::string key = "admin_error_" + std::string(plans::to_string(problem.rule));
    // An area's code has its own rule (what area_code makes of a title).
    if (problem.rule == plans::EditRule::invalid_code &&
        problem.message.find("area code") != std::string::npos)
        key = "admin_error_invalid_area_code";
    std::string text = message(context, language, key);
    replace(text, "{start}", period_start);
    replace(text, "{end}", period_end);
    return text;
}

void add_problems(const Context& context, i18n::Language language,
    const std::vector<plans::EditProblem>& problems, FormState& state,
    const std::string& period_start, const std::string& period_end)
{
    for (const auto& problem : problems)
        state.errors.try_emplace(
            problem.field, problem_text(context, language, problem, period_start, period_end));
}

Data form_view(const Context& context, i18n::Language language, std::string_view form_id,
    const std::vector<Field>& fields, const FormState& state)
{
    Data list{Data::type::list};
    Data summary{Data::type::list};
    for (const Field& field : fields) {
        const std::string id = std::string(form_id) + "-" + field.name;
        const auto found = state.errors.find(field.name);
        const std::string error = found == state.errors.end() ? std::string() : found->second;
        const std::string hint =
            field.hint_key.empty() ? std::string() : message(context, language, field.hint_key);
        std::string described_by;
        if (!hint.empty())
            described_by = id + "-hint";
        if (!error.empty())
            described_by += (described_by.empty() ? "" : " ") + id + "-error";
        const auto values_found = state.values.find(field.name);
        const std::vector<std::string> values =
            values_found == state.values.end() ? std::vector<std::string>() : values_found->second;
        const std::string value = values.empty() ? std::string() : values.front();

        Data view;
        view.set("id", id);
        view.set("name", field.name);
        view.set("label", message(context, language, field.label_key));
        view.set("hint", text_or_false(hint));
        view.set("error", text_or_false(error));
        view.set("describedby", text_or_false(described_by));
        view.set("required", field.required);
        view.set("value", text_or_false(value));
        view.set("is_textarea", field.kind == FieldKind::textarea);
        view.set("is_select", field.kind == FieldKind::select);
        view.set("is_checkboxes", field.kind == FieldKind::checkboxes);
        const bool is_input = field.kind == FieldKind::text || field.kind == FieldKind::number ||
            field.kind == FieldKind::date || field.kind == FieldKind::email;
        view.set("is_input", is_input);
        // A weight is typed as text with a decimal keyboard: type="number" refuses "2,5" in
        // some browsers before the server can say why.
        view.set("type",
            field.kind == FieldKind::date        ? "date"
                : field.kind == FieldKind::email ? "email"
                                                 : "text");
        view.set("decimal", field.kind == FieldKind::number);
        Data choices{Data::type::list};
        int index = 0;
        for (const Choice& choice : field.choices) {
            Data item;
            item.set("value", choice.value);
            item.set("text", choice.text);
            item.set("id", id + "-" + std::to_string(index++));
            item.set(
                "selected", std::find(values.begin(), values.end(), choice.value) != values.end());
            choices.push_back(item);
        }
        view.set("choices", choices);
        list.push_back(view);
        if (!error.empty()) {
            Data item;
            // Check boxes are reached through their first box.
            item.set("id",
                field.kind == FieldKind::checkboxes && !field.choices.empty() ? id + "-0" : id);
            item.set("text", message(context, language, field.label_key) + ": " + error);
            summary.push_back(item);
        }
    }
    Data view;
    view.set("form_id", std::string(form_id));
    view.set("fields", list);
    view.set("has_errors", !summary.is_empty_list());
    view.set("errors", summary);
    return view;
}

}  // namespace tablero::web::admin

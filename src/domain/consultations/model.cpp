#include "domain/consultations/model.h"

#include <array>
#include <utility>

namespace tablero::consultations {

namespace {

// Each enum's codes, in the order of its values: to_string and the parsers read the same table.
template <typename E, std::size_t N> using Codes = std::array<std::pair<E, std::string_view>, N>;

constexpr Codes<PhaseKind, 3> phase_kinds{{
    {PhaseKind::proposals, "proposals"},
    {PhaseKind::comments, "comments"},
    {PhaseKind::voting, "voting"},
}};
constexpr Codes<ResultsVisibility, 2> visibilities{{
    {ResultsVisibility::live, "live"},
    {ResultsVisibility::after_close, "after_close"},
}};
constexpr Codes<Stance, 4> stances{{
    {Stance::none, ""},
    {Stance::in_favour, "in_favour"},
    {Stance::neutral, "neutral"},
    {Stance::against, "against"},
}};
constexpr Codes<Choice, 3> choices{{
    {Choice::in_favour, "in_favour"},
    {Choice::against, "against"},
    {Choice::abstain, "abstain"},
}};
constexpr Codes<ItemKind, 2> item_kinds{{
    {ItemKind::proposal, "proposal"},
    {ItemKind::commitment, "commitment"},
}};
constexpr Codes<Outcome, 3> outcomes{{
    {Outcome::accepted, "accepted"},
    {Outcome::merged, "merged"},
    {Outcome::not_accepted, "not_accepted"},
}};
constexpr Codes<ContentKind, 2> content_kinds{{
    {ContentKind::proposal, "proposal"},
    {ContentKind::comment, "comment"},
}};

template <typename E, std::size_t N> std::string_view code_of(const Codes<E, N>& codes, E value)
{
    for (const auto& [candidate, code] : codes) {
        if (candidate == value)
            return code;
    }
    return codes.front().second;
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Codes<E, N>& codes, std::string_view code)
{
    for (const auto& [value, candidate] : codes) {
        if (candidate == code)
            return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(PhaseKind kind)
{
    return code_of(phase_kinds, kind);
}
std::string_view to_string(ResultsVisibility visibility)
{
    return code_of(visibilities, visibility);
}
std::string_view to_string(Stance stance)
{
    return code_of(stances, stance);
}
std::string_view to_string(Choice choice)
{
    return code_of(choices, choice);
}
std::string_view to_string(ItemKind kind)
{
    return code_of(item_kinds, kind);
}
std::string_view to_string(Outcome outcome)
{
    return code_of(outcomes, outcome);
}
std::string_view to_string(ContentKind kind)
{
    return code_of(content_kinds, kind);
}

std::optional<PhaseKind> parse_phase_kind(std::string_view code)
{
    return value_of(phase_kinds, code);
}
std::optional<ResultsVisibility> parse_results_visibility(std::string_view code)
{
    return value_of(visibilities, code);
}
std::optional<Stance> parse_stance(std::string_view code)
{
    return value_of(stances, code);
}
std::optional<Choice> parse_choice(std::string_view code)
{
    return value_of(choices, code);
}
std::optional<ItemKind> parse_item_kind(std::string_view code)
{
    return value_of(item_kinds, code);
}
std::optional<Outcome> parse_outcome(std::string_view code)
{
    return value_of(outcomes, code);
}
std::optional<ContentKind> parse_content_kind(std::string_view code)
{
    return value_of(content_kinds, code);
}

}  // namespace tablero::consultations

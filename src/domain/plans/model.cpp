#include "domain/plans/model.h"

#include <array>
#include <utility>

namespace tablero::plans {

namespace {

// One table per enum, in declaration order, so a code is written once and both directions
// read the same row. The codes are the enumerators' names: they are stored in databases and
// CSV files and published in the API, so they never change once released.
template <typename Enum, std::size_t N>
using Codes = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Codes<OrganisationKind, 4> organisation_kinds{{
    {OrganisationKind::executive, "executive"},
    {OrganisationKind::parliament, "parliament"},
    {OrganisationKind::municipality, "municipality"},
    {OrganisationKind::other, "other"},
}};

constexpr Codes<Lifecycle, 5> lifecycles{{
    {Lifecycle::draft, "draft"},
    {Lifecycle::consultation, "consultation"},
    {Lifecycle::adopted, "adopted"},
    {Lifecycle::implementation, "implementation"},
    {Lifecycle::closed, "closed"},
}};

constexpr Codes<OgpValue, 4> ogp_values{{
    {OgpValue::access_to_information, "access_to_information"},
    {OgpValue::civic_participation, "civic_participation"},
    {OgpValue::public_accountability, "public_accountability"},
    {OgpValue::technology_and_innovation, "technology_and_innovation"},
}};

constexpr Codes<GrandChallenge, 5> grand_challenges{{
    {GrandChallenge::improving_public_services, "improving_public_services"},
    {GrandChallenge::increasing_public_integrity, "increasing_public_integrity"},
    {GrandChallenge::managing_public_resources, "managing_public_resources"},
    {GrandChallenge::creating_safer_communities, "creating_safer_communities"},
    {GrandChallenge::increasing_corporate_accountability, "increasing_corporate_accountability"},
}};

constexpr Codes<ActorKind, 5> actor_kinds{{
    {ActorKind::government, "government"},
    {ActorKind::civil_society, "civil_society"},
    {ActorKind::private_sector, "private_sector"},
    {ActorKind::multilateral, "multilateral"},
    {ActorKind::other, "other"},
}};

constexpr Codes<Assessor, 3> assessors{{
    {Assessor::government, "government"},
    {Assessor::civil_society, "civil_society"},
    {Assessor::independent_reviewer, "independent_reviewer"},
}};

constexpr Codes<CompletionLevel, 4> completion_levels{{
    {CompletionLevel::not_started, "not_started"},
    {CompletionLevel::limited, "limited"},
    {CompletionLevel::substantial, "substantial"},
    {CompletionLevel::complete, "complete"},
}};

constexpr Codes<Status, 4> statuses{{
    {Status::not_started, "not_started"},
    {Status::in_progress, "in_progress"},
    {Status::delayed, "delayed"},
    {Status::completed, "completed"},
}};

constexpr Codes<NodeKind, 3> node_kinds{{
    {NodeKind::result, "result"},
    {NodeKind::milestone, "milestone"},
    {NodeKind::activity, "activity"},
}};

template <typename Enum, std::size_t N>
std::string_view code_of(const Codes<Enum, N>& codes, Enum value)
{
    for (const auto& [candidate, code] : codes) {
        if (candidate == value)
            return code;
    }
    // Only a value cast from an out-of-range integer gets here; an empty code makes the bug
    // visible wherever the text is shown instead of crashing a page.
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const Codes<Enum, N>& codes, std::string_view code)
{
    for (const auto& [value, candidate] : codes) {
        if (candidate == code)
            return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(OrganisationKind value)
{
    return code_of(organisation_kinds, value);
}
std::string_view to_string(Lifecycle value)
{
    return code_of(lifecycles, value);
}
std::string_view to_string(OgpValue value)
{
    return code_of(ogp_values, value);
}
std::string_view to_string(GrandChallenge value)
{
    return code_of(grand_challenges, value);
}
std::string_view to_string(ActorKind value)
{
    return code_of(actor_kinds, value);
}
std::string_view to_string(Assessor value)
{
    return code_of(assessors, value);
}
std::string_view to_string(CompletionLevel value)
{
    return code_of(completion_levels, value);
}
std::string_view to_string(Status value)
{
    return code_of(statuses, value);
}
std::string_view to_string(NodeKind value)
{
    return code_of(node_kinds, value);
}

std::optional<OrganisationKind> parse_organisation_kind(std::string_view code)
{
    return value_of(organisation_kinds, code);
}
std::optional<Lifecycle> parse_lifecycle(std::string_view code)
{
    return value_of(lifecycles, code);
}
std::optional<OgpValue> parse_ogp_value(std::string_view code)
{
    return value_of(ogp_values, code);
}
std::optional<GrandChallenge> parse_grand_challenge(std::string_view code)
{
    return value_of(grand_challenges, code);
}
std::optional<ActorKind> parse_actor_kind(std::string_view code)
{
    return value_of(actor_kinds, code);
}
std::optional<Assessor> parse_assessor(std::string_view code)
{
    return value_of(assessors, code);
}
std::optional<CompletionLevel> parse_completion_level(std::string_view code)
{
    return value_of(completion_levels, code);
}
std::optional<Status> parse_status(std::string_view code)
{
    return value_of(statuses, code);
}
std::optional<NodeKind> parse_node_kind(std::string_view code)
{
    return value_of(node_kinds, code);
}

}  // namespace tablero::plans

#include "domain/plans/model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::plans {
namespace {

// Every value of an enum with its code; each test checks both directions and that the list
// covers every enumerator (the codes are distinct, so a missing value shows as a count).
template <typename Enum> struct CodeRow {
    Enum value;
    std::string code;
};

template <typename Enum, typename Parse>
void check_codes(const std::vector<CodeRow<Enum>>& rows, std::size_t enumerators, Parse parse)
{
    ASSERT_EQ(rows.size(), enumerators);
    for (const auto& row : rows) {
        SCOPED_TRACE(row.code);
        EXPECT_EQ(to_string(row.value), row.code);
        EXPECT_EQ(parse(row.code), row.value);
    }
    const std::string unknown[] = {"", "unknown", "Draft", " draft", "draft ", "not-started"};
    for (const auto& code : unknown) {
        SCOPED_TRACE("unknown \"" + code + "\"");
        EXPECT_EQ(parse(code), std::nullopt);
    }
}

TEST(PlanModel, OrganisationKindCodes)
{
    check_codes<OrganisationKind>(
        {{OrganisationKind::executive, "executive"}, {OrganisationKind::parliament, "parliament"},
            {OrganisationKind::municipality, "municipality"}, {OrganisationKind::other, "other"}},
        4, parse_organisation_kind);
}

TEST(PlanModel, LifecycleCodes)
{
    check_codes<Lifecycle>(
        {{Lifecycle::draft, "draft"}, {Lifecycle::consultation, "consultation"},
            {Lifecycle::adopted, "adopted"}, {Lifecycle::implementation, "implementation"},
            {Lifecycle::closed, "closed"}},
        5, parse_lifecycle);
}

TEST(PlanModel, OgpValueCodes)
{
    check_codes<OgpValue>({{OgpValue::access_to_information, "access_to_information"},
                              {OgpValue::civic_participation, "civic_participation"},
                              {OgpValue::public_accountability, "public_accountability"},
                              {OgpValue::technology_and_innovation, "technology_and_innovation"}},
        4, parse_ogp_value);
}

TEST(PlanModel, GrandChallengeCodes)
{
    check_codes<GrandChallenge>(
        {{GrandChallenge::improving_public_services, "improving_public_services"},
            {GrandChallenge::increasing_public_integrity, "increasing_public_integrity"},
            {GrandChallenge::managing_public_resources, "managing_public_resources"},
            {GrandChallenge::creating_safer_communities, "creating_safer_communities"},
            {GrandChallenge::increasing_corporate_accountability,
                "increasing_corporate_accountability"}},
        5, parse_grand_challenge);
}

TEST(PlanModel, ActorKindCodes)
{
    check_codes<ActorKind>(
        {{ActorKind::government, "government"}, {ActorKind::civil_society, "civil_society"},
            {ActorKind::private_sector, "private_sector"},
            {ActorKind::multilateral, "multilateral"}, {ActorKind::other, "other"}},
        5, parse_actor_kind);
}

TEST(PlanModel, AssessorCodes)
{
    check_codes<Assessor>(
        {{Assessor::government, "government"}, {Assessor::civil_society, "civil_society"},
            {Assessor::independent_reviewer, "independent_reviewer"}},
        3, parse_assessor);
}

TEST(PlanModel, CompletionLevelCodes)
{
    check_codes<CompletionLevel>(
        {{CompletionLevel::not_started, "not_started"}, {CompletionLevel::limited, "limited"},
            {CompletionLevel::substantial, "substantial"}, {CompletionLevel::complete, "complete"}},
        4, parse_completion_level);
}

TEST(PlanModel, StatusCodes)
{
    check_codes<Status>({{Status::not_started, "not_started"}, {Status::in_progress, "in_progress"},
                            {Status::delayed, "delayed"}, {Status::completed, "completed"}},
        4, parse_status);
}

TEST(PlanModel, NodeKindCodes)
{
    check_codes<NodeKind>({{NodeKind::result, "result"}, {NodeKind::milestone, "milestone"},
                              {NodeKind::activity, "activity"}},
        3, parse_node_kind);
}

// An integer outside the enum gets an empty code rather than undefined behaviour.
TEST(PlanModel, OutOfRangeValueHasNoCode)
{
    EXPECT_EQ(to_string(static_cast<Status>(99)), "");
}

}  // namespace
}  // namespace tablero::plans

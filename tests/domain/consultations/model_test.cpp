#include "domain/consultations/model.h"

#include <gtest/gtest.h>

namespace tablero::consultations {
namespace {

// Every code goes out and comes back as the same value; anything else is refused.
template <typename E, typename Parse> void round_trips(std::initializer_list<E> values, Parse parse)
{
    for (const E value : values) {
        const auto parsed = parse(to_string(value));
        ASSERT_TRUE(parsed.has_value()) << to_string(value);
        EXPECT_EQ(*parsed, value) << to_string(value);
    }
    EXPECT_FALSE(parse("unknown").has_value());
    EXPECT_FALSE(parse("In_Favour").has_value());
}

TEST(ConsultationModelTest, CodesRoundTrip)
{
    round_trips({PhaseKind::proposals, PhaseKind::comments, PhaseKind::voting}, parse_phase_kind);
    round_trips(
        {ResultsVisibility::live, ResultsVisibility::after_close}, parse_results_visibility);
    round_trips({Stance::none, Stance::in_favour, Stance::neutral, Stance::against}, parse_stance);
    round_trips({Choice::in_favour, Choice::against, Choice::abstain}, parse_choice);
    round_trips({ItemKind::proposal, ItemKind::commitment}, parse_item_kind);
    round_trips({Outcome::accepted, Outcome::merged, Outcome::not_accepted}, parse_outcome);
    round_trips({ContentKind::proposal, ContentKind::comment}, parse_content_kind);
}

TEST(ConsultationModelTest, StoredCodes)
{
    EXPECT_EQ(to_string(Stance::none), "");
    EXPECT_EQ(to_string(Choice::in_favour), "in_favour");
    EXPECT_EQ(to_string(ResultsVisibility::after_close), "after_close");
    EXPECT_EQ(to_string(Outcome::not_accepted), "not_accepted");
    EXPECT_FALSE(parse_choice("").has_value());
}

}  // namespace
}  // namespace tablero::consultations

#include "domain/plans/selection.h"

#include <charconv>

namespace tablero::plans {

namespace {

// A parameter that is absent or empty asks for nothing.
std::optional<std::string_view> given(std::optional<std::string_view> value)
{
    return value && !value->empty() ? value : std::nullopt;
}

std::optional<std::string_view> given(const std::optional<std::string>& value)
{
    return value ? given(std::optional<std::string_view>(*value)) : std::nullopt;
}

Result<std::size_t> whole_number(std::string_view text, std::string_view name)
{
    std::size_t number = 0;
    const auto* end = text.data() + text.size();
    auto [rest, problem] = std::from_chars(text.data(), end, number);
    if (problem != std::errc{} || rest != end)
        return fail(ErrorCode::invalid_argument,
            std::string(name) + " must be a whole number, not '" + std::string(text) + "'",
            std::string(name));
    return number;
}

bool passes(
    const Commitment& commitment, const CommitmentSnapshot& figures, const CommitmentFilter& filter)
{
    if (filter.area && commitment.area != *filter.area)
        return false;
    if (filter.not_applicable && figures.status)
        return false;
    if (filter.status && figures.status != filter.status)
        return false;
    if (filter.institution && commitment.lead_institution != *filter.institution)
        return false;
    if (filter.ogp_value && !commitment.ogp_values.contains(*filter.ogp_value))
        return false;
    if (filter.grand_challenge && !commitment.grand_challenges.contains(*filter.grand_challenge))
        return false;
    return true;
}

}  // namespace

bool CommitmentFilter::empty() const
{
    return !area && !status && !not_applicable && !institution && !ogp_value && !grand_challenge;
}

Result<CommitmentFilter> commitment_filter_from(const std::optional<std::string>& area,
    const std::optional<std::string>& status, const std::optional<std::string>& institution,
    const std::optional<std::string>& value, const std::optional<std::string>& challenge)
{
    CommitmentFilter filter;
    if (auto code = given(area))
        filter.area = std::string(*code);
    if (auto code = given(status)) {
        if (*code == "not_applicable")
            filter.not_applicable = true;
        else if (auto parsed = parse_status(*code))
            filter.status = *parsed;
        else
            return fail(ErrorCode::invalid_argument,
                "unknown status '" + std::string(*code) +
                    "': use not_started, in_progress, delayed, completed or not_applicable",
                "status");
    }
    if (auto name = given(institution))
        filter.institution = std::string(*name);
    if (auto code = given(value)) {
        filter.ogp_value = parse_ogp_value(*code);
        if (!filter.ogp_value)
            return fail(ErrorCode::invalid_argument,
                "unknown OGP value '" + std::string(*code) + "'", "value");
    }
    if (auto code = given(challenge)) {
        filter.grand_challenge = parse_grand_challenge(*code);
        if (!filter.grand_challenge)
            return fail(ErrorCode::invalid_argument,
                "unknown grand challenge '" + std::string(*code) + "'", "challenge");
    }
    return filter;
}

Result<PageRequest> parse_page_request(
    std::optional<std::string_view> page, std::optional<std::string_view> per_page)
{
    PageRequest request;
    if (auto text = given(page)) {
        auto number = whole_number(*text, "page");
        if (!number.ok())
            return std::move(number).error();
        if (*number < 1)
            return fail(ErrorCode::invalid_argument, "page starts at 1", "page");
        request.number = *number;
    }
    if (auto text = given(per_page)) {
        auto size = whole_number(*text, "per_page");
        if (!size.ok())
            return std::move(size).error();
        if (*size < 1 || *size > max_page_size)
            return fail(ErrorCode::invalid_argument,
                "per_page must be from 1 to " + std::to_string(max_page_size), "per_page");
        request.size = *size;
    }
    return request;
}

Result<CommitmentSelection> select_commitments(const Plan& plan, const PlanSnapshot& snapshot,
    const CommitmentFilter& filter, PageRequest page)
{
    CommitmentSelection selection;
    selection.page = page;
    const std::size_t first = (page.number - 1) * page.size;
    for (std::size_t i = 0; i < plan.commitments.size(); ++i) {
        if (!passes(plan.commitments[i], snapshot.commitments[i], filter))
            continue;
        if (selection.matching >= first && selection.matching - first < page.size)
            selection.indexes.push_back(i);
        ++selection.matching;
    }
    selection.pages =
        selection.matching == 0 ? 1 : (selection.matching + page.size - 1) / page.size;
    if (page.number > selection.pages)
        return fail(ErrorCode::not_found,
            "there is no page " + std::to_string(page.number) + ": " +
                std::to_string(selection.matching) + " commitments make " +
                std::to_string(selection.pages) + " pages of " + std::to_string(page.size),
            "page");
    return selection;
}

}  // namespace tablero::plans

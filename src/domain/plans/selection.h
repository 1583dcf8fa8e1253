// Which commitments of a plan a reader asked for: the filters of the public board and the API
// (area, status as of the snapshot's date, lead institution, OGP value, grand challenge) and the
// page of the result. Pure: the caller parses the request and renders the selection.
#pragma once

#include "core/result.h"
#include "domain/plans/model.h"
#include "domain/plans/snapshot.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::plans {

// Every set field must match; an empty filter keeps every commitment.
struct CommitmentFilter {
    std::optional<std::string> area;  // an area code
    std::optional<Status> status;  // as of the snapshot's date
    bool not_applicable = false;  // only the commitments with no status
    std::optional<std::string> institution;  // the lead institution, exactly
    std::optional<OgpValue> ogp_value;
    std::optional<GrandChallenge> grand_challenge;

    bool empty() const;
};

// The filter from request parameters by name ("area", "status", "institution", "value",
// "challenge"); `get` returns the parameter's value (a std::optional of std::string or
// std::string_view), nullopt when absent. An empty value means no filter;
// an unknown status ("not_applicable" is a status here), value or challenge is an
// invalid_argument error naming the parameter.
template <typename Get> Result<CommitmentFilter> parse_commitment_filter(Get&& get);

// A page of a list: `number` from 1, `size` items each.
struct PageRequest {
    std::size_t number = 1;
    std::size_t size = 100;
};

inline constexpr std::size_t default_page_size = 100;
inline constexpr std::size_t max_page_size = 1000;

// "page" and "per_page" as given (nullopt when absent): whole numbers, page ≥ 1, per_page 1 to
// max_page_size; otherwise an invalid_argument error naming the parameter.
Result<PageRequest> parse_page_request(
    std::optional<std::string_view> page, std::optional<std::string_view> per_page);

// The commitments (indexes into plan.commitments, in plan order) that pass the filter, and the
// page of them asked for.
struct CommitmentSelection {
    // How many pass the filter, on every page.
    std::size_t matching = 0;
    // Pages of matching (at least 1, so an empty plan has an empty page 1).
    std::size_t pages = 1;
    PageRequest page;
    // This page's commitments.
    std::vector<std::size_t> indexes;
};

// not_found, naming "page", when the page is past the last one.
Result<CommitmentSelection> select_commitments(const Plan& plan, const PlanSnapshot& snapshot,
    const CommitmentFilter& filter, PageRequest page);

// --- implementation of the template ---

Result<CommitmentFilter> commitment_filter_from(const std::optional<std::string>& area,
    const std::optional<std::string>& status, const std::optional<std::string>& institution,
    const std::optional<std::string>& value, const std::optional<std::string>& challenge);

template <typename Text> std::optional<std::string> owned_text(const std::optional<Text>& text)
{
    return text ? std::optional<std::string>(std::string(*text)) : std::nullopt;
}

template <typename Get> Result<CommitmentFilter> parse_commitment_filter(Get&& get)
{
    return commitment_filter_from(owned_text(get("area")), owned_text(get("status")),
        owned_text(get("institution")), owned_text(get("value")), owned_text(get("challenge")));
}

}  // namespace tablero::plans

#include "domain/plans/progress.h"

#include "domain/text/utf8.h"

#include <cassert>
#include <cmath>
#include <string>
#include <utility>

namespace tablero::plans {

namespace {

// Shortest text that reads back as the number, for messages ("-1", "0.5", "inf").
std::string number_text(double value)
{
    if (std::isnan(value))
        return "not a number";
    if (std::isinf(value))
        return value > 0 ? "infinity" : "minus infinity";
    std::string text = std::to_string(value);
    // std::to_string writes six decimals; the trailing zeros say nothing to a reader.
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    return text;
}

// How far the roll-up has got with a node's children.
enum class Children : std::uint8_t {
    none,
    // Every child seen so far is not applicable.
    all_not_applicable,
    some_applicable,
};

}  // namespace

// The roll-up rule, as the issue states it: "progress(node) = Σ wᵢ·pᵢ / Σ wᵢ over its children;
// a leaf with no progress reported counts as 0 %; a child marked not applicable is left out of
// both sums; a node's weight defaults to the sum of its children's weights; a leaf with no weight
// weighs 1; a node whose children are all not applicable is not applicable; a node explicitly
// reported not_applicable is not applicable whatever its children; a node with children ignores
// its own reported value."
//
// The default weight is the sum of the *applicable* children's weights. Then a tree whose leaf
// weights are points of the whole plan (Paraguay's 2014-2016 table) rolls up to exactly
// Σ points·progress / Σ points over the applicable leaves, as if the not-applicable results had
// been struck from the table; counting their points would keep a commitment's share of the plan
// while its progress is averaged over fewer results, inflating or deflating the plan's figure.
std::vector<RolledUp> roll_up(std::span<const ProgressNode> nodes)
{
    const std::size_t count = nodes.size();
    // While the pass runs, out[i].progress holds Σ wᵢ·pᵢ and out[i].weight holds Σ wᵢ over the
    // applicable children seen so far; each is replaced by the node's own figures when the pass
    // reaches it, after all its children (which come later in the list).
    std::vector<RolledUp> out(count, RolledUp{true, 0, 0});
    std::vector<Children> children(count, Children::none);

    for (std::size_t i = count; i-- > 0;) {
        const ProgressNode& node = nodes[i];
        RolledUp& result = out[i];
        const bool reported_not_applicable = node.reported.kind == Progress::Kind::not_applicable;

        if (reported_not_applicable || children[i] == Children::all_not_applicable) {
            result = RolledUp{false, 0, 0};
        } else if (children[i] == Children::some_applicable) {
            const double weighted_sum = result.progress;
            const double weight_sum = result.weight;
            result.progress = weighted_sum / weight_sum;
            result.weight = node.weight.value_or(weight_sum);
        } else {
            result.progress =
                node.reported.kind == Progress::Kind::value ? node.reported.percent : 0.0;
            result.weight = node.weight.value_or(1.0);
        }

        if (node.parent < 0)
            continue;
        // A parent after its child would be finished before the child adds to it.
        assert(static_cast<std::size_t>(node.parent) < i);
        const auto parent = static_cast<std::size_t>(node.parent);
        if (result.applicable) {
            out[parent].progress += result.weight * result.progress;
            out[parent].weight += result.weight;
            children[parent] = Children::some_applicable;
        } else if (children[parent] == Children::none) {
            children[parent] = Children::all_not_applicable;
        }
    }
    return out;
}

// "Weights are positive numbers relative to their siblings" (the issue): zero would make a
// node vanish without saying so (not applicable says that), and a negative one has no meaning.
Result<void> validate_weight(double weight)
{
    if (!std::isfinite(weight))
        return fail(ErrorCode::invalid_argument,
            "a weight must be a finite number, got " + number_text(weight), "weight");
    if (weight <= 0)
        return fail(ErrorCode::invalid_argument,
            "a weight must be greater than 0, got " + number_text(weight) +
                " (to leave a result out, mark it not applicable)",
            "weight");
    return {};
}

// PRODUCT.md: each result has "a progress (0–100 %) or not applicable".
Result<void> validate_percent(double percent)
{
    if (!std::isfinite(percent) || percent < 0 || percent > 100)
        return fail(ErrorCode::invalid_argument,
            "a progress must be a percentage from 0 to 100, got " + number_text(percent),
            "progress");
    return {};
}

// PRODUCT.md: "Every change is dated and kept: progress history, so any figure can be shown as
// of a date". The figure as of a date is the latest update describing a day on or before it;
// updates describing the same day are resolved by the order they were recorded in.
Progress progress_as_of(std::span<const ProgressUpdate> updates, Date day)
{
    const ProgressUpdate* latest = nullptr;
    for (const ProgressUpdate& update : updates) {
        if (update.as_of > day)
            continue;
        // ">=" rather than ">": of two updates for the same day, the later one in the list wins.
        if (latest == nullptr || update.as_of >= latest->as_of)
            latest = &update;
    }
    return latest != nullptr ? latest->progress : Progress::not_reported();
}

// PRODUCT.md: "Status is computed from dates and progress, as of any date: not started, in
// progress, delayed (due date passed, not complete), completed." The due date is the last day
// to finish on, so the day after it is the first delayed day.
Status status_as_of(double progress, std::optional<Date> due, Date day)
{
    if (progress >= 100 - progress_epsilon)
        return Status::completed;
    if (due && day > *due)
        return Status::delayed;
    if (progress <= progress_epsilon)
        return Status::not_started;
    return Status::in_progress;
}

// The OGP Independent Reporting Mechanism grades completion as not started, limited,
// substantial or complete, roughly: nothing done, some of the work done, most of it done, all of
// it done. That grade is a reviewer's judgement (PRODUCT.md: "an assessment, recorded
// separately ... the platform suggests a level from progress but never overwrites an
// assessment"), so this only proposes one, splitting "some" from "most" at half the work.
CompletionLevel suggest_completion_level(double progress)
{
    if (progress <= progress_epsilon)
        return CompletionLevel::not_started;
    if (progress < 50)
        return CompletionLevel::limited;
    if (progress < 100 - progress_epsilon)
        return CompletionLevel::substantial;
    return CompletionLevel::complete;
}

// UTF-8 as RFC 3629 defines it (text/utf8.h).
std::optional<std::size_t> count_code_points(std::string_view text)
{
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); ++count) {
        const text::Utf8Char character = text::decode_utf8(text, at);
        if (!character.valid)
            return std::nullopt;
        at += character.length;
    }
    return count;
}

namespace {

void validate_nodes(const std::vector<Node>& nodes, std::vector<Error>& errors)
{
    for (const Node& node : nodes) {
        const std::string prefix = "results[" + node.code + "].";
        if (node.weight) {
            if (auto checked = validate_weight(*node.weight); !checked) {
                Error error = std::move(checked).error();
                error.where = prefix + "weight";
                errors.push_back(std::move(error));
            }
        }
        if (node.start_date && node.due_date && *node.due_date < *node.start_date)
            errors.push_back(fail(ErrorCode::invalid_argument,
                "the due date " + to_iso(*node.due_date) + " is before the start date " +
                    to_iso(*node.start_date),
                prefix + "due_date"));
        for (std::size_t k = 0; k < node.updates.size(); ++k) {
            const Progress& progress = node.updates[k].progress;
            if (progress.kind != Progress::Kind::value)
                continue;
            if (auto checked = validate_percent(progress.percent); !checked) {
                Error error = std::move(checked).error();
                error.where = prefix + "updates[" + std::to_string(k) + "].progress";
                errors.push_back(std::move(error));
            }
        }
        validate_nodes(node.children, errors);
    }
}

}  // namespace

// The OGP commitment template gives the brief description "140 characters max". A character is
// what a reader counts, a Unicode code point, not a byte: Guaraní's "ñ" and "ẽ" take two and
// three bytes in UTF-8 but are one character each.
std::vector<Error> validate_commitment(const Commitment& commitment)
{
    std::vector<Error> errors;
    if (commitment.code.empty())
        errors.push_back(fail(ErrorCode::invalid_argument, "a commitment needs a code", "code"));
    if (commitment.title.empty())
        errors.push_back(fail(ErrorCode::invalid_argument, "a commitment needs a title", "title"));

    const auto characters = count_code_points(commitment.brief_description);
    if (!characters)
        errors.push_back(fail(ErrorCode::invalid_argument,
            "the brief description is not valid UTF-8 text", "brief_description"));
    else if (*characters > brief_description_limit)
        errors.push_back(fail(ErrorCode::invalid_argument,
            "the brief description has " + std::to_string(*characters) +
                " characters; the OGP commitment template allows at most " +
                std::to_string(brief_description_limit),
            "brief_description"));

    if (commitment.start_date && commitment.end_date &&
        *commitment.end_date < *commitment.start_date)
        errors.push_back(fail(ErrorCode::invalid_argument,
            "the end date " + to_iso(*commitment.end_date) + " is before the start date " +
                to_iso(*commitment.start_date),
            "end_date"));

    if (commitment.weight) {
        if (auto checked = validate_weight(*commitment.weight); !checked)
            errors.push_back(std::move(checked).error());
    }
    validate_nodes(commitment.results, errors);
    return errors;
}

}  // namespace tablero::plans

#include "api/plans/codec.h"

#include "domain/plans/progress.h"

namespace tablero::api {

namespace {

using nlohmann::json;

json date_json(const std::optional<Date>& date)
{
    return date ? json(to_iso(*date)) : json(nullptr);
}

json status_json(const std::optional<plans::Status>& status)
{
    return status ? json(plans::to_string(*status)) : json(nullptr);
}

// The figure of a part: progress and weight, or null progress when not applicable.
void put_figures(json& out, bool applicable, double progress, double weight,
    const std::optional<plans::Status>& status)
{
    out["applicable"] = applicable;
    out["progress"] = applicable ? json(progress) : json(nullptr);
    out["weight"] = weight;
    out["status"] = applicable ? status_json(status) : json(nullptr);
}

json evidence_json(const std::vector<plans::Evidence>& evidence)
{
    json list = json::array();
    for (const auto& item : evidence)
        list.push_back({{"title", item.title}, {"url", item.url}, {"date", to_iso(item.date)}});
    return list;
}

json progress_value_json(const plans::Progress& progress)
{
    switch (progress.kind) {
    case plans::Progress::Kind::value:
        return progress.percent;
    case plans::Progress::Kind::not_applicable:
        return "n/a";
    case plans::Progress::Kind::not_reported:
        return nullptr;
    }
    return nullptr;
}

json node_json(const plans::Node& node, const plans::NodeSnapshot& snapshot,
    const plans::PlanSnapshot& plan_snapshot, bool with_history)
{
    json out = {
        {"code", node.code},
        {"title", node.title},
        {"kind", plans::to_string(node.kind)},
        {"start_date", date_json(node.start_date)},
        {"due_date", date_json(snapshot.due_date)},
    };
    put_figures(out, snapshot.applicable, snapshot.progress, snapshot.weight, snapshot.status);
    if (with_history) {
        out["evidence"] = evidence_json(node.evidence);
        // Only what was known on the date: a later update is not part of the plan "as of".
        json history = json::array();
        for (const auto& update : node.updates) {
            if (update.as_of > plan_snapshot.as_of)
                continue;
            history.push_back({
                {"as_of", to_iso(update.as_of)},
                {"progress", progress_value_json(update.progress)},
                {"author", update.author},
                {"recorded_at", update.recorded_at},
                {"note", update.note},
                {"evidence", evidence_json(update.evidence)},
            });
        }
        out["history"] = std::move(history);
    }
    json children = json::array();
    for (std::size_t i = 0; i < node.children.size(); ++i)
        children.push_back(
            node_json(node.children[i], snapshot.children[i], plan_snapshot, with_history));
    out["children"] = std::move(children);
    return out;
}

json commitment_brief_json(const plans::Commitment& commitment,
    const plans::CommitmentSnapshot& snapshot, const plans::PlanSnapshot& plan_snapshot,
    bool with_history)
{
    json out = {
        {"code", commitment.code},
        {"title", commitment.title},
        {"area", commitment.area},
        {"lead_institution", commitment.lead_institution},
        {"due_date", date_json(snapshot.due_date)},
    };
    put_figures(out, snapshot.applicable, snapshot.progress, snapshot.weight, snapshot.status);
    json results = json::array();
    for (std::size_t i = 0; i < commitment.results.size(); ++i)
        results.push_back(
            node_json(commitment.results[i], snapshot.results[i], plan_snapshot, with_history));
    out["results"] = std::move(results);
    return out;
}

json group_json(const plans::GroupSnapshot& group, std::string_view key_name)
{
    return {
        {key_name, group.key},
        {"applicable", group.applicable},
        {"progress", group.applicable ? json(group.progress) : json(nullptr)},
        {"weight", group.weight},
        {"commitments", group.commitments},
    };
}

template <typename Enum> json enum_set_json(const std::set<Enum>& values)
{
    json list = json::array();
    for (auto value : values)
        list.push_back(plans::to_string(value));
    return list;
}

json summary_json(const storage::PlanSummary& summary, Date as_of, bool applicable, double progress,
    double weight, plans::Status status)
{
    json out = {
        {"code", summary.code},
        {"title", summary.title},
        {"organisation",
            summary.organisation_code.empty()
                ? json(nullptr)
                : json{{"code", summary.organisation_code}, {"name", summary.organisation_name}}},
        {"period", {{"start", to_iso(summary.period_start)}, {"end", to_iso(summary.period_end)}}},
        {"lifecycle", plans::to_string(summary.lifecycle)},
        {"as_of", to_iso(as_of)},
    };
    put_figures(out, applicable, progress, weight, status);
    return out;
}

}  // namespace

json plan_summary_json(const storage::PlanSummary& summary, const plans::PlanSnapshot& snapshot)
{
    return summary_json(summary, snapshot.as_of, snapshot.applicable, snapshot.progress,
        snapshot.weight, snapshot.status);
}

json plan_summary_json(const storage::PlanSummary& summary, const plans::PlanDigest& digest)
{
    return summary_json(
        summary, digest.as_of, digest.applicable, digest.progress, digest.weight, digest.status);
}

json plan_json(const plans::Plan& plan, const plans::PlanSnapshot& snapshot,
    std::span<const std::size_t> commitments)
{
    json out = {
        {"code", plan.code},
        {"title", plan.title},
        {"organisation", plan.organisation.empty() ? json(nullptr) : json(plan.organisation)},
        {"period", {{"start", to_iso(plan.period_start)}, {"end", to_iso(plan.period_end)}}},
        {"lifecycle", plans::to_string(plan.lifecycle)},
        {"as_of", to_iso(snapshot.as_of)},
    };
    put_figures(out, snapshot.applicable, snapshot.progress, snapshot.weight, snapshot.status);
    out["counts"] = {
        {"not_started", snapshot.counts.not_started},
        {"in_progress", snapshot.counts.in_progress},
        {"delayed", snapshot.counts.delayed},
        {"completed", snapshot.counts.completed},
        {"not_applicable", snapshot.counts.not_applicable},
    };
    json areas = json::array();
    for (const auto& group : snapshot.areas) {
        json area = group_json(group, "code");
        area["title"] = group.key;
        for (const auto& known : plan.areas) {
            if (known.code == group.key)
                area["title"] = known.title;
        }
        areas.push_back(std::move(area));
    }
    out["areas"] = std::move(areas);
    json institutions = json::array();
    for (const auto& group : snapshot.institutions)
        institutions.push_back(group_json(group, "name"));
    out["institutions"] = std::move(institutions);
    json list = json::array();
    for (std::size_t i : commitments)
        list.push_back(commitment_brief_json(
            plan.commitments[i], snapshot.commitments[i], snapshot, /*with_history=*/false));
    out["commitments"] = std::move(list);
    return out;
}

json commitment_json(
    const plans::Plan& plan, std::size_t index, const plans::PlanSnapshot& snapshot)
{
    const auto& commitment = plan.commitments[index];
    const auto& figures = snapshot.commitments[index];
    json out = commitment_brief_json(commitment, figures, snapshot, /*with_history=*/true);
    out["plan"] = plan.code;
    out["as_of"] = to_iso(snapshot.as_of);
    out["responsible"] = {
        {"name", commitment.responsible.name},
        {"position", commitment.responsible.position},
        {"email", commitment.responsible.email},
        {"phone", commitment.responsible.phone},
    };
    json actors = json::array();
    for (const auto& actor : commitment.other_actors)
        actors.push_back({{"kind", plans::to_string(actor.kind)}, {"name", actor.name}});
    out["other_actors"] = std::move(actors);
    out["main_goal"] = commitment.main_goal;
    out["brief_description"] = commitment.brief_description;
    out["public_problem"] = commitment.public_problem;
    out["ogp_values"] = enum_set_json(commitment.ogp_values);
    out["ambition"] = commitment.ambition;
    out["grand_challenges"] = enum_set_json(commitment.grand_challenges);
    out["start_date"] = date_json(commitment.start_date);
    out["end_date"] = date_json(commitment.end_date);
    out["next_steps"] = commitment.next_steps;
    out["additional_information"] = commitment.additional_information;
    json assessments = json::array();
    for (const auto& assessment : commitment.assessments) {
        if (assessment.date > snapshot.as_of)
            continue;
        assessments.push_back({
            {"assessor", plans::to_string(assessment.assessor)},
            {"level", plans::to_string(assessment.level)},
            {"date", to_iso(assessment.date)},
            {"justification", assessment.justification},
        });
    }
    out["assessments"] = std::move(assessments);
    // The platform's suggestion is labelled as one: only assessors assess (PRODUCT.md).
    out["suggested_level"] = figures.suggested_level
        ? json{{"level", plans::to_string(*figures.suggested_level)}, {"suggestion", true},
              {"basis",
                  "derived from progress; an assessment by government, civil society or "
                  "the independent reviewer is recorded separately"}}
        : json(nullptr);
    return out;
}

}  // namespace tablero::api

// The vocabulary of action plans (PRODUCT.md, module 1): organisations, plans, areas,
// commitments with the OGP template fields, results and milestones nested to any depth,
// activities, progress updates, evidence and assessments. Plain values: the rules that compute
// with them are in progress.h, and the stores in storage/plan_store.h read and write them.
#pragma once

#include "core/date.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::plans {

enum class OrganisationKind { executive, parliament, municipality, other };

// The plan's lifecycle (PRODUCT.md): draft -> consultation -> adopted -> implementation -> closed.
enum class Lifecycle { draft, consultation, adopted, implementation, closed };

// The OGP values a commitment is relevant to (OGP commitment template, "Relevance").
enum class OgpValue {
    access_to_information,
    civic_participation,
    public_accountability,
    technology_and_innovation,
};

// The OGP grand challenges a commitment addresses.
enum class GrandChallenge {
    improving_public_services,
    increasing_public_integrity,
    managing_public_resources,
    creating_safer_communities,
    increasing_corporate_accountability,
};

enum class ActorKind { government, civil_society, private_sector, multilateral, other };

// Who assesses a commitment's completion level. Each keeps its own assessment; none overwrites
// another's, and the platform's suggestion overwrites none.
enum class Assessor { government, civil_society, independent_reviewer };

// The OGP completion levels (IRM): an assessment, not a computation.
enum class CompletionLevel { not_started, limited, substantial, complete };

// Status as of a date, computed from progress and dates (progress.h).
enum class Status { not_started, in_progress, delayed, completed };

// A node below a commitment: a result (or milestone), or an activity. Any of them can be nested.
enum class NodeKind { result, milestone, activity };

// Every enum has a stable snake_case code ("civic_participation") used in the database, the
// CSV files and the API, and parsed back by the matching parse_* function.
std::string_view to_string(OrganisationKind value);
std::string_view to_string(Lifecycle value);
std::string_view to_string(OgpValue value);
std::string_view to_string(GrandChallenge value);
std::string_view to_string(ActorKind value);
std::string_view to_string(Assessor value);
std::string_view to_string(CompletionLevel value);
std::string_view to_string(Status value);
std::string_view to_string(NodeKind value);
std::optional<OrganisationKind> parse_organisation_kind(std::string_view code);
std::optional<Lifecycle> parse_lifecycle(std::string_view code);
std::optional<OgpValue> parse_ogp_value(std::string_view code);
std::optional<GrandChallenge> parse_grand_challenge(std::string_view code);
std::optional<ActorKind> parse_actor_kind(std::string_view code);
std::optional<Assessor> parse_assessor(std::string_view code);
std::optional<CompletionLevel> parse_completion_level(std::string_view code);
std::optional<Status> parse_status(std::string_view code);
std::optional<NodeKind> parse_node_kind(std::string_view code);

// What was reported for a leaf: nothing yet, a percentage, or "not applicable" (left out of
// the roll-up altogether).
struct Progress {
    enum class Kind { not_reported, value, not_applicable };
    Kind kind = Kind::not_reported;
    // 0-100, meaningful when kind is value.
    double percent = 0;

    static Progress not_reported() { return {}; }
    static Progress of(double percent) { return {Kind::value, percent}; }
    static Progress not_applicable() { return {Kind::not_applicable, 0}; }
    bool operator==(const Progress&) const = default;
};

struct Organisation {
    std::string code;  // "PY-EXEC", "CL-CONGRESO"
    std::string name;
    OrganisationKind kind = OrganisationKind::executive;
};

struct Person {
    std::string name;
    std::string position;
    std::string email;
    std::string phone;
};

struct Actor {
    ActorKind kind = ActorKind::government;
    std::string name;
};

struct Evidence {
    std::string title;
    // A link, or the address of a file the platform keeps (later issues store files).
    std::string url;
    Date date;
};

// One dated progress report for a leaf. Nothing is overwritten: the figure as of a date is the
// latest update whose as_of is on or before it (progress.h).
struct ProgressUpdate {
    // The date the figure describes ("as of 30 June 2015").
    Date as_of;
    Progress progress;
    // Who reported it (an account or "import of plan.csv"), and when it was recorded, as
    // ISO 8601 UTC text.
    std::string author;
    std::string recorded_at;
    std::string note;
    std::vector<Evidence> evidence;
};

struct Assessment {
    Assessor assessor = Assessor::government;
    CompletionLevel level = CompletionLevel::not_started;
    Date date;
    std::string justification;
    // The civil-society organisation that recorded it (storage/monitoring_store.h); empty for
    // the government's and for assessments imported from a CSV file.
    std::string organisation = {};
};

// A civil-society organisation's recorded disagreement with a commitment (PRODUCT.md, module 3):
// dissent is kept as dissent, beside the government's record and never replacing any of it.
struct Dissent {
    std::string organisation;
    std::string statement;
    // When it was recorded, as ISO 8601 UTC text.
    std::string recorded_at;
};

// A result, milestone or activity. Codes are unique within their commitment.
struct Node {
    std::string code;
    std::string title;
    NodeKind kind = NodeKind::result;
    // Relative to its siblings; nullopt means the default (progress.h): the sum of its
    // children's weights, or 1 for a leaf.
    std::optional<double> weight;
    std::optional<Date> start_date;
    std::optional<Date> due_date;
    // In order of as_of, oldest first. Only leaves carry updates; a parent's figure is rolled up.
    std::vector<ProgressUpdate> updates;
    std::vector<Evidence> evidence;
    std::vector<Node> children;
};

// A commitment with the fields of the OGP commitment template.
struct Commitment {
    std::string code;  // "1", "C-07"; unique within the plan
    std::string title;
    std::string area;  // the code of its area in the plan
    std::optional<double> weight;
    std::string lead_institution;
    Person responsible;
    std::vector<Actor> other_actors;
    std::string main_goal;
    // The OGP template allows 140 characters (validated in progress.h's validate_commitment).
    std::string brief_description;
    std::string public_problem;
    std::set<OgpValue> ogp_values;
    std::string ambition;
    std::set<GrandChallenge> grand_challenges;
    std::optional<Date> start_date;
    std::optional<Date> end_date;
    std::string next_steps;
    std::string additional_information;
    std::vector<Node> results;
    std::vector<Assessment> assessments;
    // Oldest first.
    std::vector<Dissent> dissents = {};
};

struct Area {
    std::string code;  // "transparencia"
    std::string title;
};

struct Plan {
    std::string code;  // "PY-2014-2016"
    std::string title;
    std::string organisation;  // the organisation's code
    Date period_start;
    Date period_end;
    Lifecycle lifecycle = Lifecycle::implementation;
    std::vector<Area> areas;
    std::vector<Commitment> commitments;
};

// The brief description's limit in the OGP commitment template, in characters (code points).
inline constexpr std::size_t brief_description_limit = 140;

}  // namespace tablero::plans

#include "app/demo_data.h"

#include "cli/commands.h"
#include "domain/consultations/document.h"
#include "domain/plans/plan_csv.h"

#include <nlohmann/json.hpp>

namespace tablero::app {

namespace {

// The plans of demo/, each a CSV and a JSON file named after it.
constexpr std::string_view demo_plans[] = {"paraguay-2014-2016", "chile-congreso-2017-2018"};

// A JSON string field, or "" when absent or null.
std::string text_of(const nlohmann::json& object, const char* key)
{
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

Result<std::optional<Date>> date_of(const nlohmann::json& object, const char* key)
{
    auto text = text_of(object, key);
    if (text.empty())
        return std::optional<Date>{};
    auto date = parse_iso_date(text);
    if (!date.ok())
        return fail(ErrorCode::invalid_argument, date.error().message, key);
    return std::optional<Date>{*date};
}

template <typename Enum, typename Parse>
Result<Enum> enum_of(const std::string& code, Parse parse, const char* key)
{
    auto value = parse(code);
    if (!value)
        return fail(ErrorCode::invalid_argument, "unknown value \"" + code + "\"", key);
    return *value;
}

// Fills the template fields of commitment from its JSON object; title, area, weight and results
// come from the CSV.
Result<void> read_details(const nlohmann::json& in, plans::Commitment& commitment)
{
    const auto& responsible = in.value("responsible", nlohmann::json::object());
    commitment.lead_institution = text_of(in, "lead_institution");
    commitment.responsible = {text_of(responsible, "name"), text_of(responsible, "position"),
        text_of(responsible, "email"), text_of(responsible, "phone")};
    for (const auto& actor : in.value("other_actors", nlohmann::json::array())) {
        auto kind = enum_of<plans::ActorKind>(
            text_of(actor, "kind"), plans::parse_actor_kind, "other_actors.kind");
        if (!kind.ok())
            return std::move(kind).error();
        commitment.other_actors.push_back({*kind, text_of(actor, "name")});
    }
    commitment.main_goal = text_of(in, "main_goal");
    commitment.brief_description = text_of(in, "brief_description");
    commitment.public_problem = text_of(in, "public_problem");
    commitment.ambition = text_of(in, "ambition");
    commitment.next_steps = text_of(in, "next_steps");
    commitment.additional_information = text_of(in, "additional_information");
    for (const auto& value : in.value("ogp_values", nlohmann::json::array())) {
        auto parsed = enum_of<plans::OgpValue>(
            value.get<std::string>(), plans::parse_ogp_value, "ogp_values");
        if (!parsed.ok())
            return std::move(parsed).error();
        commitment.ogp_values.insert(*parsed);
    }
    for (const auto& value : in.value("grand_challenges", nlohmann::json::array())) {
        auto parsed = enum_of<plans::GrandChallenge>(
            value.get<std::string>(), plans::parse_grand_challenge, "grand_challenges");
        if (!parsed.ok())
            return std::move(parsed).error();
        commitment.grand_challenges.insert(*parsed);
    }
    auto start = date_of(in, "start_date");
    auto end = date_of(in, "end_date");
    if (!start.ok())
        return std::move(start).error();
    if (!end.ok())
        return std::move(end).error();
    commitment.start_date = *start;
    commitment.end_date = *end;
    return {};
}

Result<void> load_plan(storage::PlanStore& store, const std::filesystem::path& folder,
    std::string_view name, const Clock& clock)
{
    const std::string csv_name = std::string(name) + ".csv";
    auto csv = cli::read_text_file((folder / csv_name).string());
    if (!csv.ok())
        return std::move(csv).error();
    auto read = plans::read_plan_csv(*csv, csv_name);
    if (!read.ok())
        return std::move(read).error();
    auto imported = store.apply_import(
        read->plan, "demonstration data", storage::to_sql_timestamp(clock.now()));
    if (!imported.ok())
        return std::move(imported).error();

    const std::string json_name = std::string(name) + "-commitments.json";
    auto json_text = cli::read_text_file((folder / json_name).string());
    if (!json_text.ok())
        return std::move(json_text).error();
    auto json = nlohmann::json::parse(*json_text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return fail(ErrorCode::invalid_argument, "not valid JSON", json_name);
    auto where = [&](const Error& error) {
        return fail(error.code, error.message, json_name + ": " + error.where);
    };

    const auto& organisation = json.at("organisation");
    auto kind = enum_of<plans::OrganisationKind>(
        text_of(organisation, "kind"), plans::parse_organisation_kind, "organisation.kind");
    if (!kind.ok())
        return where(kind.error());
    if (auto put = store.put_organisation(
            {text_of(organisation, "code"), text_of(organisation, "name"), *kind});
        !put.ok())
        return put;

    auto existing = store.load_plan(read->plan.code);
    if (!existing.ok())
        return std::move(existing).error();
    plans::Plan plan = std::move(existing).value();
    plan.organisation = text_of(organisation, "code");
    auto start = date_of(json, "period_start");
    auto end = date_of(json, "period_end");
    auto lifecycle =
        enum_of<plans::Lifecycle>(text_of(json, "lifecycle"), plans::parse_lifecycle, "lifecycle");
    if (!start.ok() || !end.ok() || !lifecycle.ok())
        return where(!start.ok() ? start.error() : !end.ok() ? end.error() : lifecycle.error());
    if (*start)
        plan.period_start = **start;
    if (*end)
        plan.period_end = **end;
    plan.lifecycle = *lifecycle;
    if (auto put = store.put_plan(plan); !put.ok())
        return put;

    for (const auto& details : json.at("commitments")) {
        const std::string code = text_of(details, "code");
        auto found = std::find_if(plan.commitments.begin(), plan.commitments.end(),
            [&](const plans::Commitment& commitment) { return commitment.code == code; });
        if (found == plan.commitments.end())
            return fail(
                ErrorCode::invalid_argument, "no commitment " + code + " in the CSV", json_name);
        plans::Commitment commitment = *found;
        commitment.other_actors.clear();
        commitment.ogp_values.clear();
        commitment.grand_challenges.clear();
        if (auto filled = read_details(details, commitment); !filled.ok())
            return where(filled.error());
        if (auto put = store.put_commitment_details(plan.code, commitment); !put.ok())
            return put;
        // Assessments are appended by the store, so one already recorded is not added again.
        for (const auto& item : details.value("assessments", nlohmann::json::array())) {
            auto assessor = enum_of<plans::Assessor>(
                text_of(item, "assessor"), plans::parse_assessor, "assessments.assessor");
            auto level = enum_of<plans::CompletionLevel>(
                text_of(item, "level"), plans::parse_completion_level, "assessments.level");
            auto date = date_of(item, "date");
            if (!assessor.ok() || !level.ok() || !date.ok() || !*date)
                return fail(ErrorCode::invalid_argument,
                    "an assessment needs assessor, level and date",
                    json_name + ": commitment " + code);
            plans::Assessment assessment{*assessor, *level, **date, text_of(item, "justification")};
            bool recorded = std::any_of(found->assessments.begin(), found->assessments.end(),
                [&](const plans::Assessment& known) {
                    return known.assessor == assessment.assessor &&
                        known.level == assessment.level && known.date == assessment.date;
                });
            if (recorded)
                continue;
            if (auto added = store.add_assessment(plan.code, code, assessment); !added.ok())
                return added;
        }
    }
    return {};
}

}  // namespace

Result<void> load_demo_data(storage::SiteStore& site, storage::PlanStore& plans,
    const std::filesystem::path& demo_folder, const Clock& clock)
{
    // A fictitious installation: the names say plainly that this is a demonstration.
    auto settings = site.put_settings({
        {"site.name", "Tablero de demostración"},
        {"site.organisation", "Unidad de Gobierno Abierto (demostración)"},
    });
    if (!settings.ok())
        return settings;
    for (auto name : demo_plans) {
        if (auto loaded = load_plan(plans, demo_folder, name, clock); !loaded.ok())
            return loaded;
    }
    return {};
}

}  // namespace tablero::app

namespace tablero::app {

namespace {

constexpr std::string_view demo_consultation_title =
    "Cocreación del Plan de Acción de Gobierno Abierto (demostración)";

constexpr std::string_view demo_draft =
    R"(Este borrador explica cómo se cocrea el plan de acción y qué se hará con los aportes recibidos.

## Cómo se cocrea el plan

La Unidad de Gobierno Abierto convoca a la ciudadanía, a las organizaciones de la sociedad civil y a las instituciones públicas a proponer compromisos durante dos semanas.

Cada propuesta recibe una respuesta pública: aceptada y vinculada al compromiso que originó, fusionada con otra propuesta similar, o no aceptada con su justificación.

## Qué se hace con los aportes

Los comentarios a este borrador se leen párrafo por párrafo, y los desacuerdos se registran como tales en el resumen de la consulta.

Al cierre de la votación se publica el resumen con cada aporte recibido, lo que pasó con él y los votos de cada compromiso.
)";

struct DemoAccount {
    const char* email;
    const char* name;
    accounts::Role role;
};

// The account with this address, created (verified, with no usable password) when missing.
Result<storage::AuditActor> demo_account(
    storage::AccountStore& account_store, const DemoAccount& wanted, const std::string& at)
{
    auto found = account_store.find_account_by_email(wanted.email);
    if (!found.ok())
        return std::move(found).error();
    std::int64_t id = 0;
    if (found->has_value()) {
        id = (*found)->id;
    } else {
        storage::NewAccount account;
        account.email = wanted.email;
        account.display_name = wanted.name;
        account.role = wanted.role;
        // Not a password hash: nothing verifies against it, so nobody signs in as them.
        account.password_hash = "!demo account: no password";
        account.verified = true;
        auto created = account_store.create_account(
            account, storage::AuditActor::system("demonstration data"), at);
        if (!created.ok())
            return std::move(created).error();
        id = created->id;
    }
    return storage::AuditActor{id, wanted.email, std::string(accounts::to_string(wanted.role))};
}

}  // namespace

Result<void> load_demo_consultation(storage::AccountStore& account_store,
    storage::ConsultationStore& consultation_store, const Clock& clock)
{
    auto existing = consultation_store.list_consultations();
    if (!existing.ok())
        return std::move(existing).error();
    for (const auto& consultation : *existing) {
        if (consultation.record.title == demo_consultation_title)
            return {};
    }

    using std::chrono::days;
    const auto now = clock.now();
    auto instant = [&](days offset) { return storage::to_sql_timestamp(now + offset); };
    const std::string at = instant(days{-7});

    auto unit = demo_account(account_store,
        {"unidad@demo.tablero.invalid", "Unidad de Gobierno Abierto (demostración)",
            accounts::Role::administrator},
        at);
    if (!unit.ok())
        return std::move(unit).error();
    auto maria = demo_account(account_store,
        {"maria@demo.tablero.invalid", "María Benítez (demostración)", accounts::Role::citizen},
        at);
    if (!maria.ok())
        return std::move(maria).error();
    auto jorge = demo_account(account_store,
        {"jorge@demo.tablero.invalid", "Jorge Giménez (demostración)", accounts::Role::citizen},
        at);
    if (!jorge.ok())
        return std::move(jorge).error();

    storage::ConsultationRecord record;
    record.title = std::string(demo_consultation_title);
    record.description =
        "Consulta pública para cocrear el Plan de Acción de Gobierno Abierto: proponga "
        "compromisos, comente el borrador párrafo por párrafo y vote los compromisos del plan. "
        "La Unidad de Gobierno Abierto responde cada aporte y publica el resumen al cierre.";
    record.plan = "PY-2014-2016";
    record.results = consultations::ResultsVisibility::live;
    record.requires_identity = false;
    for (auto kind : {consultations::PhaseKind::proposals, consultations::PhaseKind::comments,
             consultations::PhaseKind::voting})
        record.phases.push_back({kind, instant(days{-7}), instant(days{14})});
    auto id = consultation_store.create_consultation(record, *unit, at);
    if (!id.ok())
        return std::move(id).error();

    const std::string draft(demo_draft);
    auto document = consultation_store.publish_document(*id, "Borrador: cómo se cocrea el plan",
        draft, consultations::split_document(draft), *unit, at);
    if (!document.ok())
        return std::move(document).error();

    auto portal =
        consultation_store.add_proposal({*id, "Portal único de compras públicas",
                                            "Las compras de los municipios no se publican "
                                            "en un solo lugar y no se pueden comparar.",
                                            "Publicar todas las compras municipales en el "
                                            "portal de contrataciones, en datos abiertos.",
                                            "Dirección Nacional de Contrataciones Públicas"},
            *maria, instant(days{-3}));
    if (!portal.ok())
        return std::move(portal).error();
    auto radio =
        consultation_store.add_proposal({*id, "Programa de radio semanal del plan",
                                            "Quienes viven lejos de Asunción no se enteran "
                                            "de los avances del plan.",
                                            "Un programa de radio semanal en guaraní y "
                                            "castellano sobre cada compromiso.",
                                            "Secretaría de Información y Comunicación"},
            *jorge, instant(days{-2}));
    if (!radio.ok())
        return std::move(radio).error();
    consultations::InputResponse answer;
    answer.outcome = consultations::Outcome::not_accepted;
    answer.justification =
        "El plan no puede financiar un programa de radio propio este período; los avances se "
        "publicarán en las radios comunitarias a través del compromiso de difusión existente.";
    return consultation_store.respond(
        *id, consultations::ContentKind::proposal, *radio, answer, *unit, instant(days{-1}));
}

}  // namespace tablero::app

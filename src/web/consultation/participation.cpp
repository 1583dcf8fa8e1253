#include "web/consultation/participation.h"

#include "domain/accounts/authorisation.h"
#include "domain/i18n/format.h"
#include "web/account/session.h"
#include "web/render/renderer.h"

#include <array>

namespace tablero::web::consultation {

namespace {

using consultations::PhaseKind;
using consultations::WindowState;

constexpr std::array phase_order = {PhaseKind::proposals, PhaseKind::comments, PhaseKind::voting};

// The phase an act belongs to. Flags follow the content they are about: a comment is flagged
// while comments are taken, a proposal while proposals are.
std::optional<PhaseKind> phase_for(Act act)
{
    switch (act) {
    case Act::comment:
    case Act::endorse:
    case Act::flag_comment:
        return PhaseKind::comments;
    case Act::propose:
    case Act::flag_proposal:
        return PhaseKind::proposals;
    case Act::vote:
        return PhaseKind::voting;
    case Act::register_identity:
        return std::nullopt;
    }
    return std::nullopt;
}

std::string state_code(WindowState state)
{
    switch (state) {
    case WindowState::not_yet_open:
        return "not_yet_open";
    case WindowState::open:
        return "open";
    case WindowState::closed:
        return "closed";
    }
    return "closed";
}

}  // namespace

Result<std::vector<PhaseState>> phase_states(
    const storage::Consultation& consultation, std::chrono::system_clock::time_point now)
{
    std::vector<PhaseState> states;
    for (const PhaseKind kind : phase_order) {
        for (const storage::ConsultationPhase& phase : consultation.record.phases) {
            if (phase.kind != kind)
                continue;
            auto opens = parse_sql_timestamp(phase.opens_at);
            auto closes = parse_sql_timestamp(phase.closes_at);
            if (!opens.ok() || !closes.ok())
                return Error{ErrorCode::internal,
                    "a stored phase instant does not read: " + phase.opens_at + " " +
                        phase.closes_at,
                    "consultation " + std::to_string(consultation.id)};
            states.push_back({kind, consultations::window_state({*opens, *closes}, now),
                to_local(*opens), to_local(*closes)});
        }
    }
    return states;
}

std::optional<PhaseState> phase_of(const std::vector<PhaseState>& phases, PhaseKind kind)
{
    for (const PhaseState& phase : phases) {
        if (phase.kind == kind)
            return phase;
    }
    return std::nullopt;
}

bool counts_visible(
    const storage::Consultation& consultation, const std::vector<PhaseState>& phases)
{
    const auto voting = phase_of(phases, PhaseKind::voting);
    if (!voting)
        return false;
    return consultation.record.results == consultations::ResultsVisibility::live ||
        voting->state == WindowState::closed;
}

Result<int> bounds_passed(
    const storage::Consultation& consultation, std::chrono::system_clock::time_point now)
{
    int passed = 0;
    for (const storage::ConsultationPhase& phase : consultation.record.phases) {
        for (const std::string* text : {&phase.opens_at, &phase.closes_at}) {
            auto instant = parse_sql_timestamp(*text);
            if (!instant.ok())
                return std::move(instant).error();
            if (*instant <= now)
                ++passed;
        }
    }
    return passed;
}

std::string fill(const Context& context, i18n::Language language, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values)
{
    std::string text(context.renderer.message(language, key));
    for (const auto& [name, value] : values) {
        const std::string marker = "{" + std::string(name) + "}";
        for (auto at = text.find(marker); at != std::string::npos;
             at = text.find(marker, at + value.size()))
            text.replace(at, marker.size(), value);
    }
    return text;
}

std::string local_text(i18n::Language language, const LocalDateTime& local)
{
    return i18n::format_date_time(language, local);
}

std::string timestamp_text(i18n::Language language, const std::string& timestamp)
{
    auto instant = parse_sql_timestamp(timestamp);
    return instant.ok() ? local_text(language, to_local(*instant)) : timestamp;
}

std::string state_text(const Context& context, i18n::Language language, const PhaseState& phase)
{
    const LocalDateTime& when =
        phase.state == WindowState::not_yet_open ? phase.opens : phase.closes;
    return fill(context, language, "consultation_state_" + state_code(phase.state),
        {{"when", local_text(language, when)}});
}

Result<std::optional<Refusal>> why_cannot(Context& context, i18n::Language language,
    const storage::Consultation& consultation, const std::vector<PhaseState>& phases,
    const storage::Account& account, Act act)
{
    const std::string overview = "/consultations/" + std::to_string(consultation.id);
    if (!account.email_verified())
        return std::optional<Refusal>(Refusal{http::Status::forbidden,
            fill(context, language, "consultation_refused_unverified"), "/account",
            fill(context, language, "consultation_refused_unverified_link")});

    if (const auto kind = phase_for(act)) {
        const std::string phase_name(consultations::to_string(*kind));
        const auto phase = phase_of(phases, *kind);
        if (!phase)
            return std::optional<Refusal>(Refusal{http::Status::conflict,
                fill(context, language, "consultation_refused_" + phase_name + "_none"), {}, {}});
        if (phase->state != WindowState::open) {
            const bool later = phase->state == WindowState::not_yet_open;
            return std::optional<Refusal>(Refusal{http::Status::conflict,
                fill(context, language,
                    "consultation_refused_" + phase_name + "_" + state_code(phase->state),
                    {{"when", local_text(language, later ? phase->opens : phase->closes)}}),
                {}, {}});
        }
    } else {
        // An identity number is registered for taking part: while something is still to come.
        bool any_left = false;
        const PhaseState* last = nullptr;
        for (const PhaseState& phase : phases) {
            if (phase.state != WindowState::closed)
                any_left = true;
            if (!last || last->closes < phase.closes)
                last = &phase;
        }
        if (!any_left)
            return std::optional<Refusal>(Refusal{http::Status::conflict,
                last ? fill(context, language, "consultation_refused_all_closed",
                           {{"when", local_text(language, last->closes)}})
                     : fill(context, language, "consultation_refused_no_phases"),
                {}, {}});
        return std::optional<Refusal>();
    }

    if (consultation.record.requires_identity) {
        auto registered = context.consultations.has_identity(consultation.id, account.id);
        if (!registered.ok())
            return std::move(registered).error();
        if (!*registered)
            return std::optional<Refusal>(Refusal{http::Status::forbidden,
                fill(context, language, "consultation_refused_identity"), overview + "#identity",
                fill(context, language, "consultation_refused_identity_link")});
    }
    return std::optional<Refusal>();
}

}  // namespace tablero::web::consultation

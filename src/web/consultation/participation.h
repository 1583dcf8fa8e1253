// Who may take part in a consultation now, and why not when they may not (PRODUCT.md, module 4:
// "outside its window an action is refused with the reason"). The one place the web pages ask,
// for their forms (shown or replaced by the reason) and for their POST routes (refused with it).
//
// A participant needs, in this order: an account the authorisation table lets participate
// (anonymous: 401), the form's CSRF token (403), a verified e-mail address (403, with a link to
// the account page), the window of the phase the act belongs to (409: "Los comentarios cerraron
// el 31 de marzo de 2026, 23:59."), and, when the consultation requires it, an identity number
// registered in this consultation (403, with a link to the overview's form).
#pragma once

#include "core/local_time.h"
#include "core/result.h"
#include "domain/consultations/model.h"
#include "domain/consultations/window.h"
#include "domain/i18n/language.h"
#include "http/message.h"
#include "storage/account_store.h"
#include "storage/consultation_store.h"
#include "web/context.h"

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tablero::web::consultation {

// What a participant does, each belonging to one phase (or, for the identity number, to the
// consultation as long as any phase is still to come or open).
enum class Act { comment, endorse, flag_comment, propose, flag_proposal, vote, register_identity };

// A phase of a consultation as it stands at an instant, with its bounds in the installation's
// time zone.
struct PhaseState {
    consultations::PhaseKind kind = consultations::PhaseKind::proposals;
    consultations::WindowState state = consultations::WindowState::not_yet_open;
    LocalDateTime opens;
    LocalDateTime closes;
};

// The phases of the consultation in the order proposals, comments, voting (those it has).
// internal when a stored instant does not read back.
Result<std::vector<PhaseState>> phase_states(
    const storage::Consultation& consultation, std::chrono::system_clock::time_point now);

// The state of the phase of kind, or nullopt when the consultation has no such phase.
std::optional<PhaseState> phase_of(
    const std::vector<PhaseState>& phases, consultations::PhaseKind kind);

// Whether vote counts are shown: always for live results, and for after_close results once the
// voting phase has closed. A consultation without a voting phase has no counts to show.
bool counts_visible(
    const storage::Consultation& consultation, const std::vector<PhaseState>& phases);

// How many phase bounds (openings and closings) have passed: the public pages of a consultation
// change when one does, without any write to the database, so their cache keys carry it.
Result<int> bounds_passed(
    const storage::Consultation& consultation, std::chrono::system_clock::time_point now);

// A refusal as the page shows it: the reason in words, with the status the POST is answered
// with and, when there is something to do about it, a link.
struct Refusal {
    http::Status status = http::Status::forbidden;
    std::string message;
    std::string link_url;
    std::string link_text;
};

// The message of key in language with each {name} replaced by its value.
std::string fill(const Context& context, i18n::Language language, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values = {});

// An instant as pages show it: "31 de marzo de 2026, 23:59" in the installation's zone.
std::string local_text(i18n::Language language, const LocalDateTime& local);
// A stored SQL timestamp the same way; the text itself when it does not read.
std::string timestamp_text(i18n::Language language, const std::string& timestamp);

// The phase's state in words: "Abierta hasta el 31 de marzo de 2026, 23:59", "Abre el ...",
// "Cerró el ...".
std::string state_text(const Context& context, i18n::Language language, const PhaseState& phase);

// Why account may not do act in the consultation now, or nullopt when it may. Reads the
// identity registration when the consultation requires one.
Result<std::optional<Refusal>> why_cannot(Context& context, i18n::Language language,
    const storage::Consultation& consultation, const std::vector<PhaseState>& phases,
    const storage::Account& account, Act act);

}  // namespace tablero::web::consultation

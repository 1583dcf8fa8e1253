// Who is signed in, from the request's session cookie, and the one place later write routes ask
// whether they may go on (require). Also the cookies themselves and the CSRF checks: every form
// carries a token that a page of another site cannot know.
//
// Cookies (docs/accounts.md):
//   tablero_session  the session token; the database keeps only its SHA-256. HttpOnly,
//                    SameSite=Lax, Path=/, Max-Age of the session lifetime; Secure when the
//                    request came over TLS, as the reverse proxy says with X-Forwarded-Proto.
//   tablero_csrf     for the forms shown to anonymous visitors (sign-in, sign-up): a random value
//                    the form repeats in its hidden "csrf" field (the double-submit pattern of
//                    OWASP's CSRF Prevention Cheat Sheet). HttpOnly, SameSite=Strict.
// Signed-in forms carry the session's own CSRF token instead.
#pragma once

#include "core/result.h"
#include "domain/accounts/authorisation.h"
#include "http/message.h"
#include "storage/account_store.h"
#include "web/context.h"

#include <optional>
#include <string>
#include <string_view>

namespace tablero::web::account {

inline constexpr std::string_view session_cookie = "tablero_session";
inline constexpr std::string_view csrf_cookie = "tablero_csrf";
// The hidden field of every form that changes something.
inline constexpr std::string_view csrf_field = "csrf";

// True when the client reached us over TLS: the reverse proxy in front of Tablero terminates it
// and says so with "X-Forwarded-Proto: https". Cookies then get the Secure attribute.
bool came_over_tls(const http::Request& request);

// The session of the request's tablero_session cookie: nullopt when there is no cookie, or it
// names no live session (unknown, expired, signed out, or its account disabled).
Result<std::optional<storage::SessionRecord>> current_session(
    Context& context, const http::Request& request);

// The signed-in session, or unauthenticated (401) when there is none.
Result<storage::SessionRecord> require_session(Context& context, const http::Request& request);

// The signed-in session when the authorisation table (domain/accounts/authorisation.h) lets its
// account do action on scope; unauthenticated when nobody is signed in, permission_denied with
// the table's reason, in the reader's language, otherwise. Every write route starts here.
Result<storage::SessionRecord> require(Context& context, const http::Request& request,
    accounts::Action action, const accounts::Scope& scope = {});

// A signed-in POST: its form, and the session allowed to do action on scope whose CSRF token the
// form carries. The form is read first, then require's answer, then the token (403 without it).
struct SignedInForm {
    storage::SessionRecord session;
    http::FormFields form;
};
Result<SignedInForm> require_form(Context& context, const http::Request& request,
    accounts::Action action, const accounts::Scope& scope = {});

// Starts a session for account_id: stores the SHA-256 of a new random token with a new CSRF
// token and adds the tablero_session cookie to response. The request's old session, if any, is
// ended: a sign-in never keeps a token the browser had before (session fixation).
Result<void> start_session(Context& context, const http::Request& request, std::int64_t account_id,
    http::Response& response);

// Ends the request's session, if any, and expires the cookie in response.
Result<void> end_session(Context& context, const http::Request& request, http::Response& response);

// The anonymous forms' CSRF value: the request's tablero_csrf cookie when it holds a well-formed
// one, otherwise a new random value. set_csrf_cookie adds it to the response that shows the form.
std::string anonymous_csrf_token(const http::Request& request);
void set_csrf_cookie(
    const http::Request& request, const std::string& token, http::Response& response);

// permission_denied (403) unless the form's csrf field equals the tablero_csrf cookie.
Result<void> check_anonymous_csrf(
    Context& context, const http::Request& request, const http::FormFields& form);
// permission_denied (403) unless the form's csrf field equals the session's token.
Result<void> check_session_csrf(Context& context, const http::Request& request,
    const storage::SessionRecord& session, const http::FormFields& form);

// next when it is a path on this site ("/account", "/plans/X?lang=en"); nullopt for anything a
// browser could read as another site ("//evil.example", "/\evil.example", "https://...") or that
// holds control characters.
std::optional<std::string> safe_local_path(std::string_view next);

// Marks a response that must never be stored by a browser or a proxy: every account page.
void forbid_storing(http::Response& response);

// A 303 to where a form sends the person next, never stored: the answer to every successful
// POST of a signed-in form.
http::Response see_other(const http::Request& request, std::string_view location);

// The signed-in account as the audit log names who made a change.
storage::AuditActor audit_actor(const storage::Account& account);

// The answer to a signed-out visitor who asked for a page that needs an account: 303 to the
// sign-in form, whose "next" brings them back to the address they asked for (query included,
// as sent). The site's error renderer (web/errors.h) gives it for every unauthenticated GET, so
// a page handler only calls require.
http::Response sign_in_redirect(const http::Request& request);

}  // namespace tablero::web::account

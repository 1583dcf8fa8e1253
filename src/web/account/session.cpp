#include "web/account/session.h"

#include "domain/accounts/session_lifetime.h"
#include "security/secrets.h"
#include "web/language.h"
#include "web/render/renderer.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <cctype>

namespace tablero::web::account {

namespace {

// random_token()'s form: 64 lowercase hex digits. Anything else in a cookie is not ours and is
// never hashed or looked up.
bool is_token(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

std::string message(Context& context, const http::Request& request, std::string_view key)
{
    return std::string(context.renderer.message(request_language(request), key));
}

std::string cookie_attributes(const http::Request& request, std::string_view same_site)
{
    std::string attributes = "; Path=/; HttpOnly; SameSite=" + std::string(same_site);
    if (came_over_tls(request))
        attributes += "; Secure";
    return attributes;
}

// Deletes the session the request's cookie names, if any.
Result<void> forget_session(Context& context, const http::Request& request)
{
    const auto token = request.cookie(session_cookie);
    if (!token || !is_token(*token))
        return {};
    return context.accounts.delete_session(security::sha256_hex(*token));
}

Error csrf_refused(Context& context, const http::Request& request)
{
    return fail(ErrorCode::permission_denied, message(context, request, "account_csrf_refused"),
        std::string(csrf_field));
}

}  // namespace

bool came_over_tls(const http::Request& request)
{
    // The first proxy's value when several are listed ("https, http").
    std::string_view proto = request.header("X-Forwarded-Proto");
    proto = proto.substr(0, proto.find(','));
    while (!proto.empty() && proto.back() == ' ')
        proto.remove_suffix(1);
    while (!proto.empty() && proto.front() == ' ')
        proto.remove_prefix(1);
    if (proto.size() != 5)
        return false;
    std::string lowered(proto);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lowered == "https";
}

Result<std::optional<storage::SessionRecord>> current_session(
    Context& context, const http::Request& request)
{
    const std::optional<std::string> token = request.cookie(session_cookie);
    if (!token || !is_token(*token))
        return std::optional<storage::SessionRecord>();
    return context.accounts.find_session(
        security::sha256_hex(*token), storage::to_sql_timestamp(context.clock.now()));
}

Result<storage::SessionRecord> require_session(Context& context, const http::Request& request)
{
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (!*session)
        return fail(ErrorCode::unauthenticated, message(context, request, "account_sign_in_needed"),
            "/sign-in");
    return std::move(**session);
}

Result<storage::SessionRecord> require(Context& context, const http::Request& request,
    accounts::Action action, const accounts::Scope& scope)
{
    auto session = require_session(context, request);
    if (!session.ok())
        return session;
    const accounts::Decision decision =
        accounts::authorise(session->account.actor(), action, scope);
    if (!decision)
        return fail(ErrorCode::permission_denied,
            message(context, request, "account_refusal_" + std::string(decision.reason)),
            std::string(accounts::to_string(action)));
    return session;
}

Result<void> start_session(Context& context, const http::Request& request, std::int64_t account_id,
    http::Response& response)
{
    if (auto forgotten = forget_session(context, request); !forgotten.ok())
        return forgotten;
    const std::string token = security::random_token();
    const auto now = context.clock.now();
    auto created = context.accounts.create_session(account_id, security::sha256_hex(token),
        security::random_token(), storage::to_sql_timestamp(now),
        storage::to_sql_timestamp(accounts::session_expires_at(now)));
    if (!created.ok())
        return created;
    response.insert(http::Field::set_cookie,
        std::string(session_cookie) + "=" + token + cookie_attributes(request, "Lax") +
            "; Max-Age=" + std::to_string(accounts::session_max_age_seconds()));
    return {};
}

Result<void> end_session(Context& context, const http::Request& request, http::Response& response)
{
    if (auto forgotten = forget_session(context, request); !forgotten.ok())
        return forgotten;
    response.insert(http::Field::set_cookie,
        std::string(session_cookie) + "=" + cookie_attributes(request, "Lax") + "; Max-Age=0");
    return {};
}

std::string anonymous_csrf_token(const http::Request& request)
{
    if (auto token = request.cookie(csrf_cookie); token && is_token(*token))
        return *token;
    return security::random_token();
}

void set_csrf_cookie(
    const http::Request& request, const std::string& token, http::Response& response)
{
    response.insert(http::Field::set_cookie,
        std::string(csrf_cookie) + "=" + token + cookie_attributes(request, "Strict"));
}

Result<SignedInForm> require_form(Context& context, const http::Request& request,
    accounts::Action action, const accounts::Scope& scope)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    auto session = require(context, request, action, scope);
    if (!session.ok())
        return std::move(session).error();
    if (auto checked = check_session_csrf(context, request, *session, *form); !checked.ok())
        return std::move(checked).error();
    return SignedInForm{std::move(*session), std::move(*form)};
}

Result<void> check_anonymous_csrf(
    Context& context, const http::Request& request, const http::FormFields& form)
{
    const std::optional<std::string> cookie = request.cookie(csrf_cookie);
    const std::string field = http::form_value(form, csrf_field);
    if (!cookie || !is_token(*cookie) || field.empty() ||
        !security::constant_time_equal(*cookie, field))
        return csrf_refused(context, request);
    return {};
}

Result<void> check_session_csrf(Context& context, const http::Request& request,
    const storage::SessionRecord& session, const http::FormFields& form)
{
    const std::string field = http::form_value(form, csrf_field);
    if (field.empty() || session.csrf_token.empty() ||
        !security::constant_time_equal(session.csrf_token, field))
        return csrf_refused(context, request);
    return {};
}

std::optional<std::string> safe_local_path(std::string_view next)
{
    // RFC 3986 section 4.2: "//host" is a network-path reference, another site; browsers also
    // read "/\host" that way (WHATWG URL treats "\" as "/" in special URLs). A path that starts
    // with one "/" followed by anything else stays on this site.
    if (next.empty() || next.size() > 2000 || next.front() != '/')
        return std::nullopt;
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))
        return std::nullopt;
    for (const char c : next) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == '\\')
            return std::nullopt;
    }
    return std::string(next);
}

void forbid_storing(http::Response& response)
{
    response.set(http::Field::cache_control, "no-store");
}

http::Response see_other(const http::Request& request, std::string_view location)
{
    http::Response response = http::redirect(request, location);
    forbid_storing(response);
    return response;
}

storage::AuditActor audit_actor(const storage::Account& account)
{
    return {account.id, account.email, std::string(accounts::to_string(account.role))};
}

http::Response sign_in_redirect(const http::Request& request)
{
    // The target as sent, encoded once more as a query value: "&" and "%2F" come back intact.
    http::Response response = http::redirect(request,
        "/sign-in?next=" +
            boost::urls::encode(request.target(), boost::urls::unreserved_chars + '/'));
    forbid_storing(response);
    return response;
}

}  // namespace tablero::web::account

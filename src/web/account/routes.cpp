#include "web/account/routes.h"

#include "core/local_time.h"
#include "domain/accounts/credentials.h"
#include "domain/accounts/sign_in_limit.h"
#include "domain/i18n/format.h"
#include "security/secrets.h"
#include "web/account/session.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

namespace tablero::web::account {

namespace {

using Data = kainjow::mustache::data;

// The field of a form, as the template partial account_field shows it.
struct FieldSpec {
    std::string_view name;
    std::string_view type;
    std::string_view autocomplete;
    std::string_view label_key;
    // The message under the label that says what the field needs, or empty.
    std::string_view hint_key;
    // Passwords are never written back into a page.
    bool keeps_value;
};

constexpr FieldSpec sign_in_fields[] = {
    {"email", "email", "email", "account_field_email", "", true},
    {"password", "password", "current-password", "account_field_password", "", false},
};
constexpr FieldSpec sign_up_fields[] = {
    {"email", "email", "email", "account_field_email", "", true},
    {"name", "text", "name", "account_field_name", "account_hint_name", true},
    {"password", "password", "new-password", "account_field_password", "account_hint_password",
        false},
    {"confirmation", "password", "new-password", "account_field_confirmation", "", false},
};
constexpr FieldSpec password_fields[] = {
    {"current", "password", "current-password", "account_field_current", "", false},
    {"password", "password", "new-password", "account_field_new_password", "account_hint_password",
        false},
    {"confirmation", "password", "new-password", "account_field_confirmation", "", false},
};

// What a form shows again after a refused POST: the values typed (never a password) and the
// messages, by field; "form" holds a message about the whole form (a refused sign-in).
struct FormState {
    std::map<std::string, std::string, std::less<>> values;
    std::map<std::string, std::string, std::less<>> errors;
};

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// Mustache renders a section for any string, even an empty one: absent text must be false.
Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

std::string found_or_empty(
    const std::map<std::string, std::string, std::less<>>& map, std::string_view key)
{
    const auto found = map.find(key);
    return found == map.end() ? std::string() : found->second;
}

// The fields and the error summary of a form: `fields` for {{> account_field}}, `errors` and
// `has_errors` for {{> account_errors}}, each message linked to its field (GOV.UK's error
// summary pattern, read first by screen readers because it opens the form).
void put_form(const Context& context, i18n::Language language, std::string_view form_id,
    std::span<const FieldSpec> specs, const FormState& state, Data& view)
{
    Data fields{Data::type::list};
    Data summary{Data::type::list};
    const std::string first_id = std::string(form_id) + "-" + std::string(specs.front().name);
    if (const std::string whole = found_or_empty(state.errors, "form"); !whole.empty()) {
        Data item;
        item.set("id", first_id);
        item.set("text", whole);
        summary.push_back(item);
    }
    for (const FieldSpec& spec : specs) {
        const std::string id = std::string(form_id) + "-" + std::string(spec.name);
        const std::string error = found_or_empty(state.errors, spec.name);
        const std::string hint =
            spec.hint_key.empty() ? std::string() : message(context, language, spec.hint_key);
        std::string described_by;
        if (!hint.empty())
            described_by = id + "-hint";
        if (!error.empty())
            described_by += (described_by.empty() ? "" : " ") + id + "-error";
        Data field;
        field.set("id", id);
        field.set("name", std::string(spec.name));
        field.set("type", std::string(spec.type));
        field.set("autocomplete", std::string(spec.autocomplete));
        field.set("label", message(context, language, spec.label_key));
        field.set("hint", text_or_false(hint));
        field.set("error", text_or_false(error));
        field.set("describedby", text_or_false(described_by));
        field.set("value",
            text_or_false(spec.keeps_value ? found_or_empty(state.values, spec.name) : ""));
        fields.push_back(field);
        if (!error.empty()) {
            Data item;
            item.set("id", id);
            item.set("text", error);
            summary.push_back(item);
        }
    }
    view.set("fields", fields);
    view.set("has_errors", !summary.is_empty_list());
    view.set("errors", summary);
}

// A page of this feature: rendered in the layout with the account stylesheet, with the status
// asked, never stored.
Result<http::Response> account_page(Context& context, const http::Request& request,
    i18n::Language language, std::string_view page, const Data& view, std::string title,
    http::Status status)
{
    auto response = render_page(context, request, language, page, view,
        {.title = std::move(title), .stylesheets = {"css/account.css"}});
    if (!response.ok())
        return response;
    response->result(status);
    forbid_storing(*response);
    return response;
}

// A page title that starts with "Error: " when the form was refused, so a screen reader hears it
// first (WCAG 2.1 technique G88 with 3.3.1).
std::string title_for(
    const Context& context, i18n::Language language, std::string_view key, const FormState& state)
{
    std::string title = message(context, language, key);
    if (!state.errors.empty())
        title = message(context, language, "account_error_title_prefix") + " " + title;
    return title;
}

// A hash of no password, made once per cost: sign-in verifies against it when the address has
// no account, so that the answer takes as long as for an account and time does not tell
// whether an address is registered.
const std::string& dummy_hash(security::HashCost cost)
{
    static std::once_flag interactive_once;
    static std::once_flag test_once;
    static std::string interactive;
    static std::string test;
    const bool is_test = cost == security::HashCost::test;
    std::call_once(is_test ? test_once : interactive_once, [&] {
        auto hashed = security::hash_password(security::random_token(), cost);
        // Without memory for a hash nobody can sign in either; an empty hash verifies nothing.
        (is_test ? test : interactive) = hashed.ok() ? *hashed : std::string();
    });
    return is_test ? test : interactive;
}

// ---- e-mail verification (issue 6: participation needs a verified address) ----

// At most one verification mail per account in this time: the resend button cannot be used to
// flood someone's mailbox.
constexpr auto verification_resend_interval = std::chrono::minutes(5);

std::string filled(std::string text, std::string_view placeholder, const std::string& value)
{
    const auto at = text.find(placeholder);
    if (at != std::string::npos)
        text.replace(at, placeholder.size(), value);
    return text;
}

// Makes a new link for the account (the earlier ones stop working) and sends it. The token is
// only in the link; the store keeps its SHA-256, like a session's. The log gets the link only
// when no mail server is configured (LogMailer), never the address.
// With `limited`, no link is made when the account got one less than
// verification_resend_interval ago (failed_precondition).
Result<void> send_verification_link(
    Context& context, const storage::Account& account, i18n::Language language, bool limited)
{
    const std::string token = security::random_token();
    const auto now = context.clock.now();
    if (auto stored = context.accounts.store_verification_token(account.id,
            security::sha256_hex(token), storage::to_sql_timestamp(now),
            storage::to_sql_timestamp(now + storage::verification_link_lifetime),
            limited ? storage::to_sql_timestamp(now - verification_resend_interval) : "");
        !stored.ok()) {
        if (stored.error().code != ErrorCode::failed_precondition)
            spdlog::error(
                "no verification link for account {}: {}", account.id, describe(stored.error()));
        return stored;
    }
    const std::string link = context.public_url + "/verify-email?token=" + token;
    mail::MailMessage mail;
    mail.to = account.email;
    mail.subject = message(context, language, "account_verification_mail_subject");
    mail.text = filled(filled(message(context, language, "account_verification_mail_text"),
                           "{name}", account.display_name),
        "{link}", link);
    mail.log_summary =
        "e-mail verification link for account " + std::to_string(account.id) + ": " + link;
    if (auto sent = context.mailer.send(mail); !sent.ok()) {
        // The error names the command and what it said, never the address.
        spdlog::error("the verification link for account {} was not sent: {}", account.id,
            describe(sent.error()));
        return sent;
    }
    spdlog::info("verification link made for account {}", account.id);
    return {};
}

// ---- sign-in ----

Result<http::Response> sign_in_form(Context& context, const http::Request& request,
    i18n::Language language, const FormState& state, const std::optional<std::string>& next,
    std::string_view notice_key, http::Status status)
{
    const std::string csrf = anonymous_csrf_token(request);
    Data view;
    view.set("csrf", csrf);
    view.set("next", text_or_false(next.value_or("")));
    view.set("notice",
        text_or_false(notice_key.empty() ? std::string() : message(context, language, notice_key)));
    put_form(context, language, "sign-in", sign_in_fields, state, view);
    auto response = account_page(context, request, language, "account/sign_in", view,
        title_for(context, language, "account_sign_in_title", state), status);
    if (response.ok())
        set_csrf_cookie(request, csrf, *response);
    return response;
}

Result<http::Response> sign_in_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    const std::optional<std::string> next = safe_local_path(request.query("next").value_or(""));
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (*session)
        return see_other(request, next.value_or("/account"));
    const bool signed_out = request.query("signed_out").has_value();
    return sign_in_form(context, request, language, {}, next,
        signed_out ? "account_signed_out" : "", http::Status::ok);
}

Result<http::Response> sign_in_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    if (auto checked = check_anonymous_csrf(context, request, *form); !checked.ok())
        return std::move(checked).error();

    const std::optional<std::string> next = safe_local_path(http::form_value(*form, "next"));
    const std::string typed = http::form_value(*form, "email");
    const std::string password = http::form_value(*form, "password");
    FormState state;
    state.values["email"] = typed;
    auto email = accounts::normalise_email(typed);
    if (!email.ok())
        state.errors["email"] = message(context, language, "account_error_email");
    if (password.empty())
        state.errors["password"] = message(context, language, "account_error_password_missing");
    if (!state.errors.empty())
        return sign_in_form(context, request, language, state, next, "", http::Status::bad_request);

    // The lockout is decided from the counts alone, before the account is looked up, so its
    // answer is the same for a registered address and an unknown one.
    const auto now = context.clock.now();
    const std::string at = storage::to_sql_timestamp(now);
    const std::string since = storage::to_sql_timestamp(accounts::failure_window_start(now));
    const std::string account_key = accounts::account_failure_key(*email);
    const std::string address_key = accounts::address_failure_key(request.remote_address());
    auto account_failures = context.accounts.count_sign_in_failures(account_key, since);
    if (!account_failures.ok())
        return std::move(account_failures).error();
    auto address_failures = context.accounts.count_sign_in_failures(address_key, since);
    if (!address_failures.ok())
        return std::move(address_failures).error();
    if (const auto lock = accounts::sign_in_lock({*account_failures, *address_failures})) {
        // The reason is logged as a code, never with the address or the client.
        spdlog::info("sign-in refused: {}", accounts::to_string(*lock));
        state.errors["form"] = message(context, language, "account_error_locked");
        auto response = sign_in_form(
            context, request, language, state, next, "", http::Status::too_many_requests);
        if (response.ok())
            response->set(http::Field::retry_after,
                std::to_string(std::chrono::seconds(accounts::SignInLimits{}.window).count()));
        return response;
    }

    auto found = context.accounts.find_account_by_email(*email);
    if (!found.ok())
        return std::move(found).error();
    const std::string& hash = *found ? (*found)->password_hash : dummy_hash(context.password_cost);
    const bool matches = security::verify_password(password, hash);
    if (!*found || !matches || (*found)->disabled) {
        if (auto recorded =
                context.accounts.record_sign_in_failure({account_key, address_key}, at, since);
            !recorded.ok())
            return std::move(recorded).error();
        state.errors["form"] = message(context, language, "account_error_sign_in");
        return sign_in_form(context, request, language, state, next, "", http::Status::bad_request);
    }

    const storage::Account& account = **found;
    if (auto cleared = context.accounts.clear_sign_in_failures(account_key); !cleared.ok())
        return std::move(cleared).error();
    // A hash made with other limits than the server's is replaced while the password is at
    // hand. Changing the hash ends the account's sessions, so it goes before the new one.
    if (security::needs_rehash(account.password_hash, context.password_cost)) {
        auto rehashed = security::hash_password(password, context.password_cost);
        if (rehashed.ok()) {
            if (auto stored = context.accounts.set_password_hash(
                    account.id, *rehashed, audit_actor(account), at);
                !stored.ok())
                spdlog::warn("password rehash failed: {}", stored.error().message);
        }
    }

    http::Response response = see_other(request, next.value_or("/account"));
    if (auto started = start_session(context, request, account.id, response); !started.ok())
        return std::move(started).error();
    spdlog::info("account {} signed in", account.id);
    return response;
}

// ---- sign-up ----

Result<http::Response> sign_up_form(Context& context, const http::Request& request,
    i18n::Language language, const FormState& state, http::Status status)
{
    const std::string csrf = anonymous_csrf_token(request);
    Data view;
    view.set("csrf", csrf);
    put_form(context, language, "sign-up", sign_up_fields, state, view);
    auto response = account_page(context, request, language, "account/sign_up", view,
        title_for(context, language, "account_sign_up_title", state), status);
    if (response.ok())
        set_csrf_cookie(request, csrf, *response);
    return response;
}

Result<http::Response> sign_up_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (*session)
        return see_other(request, "/account");
    return sign_up_form(context, request, language, {}, http::Status::ok);
}

Result<http::Response> sign_up_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    if (auto checked = check_anonymous_csrf(context, request, *form); !checked.ok())
        return std::move(checked).error();

    FormState state;
    state.values["email"] = http::form_value(*form, "email");
    state.values["name"] = http::form_value(*form, "name");
    const std::string password = http::form_value(*form, "password");
    const std::string confirmation = http::form_value(*form, "confirmation");

    auto email = accounts::normalise_email(state.values["email"]);
    if (!email.ok())
        state.errors["email"] = message(context, language, "account_error_email");
    auto name = accounts::check_display_name(state.values["name"]);
    if (!name.ok())
        state.errors["name"] = message(context, language, "account_error_name");
    if (!accounts::check_password(password, email.ok() ? *email : std::string()).ok())
        state.errors["password"] = message(context, language, "account_error_password");
    if (confirmation != password)
        state.errors["confirmation"] = message(context, language, "account_error_confirmation");
    if (!state.errors.empty())
        return sign_up_form(context, request, language, state, http::Status::bad_request);

    auto hash = security::hash_password(password, context.password_cost);
    if (!hash.ok())
        return std::move(hash).error();
    storage::NewAccount account{*email, *name, accounts::Role::citizen, {}, {}, *hash};
    const std::string at = storage::to_sql_timestamp(context.clock.now());
    // The person signing up made the account; it has no id until it exists.
    const storage::AuditActor by{std::nullopt, *email, "citizen"};
    auto created = context.accounts.create_account(account, by, at);
    if (!created.ok()) {
        if (created.error().code != ErrorCode::already_exists)
            return std::move(created).error();
        state.errors["email"] = message(context, language, "account_error_email_taken");
        return sign_up_form(context, request, language, state, http::Status::conflict);
    }
    spdlog::info("account {} signed up", created->id);
    // The account exists whether or not the mail leaves: a failure is told on the account page,
    // where the person can ask for the link again.
    const bool sent = send_verification_link(context, *created, language, false).ok();
    http::Response response =
        see_other(request, sent ? "/account?sent=verification" : "/account?sent=failed");
    if (auto started = start_session(context, request, created->id, response); !started.ok())
        return std::move(started).error();
    return response;
}

// ---- sign-out ----

Result<http::Response> sign_out_post(Context& context, const http::Request& request, i18n::Language)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    // Without a session there is nothing to end, and nothing a forged form could do.
    if (*session) {
        if (auto checked = check_session_csrf(context, request, **session, *form); !checked.ok())
            return std::move(checked).error();
    }
    http::Response response = see_other(request, "/sign-in?signed_out=1");
    if (auto ended = end_session(context, request, response); !ended.ok())
        return std::move(ended).error();
    return response;
}

// ---- the account page and the password ----

Result<http::Response> account_view(Context& context, const http::Request& request,
    i18n::Language language, const storage::SessionRecord& session, const FormState& state,
    std::string_view notice_key, http::Status status)
{
    const storage::Account& account = session.account;
    Data view;
    view.set("name", account.display_name);
    view.set("email", account.email);
    view.set("role",
        message(
            context, language, "account_role_" + std::string(accounts::to_string(account.role))));
    Data institutions{Data::type::list};
    for (const std::string& code : account.institutions) {
        Data item;
        item.set("code", code);
        institutions.push_back(item);
    }
    view.set("has_institutions", !institutions.is_empty_list());
    view.set("institutions", institutions);
    view.set("organisation", text_or_false(account.organisation));
    // Officers report progress and the Open Government Unit validates it in the workspace.
    view.set("workspace",
        account.role == accounts::Role::officer || account.role == accounts::Role::administrator);
    view.set("csrf", session.csrf_token);
    view.set("notice",
        text_or_false(notice_key.empty() ? std::string() : message(context, language, notice_key)));
    view.set("verified", account.email_verified());
    view.set("verification_error", text_or_false(found_or_empty(state.errors, "verification")));
    put_form(context, language, "password", password_fields, state, view);
    return account_page(context, request, language, "account/account", view,
        title_for(context, language, "account_title", state), status);
}

Result<http::Response> account_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (!*session)
        return see_other(request, "/sign-in?next=/account");
    const bool changed = request.query("changed").value_or("") == "password";
    const std::string sent = request.query("sent").value_or("");
    std::string_view notice = changed ? "account_password_changed" : "";
    // Once verified, an old "we sent you a link" notice has nothing left to say.
    if (sent == "verification" && !(*session)->account.email_verified())
        notice = "account_verification_sent";
    else if (sent == "failed" && !(*session)->account.email_verified())
        notice = "account_verification_not_sent";
    return account_view(context, request, language, **session, {}, notice, http::Status::ok);
}

Result<http::Response> password_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    auto session = require_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (auto checked = check_session_csrf(context, request, *session, *form); !checked.ok())
        return std::move(checked).error();
    const storage::Account& account = session->account;

    const std::string current = http::form_value(*form, "current");
    const std::string password = http::form_value(*form, "password");
    const std::string confirmation = http::form_value(*form, "confirmation");
    FormState state;

    // Guessing the current password from a stolen session meets the sign-in's limits.
    const auto now = context.clock.now();
    const std::string at = storage::to_sql_timestamp(now);
    const std::string since = storage::to_sql_timestamp(accounts::failure_window_start(now));
    const std::string account_key = accounts::account_failure_key(account.email);
    const std::string address_key = accounts::address_failure_key(request.remote_address());
    auto account_failures = context.accounts.count_sign_in_failures(account_key, since);
    if (!account_failures.ok())
        return std::move(account_failures).error();
    auto address_failures = context.accounts.count_sign_in_failures(address_key, since);
    if (!address_failures.ok())
        return std::move(address_failures).error();
    if (accounts::sign_in_lock({*account_failures, *address_failures})) {
        state.errors["form"] = message(context, language, "account_error_locked");
        return account_view(
            context, request, language, *session, state, "", http::Status::too_many_requests);
    }
    if (!security::verify_password(current, account.password_hash)) {
        if (auto recorded =
                context.accounts.record_sign_in_failure({account_key, address_key}, at, since);
            !recorded.ok())
            return std::move(recorded).error();
        state.errors["current"] = message(context, language, "account_error_current");
    }
    if (!accounts::check_password(password, account.email).ok())
        state.errors["password"] = message(context, language, "account_error_password");
    if (confirmation != password)
        state.errors["confirmation"] = message(context, language, "account_error_confirmation");
    if (!state.errors.empty())
        return account_view(
            context, request, language, *session, state, "", http::Status::bad_request);

    auto hash = security::hash_password(password, context.password_cost);
    if (!hash.ok())
        return std::move(hash).error();
    // Ends every session of the account, this one included: a password change is how a person
    // throws out whoever else got in.
    if (auto stored =
            context.accounts.set_password_hash(account.id, *hash, audit_actor(account), at);
        !stored.ok())
        return std::move(stored).error();
    http::Response response = see_other(request, "/account?changed=password");
    if (auto started = start_session(context, request, account.id, response); !started.ok())
        return std::move(started).error();
    spdlog::info("account {} changed its password", account.id);
    return response;
}

// ---- e-mail verification: sending the link again, and the link itself ----

Result<http::Response> verification_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto form = http::parse_form(request.body());
    if (!form.ok())
        return std::move(form).error();
    auto session = require_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    if (auto checked = check_session_csrf(context, request, *session, *form); !checked.ok())
        return std::move(checked).error();
    const storage::Account& account = session->account;
    if (account.email_verified())
        return see_other(request, "/account");

    // The limit is checked where the link is stored, in one transaction (AccountStore).
    auto sent = send_verification_link(context, account, language, true);
    if (!sent.ok() && sent.error().code == ErrorCode::failed_precondition) {
        FormState state;
        state.errors["verification"] =
            message(context, language, "account_error_verification_too_soon");
        auto response = account_view(
            context, request, language, *session, state, "", http::Status::too_many_requests);
        auto last = context.accounts.verification_token_created_at(account.id);
        if (response.ok() && last.ok() && *last) {
            if (const auto made = parse_sql_timestamp(**last); made.ok()) {
                const auto wait = std::chrono::ceil<std::chrono::seconds>(
                    *made + verification_resend_interval - context.clock.now());
                response->set(
                    http::Field::retry_after, std::to_string(std::max<long long>(wait.count(), 1)));
            }
        }
        return response;
    }
    const bool ok = sent.ok();
    return see_other(request, ok ? "/account?sent=verification" : "/account?sent=failed");
}

// GET /verify-email?token=...: the link in the mail. Single use; an unknown, used or expired
// link gets a page that says so and, to a signed-in person, the button for a new one.
Result<http::Response> verify_email_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    const std::string token = request.query("token").value_or("");
    auto session = current_session(context, request);
    if (!session.ok())
        return std::move(session).error();
    bool verified = false;
    if (!token.empty()) {
        auto done = context.accounts.verify_email(
            security::sha256_hex(token), storage::to_sql_timestamp(context.clock.now()));
        if (done.ok()) {
            verified = true;
            spdlog::info("account {} verified its e-mail address", done->id);
        } else if (done.error().code != ErrorCode::not_found) {
            return std::move(done).error();
        }
    }
    // A second click on a link already used, by the person it verified: nothing is wrong.
    const bool already = !verified && *session && (*session)->account.email_verified();
    Data view;
    view.set("verified", verified || already);
    view.set("already", already);
    view.set("signed_in", static_cast<bool>(*session));
    view.set("csrf", *session ? (*session)->csrf_token : std::string());
    const std::string title = message(context, language,
        verified || already ? "account_verify_done_title" : "account_verify_failed_title");
    return account_page(context, request, language, "account/verify_email", view, title,
        verified || already ? http::Status::ok : http::Status::bad_request);
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    // Made now rather than on the first unknown address, so that request is not the slow one.
    dummy_hash(context.password_cost);
    auto page = [&context](auto handler) {
        return uncached([&context, handler](const http::Request& request, i18n::Language language) {
            return handler(context, request, language);
        });
    };
    router.get("/sign-in", page(sign_in_get));
    router.post("/sign-in", page(sign_in_post));
    router.get("/sign-up", page(sign_up_get));
    router.post("/sign-up", page(sign_up_post));
    router.post("/sign-out", page(sign_out_post));
    router.get("/account", page(account_get));
    router.post("/account/password", page(password_post));
    router.post("/account/verification", page(verification_post));
    router.get("/verify-email", page(verify_email_get));
}

}  // namespace tablero::web::account

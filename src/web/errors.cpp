#include "web/errors.h"

#include "http/status.h"
#include "storage/database_faults.h"
#include "web/account/session.h"
#include "web/language.h"
#include "web/render/renderer.h"
#include "web/site_identity.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

namespace tablero::web {

namespace {

// The statuses with their own title and explanation in the catalogs (error_<code>_title);
// any other shows error_other_*.
constexpr std::array<int, 10> explained_statuses{400, 401, 403, 404, 405, 408, 409, 413, 500, 503};

std::string message_key(int status, std::string_view part)
{
    for (int explained : explained_statuses) {
        if (explained == status)
            return "error_" + std::to_string(status) + "_" + std::string(part);
    }
    return "error_other_" + std::string(part);
}

// A 503 caused by the database says which trouble it is (storage/database_faults.h): the
// server cannot reach it, its disk is full, or it is read-only.
std::string unavailable_message_key(const Error& error)
{
    if (error.where == storage::where_disk_full)
        return "error_503_disk_full_message";
    if (error.where == storage::where_read_only)
        return "error_503_read_only_message";
    if (error.where == storage::where_database)
        return "error_503_database_message";
    return message_key(503, "message");
}

}  // namespace

bool wants_json(const http::Request& request)
{
    if (request.path().starts_with("/api/"))
        return true;
    const std::string_view accept = request.header(http::Field::accept);
    return accept.find("json") != std::string_view::npos &&
        accept.find("text/html") == std::string_view::npos;
}

http::Response error_response(
    Context& context, const http::Request& request, http::Status status, const Error& error)
{
    if (wants_json(request))
        return http::json_response(request, status, http::error_json(error));
    // A page that needs an account, asked for by a signed-out visitor: the sign-in form, which
    // brings them back. (A form sent without a session stays a 401: its content would be lost.)
    if (status == http::Status::unauthorized &&
        (request.method() == http::Verb::get || request.method() == http::Verb::head))
        return account::sign_in_redirect(request);

    const i18n::Language language = request_language(request);
    const int code = static_cast<int>(status);
    // A request error's own reason helps the person fix it; a server error's reason is for the
    // log, not for the page.
    const bool show_detail = code >= 400 && code < 500 && !error.message.empty();

    RenderContext render_context;
    render_context.language = language;
    render_context.target = request.target();
    render_context.title =
        std::string(context.renderer.message(language, message_key(code, "title")));
    // When the database is the problem, asking it for the site's name would only wait again.
    if (error.code != ErrorCode::unavailable && error.code != ErrorCode::internal) {
        if (auto identity = read_site_identity(context.site); identity.ok()) {
            render_context.site_name = std::move(identity->name);
            render_context.organisation = std::move(identity->organisation);
        }
    }

    kainjow::mustache::data view;
    view.set("status", std::to_string(code));
    const std::string message =
        code == 503 ? unavailable_message_key(error) : message_key(code, "message");
    view.set("message", std::string(context.renderer.message(language, message)));
    if (show_detail) {
        view.set("detail", error.message);
        view.set("where",
            error.where.empty() ? kainjow::mustache::data(false)
                                : kainjow::mustache::data(error.where));
    } else {
        view.set("detail", false);
    }
    http::Response response = http::html_response(
        request, status, context.renderer.render("errors/error", view, render_context));
    response.set(http::Field::cache_control, "no-store");
    return response;
}

http::ErrorRenderer make_error_renderer(Context& context)
{
    return [&context](const http::Request& request, http::Status status, const Error& error) {
        return error_response(context, request, status, error);
    };
}

}  // namespace tablero::web

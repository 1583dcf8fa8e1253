#include "web/home/routes.h"

#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/site_identity.h"

namespace tablero::web::home {

Result<http::Response> page(Context& context, const http::Request& request, i18n::Language language)
{
    auto identity = read_site_identity(context.site);
    if (!identity.ok())
        return std::move(identity).error();

    kainjow::mustache::data view;
    view.set("intro",
        identity->intro.empty()
            ? std::string(context.renderer.message(language, "home_intro_default"))
            : identity->intro);

    RenderContext render_context;
    render_context.language = language;
    render_context.target = request.target();
    render_context.site_name = identity->name;
    render_context.organisation = identity->organisation;
    return http::html_response(
        request, http::Status::ok, context.renderer.render("home/index", view, render_context));
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return page(context, request, language);
            }));
}

}  // namespace tablero::web::home

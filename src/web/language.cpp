#include "web/language.h"

#include <string>

namespace tablero::web {

i18n::Language request_language(const http::Request& request)
{
    const std::optional<std::string> query = request.query("lang");
    const std::optional<std::string> cookie = request.cookie("lang");
    i18n::LanguageSources sources;
    if (query)
        sources.query = *query;
    if (cookie)
        sources.cookie = *cookie;
    sources.accept_language = request.header(http::Field::accept_language);
    return i18n::negotiate_language(sources);
}

void remember_language(const http::Request& request, http::Response& response)
{
    const std::optional<std::string> query = request.query("lang");
    if (!query)
        return;
    const std::optional<i18n::Language> language = i18n::parse_language(*query);
    if (!language)
        return;
    // A year, so the choice survives between visits; Lax, because following a link to the site
    // should keep it; HttpOnly, because no script needs to read it.
    response.insert(http::Field::set_cookie,
        "lang=" + std::string(i18n::code(*language)) +
            "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
}

}  // namespace tablero::web

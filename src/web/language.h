// The language of a web request: ?lang= first, then the "lang" cookie, then Accept-Language,
// then Spanish (the rule is domain/i18n/language.h). A valid ?lang= is also remembered in the
// cookie, so the choice follows the visitor to pages whose links carry no ?lang=.
#pragma once

#include "domain/i18n/language.h"
#include "http/message.h"

namespace tablero::web {

i18n::Language request_language(const http::Request& request);

// Adds "Set-Cookie: lang=xx; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly" when the
// request carries a valid ?lang=.
void remember_language(const http::Request& request, http::Response& response);

}  // namespace tablero::web

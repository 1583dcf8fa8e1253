// Accounts on the web (PRODUCT.md, module 3): /sign-up for citizens, /sign-in, /sign-out,
// /account (who you are, your role and institutions, the password form) and /account/password.
// Every page here is personal: never cached, by us or by anyone (Cache-Control: no-store). Every
// form carries a CSRF token (web/account/session.h); sign-in is rate-limited per e-mail address
// and per client address (domain/accounts/sign_in_limit.h).
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::account {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::account

// What a person sees when something goes wrong: a page in their language that says what
// happened and how to go on, or {"error": ...} JSON for the API and for clients that ask only
// for JSON.
#pragma once

#include "core/error.h"
#include "http/message.h"
#include "http/pipeline.h"
#include "web/context.h"

namespace tablero::web {

// Installed with Pipeline::set_error_renderer: renders error_response with the pipeline's status.
http::ErrorRenderer make_error_renderer(Context& context);

// The error answer for status: JSON or the HTML page (templates/errors/error.mustache).
http::Response error_response(
    Context& context, const http::Request& request, http::Status status, const Error& error);

// True for /api/ paths and for an Accept header that names JSON but not HTML.
bool wants_json(const http::Request& request);

}  // namespace tablero::web

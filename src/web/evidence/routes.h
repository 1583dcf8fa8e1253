// GET /files/{sha256}: an evidence file as it was uploaded (storage/file_store.h), so that the
// evidence of a progress report stays readable when the site it came from disappears. Files are
// served so that no upload can act as a page of this site: the type recorded from the content
// (never the name), nosniff, a policy that allows nothing and sandboxes the document, PDF and
// images shown in the browser and everything else downloaded. A file never changes under its
// hash, so browsers and proxies may keep it for a year.
#pragma once

#include "http/router.h"
#include "storage/file_store.h"
#include "web/context.h"

#include <string>
#include <string_view>

namespace tablero::web::evidence {

void register_routes(http::Router& router, Context& context);

// The Content-Disposition of a download: disposition ("inline" or "attachment"), an ASCII
// filename for old clients (every byte outside printable ASCII, and the quote, backslash, "%",
// ";" and "," replaced by "_") and the exact name as RFC 8187 filename* (UTF-8, percent-encoded).
std::string content_disposition(std::string_view disposition, std::string_view name);

}  // namespace tablero::web::evidence

// The body of a form that sends files: multipart/form-data (RFC 7578), whose parts are separated
// by the boundary the request's Content-Type names (RFC 2046 section 5.1.1). Text fields come out
// as FormFields, so form_value() reads them as it reads an urlencoded form; files come out with
// their field name, the file name and type as the browser sent them, and their bytes.
#pragma once

#include "core/result.h"
#include "http/message.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::http {

struct UploadedFile {
    // The form field's name (<input type="file" name="...">).
    std::string field;
    // As sent, never trusted: it may hold folders ("../x.pdf") or anything else; the caller
    // checks it (domain/evidence/file_type.h, check_upload_name).
    std::string filename;
    // As the browser declared it (application/octet-stream when absent); never trusted either.
    std::string content_type;
    std::string bytes;
};

struct MultipartForm {
    FormFields fields;
    std::vector<UploadedFile> files;
};

struct MultipartLimits {
    // More parts than this and the body is refused, so a request of a million empty parts costs
    // little.
    std::size_t max_parts = 100;
    // The header block of one part.
    std::size_t max_part_header_bytes = 8 * 1024;
};

// The boundary parameter of a multipart/form-data Content-Type, quoted or not. invalid_argument
// naming "Content-Type" when the type is another one, or the boundary is missing or breaks RFC
// 2046's rule (1 to 70 characters of its bchars alphabet, not ending in a space).
Result<std::string> multipart_boundary(std::string_view content_type);

// Parses body under the boundary of content_type. A file input the browser left empty
// (filename="" and no bytes) gives no file. invalid_argument naming "body" for a body without its
// opening or closing delimiter, a part without a form-data name, or more parts than the limit.
Result<MultipartForm> parse_multipart(
    std::string_view content_type, std::string_view body, MultipartLimits limits = {});

// The same for a request: its Content-Type header and body.
Result<MultipartForm> parse_multipart(const Request& request, MultipartLimits limits = {});

}  // namespace tablero::http

#include "web/evidence/routes.h"

#include "domain/evidence/file_type.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace tablero::web::evidence {

namespace {

// Nothing may load, run or submit: an uploaded file is never a page of this site.
constexpr std::string_view sandboxed_policy = "default-src 'none'; sandbox";
// Chromium's PDF viewer refuses to start in a sandboxed document (crbug.com/413851), and wraps
// the PDF in a page with inline styles; the PDF viewers of today run in their own origin, so the
// PDF's own scripts never reach this site even without the sandbox.
constexpr std::string_view pdf_policy = "default-src 'none'; style-src 'unsafe-inline'";

Error no_such_file()
{
    return fail(ErrorCode::not_found, "no such file", "sha256");
}

// RFC 8187 section 3.2.1: attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~"; every other byte is percent-encoded.
std::string percent_encoded(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool attr_char = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
            (byte >= '0' && byte <= '9') ||
            std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
        if (attr_char) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 0x0F]);
        }
    }
    return out;
}

Result<std::string> read_bytes(const std::filesystem::path& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return fail(ErrorCode::internal, "an evidence file is recorded but missing", path.string());
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

Result<http::Response> serve_file(Context& context, const http::Request& request)
{
    const std::string sha256(request.param("sha256"));
    if (!storage::is_sha256_hex(sha256))
        return no_such_file();
    auto found = context.files.find(sha256);
    if (!found.ok())
        return std::move(found).error();
    if (!found->has_value())
        return no_such_file();
    const storage::StoredFile& record = **found;

    const auto* type = ::tablero::evidence::file_type_for_media_type(record.media_type);
    const bool shown_inline = type != nullptr && type->shown_inline;
    const std::string etag = "\"" + sha256 + "\"";
    auto add_headers = [&](http::Response& response) {
        response.set(http::Field::etag, etag);
        // The content of a hash never changes (RFC 8246: immutable).
        response.set(http::Field::cache_control, "public, max-age=31536000, immutable");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Content-Security-Policy",
            record.media_type == "application/pdf" ? pdf_policy : sandboxed_policy);
    };

    const auto if_none_match = request.header(http::Field::if_none_match);
    if (!if_none_match.empty() && http::if_none_match(if_none_match, etag)) {
        http::Response response{http::Status::not_modified, request.raw().version()};
        response.keep_alive(request.raw().keep_alive());
        add_headers(response);
        return response;
    }

    auto bytes = read_bytes(context.files.path_of(sha256));
    if (!bytes.ok()) {
        spdlog::error("{}: {}", bytes.error().message, bytes.error().where);
        return std::move(bytes).error();
    }
    // A type this version does not know (a row written by another) is only ever downloaded.
    http::Response response = http::make_response(request, http::Status::ok,
        type != nullptr ? type->media_type : "application/octet-stream", std::move(*bytes));
    add_headers(response);
    const std::string name = type != nullptr
        ? ::tablero::evidence::download_name(record.original_name, *type)
        : record.original_name;
    response.set(http::Field::content_disposition,
        content_disposition(shown_inline ? "inline" : "attachment", name));
    return response;
}

}  // namespace

std::string content_disposition(std::string_view disposition, std::string_view name)
{
    std::string ascii;
    for (std::size_t at = 0; at < name.size(); ++at) {
        const auto byte = static_cast<unsigned char>(name[at]);
        if (byte >= 0x80) {
            // One "_" for a whole UTF-8 character: skip its continuation bytes.
            while (
                at + 1 < name.size() && (static_cast<unsigned char>(name[at + 1]) & 0xC0) == 0x80)
                ++at;
            ascii.push_back('_');
        } else if (byte < 0x20 || byte == 0x7F ||
            std::string_view("\"\\%;,").find(name[at]) != std::string_view::npos) {
            ascii.push_back('_');
        } else {
            ascii.push_back(name[at]);
        }
    }
    return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
        percent_encoded(name);
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/files/{sha256}",
        [&context](const http::Request& request) { return serve_file(context, request); });
}

}  // namespace tablero::web::evidence

#include "http/multipart.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace tablero::http {

namespace {

constexpr std::string_view crlf = "\r\n";

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
            std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

Error malformed(std::string message, std::string where = "body")
{
    return fail(ErrorCode::invalid_argument, std::move(message), std::move(where));
}

// How a quoted-string's backslashes are read. In Content-Type (RFC 9110 section 5.6.4) a
// backslash quotes the next character. In a part's Content-Disposition browsers never escape
// with backslashes (the HTML standard's multipart/form-data encoding writes a double quote as
// %22), and a file name sent from Windows may hold literal backslashes ("C:\x\y.pdf"); there
// only \" and \\ are read as escapes and any other backslash is kept, so a path stays visible
// to the name check.
enum class Escapes { any, quote_and_backslash };

// One parameter ("; name=value" or "; name=\"value\"") from the front of text, which is
// advanced past it. nullopt when there is nothing left; an error for an unterminated quote.
struct Parameter {
    std::string name;
    std::string value;
};
Result<std::optional<Parameter>> next_parameter(std::string_view& text, Escapes escapes)
{
    text = trim(text);
    while (!text.empty() && text.front() == ';')
        text = trim(text.substr(1));
    if (text.empty())
        return std::optional<Parameter>{};
    const auto equals = text.find_first_of("=;");
    Parameter parameter;
    parameter.name = std::string(trim(text.substr(0, equals)));
    if (equals == std::string_view::npos || text[equals] == ';') {
        // A parameter without a value ("; foo"): kept with an empty one.
        text = equals == std::string_view::npos ? std::string_view{} : text.substr(equals);
        return std::optional<Parameter>{std::move(parameter)};
    }
    text = trim(text.substr(equals + 1));
    if (!text.empty() && text.front() == '"') {
        std::size_t at = 1;
        bool closed = false;
        while (at < text.size()) {
            const char c = text[at];
            if (c == '"') {
                closed = true;
                ++at;
                break;
            }
            if (c == '\\' && at + 1 < text.size() &&
                (escapes == Escapes::any || text[at + 1] == '"' || text[at + 1] == '\\')) {
                parameter.value.push_back(text[at + 1]);
                at += 2;
                continue;
            }
            parameter.value.push_back(c);
            ++at;
        }
        if (!closed)
            return malformed("a quoted parameter has no closing quote");
        text = text.substr(at);
    } else {
        const auto end = text.find(';');
        parameter.value = std::string(trim(text.substr(0, end)));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    }
    return std::optional<Parameter>{std::move(parameter)};
}

// The HTML standard's multipart/form-data encoding writes LF, CR and the double quote in field
// and file names as %0A, %0D and %22; they are read back (and nothing else is decoded).
std::string decode_html_escapes(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        const auto code = text.substr(at, 3);
        char decoded = 0;
        if (code == "%22")
            decoded = '"';
        else if (code == "%0A" || code == "%0a")
            decoded = '\n';
        else if (code == "%0D" || code == "%0d")
            decoded = '\r';
        if (decoded != 0) {
            out.push_back(decoded);
            at += 2;
            continue;
        }
        out.push_back(text[at]);
    }
    return out;
}

// RFC 2046 section 5.1.1: bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / ","
// / "-" / "." / "/" / ":" / "=" / "?", and bchars adds the space.
bool is_bchar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

struct PartHeaders {
    std::optional<std::string> name;
    std::optional<std::string> filename;
    std::string content_type;
};

Result<PartHeaders> parse_part_headers(std::string_view block)
{
    PartHeaders headers;
    bool disposition = false;
    while (!block.empty()) {
        const auto end = block.find(crlf);
        const auto line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return malformed("a part has a header line without a name");
        const auto field_name = line.substr(0, colon);
        auto value = trim(line.substr(colon + 1));
        if (iequals(field_name, "Content-Type")) {
            headers.content_type = std::string(value);
            continue;
        }
        if (!iequals(field_name, "Content-Disposition"))
            continue;
        disposition = true;
        // RFC 7578 section 4.2: 'Content-Disposition: form-data; name="..."'.
        const auto semicolon = value.find(';');
        if (!iequals(trim(value.substr(0, semicolon)), "form-data"))
            return malformed("a part is not form-data");
        value = semicolon == std::string_view::npos ? std::string_view{} : value.substr(semicolon);
        while (true) {
            auto parameter = next_parameter(value, Escapes::quote_and_backslash);
            if (!parameter.ok())
                return std::move(parameter).error();
            if (!*parameter)
                break;
            // RFC 7578 section 4.2 forbids filename* (RFC 5987) in form-data, so it is ignored.
            if (iequals((*parameter)->name, "name"))
                headers.name = decode_html_escapes((*parameter)->value);
            else if (iequals((*parameter)->name, "filename"))
                headers.filename = decode_html_escapes((*parameter)->value);
        }
    }
    if (!disposition)
        return malformed("a part has no Content-Disposition header");
    if (!headers.name || headers.name->empty())
        return malformed("a part has no field name");
    return headers;
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type)
{
    const auto semicolon = content_type.find(';');
    if (!iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data"))
        return malformed("the form was not sent as multipart/form-data", "Content-Type");
    auto parameters =
        semicolon == std::string_view::npos ? std::string_view{} : content_type.substr(semicolon);
    std::optional<std::string> boundary;
    while (true) {
        auto parameter = next_parameter(parameters, Escapes::any);
        if (!parameter.ok())
            return malformed(parameter.error().message, "Content-Type");
        if (!*parameter)
            break;
        if (iequals((*parameter)->name, "boundary"))
            boundary = (*parameter)->value;
    }
    if (!boundary || boundary->empty())
        return malformed("the multipart Content-Type has no boundary", "Content-Type");
    // RFC 2046 section 5.1.1: boundary := 0*69<bchars> bcharsnospace.
    if (boundary->size() > 70 || boundary->back() == ' ' ||
        !std::all_of(boundary->begin(), boundary->end(), is_bchar))
        return malformed(
            "the multipart boundary is not 1 to 70 allowed characters", "Content-Type");
    return std::move(*boundary);
}

Result<MultipartForm> parse_multipart(
    std::string_view content_type, std::string_view body, MultipartLimits limits)
{
    auto boundary = multipart_boundary(content_type);
    if (!boundary.ok())
        return std::move(boundary).error();
    const std::string dash_boundary = "--" + *boundary;
    const std::string delimiter = std::string(crlf) + dash_boundary;

    // RFC 2046 section 5.1.1: a delimiter is CRLF "--" boundary, followed by "--" for the last
    // one or by optional white space and CRLF. Text that merely starts like one is content.
    enum class After { next_part, close, not_a_delimiter };
    auto after_delimiter = [&](std::size_t end, std::size_t& part_start) {
        if (body.substr(end, 2) == "--")
            return After::close;
        std::size_t at = end;
        while (at < body.size() && (body[at] == ' ' || body[at] == '\t'))
            ++at;
        if (body.substr(at, 2) != crlf)
            return After::not_a_delimiter;
        part_start = at + 2;
        return After::next_part;
    };
    // The first real delimiter at or after `from` (the CRLF before it included).
    auto find_delimiter = [&](std::size_t from, std::size_t& found, After& kind,
                              std::size_t& part_start) {
        for (auto at = body.find(delimiter, from); at != std::string_view::npos;
             at = body.find(delimiter, at + 1)) {
            kind = after_delimiter(at + delimiter.size(), part_start);
            if (kind != After::not_a_delimiter) {
                found = at;
                return true;
            }
        }
        return false;
    };

    // The preamble before the first delimiter is ignored; the body may start with the
    // delimiter without its CRLF.
    std::size_t part_start = 0;
    After kind = After::not_a_delimiter;
    if (body.starts_with(dash_boundary))
        kind = after_delimiter(dash_boundary.size(), part_start);
    if (kind == After::not_a_delimiter) {
        std::size_t found = 0;
        if (!find_delimiter(0, found, kind, part_start))
            return malformed("the form's body does not start with its boundary");
    }

    MultipartForm form;
    std::size_t parts = 0;
    while (kind == After::next_part) {
        if (++parts > limits.max_parts)
            return malformed(
                "the form has more than " + std::to_string(limits.max_parts) + " parts");
        std::size_t end = 0;
        std::size_t next_start = 0;
        After next_kind = After::not_a_delimiter;
        if (!find_delimiter(part_start, end, next_kind, next_start)) {
            return malformed("the form's body ends before its closing boundary");
        }
        const auto part = body.substr(part_start, end - part_start);
        // Headers, an empty line, then the content; a part may have no headers at all, which
        // parse_part_headers refuses for want of a name.
        std::string_view header_block;
        std::string_view content;
        if (part.starts_with(crlf)) {
            content = part.substr(2);
        } else {
            const auto blank = part.find("\r\n\r\n");
            if (blank == std::string_view::npos)
                return malformed("a part's headers do not end with an empty line");
            header_block = part.substr(0, blank);
            content = part.substr(blank + 4);
        }
        if (header_block.size() > limits.max_part_header_bytes)
            return malformed("a part's headers are too long");
        auto headers = parse_part_headers(header_block);
        if (!headers.ok())
            return std::move(headers).error();
        if (headers->filename) {
            // RFC 7578 section 4.2 and the HTML standard: a file input with no file selected is
            // sent as a part with filename="" and no content.
            if (!headers->filename->empty() || !content.empty()) {
                form.files.push_back({std::move(*headers->name), std::move(*headers->filename),
                    headers->content_type.empty() ? "application/octet-stream"
                                                  : std::move(headers->content_type),
                    std::string(content)});
            }
        } else {
            form.fields.emplace_back(std::move(*headers->name), std::string(content));
        }
        kind = next_kind;
        part_start = next_start;
    }
    return form;
}

Result<MultipartForm> parse_multipart(const Request& request, MultipartLimits limits)
{
    return parse_multipart(request.header(Field::content_type), request.body(), limits);
}

}  // namespace tablero::http

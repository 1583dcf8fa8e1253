// Fuzz target: form decoding. The input's first byte chooses a POST route of the site and how
// the rest, the form's body, is sent:
// - the rest is decoded as application/x-www-form-urlencoded (http::parse_form) and, when it
//   starts with a line "multipart/...", that line is the Content-Type and the remainder the
//   body of a multipart/form-data form (http::multipart_boundary, http::parse_multipart); other
//   inputs are parsed as multipart under the boundary "fuzz";
// - the same body is then POSTed through the pipeline to the chosen route as the signed-in
//   administrator with the session's CSRF token in front (so the handler's own form reading and
//   validation run, not only the CSRF refusal): urlencoded when the first byte is even,
//   multipart when it is odd.
//
// Checks: decoded urlencoded fields encode back to a body that decodes to the same fields; a
// multipart form has no more parts than the limit and no file larger than the body; no request
// is answered 500 (a bad form is the client's error, never the server's).
#include "fuzz/support/site.h"
#include "http/multipart.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace tablero;

constexpr std::string_view default_boundary = "fuzz";

std::string encode(std::string_view text)
{
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

void check_urlencoded(std::string_view body)
{
    auto fields = http::parse_form(body);
    if (!fields.ok())
        return;
    std::string encoded;
    for (const auto& [name, value] : *fields)
        encoded += (encoded.empty() ? "" : "&") + encode(name) + "=" + encode(value);
    auto again = http::parse_form(encoded);
    FUZZ_CHECK(again.ok());
    // A field with an empty name and value is skipped, so "=" does not come back.
    http::FormFields kept;
    for (const auto& field : *fields) {
        if (!field.first.empty() || !field.second.empty())
            kept.push_back(field);
    }
    FUZZ_CHECK(*again == kept);
}

void check_multipart(std::string_view content_type, std::string_view body)
{
    (void)http::multipart_boundary(content_type);
    const http::MultipartLimits limits{.max_parts = 20, .max_part_header_bytes = 1024};
    auto form = http::parse_multipart(content_type, body, limits);
    if (!form.ok())
        return;
    FUZZ_CHECK(form->fields.size() + form->files.size() <= limits.max_parts);
    for (const auto& file : form->files)
        FUZZ_CHECK(file.bytes.size() <= body.size());
    for (const auto& [name, value] : form->fields)
        FUZZ_CHECK(value.size() <= body.size());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quiet_logs();
    // TABLERO_FUZZ_LIST_ROUTES=1 prints the first byte that reaches each route, for writing seeds.
    const auto& targets = fuzz::Site::instance().post_targets();
    if (std::getenv("TABLERO_FUZZ_LIST_ROUTES")) {
        for (std::size_t i = 0; i < targets.size(); ++i)
            std::printf("%3zu (0x%02zx urlencoded, 0x%02zx multipart) %s\n", i, 2 * i, 2 * i + 1,
                targets[i].c_str());
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t selector = data[0];
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

    check_urlencoded(body);
    std::string content_type = "multipart/form-data; boundary=" + std::string(default_boundary);
    std::string_view multipart_body = body;
    if (body.starts_with("multipart/")) {
        const auto line_end = body.find('\n');
        content_type = std::string(body.substr(0, line_end));
        multipart_body =
            line_end == std::string_view::npos ? std::string_view{} : body.substr(line_end + 1);
    }
    check_multipart(content_type, multipart_body);

    fuzz::Site& site = fuzz::Site::instance();
    const auto& targets = site.post_targets();
    const std::string& target = targets[(selector >> 1) % targets.size()];
    http::RawRequest raw{http::Verb::post, target, 11};
    raw.set(http::Field::cookie, site.admin_cookie());
    if (selector % 2 == 0) {
        raw.set(http::Field::content_type, "application/x-www-form-urlencoded");
        raw.body() = "csrf=" + site.admin_csrf() + "&" + std::string(body);
    } else {
        raw.set(http::Field::content_type, content_type);
        // The CSRF token as the first part, under the boundary the Content-Type names.
        auto boundary = http::multipart_boundary(content_type);
        std::string prefix;
        if (boundary.ok())
            prefix = "--" + *boundary +
                "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + site.admin_csrf() +
                "\r\n";
        raw.body() = prefix + std::string(multipart_body);
    }
    raw.prepare_payload();
    const http::Response response = site.handle(std::move(raw));
    FUZZ_CHECK(response.result() != http::Status::internal_server_error);
    return 0;
}

#include "http/message.h"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace tablero::http {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
            std::tolower(static_cast<unsigned char>(y));
    });
}

// Splits "gzip;q=0.5" into the coding and whether its quality value is above zero. RFC 9110
// section 12.4.2: "a value of 0 means not acceptable"; a missing q means 1.
std::pair<std::string_view, bool> coding_and_acceptable(std::string_view item)
{
    auto semicolon = item.find(';');
    auto coding = trim(item.substr(0, semicolon));
    if (semicolon == std::string_view::npos)
        return {coding, true};
    auto parameters = item.substr(semicolon + 1);
    while (!parameters.empty()) {
        auto next = parameters.find(';');
        auto parameter = trim(parameters.substr(0, next));
        parameters =
            next == std::string_view::npos ? std::string_view{} : parameters.substr(next + 1);
        if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' ||
            parameter[1] != '=')
            continue;
        // A qvalue is "0" followed by optional zeros after the point, or it is above zero.
        auto value = trim(parameter.substr(2));
        bool zero = !value.empty() && value.find_first_not_of("0.") == std::string_view::npos;
        return {coding, !zero};
    }
    return {coding, true};
}

}  // namespace

Result<Request> Request::from_raw(RawRequest raw, std::string remote_address)
{
    return parse(raw, std::move(remote_address));
}

Result<Request> Request::parse(RawRequest& raw, std::string remote_address)
{
    std::string_view target = raw.target();
    // Boost.URL checks the origin-form grammar of RFC 9112 section 3.2.1 and does the
    // percent-decoding; hand-written decoding is where path traversal bugs come from.
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        // RFC 9112 section 3.2.2: "a server MUST accept the absolute-form in requests", as
        // proxies send it; its host is ignored in favour of the Host header.
        parsed = boost::urls::parse_absolute_uri(target);
        bool web_scheme = parsed &&
            (parsed->scheme_id() == boost::urls::scheme::http ||
                parsed->scheme_id() == boost::urls::scheme::https);
        if (!web_scheme)
            return fail(
                ErrorCode::invalid_argument, "malformed request target", std::string(target));
    }

    Request request;
    request.m_path = parsed->path();
    // A decoded NUL byte has no business in a path and confuses everything downstream that
    // treats strings as C strings (file names, logs).
    if (request.m_path.find('\0') != std::string::npos)
        return fail(ErrorCode::invalid_argument, "malformed request target", "path");
    if (request.m_path.empty())
        request.m_path.push_back('/');
    request.m_encoded_path = parsed->encoded_path();
    if (request.m_encoded_path.empty())
        request.m_encoded_path.push_back('/');
    // params() decodes "+" as a space, as HTML forms encode it
    // (application/x-www-form-urlencoded).
    if (parsed->has_query()) {
        for (auto param : parsed->params())
            request.m_query.emplace_back(param.key, param.value);
    }
    request.m_raw = std::move(raw);
    request.m_remote_address = std::move(remote_address);
    return request;
}

std::optional<std::string> Request::query(std::string_view name) const
{
    for (const auto& [key, value] : m_query) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const
{
    // RFC 6265 section 5.4: cookie-pairs separated by "; ". Several Cookie fields may appear.
    for (const auto& field : m_raw) {
        if (field.name() != Field::cookie)
            continue;
        std::string_view pairs = field.value();
        while (!pairs.empty()) {
            auto next = pairs.find(';');
            auto pair = trim(pairs.substr(0, next));
            pairs = next == std::string_view::npos ? std::string_view{} : pairs.substr(next + 1);
            auto equals = pair.find('=');
            if (equals == std::string_view::npos)
                continue;
            if (trim(pair.substr(0, equals)) != name)
                continue;
            auto value = trim(pair.substr(equals + 1));
            // A cookie-value may be wrapped in double quotes, which are not part of the value.
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::string_view Request::header(Field field) const
{
    auto found = m_raw.find(field);
    if (found == m_raw.end())
        return {};
    return found->value();
}

std::string_view Request::header(std::string_view name) const
{
    auto found = m_raw.find(name);
    if (found == m_raw.end())
        return {};
    return found->value();
}

std::string_view Request::param(std::string_view name) const
{
    for (const auto& [key, value] : m_params) {
        if (key == name)
            return value;
    }
    return {};
}

bool Request::accepts_gzip() const
{
    // RFC 9110 section 12.5.3: an explicit "gzip" entry decides; otherwise "*" covers it.
    std::optional<bool> gzip;
    std::optional<bool> any;
    for (const auto& field : m_raw) {
        if (field.name() != Field::accept_encoding)
            continue;
        std::string_view items = field.value();
        while (!items.empty()) {
            auto next = items.find(',');
            auto item = items.substr(0, next);
            items = next == std::string_view::npos ? std::string_view{} : items.substr(next + 1);
            auto [coding, acceptable] = coding_and_acceptable(item);
            if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
                gzip = acceptable;
            else if (coding == "*")
                any = acceptable;
        }
    }
    if (gzip)
        return *gzip;
    return any.value_or(false);
}

Result<FormFields> parse_form(std::string_view body)
{
    // Boost.URL 1.81's parse_query measures its text with strlen (impl/parse_query.ipp builds its
    // view from s.data() alone), so a view not followed by a NUL was read past its end: an empty
    // one beyond its buffer (found by fuzz/forms_target.cpp under ASan), and "a=1" inside
    // "a=1b&c=2" decoded as a=1b. The text is parsed from a NUL-terminated copy.
    const std::string text(body);
    auto parsed = boost::urls::parse_query(text);
    if (!parsed)
        return fail(ErrorCode::invalid_argument, "the form's data is malformed", "body");
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    FormFields fields;
    for (const auto& param : *parsed) {
        if (param.key.empty() && param.value.empty())
            continue;
        fields.emplace_back(param.key.decode(options), param.value.decode(options));
    }
    return fields;
}

std::string form_value(const FormFields& fields, std::string_view name)
{
    for (const auto& [key, value] : fields) {
        if (key == name)
            return value;
    }
    return {};
}

std::string target_with(const Request& request,
    std::initializer_list<std::pair<std::string_view, std::string_view>> changes)
{
    return target_with(request, request.encoded_path(), changes);
}

std::string target_with(const Request& request, std::string_view path,
    std::initializer_list<std::pair<std::string_view, std::string_view>> changes)
{
    // The target parsed when the request was; an absolute-form one keeps only its path here.
    // Boost.URL 1.81 writes a path of "/" alone as "/./" (set_encoded_path guarding against a
    // path that could read as an authority), so the root keeps the path it is constructed with.
    boost::urls::url url("/");
    if (path != "/")
        url.set_encoded_path(path);
    for (const auto& [name, value] : request.query_params())
        url.params().append({name, value});
    for (const auto& [name, value] : changes) {
        if (value.empty())
            url.params().erase(name);
        else
            url.params().set(name, value);
    }
    return std::string(url.buffer());
}

Response make_response(
    const Request& request, Status status, std::string_view content_type, std::string body)
{
    Response response{status, request.raw().version()};
    response.set(Field::content_type, content_type);
    response.keep_alive(request.raw().keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Response html_response(const Request& request, Status status, std::string body)
{
    return make_response(request, status, "text/html; charset=utf-8", std::move(body));
}

Response json_response(const Request& request, Status status, std::string body)
{
    return make_response(request, status, "application/json", std::move(body));
}

Response text_response(const Request& request, Status status, std::string body)
{
    return make_response(request, status, "text/plain; charset=utf-8", std::move(body));
}

Response redirect(const Request& request, std::string_view location)
{
    Response response = make_response(request, Status::see_other, "text/plain; charset=utf-8", {});
    response.set(Field::location, location);
    return response;
}

bool if_none_match(std::string_view header, std::string_view etag)
{
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view tag = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t'))
            tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t'))
            tag.remove_suffix(1);
        if (tag == "*")
            return true;
        if (tag.starts_with("W/"))
            tag.remove_prefix(2);
        if (tag == etag)
            return true;
    }
    return false;
}

std::string content_hash(std::string_view bytes)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    constexpr char digits[] = "0123456789abcdef";
    std::string hex(16, '0');
    for (int i = 15; i >= 0; --i) {
        hex[static_cast<std::size_t>(i)] = digits[hash & 0xf];
        hash >>= 4;
    }
    return hex;
}

}  // namespace tablero::http

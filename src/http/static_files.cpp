#include "http/static_files.h"

#include "http/gzip.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace tablero::http {

namespace {

struct File {
    std::string content_type;
    std::string bytes;
    // Empty when compressing does not pay (images, fonts, tiny files).
    std::string gzip;
    // 16 hex digits of the FNV-1a hash of bytes; the ETag is this in double quotes.
    std::string hash;
};

std::string content_type_for(const std::filesystem::path& path)
{
    struct Row {
        std::string_view extension;
        std::string_view type;
    };
    // JavaScript's type is text/javascript (RFC 9239).
    static constexpr std::array<Row, 17> types = {{
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".html", "text/html; charset=utf-8"},
    }};
    auto extension = path.extension().string();
    for (auto& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& row : types) {
        if (row.extension == extension)
            return std::string(row.type);
    }
    return "application/octet-stream";
}

// A relative path that could leave the static folder or name something odd is refused before
// any lookup, even though only loaded files could ever be served.
bool is_safe_relative_path(std::string_view path)
{
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
        path.find('\0') != std::string_view::npos)
        return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos)
            end = path.size();
        auto segment = path.substr(start, end - start);
        if (segment == ".." || segment == "." || segment.empty())
            return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

struct StaticFiles::Impl {
    std::unordered_map<std::string, File> files;
    std::string prefix = "/static/";
};

Result<std::shared_ptr<StaticFiles>> StaticFiles::load(const std::filesystem::path& root)
{
    std::error_code error;
    if (!std::filesystem::is_directory(root, error))
        return fail(ErrorCode::not_found, "static files folder not found", root.string());

    auto impl = std::make_shared<Impl>();
    std::filesystem::recursive_directory_iterator it(root, error);
    if (error)
        return fail(ErrorCode::unavailable, error.message(), root.string());
    for (; it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (error)
            return fail(ErrorCode::unavailable, error.message(), root.string());
        const auto& path = it->path();
        // Editor and system droppings (".DS_Store", ".gitkeep") are not part of the site.
        if (path.filename().string().starts_with('.')) {
            if (it->is_directory(error))
                it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(error))
            continue;
        std::ifstream in(path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (!in)
            return fail(ErrorCode::unavailable, "cannot read file", path.string());

        File file;
        file.content_type = content_type_for(path);
        file.bytes = std::move(bytes).str();
        file.hash = content_hash(file.bytes);
        if (is_compressible(file.content_type) && file.bytes.size() >= gzip_min_bytes) {
            auto compressed = gzip_compress(file.bytes);
            if (compressed.size() < file.bytes.size())
                file.gzip = std::move(compressed);
        }
        auto relative = std::filesystem::relative(path, root, error).generic_string();
        if (error)
            return fail(ErrorCode::unavailable, error.message(), path.string());
        impl->files.emplace(std::move(relative), std::move(file));
    }

    auto files = std::make_shared<StaticFiles>();
    files->m_impl = std::move(impl);
    return files;
}

void StaticFiles::register_routes(Router& router, std::string prefix)
{
    if (prefix.empty() || prefix.back() != '/')
        prefix += '/';
    m_impl->prefix = prefix;
    // The handler holds its own StaticFiles, which shares the loaded files.
    router.get(prefix + "{path...}", [files = *this](const Request& request) {
        return files.serve(request, request.param("path"));
    });
}

std::string StaticFiles::url(std::string_view relative_path) const
{
    std::string url = m_impl->prefix + std::string(relative_path);
    auto found = m_impl->files.find(std::string(relative_path));
    if (found != m_impl->files.end())
        url += "?v=" + found->second.hash;
    return url;
}

Result<Response> StaticFiles::serve(const Request& request, std::string_view relative_path) const
{
    std::unordered_map<std::string, File>::const_iterator found = m_impl->files.end();
    if (is_safe_relative_path(relative_path))
        found = m_impl->files.find(std::string(relative_path));
    if (found == m_impl->files.end())
        return fail(ErrorCode::not_found, "no such file", std::string(relative_path));
    const File& file = found->second;

    bool gzip = !file.gzip.empty() && request.accepts_gzip();
    std::string etag = "\"" + file.hash + (gzip ? "-gzip" : "") + "\"";
    // A URL carrying the file's hash ("?v=...", as url() writes it) names these exact bytes
    // forever, so browsers may keep it for a year without asking again.
    bool fingerprinted = request.query("v") == file.hash;
    std::string_view cache_control =
        fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300";

    auto add_validators = [&](Response& response) {
        response.set(Field::etag, etag);
        response.set(Field::cache_control, cache_control);
        if (!file.gzip.empty())
            response.set(Field::vary, "Accept-Encoding");
    };

    // Both representations' tags validate: the bytes behind them are the same file.
    auto if_none_match_header = request.header(Field::if_none_match);
    if (!if_none_match_header.empty() &&
        (if_none_match(if_none_match_header, "\"" + file.hash + "\"") ||
            if_none_match(if_none_match_header, "\"" + file.hash + "-gzip\""))) {
        Response response{Status::not_modified, request.raw().version()};
        response.keep_alive(request.raw().keep_alive());
        add_validators(response);
        return response;
    }
    Response response =
        make_response(request, Status::ok, file.content_type, gzip ? file.gzip : file.bytes);
    add_validators(response);
    if (gzip)
        response.set(Field::content_encoding, "gzip");
    return response;
}

}  // namespace tablero::http

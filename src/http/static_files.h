// Serves the files under static/ from memory: loaded once at start, each with a strong ETag
// (a hash of its bytes), Cache-Control, its content type and, for text, a gzip copy.
// If-None-Match answers 304.
#pragma once

#include "core/result.h"
#include "http/router.h"

#include <filesystem>
#include <memory>

namespace tablero::http {

class StaticFiles {
public:
    // Reads every file below root; URL "/static/css/site.css" is root/css/site.css.
    static Result<std::shared_ptr<StaticFiles>> load(const std::filesystem::path& root);

    // Adds GET /static/{path...} to the router.
    void register_routes(Router& router, std::string prefix = "/static/");

    // The fingerprinted URL templates should use ("/static/css/site.css?v=<etag>") so that
    // browsers may cache for a year.
    std::string url(std::string_view relative_path) const;

    // The file's response (304 when If-None-Match names it), or a not_found Error for a missing
    // or unsafe path, which the pipeline renders like any other error.
    Result<Response> serve(const Request& request, std::string_view relative_path) const;

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

}  // namespace tablero::http

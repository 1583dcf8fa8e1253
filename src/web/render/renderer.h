// Server-rendered HTML: the mustache templates under templates/, parsed once at start and then
// shared by every request thread. A page template ("home/index") renders first; the layout then
// wraps it ({{{content}}}). Every template sees the message catalog of the chosen language as
// `t` ({{t.home_title}}), the language code `lang`, the language switcher `languages`, the
// fingerprinted asset URLs `assets` and the page title. {{ }} escapes HTML; only {{{content}}}
// in the layout is raw, because it is HTML the renderer itself produced.
#pragma once

#include "core/result.h"
#include "domain/i18n/catalog.h"
#include "domain/i18n/language.h"
#include "http/static_files.h"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web {

// What the layout needs to know about the request it is rendering for.
struct RenderContext {
    i18n::Language language = i18n::default_language;
    // The request target as sent ("/plans?lang=en"): the language switcher links to it with
    // ?lang= replaced.
    std::string_view target = "/";
    // The page's own title (already translated), shown before the site name in <title> and
    // used as the page's <h1> by templates that want it; empty for the site name alone.
    std::string title;
    // The installation's name (setting site.name); empty for the catalog's default.
    std::string site_name;
    // The organisation that runs the installation (setting site.organisation); may be empty.
    std::string organisation;
    // The page's own stylesheets after the site's, as paths below static/ ("css/board.css").
    std::vector<std::string> stylesheets;
};

class Renderer {
public:
    // Maps a path below static/ ("css/site.css") to the URL pages should use.
    using AssetUrl = std::function<std::string(std::string_view relative_path)>;

    // Reads every *.mustache below templates_root: layout.mustache, partials/<name>.mustache
    // (used as {{> name}}) and pages such as home/index.mustache. A template that does not
    // parse, a missing partial or a {{t.key}} that no catalog defines is an error naming the file.
    static Result<std::unique_ptr<Renderer>> load(const std::filesystem::path& templates_root,
        const i18n::Catalogs& catalogs, const AssetUrl& asset_url);
    static Result<std::unique_ptr<Renderer>> load(const std::filesystem::path& templates_root,
        const i18n::Catalogs& catalogs, const http::StaticFiles& static_files)
    {
        return load(templates_root, catalogs,
            [&static_files](std::string_view path) { return static_files.url(path); });
    }
    // The same from template texts in memory, keyed by their path below templates/ without
    // ".mustache" ("layout", "partials/header", "home/index"); for tests.
    static Result<std::unique_ptr<Renderer>> from_sources(
        const std::map<std::string, std::string>& sources, const i18n::Catalogs& catalogs,
        const AssetUrl& asset_url);

    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Renders page ("home/index") with view, wrapped in the layout. Safe to call from many
    // threads at once. Throws std::logic_error for an unknown page (a programming error).
    std::string render(std::string_view page, const kainjow::mustache::data& view,
        const RenderContext& context) const;

    // Renders page with view alone, without the layout, for documents that are not HTML pages
    // (an Atom feed): it sees `t` and `lang` like any page. Throws like render.
    std::string render_bare(
        std::string_view page, const kainjow::mustache::data& view, i18n::Language language) const;

    bool has_page(std::string_view page) const;
    // A message of the language, with the catalogs' fallback.
    std::string_view message(i18n::Language language, std::string_view key) const;

private:
    struct Impl;
    explicit Renderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The target with every "lang" query parameter removed and "lang=<code>" added: the link that
// shows the same page in another language.
std::string with_language(std::string_view target, i18n::Language language);

}  // namespace tablero::web

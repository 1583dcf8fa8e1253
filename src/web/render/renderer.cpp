#include "web/render/renderer.h"

#include <array>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace tablero::web {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view extension = ".mustache";
constexpr std::string_view partial_prefix = "partials/";
// Partials may include partials, but a cycle must end in an error rather than a hang.
constexpr int max_partial_depth = 8;

Error template_error(const std::string& name, std::string message)
{
    return fail(ErrorCode::invalid_argument, std::move(message),
        "templates/" + name + std::string(extension));
}

// Replaces each {{> name}} with the partial's text before parsing. kainjow's mustache would
// otherwise parse a partial again on every render; inlining keeps "parsed once at start" true
// and leaves the parsed templates read-only while requests render them in parallel.
Result<std::string> inline_partials(const std::string& name, const std::string& text,
    const std::map<std::string, std::string>& partials, int depth)
{
    static const std::regex partial_tag(R"(\{\{>\s*([^}\s]+)\s*\}\})");
    if (depth > max_partial_depth)
        return template_error(name, "partials nest too deeply (is there a cycle?)");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), partial_tag);
    std::size_t copied = 0;
    for (auto match = begin; match != std::sregex_iterator(); ++match) {
        const std::string partial_name = (*match)[1].str();
        const auto found = partials.find(partial_name);
        if (found == partials.end())
            return template_error(name,
                "unknown partial {{> " + partial_name + "}}: expected templates/partials/" +
                    partial_name + std::string(extension));
        auto expanded = inline_partials(name, found->second, partials, depth + 1);
        if (!expanded.ok())
            return expanded;
        const auto position = static_cast<std::size_t>(match->position());
        out.append(text, copied, position - copied);
        out += *expanded;
        copied = position + static_cast<std::size_t>(match->length());
    }
    out.append(text, copied, std::string::npos);
    return out;
}

// A {{t.key}} that no catalog defines would render as nothing; catch the typo at start.
Result<void> check_message_keys(
    const std::string& name, const std::string& text, const std::set<std::string>& keys)
{
    static const std::regex message_tag(R"(\{\{[{&#^/]?\s*t\.([A-Za-z0-9_]+))");
    for (auto match = std::sregex_iterator(text.begin(), text.end(), message_tag);
         match != std::sregex_iterator(); ++match) {
        const std::string key = (*match)[1].str();
        if (!keys.contains(key))
            return template_error(
                name, "message t." + key + " is not in the Spanish catalog (locales/es.po)");
    }
    return {};
}

Result<std::unique_ptr<mustache::mustache>> parse(const std::string& name, const std::string& text)
{
    auto parsed = std::make_unique<mustache::mustache>(text);
    if (!parsed->is_valid())
        return template_error(name, "does not parse: " + parsed->error_message());
    return parsed;
}

std::size_t index_of(i18n::Language language)
{
    return static_cast<std::size_t>(language);
}

}  // namespace

std::string with_language(std::string_view target, i18n::Language language)
{
    const std::size_t question = target.find('?');
    std::string out(target.substr(0, question));
    out += '?';
    if (question != std::string_view::npos) {
        std::string_view query = target.substr(question + 1);
        while (!query.empty()) {
            const std::size_t ampersand = query.find('&');
            const std::string_view parameter = query.substr(0, ampersand);
            query = ampersand == std::string_view::npos ? std::string_view{}
                                                        : query.substr(ampersand + 1);
            const std::string_view parameter_name = parameter.substr(0, parameter.find('='));
            if (parameter.empty() || parameter_name == "lang")
                continue;
            out += parameter;
            out += '&';
        }
    }
    out += "lang=";
    out += i18n::code(language);
    return out;
}

struct Renderer::Impl {
    i18n::Catalogs catalogs;
    std::unique_ptr<mustache::mustache> layout;
    std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> pages;
    // Per language, built once: t (every message, fallbacks resolved), lang, assets.
    std::array<mustache::data, 3> globals;
    std::array<std::string, 3> default_site_names;
    AssetUrl asset_url;
};

Renderer::Renderer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>> Renderer::load(const std::filesystem::path& templates_root,
    const i18n::Catalogs& catalogs, const AssetUrl& asset_url)
{
    std::error_code error;
    if (!std::filesystem::is_directory(templates_root, error))
        return fail(ErrorCode::invalid_argument, "the templates folder does not exist",
            templates_root.string());
    std::map<std::string, std::string> sources;
    for (auto entry = std::filesystem::recursive_directory_iterator(templates_root, error);
         !error && entry != std::filesystem::recursive_directory_iterator();
         entry.increment(error)) {
        const auto& path = entry->path();
        if (!entry->is_regular_file() || path.extension() != extension)
            continue;
        std::ifstream file(path, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        if (!file)
            return fail(ErrorCode::invalid_argument, "cannot read the template", path.string());
        std::string name = std::filesystem::relative(path, templates_root).generic_string();
        name.resize(name.size() - extension.size());
        sources.emplace(std::move(name), std::move(text).str());
    }
    if (error)
        return fail(ErrorCode::invalid_argument,
            "cannot read the templates folder: " + error.message(), templates_root.string());
    return from_sources(sources, catalogs, asset_url);
}

Result<std::unique_ptr<Renderer>> Renderer::from_sources(
    const std::map<std::string, std::string>& sources, const i18n::Catalogs& catalogs,
    const AssetUrl& asset_url)
{
    auto impl = std::make_unique<Impl>();
    impl->catalogs = catalogs;
    impl->asset_url = asset_url;

    std::map<std::string, std::string> partials;
    for (const auto& [name, text] : sources) {
        if (name.starts_with(partial_prefix))
            partials.emplace(name.substr(partial_prefix.size()), text);
    }
    std::set<std::string> keys;
    for (const auto& [key, value] : catalogs.catalog(i18n::default_language).messages())
        keys.insert(key);

    // Every template must parse on its own first, so that an error in a partial names the
    // partial's file rather than the page that includes it.
    for (const auto& [name, text] : sources) {
        if (auto checked = check_message_keys(name, text, keys); !checked.ok())
            return std::move(checked).error();
        if (auto parsed_alone = parse(name, text); !parsed_alone.ok())
            return std::move(parsed_alone).error();
    }
    bool has_layout = false;
    for (const auto& [name, text] : sources) {
        if (name.starts_with(partial_prefix))
            continue;
        auto expanded = inline_partials(name, text, partials, 0);
        if (!expanded.ok())
            return std::move(expanded).error();
        auto parsed = parse(name, *expanded);
        if (!parsed.ok())
            return std::move(parsed).error();
        if (name == "layout") {
            impl->layout = std::move(*parsed);
            has_layout = true;
        } else {
            impl->pages.emplace(name, std::move(*parsed));
        }
    }
    if (!has_layout)
        return template_error("layout", "the layout template is missing");

    // Every key any catalog knows, so that a key only English has still resolves.
    for (i18n::Language language : i18n::all_languages) {
        for (const auto& [key, value] : catalogs.catalog(language).messages())
            keys.insert(key);
    }
    mustache::data assets;
    assets.set("css", asset_url("css/site.css"));
    for (i18n::Language language : i18n::all_languages) {
        mustache::data messages;
        for (const auto& key : keys)
            messages.set(key, std::string(catalogs.lookup(language, key)));
        mustache::data& globals = impl->globals[index_of(language)];
        globals.set("t", messages);
        globals.set("lang", std::string(i18n::code(language)));
        globals.set("assets", assets);
        impl->default_site_names[index_of(language)] =
            std::string(catalogs.lookup(language, "site_name_default"));
    }
    return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

bool Renderer::has_page(std::string_view page) const
{
    return m_impl->pages.find(page) != m_impl->pages.end();
}

std::string_view Renderer::message(i18n::Language language, std::string_view key) const
{
    return m_impl->catalogs.lookup(language, key);
}

std::string Renderer::render_bare(
    std::string_view page, const mustache::data& view, i18n::Language language) const
{
    const auto found = m_impl->pages.find(page);
    if (found == m_impl->pages.end())
        throw std::logic_error("no template templates/" + std::string(page) + ".mustache");
    mustache::context<std::string> context;
    context.push(&m_impl->globals[index_of(language)]);
    context.push(&view);
    std::ostringstream out;
    found->second->render(context, out);
    if (!found->second->is_valid())
        throw std::runtime_error("rendering templates/" + std::string(page) +
            ".mustache failed: " + found->second->error_message());
    return std::move(out).str();
}

std::string Renderer::render(
    std::string_view page, const mustache::data& view, const RenderContext& context) const
{
    const auto found = m_impl->pages.find(page);
    if (found == m_impl->pages.end())
        throw std::logic_error("no template templates/" + std::string(page) + ".mustache");
    const std::size_t language_index = index_of(context.language);
    const mustache::data& globals = m_impl->globals[language_index];

    mustache::data request;
    const std::string& site_name =
        context.site_name.empty() ? m_impl->default_site_names[language_index] : context.site_name;
    request.set("site_name", site_name);
    request.set("title", context.title);
    request.set(
        "page_title", context.title.empty() ? site_name : context.title + " — " + site_name);
    if (context.organisation.empty())
        request.set("organisation", false);
    else
        request.set("organisation", context.organisation);
    mustache::data languages(mustache::data::type::list);
    for (i18n::Language language : i18n::all_languages) {
        mustache::data link;
        link.set("code", std::string(i18n::code(language)));
        link.set("name", std::string(i18n::native_name(language)));
        link.set("url", with_language(context.target, language));
        link.set("current", language == context.language);
        languages.push_back(link);
    }
    request.set("languages", languages);
    mustache::data stylesheets(mustache::data::type::list);
    for (const auto& path : context.stylesheets)
        stylesheets.push_back(mustache::data("url", m_impl->asset_url(path)));
    request.set("stylesheets", stylesheets);

    mustache::context<std::string> page_context;
    page_context.push(&globals);
    page_context.push(&request);
    page_context.push(&view);
    std::ostringstream page_html;
    found->second->render(page_context, page_html);
    if (!found->second->is_valid())
        throw std::runtime_error("rendering templates/" + std::string(page) +
            ".mustache failed: " + found->second->error_message());

    request.set("content", std::move(page_html).str());
    mustache::context<std::string> layout_context;
    layout_context.push(&globals);
    layout_context.push(&view);
    layout_context.push(&request);
    std::ostringstream html;
    m_impl->layout->render(layout_context, html);
    return std::move(html).str();
}

}  // namespace tablero::web

#include "web/i18n_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace tablero::web {

namespace {

Result<i18n::Catalog> read_catalog(const std::filesystem::path& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return fail(ErrorCode::invalid_argument, "cannot open the message catalog", path.string());
    std::ostringstream text;
    text << file.rdbuf();
    return i18n::Catalog::parse_po(text.str(), path.string());
}

// The feature folders of locales/ (locales/board/, locales/search/...), in name order.
std::vector<std::filesystem::path> feature_folders(const std::filesystem::path& locales_dir)
{
    std::vector<std::filesystem::path> folders;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(locales_dir, error)) {
        if (entry.is_directory())
            folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

}  // namespace

Result<i18n::Catalogs> load_catalogs(const std::filesystem::path& locales_dir)
{
    i18n::Catalogs catalogs;
    const auto folders = feature_folders(locales_dir);
    for (i18n::Language language : i18n::all_languages) {
        const std::string file_name = std::string(i18n::code(language)) + ".po";
        auto catalog = read_catalog(locales_dir / file_name);
        if (!catalog.ok())
            return std::move(catalog).error();
        // A feature may leave a language out; Spanish, the source, it may not.
        for (const auto& folder : folders) {
            const auto path = folder / file_name;
            if (language != i18n::Language::es && !std::filesystem::exists(path))
                continue;
            auto feature = read_catalog(path);
            if (!feature.ok())
                return std::move(feature).error();
            if (auto merged = catalog->merge(*feature, path.string()); !merged.ok())
                return std::move(merged).error();
        }
        catalogs.set(language, std::move(catalog).value());
    }
    return catalogs;
}

}  // namespace tablero::web

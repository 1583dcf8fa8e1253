#include "web/i18n_loader.h"

#include <fstream>
#include <sstream>

namespace tablero::web {

Result<i18n::Catalogs> load_catalogs(const std::filesystem::path& locales_dir)
{
    i18n::Catalogs catalogs;
    for (i18n::Language language : i18n::all_languages) {
        const std::filesystem::path path =
            locales_dir / (std::string(i18n::code(language)) + ".po");
        std::ifstream file(path, std::ios::binary);
        if (!file)
            return fail(
                ErrorCode::invalid_argument, "cannot open the message catalog", path.string());
        std::ostringstream text;
        text << file.rdbuf();
        auto catalog = i18n::Catalog::parse_po(text.str(), path.string());
        if (!catalog.ok())
            return std::move(catalog).error();
        catalogs.set(language, std::move(*catalog));
    }
    return catalogs;
}

}  // namespace tablero::web

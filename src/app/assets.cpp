#include "app/assets.h"

#include <system_error>

namespace tablero::app {

namespace {

bool holds_assets(const std::filesystem::path& folder)
{
    std::error_code ignored;
    return std::filesystem::is_directory(folder / "templates", ignored) &&
        std::filesystem::is_directory(folder / "static", ignored) &&
        std::filesystem::is_directory(folder / "locales", ignored);
}

}  // namespace

Result<std::filesystem::path> find_assets(const std::string& given)
{
    if (!given.empty()) {
        if (!holds_assets(given))
            return fail(ErrorCode::invalid_argument,
                "the folder must contain templates/, static/ and locales/", given);
        return std::filesystem::path(given);
    }
    std::error_code error;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto prefix = executable.parent_path().parent_path();
        if (holds_assets(prefix))
            return prefix;
        // Installed: /usr/bin/tablero finds /usr/share/tablero (the Debian package's layout).
        if (holds_assets(prefix / "share" / "tablero"))
            return prefix / "share" / "tablero";
    }
    std::filesystem::path source(TABLERO_SOURCE_DIR);
    if (holds_assets(source))
        return source;
    return fail(ErrorCode::invalid_argument,
        "cannot find templates/, static/ and locales/: give the folder with --assets", "--assets");
}

}  // namespace tablero::app

#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace tablero::cli {

namespace {

Result<Values> read_config_file(const std::string& path)
{
    if (path.empty())
        return Values{};
    auto text = read_text_file(path);
    if (!text.ok())
        return std::move(text).error();
    return parse_config_file(*text, path);
}

}  // namespace

Result<std::string> read_text_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file)
        return fail(ErrorCode::invalid_argument, "cannot read the file", path);
    // Straight into a string of the file's size: a 41 MB plan CSV is read once, not copied
    // through a stream buffer.
    const std::streamsize size = file.tellg();
    if (size < 0)
        return fail(ErrorCode::invalid_argument, "cannot read the file", path);
    std::string text(static_cast<std::size_t>(size), '\0');
    file.seekg(0);
    if (size > 0 && !file.read(text.data(), size))
        return fail(ErrorCode::invalid_argument, "cannot read the file", path);
    return text;
}

void print_error(const Error& error)
{
    std::cerr << "tablero: " << describe(error) << '\n';
}

int run_command_line(int argc, const char* const* argv, const Actions& actions,
    const std::function<const char*(const char*)>& getenv)
{
    CLI::App app{"Tablero: open government action plans, tracked in the open."};
    app.name("tablero");
    app.set_version_flag("--version", std::string("tablero ") + TABLERO_VERSION);
    app.require_subcommand(1);
    // --config may come before or after the subcommand.
    app.fallthrough();
    CommandOptions options;
    app.add_option("--config", options.config_file,
        "configuration file of \"key = value\" lines (also TABLERO_CONFIG)");
    auto* serve = add_serve_command(app, options);
    auto* migrate = add_migrate_command(app, options);
    auto* import_plan_csv = add_import_command(app, options);
    auto* export_plan_csv = add_export_command(app, options);
    auto* users = add_users_command(app, options);
    auto* check_links = add_check_links_command(app, options);
    CLI::App* restore = nullptr;
    auto* backup = add_backup_commands(app, options, &restore);
    app.footer("Settings come from flags, then TABLERO_* environment variables, then the "
               "configuration file, then defaults. See docs/configuration.md.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }

    if (options.config_file.empty()) {
        if (const char* from_env = getenv("TABLERO_CONFIG"); from_env != nullptr)
            options.config_file = from_env;
    }
    auto file = read_config_file(options.config_file);
    if (!file.ok()) {
        print_error(file.error());
        return 2;
    }
    auto settings =
        resolve_settings(options.flags, environment_values(getenv), *file, options.config_file);
    if (!settings.ok()) {
        print_error(settings.error());
        return 2;
    }
    if (settings->db.empty()) {
        print_error(fail(ErrorCode::invalid_argument,
            "no database given: use --db FILE or --db postgresql://..., or set "
            "TABLERO_DB",
            "--db"));
        return 2;
    }
    if (serve->parsed())
        return actions.serve(*settings, options.demo);
    if (migrate->parsed())
        return run_migrate(*settings);
    if (import_plan_csv->parsed()) {
        SystemClock clock;
        return run_import_plan_csv(*settings, options.file, clock);
    }
    if (export_plan_csv->parsed())
        return run_export_plan_csv(*settings, options.plan, options.file);
    if (users->parsed())
        return run_users(*settings, options.user, std::cin);
    if (backup->parsed())
        return run_backup(*settings, options.file);
    if (restore->parsed())
        return run_restore(*settings, options.file, options.replace);
    if (check_links->parsed()) {
        SystemClock clock;
        return run_check_links(*settings, clock);
    }
    return 2;
}

}  // namespace tablero::cli

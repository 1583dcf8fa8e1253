#include "cli/commands.h"
#include "storage/database.h"

#include <iostream>

namespace tablero::cli {

CLI::App* add_migrate_command(CLI::App& parent, CommandOptions& options)
{
    auto* migrate =
        parent.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
    add_database_option(*migrate, options);
    return migrate;
}

Result<std::unique_ptr<storage::Database>> open_database(const Settings& settings, bool migrate)
{
    auto location = storage::parse_database_location(settings.db);
    if (!location.ok())
        return std::move(location).error();
    // A command does one thing at a time: one connection is enough.
    auto database = storage::Database::open(*location, {.pool_size = 1});
    if (!database.ok())
        return std::move(database).error();
    if (migrate) {
        if (auto applied = (*database)->migrate(); !applied.ok())
            return std::move(applied).error();
    }
    return std::move(database).value();
}

int run_migrate(const Settings& settings)
{
    auto database = open_database(settings, /*migrate=*/false);
    if (!database.ok()) {
        print_error(database.error());
        return 1;
    }
    auto applied = (*database)->migrate();
    if (!applied.ok()) {
        print_error(applied.error());
        return 1;
    }
    std::cout << "Database " << (*database)->location().display << ": applied " << *applied
              << (*applied == 1 ? " migration" : " migrations") << ", schema version "
              << (*database)->latest_schema_version() << ".\n";
    return 0;
}

}  // namespace tablero::cli

// `tablero backup --db DB OUT` and `tablero restore --db DB IN` for the embedded SQLite database
// (README, "The command line"). A backup is SQLite's VACUUM INTO: a consistent copy of the database
// as of one instant, taken while the server keeps serving, compact and in one file. A restore
// checks that the file is a Tablero database this program can read, brings it to the current schema
// on a copy beside the database, and only then puts the copy in the database's place, so a bad file
// never replaces good data. PostgreSQL has its own tools: the commands say which line to run.
#include "cli/commands.h"
#include "storage/database.h"

#include <filesystem>
#include <iostream>
#include <system_error>

namespace tablero::cli {

namespace fs = std::filesystem;

namespace {

// The pg_dump and pg_restore lines for a PostgreSQL installation, with the password hidden.
Error postgres_tools(
    const storage::DatabaseLocation& location, bool backup, const std::string& file)
{
    const std::string line = backup
        ? "pg_dump --format=custom --file='" + file + "' '" + location.display + "'"
        : "pg_restore --clean --if-exists --no-owner --dbname='" + location.display + "' '" + file +
            "'";
    return Error{ErrorCode::failed_precondition,
        std::string("on PostgreSQL, ") + (backup ? "back up" : "restore") +
            " with PostgreSQL's own tool: " + line +
            " (give the password as PGPASSWORD or in ~/.pgpass)",
        "--db"};
}

// Removes the write-ahead log and shared-memory files SQLite keeps beside a database file.
void remove_sqlite_companions(const fs::path& database)
{
    std::error_code ignored;
    fs::remove(fs::path(database.string() + "-wal"), ignored);
    fs::remove(fs::path(database.string() + "-shm"), ignored);
}

int fail_with(const Error& error, int code = 1)
{
    print_error(error);
    return code;
}

}  // namespace

CLI::App* add_backup_commands(CLI::App& parent, CommandOptions& options, CLI::App** restore)
{
    auto* backup = parent.add_subcommand(
        "backup", "Copy the SQLite database to a new file while the server keeps running");
    backup->add_option("file", options.file, "the backup file to write (must not exist)")
        ->required();
    add_database_option(*backup, options);
    *restore = parent.add_subcommand(
        "restore", "Replace the SQLite database with a backup (stop the server first)");
    (*restore)->add_option("file", options.file, "the backup file to read")->required();
    (*restore)->add_flag("--replace", options.replace,
        "replace the database when it exists (without it, restore only makes a new one)");
    add_database_option(**restore, options);
    return backup;
}

int run_backup(const Settings& settings, const std::string& output)
{
    auto location = storage::parse_database_location(settings.db);
    if (!location.ok())
        return fail_with(location.error(), 2);
    if (location->backend == storage::Backend::postgres)
        return fail_with(postgres_tools(*location, /*backup=*/true, output), 2);
    if (!fs::exists(location->connect_string))
        return fail_with({ErrorCode::not_found, "no database file here", location->display});
    if (fs::exists(output))
        return fail_with({ErrorCode::already_exists,
            "the file exists; a backup never overwrites one: choose a new name", output});

    auto database = open_database(settings, /*migrate=*/false);
    if (!database.ok())
        return fail_with(database.error());
    auto version = (*database)->schema_version();
    if (!version.ok())
        return fail_with(version.error());
    auto copied = (*database)->read([&](soci::session& session) -> Result<void> {
        // VACUUM cannot run inside a transaction; read() opens none.
        session << "VACUUM INTO :output", soci::use(output);
        return {};
    });
    if (!copied.ok())
        return fail_with(copied.error());
    std::error_code size_error;
    const auto bytes = fs::file_size(output, size_error);
    std::cout << "Backed up " << location->display << " to " << output << " ("
              << (size_error ? 0 : bytes) << " bytes, schema version " << *version << ").\n";
    return 0;
}

int run_restore(const Settings& settings, const std::string& input, bool replace)
{
    auto location = storage::parse_database_location(settings.db);
    if (!location.ok())
        return fail_with(location.error(), 2);
    if (location->backend == storage::Backend::postgres)
        return fail_with(postgres_tools(*location, /*backup=*/false, input), 2);
    const fs::path target = location->connect_string;
    if (!fs::is_regular_file(input))
        return fail_with({ErrorCode::not_found, "no backup file here", input});
    if (fs::exists(target) && !replace)
        return fail_with({ErrorCode::already_exists,
                             "the database exists: stop the server, then restore with --replace "
                             "to put the backup in its place",
                             location->display},
            2);

    // The backup is checked and migrated on a copy beside the database: the same folder, so the
    // final rename is atomic, and the backup file itself is never changed.
    const fs::path staging = target.string() + ".restoring";
    std::error_code error;
    fs::remove(staging, error);
    remove_sqlite_companions(staging);
    if (!fs::copy_file(input, staging, error))
        return fail_with(
            {ErrorCode::internal, "cannot copy the backup: " + error.message(), staging.string()});
    int version = 0;
    int latest = 0;
    {
        Settings staged = settings;
        staged.db = staging.string();
        auto database = open_database(staged, /*migrate=*/false);
        Result<int> found =
            database.ok() ? (*database)->schema_version() : Result<int>(database.error());
        if (!found.ok() || *found == 0) {
            fs::remove(staging, error);
            remove_sqlite_companions(staging);
            return fail_with({ErrorCode::invalid_argument,
                "not a Tablero database" +
                    (found.ok() ? std::string() : " (" + found.error().message + ")"),
                input});
        }
        latest = (*database)->latest_schema_version();
        if (*found > latest) {
            fs::remove(staging, error);
            remove_sqlite_companions(staging);
            return fail_with({ErrorCode::failed_precondition,
                "made by a newer Tablero (schema version " + std::to_string(*found) +
                    "; this program knows up to " + std::to_string(latest) + ")",
                input});
        }
        version = *found;
        if (auto applied = (*database)->migrate(); !applied.ok()) {
            fs::remove(staging, error);
            remove_sqlite_companions(staging);
            return fail_with(applied.error());
        }
    }  // Closing the last connection checkpoints the log into the file.
    remove_sqlite_companions(staging);
    remove_sqlite_companions(target);
    fs::rename(staging, target, error);
    if (error)
        return fail_with({ErrorCode::internal,
            "cannot put the restored database in place: " + error.message(), location->display});
    std::cout << "Restored " << input << " into " << location->display << " (schema version "
              << version;
    if (version < latest)
        std::cout << ", upgraded to " << latest;
    std::cout << ").\n";
    return 0;
}

}  // namespace tablero::cli

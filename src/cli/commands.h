// The command line of build/tablero, one file per subcommand (serve.cpp, migrate.cpp). Every
// subcommand that touches data takes --db. Actions that need the whole program (serve) are
// passed in from app/, the composition root, so cli/ depends only on storage, checks and core.
#pragma once

#include "checks/link_checker.h"
#include "cli/settings.h"
#include "core/clock.h"
#include "storage/database.h"

#include <CLI/App.hpp>

#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace tablero::cli {

enum class UserAction { none, add, list, disable, enable };

// `tablero users ...`
struct UserOptions {
    UserAction action = UserAction::none;
    std::string email;
    std::string role;
    std::vector<std::string> institutions;
    std::string organisation;
    std::string name;
};

// What CLI11 fills in while parsing: the flags given, by setting name, and the switches.
struct CommandOptions {
    Values flags;
    std::string config_file;
    bool demo = false;
    // import plan-csv FILE, export plan-csv --output FILE
    std::string file;
    // export plan-csv --plan CODE
    std::string plan;
    UserOptions user;
    // restore --replace
    bool replace = false;
};

// Adds --db, and for the server --listen and friends, writing into options.flags.
void add_database_option(CLI::App& command, CommandOptions& options);
CLI::App* add_serve_command(CLI::App& parent, CommandOptions& options);
CLI::App* add_migrate_command(CLI::App& parent, CommandOptions& options);
CLI::App* add_import_command(CLI::App& parent, CommandOptions& options);
CLI::App* add_export_command(CLI::App& parent, CommandOptions& options);
CLI::App* add_users_command(CLI::App& parent, CommandOptions& options);
// `backup FILE` (returned) and `restore FILE [--replace]` (in *restore).
CLI::App* add_backup_commands(CLI::App& parent, CommandOptions& options, CLI::App** restore);

// `tablero migrate`: applies pending migrations and says what it did. Returns the exit code.
int run_migrate(const Settings& settings);
// `tablero import plan-csv FILE`: prints what it created and updated, or every problem.
int run_import_plan_csv(const Settings& settings, const std::string& path, const Clock& clock);
// `tablero export plan-csv --plan CODE [--output FILE]`.
int run_export_plan_csv(
    const Settings& settings, const std::string& plan_code, const std::string& output);

// `tablero backup --db DB FILE`: a consistent copy of the SQLite database, taken while it serves.
int run_backup(const Settings& settings, const std::string& output);
// `tablero restore --db DB FILE [--replace]`: the backup checked, migrated, then put in place.
int run_restore(const Settings& settings, const std::string& input, bool replace);

// `tablero users add|list|disable|enable`; `in` gives the password for add.
int run_users(const Settings& settings, const UserOptions& options, std::istream& in);

struct Actions {
    // Runs the server until it is stopped; returns the exit code.
    std::function<int(const Settings& settings, bool demo)> serve;
};

// Parses the command line, resolves the settings (flags over environment over config file over
// defaults) and runs the chosen subcommand. Usage errors exit 2, failures 1, each with one line
// on standard error.
int run_command_line(int argc, const char* const* argv, const Actions& actions,
    const std::function<const char*(const char*)>& getenv);

// "tablero: <where>: <message>" on standard error.
void print_error(const Error& error);

// A whole file's bytes, or an invalid_argument error naming the path.
Result<std::string> read_text_file(const std::string& path);

// Opens the database the settings name; with migrate, also applies pending migrations.
Result<std::unique_ptr<storage::Database>> open_database(const Settings& settings, bool migrate);

// `tablero check-links`: one round of evidence link checks now, each outcome printed, then a
// summary. Broken links are a finding, not a failure: exit code 0 unless the database fails.
CLI::App* add_check_links_command(CLI::App& parent, CommandOptions& options);
int run_check_links(const Settings& settings, const Clock& clock);
// The link checker's options from the settings, for check-links and for serve's background
// checks alike.
checks::LinkCheckerOptions link_checker_options(const Settings& settings);

}  // namespace tablero::cli

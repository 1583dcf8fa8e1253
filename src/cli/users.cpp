// `tablero users add|list|disable|enable`: accounts from the command line, so an installation
// can create its first administrator before anyone can sign in. The password is read from
// standard input (never from an argument, which other users of the machine could see in the
// process list), without echo when it is a terminal.
#include "cli/commands.h"
#include "core/clock.h"
#include "domain/accounts/authorisation.h"
#include "domain/accounts/credentials.h"
#include "security/secrets.h"
#include "storage/account_store.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

namespace tablero::cli {

namespace {

// One line from standard input without its line end; the prompt and no echo on a terminal.
std::string read_password(std::istream& in)
{
    const bool terminal = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (terminal) {
        std::cerr << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(in, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << '\n';
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

const storage::AuditActor command_line = storage::AuditActor::system("command line");

// The account to create from the options, checked: the role's scope rules and the credentials.
Result<storage::NewAccount> new_account(const UserOptions& options, const std::string& password)
{
    const auto role = accounts::parse_role(options.role);
    if (!role)
        return fail(ErrorCode::invalid_argument,
            "unknown role '" + options.role + "': use administrator, officer, monitor or citizen",
            "--role");
    auto email = accounts::normalise_email(options.email);
    if (!email.ok())
        return fail(ErrorCode::invalid_argument, email.error().message, "--email");
    if (*role == accounts::Role::officer && options.institutions.empty())
        return fail(ErrorCode::invalid_argument,
            "an officer reports for at least one institution: give --institution", "--institution");
    if (*role != accounts::Role::officer && !options.institutions.empty())
        return fail(
            ErrorCode::invalid_argument, "only officers have institutions", "--institution");
    if (*role != accounts::Role::monitor && !options.organisation.empty())
        return fail(
            ErrorCode::invalid_argument, "only monitors have an organisation", "--organisation");
    auto name = accounts::check_display_name(
        options.name.empty() ? email->substr(0, email->find('@')) : options.name);
    if (!name.ok())
        return fail(ErrorCode::invalid_argument, name.error().message, "--name");
    if (auto checked = accounts::check_password(password, *email); !checked.ok())
        return fail(ErrorCode::invalid_argument, checked.error().message, "password");
    auto hash = security::hash_password(password);
    if (!hash.ok())
        return std::move(hash).error();
    storage::NewAccount account;
    account.email = std::move(email).value();
    account.display_name = std::move(name).value();
    account.role = *role;
    account.institutions = {options.institutions.begin(), options.institutions.end()};
    account.organisation = options.organisation;
    account.password_hash = std::move(hash).value();
    // The administrator who runs the command vouches for the address: no verification link.
    account.verified = true;
    return account;
}

int fail_with(const Error& error)
{
    print_error(error);
    return error.code == ErrorCode::invalid_argument ? 2 : 1;
}

}  // namespace

CLI::App* add_users_command(CLI::App& parent, CommandOptions& options)
{
    auto* users = parent.add_subcommand("users", "Manage accounts");
    users->require_subcommand(1);
    auto& user = options.user;

    auto* add =
        users->add_subcommand("add", "Create an account; the password is read from standard input");
    add->add_option("--email", user.email, "the account's e-mail address")->required();
    add->add_option("--role", user.role, "administrator, officer, monitor or citizen")->required();
    add->add_option("--institution", user.institutions,
        "an institution an officer reports for, as the plans name it (repeatable)");
    add->add_option("--organisation", user.organisation, "a monitor's organisation");
    add->add_option("--name", user.name, "the name shown for the account (default: the address)");
    add_database_option(*add, options);
    add->callback([&user] { user.action = UserAction::add; });

    auto* list = users->add_subcommand("list", "List every account");
    add_database_option(*list, options);
    list->callback([&user] { user.action = UserAction::list; });

    for (auto [name, action, help] :
        {std::tuple{"disable", UserAction::disable, "Disable an account and end its sessions"},
            std::tuple{"enable", UserAction::enable, "Enable a disabled account again"}}) {
        auto* command = users->add_subcommand(name, help);
        command->add_option("--email", user.email, "the account's e-mail address")->required();
        add_database_option(*command, options);
        command->callback([&user, action = action] { user.action = action; });
    }
    return users;
}

int run_users(const Settings& settings, const UserOptions& options, std::istream& in)
{
    const std::string at = storage::to_sql_timestamp(SystemClock().now());
    // Everything about the request is checked before the database is opened.
    storage::NewAccount account;
    if (options.action == UserAction::add) {
        auto checked = new_account(options, read_password(in));
        if (!checked.ok())
            return fail_with(checked.error());
        account = std::move(checked).value();
    }
    auto database = open_database(settings, /*migrate=*/true);
    if (!database.ok())
        return fail_with(database.error());
    auto store = storage::make_account_store(**database);

    switch (options.action) {
    case UserAction::add: {
        auto created = store->create_account(account, command_line, at);
        if (!created.ok())
            return fail_with(created.error());
        std::cout << "Account " << created->email << " created ("
                  << accounts::to_string(created->role) << ").\n";
        return 0;
    }
    case UserAction::list: {
        auto all = store->list_accounts();
        if (!all.ok())
            return fail_with(all.error());
        for (const auto& each : *all) {
            std::cout << each.email << '\t' << accounts::to_string(each.role) << '\t'
                      << each.display_name << '\t';
            std::string scope = each.organisation;
            for (const auto& institution : each.institutions)
                scope += (scope.empty() ? "" : "; ") + institution;
            std::cout << scope << '\t' << (each.disabled ? "disabled" : "active") << '\n';
        }
        return 0;
    }
    case UserAction::disable:
    case UserAction::enable: {
        auto email = accounts::normalise_email(options.email);
        if (!email.ok())
            return fail_with(fail(ErrorCode::invalid_argument, email.error().message, "--email"));
        const bool disable = options.action == UserAction::disable;
        if (auto changed = store->set_disabled(*email, disable, command_line, at); !changed.ok())
            return fail_with(changed.error());
        std::cout << "Account " << *email << (disable ? " disabled.\n" : " enabled.\n");
        return 0;
    }
    case UserAction::none:
        break;
    }
    return 2;
}

}  // namespace tablero::cli

// `tablero check-links`: one round of evidence link checks now, the same round the server runs
// in the background, with each outcome and a summary printed (for operators, and for tests).
#include "checks/link_checker.h"
#include "cli/commands.h"
#include "storage/link_check_store.h"

#include <iostream>

namespace tablero::cli {

CLI::App* add_check_links_command(CLI::App& parent, CommandOptions& options)
{
    auto* command = parent.add_subcommand("check-links",
        "Check the evidence links that are due now (one round), record and print the outcomes");
    add_database_option(*command, options);
    command->add_option_function<std::string>(
        "--link-check-interval",
        [&options](const std::string& value) { options.flags["link_check_interval"] = value; },
        "hours before a link is checked again (default 24)");
    command->add_option_function<std::string>(
        "--link-check-private",
        [&options](const std::string& value) { options.flags["link_check_private"] = value; },
        "on or off (default off): let checks reach loopback and private addresses");
    return command;
}

checks::LinkCheckerOptions link_checker_options(const Settings& settings)
{
    checks::LinkCheckerOptions options;
    options.user_agent = std::string("Tablero link checker (+") + TABLERO_VERSION + ")";
    options.allow_private_addresses = settings.link_check_private;
    options.due.interval = std::chrono::hours(settings.link_check_interval_hours);
    return options;
}

int run_check_links(const Settings& settings, const Clock& clock)
{
    auto database = open_database(settings, /*migrate=*/true);
    if (!database.ok()) {
        print_error(database.error());
        return 1;
    }
    auto store = storage::make_link_check_store(**database);
    checks::LinkChecker checker(*store, clock, link_checker_options(settings));
    // The addresses are printed whole here: they are public evidence, and the operator asked.
    auto summary =
        checker.run_round([](const std::string& url, const evidence::LinkCheckResult& result) {
            std::cout << evidence::to_string(result.outcome) << '\t' << result.detail << '\t' << url
                      << '\n';
        });
    if (!summary.ok()) {
        print_error(summary.error());
        return 1;
    }
    std::cout << "Checked " << summary->checked << (summary->checked == 1 ? " link: " : " links: ")
              << summary->ok << " ok, " << summary->broken << " broken, " << summary->unreachable
              << " unreachable; " << summary->left_for_later << " more due for the next round."
              << std::endl;
    return 0;
}

}  // namespace tablero::cli

// build/tablero: the one program. See `tablero --help` and docs/configuration.md.
#include "app/serve.h"
#include "cli/commands.h"

#include <cstdlib>
#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    try {
        tablero::app::use_standard_error_for_logs();
        tablero::cli::Actions actions{.serve = tablero::app::serve};
        return tablero::cli::run_command_line(argc, argv, actions, std::getenv);
    } catch (const std::exception& error) {
        // A bug, not an expected failure: still one line, and a distinct exit code.
        std::cerr << "tablero: internal error: " << error.what() << '\n';
        return 70;
    }
}

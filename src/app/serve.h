// `tablero serve`: the composition root. Opens the database, applies migrations, loads the
// templates, catalogs and static files, wires every feature's routes and runs the server until
// SIGINT or SIGTERM.
#pragma once

#include "cli/settings.h"

namespace tablero::app {

// Returns the process exit code: 0 after a graceful stop, 1 when start-up fails (with one
// line on standard error saying why).
int serve(const cli::Settings& settings, bool demo);

// Sends the program's log to standard error, so standard output carries only what a command
// prints (an exported CSV, the server's URL and access log). Called first thing in main().
void use_standard_error_for_logs();

// The server's logging: the level from the settings, and the access log on standard output.
void configure_logging(const cli::Settings& settings);

}  // namespace tablero::app

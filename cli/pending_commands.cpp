// Subcommands whose issue has not landed would live here: they parse their real options (so that `--help`
// documents them) and report that they are not implemented yet (not_implemented, exit 1). None is left.
#include "cli/command_factories.h"

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/program.h"
#include "runtime/model/registry.h"

namespace mel::frontend {

/// What `check`, `run`, `info` and the REPL ask of the front end (language.md §5.7, §6.2–§6.4).
struct CheckRequest {
    std::string file;                         // Compo.toml, standalone .mel or .jeu
    std::vector<std::string> search_paths;    // --path
    std::optional<std::string> command;       // entrypoint command; default `main`
    std::optional<std::string> force_entry;   // --force-entry IDENTIFIER
    bool all = false;                         // --all: every entrypoint
};

/// Loads the package, every area reachable through `use` from the selected entrypoints (the whole
/// file for a standalone package), builds signatures and designs, and reports every problem.
/// Returns the program even when it has errors (the caller looks at `diags.has_errors()`), or
/// nullptr when nothing could be loaded.
std::unique_ptr<sema::Program> check_program(const CheckRequest&, const Registry&, SourceManager&, Diagnostics&);

/// `check --all` without a file: every embedded `.mel` area of every native package, checked.
std::unique_ptr<sema::Program> check_native_areas(const Registry&, SourceManager&, Diagnostics&);

} // namespace mel::frontend

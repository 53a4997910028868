#pragma once

// The options of a program's run, built in one place for `melodium run`, `melodium dist` (a worker runs the
// program it was shipped, which may distribute in turn) and the REPL's `:run`: what a run carries cannot
// differ between them.

#include <string>

#include "frontend/sema/program.h"
#include "runtime/engine/program_sources.h"
#include "runtime/engine/world.h"

namespace mel::cli {

/// What a command line says about a run: `run`'s and `dist`'s --logs and --debug, `run --fail-on-error`.
/// The REPL's `:run` gives none.
struct RunFlags {
    std::string logs_file;  // empty: none
    std::string debug_file; // empty: none
    bool fail_on_error = false;
};

/// The options of a run of `program`: the native registry (where data types' wire codecs are found), its
/// sources (what its DistributionEngines ship to their workers), then the flags. The caller adds what only it knows (console, observers). `program` null: no program (a worker
/// whose launch failed).
engine::RunOptions run_options(const frontend::sema::Program* program, const RunFlags& flags = {});

/// Every area of every non-native package `program` loaded (the main package first), as text.
engine::ProgramSources program_sources(const frontend::sema::Program& program);

} // namespace mel::cli

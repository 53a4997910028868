#pragma once

#include <cstdio>
#include <memory>

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/check.h"
#include "runtime/model/registry.h"

namespace mel::cli {

/// Every native package compiled into this build, registered once.
const Registry& native_registry();

/// The front end's work for `check`, `run`, `info`, `draw` and the REPL: the program and what was
/// said about it.
struct LoadedProgram {
    frontend::SourceManager sources;
    frontend::Diagnostics diagnostics;
    std::unique_ptr<frontend::sema::Program> program;
    bool ok() const { return program && !diagnostics.has_errors(); }
};

std::unique_ptr<LoadedProgram> load_program(const frontend::CheckRequest&);
/// Every embedded area of the native packages (`check --all` without a file).
std::unique_ptr<LoadedProgram> load_native_areas();

/// Prints the diagnostics on `out` (stderr) the way `check` does.
void print_diagnostics(std::FILE* out, const LoadedProgram&);

} // namespace mel::cli

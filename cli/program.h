#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

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

/// After L0245/L0238 (no entry point): a note naming the command that was asked for and the
/// entrypoints the package has.
void print_entrypoint_note(std::FILE* out, const frontend::CheckRequest&, const LoadedProgram&);

/// The program file of a command line: FILE itself, DIR/Compo.toml when FILE is a directory, or
/// Compo.toml when FILE is empty and the current directory holds one; nullopt when FILE is empty
/// and there is none (missing_file_message() says so).
std::optional<std::string> program_file(const std::string& given);
std::string missing_file_message();

} // namespace mel::cli

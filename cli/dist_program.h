#pragma once

// The program shipping of `melodium dist` (packages.md §3.4 step 3, §6.5; docs/distribution.md): a
// dispatcher sends its run's program sources (cli/run_options.h); here, how a worker turns them back into
// a program.

#include <filesystem>
#include <map>
#include <string>

#include "frontend/sema/program.h"
#include "packages/distrib/messages.h"
#include "runtime/model/result.h"

namespace mel::cli {

/// Writes the shipped packages under `dir` so that a search location finds them: a standalone package as
/// `NAME.mel`, a file package as `NAME/Compo.toml` plus its areas.
Status write_shipped_program(const packages::distrib::ShippedProgram& program, const std::filesystem::path& dir);

/// The Mélodium source of the worker's entry treatment `main`: it instantiates `remote` (a treatment of
/// `remote_package` required as `requirement`) with the parameters in `params` (those are the entry's own
/// parameters) and connects every input to a `distrib/worker::feed*` and every output to a `sink*`.
/// `remote` null: only the `use` of the remote treatment (to find its descriptor first).
std::string worker_entry_source(const Identifier& remote_id, const std::string& requirement,
                                const TreatmentDescriptor* remote, const std::map<std::string, Value>& params);

/// `Stream<byte>`: a port's type with its flow, as LaunchStatus describes ports.
std::string port_type_text(const Port& port);

} // namespace mel::cli

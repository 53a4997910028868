#pragma once

#include <map>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "runtime/model/descriptors.h"
#include "runtime/model/result.h"

namespace mel::cli {

/// The program arguments of `run` bound to the entrypoint's parameters (language.md §6.7).
struct BoundArguments {
    std::map<std::string, Value> values; // given arguments only; defaults are the engine's job
};

enum class ArgumentError { Usage, Conversion };

struct ArgumentFailure {
    ArgumentError kind;
    std::string message; // without the `failure: ` / `error: ` word
};

/// Binds `--name value` and `--name=value` to `entry`'s parameters, converting each text by the
/// parameter's type: without Mélodium parsing ("naive" mode of the reference), or, with `parse`
/// (`--parse-arguments`), as one Mélodium value each. Unknown options and missing values are usage
/// errors; conversion problems are failures worded as the reference's.
/// Missing required parameters are not checked here (they are launch errors: D0225).
std::variant<BoundArguments, ArgumentFailure> bind_arguments(const TreatmentDescriptor& entry,
                                                             const std::vector<std::string>& args,
                                                             bool parse = false);

/// Parameters of `entry` that have no default and no value in `values`, one launch error each
/// (`D0225: Parameter 'to' has no valid value for launch: --to <string> is required`); none when
/// the entry has ports (language.md §4.13: such an entry is not launched from the command line).
std::vector<std::string> missing_parameters(const TreatmentDescriptor& entry, const std::map<std::string, Value>& values);

/// The launch checks on the entry itself, as `run`, the REPL's `:run` and `dist` make them; each prints its
/// failure on stderr and returns false. `launchable_entry`: no generics, no model (D0236).
bool launchable_entry(const TreatmentDescriptor& entry);
/// `implemented_entry`: every native element reachable from the entry has a body in this build.
bool implemented_entry(const TreatmentDescriptor& entry);

/// Whether the program's words ask for its help (`--help` or `-h`, unless the entry has a
/// parameter of that name).
bool asks_for_help(const TreatmentDescriptor& entry, const std::vector<std::string>& args);

/// The words after FILE (language.md §6.2): a first word without `-` is the entrypoint command; one
/// `--` before the arguments (before or after the command word) is consumed.
struct ProgramWords {
    std::optional<std::string> command;
    std::vector<std::string> arguments;
};
ProgramWords program_words(std::vector<std::string> words);

/// Converts one argument text to `type` as the reference's naive mode does; the error text is
/// the reason printed after `parameter 'p' is type 'T': `.
Result<Value> convert_argument(const Type& type, const std::string& text);

/// Whether `type` can be given without --parse-arguments.
bool naively_convertible(const Type& type);

} // namespace mel::cli

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

// The launch checks `run`, the REPL's `:run` and `dist` make on an entry, in one place: each returns the
// failures' messages as the diagnostic table words them (frontend/diag/diagnostic_kinds.def, the Launch
// rows), without the `failure: ` / `error: ` word; none when the check passes.

/// No generics, no model slots (D0236): at most one message.
std::vector<std::string> entry_problems(const TreatmentDescriptor& entry);
/// Every native element reachable from the entry has a body in this build: one message per missing one.
std::vector<std::string> implementation_problems(const TreatmentDescriptor& entry);
/// Parameters of `entry` that have no default and no value in `values`, one launch error each
/// (`D0225: Parameter 'to' has no valid value for launch: --to <string> is required`); none when
/// the entry has ports (language.md §4.13: such an entry is not launched from the command line).
std::vector<std::string> missing_parameters(const TreatmentDescriptor& entry, const std::map<std::string, Value>& values);

/// Prints a check's messages on stderr, the first as `failure:`, the others as `error:`; whether there were
/// none.
bool report_launch_problems(const std::vector<std::string>& problems);

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

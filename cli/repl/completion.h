#pragma once

// Tab completion for the REPL: `:commands`, element names (imported aliases, declared elements,
// entrypoint commands, and every identifier `pkg/area::name` the session knows), graph formats
// after `:graph NAME`, and port names after `instance.` (the instances of the treatment being
// typed, `Self` for its own ports).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/repl/input.h"

namespace mel::cli::repl {

struct PortNames {
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
};

struct CompletionSource {
    std::vector<std::string> commands;    // `:info`, …
    std::vector<std::string> names;       // aliases, declared elements, entrypoint commands
    std::vector<std::string> identifiers; // `std/flow::trigger`, `std/ops/num::|add`, …
    /// The ports of the treatment a type name (as written in an instantiation) refers to.
    std::function<std::optional<PortNames>(const std::string& type)> ports;
};

/// Candidates for the word before the end of `line`; `pending` holds the earlier lines of the
/// input being typed.
Completion complete(const CompletionSource&, const std::string& pending, const std::string& line);

/// The instances declared in a treatment body being typed: instance name → type name as written
/// (`greeting: emit<string>(…)` → greeting → emit; `startup()` → startup → startup).
std::vector<std::pair<std::string, std::string>> typed_instances(const std::string& text);

/// The ports declared in the header of the treatment being typed (`input x: …`, `output y: …`).
PortNames typed_self_ports(const std::string& text);

} // namespace mel::cli::repl

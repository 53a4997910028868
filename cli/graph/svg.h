#pragma once

#include <string>

#include "runtime/model/result.h"

namespace mel::cli::graph {

/// Lays out `dot` (Graphviz DOT text) as SVG with Graphviz's `dot -Tsvg` (the `graphviz` Debian
/// package, found through PATH). An Error when `dot` cannot be started or fails (its stderr in
/// the message).
Result<std::string> dot_to_svg(const std::string& dot);

} // namespace mel::cli::graph

#pragma once

// The rendered message lines of a Diagnostics, for assertions.

#include <string>
#include <vector>

#include "frontend/diag/diagnostics.h"

namespace mel::frontend::testing {

inline std::vector<std::string> messages(const SourceManager& sources, const Diagnostics& diags)
{
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.sorted())
        out.push_back(render_message(sources, diags, d));
    return out;
}

using Lines = std::vector<std::string>;

} // namespace mel::frontend::testing

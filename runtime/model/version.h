#pragma once

#include <string>

#include <melodium/version.h>

namespace mel {

/// The line `melodium --version` prints: language version first, as the reference does, then ours.
std::string version_line();

} // namespace mel

#pragma once

namespace mel {
class Registry;
}

namespace mel::packages {

/// Declares every package of packages/ (fs, …) in `registry`, after std (their signatures use std's types).
/// The CLI calls it once, next to stdlib::register_std.
void register_packages(Registry&);

} // namespace mel::packages

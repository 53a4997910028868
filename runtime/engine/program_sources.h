#pragma once

// The sources of the program a world runs (DESIGN §6 "the program is shipped as source"): every area of
// every non-native package it loaded, as text. The CLI fills them when it loads a program; the engine only
// carries them (RunOptions::program), for the natives that hand the program on: distrib ships it to its
// workers, which check it again.

#include <string>
#include <utility>
#include <vector>

namespace mel::engine {

/// One area of a package: its path after the package name ({} for the root) and its text.
struct SourceArea {
    std::vector<std::string> path;
    std::string text;
};

/// A non-native package of the program, as source.
struct SourcePackage {
    std::string name;
    std::string version;
    bool standalone = false;
    /// name → requirement text (`^0.10.2`), for a file package's Compo.toml.
    std::vector<std::pair<std::string, std::string>> dependencies;
    std::vector<SourceArea> areas;
};

/// The main package first, then the others in the order the program loaded them.
struct ProgramSources {
    std::vector<SourcePackage> packages;
};

} // namespace mel::engine

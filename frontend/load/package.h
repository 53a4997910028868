#pragma once

// Packages as the loader sees them (language.md §5.1): a name, a version, dependencies, entrypoints
// and areas. File, standalone and jeu packages live in this folder; native packages come from the
// registry and implement the same interface.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "frontend/diag/diagnostics.h"
#include "frontend/load/semver.h"

namespace mel::frontend {

/// `package = "requirement"` of a Compo.toml, or `package:requirement` of a `#! require` line.
struct Dependency {
    std::string name;
    VersionReq requirement;

    /// `std (^0.10.2)`: how the reference names a requirement in messages (L0209).
    std::string to_string() const { return name + " (" + requirement.to_string() + ")"; }
};

struct PackageInfo {
    std::string name;
    Version version;
    std::vector<Dependency> dependencies;
    /// command → identifier text (`main` → `app/main::main`), in file order. Not resolved here:
    /// whether the identifier exists is for the checker (for a standalone package, `main` is
    /// listed even if the file declares no `main`).
    std::vector<std::pair<std::string, std::string>> entrypoints;
    PackageKind kind = PackageKind::File;
    /// The path shown in messages: the directory of a file package, the file of a standalone or
    /// jeu package, a label for native packages.
    std::string location;
};

/// The text of one area.
struct AreaSource {
    /// What the loader's "Lnnnn: Script error on PATH" wrapper prints (language.md §4.14): the
    /// package name for a standalone file and for `lib-root.mel`, `pkg/dir/file.mel` otherwise.
    std::string display_path;
    /// The real path on disk (or `archive.jeu/dir/file.mel` inside a jeu), for excerpts.
    std::string file_path;
    std::string text;

    /// Set when the area exists but its text cannot be used; `text` is then empty. Report it
    /// with report_unusable() instead of lexing.
    enum class Problem { None, Unreadable, NotUtf8 };
    Problem problem = Problem::None;
    std::string problem_detail; // the OS message for Unreadable
};

/// Reports an unusable area (L0193 for a read failure, L1001 for invalid UTF-8); returns true if
/// it was unusable.
bool report_unusable(const AreaSource&, Diagnostics&);

/// The seam between the loader and the kinds of packages (file, standalone, jeu, native).
class Package {
public:
    virtual ~Package() = default;

    virtual const PackageInfo& info() const = 0;

    /// The area at `path` (segments after the package name; empty = the root area, i.e.
    /// `lib-root.mel`, or the standalone file itself), or nullopt if the package has no such area.
    /// File packages read the file here, on demand.
    virtual std::optional<AreaSource> area(const std::vector<std::string>& path) const = 0;

    /// Every area the package has (for `check --all`, `jeu build`, the REPL), sorted, paths as above.
    virtual std::vector<std::vector<std::string>> areas() const = 0;
};

/// Whether a Compo.toml entrypoint value is an identifier the reference accepts: exactly one
/// `::` (split as the reference does, so `a:::b` counts one). Nothing else is validated (L0242).
bool is_entrypoint_identifier(std::string_view text);

/// `pkg/a/b` for area path {a, b} of package `pkg`; just `pkg` for the root area.
std::string area_name(const std::string& package, const std::vector<std::string>& path);

} // namespace mel::frontend

#pragma once

// Standalone packages: one .mel file with a `#!` header (language.md §5.4).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "frontend/load/package.h"

namespace mel::frontend {

struct StandaloneHeader {
    std::string name;
    Version version{0, 1, 0, {}, {}}; // when the header has no version line
    std::vector<Dependency> dependencies;
};

/// Parses the header as the reference does: lines are read from the top, `#!/` lines (shebang)
/// are skipped, the header ends at the first line not starting with `#!`; `#! name = `,
/// `#! version = ` and `#! require = ` lines are recognised and every other `#!` line is ignored.
/// Reports, stopping at the first one as the reference: L0186 duplicate name, L0187 duplicate
/// version, L0188 bad version, L0208 a require piece without exactly one ':', L0209 a bad
/// requirement, L0189 no name. Nullopt on error.
///
/// Deliberate differences (DESIGN §7, docs/differences.md): a key line accepts any run of spaces or
/// tabs after `#!`, around the key and after `=` (`#! name    = x`, `#!\tversion=1.0.0`), where
/// the reference wants exactly `#! key = `; and `require` values are split on runs of whitespace,
/// so doubled or trailing spaces (an L0208 in the reference) are accepted. Values are otherwise
/// taken verbatim up to the end of the line (a trailing '\r' is dropped).
std::optional<StandaloneHeader> parse_standalone_header(std::string_view text, const std::string& file_name,
                                                        SourceManager&, Diagnostics&);

/// Whether the header of `text` names a package (`#! name = …`): such a .mel file is a
/// standalone package; a .mel file without it is an area of some file package.
bool has_standalone_name(std::string_view text);

/// A standalone package from the file's text (already known to be UTF-8). Its only area is the
/// whole file, path {}, displayed as the package name; its entrypoints list `main` → `NAME::main`
/// (whether the file declares `main` is for the checker). `location` is the file's path.
std::shared_ptr<Package> make_standalone_package(std::string text, const std::string& location,
                                                 SourceManager&, Diagnostics&);

/// Reads `file` (L0193 if it cannot be read, L1001 if it is not UTF-8), then make_standalone_package.
std::shared_ptr<Package> load_standalone_package(const std::filesystem::path& file, SourceManager&,
                                                 Diagnostics&);

} // namespace mel::frontend

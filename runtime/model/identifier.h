#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mel {

/// Identity of an element: `root/seg/…/area::name` (language.md §1). The first path segment is the
/// package name; the name keeps its sigil for functions (`|add`) and contexts (`@HttpRequest`).
struct Identifier {
    std::vector<std::string> path;
    std::string name;

    /// `std/flow::emit`
    std::string to_string() const;
    /// `std/flow` — the area path joined with '/'.
    std::string area() const;
    const std::string& package() const { return path.front(); }

    /// Parses `a/b::c` (exactly one `::`, non-empty segments). Used for entrypoints, --force-entry
    /// and registration.
    static std::optional<Identifier> parse(std::string_view text);

    friend bool operator==(const Identifier&, const Identifier&) = default;
    friend auto operator<=>(const Identifier&, const Identifier&) = default;
};

struct IdentifierHash {
    std::size_t operator()(const Identifier& id) const;
};

} // namespace mel

#pragma once

// SemVer 2.0 versions and Cargo-style version requirements, as the reference uses them for package
// versions and dependencies (language.md §5.2; the reference relies on the Rust `semver` crate, whose
// parsing, matching and display rules are reproduced here).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/result.h"

namespace mel::frontend {

/// `MAJOR.MINOR.PATCH[-pre][+build]`. `pre` and `build` keep their dot-separated identifiers as
/// written (empty when absent).
struct Version {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::uint64_t patch = 0;
    std::string pre;
    std::string build;

    /// Strict SemVer 2.0: no surrounding spaces, no leading zeros in numbers or numeric
    /// pre-release identifiers, identifiers made of [0-9A-Za-z-].
    static Result<Version> parse(std::string_view text);

    std::string to_string() const;

    friend bool operator==(const Version&, const Version&) = default;
    /// Precedence (SemVer §11), then build metadata to make the order total.
    friend std::strong_ordering operator<=>(const Version&, const Version&);
};

/// SemVer precedence: build metadata is ignored; a pre-release sorts before its release.
std::strong_ordering precedence(const Version&, const Version&);

/// One comparator of a requirement. `minor`/`patch` are absent for partial versions (`1`, `1.2`)
/// and wildcards (`1.*`); `pre` is only possible with a full version.
struct Comparator {
    enum class Op { Exact, Greater, GreaterEq, Less, LessEq, Tilde, Caret, Wildcard };
    Op op = Op::Caret;
    std::uint64_t major = 0;
    std::optional<std::uint64_t> minor;
    std::optional<std::uint64_t> patch;
    std::string pre;

    /// The comparator alone, without the pre-release rule of VersionReq::matches.
    bool matches_ignoring_pre_rule(const Version&) const;
    std::string to_string() const;

    friend bool operator==(const Comparator&, const Comparator&) = default;
};

/// Comma-separated comparators, all of which must match (Cargo syntax): `1.2.3` (= `^1.2.3`), `^`, `~`,
/// `=`, `>`, `>=`, `<`, `<=`, partial versions `1`, `1.2`, wildcards `*`, `1.*`, `1.2.*`.
class VersionReq {
public:
    /// `*`: matches every release (and no pre-release).
    VersionReq() = default;

    static Result<VersionReq> parse(std::string_view text);
    /// `=MAJOR.MINOR.PATCH[-pre]`: what `root/` and `local/` uses require (language.md §4.2).
    static VersionReq exact(const Version&);

    /// Every comparator matches; a pre-release version additionally needs a comparator naming the
    /// same MAJOR.MINOR.PATCH with a pre-release (Cargo's rule).
    bool matches(const Version&) const;

    /// As the reference prints requirements in messages: `^0.10.2`, `=0.10.2`, `>=0.9, <0.11`, `*`.
    std::string to_string() const;

    const std::vector<Comparator>& comparators() const { return m_comparators; }

    friend bool operator==(const VersionReq&, const VersionReq&) = default;

private:
    std::vector<Comparator> m_comparators; // empty = `*`
};

} // namespace mel::frontend

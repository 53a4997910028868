// Versions and requirements with the rules of the Rust `semver` crate used by the reference
// (melodium-common re-exports it): same accepted syntax, same matching (including the pre-release
// rule), same display of requirements in messages.
#include "frontend/load/semver.h"

#include <algorithm>
#include <limits>

namespace mel::frontend {

namespace {

using Op = Comparator::Op;

constexpr std::size_t k_max_comparators = 32; // as the crate

bool is_wildcard(char c)
{
    return c == '*' || c == 'x' || c == 'X';
}
bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
bool is_identifier_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

/// A read position in the text being parsed; every parse function consumes from it.
struct Cursor {
    std::string_view text;
    std::size_t at = 0;

    bool done() const { return at >= text.size(); }
    char peek() const { return done() ? '\0' : text[at]; }
    bool take(char c)
    {
        if (done() || text[at] != c)
            return false;
        ++at;
        return true;
    }
    void skip_spaces()
    {
        while (!done() && text[at] == ' ')
            ++at;
    }
};

Error fail(std::string_view what, const Cursor& cursor)
{
    std::string message(what);
    if (cursor.done())
        message += " (unexpected end of input)";
    else
        message += " (unexpected character '" + std::string(1, cursor.peek()) + "')";
    return Error{std::move(message)};
}

Result<std::uint64_t> numeric(Cursor& c, std::string_view what)
{
    const std::size_t start = c.at;
    std::uint64_t value = 0;
    while (!c.done() && is_digit(c.peek())) {
        if (c.at > start && value == 0)
            return Error{"invalid leading zero in " + std::string(what)};
        const auto digit = static_cast<std::uint64_t>(c.peek() - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
            return Error{"value of " + std::string(what) + " exceeds the maximum"};
        value = value * 10 + digit;
        ++c.at;
    }
    if (c.at == start)
        return fail("expected a " + std::string(what), c);
    return value;
}

enum class IdentifierKind { Pre, Build };

/// Dot-separated identifiers after `-` or `+`; must not be empty.
Result<std::string> identifiers(Cursor& c, IdentifierKind kind)
{
    const std::size_t start = c.at;
    while (true) {
        const std::size_t segment = c.at;
        while (!c.done() && is_identifier_char(c.peek()))
            ++c.at;
        const std::string_view piece = c.text.substr(segment, c.at - segment);
        if (piece.empty())
            return fail(
                kind == IdentifierKind::Pre ? "empty pre-release identifier" : "empty build identifier", c);
        if (kind == IdentifierKind::Pre && piece.size() > 1 && piece[0] == '0' && all_digits(piece))
            return Error{"invalid leading zero in pre-release identifier"};
        if (!c.take('.'))
            break;
    }
    return std::string(c.text.substr(start, c.at - start));
}

/// Segment-wise comparison of pre-release (or build) identifiers: numeric ones numerically and
/// before alphanumeric ones, alphanumeric ones in ASCII order, a longer list after its prefix.
std::strong_ordering compare_identifiers(std::string_view a, std::string_view b)
{
    while (true) {
        if (a.empty() || b.empty())
            return !a.empty()   ? std::strong_ordering::greater
                   : !b.empty() ? std::strong_ordering::less
                                : std::strong_ordering::equal;
        const std::size_t ea = std::min(a.find('.'), a.size());
        const std::size_t eb = std::min(b.find('.'), b.size());
        std::string_view sa = a.substr(0, ea), sb = b.substr(0, eb);
        const bool na = all_digits(sa), nb = all_digits(sb);
        if (na != nb)
            return na ? std::strong_ordering::less : std::strong_ordering::greater;
        if (na) {
            sa.remove_prefix(std::min(sa.find_first_not_of('0'), sa.size()));
            sb.remove_prefix(std::min(sb.find_first_not_of('0'), sb.size()));
            if (const auto by_length = sa.size() <=> sb.size(); by_length != 0)
                return by_length;
        }
        if (const auto by_text = sa.compare(sb) <=> 0; by_text != 0)
            return by_text;
        a.remove_prefix(std::min(ea + 1, a.size()));
        b.remove_prefix(std::min(eb + 1, b.size()));
    }
}

/// Pre-release order where "no pre-release" is the greatest (a release follows its pre-releases).
std::strong_ordering compare_pre(std::string_view a, std::string_view b)
{
    if (a.empty() && b.empty())
        return std::strong_ordering::equal;
    if (a.empty() || b.empty())
        return a.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
    return compare_identifiers(a, b);
}

Result<Comparator> parse_comparator(Cursor& c)
{
    Comparator cmp;
    bool default_op = false;
    if (c.take('=')) {
        cmp.op = Op::Exact;
    } else if (c.take('>')) {
        cmp.op = c.take('=') ? Op::GreaterEq : Op::Greater;
    } else if (c.take('<')) {
        cmp.op = c.take('=') ? Op::LessEq : Op::Less;
    } else if (c.take('~')) {
        cmp.op = Op::Tilde;
    } else if (c.take('^')) {
        cmp.op = Op::Caret;
    } else {
        default_op = true;
    }
    c.skip_spaces();

    auto major = numeric(c, "major version number");
    if (!major)
        return major.error();
    cmp.major = major.value();

    bool minor_wildcard = false;
    if (c.take('.')) {
        if (is_wildcard(c.peek())) {
            ++c.at;
            minor_wildcard = true;
            if (default_op)
                cmp.op = Op::Wildcard;
        } else {
            auto minor = numeric(c, "minor version number");
            if (!minor)
                return minor.error();
            cmp.minor = minor.value();
        }
    }
    if (c.take('.')) {
        if (is_wildcard(c.peek())) {
            ++c.at;
            if (default_op)
                cmp.op = Op::Wildcard;
        } else if (minor_wildcard) {
            return Error{"unexpected character after wildcard in version requirement"};
        } else {
            auto patch = numeric(c, "patch version number");
            if (!patch)
                return patch.error();
            cmp.patch = patch.value();
        }
    }
    if (cmp.patch && c.take('-')) {
        auto pre = identifiers(c, IdentifierKind::Pre);
        if (!pre)
            return pre.error();
        cmp.pre = std::move(pre.value());
    }
    if (cmp.patch && c.take('+')) {
        // Accepted and dropped, as the crate does: build metadata plays no part in matching.
        auto build = identifiers(c, IdentifierKind::Build);
        if (!build)
            return build.error();
    }
    c.skip_spaces();
    return cmp;
}

bool matches_exact(const Comparator& cmp, const Version& v)
{
    return v.major == cmp.major && (!cmp.minor || v.minor == *cmp.minor) &&
           (!cmp.patch || v.patch == *cmp.patch) && v.pre == cmp.pre;
}

/// `sign` = +1 for "greater than", -1 for "less than"; absent parts make the comparison false
/// once the present ones are equal.
bool matches_strict(const Comparator& cmp, const Version& v, int sign)
{
    auto decide = [sign](auto a, auto b) { return sign > 0 ? a > b : a < b; };
    if (v.major != cmp.major)
        return decide(v.major, cmp.major);
    if (!cmp.minor)
        return false;
    if (v.minor != *cmp.minor)
        return decide(v.minor, *cmp.minor);
    if (!cmp.patch)
        return false;
    if (v.patch != *cmp.patch)
        return decide(v.patch, *cmp.patch);
    const auto order = compare_pre(v.pre, cmp.pre);
    return sign > 0 ? order > 0 : order < 0;
}

bool matches_tilde(const Comparator& cmp, const Version& v)
{
    if (v.major != cmp.major || (cmp.minor && v.minor != *cmp.minor))
        return false;
    if (cmp.patch && v.patch != *cmp.patch)
        return v.patch > *cmp.patch;
    return compare_pre(v.pre, cmp.pre) >= 0;
}

/// `^M.m.p`: the leftmost non-zero part is fixed (`^0.10.2` = `>=0.10.2, <0.11.0`; `^0.0.3` = `=0.0.3`).
bool matches_caret(const Comparator& cmp, const Version& v)
{
    if (v.major != cmp.major)
        return false;
    if (!cmp.minor)
        return true;
    const std::uint64_t minor = *cmp.minor;
    if (!cmp.patch)
        return cmp.major > 0 ? v.minor >= minor : v.minor == minor;
    const std::uint64_t patch = *cmp.patch;
    if (cmp.major > 0) {
        if (v.minor != minor)
            return v.minor > minor;
        if (v.patch != patch)
            return v.patch > patch;
    } else if (minor > 0) {
        if (v.minor != minor)
            return false;
        if (v.patch != patch)
            return v.patch > patch;
    } else if (v.minor != minor || v.patch != patch) {
        return false;
    }
    return compare_pre(v.pre, cmp.pre) >= 0;
}

/// Cargo's rule: a pre-release version may only satisfy a requirement through a comparator that
/// names the same MAJOR.MINOR.PATCH with a pre-release.
bool allows_pre_release_of(const Comparator& cmp, const Version& v)
{
    return cmp.major == v.major && cmp.minor == v.minor && cmp.patch == v.patch && !cmp.pre.empty();
}

} // namespace

Result<Version> Version::parse(std::string_view text)
{
    Cursor c{text};
    Version v;
    auto major = numeric(c, "major version number");
    if (!major)
        return major.error();
    if (!c.take('.'))
        return fail("expected '.' after major version number", c);
    auto minor = numeric(c, "minor version number");
    if (!minor)
        return minor.error();
    if (!c.take('.'))
        return fail("expected '.' after minor version number", c);
    auto patch = numeric(c, "patch version number");
    if (!patch)
        return patch.error();
    v.major = major.value();
    v.minor = minor.value();
    v.patch = patch.value();
    if (c.take('-')) {
        auto pre = identifiers(c, IdentifierKind::Pre);
        if (!pre)
            return pre.error();
        v.pre = std::move(pre.value());
    }
    if (c.take('+')) {
        auto build = identifiers(c, IdentifierKind::Build);
        if (!build)
            return build.error();
        v.build = std::move(build.value());
    }
    if (!c.done())
        return fail("unexpected text after version", c);
    return v;
}

std::string Version::to_string() const
{
    std::string out = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!pre.empty())
        out += "-" + pre;
    if (!build.empty())
        out += "+" + build;
    return out;
}

std::strong_ordering precedence(const Version& a, const Version& b)
{
    if (const auto o = a.major <=> b.major; o != 0)
        return o;
    if (const auto o = a.minor <=> b.minor; o != 0)
        return o;
    if (const auto o = a.patch <=> b.patch; o != 0)
        return o;
    return compare_pre(a.pre, b.pre);
}

std::strong_ordering operator<=>(const Version& a, const Version& b)
{
    if (const auto o = precedence(a, b); o != 0)
        return o;
    if (const auto o = compare_identifiers(a.build, b.build); o != 0)
        return o;
    return a.build.compare(b.build) <=> 0; // `+001` and `+1`: equal numerically, still different
}

bool Comparator::matches_ignoring_pre_rule(const Version& v) const
{
    switch (op) {
    case Op::Exact:
    case Op::Wildcard:
        return matches_exact(*this, v);
    case Op::Greater:
        return matches_strict(*this, v, +1);
    case Op::GreaterEq:
        return matches_exact(*this, v) || matches_strict(*this, v, +1);
    case Op::Less:
        return matches_strict(*this, v, -1);
    case Op::LessEq:
        return matches_exact(*this, v) || matches_strict(*this, v, -1);
    case Op::Tilde:
        return matches_tilde(*this, v);
    case Op::Caret:
        return matches_caret(*this, v);
    }
    return false;
}

std::string Comparator::to_string() const
{
    static constexpr const char* k_ops[] = {"=", ">", ">=", "<", "<=", "~", "^", ""};
    std::string out = k_ops[static_cast<int>(op)] + std::to_string(major);
    if (minor) {
        out += "." + std::to_string(*minor);
        if (patch) {
            out += "." + std::to_string(*patch);
            if (!pre.empty())
                out += "-" + pre;
        } else if (op == Op::Wildcard) {
            out += ".*";
        }
    } else if (op == Op::Wildcard) {
        out += ".*";
    }
    return out;
}

Result<VersionReq> VersionReq::parse(std::string_view text)
{
    Cursor c{text};
    c.skip_spaces();
    if (is_wildcard(c.peek())) {
        ++c.at;
        c.skip_spaces();
        if (c.done())
            return VersionReq{};
        return fail("a wildcard must be the only comparator", c);
    }
    VersionReq req;
    while (true) {
        auto cmp = parse_comparator(c);
        if (!cmp)
            return cmp.error();
        req.m_comparators.push_back(std::move(cmp.value()));
        if (c.done())
            return req;
        if (!c.take(','))
            return fail("expected ',' between comparators", c);
        if (req.m_comparators.size() == k_max_comparators)
            return Error{"excessive number of version comparators"};
        c.skip_spaces();
    }
}

VersionReq VersionReq::exact(const Version& v)
{
    VersionReq req;
    req.m_comparators.push_back(Comparator{Op::Exact, v.major, v.minor, v.patch, v.pre});
    return req;
}

bool VersionReq::matches(const Version& v) const
{
    for (const Comparator& cmp : m_comparators)
        if (!cmp.matches_ignoring_pre_rule(v))
            return false;
    if (v.pre.empty())
        return true;
    return std::any_of(m_comparators.begin(), m_comparators.end(),
                       [&](const Comparator& cmp) { return allows_pre_release_of(cmp, v); });
}

std::string VersionReq::to_string() const
{
    if (m_comparators.empty())
        return "*";
    std::string out;
    for (const Comparator& cmp : m_comparators) {
        if (!out.empty())
            out += ", ";
        out += cmp.to_string();
    }
    return out;
}

} // namespace mel::frontend

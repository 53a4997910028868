#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "frontend/load/semver.h"

using namespace mel::frontend;

namespace {

Version version(std::string_view text)
{
    auto parsed = Version::parse(text);
    REQUIRE_MESSAGE(parsed.ok(), text);
    return parsed.value();
}

VersionReq requirement(std::string_view text)
{
    auto parsed = VersionReq::parse(text);
    REQUIRE_MESSAGE(parsed.ok(), text);
    return parsed.value();
}

struct MatchCase {
    const char* requirement;
    const char* version;
    bool matches;
};

// Expectations follow Cargo's semantics (the `semver` crate used by the reference).
const MatchCase k_match_cases[] = {
    // bare version = caret; 0.x keeps the minor fixed, 0.0.x the patch
    {"0.10.2", "0.10.2", true},
    {"0.10.2", "0.10.9", true},
    {"0.10.2", "0.11.0", false},
    {"0.10.2", "0.10.1", false},
    {"0.10.2", "1.0.0", false},
    {"^0.10.2", "0.10.3", true},
    {"^0.0.3", "0.0.3", true},
    {"^0.0.3", "0.0.4", false},
    {"^0.0", "0.0.7", true},
    {"^0.0", "0.1.0", false},
    {"^0", "0.9.9", true},
    {"^0", "1.0.0", false},
    {"1.2.3", "1.9.0", true},
    {"1.2.3", "2.0.0", false},
    {"1.2.3", "1.2.2", false},
    // partial versions
    {"1", "1.0.0", true},
    {"1", "1.99.0", true},
    {"1", "2.0.0", false},
    {"1.2", "1.2.0", true},
    {"1.2", "1.5.0", true},
    {"1.2", "1.1.9", false},
    {"0.1", "0.1.5", true},
    {"0.1", "0.2.0", false},
    // tilde
    {"~1.2.3", "1.2.9", true},
    {"~1.2.3", "1.3.0", false},
    {"~1.2.3", "1.2.2", false},
    {"~1.2", "1.2.0", true},
    {"~1.2", "1.3.0", false},
    {"~1", "1.9.0", true},
    {"~1", "2.0.0", false},
    {"~0.10.2", "0.10.5", true},
    // exact and comparisons
    {"=0.10.2", "0.10.2", true},
    {"=0.10.2", "0.10.3", false},
    {"=1.2", "1.2.7", true},
    {"=1.2", "1.3.0", false},
    {">1.2.3", "1.2.4", true},
    {">1.2.3", "1.2.3", false},
    {">=1.2.3", "1.2.3", true},
    {">=1.2.3", "1.2.2", false},
    {"<1.2.3", "1.2.2", true},
    {"<1.2.3", "1.2.3", false},
    {"<=1.2.3", "1.2.3", true},
    {"<=1.2.3", "1.2.4", false},
    {">1", "2.0.0", true},
    {">1", "1.5.0", false},
    {"<1.2", "1.1.9", true},
    {"<1.2", "1.2.0", false},
    {">=0.9, <0.11", "0.10.2", true},
    {">=0.9, <0.11", "0.11.0", false},
    {">=0.9, <0.11", "0.8.9", false},
    {"0.3.0, 0.4.0", "0.4.0", false},
    {" >= 1.0.0 ", "1.0.0", true},
    // wildcards
    {"*", "0.0.1", true},
    {"*", "99.0.0", true},
    {"0.10.*", "0.10.7", true},
    {"0.10.*", "0.11.0", false},
    {"1.*", "1.4.0", true},
    {"1.*", "2.0.0", false},
    {"1.x", "1.3.3", true},
    {"1.2.*", "1.2.0", true},
    {"1.2.*", "1.3.0", false},
    // pre-releases match only comparators naming the same M.m.p with a pre-release
    {"*", "1.0.0-alpha", false},
    {"1.2.3", "1.2.3-alpha", false},
    {"1.2.3", "1.2.4-alpha", false},
    {"1.2.3-alpha", "1.2.3-beta", true},
    {"1.2.3-alpha", "1.2.3", true},
    {"1.2.3-alpha", "1.2.4-alpha", false},
    {">=1.0.0-rc.1", "1.0.0-rc.1", true},
    {">=1.0.0-rc.1", "1.0.0-rc.10", true},
    {">=1.0.0-rc.2", "1.0.0-rc.1", false},
    {"=1.0.0-alpha", "1.0.0-alpha", true},
    {"=1.0.0-alpha", "1.0.0-alpha.1", false},
    {"~1.2.3-beta.2", "1.2.3-beta.4", true},
    {"~1.2.3-beta.2", "1.2.3-beta.1", false},
    {"~1.2.3-beta.2", "1.2.4-beta.2", false},
    {"~1.2.3-beta.2", "1.2.4", true},
    {">1.0.0-alpha, <1.0.0", "1.0.0-beta", true},
    {">1.0.0-alpha, <1.0", "1.0.0-beta", false},
    {"^0.5.1-alpha3", "0.5.1-alpha4", true},
    {"^0.5.1-alpha3", "0.5.5", true},
    {"^0.5.1-alpha3", "0.6.0", false},
    {"^0.5.1-alpha3", "0.5.2-alpha3", false},
    // build metadata plays no part
    {"=0.1.0+meta", "0.1.0+other", true},
    {"1.0.0", "1.0.0+build.7", true},
};

} // namespace

TEST_CASE("version requirements match as Cargo's")
{
    CHECK(std::size(k_match_cases) >= 40);
    for (const MatchCase& c : k_match_cases) {
        CAPTURE(c.requirement);
        CAPTURE(c.version);
        CHECK(requirement(c.requirement).matches(version(c.version)) == c.matches);
    }
}

TEST_CASE("requirements print as the reference prints them in messages")
{
    const std::pair<const char*, const char*> cases[] = {
        {"0.10.2", "^0.10.2"},
        {"=0.10.2", "=0.10.2"},
        {"*", "*"},
        {"x", "*"},
        {"0.10.*", "0.10.*"},
        {"1.*", "1.*"},
        {"1.*.*", "1.*"},
        {"^1.*", "^1"},
        {">= 0.9 , <0.11", ">=0.9, <0.11"},
        {"~1.2.3-beta+b", "~1.2.3-beta"},
        {"1", "^1"},
        {"=1.2", "=1.2"},
        {"<=2.0.0-rc.1", "<=2.0.0-rc.1"},
    };
    for (const auto& [text, shown] : cases) {
        CAPTURE(text);
        CHECK(requirement(text).to_string() == shown);
    }
    CHECK(VersionReq().to_string() == "*");
    CHECK(VersionReq::exact(version("0.1.0-pre+b")).to_string() == "=0.1.0-pre");
    CHECK(VersionReq::exact(version("0.1.0")).matches(version("0.1.0")));
    CHECK_FALSE(VersionReq::exact(version("0.1.0")).matches(version("0.1.1")));
}

TEST_CASE("malformed requirements are rejected")
{
    for (const char* text :
         {"", " ", "01.2.3", "1.2.3.4", "1.2.3 - 2.3.4", "> 0.1.0,", "*, 1.0", "1.*.3", "a", "1.2.3-",
          "1.2.3-01", ">=0.9 <0.11", "1.2-pre", "~*", "=*", "^", ">=", "1.2.3,,"}) {
        CAPTURE(text);
        CHECK_FALSE(VersionReq::parse(text).ok());
    }
    std::string many;
    for (int i = 0; i < 33; ++i)
        many += (i ? ", >" : ">") + std::to_string(i);
    CHECK_FALSE(VersionReq::parse(many).ok());
    many = many.substr(0, many.rfind(','));
    CHECK(VersionReq::parse(many).ok()); // 32 comparators are allowed
}

TEST_CASE("versions parse as SemVer 2.0")
{
    const Version v = version("1.2.3-alpha.1+build.5");
    CHECK(v.major == 1);
    CHECK(v.minor == 2);
    CHECK(v.patch == 3);
    CHECK(v.pre == "alpha.1");
    CHECK(v.build == "build.5");
    CHECK(v.to_string() == "1.2.3-alpha.1+build.5");
    for (const char* good :
         {"0.1.0", "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.0.0+001", "18446744073709551615.0.0"}) {
        CAPTURE(good);
        CHECK(Version::parse(good).ok());
    }
    for (const char* bad :
         {"", "1.0", "1", "01.0.0", "1.00.0", "1.0.0-01", "1.0.0-", "1.0.0+", " 1.0.0", "1.0.0 ",
          "1.0.0-a..b", "v1.0.0", "1.0.0-\xC3\xA9", "18446744073709551616.0.0", "1.0.0.0"}) {
        CAPTURE(bad);
        CHECK_FALSE(Version::parse(bad).ok());
    }
}

TEST_CASE("precedence follows SemVer §11; build metadata is ignored")
{
    const char* ordered[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                             "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                             "1.0.0-rc.1",  "1.0.0",         "2.0.0",
                             "2.1.0",       "2.1.1"};
    for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
        CAPTURE(ordered[i]);
        CHECK(precedence(version(ordered[i]), version(ordered[i + 1])) < 0);
        CHECK(version(ordered[i]) < version(ordered[i + 1]));
    }
    CHECK(precedence(version("1.0.0+a"), version("1.0.0+b")) == 0);
    CHECK(version("1.0.0+a") != version("1.0.0+b"));
    CHECK(version("1.0.0") == version("1.0.0"));
    CHECK((version("1.0.0+001") <=> version("1.0.0+1")) != 0); // consistent with ==
}

// The template language of std/text/compose::|format (stdlib/text/format.cpp). The expected results were
// obtained by running the strfmt 0.2.5 crate (the reference's formatter) on these templates with the same
// entries; std::nullopt is where it reports an error.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stdlib/data/string_map.h"
#include "stdlib/text/format.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::data::StringMap;
using mel::stdlib::text::format_template;

namespace {

const StringMap::Entries& entries()
{
    static const StringMap::Entries k_entries = {
        {"x", "X"},    {"name", "build"}, {"long", "toooloooong"}, {"u", "ಠ_ಠ"},
        {"", "empty"}, {"a b", "spaced"}, {"k:", "colon"},         {"e", ""},
    };
    return k_entries;
}

} // namespace

TEST_CASE("format_template agrees with strfmt")
{
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"{x}", "X"},
        {"plain text", "plain text"},
        {"{x:}", "X"},
        {"{x:3}", "X  "},
        {"{x:>3}", "  X"},
        {"{x:<3}", "X  "},
        {"{x:^3}", " X "},
        {"{x:^4}", " X  "},
        {"{x:*^6}", "**X***"},
        {"{x:é>3}", "ééX"},
        {"{x:é}", std::nullopt},
        {"{x:0<5}", "X0000"},
        {"{x:0>5}", "0000X"},
        {"{x:05}", std::nullopt},
        {"{x:01}", "X"},
        {"{x:0}", "X"},
        {"{x:<05}", std::nullopt},
        {"{x:-}", std::nullopt},
        {"{x:+5}", std::nullopt},
        {"{x: }", std::nullopt},
        {"{x:#}", std::nullopt},
        {"{x:,}", std::nullopt},
        {"{x:5s}", "X    "},
        {"{x:d}", std::nullopt},
        {"{x:x}", std::nullopt},
        {"{x:?}", std::nullopt},
        {"{x:%}", std::nullopt},
        {"{x:ss}", std::nullopt},
        {"{x:.}", std::nullopt},
        {"{x:.0}", ""},
        {"{long:.3}", "too"},
        {"{long:5.3}", "too  "},
        {"{long:>5.3}", "  too"},
        {"{long:^5.7}", "toooloo"},
        {"{long:<<}", "toooloooong"},
        {"{long:<<5}", "toooloooong"},
        {"{u:^7}", "  ಠ_ಠ  "},
        {"{u:.2}", "ಠ_"},
        {"{u:>5}", "  ಠ_ಠ"},
        {"{{}}", "{}"},
        {"{{x}}", "{x}"},
        {"{{{x}}}", "{X}"},
        {"{{{x}{{{{{{", "{X{{{"},
        {"{x}}}}}", "X}}"},
        {"}{{}", "{}"},
        {"}{a}", std::nullopt},
        {"}}", "}"},
        {"}", std::nullopt},
        {"{", std::nullopt},
        {"{}", std::nullopt},
        {"{:3}", std::nullopt},
        {"{missing}", std::nullopt},
        {"{x", std::nullopt},
        {"x}", std::nullopt},
        {"{x{y}", std::nullopt},
        {"{ x}", std::nullopt},
        {"{a b}", "spaced"},
        {"{k:}", std::nullopt},
        {"{e:3}", "   "},
        {"{e}", ""},
        {"a{x}b{name}c", "aXbbuildc"},
        {"{name}${{{{ strategy.job-index }}}}", "build${{ strategy.job-index }}"},
        {"{x:99999999999999999999}", std::nullopt},
        {"{x:.99999999999999999999}", std::nullopt},
        {"{x:,f}", std::nullopt},
        {"{x:<>}", "X"},
        {"{x:<>3}", "<<X"},
        {"{x:=5}", std::nullopt},
        {"{x:=}", "X"},
        {"{x:^}", "X"},
        {"{x:🙂^5}", "🙂🙂X🙂🙂"},
        {"{x:}}", std::nullopt},
        {"é{x}é", "éXé"},
        {"{x:é5}", std::nullopt},
        {"{x:é^}", "X"},
        {"{x:<^5}", "<<X<<"},
        {"{x:^<5}", "X^^^^"},
        {"{x:0^5}", "00X00"},
        {"{x:00}", "X"},
        {"{x:0005}", std::nullopt},
        {"{x:5,}", std::nullopt},
        {"{x:5.2s}", "X    "},
        {"{x:.2e}", std::nullopt},
        {"{x:+}", std::nullopt},
        {"{x:s}", "X"},
        {"{x:>s}", "X"},
        {"{x:>05}", std::nullopt},
        {"{x:=05}", std::nullopt},
        {"{x:5 }", std::nullopt},
        {"{x:12}", "X           "},
        {"{x}}", std::nullopt},
        {"{x}{name}", "Xbuild"},
        {"{{", "{"},
        {"{{{", std::nullopt},
        {"}}}}", "}}"},
        {"{x}{", std::nullopt},
        {"{x:é<<3}", std::nullopt},
        {"{x:\\}", std::nullopt},
        {"{x:{}", std::nullopt},
        {"{x::}", std::nullopt},
        {"{x:::}", std::nullopt},
        {"{x:<:}", std::nullopt},
        {"{x:,.2}", std::nullopt},
        {"{x:-5}", std::nullopt},
        {"{x:#5}", std::nullopt},
        {"{x:é}é", std::nullopt},
        {"{é}", std::nullopt},
        {"{x:00005}", std::nullopt},
    };
    for (const auto& test : cases) { // no structured binding: Clang 14 cannot capture one in CAPTURE
        const std::string& format = test.first;
        CAPTURE(format);
        CHECK(format_template(format, entries()) == test.second);
    }
}

TEST_CASE("format_template keeps line breaks and handles an empty template")
{
    CHECK(format_template("", entries()) == std::string());
    CHECK(format_template("a\n{x}\n", entries()) == std::string("a\nX\n"));
    CHECK(format_template("{x}", {}) == std::nullopt);
}

TEST_CASE("|format gives the empty string on error")
{
    const Value map = StringMap::make(entries());
    using mel::stdlib::testing::call_ok;
    CHECK(call_ok("std/text/compose::|format", {Value::string("{name}:{x:>3}"), map}) ==
          Value::string("build:  X"));
    CHECK(call_ok("std/text/compose::|format", {Value::string("{missing}"), map}) == Value::string(""));
    CHECK(call_ok("std/text/compose::|format", {Value::string("{"), map}) == Value::string(""));
    CHECK(call_ok("std/text/compose::|format", {Value::string("no placeholder"), StringMap::make({})}) ==
          Value::string("no placeholder"));
    CHECK_FALSE(
        mel::stdlib::testing::call("std/text/compose::|format", {Value::string("{x}"), Value::string("x")})
            .ok());
}

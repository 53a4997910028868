// The REPL's scratch area: inputs split into declarations, checked with the real front end, and
// diagnostics moved back onto what was typed.
#include <doctest/doctest.h>

#include <cstdio>

#include "cli/repl/scratch.h"

using namespace mel;
using namespace mel::cli::repl;

namespace {

std::vector<std::string> messages(const CheckedScratch& c)
{
    std::vector<std::string> out;
    for (const auto& d : c.diagnostics.sorted())
        out.push_back(render_message(c.sources, c.diagnostics, d) +
                      (d.range.file.valid() ? " @" + c.sources.name(d.range.file) : std::string()));
    return out;
}

bool has(const std::vector<std::string>& list, const std::string& part)
{
    for (const auto& m : list)
        if (m.find(part) != std::string::npos)
            return true;
    return false;
}

std::vector<ScratchDeclaration> declarations(const std::string& text, unsigned input)
{
    auto parsed = parse_input(text, input, "repl", stderr, false);
    REQUIRE(parsed);
    return *parsed;
}

Scratch::Base no_file()
{
    Scratch::Base base;
    base.native_packages = {"std"};
    return base;
}

} // namespace

TEST_CASE("an input is split into its declarations, each with the comments before it")
{
    const auto d = declarations("use std/flow::emit as send\n\n/// The entry.\ntreatment main() {}\nmodel M() : E {}", 4);
    REQUIRE(d.size() == 3);
    CHECK(d[0].kind == ScratchDeclaration::Kind::Use);
    CHECK(d[0].key == "send");
    CHECK(d[0].offset == 0);
    CHECK(d[1].kind == ScratchDeclaration::Kind::Element);
    CHECK(d[1].key == "main");
    CHECK(d[1].text == "/// The entry.\ntreatment main() {}");
    CHECK(d[1].input == 4);
    CHECK(d[1].offset == 28);
    CHECK(d[2].key == "M");
    CHECK(declaration_key(d[0]) == "use:send");
    CHECK(declaration_key(d[2]) == "element:M");
}

TEST_CASE("a syntax error is printed with its caret in the input, and nothing is declared")
{
    std::FILE* out = std::tmpfile();
    REQUIRE(out);
    CHECK_FALSE(parse_input("treatment main( {}", 2, "repl", out, false));
    std::rewind(out);
    char buffer[4096] = {};
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, out);
    std::fclose(out);
    const std::string text(buffer, n);
    CHECK(text.find("failure: L0190: Script error on repl: S") != std::string::npos);
    CHECK(text.find("--> <input 2>:1:") != std::string::npos);
}

TEST_CASE("diagnostics point into the input that was typed; a later declaration replaces an earlier one")
{
    Scratch scratch;
    scratch.reset(no_file());
    CHECK(scratch.package_name() == "repl");
    scratch.add(1, "use std/flow::emit", declarations("use std/flow::emit", 1));
    const std::string broken = "treatment main()\n  input go: Block<void>\n{\n    emit(value = 1)\n    Self.go -> emit.trigger\n}";
    scratch.add(2, broken, declarations(broken, 2));
    CheckedScratch checked = scratch.check({});
    REQUIRE(checked.scratch_area());
    const auto found = messages(checked);
    CHECK(has(found, "L0192: Script error on repl: S0173: at line 4 position 4 for function 'emit' generic is missing "
                     "at position 0 @<input 2>"));
    CHECK(checked.input_of_file.size() >= 2);

    const std::string fixed = "treatment main()\n  input go: Block<void>\n{\n    emit<u8>(value = 1)\n    Self.go -> emit.trigger\n}";
    scratch.add(3, fixed, declarations(fixed, 3));
    CHECK(scratch.declarations().size() == 2);
    checked = scratch.check({});
    CHECK_FALSE(checked.diagnostics.has_errors());
    CHECK(checked.scratch_area()->treatments.count("main") == 1);
}

TEST_CASE("with a standalone file, typed declarations join its area and replace its own")
{
    Scratch scratch;
    Scratch::Base base;
    base.kind = Scratch::Base::Kind::Standalone;
    base.file = "demo.mel";
    base.name = "demo";
    base.text = "#! name = demo\n#! version = 0.1.0\n#! require = std:0.10.2\n\nuse std/flow::emit\n\n"
                "/// Old.\ntreatment main()\n{\n    bad: nothing()\n}\n\ntreatment helper() {}\n";
    base.native_packages = {"std"};
    scratch.reset(base);
    CHECK(scratch.package_name() == "demo");
    CheckedScratch checked = scratch.check({});
    CHECK(has(messages(checked), "S0117: at line 10 position 9 element 'nothing' is not imported nor locally "
                                 "available @demo.mel"));

    const std::string main = "treatment main()\n  input go: Block<void>\n{\n    helper()\n    emit<u8>(value = 2)\n    Self.go -> emit.trigger\n}";
    scratch.add(1, main, declarations(main, 1));
    checked = scratch.check({});
    CHECK(messages(checked).empty());
    const auto* area = checked.scratch_area();
    REQUIRE(area);
    CHECK(area->treatments.count("helper") == 1);
    CHECK(area->treatments.at("main")->doc.empty()); // the file's doc went with its declaration
}

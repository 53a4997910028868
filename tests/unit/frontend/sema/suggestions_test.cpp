// What the checker adds under an unresolved name (frontend/sema/suggestions.cpp, issue 16): the missing
// `use` line, "did you mean", the ports that exist; and the follow-on errors it no longer reports.
#include <doctest/doctest.h>

#include <algorithm>

#include "frontend/sema/check.h"
#include "tests/unit/frontend/load/messages.h"
#include "tests/unit/frontend/load/temp_dir.h"

using namespace mel;
using namespace mel::frontend;
using namespace mel::frontend::testing;

namespace {

/// A small registry: `demo/data::Map`, `demo/flow::emit<T>(value: T)` (trigger → emit), `demo/flow::sink`.
Registry demo_registry()
{
    Registry r;
    r.add_package("demo");
    r.area("demo/data").data_type("Map", {}, "A map.");
    r.area("demo/flow")
        .treatment("emit")
        .generic("T")
        .param("value", "T")
        .input("trigger", "Block<void>")
        .output("emit", "Block<T>")
        .doc("Emits.");
    r.area("demo/flow").treatment("sink").input("value", "Block<u64>").doc("Takes.");
    return r;
}

struct Checked {
    SourceManager sources;
    Diagnostics diags;
    Lines lines;                    // the messages
    std::vector<std::string> notes; // every note and help line, in order
};

std::unique_ptr<Checked> check(const std::string& body)
{
    static const Registry registry = demo_registry();
    TempDir dir;
    const auto file = dir.write("main.mel", "#! name = t\n#! require = demo:0.10.2\n" + body);
    auto out = std::make_unique<Checked>();
    CheckRequest request;
    request.file = file.string();
    check_program(request, registry, out->sources, out->diags);
    out->lines = messages(out->sources, out->diags);
    for (const Diagnostic& d : out->diags.sorted())
        for (const auto& note : d.notes)
            out->notes.push_back(note.message);
    return out;
}

bool has_note(const Checked& c, const std::string& text)
{
    return std::find(c.notes.begin(), c.notes.end(), text) != c.notes.end();
}

} // namespace

TEST_CASE("a type or treatment without its use line: the line to add")
{
    auto c =
        check("use demo/flow::sink\n"
              "treatment main()\n{\n    emit<Map>(value = _)\n    s: sink()\n    emit.emit -> s.value\n}\n");
    CHECK(has_note(*c, "'emit' is a treatment that is not imported: add 'use demo/flow::emit'"));
    c = check("use demo/flow::emit\n"
              "treatment main()\n  input x: Block<void>\n{\n    emit<Map>(value = _)\n    Self.x -> "
              "emit.trigger\n}\n");
    CHECK(has_note(*c, "'Map' is a data type that is not imported: add 'use demo/data::Map'"));
}

TEST_CASE("names that are almost right: did you mean; ports with no close name are listed")
{
    auto c =
        check("use demo/flow::emitt\nuse demo/flow::emit\nuse demo/flow::sink\n"
              "treatment main(count: u64 = 1)\n  input x: Block<void>\n{\n"
              "    emit<u46>(valeu = 1)\n    s: sink()\n    other: emit<u64>(value = coutn)\n"
              "    Self.x -> emit.triger\n    Self.x -> other.trigger\n    other.result -> s.value\n}\n");
    CHECK(has_note(*c, "did you mean 'demo/flow::emit'?"));
    CHECK(has_note(*c, "did you mean 'u16' or 'u64'?"));
    CHECK(has_note(*c, "did you mean 'count'?"));
    CHECK(has_note(*c, "did you mean 'trigger'?"));
    CHECK(has_note(*c, "outputs of 'demo/flow::emit': 'emit'"));
}

TEST_CASE("no follow-on errors: D0068, D0243 after a misnamed input, D0023 after a misspelled parameter")
{
    auto c = check("use demo/flow::emit\n"
                   "treatment main()\n  input x: Block<void>\n{\n    emit<u64>(valeu = 1)\n    Self.x -> "
                   "emit.triger\n}\n");
    for (const auto& line : c->lines) {
        CHECK(line.find("D0068") == std::string::npos);
        CHECK(line.find("D0243") == std::string::npos);
        CHECK(line.find("D0023") == std::string::npos);
    }
    CHECK(c->lines.size() == 2); // D0011 valeu, D0032 triger
}

TEST_CASE("D0243 and D0244 are placed at the instance, overloads note each connection")
{
    auto c = check("use demo/flow::emit\n"
                   "treatment main()\n  input x: Block<void>\n{\n    a: emit<u64>(value = 1)\n"
                   "    b: emit<u64>(value = 2)\n    Self.x -> a.trigger\n    Self.x -> a.trigger\n}\n");
    REQUIRE(c->lines.size() == 2);
    CHECK(c->lines[0].find("at line 7 position 4 'a': D0244") != std::string::npos);
    CHECK(c->lines[1].find("at line 8 position 4 'b': D0243") != std::string::npos);
    CHECK(std::count(c->notes.begin(), c->notes.end(), "connection into 'a.trigger'") == 2);
}

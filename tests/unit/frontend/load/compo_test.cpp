#include <doctest/doctest.h>

#include "frontend/load/compo.h"
#include "messages.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

namespace {

/// parse_compo on `text`, returning the messages it reported.
Lines compo_errors(std::string_view text)
{
    SourceManager sources;
    Diagnostics diags;
    const auto info = parse_compo(text, "Compo.toml", sources, diags);
    CHECK(info.has_value() == diags.empty());
    return messages(sources, diags);
}

} // namespace

TEST_CASE("Compo.toml errors carry the reference's codes")
{
    CHECK(compo_errors("name = \"app\"\nversion = ") ==
          Lines{"L0178: Package '[unreachable name]' have wrong configuration"});
    CHECK(compo_errors("version = \"1.0.0\"") ==
          Lines{"L0179: Package '[unreachable name]' have wrong configuration"});
    CHECK(compo_errors("name = 3\nversion = \"1.0.0\"") ==
          Lines{"L0179: Package '[unreachable name]' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"") == Lines{"L0180: Package 'app' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = 1") ==
          Lines{"L0181: Package 'app' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0\"") ==
          Lines{"L0227: Package 'app' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\n[dependencies]\nstd = 3") ==
          Lines{"L0206: Package 'std' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\n[dependencies]\nstd = \"latest\"") ==
          Lines{"L0207: Package 'std' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\n[entrypoints]\nmain = \"app/main\"") ==
          Lines{"L0242: Package 'main' have wrong configuration"});
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\n[entrypoints]\nmain = \"a::b::c\"") ==
          Lines{"L0242: Package 'main' have wrong configuration"});
    // Accepted as the reference accepts them: only the count of "::" is checked.
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\n[entrypoints]\nmain = \"::main\"\nx = \"a:::b\"")
              .empty());
    // Non-table dependencies/entrypoints are ignored, like any unknown key.
    CHECK(compo_errors("name = \"app\"\nversion = \"1.0.0\"\ndependencies = 3\nentrypoints = \"x\"").empty());
}

TEST_CASE("Compo.toml: every problem is reported once the name is known, each pointing into the file")
{
    SourceManager sources;
    Diagnostics diags;
    const std::string text = "name = \"app\"\nversion = \"one\"\n[dependencies]\nstd = \"x.y\"\nfs = false\n";
    CHECK_FALSE(parse_compo(text, "dir/Compo.toml", sources, diags));
    CHECK(messages(sources, diags) == Lines{"L0227: Package 'app' have wrong configuration",
                                            "L0207: Package 'std' have wrong configuration",
                                            "L0206: Package 'fs' have wrong configuration"});
    const auto all = diags.sorted();
    REQUIRE(all[0].range.file.valid());
    CHECK(sources.name(all[0].range.file) == "dir/Compo.toml");
    CHECK(sources.location(all[0].range.file, all[0].range.begin).line == 2);
    CHECK(sources.location(all[1].range.file, all[1].range.begin).line == 4);
    CHECK(render_excerpt(sources, all[1].range, false).find("std = \"x.y\"") != std::string::npos);
}

TEST_CASE("invalid TOML points at the parser's position and notes its explanation")
{
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(parse_compo("name = \"app\"\n[[[\n", "Compo.toml", sources, diags));
    const auto all = diags.sorted();
    REQUIRE(all.size() == 1);
    CHECK(all[0].range.file.valid());
    CHECK(sources.location(all[0].range.file, all[0].range.begin).line == 2);
    REQUIRE(all[0].notes.size() == 1);
    CHECK_FALSE(all[0].notes[0].message.empty());
}

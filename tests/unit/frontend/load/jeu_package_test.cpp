#include <doctest/doctest.h>

#include "frontend/load/jeu_archive.h"
#include "frontend/load/jeu_package.h"
#include "messages.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

namespace {

constexpr const char* k_compo = "name = \"app\"\nversion = \"0.3.0\"\n[dependencies]\nstd = \"0.10.2\"\n";

std::string jeu_of(const std::vector<JeuFile>& files)
{
    auto payload = write_jeu_payload(files);
    REQUIRE(payload.ok());
    return std::string(k_jeu_header) + payload.value();
}

struct Loaded {
    std::shared_ptr<Package> package;
    Lines errors;
};

Loaded load(std::string_view bytes)
{
    SourceManager sources;
    Diagnostics diags;
    Loaded out;
    out.package = make_jeu_package(bytes, "app.jeu", sources, diags);
    out.errors = messages(sources, diags);
    CHECK((out.package != nullptr) == out.errors.empty());
    return out;
}

} // namespace

TEST_CASE("a jeu: Compo.toml first, then .mel areas by relative path")
{
    const auto loaded = load(jeu_of({{"Compo.toml", k_compo},
                                     {"lib-root.mel", "// root\n"},
                                     {"main.mel", "// main\n"},
                                     {"a/b.mel", "// a/b\n"},
                                     {"README.md", "not an area\n"}}));
    REQUIRE(loaded.package);
    const PackageInfo& info = loaded.package->info();
    CHECK(info.kind == PackageKind::Jeu);
    CHECK(info.name == "app");
    CHECK(info.version.to_string() == "0.3.0");
    CHECK(info.location == "app.jeu");
    REQUIRE(info.dependencies.size() == 1);
    using Path = std::vector<std::string>;
    CHECK(loaded.package->areas() == std::vector<Path>{{}, {"a", "b"}, {"main"}});
    CHECK(loaded.package->area({})->display_path == "app");
    const auto nested = loaded.package->area({"a", "b"});
    REQUIRE(nested);
    CHECK(nested->display_path == "app/a/b.mel");
    CHECK(nested->file_path == "app.jeu/a/b.mel");
    CHECK(nested->text == "// a/b\n");
    CHECK_FALSE(loaded.package->area({"README"}));
}

TEST_CASE("a jeu whose first entry is not Compo.toml is refused")
{
    CHECK(load(jeu_of({{"main.mel", ""}, {"Compo.toml", k_compo}})).errors ==
          Lines{"L0231: Jeu data cannot be processed: Content 'main.mel' appearing before 'Compo.toml'"});
    CHECK(load(jeu_of({{"main.mel", ""}})).errors ==
          Lines{"L0231: Jeu data cannot be processed: Content 'main.mel' appearing before 'Compo.toml'",
                "L0232: Jeu file does not contain 'Compo.toml' entry"});
    CHECK(load(jeu_of({})).errors == Lines{"L0232: Jeu file does not contain 'Compo.toml' entry"});
}

TEST_CASE("broken jeu data")
{
    CHECK(load("#!/usr/bin/env melodium\n").errors ==
          Lines{"L0224: Jeu data cannot be processed: Data ended too early"});
    const auto garbage = load("line one\nline two\nthis is not bzip2 data at all");
    REQUIRE(garbage.errors.size() == 1);
    CHECK(garbage.errors[0].starts_with("L0233: Jeu data cannot be processed: "));
    // Any two lines are skipped, whatever they say.
    auto payload = write_jeu_payload({{"Compo.toml", k_compo}});
    REQUIRE(payload.ok());
    CHECK(load("a\nb\n" + payload.value()).package);
}

TEST_CASE("a jeu's Compo.toml is checked like a file package's, and its areas must be UTF-8")
{
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(make_jeu_package(jeu_of({{"Compo.toml", "name = \"app\"\nversion = \"x\"\n"}}), "app.jeu",
                                 sources, diags));
    const auto all = diags.sorted();
    REQUIRE(all.size() == 1);
    CHECK(render_message(sources, diags, all[0]) == "L0227: Package 'app' have wrong configuration");
    CHECK(sources.name(all[0].range.file) == "app.jeu/Compo.toml");

    CHECK(load(jeu_of({{"Compo.toml", k_compo}, {"main.mel", "\xC0\x80"}})).errors ==
          Lines{"L1001: Encoding error in 'app.jeu/main.mel': the file is not valid UTF-8"});
}

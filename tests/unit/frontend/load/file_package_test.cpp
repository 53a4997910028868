#include <doctest/doctest.h>

#include "frontend/load/file_package.h"
#include "messages.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

TEST_CASE("Compo.toml: name, version, dependencies and entrypoints in file order; other keys ignored")
{
    TempDir dir;
    dir.write("project/Compo.toml", R"(name = "app"
version = "0.2.1-rc.1"
description = "ignored"

[dependencies]
std = "0.10.2"
fs = "=0.10.2"
http = ">=0.9, <0.11"

[entrypoints]
main = "app/main::main"
serve = "app/server::serve"
broken = 12
aaa = "app/x::y"

[other]
key = 1
)");
    SourceManager sources;
    Diagnostics diags;
    const auto package = load_file_package(dir / "project/Compo.toml", sources, diags);
    REQUIRE(package);
    CHECK(diags.empty());
    const PackageInfo& info = package->info();
    CHECK(info.name == "app");
    CHECK(info.version.to_string() == "0.2.1-rc.1");
    CHECK(info.kind == PackageKind::File);
    CHECK(info.location == (dir / "project").generic_string());
    REQUIRE(info.dependencies.size() == 3);
    CHECK(info.dependencies[0].to_string() == "std (^0.10.2)");
    CHECK(info.dependencies[1].to_string() == "fs (=0.10.2)");
    CHECK(info.dependencies[2].to_string() == "http (>=0.9, <0.11)");
    using Entry = std::pair<std::string, std::string>;
    CHECK(info.entrypoints == std::vector<Entry>{{"main", "app/main::main"},
                                                 {"serve", "app/server::serve"},
                                                 {"aaa", "app/x::y"}});
}

TEST_CASE("an unreadable Compo.toml is an L0193")
{
    TempDir dir;
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(load_file_package(dir / "Compo.toml", sources, diags));
    CHECK(messages(sources, diags) == Lines{"L0193: File '" + (dir / "Compo.toml").generic_string() +
                                            "' cannot be read: No such file or directory (os error 2)"});
}

TEST_CASE("areas map to files: lib-root.mel is the root, a/b.mel is {a, b}; hidden names are not areas")
{
    TempDir dir;
    dir.write("any-name/Compo.toml", "name = \"app\"\nversion = \"0.1.0\"\n");
    dir.write("any-name/lib-root.mel", "// root\n");
    dir.write("any-name/main.mel", "// main\n");
    dir.write("any-name/foo.mel", "// foo\n");
    dir.write("any-name/foo/bar.mel", "// foo/bar\n");
    dir.write("any-name/sub/lib-root.mel", "// an ordinary area\n");
    dir.write("any-name/.hidden.mel", "");
    dir.write("any-name/.git/x.mel", "");
    dir.write("any-name/notes.txt", "");
    SourceManager sources;
    Diagnostics diags;
    const auto package = load_file_package(dir / "any-name/Compo.toml", sources, diags);
    REQUIRE(package);
    using Path = std::vector<std::string>;
    CHECK(package->areas() == std::vector<Path>{{}, {"foo"}, {"foo", "bar"}, {"main"}, {"sub", "lib-root"}});

    const auto root = package->area({});
    REQUIRE(root);
    CHECK(root->display_path == "app");
    CHECK(root->text == "// root\n");
    CHECK(root->file_path == (dir / "any-name/lib-root.mel").generic_string());
    const auto nested = package->area({"foo", "bar"});
    REQUIRE(nested);
    CHECK(nested->display_path == "app/foo/bar.mel");
    CHECK(nested->text == "// foo/bar\n");
    CHECK(package->area({"sub", "lib-root"})->display_path == "app/sub/lib-root.mel");

    CHECK_FALSE(package->area({"missing"}));
    CHECK_FALSE(package->area({".hidden"}));
    CHECK_FALSE(package->area({".git", "x"}));
    CHECK_FALSE(package->area({"..", "any-name", "main"}));
    CHECK_FALSE(package->area({"lib-root"}));
    CHECK_FALSE(package->area({"foo/bar"}));
    CHECK_FALSE(package->area({""}));
}

TEST_CASE("file package areas are read on demand")
{
    TempDir dir;
    dir.write("Compo.toml", "name = \"app\"\nversion = \"0.1.0\"\n");
    SourceManager sources;
    Diagnostics diags;
    const auto package = load_file_package(dir / "Compo.toml", sources, diags);
    REQUIRE(package);
    CHECK_FALSE(package->area({"late"}));
    dir.write("late.mel", "treatment t() {}\n");
    const auto late = package->area({"late"});
    REQUIRE(late);
    CHECK(late->text == "treatment t() {}\n");
    CHECK_FALSE(report_unusable(*late, diags));

    dir.write("latin1.mel", "// caf\xE9\n");
    const auto latin1 = package->area({"latin1"});
    REQUIRE(latin1);
    CHECK(latin1->problem == AreaSource::Problem::NotUtf8);
    CHECK(report_unusable(*latin1, diags));
    CHECK(messages(sources, diags) ==
          Lines{"L1001: Encoding error in '" + (dir / "latin1.mel").generic_string() +
                "': the file is not valid UTF-8"});
}

TEST_CASE("area paths and files convert both ways")
{
    using Path = std::vector<std::string>;
    CHECK(area_path_of("lib-root.mel") == Path{});
    CHECK(area_path_of("a/b/c.mel") == Path{"a", "b", "c"});
    CHECK(area_file_of({}) == "lib-root.mel");
    CHECK(area_file_of({"a", "b"}) == "a/b.mel");
    CHECK_FALSE(area_file_of({"a", "."}));
}

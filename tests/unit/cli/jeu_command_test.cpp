// `melodium jeu build` / `jeu extract` through the command line (cli/jeu_command.cpp); the archive
// format is tested in tests/unit/frontend/load/jeu_*_test.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli/command.h"
#include "cli/command_line.h"
#include "tests/unit/frontend/load/temp_dir.h"

using mel::cli::run_command_line;
using mel::frontend::testing::TempDir;

namespace {
void write_package(const TempDir& dir)
{
    dir.write("pkg/Compo.toml", "name = \"pkg\"\nversion = \"0.1.0\"\n\n[entrypoints]\nmain = \"pkg::main\"\n");
    dir.write("pkg/lib-root.mel", "use local/a/b::inner\n\ntreatment main()\n{\n}\n");
    dir.write("pkg/a/b.mel", "treatment inner()\n{\n}\n");
}
} // namespace

TEST_CASE("jeu build then extract gives the same files back")
{
    TempDir dir;
    write_package(dir);
    REQUIRE(run_command_line({"jeu", "build", (dir / "pkg").string(), (dir / "out.tar").string()}) ==
            mel::cli::k_exit_ok);
    const auto jeu = dir / "out.jeu"; // the extension is replaced
    REQUIRE(std::filesystem::is_regular_file(jeu));
    CHECK_FALSE(std::filesystem::exists(dir / "out.tar"));
    CHECK(TempDir::read(jeu).starts_with("#!/usr/bin/env melodium\n#! version 0\n"));

    REQUIRE(run_command_line({"jeu", "extract", jeu.string(), (dir / "x").string()}) == mel::cli::k_exit_ok);
    for (const char* file : {"Compo.toml", "lib-root.mel", "a/b.mel"})
        CHECK(TempDir::read(dir / "x/out" / file) == TempDir::read(dir / "pkg" / file));

    CHECK(run_command_line({"check", jeu.string()}) == mel::cli::k_exit_ok);
}

TEST_CASE("jeu build refuses a package with an area that does not parse")
{
    TempDir dir;
    write_package(dir);
    dir.write("pkg/unused/area.mel", "treatment (\n");
    CHECK(run_command_line({"jeu", "build", (dir / "pkg").string(), (dir / "out.jeu").string()}) ==
          mel::cli::k_exit_failure);
    CHECK_FALSE(std::filesystem::exists(dir / "out.jeu"));
}

TEST_CASE("jeu extract of something else fails")
{
    TempDir dir;
    dir.write("not.jeu", "line one\nline two\nnot an archive");
    CHECK(run_command_line({"jeu", "extract", (dir / "not.jeu").string(), (dir / "x").string()}) ==
          mel::cli::k_exit_failure);
    CHECK(run_command_line({"jeu", "extract", (dir / "missing.jeu").string(), (dir / "x").string()}) ==
          mel::cli::k_exit_failure);
    CHECK(run_command_line({"jeu"}) == mel::cli::k_exit_usage);
}

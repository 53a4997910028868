#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/program.h"
#include "tests/unit/frontend/load/temp_dir.h"

using mel::frontend::testing::TempDir;

namespace {

/// Runs `body` with `dir` as the current directory.
template <typename F>
void inside(const std::filesystem::path& dir, F body)
{
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(dir);
    body();
    std::filesystem::current_path(previous);
}

std::string note_of(const mel::frontend::CheckRequest& request)
{
    auto loaded = mel::cli::load_program(request);
    std::FILE* out = std::tmpfile();
    mel::cli::print_entrypoint_note(out, request, *loaded);
    std::rewind(out);
    std::string text;
    char buffer[512];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, out))
        text.append(buffer, n);
    std::fclose(out);
    return text;
}

} // namespace

TEST_CASE("the program file: FILE, DIR/Compo.toml, or ./Compo.toml")
{
    TempDir dir;
    dir.write("app/Compo.toml", "name = \"app\"\nversion = \"0.1.0\"\n");
    CHECK(mel::cli::program_file((dir / "app").string()) == (dir / "app/Compo.toml").string());
    CHECK(mel::cli::program_file((dir / "app/").string()) == (dir / "app/Compo.toml").string());
    CHECK(mel::cli::program_file("x.mel") == "x.mel");
    CHECK(mel::cli::program_file("no/such/dir") == "no/such/dir"); // the loader says it cannot be read
    inside(dir / "app", [] {
        CHECK(mel::cli::program_file("") == "Compo.toml");
        CHECK(mel::cli::program_file(".") == "Compo.toml");
    });
    inside(dir.path(), [] { CHECK(mel::cli::program_file("") == std::nullopt); });
}

TEST_CASE("a command that is not an entrypoint: the note names it and lists the entrypoints")
{
    TempDir dir;
    dir.write("app/Compo.toml", "name = \"app\"\nversion = \"0.1.0\"\n\n[entrypoints]\nmain = \"app::main\"\n"
                                "test = \"app::main\"\n");
    dir.write("app/lib-root.mel", "treatment main()\n{\n}\n");
    dir.write("solo.mel", "#! name = solo\n#! version = 0.1.0\n#! require = std:0.10.2\n\ntreatment other()\n{\n}\n");
    const std::string compo = (dir / "app/Compo.toml").string();
    CHECK(note_of({.file = compo, .command = "mian"}) ==
          "note: no entrypoint 'mian' in package 'app'; its entrypoints: 'main', 'test'\n");
    CHECK(note_of({.file = compo, .command = "test"}).empty());
    CHECK(note_of({.file = (dir / "solo.mel").string()}).find("declares no treatment 'main'") != std::string::npos);
}

#include <doctest/doctest.h>

#include "frontend/load/jeu_archive.h"
#include "frontend/load/load_package.h"
#include "messages.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

namespace {

constexpr const char* k_compo = "name = \"app\"\nversion = \"0.3.0\"\n";

std::string jeu_of(const std::vector<JeuFile>& files)
{
    auto payload = write_jeu_payload(files);
    REQUIRE(payload.ok());
    return std::string(k_jeu_header) + payload.value();
}

} // namespace

TEST_CASE("the command line's FILE: Compo.toml, standalone, jeu (not UTF-8), directories refused")
{
    TempDir dir;
    SourceManager sources;
    Diagnostics diags;
    const auto compo = dir.write("pkg/Compo.toml", k_compo);
    const auto script = dir.write("script.mel", "#! name = script\n");
    const auto jeu = dir.write("app.jeu", jeu_of({{"Compo.toml", k_compo}, {"main.mel", "// main\n"}}));
    CHECK(load_command_line_package(compo, sources, diags)->info().kind == PackageKind::File);
    CHECK(load_command_line_package(script, sources, diags)->info().kind == PackageKind::Standalone);
    const auto from_jeu = load_command_line_package(jeu, sources, diags);
    REQUIRE(from_jeu);
    CHECK(from_jeu->info().kind == PackageKind::Jeu);
    CHECK(from_jeu->info().location == jeu.generic_string());
    CHECK(diags.empty());

    CHECK_FALSE(load_command_line_package(dir / "pkg", sources, diags));
    CHECK(messages(sources, diags) == Lines{"L0193: File '" + (dir / "pkg").generic_string() +
                                            "' cannot be read: Is a directory (os error 21)"});
}

TEST_CASE("a command-line file that is neither UTF-8 nor a jeu")
{
    TempDir dir;
    SourceManager sources;
    Diagnostics diags;
    const auto binary = dir.write("blob.bin", std::string("\xFF\xFE\n\x01\n\x02\x03", 7));
    CHECK_FALSE(load_command_line_package(binary, sources, diags));
    // Issue 16: only L0210, with a note naming the file (no "Jeu data cannot be processed").
    CHECK(messages(sources, diags) == Lines{"L0210: No package '[raw package] (*)' found"});
    const auto notes = diags.sorted().at(0).notes;
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].message ==
          "'" + binary.generic_string() +
              "' is neither a Mélodium source (it is not valid UTF-8 text) nor a .jeu archive");

    // Two lines and a bzip2 signature: a damaged jeu keeps the jeu reader's message.
    Diagnostics damaged;
    CHECK_FALSE(
        load_command_line_package(dir.write("bad.jeu", std::string("a\nb\nBZh9\xFF", 9)), sources, damaged));
    const auto lines = messages(sources, damaged);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].starts_with("L0233: "));
    CHECK(lines[1] == "L0210: No package '[raw package] (*)' found");
}

TEST_CASE("a .mel file without a name: L0189 says whether it is empty or has no header, and shows one")
{
    TempDir dir;
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(load_command_line_package(dir.write("area.mel", "treatment t() {}\n"), sources, diags));
    CHECK(messages(sources, diags) == Lines{"L0189: No package '[raw package] (*)' found"});
    auto notes = diags.sorted().at(0).notes;
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].message ==
          "'" + (dir / "area.mel").generic_string() + "' has no '#! name = …' header line");
    CHECK(notes[1].label == Label::Help);
    CHECK(notes[1].message.find("#! name = area\n") != std::string::npos);

    Diagnostics empty;
    CHECK_FALSE(load_command_line_package(dir.write("2.mel", " \n\n"), sources, empty));
    notes = empty.sorted().at(0).notes;
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].message == "'" + (dir / "2.mel").generic_string() + "' is empty");
    CHECK(notes[1].message.find("#! name = my_program\n") != std::string::npos);

    Diagnostics misspelled;
    CHECK_FALSE(load_command_line_package(dir.write("x.mel", "#!/usr/bin/env melodium\n#!name = x\n"),
                                          sources, misspelled));
    notes = misspelled.sorted().at(0).notes;
    REQUIRE(notes.size() == 3);
    CHECK(notes[1].message ==
          "the line '#!name = x' is not read as the name: write '#! name = NAME', with a space "
          "after '#!'");

    Diagnostics in_project;
    dir.write("app/Compo.toml", k_compo);
    CHECK_FALSE(
        load_command_line_package(dir.write("app/sub/lib.mel", "treatment t() {}\n"), sources, in_project));
    notes = in_project.sorted().at(0).notes;
    REQUIRE(notes.size() == 3);
    CHECK(notes[1].message == "'" + (dir / "app/sub/lib.mel").generic_string() + "' is in the project '" +
                                  (dir / "app/Compo.toml").generic_string() +
                                  "': give its Compo.toml instead");
}

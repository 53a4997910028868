#include <doctest/doctest.h>

#include <sys/stat.h>

#include "frontend/load/file_package.h"
#include "frontend/load/jeu_archive.h"
#include "frontend/load/jeu_package.h"
#include "frontend/load/jeu_write.h"
#include "messages.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;
using mel::Status;
namespace fs = std::filesystem;

namespace {

void write_project(const TempDir& dir)
{
    dir.write("project/Compo.toml",
              "name = \"app\"\nversion = \"1.0.0\"\n[entrypoints]\nmain = \"app/main::main\"\n");
    dir.write("project/lib-root.mel", "// root\n");
    dir.write("project/main.mel", "use root::x\n\ntreatment main() {}\n");
    dir.write("project/z/last.mel", "// unicode: \xC3\xA9t\xC3\xA9\n");
    dir.write("project/a/b/c.mel", "");
    dir.write("project/.hidden.mel", "// hidden\n");
    dir.write("project/.cache/x.mel", "// hidden folder\n");
    dir.write("project/notes.txt", "not an area\n");
}

std::vector<std::string> entry_paths(const std::string& bytes)
{
    std::vector<std::string> out;
    const auto offset = jeu_payload_offset(bytes);
    REQUIRE(offset);
    REQUIRE(read_jeu_entries(std::string_view(bytes).substr(*offset), [&](JeuEntry&& entry) {
                out.push_back(entry.path);
                return true;
            }).ok());
    return out;
}

} // namespace

TEST_CASE("jeu build then read: same package, byte-identical areas")
{
    TempDir dir;
    write_project(dir);
    REQUIRE(write_jeu(dir / "project", dir / "out/app.zip").ok() == false); // no such folder "out"
    fs::create_directories(dir / "out");
    REQUIRE(write_jeu(dir / "project", dir / "out/app.zip").ok());
    const fs::path jeu = dir / "out/app.jeu";
    REQUIRE(fs::exists(jeu));
    CHECK_FALSE(fs::exists(dir / "out/app.zip"));

    const std::string bytes = TempDir::read(jeu);
    CHECK(bytes.starts_with("#!/usr/bin/env melodium\n#! version 0\nBZh9"));
    CHECK(entry_paths(bytes) ==
          std::vector<std::string>{"Compo.toml", "a/b/c.mel", "lib-root.mel", "main.mel", "z/last.mel"});
    struct stat info {};
    REQUIRE(::stat(jeu.c_str(), &info) == 0);
    CHECK((info.st_mode & S_IXUSR) != 0);

    SourceManager sources;
    Diagnostics diags;
    const auto from_jeu = make_jeu_package(bytes, jeu.generic_string(), sources, diags);
    const auto from_dir = load_file_package(dir / "project/Compo.toml", sources, diags);
    REQUIRE(from_jeu);
    REQUIRE(from_dir);
    CHECK(from_jeu->info().name == from_dir->info().name);
    CHECK(from_jeu->info().version == from_dir->info().version);
    CHECK(from_jeu->info().entrypoints == from_dir->info().entrypoints);
    REQUIRE(from_jeu->areas() == from_dir->areas());
    for (const auto& path : from_dir->areas()) {
        CHECK(from_jeu->area(path)->text == from_dir->area(path)->text);
        CHECK(from_jeu->area(path)->display_path == from_dir->area(path)->display_path);
    }

    // The same inputs give the same bytes.
    REQUIRE(write_jeu(dir / "project", dir / "out/again").ok());
    CHECK(TempDir::read(dir / "out/again.jeu") == bytes);
}

TEST_CASE("jeu build needs a Compo.toml")
{
    TempDir dir;
    dir.write("project/main.mel", "");
    const Status status = write_jeu(dir / "project", dir / "x.jeu");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("Compo.toml") != std::string::npos);
    CHECK(jeu_output_path("a/b.tar.gz") == fs::path("a/b.tar.jeu"));
    CHECK(jeu_output_path("plain") == fs::path("plain.jeu"));
}

TEST_CASE("jeu extract unpacks under OUT/<stem>/")
{
    TempDir dir;
    write_project(dir);
    REQUIRE(write_jeu(dir / "project", dir / "app.jeu").ok());
    const Status extracted = extract_jeu(dir / "app.jeu", dir / "out");
    REQUIRE_MESSAGE(extracted.ok(), (extracted.ok() ? "" : extracted.error().message));
    for (const char* file : {"Compo.toml", "lib-root.mel", "main.mel", "z/last.mel", "a/b/c.mel"}) {
        CAPTURE(file);
        CHECK(TempDir::read(dir / "out/app" / file) == TempDir::read(dir / "project" / file));
    }
    CHECK_FALSE(fs::exists(dir / "out/app/.hidden.mel"));
    CHECK_FALSE(fs::exists(dir / "out/app/notes.txt"));
}

TEST_CASE("jeu extract refuses entries that leave the output directory, and writes nothing")
{
    TempDir dir;
    for (const char* evil : {"../escape.mel", "a/../../escape.mel", "/tmp/melodium-absolute-escape.mel"}) {
        CAPTURE(evil);
        auto payload =
            write_jeu_payload({{"Compo.toml", "name = \"x\"\nversion = \"1.0.0\"\n"}, {evil, "boom"}});
        REQUIRE(payload.ok());
        dir.write("evil.jeu", std::string(k_jeu_header) + payload.value());
        const Status status = extract_jeu(dir / "evil.jeu", dir / "out");
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().message.find("outside") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out"));
        CHECK_FALSE(fs::exists(dir / "escape.mel"));
        CHECK_FALSE(fs::exists("/tmp/melodium-absolute-escape.mel"));
    }
    dir.write("short.jeu", "only one line\n");
    CHECK_FALSE(extract_jeu(dir / "short.jeu", dir / "out").ok());
}

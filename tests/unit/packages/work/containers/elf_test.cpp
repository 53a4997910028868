// work/containers ELF: the loader a binary names, its loaded part, and a copy without the rest that still runs.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "packages/work/containers/elf.h"
#include "tests/unit/packages/testing/program.h"

using namespace mel::packages::work::containers;
using mel::packages::testing::TempDir;
namespace stdfs = std::filesystem;

TEST_CASE("elf: this test binary's loader and loaded part")
{
    const std::string self = stdfs::read_symlink("/proc/self/exe").string();
    const auto layout = read_elf_layout(self);
    REQUIRE(layout.ok());
    CHECK(layout.value().interpreter.starts_with("/"));
    CHECK(layout.value().interpreter.find("ld-") != std::string::npos);
    CHECK(layout.value().file_size == stdfs::file_size(self));
    CHECK(layout.value().loaded_end > 0);
    CHECK(layout.value().loaded_end < layout.value().file_size); // section headers at least lie beyond
    CHECK(layout.value().section_headers >= layout.value().loaded_end);
}

TEST_CASE("elf: the loadable copy keeps the mapped bytes, drops the section headers, and runs")
{
    TempDir dir;
    const std::string self = stdfs::read_symlink("/proc/self/exe").string();
    const std::string copy = dir / "copy";
    REQUIRE(write_loadable_copy(self, copy).ok());
    const auto layout = read_elf_layout(self);
    const auto copied = read_elf_layout(copy);
    REQUIRE(copied.ok());
    CHECK(copied.value().file_size == layout.value().loaded_end);
    CHECK(copied.value().section_headers == 0);
    CHECK(copied.value().interpreter == layout.value().interpreter);
    CHECK((stdfs::status(copy).permissions() & stdfs::perms::owner_exec) != stdfs::perms::none);
    std::ifstream a(self, std::ios::binary), b(copy, std::ios::binary);
    std::string head_a(4096, '\0'), head_b(4096, '\0');
    a.read(head_a.data(), 4096);
    b.read(head_b.data(), 4096);
    CHECK(head_a.substr(64) == head_b.substr(64)); // past the ELF header, the same bytes
    // The stripped copy of this doctest binary prints doctest's version and exits 0.
    CHECK(std::system((copy + " --version > /dev/null 2>&1").c_str()) == 0);
}

TEST_CASE("elf: what is not an ELF file is named")
{
    TempDir dir;
    mel::packages::testing::write_file(dir / "script", "#!/bin/sh\n");
    const auto script = read_elf_layout(dir / "script");
    REQUIRE(!script.ok());
    CHECK(script.error().message == "cannot read " + (dir / "script") + ": not an ELF file");
    const auto missing = write_loadable_copy(dir / "missing", dir / "out");
    REQUIRE(!missing.ok());
    CHECK(missing.error().message == "cannot read " + (dir / "missing") + ": No such file or directory");
    CHECK(!stdfs::exists(dir / "out"));
}

// fs/path: the functions follow Rust's std::path on Unix (the reference's semantics, packages.md §1.1);
// the treatments map them over streams and look at the local filesystem.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "packages/fs/path.h"
#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages;
using namespace mel::packages::fs_testing;

namespace {

using Opt = std::optional<std::string>;
const Opt none = std::nullopt;

} // namespace

TEST_CASE("file_name: the last component when it is a name")
{
    CHECK(fs::file_name("foo/bar.txt") == Opt("bar.txt"));
    CHECK(fs::file_name("/usr/bin/") == Opt("bin"));
    CHECK(fs::file_name("etc/./") == Opt("etc"));
    CHECK(fs::file_name("a//b") == Opt("b"));
    CHECK(fs::file_name("name") == Opt("name"));
    CHECK(fs::file_name("/") == none);
    CHECK(fs::file_name("") == none);
    CHECK(fs::file_name(".") == none);
    CHECK(fs::file_name("./") == none);
    CHECK(fs::file_name("..") == none);
    CHECK(fs::file_name("a/..") == none);
    CHECK(fs::file_name(".bashrc") == Opt(".bashrc"));
}

TEST_CASE("extension and file_stem: split at the last dot, a leading dot is part of the name")
{
    CHECK(fs::extension("archive.tar.gz") == Opt("gz"));
    CHECK(fs::file_stem("archive.tar.gz") == Opt("archive.tar"));
    CHECK(fs::extension("dir/file.txt") == Opt("txt"));
    CHECK(fs::file_stem("dir/file.txt") == Opt("file"));
    CHECK(fs::extension("README") == none);
    CHECK(fs::file_stem("README") == Opt("README"));
    CHECK(fs::extension(".bashrc") == none);
    CHECK(fs::file_stem(".bashrc") == Opt(".bashrc"));
    CHECK(fs::extension(".config.toml") == Opt("toml"));
    CHECK(fs::file_stem(".config.toml") == Opt(".config"));
    CHECK(fs::extension("trailing.") == Opt(""));
    CHECK(fs::file_stem("trailing.") == Opt("trailing"));
    CHECK(fs::extension("/") == none);
    CHECK(fs::file_stem("/") == none);
    CHECK(fs::extension("..") == none);
    CHECK(fs::file_stem("a/..") == none);
    CHECK(fs::extension("dir.d/") == Opt("d"));
}

TEST_CASE("parent: the path without its last component")
{
    CHECK(fs::parent("/usr/bin") == Opt("/usr"));
    CHECK(fs::parent("/usr/bin/") == Opt("/usr"));
    CHECK(fs::parent("/usr") == Opt("/"));
    CHECK(fs::parent("foo/bar.txt") == Opt("foo"));
    CHECK(fs::parent("a/./b") == Opt("a"));
    CHECK(fs::parent("a//b") == Opt("a"));
    CHECK(fs::parent("./a") == Opt("."));
    CHECK(fs::parent("a") == Opt(""));
    CHECK(fs::parent("..") == Opt(""));
    CHECK(fs::parent("a/..") == Opt("a"));
    CHECK(fs::parent(".") == Opt(""));
    CHECK(fs::parent("/") == none);
    CHECK(fs::parent("") == none);
}

TEST_CASE("the fs/path functions are registered with their bodies")
{
    for (std::string name : {"extension", "file_name", "file_stem", "parent"}) {
        CAPTURE(name);
        const Element* e = registry().find(*Identifier::parse("fs/path::|" + name));
        REQUIRE(e != nullptr);
        REQUIRE(e->function->body);
    }
    const auto* f = registry().find(*Identifier::parse("fs/path::|parent"))->function.get();
    const Value arg = Value::string("/usr/bin");
    auto result = f->body({}, std::span<const Value>(&arg, 1));
    REQUIRE(result.ok());
    CHECK(result.value() == Value::some(Value::string("/usr")));
    const Value root = Value::string("/");
    CHECK(f->body({}, std::span<const Value>(&root, 1)).value().is_none());
}

TEST_CASE("composition, exists and meta over streams")
{
    TempDir dir;
    write_file(dir.path() / "file.txt", "12345");
    std::filesystem::create_directory(dir.path() / "sub");
    std::filesystem::create_symlink(dir.path() / "nowhere", dir.path() / "broken");
    const std::string file = dir / "file.txt";
    const std::string sub = dir / "sub";
    const std::string broken = dir / "broken";
    const std::string missing = dir / "missing";
    run_ok(R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream
use std/flow/vec::flatten
use fs/path::composition
use fs/path::exists
use fs/path::meta
use fstest/probe::collect

treatment paths(var list: Vec<string>)
  input trigger: Block<void>
  output paths: Stream<string>
{
    emit<Vec<string>>(value = list)
    stream<Vec<string>>()
    flatten<string>()
    Self.trigger -> emit.trigger,emit -> stream.block,stream -> flatten.vector,value -> Self.paths
}

treatment main()
{
    startup()
    names: paths(list = ["/usr/bin/", "archive.tar.gz", ".bashrc", "/"])
    files: paths(list = [)" + quoted(file) + ", " + quoted(sub) + ", " + quoted(broken) + ", " + quoted(missing) + R"(])
    composition()
    exists()
    meta()
    extension: collect<Option<string>>(name = "extension")
    fileName: collect<Option<string>>(name = "file_name")
    fileStem: collect<Option<string>>(name = "file_stem")
    parent: collect<Option<string>>(name = "parent")
    found: collect<bool>(name = "exists")
    isDir: collect<bool>(name = "is_dir")
    isFile: collect<bool>(name = "is_file")
    length: collect<u64>(name = "length")

    startup.trigger -> names.trigger,paths -> composition.path
    composition.extension -> extension.values
    composition.file_name -> fileName.values
    composition.file_stem -> fileStem.values
    composition.parent -> parent.values
    startup.trigger -> files.trigger,paths -> exists.path,exists -> found.values
    files.paths -> meta.path
    meta.is_dir -> isDir.values
    meta.is_file -> isFile.values
    meta.length -> length.values
}
)",
           dir.path());
    auto texts = [](const Record& r) {
        std::vector<std::string> out;
        for (const auto& v : r.values)
            out.push_back(v.is_none() ? "_" : v.option_value().as_string());
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(texts(sink().get("extension")) == V{"_", "gz", "_", "_"});
    CHECK(texts(sink().get("file_name")) == V{"bin", "archive.tar.gz", ".bashrc", "_"});
    CHECK(texts(sink().get("file_stem")) == V{"bin", "archive.tar", ".bashrc", "_"});
    CHECK(texts(sink().get("parent")) == V{"/usr", "", "", "_"});
    auto bools = [](const Record& r) {
        std::vector<bool> out;
        for (const auto& v : r.values)
            out.push_back(v.as_bool());
        return out;
    };
    CHECK(bools(sink().get("exists")) == std::vector<bool>{true, true, false, false});
    CHECK(bools(sink().get("is_dir")) == std::vector<bool>{false, true, false, false});
    CHECK(bools(sink().get("is_file")) == std::vector<bool>{true, false, false, false});
    const Record length = sink().get("length");
    REQUIRE(length.values.size() == 4);
    CHECK(length.values[0].as_u64() == 5);
    CHECK(length.values[2].as_u64() == 0);
    CHECK(length.values[3].as_u64() == 0);
}

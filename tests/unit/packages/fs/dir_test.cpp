// fs/dir::create and scan, run as Mélodium programs (packages.md §1.1).

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages::fs_testing;

namespace {

const std::string k_prelude = R"(
use std/engine/util::startup
use std/flow::emit
use std/ops/option::|wrap
use std/ops/option/block::unwrap
use fs/dir::create
use fs/dir::scan
use fs/filesystem::FileSystem
use fs/local::|local_filesystem
use fstest/probe::collect
use fstest/probe::collectBlock

)" + k_target_treatment;

std::string create_program(const std::string& root, const std::string& path, bool recursive)
{
    return k_prelude + R"(
treatment main()
{
    startup()
    target(root = )" + quoted(root) + ", file = " + quoted(path) + R"()
    create(recursive = )" + (recursive ? "true" : "false") + R"()
    success: collectBlock<void>(name = "success")
    failure: collectBlock<void>(name = "failure")
    error: collectBlock<string>(name = "error")

    startup.trigger -> target.trigger,path -> create.path
    target.filesystem -> create.filesystem
    create.success -> success.values
    create.failure -> failure.values
    create.error -> error.values
}
)";
}

std::string scan_program(const std::string& root, const std::string& path, const std::string& params = "")
{
    return k_prelude + R"(
treatment main()
{
    startup()
    target(root = )" + quoted(root) + ", file = " + quoted(path) + R"()
    scan()" + params + R"()
    entries: collect<string>(name = "entries")
    completed: collectBlock<void>(name = "completed")
    failed: collectBlock<void>(name = "failed")
    finished: collectBlock<void>(name = "finished")
    errors: collect<string>(name = "errors")

    startup.trigger -> target.trigger,path -> scan.path
    target.filesystem -> scan.filesystem
    scan.entries -> entries.values
    scan.completed -> completed.values
    scan.failed -> failed.values
    scan.finished -> finished.values
    scan.errors -> errors.values
}
)";
}

std::size_t fired(const std::string& name)
{
    return sink().get(name).values.size();
}

/// A tree: root/{b.txt, a/{x.txt, deep/y.txt}, c/, link_a -> a}.
void make_tree(const stdfs::path& root)
{
    write_file(root / "b.txt", "b");
    write_file(root / "a/x.txt", "x");
    write_file(root / "a/deep/y.txt", "y");
    stdfs::create_directories(root / "c");
    stdfs::create_directory_symlink("a", root / "link_a");
}

} // namespace

TEST_CASE("create: recursive makes the whole chain and accepts an existing directory")
{
    TempDir dir;
    run_ok(create_program(dir.path().string(), "one/two/three", true), dir.path());
    CHECK(stdfs::is_directory(dir.path() / "one/two/three"));
    CHECK(fired("success") == 1);
    CHECK(fired("failure") == 0);
    run_ok(create_program(dir.path().string(), "one/two/three", true), dir.path());
    CHECK(fired("success") == 1);
}

TEST_CASE("create: non-recursive fails on an existing directory or a missing parent")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "exists");
    run_ok(create_program(dir.path().string(), "exists", false), dir.path());
    CHECK(fired("failure") == 1);
    CHECK(fired("success") == 0);
    REQUIRE(fired("error") == 1);
    CHECK(sink().get("error").values[0].as_string() ==
          "cannot create directory '" + (dir.path() / "exists").string() + "': File exists (os error 17)");

    run_ok(create_program(dir.path().string(), "no/parent", false), dir.path());
    CHECK(fired("failure") == 1);
    CHECK(sink().get("error").values[0].as_string() ==
          "cannot create directory '" + (dir.path() / "no/parent").string() +
              "': No such file or directory (os error 2)");

    run_ok(create_program(dir.path().string(), "single", false), dir.path());
    CHECK(fired("success") == 1);
    CHECK(stdfs::is_directory(dir.path() / "single"));
}

TEST_CASE("create: outside the root is refused")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "root");
    run_ok(create_program((dir.path() / "root").string(), "../escaped", true), dir.path());
    CHECK(fired("failure") == 1);
    CHECK_FALSE(stdfs::exists(dir.path() / "escaped"));
    CHECK(sink().get("error").values[0].as_string() == "cannot create directory '" +
                                                            (dir.path() / "root/../escaped").string() +
                                                            "': the path leads outside the filesystem root");
}

TEST_CASE("scan: entries sorted, joined onto the root, directories not entered unless recursive")
{
    TempDir dir;
    const auto root = dir.path() / "root";
    make_tree(root);
    const std::string r = root.string();
    using V = std::vector<std::string>;

    run_ok(scan_program(r, ""), dir.path());
    CHECK(strings_of(sink().get("entries")) == V{r + "/a", r + "/b.txt", r + "/c", r + "/link_a"});
    CHECK(fired("finished") == 1);
    CHECK(fired("completed") == 1);
    CHECK(fired("failed") == 0);
    CHECK(sink().get("entries").closed == 1);

    run_ok(scan_program(r, "a"), dir.path());
    CHECK(strings_of(sink().get("entries")) == V{r + "/a/deep", r + "/a/x.txt"});

    run_ok(scan_program(r, "", "recursive = true"), dir.path());
    CHECK(strings_of(sink().get("entries")) ==
          V{r + "/a", r + "/a/deep", r + "/a/deep/y.txt", r + "/a/x.txt", r + "/b.txt", r + "/c",
            r + "/link_a", r + "/link_a/deep", r + "/link_a/deep/y.txt", r + "/link_a/x.txt"});
    CHECK(fired("completed") == 1);

    run_ok(scan_program(r, "", "recursive = true, follow_links = false"), dir.path());
    CHECK(strings_of(sink().get("entries")) ==
          V{r + "/a", r + "/a/deep", r + "/a/deep/y.txt", r + "/a/x.txt", r + "/b.txt", r + "/c", r + "/link_a"});
}

TEST_CASE("scan: symlink loops are entered once, links outside the root never")
{
    TempDir dir;
    const auto root = dir.path() / "root";
    write_file(root / "sub/file", "f");
    stdfs::create_directory_symlink("..", root / "sub/up");
    write_file(dir.path() / "outside/secret", "s");
    stdfs::create_directory_symlink(dir.path() / "outside", root / "out");
    const std::string r = root.string();
    run_ok(scan_program(r, "", "recursive = true"), dir.path());
    using V = std::vector<std::string>;
    CHECK(strings_of(sink().get("entries")) == V{r + "/out", r + "/sub", r + "/sub/file", r + "/sub/up"});
    CHECK(fired("completed") == 1);
}

TEST_CASE("scan of a missing directory: the error, finished, failed")
{
    TempDir dir;
    run_ok(scan_program(dir.path().string(), "missing"), dir.path());
    CHECK(sink().get("entries").values.empty());
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot scan '" + (dir.path() / "missing").string() +
                                   "': No such file or directory (os error 2)"});
    CHECK(fired("finished") == 1);
    CHECK(fired("failed") == 1);
    CHECK(fired("completed") == 0);
}

TEST_CASE("scan outside the root: the error, finished, failed (the reference never emitted finished)")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "root");
    run_ok(scan_program((dir.path() / "root").string(), ".."), dir.path());
    CHECK(sink().get("entries").values.empty());
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot scan '" + (dir.path() / "root/..").string() +
                                   "': the path leads outside the filesystem root"});
    CHECK(fired("finished") == 1);
    CHECK(fired("failed") == 1);
}

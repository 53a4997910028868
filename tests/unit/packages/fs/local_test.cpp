// The Mélodium areas fs/local (writeLocal, writeTextLocal, readLocal, readTextLocal) and fs/text (readText,
// writeText), run as programs (packages.md §1.1).

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages::fs_testing;

namespace {

const std::string k_uses = R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream
use std/ops/option::|wrap
use std/ops/option/block::unwrap
use fs/filesystem::FileSystem
use fs/local::|local_filesystem
use fs/local::writeLocal
use fs/local::writeTextLocal
use fs/local::readLocal
use fs/local::readTextLocal
use fs/text::readText
use fs/text::writeText
use fstest/probe::bytes
use fstest/probe::collect
use fstest/probe::collectBlock
)";

std::size_t fired(const std::string& name)
{
    return sink().get(name).values.size();
}

void set_content(const std::string& content)
{
    std::lock_guard lock(sink().mutex);
    sink().sources["content"] = content;
}

/// Collectors for the outputs a writer shares: completed, failed, finished, errors, amount of `instance`.
std::string write_collectors(const std::string& instance)
{
    return "    completed: collectBlock<void>(name = \"completed\")\n"
           "    failed: collectBlock<void>(name = \"failed\")\n"
           "    finished: collectBlock<void>(name = \"finished\")\n"
           "    errors: collect<string>(name = \"errors\")\n"
           "    amount: collect<u128>(name = \"amount\")\n"
           "    " + instance + ".completed -> completed.values\n"
           "    " + instance + ".failed -> failed.values\n"
           "    " + instance + ".finished -> finished.values\n"
           "    " + instance + ".errors -> errors.values\n"
           "    " + instance + ".amount -> amount.values\n";
}

std::string read_collectors(const std::string& instance, const std::string& data_port)
{
    return "    reached: collectBlock<void>(name = \"reached\")\n"
           "    completed: collectBlock<void>(name = \"completed\")\n"
           "    failed: collectBlock<void>(name = \"failed\")\n"
           "    finished: collectBlock<void>(name = \"finished\")\n"
           "    errors: collect<string>(name = \"errors\")\n"
           "    " + instance + "." + data_port + " -> data.values\n"
           "    " + instance + ".reached -> reached.values\n"
           "    " + instance + ".completed -> completed.values\n"
           "    " + instance + ".failed -> failed.values\n"
           "    " + instance + ".finished -> finished.values\n"
           "    " + instance + ".errors -> errors.values\n";
}

} // namespace

TEST_CASE("writeLocal over a longer existing file leaves exactly the new bytes")
{
    TempDir dir;
    const auto file = dir.path() / "archive.bin";
    write_file(file, pattern(2'000'000, 1));
    const std::string content = pattern(700'000, 2);
    set_content(content);
    run_ok(k_uses + R"(
treatment main()
{
    startup()
    content: bytes(name = "content")
    writeLocal(path = )" + quoted(file.string()) + R"()
    startup.trigger -> content.trigger,data -> writeLocal.data
)" + write_collectors("writeLocal") + "}\n",
           dir.path());
    CHECK(read_file(file) == content);
    CHECK(fired("completed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("failed") == 0);
    CHECK(last_u128(sink().get("amount")) == 700'000);
}

TEST_CASE("writeLocal with append, and with new on an existing file")
{
    TempDir dir;
    const auto file = dir.path() / "log.txt";
    write_file(file, "one\n");
    set_content("two\n");
    const std::string program = k_uses + R"(
treatment main()
{
    startup()
    content: bytes(name = "content")
    writeLocal(path = )" + quoted(file.string()) + R"(, PARAMS)
    startup.trigger -> content.trigger,data -> writeLocal.data
)" + write_collectors("writeLocal") + "}\n";
    auto with = [&](const std::string& params) {
        std::string p = program;
        p.replace(p.find("PARAMS"), 6, params);
        return p;
    };
    run_ok(with("append = true"), dir.path());
    CHECK(read_file(file) == "one\ntwo\n");
    CHECK(fired("completed") == 1);

    run_ok(with("new = true"), dir.path());
    CHECK(read_file(file) == "one\ntwo\n");
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot write '" + file.string() + "': File exists (os error 17)"});
}

TEST_CASE("writeLocal does nothing at all when data ends without a byte")
{
    TempDir dir;
    const auto file = dir.path() / "untouched.txt";
    write_file(file, "before");
    set_content("");
    run_ok(k_uses + R"(
treatment main()
{
    startup()
    content: bytes(name = "content")
    writeLocal(path = )" + quoted(file.string()) + R"()
    startup.trigger -> content.trigger,data -> writeLocal.data
)" + write_collectors("writeLocal") + "}\n",
           dir.path());
    CHECK(read_file(file) == "before");
    CHECK(fired("completed") == 0);
    CHECK(fired("failed") == 0);
    CHECK(fired("finished") == 0);
    CHECK(sink().get("finished").closed == 1);
}

TEST_CASE("readLocal → writeLocal copies a file byte for byte")
{
    TempDir dir;
    const std::string content = pattern(3 * 1024 * 1024 + 17, 9);
    write_file(dir.path() / "source.bin", content);
    run_ok(k_uses + R"(
treatment main()
{
    startup()
    readLocal(path = )" + quoted((dir.path() / "source.bin").string()) + R"()
    writeLocal(path = )" + quoted((dir.path() / "copy/target.bin").string()) + R"()
    readCompleted: collectBlock<void>(name = "read.completed")

    startup.trigger -> readLocal.trigger,data -> writeLocal.data
    readLocal.completed -> readCompleted.values
)" + write_collectors("writeLocal") + "}\n",
           dir.path());
    CHECK(read_file(dir.path() / "copy/target.bin") == content);
    CHECK(fired("read.completed") == 1);
    CHECK(fired("completed") == 1);
    CHECK(last_u128(sink().get("amount")) == content.size());
}

TEST_CASE("readLocal of a missing file fails as data")
{
    TempDir dir;
    run_ok(k_uses + R"(
treatment main()
{
    startup()
    readLocal(path = )" + quoted((dir.path() / "missing").string()) + R"()
    data: collect<byte>(name = "data")
    startup.trigger -> readLocal.trigger
)" + read_collectors("readLocal", "data") + "}\n",
           dir.path());
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("reached") == 0);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot read '" + (dir.path() / "missing").string() +
                                   "': No such file or directory (os error 2)"});
}

TEST_CASE("writeTextLocal then readTextLocal round-trip UTF-8 text")
{
    TempDir dir;
    const auto file = dir.path() / "text.txt";
    write_file(file, std::string(100, '#')); // longer than the text: truncated
    run_ok(k_uses + R"(
treatment main()
{
    startup()
    line: emit<string>(value = "Grüße, 世界 🎵\n")
    stream<string>()
    writeTextLocal(path = )" + quoted(file.string()) + R"()
    startup.trigger -> line.trigger,emit -> stream.block,stream -> writeTextLocal.text
)" + write_collectors("writeTextLocal") + "}\n",
           dir.path());
    const std::string text = "Grüße, 世界 🎵\n";
    CHECK(read_file(file) == text);
    CHECK(last_u128(sink().get("amount")) == text.size());
    CHECK(fired("completed") == 1);

    run_ok(k_uses + R"(
treatment main()
{
    startup()
    readTextLocal(path = )" + quoted(file.string()) + R"()
    data: collect<string>(name = "data")
    startup.trigger -> readTextLocal.trigger
)" + read_collectors("readTextLocal", "text") + "}\n",
           dir.path());
    std::string read;
    for (const auto& s : strings_of(sink().get("data")))
        read += s;
    CHECK(read == text);
    CHECK(fired("reached") == 1);
    CHECK(fired("completed") == 1);
    CHECK(fired("finished") == 1);
}

TEST_CASE("fs/text writeText and readText through a rooted filesystem")
{
    TempDir dir;
    const std::string program_head = k_uses + R"(
treatment rootedAt(var root: string)
  input trigger: Block<void>
  output filesystem: Block<FileSystem>
{
    emit<Option<FileSystem>>(value = |local_filesystem(|wrap<string>(root)))
    unwrap<FileSystem>()
    Self.trigger -> emit.trigger,emit -> unwrap.option,value -> Self.filesystem
}
)";
    const std::string root = quoted(dir.path().string());
    run_ok(program_head + R"(
treatment main()
{
    startup()
    rootedAt(root = )" + root + R"()
    line: emit<string>(value = "rooted text")
    stream<string>()
    writeText(path = "notes/a.txt")
    startup.trigger -> rootedAt.trigger,filesystem -> writeText.filesystem
    startup.trigger -> line.trigger,emit -> stream.block,stream -> writeText.text
)" + write_collectors("writeText") + "}\n",
           dir.path());
    CHECK(read_file(dir.path() / "notes/a.txt") == "rooted text");
    CHECK(fired("completed") == 1);

    run_ok(program_head + R"(
treatment main()
{
    startup()
    rootedAt(root = )" + root + R"()
    readText(path = "notes/a.txt")
    data: collect<string>(name = "data")
    startup.trigger -> rootedAt.trigger,filesystem -> readText.filesystem
    startup.trigger -> readText.trigger
)" + read_collectors("readText", "text") + "}\n",
           dir.path());
    std::string read;
    for (const auto& s : strings_of(sink().get("data")))
        read += s;
    CHECK(read == "rooted text");
    CHECK(fired("completed") == 1);

    run_ok(program_head + R"(
treatment main()
{
    startup()
    rootedAt(root = )" + root + R"()
    readText(path = "../outside.txt")
    data: collect<string>(name = "data")
    startup.trigger -> rootedAt.trigger,filesystem -> readText.filesystem
    startup.trigger -> readText.trigger
)" + read_collectors("readText", "text") + "}\n",
           dir.path());
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot read '" + (dir.path() / "../outside.txt").string() +
                                   "': the path leads outside the filesystem root"});
}

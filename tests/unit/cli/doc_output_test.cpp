#include <doctest/doctest.h>

#include <filesystem>

#include "cli/doc_output.h"
#include "tests/unit/frontend/load/temp_dir.h"

using mel::frontend::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("a new or empty folder is ready for a book")
{
    TempDir dir;
    CHECK(mel::cli::clear_previous_book(dir / "new") == std::nullopt);
    fs::create_directories(dir / "empty");
    CHECK(mel::cli::clear_previous_book(dir / "empty") == std::nullopt);
}

TEST_CASE("the files of the previous run go, and only them")
{
    TempDir dir;
    dir.write("out/book.toml", "[book]\n");
    dir.write("out/src/old/gone.md", "stale");
    dir.write("out/src/kept/page.md", "stale");
    dir.write("out/src/kept/mine.md", "added by hand");
    dir.write("out/book/index.html", "made by mdbook build");
    REQUIRE(mel::cli::write_book_manifest(dir / "out", {"book.toml", "src/old/gone.md", "src/kept/page.md"}) ==
            std::nullopt);
    CHECK(mel::cli::clear_previous_book(dir / "out") == std::nullopt);
    CHECK_FALSE(fs::exists(dir / "out/book.toml"));
    CHECK_FALSE(fs::exists(dir / "out/src/old")); // left empty: removed
    CHECK_FALSE(fs::exists(dir / "out/src/kept/page.md"));
    CHECK(fs::exists(dir / "out/src/kept/mine.md"));
    CHECK(fs::exists(dir / "out/book/index.html"));
    CHECK_FALSE(fs::exists(dir / "out" / mel::cli::k_doc_manifest));
}

TEST_CASE("a folder that is not a book of ours is refused")
{
    TempDir dir;
    dir.write("out/notes.txt", "mine");
    const auto refused = mel::cli::clear_previous_book(dir / "out");
    REQUIRE(refused);
    CHECK(refused->find("is not empty and was not written by `melodium doc`") != std::string::npos);
    CHECK(fs::exists(dir / "out/notes.txt"));

    dir.write("file", "x");
    CHECK(mel::cli::clear_previous_book(dir / "file") != std::nullopt);

    // A manifest that points outside the folder is not obeyed.
    dir.write("victim.txt", "keep");
    dir.write("evil/.melodium-doc", "../victim.txt\n");
    CHECK(mel::cli::clear_previous_book(dir / "evil") != std::nullopt);
    CHECK(fs::exists(dir / "victim.txt"));
}

TEST_CASE("a book of an earlier melodium, without manifest, is written over")
{
    TempDir dir;
    dir.write("out/book.toml", "[book]\ntitle = \"Mélodium packages\"\n");
    dir.write("out/src/README.md", "old");
    CHECK(mel::cli::clear_previous_book(dir / "out") == std::nullopt);
    CHECK(fs::exists(dir / "out/src/README.md"));
}

#include <doctest/doctest.h>

#include "frontend/load/file_io.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

TEST_CASE("UTF-8 validation is as strict as Rust's")
{
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii\n"));
    CHECK(is_valid_utf8("\xC3\xA9t\xC3\xA9"));         // été
    CHECK(is_valid_utf8("\xE2\x82\xAC"));              // €
    CHECK(is_valid_utf8("\xF0\x9F\x8E\xB5"));          // 🎵
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
    CHECK(is_valid_utf8(std::string_view("a\0b", 3))); // NUL is valid UTF-8
    CHECK_FALSE(is_valid_utf8("\xE9t\xE9"));           // Latin-1
    CHECK_FALSE(is_valid_utf8("\xC0\x80"));            // overlong NUL
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));        // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));        // surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));    // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    CHECK_FALSE(is_valid_utf8("\xE2\x82")); // truncated
    CHECK_FALSE(is_valid_utf8("\x80"));     // lone continuation
    CHECK_FALSE(is_valid_utf8("\xC3\x28")); // bad continuation
    CHECK_FALSE(is_valid_utf8("BZh9\xFF"));
}

TEST_CASE("read_file returns the bytes or the OS error as the reference words it")
{
    TempDir dir;
    const auto file = dir.write("data.bin", std::string("\x00\x01\xFF", 3));
    auto bytes = read_file(file);
    REQUIRE(bytes.ok());
    CHECK(bytes.value() == std::string("\x00\x01\xFF", 3));

    auto missing = read_file(dir / "missing");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "No such file or directory (os error 2)");
    auto directory = read_file(dir.path());
    REQUIRE_FALSE(directory.ok());
    CHECK(directory.error().message == "Is a directory (os error 21)");
}

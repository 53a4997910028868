// std/text/compare, std/text/convert/char and string, and the trim/split/checked_format members of
// std/text/compose (std.md §2.12–§2.16).

#include <doctest/doctest.h>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {
Value fn(std::string_view id, std::vector<Value> args) { return call_ok(id, std::move(args)); }
Value s(const char* t) { return Value::string(t); }
Value bytes(std::initializer_list<int> bs)
{
    std::vector<Value> out;
    for (int b : bs)
        out.push_back(Value::byte(static_cast<std::uint8_t>(b)));
    return Value::vec(std::move(out));
}
Value chars(std::u32string_view cs)
{
    std::vector<Value> out;
    for (char32_t c : cs)
        out.push_back(Value::character(c));
    return Value::vec(std::move(out));
}
} // namespace

TEST_CASE("text/compare functions")
{
    CHECK(fn("std/text/compare::|contains", {s("abcdef"), s("cd")}) == Value::boolean(true));
    CHECK(fn("std/text/compare::|contains", {s("abc"), s("")}) == Value::boolean(true));
    CHECK(fn("std/text/compare::|exact", {s("é"), s("e\xCC\x81")}) == Value::boolean(false)); // no normalisation
    CHECK(fn("std/text/compare::|starts_with", {s("Hello"), s("hello")}) == Value::boolean(false));
    CHECK(fn("std/text/compare::|ends_with", {s("file.tar.gz"), s(".gz")}) == Value::boolean(true));
}

TEST_CASE("text/convert functions: chars, UTF-8, lossy decoding")
{
    CHECK(fn("std/text/convert/char::|to_utf8", {Value::character(U'€')}) == bytes({0xE2, 0x82, 0xAC}));
    CHECK(fn("std/text/convert/char::|from_utf8", {bytes({0xE2, 0x82, 0x41})}) == chars(U"\uFFFDA"));
    CHECK(fn("std/text/convert/char::|from_utf8", {bytes({0xAC, 0x41})}) == chars(U"\uFFFDA"));
    CHECK(fn("std/text/convert/string::|to_char", {s("añ€")}) == chars(U"añ€"));
    CHECK(fn("std/text/convert/string::|from_char", {chars(U"añ€")}) == s("añ€"));
    CHECK(fn("std/text/convert/string::|to_utf8", {s("é")}) == bytes({0xC3, 0xA9}));
    CHECK(fn("std/text/convert/string::|from_utf8", {bytes({0x68, 0x69, 0xFF})}) == s("hi\xEF\xBF\xBD"));
    CHECK(fn("std/text/convert/string::|from_utf8", {bytes({})}) == s(""));
}

TEST_CASE("text/compose: trim variants (Unicode White_Space), split function, checked_format")
{
    CHECK(fn("std/text/compose::|trim", {s("\u00A0 a b\r\n")}) == s("a b"));
    CHECK(fn("std/text/compose::|trim_start", {s("\t a ")}) == s("a "));
    CHECK(fn("std/text/compose::|trim_end", {s(" a \u3000")}) == s(" a"));
    CHECK(fn("std/text/compose::|split", {s("a,b,"), s(","), Value::boolean(false)}) ==
          Value::vec({s("a"), s("b"), s("")}));
    CHECK(fn("std/text/compose::|split", {s(""), s(","), Value::boolean(true)}) == Value::vec({}));
}

TEST_CASE("text/convert/char treatments: fromString then toString round trip; toUtf8")
{
    Program p;
    p.values("t", t_string(), strings({"añ", "€"}), 1, 1)
        .add("fs", "std/text/convert/char::fromString", {})
        .add("ts", "std/text/convert/char::toString", {})
        .add("u8", "std/text/convert/char::toUtf8", {})
        .connect("t.out", "fs.text")
        .connect("fs.chars", "ts.chars")
        .connect("fs.chars", "u8.text")
        .collect("ts.text", "text", t_string())
        .collect("u8.encoded", "bytes", t_byte());
    run_ok(p);
    std::string joined;
    for (const Value& v : got("text"))
        joined += v.as_string();
    CHECK(joined == "añ€");
    CHECK(got("bytes").size() == 6);
}

TEST_CASE("text/compare treatment and string toChar/fromChar")
{
    Program p;
    p.values("t", t_string(), strings({"main.mel", "Compo.toml", ""}))
        .add("ew", "std/text/compare::endsWith", {}, {{"pattern", lit(Value::string(".mel"))}})
        .add("tc", "std/text/convert/string::toChar", {})
        .add("fc", "std/text/convert/string::fromChar", {})
        .connect("t.out", "ew.text")
        .connect("t.out", "tc.text")
        .connect("tc.chars", "fc.chars")
        .collect("ew.matches", "mel", t_bool())
        .collect("fc.text", "back", t_string());
    run_ok(p);
    CHECK(got("mel") == std::vector<Value>{Value::boolean(true), Value::boolean(false), Value::boolean(false)});
    CHECK(got("back") == strings({"main.mel", "Compo.toml", ""}));
}

// std/text/compare/char (std.md §2.13): Unicode properties from ICU, ASCII digits of a radix.

#include <doctest/doctest.h>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

bool is(std::string_view function, char32_t c)
{
    return call_ok(std::string("std/text/compare/char::|") + std::string(function), {Value::character(c)}).as_bool();
}

bool digit(char32_t c, std::uint8_t base)
{
    return call_ok("std/text/compare/char::|is_digit", {Value::character(c), Value::u8(base)}).as_bool();
}

} // namespace

TEST_CASE("text/compare/char: Unicode properties, not ASCII or the locale")
{
    CHECK(is("is_alphabetic", U'a'));
    CHECK(is("is_alphabetic", U'ª'));
    CHECK(is("is_alphabetic", U'ж'));
    CHECK_FALSE(is("is_alphabetic", U'1'));
    CHECK(is("is_alphanumeric", U'½'));
    CHECK(is("is_alphanumeric", U'٣'));
    CHECK_FALSE(is("is_alphanumeric", U'-'));
    CHECK(is("is_ascii", U'\x7f'));
    CHECK_FALSE(is("is_ascii", U'\x80'));
    CHECK(is("is_control", U'\n'));
    CHECK(is("is_control", U'\x85'));
    CHECK_FALSE(is("is_control", U' '));
    CHECK(is("is_lowercase", U'ß'));
    CHECK(is("is_uppercase", U'Ж'));
    CHECK_FALSE(is("is_lowercase", U'ǅ')); // title case: neither
    CHECK_FALSE(is("is_uppercase", U'ǅ'));
    CHECK(is("is_whitespace", U'\u00a0'));
    CHECK(is("is_whitespace", U'\u3000'));
    CHECK(is("is_whitespace", U'\n'));
    CHECK_FALSE(is("is_whitespace", U'\u200b')); // zero width space is not White_Space
    CHECK(call_ok("std/text/compare/char::|exact", {Value::character(U'é'), Value::character(U'é')}).as_bool());
    CHECK_FALSE(call_ok("std/text/compare/char::|exact", {Value::character(U'e'), Value::character(U'é')}).as_bool());
}

TEST_CASE("text/compare/char: digits of a radix are ASCII; bases 0, 1 and above 36 have none")
{
    CHECK(digit(U'7', 8));
    CHECK_FALSE(digit(U'8', 8));
    CHECK(digit(U'f', 16));
    CHECK(digit(U'F', 16));
    CHECK_FALSE(digit(U'g', 16));
    CHECK(digit(U'z', 36));
    CHECK_FALSE(digit(U'٣', 10));
    CHECK_FALSE(digit(U'0', 0));
    CHECK_FALSE(digit(U'0', 1));
    CHECK_FALSE(digit(U'0', 37));
}

TEST_CASE("text/compare/char: the stream form applies the predicate to each character")
{
    Program p;
    std::vector<Value> input;
    for (char32_t c : std::u32string_view(U"a1 Ж\t"))
        input.push_back(Value::character(c));
    p.values("src", core(CoreType::Char), std::move(input), 2, 2)
        .add("t", "std/text/compare/char::isAlphabetic")
        .connect("src.out", "t.chars")
        .collect("t.is", "out", t_bool());
    run_ok(p);
    const std::vector<Value> expected = {Value::boolean(true), Value::boolean(false), Value::boolean(false),
                                         Value::boolean(true), Value::boolean(false)};
    CHECK(got("out") == expected);
}

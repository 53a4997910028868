// Literal decoding (frontend/parse/literals.cpp), language.md §2.5–§2.9.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "frontend/parse/literals.h"

using namespace mel::frontend;
using NK = NumberLiteral::Kind;

TEST_CASE("quoted strings: every escape of §2.6")
{
    CHECK(decode_string_literal(R"("")") == "");
    CHECK(decode_string_literal(R"("plain ${x} text")") == "plain ${x} text");
    CHECK(decode_string_literal(R"("\a\b\t\n\v\f\r\e")") == "\x07\x08\x09\x0A\x0B\x0C\x0D\x1B");
    CHECK(decode_string_literal(R"("\'\"\`\\")") == "'\"`\\");
    CHECK(decode_string_literal(R"x("(?<number>\\d+)")x") == R"x((?<number>\d+))x");
    CHECK(decode_string_literal(R"("\x41\x7a\xe9")") == "Azé"); // \xHH is a code point, either case
    CHECK(decode_string_literal(R"("\0\7\12\101\1012")") == std::string("\0\a\n", 3) + "AA2");
    CHECK(decode_string_literal(R"("\777")") == "\u01FF");
    CHECK(decode_string_literal(R"("\u00e9\u20AC")") == "é€");
    CHECK(decode_string_literal(R"("\u{1F600}\u{41}\u{000000041}")") == "😀AA");
    CHECK(decode_string_literal("\"multi\nline é\"") == "multi\nline é");
}

TEST_CASE("quoted strings: any other escape is an error (S0185)")
{
    for (const char* bad : {R"("\d")", R"("\/")", R"("\ ")", R"("\8")", R"("\x4")", R"("\xG0")", R"("\u12")",
                            R"("\uD800")", R"("\u{}")", R"("\u{110000}")", R"("\u{D800}")", R"("\u{12")",
                            R"("\u{FFFFFFFFF}")", R"("\")", R"("\é")"})
        CHECK_MESSAGE(!decode_string_literal(bad), bad);
    CHECK_FALSE(decode_string_literal("no quotes"));
    CHECK_FALSE(decode_string_literal("\""));
}

TEST_CASE("raw strings: content between the delimiters, verbatim (§2.7)")
{
    CHECK(raw_string_content("${}") == "");
    CHECK(raw_string_content("${abc}") == "abc");
    CHECK(raw_string_content("${{ a } b }}") == " a } b ");
    CHECK(raw_string_content("${{\n  keep \\n as is\n}}") == "\n  keep \\n as is\n");
    CHECK(raw_string_content("${{{ x }} }}}") == " x }} ");
}

TEST_CASE("characters: exactly one byte once unescaped (§2.8, reference quirk)")
{
    CHECK(decode_char_literal("'a'") == U'a');
    CHECK(decode_char_literal("' '") == U' ');
    CHECK(decode_char_literal("'\\n'") == U'\n'); // the lexer never lets this through
    CHECK_FALSE(decode_char_literal("'é'"));
    CHECK_FALSE(decode_char_literal("'ab'"));
    CHECK_FALSE(decode_char_literal("''"));
    CHECK_FALSE(decode_char_literal("'\\d'"));
    CHECK_FALSE(decode_char_literal("a"));
}

TEST_CASE("bytes: 0xHH")
{
    CHECK(decode_byte_literal("0x2A") == 0x2A);
    CHECK(decode_byte_literal("0x00") == 0);
    CHECK(decode_byte_literal("0xFF") == 255);
    CHECK_FALSE(decode_byte_literal("0x1"));
    CHECK_FALSE(decode_byte_literal("0xFFF"));
    CHECK_FALSE(decode_byte_literal("0xG0"));
    CHECK_FALSE(decode_byte_literal("2A"));
}

TEST_CASE("numbers: unsigned, then signed, then real (§2.5)")
{
    auto n = classify_number("42");
    CHECK(n.kind == NK::Unsigned);
    CHECK(n.unsigned_value == 42);
    n = classify_number("-3");
    CHECK(n.kind == NK::Integer);
    CHECK(n.integer_value == -3);
    n = classify_number("-0");
    CHECK(n.kind == NK::Integer);
    CHECK(n.integer_value == 0);
    n = classify_number("1.5");
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value == 1.5);
    n = classify_number("-.5");
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value == -0.5);
    n = classify_number("0.0");
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value == 0.0);
    n = classify_number("-0.0");
    CHECK(n.kind == NK::Real);
    CHECK(std::signbit(n.real_value));

    n = classify_number("340282366920938463463374607431768211455"); // u128 max
    CHECK(n.kind == NK::Unsigned);
    CHECK(n.unsigned_value == ~mel::u128(0));
    n = classify_number("340282366920938463463374607431768211456"); // u128 max + 1
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value == doctest::Approx(3.402823669209385e38));
    n = classify_number("-170141183460469231731687303715884105728"); // i128 min
    CHECK(n.kind == NK::Integer);
    CHECK(n.integer_value == std::numeric_limits<mel::i128>::min());
    n = classify_number("-170141183460469231731687303715884105729");
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value < -1.7e38);
    n = classify_number(std::string(400, '9'));
    CHECK(n.kind == NK::Real);
    CHECK(std::isinf(n.real_value));
    n = classify_number("0." + std::string(400, '0') + "1");
    CHECK(n.kind == NK::Real);
    CHECK(n.real_value == 0.0);
}

TEST_CASE("numbers: what is not numeric (S0145)")
{
    // Only NUMBER token shapes are read as reals (no exponent: `1e5` never reaches here as one token).
    for (const char* bad : {"", "-", ".", "abc", "1.2.3", "0x2A", "--1", "+-1", "1-"})
        CHECK_MESSAGE(classify_number(bad).kind == NK::Invalid, bad);
    // Rust's parsers accept a leading '+' (the lexer never produces one).
    CHECK(classify_number("+7").kind == NK::Unsigned);
}

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "runtime/model/int128.h"
#include "runtime/model/value.h"
#include "runtime/model/value_format.h"

using mel::display;
using mel::format_f32;
using mel::format_f64;
using mel::to_text;
using mel::Value;

namespace {

class Named : public mel::DataObject {
public:
    explicit Named(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return m_name; }

private:
    std::string m_name;
};

class Address : public mel::DataObject {
public:
    std::string_view type_name() const override { return "Ip"; }
    std::string to_text() const override { return "127.0.0.1"; }
};

std::string str(const char* text)
{
    return display(Value::string(text));
}
std::string chr(char32_t c)
{
    return display(Value::character(c));
}

} // namespace

TEST_CASE("display of void, bool and integers")
{
    CHECK(display(Value()) == "_");
    CHECK(display(Value::boolean(true)) == "true");
    CHECK(display(Value::boolean(false)) == "false");
    CHECK(display(Value::i8(-128)) == "-128");
    CHECK(display(Value::i8(127)) == "127");
    CHECK(display(Value::i16(-32768)) == "-32768");
    CHECK(display(Value::i16(32767)) == "32767");
    CHECK(display(Value::i32(std::numeric_limits<std::int32_t>::min())) == "-2147483648");
    CHECK(display(Value::i32(std::numeric_limits<std::int32_t>::max())) == "2147483647");
    CHECK(display(Value::i64(std::numeric_limits<std::int64_t>::min())) == "-9223372036854775808");
    CHECK(display(Value::i64(std::numeric_limits<std::int64_t>::max())) == "9223372036854775807");
    CHECK(display(Value::i128(mel::limits<mel::i128>::min())) == "-170141183460469231731687303715884105728");
    CHECK(display(Value::i128(mel::limits<mel::i128>::max())) == "170141183460469231731687303715884105727");
    CHECK(display(Value::u8(0)) == "0");
    CHECK(display(Value::u8(255)) == "255");
    CHECK(display(Value::u16(65535)) == "65535");
    CHECK(display(Value::u32(4294967295u)) == "4294967295");
    CHECK(display(Value::u64(std::numeric_limits<std::uint64_t>::max())) == "18446744073709551615");
    CHECK(display(Value::u128(mel::limits<mel::u128>::max())) == "340282366920938463463374607431768211455");
    CHECK(display(Value::u128(0)) == "0");
}

TEST_CASE("format_f64: shortest round trip without exponent")
{
    CHECK(format_f64(1.0) == "1");
    CHECK(format_f64(0.0) == "0");
    CHECK(format_f64(-0.0) == "-0");
    CHECK(format_f64(0.1) == "0.1");
    CHECK(format_f64(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_f64(-1.5) == "-1.5");
    CHECK(format_f64(100.0) == "100");
    CHECK(format_f64(123456.789) == "123456.789");
    CHECK(format_f64(1e21) == "1000000000000000000000");
    CHECK(format_f64(1e15) == "1000000000000000");
    CHECK(format_f64(1e-7) == "0.0000001");
    CHECK(format_f64(-1.5e-5) == "-0.000015");
    CHECK(format_f64(1.25e-3) == "0.00125");
    CHECK(format_f64(std::ldexp(1.0, 60)) == "1152921504606847000"); // shortest digits, zero-padded
    CHECK(format_f64(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    CHECK(format_f64(-std::numeric_limits<double>::quiet_NaN()) == "NaN");
    CHECK(format_f64(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_f64(-std::numeric_limits<double>::infinity()) == "-inf");
    CHECK(format_f64(std::numeric_limits<double>::max()) == "17976931348623157" + std::string(292, '0'));
    CHECK(format_f64(std::numeric_limits<double>::denorm_min()) == "0." + std::string(323, '0') + "5");
    CHECK(format_f64(std::numeric_limits<double>::min()) ==
          "0." + std::string(307, '0') + "22250738585072014");
    CHECK(format_f64(9007199254740993.0) == "9007199254740992");
}

TEST_CASE("format_f32: shortest float text")
{
    CHECK(format_f32(16777217.0f) == "16777216");
    CHECK(format_f32(0.1f) == "0.1");
    CHECK(format_f32(0.1f + 0.2f) == "0.3");
    CHECK(format_f32(1.0f / 3.0f) == "0.33333334");
    CHECK(format_f32(1.0f) == "1");
    CHECK(format_f32(-0.0f) == "-0");
    CHECK(format_f32(1e10f) == "10000000000");
    CHECK(format_f32(std::numeric_limits<float>::max()) == "340282350000000000000000000000000000000");
    CHECK(format_f32(std::numeric_limits<float>::denorm_min()) == "0." + std::string(44, '0') + "1");
    CHECK(format_f32(std::numeric_limits<float>::quiet_NaN()) == "NaN");
    CHECK(format_f32(std::numeric_limits<float>::infinity()) == "inf");
    CHECK(format_f32(-std::numeric_limits<float>::infinity()) == "-inf");
    CHECK(format_f32(static_cast<float>(0.1)) != format_f64(static_cast<float>(0.1)));
}

TEST_CASE("float ties between two shortest candidates round up, as in Rust")
{
    // The exact binary value lies halfway between two shortest decimal candidates: Rust prints the upper one,
    // std::to_chars the even one. Expected texts were produced by Rust's `{}`.
    CHECK(format_f32(2385422.25f) == "2385422.3");
    CHECK(format_f32(-2385422.25f) == "-2385422.3");
    CHECK(format_f32(133234.625f) == "133234.63");
    CHECK(format_f32(-33081.5625f) == "-33081.563");
    CHECK(format_f64(1690060720831323.25) == "1690060720831323.3");
    CHECK(format_f64(233115890514796.125) == "233115890514796.13");
    CHECK(format_f64(-163559682789802.625) == "-163559682789802.63");
    CHECK(format_f32(2385422.5f) == "2385422.5"); // exact and short: no tie
}

TEST_CASE("display and to_text of floats use the float forms")
{
    CHECK(display(Value::f64(1e-7)) == "0.0000001");
    CHECK(display(Value::f32(16777217.0f)) == "16777216");
    CHECK(to_text(Value::f64(-0.0)) == "-0");
    CHECK(to_text(Value::f32(0.1f)) == "0.1");
    CHECK(to_text(Value::f64(std::numeric_limits<double>::quiet_NaN())) == "NaN");
}

TEST_CASE("display of bytes")
{
    CHECK(display(Value::byte(0)) == "0x00");
    CHECK(display(Value::byte(0x0a)) == "0x0a");
    CHECK(display(Value::byte(0x2a)) == "0x2a");
    CHECK(display(Value::byte(0xff)) == "0xff");
    CHECK(display(Value::u8(42)) == "42");
}

TEST_CASE("display of chars")
{
    CHECK(chr(U'a') == "'a'");
    CHECK(chr(U'\n') == "'\\n'");
    CHECK(chr(U'\r') == "'\\r'");
    CHECK(chr(U'\t') == "'\\t'");
    CHECK(chr(U'\\') == "'\\\\'");
    CHECK(chr(U'\0') == "'\\0'");
    CHECK(chr(U'\'') == "'\\''");
    CHECK(chr(U'"') == "'\"'");
    CHECK(chr(U'{') == "'{'");
    CHECK(chr(U'\x01') == "'\\u{1}'");
    CHECK(chr(U'\x1b') == "'\\u{1b}'");
    CHECK(chr(U'\x7f') == "'\\u{7f}'");
    CHECK(chr(U'\u0085') == "'\\u{85}'");
    CHECK(chr(U'\u009f') == "'\\u{9f}'");
    CHECK(chr(U'\u00a0') == "'\u00a0'"); // not a control character
    CHECK(chr(U'é') == "'é'");
    CHECK(chr(U'\u200b') == "'\u200b'"); // format character, printed as is (the reference escapes Cc only)
    CHECK(chr(U'\U0001F600') == "'\U0001F600'");
}

TEST_CASE("display of single-line strings: quoted with escapes")
{
    CHECK(str("") == "\"\"");
    CHECK(str("plain text") == "\"plain text\"");
    CHECK(str("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(str("it's") == "\"it's\"");
    CHECK(str("back\\slash") == "\"back\\\\slash\"");
    CHECK(str("bell\x07") == "\"bell\\u{7}\"");
    CHECK(str("del\x7f") == "\"del\\u{7f}\"");
    CHECK(str("nel\u0085") == "\"nel\\u{85}\"");
    CHECK(str("héllo wörld \U0001F600") == "\"héllo wörld \U0001F600\"");
    CHECK(str("{braces}") == "\"{braces}\"");
    CHECK(display(Value::string(std::string("nul\0byte", 8))) == "\"nul\\0byte\"");
}

TEST_CASE("display of multi-line strings: raw blocks")
{
    CHECK(str("plain\ntext") == "${plain\ntext}");
    CHECK(str("\n") == "${\n}");
    CHECK(str("\r\n") == "${\r\n}");
    CHECK(str("tab\there") == "${tab\there}");
    CHECK(str("x{{{y\n") == "${{{{x{{{y\n}}}}");
    CHECK(str("a}}b\n{c") == "${{{a}}b\n{c}}}");
    CHECK(str("a{b}}c{{{d\nmore") == "${{{{a{b}}c{{{d\nmore}}}}");
    CHECK(str("say \"hi\"\nand \\ 'bye'") == "${say \"hi\"\nand \\ 'bye'}");
    CHECK(str("ünïcode\nlines") == "${ünïcode\nlines}");
    CHECK(str("\n{brace after the first line break") == "${{\n{brace after the first line break}}");
    CHECK(str("a\nb{") == "${{a\nb{}}");
}

TEST_CASE("display of multi-line strings that must stay quoted")
{
    CHECK(str("{\nx") == "\"{\\nx\"");
    CHECK(str("ends with brace\n}") == "\"ends with brace\\n}\"");
    CHECK(str("line\nbell\x07") == "\"line\\nbell\\u{7}\"");
    CHECK(str("line\n\x1b[0m") == "\"line\\n\\u{1b}[0m\"");
    CHECK(str("line\nnel\u0085") == "\"line\\nnel\\u{85}\"");
    CHECK(display(Value::string(std::string("\0\n", 2))) == "\"\\0\\n\"");
    CHECK(str("tab\t\"q\"\r") == "${tab\t\"q\"\r}");
}

TEST_CASE("display of Option and Vec")
{
    CHECK(display(Value::none()) == "_");
    CHECK(display(Value::some(Value::i32(5))) == "5");
    CHECK(display(Value::some(Value::some(Value::string("x")))) == "\"x\"");
    CHECK(display(Value::some(Value::none())) == "_");
    CHECK(display(Value::vec({})) == "[]");
    CHECK(display(Value::vec({Value::i32(1), Value::i32(2), Value::i32(3)})) == "[1, 2, 3]");
    CHECK(display(Value::vec({Value::string("a"), Value::string("b\nc"), Value::byte(0x2a),
                              Value::character(U'\'')})) == "[\"a\", ${b\nc}, 0x2a, '\\'']");
    CHECK(display(Value::vec({Value::vec({Value::u8(1)}), Value::vec({}),
                              Value::vec({Value::none(), Value::some(Value::f64(0.5))})})) ==
          "[[1], [], [_, 0.5]]");
    CHECK(display(Value::some(Value::vec({Value()}))) == "[_]");
}

TEST_CASE("display of Data is the type name in a comment")
{
    CHECK(display(Value::data(std::make_shared<const Named>("StringMap"))) == "/* StringMap */");
    CHECK(display(Value::data(std::make_shared<const Address>())) == "/* Ip */");
    CHECK(display(Value::vec({Value::data(std::make_shared<const Named>("Map"))})) == "[/* Map */]");
}

TEST_CASE("to_text: the ToString forms")
{
    CHECK(to_text(Value()) == "");
    CHECK(to_text(Value::boolean(true)) == "true");
    CHECK(to_text(Value::i8(-128)) == "-128");
    CHECK(to_text(Value::i128(mel::limits<mel::i128>::min())) == "-170141183460469231731687303715884105728");
    CHECK(to_text(Value::u128(mel::limits<mel::u128>::max())) == "340282366920938463463374607431768211455");
    CHECK(to_text(Value::u8(10)) == "10");
    CHECK(to_text(Value::byte(0x0a)) == "0a");
    CHECK(to_text(Value::byte(0xff)) == "ff");
    CHECK(to_text(Value::character(U'x')) == "x");
    CHECK(to_text(Value::character(U'\n')) == "\n");
    CHECK(to_text(Value::character(U'é')) == "é");
    CHECK(to_text(Value::character(U'\U0001F600')) == "\U0001F600");
    CHECK(to_text(Value::string("raw \"text\"\n{")) == "raw \"text\"\n{");
    CHECK(to_text(Value::string("")) == "");
}

TEST_CASE("to_text of Data uses the object's form")
{
    CHECK(to_text(Value::data(std::make_shared<const Address>())) == "127.0.0.1");
    CHECK(to_text(Value::data(std::make_shared<const Named>("Map"))) == "/* Map */"); // default form
}

TEST_CASE("to_text of Vec and Option falls back to display (the reference panics)")
{
    CHECK(to_text(Value::vec({Value::string("a"), Value::byte(1)})) == "[\"a\", 0x01]");
    CHECK(to_text(Value::none()) == "_");
    CHECK(to_text(Value::some(Value::string("x"))) == "\"x\"");
}

TEST_CASE("append_utf8 encodes every length")
{
    std::string out;
    mel::append_utf8(out, U'A');
    mel::append_utf8(out, U'\u00e9');
    mel::append_utf8(out, U'\u20ac');
    mel::append_utf8(out, U'\U0010FFFF');
    CHECK(out == "A\u00e9\u20ac\U0010FFFF");
    CHECK(out.size() == 1 + 2 + 3 + 4);
}

TEST_CASE("literal: one line, strings always quoted")
{
    using mel::Value;
    CHECK(mel::literal(Value::string("\n")) == "\"\\n\"");
    CHECK(mel::literal(Value::string("a\tb")) == "\"a\\tb\"");
    CHECK(mel::literal(Value::vec({Value::string("x\ny")})) == "[\"x\\ny\"]");
    CHECK(mel::literal(Value::some(Value::string("\n"))) == "\"\\n\"");
    CHECK(mel::literal(Value::none()) == "_");
    CHECK(mel::literal(Value::u64(3)) == "3");
    CHECK(mel::literal(Value::byte(0x2a)) == mel::display(Value::byte(0x2a)));
    CHECK(mel::display(Value::string("\n")) == "${\n}"); // display keeps the reference's raw block
}

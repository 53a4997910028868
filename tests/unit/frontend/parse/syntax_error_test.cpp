// Lexical and syntax error messages (frontend/parse/parser.cpp, syntax_error.cpp), language.md §2.10, §3.3.
#include <doctest/doctest.h>

#include "tests/unit/frontend/parse/parse_helpers.h"

using namespace mel::frontend;
using mel::frontend::testing::parse;

namespace {

/// The message of the only diagnostic of a text that must not parse.
std::string error_of(std::string text)
{
    auto p = parse(std::move(text));
    CHECK_FALSE(p->ast);
    CHECK(p->diags.error_count() == 1);
    return p->message();
}

} // namespace

TEST_CASE("lexical errors: S0019 with an empty expectation list, long tokens run to the end of the file")
{
    CHECK(error_of("treatment t() { a = ; }") == "S0019: found ';' at line 1 position 20, expecting ");
    CHECK(error_of("use a::b\ntreatment t() { f(p = \"never closed }\n}\n") ==
          "S0019: found '\"never closed }\n}\n' at line 2 position 22, expecting ");
    CHECK(error_of("treatment t() { f(p = 0xff) }") ==
          "S0019: found '0xff) }' at line 1 position 22, expecting ");
    CHECK(error_of("treatment t() { f(p = '\\n') }") ==
          "S0019: found ''\\n') }' at line 1 position 22, expecting ");
    CHECK(error_of("/* never closed") == "S0019: found '/* never closed' at line 1 position 0, expecting ");
    // The lexical error wins even when a syntax error comes first.
    CHECK(error_of("treatment { }\n€") == "S0019: found '€' at line 2 position 0, expecting ");
    // Positions are bytes: 'é' takes two.
    CHECK(error_of("treatment é() { ? }") == "S0019: found '?' at line 1 position 17, expecting ");
}

TEST_CASE("encoding: invalid UTF-8 and byte order marks are S0019, never an exception")
{
    CHECK(error_of("treatment t() {}\n  \xFF\xFE") ==
          "S0019: found '\\xFF' at line 2 position 2, expecting ");
    CHECK(error_of("use a::\xC3") == "S0019: found '\\xC3' at line 1 position 7, expecting ");
    CHECK(error_of("\xEF\xBB\xBFtreatment t() {}") ==
          "S0019: found '\xEF\xBB\xBF' at line 1 position 0, expecting ");
}

TEST_CASE("top level: S0051 for a wrong word, S0052 for anything else")
{
    CHECK(error_of("use a::b\nfunction f() {}") ==
          "S0051: found 'function' at line 2 position 0 while a declaration is expected; "
          "'use', 'model', 'treatment' are admitted");
    CHECK(error_of("use a::b as c d") ==
          "S0051: found 'd' at line 1 position 14 while a declaration is expected; "
          "'use', 'model', 'treatment' are admitted");
    CHECK(error_of("treatment t() {}\n}") ==
          "S0052: found '}' at line 2 position 0, expecting # Annotation, name");
}

TEST_CASE("unexpected end of input: S0020")
{
    CHECK(error_of("treatment t() {") == "S0020: reached unexpected end of script");
    CHECK(error_of("use a/b") == "S0020: reached unexpected end of script");
    auto p = parse("treatment t(\n");
    REQUIRE(p->diags.sorted().size() == 1);
    CHECK(p->diags.sorted().front().range.begin == 13); // at the end of the text
}

TEST_CASE("use: S0012, S0014, S0016, S0017, S0020")
{
    CHECK(error_of("use 1") == "S0012: found '1' at line 1 position 4, expecting name");
    CHECK(error_of("use a/(") == "S0012: found '(' at line 1 position 6, expecting name");
    CHECK(error_of("use a.b") == "S0014: found '.' at line 1 position 5, expecting /, :");
    CHECK(error_of("use a:/b") == "S0016: found '/' at line 1 position 6, expecting :");
    CHECK(error_of("use a::1") ==
          "S0017: found '1' at line 1 position 7, expecting name, function (|function), context (@Context)");
    CHECK(error_of("use a::|f as g") ==
          "S0020: found 'g' at line 1 position 13, expecting function (|function)");
    CHECK(error_of("use a::@C as |g") ==
          "S0020: found '|g' at line 1 position 13, expecting context (@Context)");
    CHECK(error_of("use a::b as |g") == "S0020: found '|g' at line 1 position 12, expecting name");
}

TEST_CASE("model declarations")
{
    CHECK(error_of("model (") == "S0063: found '(' at line 1 position 6, expecting name");
    CHECK(error_of("model M : B {}") == "S0064: found ':' at line 1 position 8, expecting (");
    CHECK(error_of("model M() {}") == "S0067: found '{' at line 1 position 10, expecting :");
    CHECK(error_of("model M(): 1") == "S0069: found '1' at line 1 position 11, expecting name");
    CHECK(error_of("model M(): B (") == "S0071: found '(' at line 1 position 13, expecting {");
    CHECK(error_of("model M(): B { a = 1, b = 2 }") ==
          "S0074: found ',' at line 1 position 20, expecting name, }");
    CHECK(error_of("model M(): B { a 1 }") == "S0073: found '1' at line 1 position 17, expecting =");
}

TEST_CASE("treatment signature and header")
{
    CHECK(error_of("treatment 2() {}") == "S0032: found '2' at line 1 position 10, expecting name");
    CHECK(error_of("treatment t {}") == "S0033: found '{' at line 1 position 12, expecting <, [, (");
    CHECK(error_of("treatment t[m: M]<T>() {}") ==
          "S0033: found '<' at line 1 position 17, expecting <, [, (");
    CHECK(error_of("treatment t(a: u8,) {}") == "S0085: found ')' at line 1 position 18, expecting name, )");
    CHECK(error_of("treatment t(a: u8 b: u8) {}") ==
          "S0087: found 'b' at line 1 position 18, expecting ,, )");
    CHECK(error_of("treatment t(var: u8) {}") == "S0057: found ':' at line 1 position 15, expecting name");
    CHECK(error_of("treatment t(const a u8) {}") == "S0056: found 'u8' at line 1 position 20, expecting :");
    CHECK(error_of("treatment t(a u8) {}") == "S0060: found 'u8' at line 1 position 14, expecting :");
    CHECK(error_of("treatment t(a: 1) {}") == "S0022: found '1' at line 1 position 15, expecting name");
    CHECK(error_of("treatment t(a: u8 = ) {}") ==
          "S0002: found ')' at line 1 position 20, expecting number, string (\"string\"), character ('c'), "
          "byte (0x2A), name");
    CHECK(error_of("treatment t() -> {}") == "S0037: found '->' at line 1 position 14, expecting {, name");
    CHECK(error_of("treatment main()\n  inputs data: Stream<byte>\n{}") ==
          "S0047: for 'main' at line 2 position 2, 'inputs' is not an expected element; "
          "'input', 'output', 'model', 'require' are admitted");
    CHECK(error_of("treatment t() input 1") == "S0040: found '1' at line 1 position 20, expecting name");
    CHECK(error_of("treatment t() output o Stream") ==
          "S0046: found 'Stream' at line 1 position 23, expecting :");
    CHECK(error_of("treatment t() require Ctx {}") ==
          "S0054: found 'Ctx' at line 1 position 22, expecting context (@Context)");
    CHECK(error_of("treatment t() model m<T>() {}") ==
          "S0064: found '<' at line 1 position 21, expecting :, <, [, (");
    CHECK(error_of("treatment t() model m: M{}") ==
          "S0068: found '{' at line 1 position 24, expecting <, [, (");
}

TEST_CASE("generics, slots and types")
{
    CHECK(error_of("treatment t<T,>() {}") == "S0160: found '>' at line 1 position 14, expecting name, >");
    CHECK(error_of("treatment t<T U>() {}") == "S0158: found 'U' at line 1 position 14, expecting ,, >");
    CHECK(error_of("treatment t<T: +>() {}") == "S0176: found '+' at line 1 position 15, expecting name");
    CHECK(error_of("treatment t[m M]() {}") == "S0096: found 'M' at line 1 position 14, expecting :");
    CHECK(error_of("treatment t[m: M m2: M]() {}") ==
          "S0097: found 'm2' at line 1 position 17, expecting ,, ]");
    CHECK(error_of("treatment t[,]() {}") == "S0099: found ',' at line 1 position 12, expecting name, ]");
    CHECK(error_of("treatment t(a: Map<K, V>) {}") ==
          "S0028: found ',' at line 1 position 20, expecting <, >");
    CHECK(error_of("treatment t(a: Vec<Vec<T> x) {}") ==
          "S0029: found 'x' at line 1 position 26, expecting >");
    CHECK(error_of("treatment t(a: Vec<>) {}") == "S0024: found '>' at line 1 position 19, expecting name");
}

TEST_CASE("treatment bodies: statements, instantiations, connections")
{
    CHECK(error_of("treatment t() { 1 }") == "S0048: found '1' at line 1 position 16, expecting name, }");
    CHECK(error_of("treatment t() { a.x -> b.y -> c.z }") ==
          "S0048: found '->' at line 1 position 27, expecting name, }");
    CHECK(error_of("treatment t() { a = 1 }") ==
          "S0050: found '=' at line 1 position 18, expecting :, <, [, (, ., ->");
    CHECK(error_of("treatment t() { a: 1 }") == "S0067: found '1' at line 1 position 19, expecting name");
    CHECK(error_of("treatment t() { a: b }") == "S0068: found '}' at line 1 position 21, expecting <, [, (");
    CHECK(error_of("treatment t() { a<T>{} }") == "S0167: found '{' at line 1 position 20, expecting [, (");
    CHECK(error_of("treatment t() { a[m = x]{} }") == "S0071: found '{' at line 1 position 24, expecting (");
    CHECK(error_of("treatment t() { a[m x]() }") == "S0102: found 'x' at line 1 position 20, expecting =");
    CHECK(error_of("treatment t() { a[m = x y]() }") ==
          "S0103: found 'y' at line 1 position 24, expecting ,, ]");
    CHECK(error_of("treatment t() { a[1]() }") ==
          "S0105: found '1' at line 1 position 18, expecting name, ]");
    CHECK(error_of("treatment t() { a(1) }") == "S0093: found '1' at line 1 position 18, expecting name, )");
    CHECK(error_of("treatment t() { a(p 1) }") == "S0090: found '1' at line 1 position 20, expecting =");
    CHECK(error_of("treatment t() { a(p = 1 q = 2) }") ==
          "S0091: found 'q' at line 1 position 24, expecting ,, )");
    CHECK(error_of("treatment t() { a.1 }") == "S0080: found '1' at line 1 position 18, expecting name");
    CHECK(error_of("treatment t() { a.x b }") == "S0086: found 'b' at line 1 position 20, expecting ->");
    CHECK(error_of("treatment t() { a.x -> 1 }") == "S0082: found '1' at line 1 position 23, expecting name");
    CHECK(error_of("treatment t() { a.x -> b }") == "S0088: found '}' at line 1 position 25, expecting .");
    CHECK(error_of("treatment t() { a.x -> b. }") ==
          "S0084: found '}' at line 1 position 26, expecting name");
    CHECK(error_of("treatment t() { a.x -> b.y, 2 }") ==
          "S0080: found '2' at line 1 position 28, expecting name");
    CHECK(error_of("treatment t() { a -> 1 }") == "S0078: found '1' at line 1 position 21, expecting name");
    CHECK(error_of("treatment t() { a -> b, c }") ==
          "S0048: found ',' at line 1 position 22, expecting name, }");
}

TEST_CASE("values")
{
    CHECK(error_of("treatment t() { f(p = [1 2]) }") ==
          "S0003: found '2' at line 1 position 25, expecting ,, ]");
    CHECK(error_of("treatment t() { f(p = [1,]) }") ==
          "S0002: found ']' at line 1 position 25, expecting number, string (\"string\"), character ('c'), "
          "byte (0x2A), name");
    CHECK(error_of("treatment t() { f(p = @C) }") == "S0006: found ')' at line 1 position 24, expecting [");
    CHECK(error_of("treatment t() { f(p = @C[_x]) }") ==
          "S0008: found '_' at line 1 position 25, expecting name");
    CHECK(error_of("treatment t() { f(p = @C[x y]) }") ==
          "S0010: found 'y' at line 1 position 27, expecting ]");
    CHECK(error_of("treatment t() { f(p = |g) }") == "S0074: found ')' at line 1 position 24, expecting (");
    CHECK(error_of("treatment t() { f(p = |g<T>[]) }") ==
          "S0074: found '[' at line 1 position 27, expecting (");
    CHECK(error_of("treatment t() { f(p = |g(a = 1)) }") ==
          "S0075: found '=' at line 1 position 27, expecting ,, )");
    CHECK(error_of("treatment t() { f(p = |g(,)) }") ==
          "S0002: found ',' at line 1 position 25, expecting number, string (\"string\"), character ('c'), "
          "byte (0x2A), name");
    CHECK(error_of("treatment t() { f<Vec<u8>>>() }") ==
          "S0167: found '>' at line 1 position 26, expecting [, (");
}

TEST_CASE("only the first error of a file is reported")
{
    auto p = parse("treatment t() { a = 1 }\ntreatment u() { b = 2 }");
    CHECK(p->diags.error_count() == 1);
    CHECK(p->message().rfind("S0050: found '=' at line 1 position 18", 0) == 0);
}

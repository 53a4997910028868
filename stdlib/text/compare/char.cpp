// std/text/compare/char — reference: libs/std-mel/src/text/compare/char.rs (std.md §2.13). Predicates on
// characters by their Unicode properties, from ICU's character database (the reference uses Rust's `char`
// methods, which follow the same Unicode properties): Alphabetic, Numeric (general categories Nd, Nl, No),
// Lowercase, Uppercase, White_Space, the control category Cc. `isDigit` alone is ASCII: digits of a radix up
// to 36 written with 0-9 and a-z/A-Z.

#include <unicode/uchar.h>

#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

bool numeric(UChar32 c)
{
    const auto type = u_charType(c);
    return type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

bool is_alphabetic(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC); }
bool is_alphanumeric(char32_t c) { return is_alphabetic(c) || numeric(static_cast<UChar32>(c)); }
bool is_ascii(char32_t c) { return c <= 0x7f; }
bool is_control(char32_t c) { return u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR; }
bool is_lowercase(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_LOWERCASE); }
bool is_uppercase(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_UPPERCASE); }
bool is_whitespace(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE); }

/// The value of `c` as an ASCII digit of radix `base`: only 0-9, a-z and A-Z count. Bases above 36 have no
/// digits; bases 0 and 1 neither (the reference's guard lets them through and then panics: std.md §3, 13).
bool is_digit(char32_t c, std::uint8_t base)
{
    if (base < 2 || base > 36)
        return false;
    unsigned value = 36;
    if (c >= U'0' && c <= U'9')
        value = c - U'0';
    else if (c >= U'a' && c <= U'z')
        value = c - U'a' + 10;
    else if (c >= U'A' && c <= U'Z')
        value = c - U'A' + 10;
    return value < base;
}

using Predicate = bool (*)(char32_t);

/// `|function(char: char) -> bool` and `treatment()` from `chars` to `is`.
void predicate(AreaBuilder& area, const char* treatment, const char* function, const char* doc, Predicate test)
{
    area.function(function)
        .param("char", "char")
        .returns("bool")
        .doc(doc)
        .body([function, test](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            if (args[0].kind() != Value::Kind::Char)
                return argument_error(std::string("|") + function, 0, args[0]);
            return Value::boolean(test(args[0].as_char()));
        });
    area.treatment(treatment)
        .input("chars", "Stream<char>")
        .output("is", "Stream<bool>")
        .doc(std::string(doc) + "\n\nApplied to each character of the stream, in order.")
        .implementation(native(map_treatment<char32_t>("chars", "is", without_params(test))));
}

/// For the treatments with a parameter: `test(c, value)` where `value` is the track's parameter `param`.
template<class P, class F> auto against_param(std::string_view param, F test)
{
    return [param, test](const TreatmentContext& ctx) {
        return [value = P::get(ctx.param(param)), test](char32_t c) { return test(c, value); };
    };
}

/// The two elements with a parameter: `exact(reference)` and `isDigit(base)`.
template<class P, class F>
void with_parameter(AreaBuilder& area, const char* treatment, const char* function, const char* param,
                    const char* param_type, const char* port, const char* doc, F test)
{
    area.function(function)
        .param("char", "char")
        .param(param, param_type)
        .returns("bool")
        .doc(doc)
        .body([function, test](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            if (args[0].kind() != Value::Kind::Char)
                return argument_error(std::string("|") + function, 0, args[0]);
            return Value::boolean(test(args[0].as_char(), P::get(args[1])));
        });
    area.treatment(treatment)
        .param(param, param_type)
        .input("chars", "Stream<char>")
        .output(port, "Stream<bool>")
        .doc(std::string(doc) + "\n\nApplied to each character of the stream, in order.")
        .implementation(native(map_treatment<char32_t>("chars", port, against_param<P>(param, test))));
}

struct CharParam {
    static char32_t get(const Value& v) { return v.as_char(); }
};
struct U8Param {
    static std::uint8_t get(const Value& v) { return v.as_u8(); }
};

} // namespace

void register_text_compare_char(Registry& registry)
{
    auto area = registry.area("std/text/compare/char");
    with_parameter<CharParam>(area, "exact", "exact", "reference", "char", "matches",
                              "Whether the character is `reference`.",
                              [](char32_t c, char32_t reference) { return c == reference; });
    predicate(area, "isAlphabetic", "is_alphabetic",
              "Whether the character has the Unicode `Alphabetic` property (letters, and marks and symbols "
              "used as letters, such as `ª`).",
              is_alphabetic);
    predicate(area, "isAlphanumeric", "is_alphanumeric",
              "Whether the character is alphabetic (see `isAlphabetic`) or numeric: of the Unicode general "
              "categories Nd, Nl or No (so `½` and `٣` are).",
              is_alphanumeric);
    predicate(area, "isAscii", "is_ascii", "Whether the character is ASCII (U+0000 to U+007F).", is_ascii);
    predicate(area, "isControl", "is_control", "Whether the character is a control character (category Cc).",
              is_control);
    with_parameter<U8Param>(area, "isDigit", "is_digit", "base", "u8", "is",
                            "Whether the character is a digit in radix `base`, written with `0`-`9` then `a`-`z` "
                            "or `A`-`Z` (ASCII only: `٣` is not a digit). No character is a digit of a base "
                            "below 2 or above 36.",
                            is_digit);
    predicate(area, "isLowercase", "is_lowercase",
              "Whether the character has the Unicode `Lowercase` property (title-case letters such as `ǅ` "
              "have neither this one nor `Uppercase`).",
              is_lowercase);
    predicate(area, "isUppercase", "is_uppercase", "Whether the character has the Unicode `Uppercase` property.",
              is_uppercase);
    predicate(area, "isWhitespace", "is_whitespace",
              "Whether the character has the Unicode `White_Space` property (spaces, tabs, line breaks, "
              "no-break spaces such as U+00A0 and U+3000).",
              is_whitespace);
}

} // namespace mel::stdlib

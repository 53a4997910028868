// White_Space, trim_end and the chunked lossy UTF-8 decoder (stdlib/text/unicode.h).

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "stdlib/text/unicode.h"

using namespace mel::stdlib::text;

namespace {

std::vector<std::byte> bytes(std::string_view s)
{
    std::vector<std::byte> out;
    for (char c : s)
        out.push_back(static_cast<std::byte>(c));
    return out;
}

/// Decodes `chunks` one after the other, then finishes.
std::string decode(std::initializer_list<std::string_view> chunks)
{
    Utf8Decoder d;
    std::string out;
    for (std::string_view c : chunks)
        out += d.feed(bytes(c));
    return out + d.finish();
}

const std::string k_fffd = "\xEF\xBF\xBD";

} // namespace

TEST_CASE("White_Space: ASCII, line breaks, NBSP, U+3000; not ZWSP nor letters")
{
    for (char32_t c : {U'\t', U'\n', U'\v', U'\f', U'\r', U' ', char32_t(0x85), char32_t(0xA0), char32_t(0x1680),
                       char32_t(0x2000), char32_t(0x200A), char32_t(0x2028), char32_t(0x2029), char32_t(0x202F),
                       char32_t(0x205F), char32_t(0x3000)})
        CHECK(is_white_space(c));
    for (char32_t c : {U'a', U'0', char32_t(0x200B), char32_t(0xFEFF), char32_t(0x1F600)})
        CHECK_FALSE(is_white_space(c));
}

TEST_CASE("trim_end: trailing Unicode white space only")
{
    CHECK(trim_end("line\r\n") == "line");
    CHECK(trim_end("  a b \t") == "  a b");
    CHECK(trim_end("é\u00A0\u3000") == "é");
    CHECK(trim_end("日本") == "日本");
    CHECK(trim_end(" \n ") == "");
    CHECK(trim_end("") == "");
}

TEST_CASE("Utf8Decoder: a character split across chunks is decoded whole")
{
    CHECK(decode({"h\xC3", "\xA9llo"}) == "héllo");
    CHECK(decode({"\xE2\x82", "\xAC"}) == "€");
    CHECK(decode({"\xF0", "\x9F", "\x98", "\x80!"}) == "\U0001F600!");
    CHECK(decode({"\xE2", "", "\x82\xAC"}) == "€");
}

TEST_CASE("Utf8Decoder: invalid bytes give U+FFFD by maximal subparts, as Rust's from_utf8_lossy")
{
    CHECK(decode({"a\xFF" "b"}) == "a" + k_fffd + "b");
    CHECK(decode({"\xE2\x82"}) == k_fffd);                  // truncated at the end of the stream: one U+FFFD
    CHECK(decode({"\xE2\x82", "A"}) == k_fffd + "A");       // broken by the next chunk
    CHECK(decode({"\xAC" "A"}) == k_fffd + "A");            // lone continuation byte
    CHECK(decode({"\xED\xA0\x80"}) == k_fffd + k_fffd + k_fffd); // surrogate: not a valid sequence
    CHECK(decode({"\xF4\x90\x80\x80"}) == k_fffd + k_fffd + k_fffd + k_fffd); // above U+10FFFF
    CHECK(decode({"\xC0\xAF"}) == k_fffd + k_fffd);         // overlong
    CHECK(decode({"\xF0\x9F\x98"}) == k_fffd);
}

TEST_CASE("Utf8Decoder: only the incomplete tail waits for the next chunk")
{
    Utf8Decoder d;
    CHECK(d.feed(bytes("ab\xC3")) == "ab");
    CHECK(d.feed(bytes("\xA9")) == "é");
    CHECK(d.feed(bytes("\xE2\x82")) == "");
    CHECK(d.finish() == k_fffd);
    CHECK(d.finish() == "");
}

TEST_CASE("trim_ascii: ASCII blanks at both ends, any bytes kept")
{
    CHECK(trim_ascii("  a b\t\r\n") == "a b");
    CHECK(trim_ascii(" \t\r\n") == "");
    CHECK(trim_ascii("") == "");
    CHECK(trim_ascii("\xC3 x \xFF") == "\xC3 x \xFF"); // invalid UTF-8 is not a reason to cut
    CHECK(trim_ascii("\xC2\xA0x") == "\xC2\xA0x");     // NBSP is not ASCII blank
}

#include <doctest/doctest.h>

#include "frontend/parse/utf8_text.h"
#include "runtime/model/value_format.h"

using namespace mel::frontend;

TEST_CASE("decode_utf8 maps code points to byte offsets")
{
    std::uint32_t bad = 0;
    const auto d = decode_utf8("aé€😀", bad);
    REQUIRE(d);
    CHECK(d->code_points == U"aé€😀");
    CHECK(d->byte_offsets == std::vector<std::uint32_t>{0, 1, 3, 6, 10});
    CHECK(decode_utf8("", bad)->byte_offsets == std::vector<std::uint32_t>{0});
}

TEST_CASE("decode_utf8 rejects invalid UTF-8 at the first bad byte")
{
    const char* cases[][2] = {
        {"ab\xFF", "2"},           {"a\xC3(", "1"}, {"\xC0\xAF", "0"}, // overlong
        {"xx\xED\xA0\x80", "2"},                                       // surrogate
        {"\xF4\x90\x80\x80", "0"},                                     // above U+10FFFF
        {"ok\xE2\x82", "2"},                                           // truncated
    };
    for (const auto& c : cases) {
        std::uint32_t bad = 99;
        CHECK_FALSE(decode_utf8(c[0], bad));
        CHECK(bad == static_cast<std::uint32_t>(std::stoi(c[1])));
    }
}

TEST_CASE("append_utf8 and is_white_space")
{
    std::string s;
    for (char32_t c : {U'a', U'é', U'€', U'😀'})
        mel::append_utf8(s, c);
    CHECK(s == "aé€😀");
    CHECK(is_white_space(U' '));
    CHECK(is_white_space(U'\u00A0'));
    CHECK(is_white_space(U'\u3000'));
    CHECK_FALSE(is_white_space(U'\uFEFF'));
    CHECK_FALSE(is_white_space(U'a'));
}

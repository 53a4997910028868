#include "frontend/parse/utf8_text.h"

namespace mel::frontend {

std::size_t utf8_sequence_length(std::string_view text, std::size_t offset, char32_t* code_point)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const std::size_t size = text.size() - offset;
    const unsigned char lead = byte(offset);
    std::size_t length = 0;
    char32_t value = 0;
    unsigned char min = 0x80, max = 0xBF; // allowed range of the second byte
    if (lead < 0x80) {
        if (code_point)
            *code_point = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0)
            min = 0xA0; // overlong
        if (lead == 0xED)
            max = 0x9F; // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0)
            min = 0x90; // overlong
        if (lead == 0xF4)
            max = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (size < length)
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char c = byte(offset + i);
        const unsigned char lo = i == 1 ? min : 0x80, hi = i == 1 ? max : 0xBF;
        if (c < lo || c > hi)
            return 0;
        value = (value << 6) | (c & 0x3F);
    }
    if (code_point)
        *code_point = value;
    return length;
}

std::optional<DecodedText> decode_utf8(std::string_view text, std::uint32_t& bad_offset)
{
    DecodedText out;
    out.code_points.reserve(text.size());
    out.byte_offsets.reserve(text.size() + 1);
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t c = 0;
        const std::size_t length = utf8_sequence_length(text, i, &c);
        if (length == 0) {
            bad_offset = static_cast<std::uint32_t>(i);
            return std::nullopt;
        }
        out.code_points.push_back(c);
        out.byte_offsets.push_back(static_cast<std::uint32_t>(i));
        i += length;
    }
    out.byte_offsets.push_back(static_cast<std::uint32_t>(text.size()));
    return out;
}

bool is_white_space(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}


} // namespace mel::frontend

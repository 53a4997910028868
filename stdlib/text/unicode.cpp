#include "stdlib/text/unicode.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace mel::stdlib::text {

bool is_white_space(char32_t c)
{
    // PropList.txt, White_Space.
    switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

std::string_view trim_ascii(std::string_view text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

std::string_view trim_end(std::string_view text)
{
    std::size_t end = text.size();
    while (end > 0) {
        // The start of the last character: skip continuation bytes (10xxxxxx).
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        const auto lead = static_cast<unsigned char>(text[start]);
        char32_t c = 0;
        std::size_t extra = 0;
        if (lead < 0x80) {
            c = lead;
        } else if (lead >= 0xF0) {
            c = lead & 0x07;
            extra = 3;
        } else if (lead >= 0xE0) {
            c = lead & 0x0F;
            extra = 2;
        } else {
            c = lead & 0x1F;
            extra = 1;
        }
        for (std::size_t i = 1; i <= extra && start + i < end; ++i)
            c = (c << 6) | (static_cast<unsigned char>(text[start + i]) & 0x3F);
        if (!is_white_space(c))
            break;
        end = start;
    }
    return text.substr(0, end);
}

namespace {

/// The character starting at `text[at]` (valid UTF-8) and its length in bytes.
std::pair<char32_t, std::size_t> char_at(std::string_view text, std::size_t at)
{
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t extra = lead < 0x80 ? 0 : lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    char32_t c = extra == 0 ? lead : extra == 3 ? (lead & 0x07) : extra == 2 ? (lead & 0x0F) : (lead & 0x1F);
    std::size_t i = 1;
    for (; i <= extra && at + i < text.size(); ++i)
        c = (c << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    return {c, i};
}

} // namespace

std::string_view trim_start(std::string_view text)
{
    std::size_t start = 0;
    while (start < text.size()) {
        const auto [c, length] = char_at(text, start);
        if (!is_white_space(c))
            break;
        start += length;
    }
    return text.substr(start);
}

std::vector<char32_t> chars_of(std::string_view text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto [c, length] = char_at(text, at);
        out.push_back(c);
        at += length;
    }
    return out;
}

std::string decode_lossy(std::span<const std::byte> bytes)
{
    Utf8Decoder decoder;
    std::string out = decoder.feed(bytes);
    out += decoder.finish();
    return out;
}

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

/// For a lead byte: how many continuation bytes follow and the range allowed for the first one (Unicode
/// Table 3-7); `count` 0 means the byte cannot start a sequence.
struct Lead {
    std::size_t count = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
};

Lead lead_of(unsigned char b)
{
    if (b >= 0xC2 && b <= 0xDF)
        return {1, 0x80, 0xBF};
    if (b == 0xE0)
        return {2, 0xA0, 0xBF};
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
        return {2, 0x80, 0xBF};
    if (b == 0xED)
        return {2, 0x80, 0x9F};
    if (b == 0xF0)
        return {3, 0x90, 0xBF};
    if (b >= 0xF1 && b <= 0xF3)
        return {3, 0x80, 0xBF};
    if (b == 0xF4)
        return {3, 0x80, 0x8F};
    return {};
}

/// Decodes `in` into `out`; with `final` false, an incomplete sequence at the end is not decoded and its
/// length is returned.
std::size_t decode(std::string_view in, std::string& out, bool final)
{
    std::size_t i = 0;
    std::size_t run = 0; // start of the valid bytes not yet appended
    while (i < in.size()) {
        const auto b = static_cast<unsigned char>(in[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        const Lead lead = lead_of(b);
        std::size_t k = 1; // bytes of the sequence that are valid so far
        if (lead.count > 0) {
            while (k <= lead.count && i + k < in.size()) {
                const auto c = static_cast<unsigned char>(in[i + k]);
                const unsigned char low = k == 1 ? lead.low : 0x80;
                const unsigned char high = k == 1 ? lead.high : 0xBF;
                if (c < low || c > high)
                    break;
                ++k;
            }
            if (k == lead.count + 1) { // complete
                i += k;
                continue;
            }
            if (i + k == in.size() && !final) { // only incomplete: kept for the next chunk
                out.append(in.substr(run, i - run));
                return in.size() - i;
            }
        }
        out.append(in.substr(run, i - run));
        out.append(k_replacement);
        i += k;
        run = i;
    }
    out.append(in.substr(run));
    return 0;
}

} // namespace

std::string Utf8Decoder::feed(std::span<const std::byte> bytes)
{
    std::string out;
    std::string_view in(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (!m_carry.empty()) {
        // First complete (or give up) the character the previous chunk ended in.
        const Lead lead = lead_of(static_cast<unsigned char>(m_carry[0]));
        std::size_t used = 0;
        while (m_carry.size() <= lead.count && used < in.size()) {
            const auto c = static_cast<unsigned char>(in[used]);
            const bool first = m_carry.size() == 1;
            if (c < (first ? lead.low : 0x80) || c > (first ? lead.high : 0xBF))
                break;
            m_carry.push_back(in[used++]);
        }
        if (m_carry.size() == lead.count + 1) {
            out.append(m_carry);
        } else if (used == in.size()) {
            return out; // still incomplete: wait for the next chunk
        } else {
            out.append(k_replacement);
        }
        m_carry.clear();
        in.remove_prefix(used);
    }
    const std::size_t left = decode(in, out, false);
    if (left > 0)
        m_carry.assign(in.substr(in.size() - left));
    return out;
}

std::string Utf8Decoder::finish()
{
    std::string out;
    if (!m_carry.empty())
        decode(m_carry, out, true);
    m_carry.clear();
    return out;
}

} // namespace mel::stdlib::text

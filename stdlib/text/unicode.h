#pragma once

// Unicode helpers of std/text: the White_Space property (for trim*) and lossy UTF-8 decoding that carries a
// character split across chunks over to the next chunk (for text/convert/string::fromUtf8).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mel::stdlib::text {

/// The Unicode `White_Space` property (line breaks, NBSP U+00A0, U+3000… included).
bool is_white_space(char32_t c);

/// `text` (valid UTF-8) without its trailing White_Space characters.
std::string_view trim_end(std::string_view text);

/// `text` (valid UTF-8) without its leading White_Space characters.
std::string_view trim_start(std::string_view text);

/// `text` (any bytes) without its leading and trailing ASCII spaces, tabs, carriage returns and line feeds:
/// for protocol messages and command lines, where invalid UTF-8 may come.
std::string_view trim_ascii(std::string_view text);

/// The characters of `text` (valid UTF-8, as every Mélodium string is).
std::vector<char32_t> chars_of(std::string_view text);

/// Lossy UTF-8 decoding of complete bytes: each invalid or truncated sequence becomes one U+FFFD.
std::string decode_lossy(std::span<const std::byte> bytes);

/// Lossy UTF-8 decoding of a byte stream that arrives in chunks: each invalid sequence becomes one U+FFFD
/// (maximal-subpart rule, as Rust's `String::from_utf8_lossy`), and a sequence that is only incomplete at the
/// end of a chunk is kept for the next one instead of being replaced.
class Utf8Decoder {
public:
    /// The text of `bytes` (and of what the previous chunk left), minus an incomplete sequence at the end.
    std::string feed(std::span<const std::byte> bytes);
    /// What is left at the end of the stream: an incomplete sequence becomes one U+FFFD.
    std::string finish();

private:
    std::string m_carry; // at most 3 bytes: the valid beginning of a character
};

} // namespace mel::stdlib::text

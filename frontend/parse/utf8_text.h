#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mel::frontend {

/// A source text as ANTLR reads it (code points) plus the way back to bytes: ANTLR token indexes
/// are code-point indexes, our SourceRange offsets are bytes (language.md §2.1: positions are bytes).
struct DecodedText {
    std::u32string code_points;
    /// byte_offsets[i] is the byte offset of code point i; one more entry holds the text size.
    std::vector<std::uint32_t> byte_offsets;
};

/// Decodes strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). On invalid input
/// returns nothing and sets `bad_offset` to the first byte that is not part of a valid sequence.
std::optional<DecodedText> decode_utf8(std::string_view text, std::uint32_t& bad_offset);

/// Length in bytes of the valid UTF-8 sequence starting at `text[offset]`, 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t offset, char32_t* code_point = nullptr);

/// Unicode White_Space (what Rust's `trim_start` strips).
bool is_white_space(char32_t c);

// The UTF-8 encoder is mel::append_utf8 (runtime/model/value_format.h).

} // namespace mel::frontend

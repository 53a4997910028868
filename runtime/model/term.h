#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace mel::term {

/// Colours used for the status words of the CLI and the level words of logs.
enum class Style { Plain, BoldRed, BoldYellow, BoldBlue, BoldGreen, BoldMagenta, Dim };

/// True when `stream` is a terminal and neither NO_COLOR nor CLICOLOR=0 is set
/// (CLICOLOR_FORCE forces colour, as the reference's `colored` crate does).
bool colour_enabled(std::FILE* stream);

/// `text` wrapped in the ANSI sequence of `style` when `colour` is true.
std::string paint(std::string_view text, Style style, bool colour);

/// Prints `word: message` on one line, the word coloured when the stream allows it
/// (`failure`, `error`, `warning`, `info`, `success` — language.md §6.8).
void status_line(std::FILE* stream, std::string_view word, std::string_view message);

} // namespace mel::term

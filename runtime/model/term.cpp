#include "runtime/model/term.h"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace mel::term {

bool colour_enabled(std::FILE* stream)
{
    const char* force = std::getenv("CLICOLOR_FORCE");
    if (force && *force && std::strcmp(force, "0") != 0)
        return true;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    const char* clicolor = std::getenv("CLICOLOR");
    if (clicolor && std::strcmp(clicolor, "0") == 0)
        return false;
    return ::isatty(::fileno(stream)) == 1;
}

std::string paint(std::string_view text, Style style, bool colour)
{
    const char* code = nullptr;
    switch (style) {
    case Style::Plain: break;
    case Style::BoldRed: code = "1;31"; break;
    case Style::BoldYellow: code = "1;33"; break;
    case Style::BoldBlue: code = "1;34"; break;
    case Style::BoldGreen: code = "1;32"; break;
    case Style::BoldMagenta: code = "1;35"; break;
    case Style::Dim: code = "2"; break;
    }
    if (!colour || !code)
        return std::string(text);
    std::string out = "\x1b[";
    out += code;
    out += 'm';
    out += text;
    out += "\x1b[0m";
    return out;
}

static Style style_of(std::string_view word)
{
    if (word == "failure" || word == "error")
        return Style::BoldRed;
    if (word == "warning")
        return Style::BoldYellow;
    if (word == "info")
        return Style::BoldBlue;
    if (word == "success")
        return Style::BoldGreen;
    return Style::Plain;
}

void status_line(std::FILE* stream, std::string_view word, std::string_view message)
{
    const std::string line = paint(word, style_of(word), colour_enabled(stream)) + ": " + std::string(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stream);
    std::fflush(stream);
}

} // namespace mel::term

#include <doctest/doctest.h>

#include "frontend/source/source_manager.h"

using namespace mel::frontend;

TEST_CASE("locations are 1-based lines and 0-based byte positions")
{
    SourceManager sm;
    const FileId f = sm.add("a.mel", "use std::x\ntreatment é()\n{\n}");
    CHECK(sm.name(f) == "a.mel");

    Location start = sm.location(f, 0);
    CHECK(start.line == 1);
    CHECK(start.position == 0);
    CHECK(start.column == 1);

    // "treatment é()" — the '(' comes after a two-byte character.
    const auto paren = static_cast<std::uint32_t>(sm.text(f).find('('));
    Location l = sm.location(f, paren);
    CHECK(l.line == 2);
    CHECK(l.position == 12); // bytes
    CHECK(l.column == 12);   // code points, 1-based: t r e a t m e n t ␠ é ( → 12th

    CHECK(sm.line_text(f, 2) == "treatment é()");
    CHECK(sm.line_text(f, 4) == "}");
    CHECK(sm.line_text(f, 5).empty());
}

TEST_CASE("offsets past the end clamp to the end; CRLF lines lose their CR")
{
    SourceManager sm;
    const FileId f = sm.add("b.mel", "a\r\nb");
    CHECK(sm.line_text(f, 1) == "a");
    Location end = sm.location(f, 1000);
    CHECK(end.line == 2);
    CHECK(end.position == 1);
}

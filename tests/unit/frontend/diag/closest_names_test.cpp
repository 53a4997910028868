// "Did you mean" candidates (frontend/diag/closest_names.cpp).
#include <doctest/doctest.h>

#include "frontend/diag/closest_names.h"

using namespace mel::frontend;

TEST_CASE("edit distance counts a transposed pair as one edit")
{
    CHECK(edit_distance("emitt", "emit") == 1);
    CHECK(edit_distance("triger", "trigger") == 1);
    CHECK(edit_distance("u23", "u32") == 1);
    CHECK(edit_distance("lenght", "length") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("result", "mult") == 3);
    CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("closest names: small distances only, closest first, case ignored, at most three")
{
    const std::vector<std::string> types{"u8", "u16", "u32", "u64", "i32", "string", "StringMap"};
    CHECK(closest_names("u23", types) == std::vector<std::string>{"u32"});
    CHECK(closest_names("Strng", types) == std::vector<std::string>{"string"});
    CHECK(closest_names("stringmap", types) == std::vector<std::string>{"StringMap"});
    CHECK(closest_names("u32", types) == std::vector<std::string>{"i32"}); // the name itself is no suggestion
    CHECK(closest_names("x", {"y", "X"}) == std::vector<std::string>{"X"});
    CHECK(closest_names("completely_else", types).empty());
    CHECK(closest_names("abcdef", {"abcdeg", "abcdxy", "abcdez", "abcdex", "zzzzzz"}) ==
          std::vector<std::string>{"abcdeg", "abcdex", "abcdez"});
}

TEST_CASE("quoted alternatives and lists")
{
    CHECK(quoted_alternatives({"a"}) == "'a'");
    CHECK(quoted_alternatives({"a", "b"}) == "'a' or 'b'");
    CHECK(quoted_alternatives({"a", "b", "c"}) == "'a', 'b' or 'c'");
    CHECK(quoted_list({"a", "b"}) == "'a', 'b'");
}

#include <doctest/doctest.h>

#include "runtime/model/identifier.h"

using mel::Identifier;

TEST_CASE("identifiers parse and print")
{
    auto id = Identifier::parse("std/flow::emit");
    REQUIRE(id.has_value());
    CHECK(id->path == std::vector<std::string>{"std", "flow"});
    CHECK(id->name == "emit");
    CHECK(id->package() == "std");
    CHECK(id->to_string() == "std/flow::emit");
    CHECK(Identifier::parse("std/ops/num::|add")->name == "|add");
    CHECK(Identifier::parse("app::main")->area() == "app");
}

TEST_CASE("malformed identifiers are refused")
{
    CHECK_FALSE(Identifier::parse("std/flow").has_value());
    CHECK_FALSE(Identifier::parse("a::b::c").has_value());
    CHECK_FALSE(Identifier::parse("a//b::c").has_value());
    CHECK_FALSE(Identifier::parse("::c").has_value());
    CHECK_FALSE(Identifier::parse("a::").has_value());
}

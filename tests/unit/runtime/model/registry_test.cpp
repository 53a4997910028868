#include <doctest/doctest.h>

#include "runtime/model/registry.h"

using namespace mel;

TEST_CASE("a native treatment is declared in one place")
{
    Registry r;
    r.add_package("std");
    {
        auto area = r.area("std/flow");
        area.treatment("trigger")
            .generic("T")
            .input("stream", "Stream<T>")
            .output("start", "Block<void>")
            .output("first", "Block<T>")
            .doc("Emits on start and end of a stream.");
    }
    const Element* e = r.find(*Identifier::parse("std/flow::trigger"));
    REQUIRE(e);
    CHECK(e->kind == ElementKind::Treatment);
    CHECK(e->treatment->inputs.at(0).flow == Flow::Stream);
    CHECK(e->treatment->inputs.at(0).type == Type::generic("T"));
    CHECK(e->treatment->output("first")->flow == Flow::Block);
    CHECK_FALSE(e->has_body()); // declared without implementation
    CHECK(r.has_package("std"));
}

TEST_CASE("models publish their sources as treatments; data types resolve in signatures")
{
    Registry r;
    {
        auto area = r.area("std/data/string_map");
        area.data_type("StringMap", {Trait::PartialEquality, Trait::Serialize}, "A map of strings.");
    }
    {
        auto area = r.area("std/engine");
        area.model("Engine").source("ready", {{"trigger", "Block<void>"}}).doc("The engine.");
        area.function("version").returns("string").body([](auto, auto) -> Result<Value> { return Value::string("0.10.2"); });
        area.function("wrap_map").param("m", "StringMap").returns("Option<StringMap>");
    }
    const Element* ready = r.find(*Identifier::parse("std/engine::ready"));
    REQUIRE(ready);
    CHECK(ready->treatment->source_from->first == "engine");
    CHECK(ready->treatment->models.at(0).model->id.name == "Engine");
    const Element* version = r.find(*Identifier::parse("std/engine::|version"));
    REQUIRE(version);
    CHECK(version->has_body());
    const Element* wrap = r.find(*Identifier::parse("std/engine::|wrap_map"));
    REQUIRE(wrap);
    CHECK(wrap->function->return_type.to_string() == "Option<StringMap>");
    CHECK(wrap->function->parameters.at(0).type.implements(Trait::PartialEquality));
}

TEST_CASE("parse_type reports the flow and refuses unknown names")
{
    Registry r;
    std::optional<Flow> flow;
    auto t = r.parse_type("Stream<Vec<Option<u16>>>", {}, &flow);
    REQUIRE(t);
    CHECK(flow == Flow::Stream);
    CHECK(t->to_string() == "Vec<Option<u16>>");
    CHECK_FALSE(r.parse_type("Strng", {}).has_value());
    CHECK_FALSE(r.parse_type("Vec", {}).has_value());
    CHECK_FALSE(r.parse_type("Vec<u8", {}).has_value());
    CHECK(r.parse_type("Option<N>", {{"N", {Trait::Signed}}})->contains_generic());
}

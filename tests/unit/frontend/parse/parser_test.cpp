// AST shapes produced by parse_area (frontend/parse/parser.cpp, ast_builder*.cpp).
#include <doctest/doctest.h>

#include "tests/unit/frontend/parse/parse_helpers.h"

using namespace mel::frontend;
using mel::frontend::testing::parse;
using Kind = ast::Value::Kind;

TEST_CASE("an empty file, comments only, and standalone headers parse to an empty area")
{
    for (const char* text :
         {"", "  \n\t", "// nothing\n/* here */", "#!/usr/bin/env melodium\n#! name = x\n"}) {
        auto p = parse(text);
        REQUIRE(p->ast);
        CHECK(p->diags.empty());
        CHECK(p->ast->uses.empty());
        CHECK(p->ast->treatments.empty());
        CHECK(p->ast->file == p->file);
    }
}

TEST_CASE("use: path, element, aliases keep their sigils")
{
    auto p = parse("use std/flow::emit\n"
                   "use root / a/b : : Thing as Other\n"
                   "use std/ops/num::|add as |plus\n"
                   "use http/server::@HttpRequest as @Req\n");
    REQUIRE(p->ast);
    const auto& uses = p->ast->uses;
    REQUIRE(uses.size() == 4);
    REQUIRE(uses[0].path.size() == 2);
    CHECK(uses[0].path[0].text == "std");
    CHECK(uses[0].path[1].text == "flow");
    CHECK(uses[0].element.text == "emit");
    CHECK_FALSE(uses[0].alias);
    CHECK(p->text(uses[0].range) == "use std/flow::emit");
    CHECK(uses[1].path.size() == 3);
    CHECK(uses[1].alias->text == "Other");
    CHECK(uses[2].element.text == "|add");
    CHECK(uses[2].alias->text == "|plus");
    CHECK(uses[3].element.text == "@HttpRequest");
    CHECK(uses[3].alias->text == "@Req");
    CHECK(p->text(uses[3].alias->range) == "@Req");
}

TEST_CASE("model declaration: parameters, base, assignments (keywords as names)")
{
    auto p = parse("model Chat(const api_key: string, const model: Option<string> = _): RemoteLlm {\n"
                   "    api_key = |wrap<string>(api_key) model = model temperature = 0.7\n"
                   "}\n");
    REQUIRE(p->ast);
    REQUIRE(p->ast->models.size() == 1);
    const auto& m = p->ast->models[0];
    CHECK(m.keyword.text == "model");
    CHECK(m.name.text == "Chat");
    CHECK(m.base.text == "RemoteLlm");
    REQUIRE(m.parameters.size() == 2);
    CHECK(m.parameters[0].variability->text == "const");
    CHECK(m.parameters[1].name.text == "model");
    REQUIRE(m.parameters[1].type.levels.size() == 2);
    CHECK(m.parameters[1].type.levels[0].text == "Option");
    CHECK(m.parameters[1].default_value->kind == Kind::None);
    REQUIRE(m.assignments.size() == 3);
    CHECK(m.assignments[1].name.text == "model");
    CHECK(m.assignments[1].value.kind == Kind::Name);
    CHECK(m.assignments[1].value.text == "model");
    CHECK(m.assignments[2].value.text == "0.7");
    CHECK(p->text(m.assignments[0].range) == "api_key = |wrap<string>(api_key)");
}

TEST_CASE("treatment signature: generics with traits, model slots, parameters")
{
    auto p = parse("treatment t<T: Signed + Float, Vec<N>>[sql: SqlPool, other: M = x]"
                   "(var a: Stream<T>, const var: string, b: u8 = 3) {}");
    REQUIRE(p->ast);
    const auto& t = p->ast->treatments.at(0);
    CHECK(t.has_generics);
    REQUIRE(t.generics.size() == 2);
    CHECK(t.generics[0].type.levels.at(0).text == "T");
    REQUIRE(t.generics[0].traits.size() == 2);
    CHECK(t.generics[0].traits[1].text == "Float");
    CHECK(t.generics[1].type.levels.size() == 2);
    CHECK(p->text(t.generics[1].range) == "Vec<N>");
    CHECK(t.has_slots);
    REQUIRE(t.slots.size() == 2);
    CHECK(t.slots[0].name.text == "sql");
    CHECK(t.slots[0].type.levels.at(0).text == "SqlPool");
    CHECK(t.slots[1].default_value->text == "x");
    REQUIRE(t.parameters.size() == 3);
    CHECK(t.parameters[0].variability->text == "var");
    CHECK(t.parameters[1].variability->text == "const");
    CHECK(t.parameters[1].name.text == "var");
    CHECK_FALSE(t.parameters[2].variability);
    CHECK(t.parameters[2].default_value->text == "3");
    CHECK(p->text(t.parameters[0].type.range) == "Stream<T>");

    auto bare = parse("treatment u() {}");
    REQUIRE(bare->ast);
    CHECK_FALSE(bare->ast->treatments.at(0).has_generics);
    CHECK_FALSE(bare->ast->treatments.at(0).has_slots);
    auto empty_lists = parse("treatment u<>[]() {}");
    REQUIRE(empty_lists->ast);
    CHECK(empty_lists->ast->treatments.at(0).has_generics);
    CHECK(empty_lists->ast->treatments.at(0).has_slots);
}

TEST_CASE("header items in any order: outputs, inputs, models, requires")
{
    auto p = parse("treatment t()\n"
                   "  output o: Stream<byte>\n"
                   "  require @HttpRequest\n"
                   "  model sql: SqlPool<u8>[a = b](url = u)\n"
                   "  input i: Block<void>\n"
                   "  model JsEngine()\n"
                   "  input j: Stream<string> = \"ignored\"\n"
                   "{\n}\n");
    REQUIRE(p->ast);
    const auto& t = p->ast->treatments.at(0);
    REQUIRE(t.inputs.size() == 2);
    CHECK(t.inputs[0].keyword.text == "input");
    CHECK(t.inputs[0].name.text == "i");
    CHECK(t.inputs[1].default_value->kind == Kind::String);
    REQUIRE(t.outputs.size() == 1);
    CHECK(t.outputs[0].type.levels.at(1).text == "byte");
    CHECK(p->text(t.outputs[0].range) == "output o: Stream<byte>");
    REQUIRE(t.requires_.size() == 1);
    CHECK(t.requires_[0].text == "@HttpRequest");
    REQUIRE(t.models.size() == 2);
    CHECK(t.models[0].has_alias);
    CHECK(t.models[0].name.text == "sql");
    CHECK(t.models[0].type.text == "SqlPool");
    CHECK(t.models[0].has_generics);
    CHECK(t.models[0].has_models);
    CHECK(t.models[0].parameters.at(0).name.text == "url");
    CHECK_FALSE(t.models[1].has_alias);
    CHECK(t.models[1].name.text == "JsEngine");
    CHECK(t.models[1].type.text == "JsEngine");
}

TEST_CASE("instantiations: alias or type as name, generics, slot assignments, parameters")
{
    auto p = parse("treatment t() {\n"
                   "  write: writeLocal(path = p, append = false)\n"
                   "  emit<Option<FileSystem>>(value = |local_filesystem(_))\n"
                   "  sendStream<byte>[distributor = distributor](name = \"data\")\n"
                   "  model: flock<void>()\n"
                   "  listUsers[db = db]()\n"
                   "}\n");
    REQUIRE(p->ast);
    const auto& inst = p->ast->treatments.at(0).instances;
    REQUIRE(inst.size() == 5);
    CHECK(inst[0].has_alias);
    CHECK(inst[0].name.text == "write");
    CHECK(inst[0].type.text == "writeLocal");
    REQUIRE(inst[0].parameters.size() == 2);
    CHECK(inst[0].parameters[1].value.text == "false");
    CHECK_FALSE(inst[1].has_alias);
    CHECK(inst[1].name.text == "emit");
    CHECK(inst[1].name.range.begin == inst[1].type.range.begin);
    REQUIRE(inst[1].generics.size() == 1);
    CHECK(inst[1].generics[0].type.levels.size() == 2);
    CHECK(inst[1].parameters[0].value.kind == Kind::Function);
    CHECK(inst[2].has_models);
    CHECK(inst[2].models.at(0).name.text == "distributor");
    CHECK(inst[3].name.text == "model");
    CHECK(inst[3].type.text == "flock");
    CHECK(inst[4].has_models);
    CHECK_FALSE(inst[4].has_generics);
    CHECK(inst[4].parameters.empty());
    CHECK(p->text(inst[2].range) == "sendStream<byte>[distributor = distributor](name = \"data\")");
}

TEST_CASE("nested generic arguments close with >>>> (one token per chevron)")
{
    auto p = parse("treatment t() { make<Vec<Vec<Vec<Option<u16>>>>>(value = [[[_]]]) }");
    REQUIRE(p->ast);
    const auto& g = p->ast->treatments.at(0).instances.at(0).generics.at(0);
    REQUIRE(g.type.levels.size() == 5);
    CHECK(g.type.levels[3].text == "Option");
    CHECK(g.type.levels[4].text == "u16");
    CHECK(p->text(g.type.range) == "Vec<Vec<Vec<Option<u16>>>>");
    const auto& v = p->ast->treatments.at(0).instances.at(0).parameters.at(0).value;
    CHECK(v.kind == Kind::Array);
    CHECK(v.elements.at(0).elements.at(0).elements.at(0).kind == Kind::None);
}

TEST_CASE("connection chains are expanded into links")
{
    auto p = parse("treatment t() {\n"
                   "  Self.text -> toUtf8.text,encoded --> write.data,amount -> Self.written\n"
                   "  a -> b ----> c\n"
                   "  trig.start -> headers.trigger\n"
                   "}\n");
    REQUIRE(p->ast);
    const auto& c = p->ast->treatments.at(0).connections;
    REQUIRE(c.size() == 6);
    CHECK(c[0].from.text == "Self");
    CHECK(c[0].from_port->text == "text");
    CHECK(c[0].to.text == "toUtf8");
    CHECK(c[0].to_port->text == "text");
    CHECK(c[1].from.text == "toUtf8");
    CHECK(c[1].from_port->text == "encoded");
    CHECK(c[1].to.text == "write");
    CHECK(c[1].to_port->text == "data");
    CHECK(c[2].from.text == "write");
    CHECK(c[2].from_port->text == "amount");
    CHECK(c[2].to.text == "Self");
    CHECK(c[2].to_port->text == "written");
    CHECK(p->text(c[0].range) == "Self.text -> toUtf8.text");
    CHECK(p->text(c[1].range) == "encoded --> write.data");
    // The continuation's start is the previous end point where it is written.
    CHECK(c[1].from.range.begin == c[0].to.range.begin);
    CHECK(c[3].from.text == "a");
    CHECK(c[3].to.text == "b");
    CHECK_FALSE(c[3].from_port);
    CHECK_FALSE(c[3].to_port);
    CHECK(c[4].from.text == "b");
    CHECK(c[4].to.text == "c");
    CHECK(p->text(c[4].range) == "b ----> c");
    CHECK(c[5].from.text == "trig");
}

TEST_CASE("values: every kind, text as written")
{
    auto p =
        parse("treatment t() { f(a = -.5, b = \"x\\n\", c = ${{ } }}, d = 'c', e = 0x2A, g = _, h = true,"
              " i = @Req[id], j = |entry<string>(\"k\", [1, 2]), k = [], l = |now()) }");
    REQUIRE(p->ast);
    const auto& params = p->ast->treatments.at(0).instances.at(0).parameters;
    REQUIRE(params.size() == 11);
    CHECK(params[0].value.kind == Kind::Number);
    CHECK(params[0].value.text == "-.5");
    CHECK(params[1].value.kind == Kind::String);
    CHECK(params[1].value.text == "\"x\\n\"");
    CHECK(params[2].value.kind == Kind::RawString);
    CHECK(params[2].value.text == "${{ } }}");
    CHECK(params[3].value.kind == Kind::Char);
    CHECK(params[3].value.text == "'c'");
    CHECK(params[4].value.kind == Kind::Byte);
    CHECK(params[4].value.text == "0x2A");
    CHECK(params[5].value.kind == Kind::None);
    CHECK(params[6].value.kind == Kind::Name);
    CHECK(params[6].value.text == "true");
    const auto& ctx = params[7].value;
    CHECK(ctx.kind == Kind::Context);
    CHECK(ctx.name.text == "@Req");
    CHECK(ctx.field.text == "id");
    CHECK(p->text(ctx.range) == "@Req[id]");
    const auto& fn = params[8].value;
    CHECK(fn.kind == Kind::Function);
    CHECK(fn.name.text == "|entry");
    CHECK(fn.has_generics);
    CHECK(fn.generics.at(0).type.levels.at(0).text == "string");
    REQUIRE(fn.elements.size() == 2);
    CHECK(fn.elements[1].kind == Kind::Array);
    CHECK(p->text(fn.elements[1].closing) == "]");
    CHECK(p->text(fn.closing) == ")");
    CHECK(p->text(fn.range) == "|entry<string>(\"k\", [1, 2])");
    CHECK(params[9].value.kind == Kind::Array);
    CHECK(params[9].value.elements.empty());
    CHECK_FALSE(params[10].value.has_generics);
}

TEST_CASE("ranges are byte offsets, also after multi-byte characters")
{
    auto p = parse("// héllo wörld ✓\ntreatment tréatment(ç: u8)\n{\n  é.x -> ü.y\n}\n");
    REQUIRE(p->ast);
    const auto& t = p->ast->treatments.at(0);
    CHECK(p->text(t.name.range) == "tréatment");
    CHECK(t.name.range.begin == p->sources.text(p->file).find("tréatment"));
    CHECK(p->text(t.parameters.at(0).name.range) == "ç");
    const auto& c = t.connections.at(0);
    CHECK(p->text(c.to.range) == "ü");
    CHECK(p->text(c.to_port->range) == "y");
    const Location loc = p->sources.location(p->file, c.to_port->range.begin);
    CHECK(loc.line == 4);
    CHECK(loc.position == 13); // "  é.x -> ü." is 13 bytes
}

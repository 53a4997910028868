// Documentation and attributes (frontend/parse/annotations.cpp) and their attachment (ast_builder.cpp).
#include <doctest/doctest.h>

#include "frontend/parse/annotations.h"
#include "tests/unit/frontend/parse/parse_helpers.h"

using namespace mel::frontend;
using mel::frontend::testing::parse;

TEST_CASE("doc comment text: delimiters removed, indentation of the first non-blank line removed")
{
    CHECK(doc_comment_text("/// hello") == "hello\n");
    CHECK(doc_comment_text("///") == "");
    CHECK(doc_comment_text("/**/") == "");
    CHECK(doc_comment_text("/***/") == "");
    CHECK(doc_comment_text("/** x */") == "x \n");
    CHECK(doc_comment_text("/**\n     * Block documentation.\n     */") == "\n* Block documentation.\n\n");
    CHECK(doc_comment_text("/**\n    Title\n\n      indented\n  less\n    */") ==
          "\nTitle\n\n  indented\n  less\n\n");
    CHECK(remove_doc_indent("   \n  ") == "   \n  ");
    CHECK(remove_doc_indent("\r\n  a\r\n  b") == "\na\nb\n");
    CHECK(remove_doc_indent("\u00A0x\n\u00A0y") == "x\ny\n"); // Unicode whitespace counts
}

TEST_CASE("attributes: #[name(value)] at the start of an annotation, value up to the last )]")
{
    auto a = attribute_of("#[deprecated(use something else (really))]");
    REQUIRE(a);
    CHECK(a->first == "deprecated");
    CHECK(a->second == "use something else (really)");
    a = attribute_of("#[unit(ms)] trailing )] text");
    REQUIRE(a);
    CHECK(a->second == "ms)] trailing ");
    a = attribute_of("#[é_1()]");
    REQUIRE(a);
    CHECK(a->first == "é_1");
    CHECK(a->second.empty());
    CHECK_FALSE(attribute_of("# just a comment"));
    CHECK_FALSE(attribute_of("#! name = x"));
    CHECK_FALSE(attribute_of("#[(x)]"));
    CHECK_FALSE(attribute_of("#[a b(x)]"));
    CHECK_FALSE(attribute_of("#[a(x)"));
    CHECK_FALSE(attribute_of(" #[a(x)]"));
}

TEST_CASE(
    "the last doc comment before a construct is kept, consecutive /// lines together; attributes accumulate")
{
    auto p = parse("/// first\n"
                   "/// second\n"
                   "#[a(1)]\n"
                   "// plain comment\n"
                   "# plain annotation\n"
                   "#[b(2)]\n"
                   "treatment t() {}\n"
                   "/**/\n"
                   "model M(): B {}\n"
                   "/** block */ /// line wins\n"
                   "treatment u() {}\n");
    REQUIRE(p->ast);
    const auto& t = p->ast->treatments.at(0);
    CHECK(t.annotations.doc == "first\nsecond\n");
    REQUIRE(t.annotations.attributes.size() == 2);
    CHECK(t.annotations.attributes[0].name == "a");
    CHECK(t.annotations.attributes[0].value == "1");
    CHECK(t.annotations.attributes[1].name == "b");
    CHECK(p->text(t.annotations.attributes[1].range) == "#[b(2)]");
    CHECK(p->ast->models.at(0).annotations.doc.empty());
    CHECK(p->ast->treatments.at(1).annotations.doc == "line wins\n");
}

TEST_CASE("consecutive /// lines form one documentation text (issue 16)")
{
    CHECK(doc_lines_text({"/// Title", "///", "///   indented", "/// end"}) == "Title\n\n  indented\nend\n");
    auto p = parse("/// Not this one: a blank line ends a run.\n"
                   "\n"
                   "/// The entry point.\n"
                   "///\n"
                   "/// Writes one line.\n"
                   "treatment main() {}\n"
                   "/// Not this one either.\n"
                   "// a plain comment ends a run\n"
                   "/// Only this.\n"
                   "treatment other() {}\n"
                   "/// Before a block\n"
                   "/** block wins */\n"
                   "treatment third() {}\n");
    REQUIRE(p->ast);
    CHECK(p->ast->treatments.at(0).annotations.doc == "The entry point.\n\nWrites one line.\n");
    CHECK(p->ast->treatments.at(1).annotations.doc == "Only this.\n");
    CHECK(p->ast->treatments.at(2).annotations.doc == "block wins \n");
}

TEST_CASE("docs and attributes attach to the first token of parameters, ports and connections")
{
    auto p = parse("treatment t(\n"
                   "    /** doc of a parameter */\n"
                   "    #[unit(ms)]\n"
                   "    const delay: u64,\n"
                   "    #[x(y)] the annotation runs to the end of the line: plain: u8\n"
                   "    plain: u8\n"
                   ")\n"
                   "  /// doc of an input\n"
                   "  #[role(main input)]\n"
                   "  input data: Stream<byte>\n"
                   "  output out: Stream<byte>\n"
                   "{\n"
                   "    #[note(first link only)]\n"
                   "    Self.data -> sink.data,out -> Self.out\n"
                   "    #[ignored(instantiations ignore attributes)]\n"
                   "    sink()\n"
                   "}\n");
    REQUIRE(p->ast);
    const auto& t = p->ast->treatments.at(0);
    CHECK(t.annotations.doc.empty());
    CHECK(t.annotations.attributes.empty());
    CHECK(t.parameters.at(0).annotations.doc == "doc of a parameter \n");
    CHECK(t.parameters.at(0).annotations.attributes.at(0).value == "ms");
    CHECK(t.parameters.at(1).annotations.attributes.at(0).name == "x");
    CHECK(t.parameters.at(1).annotations.attributes.at(0).value == "y");
    CHECK(t.inputs.at(0).annotations.doc == "doc of an input\n");
    CHECK(t.inputs.at(0).annotations.attributes.at(0).value == "main input");
    CHECK(t.outputs.at(0).annotations.attributes.empty());
    REQUIRE(t.connections.size() == 2);
    CHECK(t.connections[0].annotations.attributes.at(0).value == "first link only");
    CHECK(t.connections[1].annotations.attributes.empty());
}

// The treatment graphs of `melodium draw` and the REPL's `:graph`, built from programs checked by
// the real front end (std elements), then rendered as ASCII, DOT and Mermaid.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "cli/graph/graph.h"
#include "cli/program.h"

using namespace mel;
using namespace mel::cli;
using graph::Graph;
using graph::GraphNode;

namespace {

/// A standalone program `t` (std required) checked from `body`; kept alive with its designs.
struct Checked {
    std::unique_ptr<LoadedProgram> loaded;
    const TreatmentDescriptor* treatment(const std::string& name) const
    {
        const Element* e = loaded->program->find(*Identifier::parse("t::" + name));
        REQUIRE(e);
        REQUIRE(e->kind == ElementKind::Treatment);
        return e->treatment.get();
    }
};

Checked check(const std::string& body)
{
    const auto dir = std::filesystem::temp_directory_path() / "melodium-graph-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "t.mel";
    std::ofstream(path) << "#! name = t\n#! version = 0.1.0\n#! require = std:0.10.2\n\n" << body;
    return Checked{load_program(frontend::CheckRequest{.file = path.string(), .all = true})};
}

const char* k_pipeline = R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream
use std/text/convert/string::toUtf8

treatment main(const who: string = "world")
  output bytes: Stream<byte>
{
    startup()
    greeting: emit<string>(value = who)
    stream<string>()
    toUtf8()

    startup.trigger -> greeting.trigger,emit -> stream.block,stream -> toUtf8.text,encoded -> Self.bytes
}
)";

const graph::GraphEdge* edge(const Graph& g, const std::string& from, const std::string& to)
{
    for (const auto& e : g.edges)
        if (e.from + "." + e.output == from && e.to + "." + e.input == to)
            return &e;
    return nullptr;
}

} // namespace

TEST_CASE("a checked treatment gives one node per instance, its Self outputs and typed edges")
{
    auto program = check(k_pipeline);
    REQUIRE(program.loaded->ok());
    const Graph g = graph::build_graph(*program.treatment("main"));
    CHECK(g.identifier == "t::main");
    REQUIRE(g.nodes.size() == 5); // four instances and Self's outputs (no inputs: no Self inputs node)
    CHECK(g.nodes[0].id == "startup");
    CHECK(g.nodes[1].type == "std/flow::emit<string>");
    REQUIRE(g.nodes[1].parameters.size() == 1);
    CHECK(g.nodes[1].parameters[0] == std::pair<std::string, std::string>{"value", "who"});
    CHECK(g.nodes[4].kind == GraphNode::Kind::SelfOutputs);
    REQUIRE(g.edges.size() == 4);
    const auto* e = edge(g, "stream.stream", "toUtf8.text");
    REQUIRE(e);
    CHECK(e->flow == Flow::Stream);
    CHECK(e->type_text() == "Stream<string>");
    CHECK_FALSE(e->mistyped);
    const auto* out = edge(g, "toUtf8.encoded", ".bytes");
    REQUIRE(out);
    CHECK(out->to_node == "@out");
    CHECK(out->to_cell == "p_bytes");
    CHECK_FALSE(g.has_problem());
}

TEST_CASE("an unconnected input and a mistyped connection are problems")
{
    auto program = check(R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream

treatment main()
{
    startup()
    one: emit<string>(value = "a")
    two: emit<u8>(value = 1)
    stream<string>()

    startup.trigger -> one.trigger
    two.emit -> stream.block
}
)");
    CHECK(program.loaded->diagnostics.has_errors());
    const Graph g = graph::build_graph(*program.treatment("main"));
    REQUIRE(g.has_problem());
    const GraphNode* two = g.node("two");
    REQUIRE(two);
    REQUIRE(two->input("trigger"));
    CHECK(two->input("trigger")->incoming == 0);
    CHECK(two->input("trigger")->problem);
    const auto* e = edge(g, "two.emit", "stream.block");
    REQUIRE(e);
    CHECK(e->mistyped);
    CHECK(e->problem == "Block<u8> into Block<string>");

    const std::string ascii = graph::render_ascii(g, false);
    CHECK(ascii.find("! input two.trigger: Block<void> is not connected") != std::string::npos);
    CHECK(ascii.find("! two.emit        -> stream.block  Block<u8> into Block<string>\n") != std::string::npos);
    CHECK(ascii.find("\x1b[") == std::string::npos);
    CHECK(graph::render_ascii(g, true).find("\x1b[") != std::string::npos);

    const std::string dot = graph::render_dot(g);
    CHECK(dot.find("<TD PORT=\"i_trigger\" BGCOLOR=\"#ffe0e0\" COLOR=\"#cc0000\"><FONT COLOR=\"#cc0000\">trigger: "
                   "Block&lt;void&gt;</FONT></TD>") != std::string::npos);
    CHECK(dot.find("\"two\":\"o_emit\":e -> \"stream\":\"i_block\":w [label=\"Block<u8> into Block<string>\" "
                   "color=\"#cc0000\"") != std::string::npos);
}

TEST_CASE("DOT: a left-to-right digraph with a port per input and output, Stream edges bold")
{
    auto program = check(k_pipeline);
    const std::string dot = graph::render_dot(graph::build_graph(*program.treatment("main")));
    CHECK(dot.rfind("digraph \"t::main\" {\n    rankdir=LR;\n", 0) == 0);
    CHECK(dot.find("\"startup\":\"o_trigger\":e -> \"greeting\":\"i_trigger\":w [label=\"Block<void>\"];") !=
          std::string::npos);
    CHECK(dot.find("\"stream\":\"o_stream\":e -> \"toUtf8\":\"i_text\":w [label=\"Stream<string>\" penwidth=2];") !=
          std::string::npos);
    CHECK(dot.find("\"toUtf8\":\"o_encoded\":e -> \"@out\":\"p_bytes\":w") != std::string::npos);
    CHECK(dot.find("value = who") != std::string::npos);
    CHECK(dot.find("std/flow::emit&lt;string&gt;") != std::string::npos);
    CHECK(dot.back() == '\n');
}

TEST_CASE("Mermaid: a flowchart with labelled edges, Stream edges thick")
{
    auto program = check(k_pipeline);
    const std::string text = graph::render_mermaid(graph::build_graph(*program.treatment("main")));
    CHECK(text.find("flowchart LR\n") != std::string::npos);
    CHECK(text.find("n_startup -- \"trigger → trigger<br/>Block#lt;void#gt;\" --> n_greeting") != std::string::npos);
    CHECK(text.find("n_stream == \"stream → text<br/>Stream#lt;string#gt;\" ==> n_toUtf8") != std::string::npos);
    CHECK(text.find("n__out([\"Self (outputs)\"])") != std::string::npos);
    CHECK(text.find("classDef problem") == std::string::npos);
}

TEST_CASE("--depth expands script treatments as clusters, edges going to their Self nodes")
{
    auto program = check(R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream

treatment main()
{
    startup()
    inner: produce()
    stream<u8>()

    startup.trigger -> inner.trigger,value -> stream.block
}

treatment produce()
  input trigger: Block<void>
  output value: Block<u8>
{
    emit<u8>(value = 7)
    Self.trigger -> emit.trigger,emit -> Self.value
}
)");
    REQUIRE(program.loaded->ok());
    const Graph flat = graph::build_graph(*program.treatment("main"));
    CHECK(flat.clusters.empty());
    const Graph g = graph::build_graph(*program.treatment("main"), 1);
    REQUIRE(g.clusters.size() == 2); // std/engine/util::startup is a script treatment too
    const Graph& inner = g.clusters[1];
    CHECK(inner.prefix == "inner/");
    CHECK(inner.node("inner/emit"));
    const auto* into = edge(g, "startup.trigger", "inner.trigger");
    REQUIRE(into);
    CHECK(into->to_node == "inner/@in");
    CHECK(into->to_cell == "p_trigger");
    const auto* out = edge(g, "inner.value", "stream.block");
    REQUIRE(out);
    CHECK(out->from_node == "inner/@out");
    const std::string dot = graph::render_dot(g);
    CHECK(dot.find("subgraph \"cluster_inner\" {") != std::string::npos);
    CHECK(dot.find("\"inner/emit\":\"o_emit\":e -> \"inner/@out\":\"p_value\":w") != std::string::npos);
    CHECK(graph::render_mermaid(g).find("subgraph n_inner [\"inner: t::produce\"]") != std::string::npos);
}

TEST_CASE("values are written back as Mélodium text")
{
    ValueExpr array{.kind = ValueExpr::Kind::Array};
    array.elements.push_back(ValueExpr{.kind = ValueExpr::Kind::Literal, .literal = Value::string("a\"b")});
    array.elements.push_back(ValueExpr{.kind = ValueExpr::Kind::Parameter, .name = "who"});
    CHECK(graph::value_text(array) == "[\"a\\\"b\", who]");
    ValueExpr context{.kind = ValueExpr::Kind::Context, .name = "id", .context = *Identifier::parse("http::@Request")};
    CHECK(graph::value_text(context) == "@Request[id]");
}

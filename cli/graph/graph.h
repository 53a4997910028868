#pragma once

// The graph of a treatment's body, as `melodium draw` and the REPL's `:graph` show it: the
// instances with their types and parameters, the connections with their ports, flow and type,
// and what is wrong (unconnected or overloaded inputs, connections between ports that do not exist
// or do not match). Built from the checker's design (runtime/model/design.h), which exists also
// for treatments with errors (instances whose type is unknown are then missing).

#include <map>
#include <string>
#include <vector>

#include "runtime/model/descriptors.h"
#include "runtime/model/design.h"

namespace mel::cli::graph {

struct GraphPort {
    std::string name;
    Flow flow = Flow::Block;
    Type type;
    int incoming = 0;      // connections into it (inputs of instances, outputs of Self)
    bool missing = false;  // named by a connection but not declared by the treatment
    bool problem = false;  // unconnected, overloaded, missing, or an end of a mistyped connection

    std::string type_text() const; // `Block<void>`
};

struct Graph;

struct GraphNode {
    enum class Kind {
        Instance,    // a body instance: inputs on the left, outputs on the right
        SelfInputs,  // the host's inputs, drawn as a source whose outputs are those inputs
        SelfOutputs, // the host's outputs, drawn as a sink whose inputs are those outputs
    };
    Kind kind = Kind::Instance;
    std::string id;   // unique in the whole drawing: `greeting`, `greeting/emit`, `@in`, `greeting/@in`
    std::string name; // instance name, or `Self`
    std::string type; // `std/flow::emit<string>`; empty for Self nodes
    std::vector<std::pair<std::string, std::string>> parameters; // name, value as written
    std::vector<std::pair<std::string, std::string>> models;     // slot, host model
    std::vector<GraphPort> inputs;
    std::vector<GraphPort> outputs;
    /// Index into Graph::clusters when the instance is drawn expanded (--depth), else -1.
    int cluster = -1;

    bool has_problem() const;
    const GraphPort* input(std::string_view name) const;
    const GraphPort* output(std::string_view name) const;
};

struct GraphEdge {
    // What the connection says (instance names, empty for Self), for listings.
    std::string from, output, to, input;
    // Where it is drawn: node ids and cell ids (`o_x` output and `i_x` input cells of instances,
    // `p_x` cells of Self nodes; into or out of an expanded instance: its inner Self nodes).
    std::string from_node, from_cell, to_node, to_cell;
    Flow flow = Flow::Block;
    Type type;
    bool mistyped = false;     // flow or type differ, or a port does not exist
    std::string problem;       // `Block<string> into Stream<string>`, `no output 'x'`

    std::string type_text() const;
};

/// Header model instances `model m: M(…)`.
struct GraphModel {
    std::string name;
    std::string type;
    std::vector<std::pair<std::string, std::string>> parameters;
};

struct Graph {
    std::string title;      // `treatment pkg/area::name<T>(const p: u8 = 1)`
    std::string identifier; // `pkg/area::name`
    std::string prefix;     // id prefix of its nodes (`` at the top, `greeting/` inside an expansion)
    std::vector<GraphModel> models;
    std::vector<GraphNode> nodes; // Self inputs (if any), instances in design order, Self outputs (if any)
    std::vector<GraphEdge> edges;
    std::vector<Graph> clusters;  // expanded instances, referenced by GraphNode::cluster

    bool has_problem() const; // anywhere, clusters included
    const GraphNode* node(std::string_view id) const;
};

/// The graph of `treatment`'s body; script treatments instantiated in it are expanded `depth`
/// levels deep. `generics` substitutes the treatment's own generics (for expansions).
/// A native treatment (no design) gives a graph with only its Self nodes.
Graph build_graph(const TreatmentDescriptor& treatment, unsigned depth = 0,
                  const std::map<std::string, Type>& generics = {}, const std::string& prefix = "");

/// A checked value as Mélodium text: literals in display form, `name`, `@Ctx[field]`,
/// `|f<T>(a, b)`, `[a, b]`.
std::string value_text(const ValueExpr&);

// Renderers (one file each).

/// An indented listing for terminals; problems marked `!` (and red when `colour`).
std::string render_ascii(const Graph&, bool colour);
/// Graphviz DOT, left to right, one HTML-label node per instance with a port per input and output.
std::string render_dot(const Graph&);
/// A Mermaid `flowchart LR`.
std::string render_mermaid(const Graph&);

} // namespace mel::cli::graph

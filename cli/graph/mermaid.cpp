// Mermaid `flowchart LR` of a treatment graph. Mermaid has no ports: each connection is labelled
// `output → input` with its flow and type; Stream connections are thick (`==>`), Block ones thin
// (`-->`), mistyped ones dotted and red. Problem ports are listed in their node, which is red.
#include <cctype>

#include <fmt/format.h>

#include "cli/graph/graph.h"

namespace mel::cli::graph {

namespace {

/// Text inside a quoted Mermaid label (entity codes for what Mermaid would parse).
std::string label_text(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '"': out += "#quot;"; break;
        case '<': out += "#lt;"; break;
        case '>': out += "#gt;"; break;
        case '#': out += "#35;"; break;
        default: out += c;
        }
    }
    return out;
}

/// Node ids are letters, digits and `_`.
std::string node_id(std::string_view id)
{
    std::string out = "n_";
    for (char c : id)
        out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
    return out;
}

std::string problems_text(const GraphNode& node)
{
    std::string out;
    auto add = [&](const GraphPort& p, const char* what) {
        if (!p.problem)
            return;
        std::string line = p.missing ? p.name + " (missing)" : p.name + ": " + p.type_text();
        if (!p.missing && what)
            line += std::string(" (") + what + ")";
        out += "<br/>! " + label_text(line);
    };
    for (const auto& p : node.inputs)
        add(p, p.incoming == 0 ? "unconnected" : p.incoming > 1 ? "overloaded" : nullptr);
    for (const auto& p : node.outputs)
        add(p, nullptr);
    return out;
}

class Writer {
public:
    std::string out;

    void graph(const Graph& g, const std::string& indent)
    {
        for (const auto& m : g.models) {
            std::string label = "model " + label_text(m.name + ": " + m.type);
            for (const auto& [name, value] : m.parameters)
                label += "<br/>" + label_text(name + " = " + value);
            out += indent + node_id(g.prefix + "model:" + m.name) + ">\"" + label + "\"]\n";
        }
        for (const auto& n : g.nodes) {
            if (n.cluster >= 0) {
                out += indent + "subgraph " + node_id(n.id) + " [\"" + label_text(n.name + ": " + n.type) + "\"]\n";
                graph(g.clusters[static_cast<std::size_t>(n.cluster)], indent + "    ");
                out += indent + "end\n";
                if (n.has_problem())
                    m_problem_nodes.push_back(node_id(n.id));
                continue;
            }
            node(n, indent);
        }
        for (const auto& e : g.edges)
            edge(e, indent);
    }

    void finish()
    {
        if (!m_problem_nodes.empty()) {
            out += "    classDef problem stroke:#cc0000,stroke-width:2px,color:#cc0000\n";
            for (const auto& id : m_problem_nodes)
                out += "    class " + id + " problem\n";
        }
        for (std::size_t index : m_red_links)
            out += fmt::format("    linkStyle {} stroke:#cc0000,color:#cc0000\n", index);
    }

private:
    void node(const GraphNode& n, const std::string& indent)
    {
        const std::string id = node_id(n.id);
        if (n.kind == GraphNode::Kind::Instance) {
            std::string label = "<b>" + label_text(n.name) + "</b><br/>" + label_text(n.type);
            for (const auto& [slot, model] : n.models)
                label += "<br/>[" + label_text(slot + " = " + model) + "]";
            for (const auto& [name, value] : n.parameters)
                label += "<br/>" + label_text(name + " = " + value);
            out += indent + id + "[\"" + label + problems_text(n) + "\"]\n";
        } else {
            const bool in = n.kind == GraphNode::Kind::SelfInputs;
            std::string label = in ? "Self (inputs)" : "Self (outputs)";
            out += indent + id + "([\"" + label + problems_text(n) + "\"])\n";
        }
        if (n.has_problem())
            m_problem_nodes.push_back(id);
    }

    void edge(const GraphEdge& e, const std::string& indent)
    {
        const std::string ports = label_text(e.output + " → " + e.input);
        const std::string detail = label_text(e.mistyped ? e.problem : e.type_text());
        const std::string label = "\"" + ports + "<br/>" + detail + "\"";
        const std::string from = node_id(e.from_node), to = node_id(e.to_node);
        if (e.mistyped) {
            out += indent + from + " -. " + label + " .-> " + to + "\n";
            m_red_links.push_back(m_links);
        } else if (e.flow == Flow::Stream) {
            out += indent + from + " == " + label + " ==> " + to + "\n";
        } else {
            out += indent + from + " -- " + label + " --> " + to + "\n";
        }
        ++m_links;
    }

    std::vector<std::string> m_problem_nodes;
    std::vector<std::size_t> m_red_links;
    std::size_t m_links = 0;
};

} // namespace

std::string render_mermaid(const Graph& graph)
{
    Writer w;
    w.out = "---\ntitle: " + graph.title + "\n---\nflowchart LR\n";
    w.graph(graph, "    ");
    w.finish();
    return w.out;
}

} // namespace mel::cli::graph

// Graphviz DOT of a treatment graph: left to right; each instance an HTML-like table with a
// column of input cells, its title (name, treatment, parameters) and a column of output cells;
// Self inputs and outputs as one column of cells each; expanded instances as clusters.
// Stream connections are bold, Block connections thin; problems are red.
#include <fmt/format.h>

#include "cli/graph/graph.h"

namespace mel::cli::graph {

namespace {

constexpr const char* k_red = "#cc0000";
constexpr const char* k_red_fill = "#ffe0e0";

std::string html(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

/// A quoted DOT identifier or string.
std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string cell(const GraphPort& port, const std::string& id)
{
    if (!port.problem)
        return fmt::format("<TR><TD PORT=\"{}\">{}</TD></TR>", id, html(port.name));
    const std::string text = port.missing ? port.name + " (missing)" : port.name + ": " + port.type_text();
    return fmt::format("<TR><TD PORT=\"{}\" BGCOLOR=\"{}\" COLOR=\"{}\"><FONT COLOR=\"{}\">{}</FONT></TD></TR>", id,
                       k_red_fill, k_red, k_red, html(text));
}

std::string column(const std::vector<GraphPort>& ports, const char* prefix)
{
    std::string out = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\">";
    for (const auto& p : ports)
        out += cell(p, prefix + p.name);
    return out + "</TABLE>";
}

std::string title(const GraphNode& node)
{
    std::string out = "<B>" + html(node.name) + "</B><BR/><FONT POINT-SIZE=\"9\">" + html(node.type) + "</FONT>";
    for (const auto& [slot, model] : node.models)
        out += "<BR/><FONT POINT-SIZE=\"9\">[" + html(slot + " = " + model) + "]</FONT>";
    for (const auto& [name, value] : node.parameters)
        out += "<BR/><FONT POINT-SIZE=\"9\">" + html(name + " = " + value) + "</FONT>";
    return out;
}

std::string node_label(const GraphNode& node)
{
    if (node.kind != GraphNode::Kind::Instance) {
        const bool in = node.kind == GraphNode::Kind::SelfInputs;
        const std::string heading = in ? "Self (inputs)" : "Self (outputs)";
        std::string out = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\">";
        out += "<TR><TD BGCOLOR=\"#e8e8e8\"><I>" + html(heading) + "</I></TD></TR>";
        for (const auto& p : in ? node.outputs : node.inputs)
            out += cell(p, "p_" + p.name);
        return out + "</TABLE>";
    }
    std::string out = fmt::format("<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"{}><TR>",
                                  node.has_problem() ? fmt::format(" COLOR=\"{}\"", k_red) : std::string());
    if (!node.inputs.empty())
        out += "<TD>" + column(node.inputs, "i_") + "</TD>";
    out += "<TD CELLPADDING=\"6\">" + title(node) + "</TD>";
    if (!node.outputs.empty())
        out += "<TD>" + column(node.outputs, "o_") + "</TD>";
    return out + "</TR></TABLE>";
}

void write_graph(std::string& out, const Graph& graph, const std::string& indent)
{
    for (const auto& model : graph.models) {
        std::string label = "model " + model.name + ": " + model.type;
        for (const auto& [name, value] : model.parameters)
            label += "\n" + name + " = " + value;
        out += indent + quoted(graph.prefix + "model:" + model.name) + " [shape=note fontsize=9 label=" +
               quoted(label) + "];\n";
    }
    for (const auto& node : graph.nodes) {
        if (node.cluster >= 0) {
            const Graph& inner = graph.clusters[static_cast<std::size_t>(node.cluster)];
            out += indent + "subgraph " + quoted("cluster_" + node.id) + " {\n";
            out += indent + "    label=" + quoted(node.name + ": " + node.type) + ";\n";
            out += indent + "    style=rounded;\n";
            if (node.has_problem())
                out += indent + "    color=" + quoted(k_red) + ";\n";
            write_graph(out, inner, indent + "    ");
            out += indent + "}\n";
            continue;
        }
        out += indent + quoted(node.id) + " [label=<" + node_label(node) + ">];\n";
    }
    for (const auto& e : graph.edges) {
        std::string attributes = "label=" + quoted(e.mistyped ? e.problem : e.type_text());
        if (e.flow == Flow::Stream && !e.mistyped)
            attributes += " penwidth=2";
        if (e.mistyped)
            attributes += fmt::format(" color=\"{0}\" fontcolor=\"{0}\" style=dashed", k_red);
        out += indent + quoted(e.from_node) + ":" + quoted(e.from_cell) + ":e -> " + quoted(e.to_node) + ":" +
               quoted(e.to_cell) + ":w [" + attributes + "];\n";
    }
}

} // namespace

std::string render_dot(const Graph& graph)
{
    std::string out = "digraph " + quoted(graph.identifier) + " {\n";
    out += "    rankdir=LR;\n";
    out += "    labelloc=t;\n";
    out += "    label=" + quoted(graph.title) + ";\n";
    out += "    fontname=\"Helvetica\";\n";
    out += "    node [shape=plain fontname=\"Helvetica\" fontsize=11];\n";
    out += "    edge [fontname=\"Helvetica\" fontsize=9];\n";
    write_graph(out, graph, "    ");
    return out + "}\n";
}

} // namespace mel::cli::graph

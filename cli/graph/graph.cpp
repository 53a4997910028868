// Building the graph of a treatment body from its design (language.md §4.10, §4.11 for what is
// a problem: every instance input and every Self output needs exactly one connection; both ends
// of a connection must exist and agree on flow and type).
#include "cli/graph/graph.h"

#include <algorithm>
#include <tuple>

#include "runtime/model/signature_text.h"
#include "runtime/model/value_format.h"

namespace mel::cli::graph {

namespace {

std::string port_type_text(Flow flow, const Type& type)
{
    return std::string(flow_name(flow)) + "<" + type.to_string() + ">";
}

std::string generics_text(const std::vector<Type>& generics)
{
    if (generics.empty())
        return {};
    std::string out = "<";
    for (std::size_t i = 0; i < generics.size(); ++i)
        out += (i ? ", " : "") + generics[i].to_string();
    return out + ">";
}

std::vector<GraphPort> ports_of(const std::vector<Port>& ports, const std::map<std::string, Type>& generics)
{
    std::vector<GraphPort> out;
    for (const auto& p : ports)
        out.push_back(GraphPort{p.name, p.flow, p.type.substitute(generics)});
    return out;
}

/// The port `name` of `ports`, added as missing (drawn red) when the treatment does not declare it.
GraphPort& port_named(std::vector<GraphPort>& ports, const std::string& name, bool& existed)
{
    for (auto& p : ports)
        if (p.name == name && !p.missing) {
            existed = true;
            return p;
        }
    existed = false;
    for (auto& p : ports)
        if (p.name == name)
            return p;
    GraphPort missing{name, Flow::Block, Type()};
    missing.missing = missing.problem = true;
    ports.push_back(std::move(missing));
    return ports.back();
}

class Builder {
public:
    Builder(const TreatmentDescriptor& treatment, unsigned depth, const std::map<std::string, Type>& generics,
            const std::string& prefix)
        : m_treatment(treatment), m_depth(depth), m_generics(generics)
    {
        m_graph.identifier = treatment.id.to_string();
        m_graph.title = "treatment " + m_graph.identifier + mel::generics_text(treatment.generics) + "(";
        for (std::size_t i = 0; i < treatment.parameters.size(); ++i)
            m_graph.title += (i ? ", " : "") + parameter_text(treatment.parameters[i]);
        m_graph.title += ")";
        m_graph.prefix = prefix;
    }

    Graph build()
    {
        if (!m_treatment.inputs.empty()) {
            GraphNode self{GraphNode::Kind::SelfInputs, m_graph.prefix + "@in", "Self"};
            self.outputs = ports_of(m_treatment.inputs, m_generics);
            m_graph.nodes.push_back(std::move(self));
        }
        if (m_treatment.design) {
            models(*m_treatment.design);
            for (const auto& inst : m_treatment.design->instances)
                instance(inst);
        }
        if (!m_treatment.outputs.empty()) {
            GraphNode self{GraphNode::Kind::SelfOutputs, m_graph.prefix + "@out", "Self"};
            self.inputs = ports_of(m_treatment.outputs, m_generics);
            m_graph.nodes.push_back(std::move(self));
        }
        if (m_treatment.design)
            for (const auto& c : m_treatment.design->connections)
                connection(c);
        mark_inputs();
        return std::move(m_graph);
    }

private:
    void models(const TreatmentDesign& design)
    {
        for (const auto& m : design.models) {
            GraphModel model{m.name, m.model ? m.model->id.to_string() : std::string("?"), {}};
            for (const auto& [name, value] : m.parameters)
                model.parameters.emplace_back(name, value_text(value));
            m_graph.models.push_back(std::move(model));
        }
    }

    void instance(const InstanceDesign& inst)
    {
        GraphNode node{GraphNode::Kind::Instance, m_graph.prefix + inst.name, inst.name};
        std::map<std::string, Type> generics;
        std::vector<Type> written;
        const TreatmentDescriptor& callee = *inst.treatment;
        for (std::size_t i = 0; i < callee.generics.size() && i < inst.generics.size(); ++i) {
            const Type resolved = inst.generics[i].substitute(m_generics);
            generics[callee.generics[i].name] = resolved;
            written.push_back(resolved);
        }
        node.type = callee.id.to_string() + generics_text(written);
        for (const auto& [name, value] : inst.parameters)
            node.parameters.emplace_back(name, value_text(value));
        for (const auto& [slot, model] : inst.models)
            node.models.emplace_back(slot, model);
        node.inputs = ports_of(callee.inputs, generics);
        node.outputs = ports_of(callee.outputs, generics);
        if (m_depth > 0 && callee.design) {
            node.cluster = static_cast<int>(m_graph.clusters.size());
            m_graph.clusters.push_back(build_graph(callee, m_depth - 1, generics, node.id + "/"));
        }
        m_graph.nodes.push_back(std::move(node));
    }

    GraphNode* find(const std::string& instance, GraphNode::Kind self_kind)
    {
        for (auto& n : m_graph.nodes)
            if (instance.empty() ? n.kind == self_kind : (n.kind == GraphNode::Kind::Instance && n.name == instance))
                return &n;
        return nullptr;
    }

    /// A Self node for a port the host does not declare (a broken connection).
    GraphNode& self_node(GraphNode::Kind kind)
    {
        if (GraphNode* n = find("", kind))
            return *n;
        GraphNode self{kind, m_graph.prefix + (kind == GraphNode::Kind::SelfInputs ? "@in" : "@out"), "Self"};
        if (kind == GraphNode::Kind::SelfInputs)
            m_graph.nodes.insert(m_graph.nodes.begin(), std::move(self));
        else
            m_graph.nodes.push_back(std::move(self));
        return *find("", kind);
    }

    /// Where an edge is drawn for an end (node id, cell id): the instance's port cell, a cell of a
    /// Self node, or for an expanded instance the cell of its inner Self node.
    std::pair<std::string, std::string> drawn_end(GraphNode& node, const std::string& port, bool into)
    {
        if (node.kind != GraphNode::Kind::Instance)
            return {node.id, "p_" + port};
        if (node.cluster < 0)
            return {node.id, (into ? "i_" : "o_") + port};
        Graph& inner = m_graph.clusters[static_cast<std::size_t>(node.cluster)];
        const auto kind = into ? GraphNode::Kind::SelfInputs : GraphNode::Kind::SelfOutputs;
        const std::string id = inner.prefix + (into ? "@in" : "@out");
        auto it = std::find_if(inner.nodes.begin(), inner.nodes.end(), [&](const GraphNode& n) { return n.id == id; });
        if (it == inner.nodes.end())
            it = inner.nodes.insert(into ? inner.nodes.begin() : inner.nodes.end(), GraphNode{kind, id, "Self"});
        auto& cells = into ? it->outputs : it->inputs;
        bool existed = false;
        port_named(cells, port, existed);
        return {id, "p_" + port};
    }

    void connection(const ConnectionDesign& c)
    {
        GraphEdge edge{c.from, c.output, c.to, c.input};
        // Both Self nodes first: adding one moves the others.
        if (c.from.empty())
            self_node(GraphNode::Kind::SelfInputs);
        if (c.to.empty())
            self_node(GraphNode::Kind::SelfOutputs);
        GraphNode* from = find(c.from, GraphNode::Kind::SelfInputs);
        GraphNode* to = find(c.to, GraphNode::Kind::SelfOutputs);
        if (!from || !to)
            return; // an end whose instance could not be designed: reported by the checker
        bool out_exists = false, in_exists = false;
        GraphPort& out = port_named(from->outputs, c.output, out_exists);
        GraphPort& in = port_named(to->inputs, c.input, in_exists);
        in.incoming += 1;
        std::tie(edge.from_node, edge.from_cell) = drawn_end(*from, c.output, false);
        std::tie(edge.to_node, edge.to_cell) = drawn_end(*to, c.input, true);
        edge.flow = out.flow;
        edge.type = out.type;
        if (!out_exists || !in_exists) {
            edge.mistyped = true;
            edge.problem = !out_exists ? "no output '" + c.output + "'" : "no input '" + c.input + "'";
        } else if (out.flow != in.flow || !(out.type == in.type)) {
            edge.mistyped = true;
            edge.problem = out.type_text() + " into " + in.type_text();
        }
        if (edge.mistyped) {
            out.problem = true;
            in.problem = true;
        }
        m_graph.edges.push_back(std::move(edge));
    }

    void mark_inputs()
    {
        for (auto& n : m_graph.nodes) {
            if (n.kind != GraphNode::Kind::SelfInputs)
                for (auto& p : n.inputs)
                    if (p.incoming != 1)
                        p.problem = true;
            if (n.cluster >= 0)
                show_on_cluster(n, m_graph.clusters[static_cast<std::size_t>(n.cluster)]);
        }
    }

    /// An expanded instance is drawn as its inner graph: its ports' problems go to the inner Self cells.
    static void show_on_cluster(const GraphNode& node, Graph& inner)
    {
        for (auto& n : inner.nodes) {
            if (n.kind == GraphNode::Kind::SelfInputs)
                for (auto& cell : n.outputs)
                    if (const GraphPort* p = node.input(cell.name); p && p->problem)
                        cell.problem = true;
            if (n.kind == GraphNode::Kind::SelfOutputs)
                for (auto& cell : n.inputs)
                    if (const GraphPort* p = node.output(cell.name); p && p->problem)
                        cell.problem = true;
        }
    }

    const TreatmentDescriptor& m_treatment;
    unsigned m_depth;
    std::map<std::string, Type> m_generics;
    Graph m_graph;
};

} // namespace

std::string GraphPort::type_text() const { return port_type_text(flow, type); }
std::string GraphEdge::type_text() const { return port_type_text(flow, type); }

bool GraphNode::has_problem() const
{
    const auto bad = [](const GraphPort& p) { return p.problem; };
    return std::any_of(inputs.begin(), inputs.end(), bad) || std::any_of(outputs.begin(), outputs.end(), bad);
}

const GraphPort* GraphNode::input(std::string_view name) const
{
    for (const auto& p : inputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

const GraphPort* GraphNode::output(std::string_view name) const
{
    for (const auto& p : outputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

bool Graph::has_problem() const
{
    return std::any_of(nodes.begin(), nodes.end(), [](const GraphNode& n) { return n.has_problem(); }) ||
           std::any_of(edges.begin(), edges.end(), [](const GraphEdge& e) { return e.mistyped; }) ||
           std::any_of(clusters.begin(), clusters.end(), [](const Graph& g) { return g.has_problem(); });
}

const GraphNode* Graph::node(std::string_view id) const
{
    for (const auto& n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

Graph build_graph(const TreatmentDescriptor& treatment, unsigned depth, const std::map<std::string, Type>& generics,
                  const std::string& prefix)
{
    return Builder(treatment, depth, generics, prefix).build();
}

std::string value_text(const ValueExpr& v)
{
    switch (v.kind) {
    case ValueExpr::Kind::Literal: return display(v.literal);
    case ValueExpr::Kind::Parameter: return v.name;
    case ValueExpr::Kind::Context: return v.context.name + "[" + v.name + "]";
    case ValueExpr::Kind::Function: {
        std::string out = v.function ? v.function->id.name : std::string("|?");
        out += generics_text(v.generics) + "(";
        for (std::size_t i = 0; i < v.elements.size(); ++i)
            out += (i ? ", " : "") + value_text(v.elements[i]);
        return out + ")";
    }
    case ValueExpr::Kind::Array: {
        std::string out = "[";
        for (std::size_t i = 0; i < v.elements.size(); ++i)
            out += (i ? ", " : "") + value_text(v.elements[i]);
        return out + "]";
    }
    }
    return {};
}

} // namespace mel::cli::graph

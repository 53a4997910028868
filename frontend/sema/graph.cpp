// Connections and graph rules of a treatment body (language.md §4.10, §4.11), and our recursion and
// cycle checks (DESIGN §7).
#include "frontend/sema/graph.h"

#include <algorithm>
#include <functional>
#include <set>

#include "frontend/diag/closest_names.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend::sema {

namespace {

/// One end of a connection: `Self` (instance null) or a body instance.
struct End {
    bool valid = false;
    const InstanceDesign* instance = nullptr;
    std::string name; // as written
};

std::map<std::string, Type> generics_of(const InstanceDesign& inst)
{
    std::map<std::string, Type> out;
    const auto& declared = inst.treatment->generics;
    for (std::size_t i = 0; i < declared.size() && i < inst.generics.size(); ++i)
        out[declared[i].name] = inst.generics[i];
    return out;
}

std::string port_text(const Port& port) { return std::string(flow_name(port.flow)) + "<" + port.type.to_string() + "> (" + port.type.detail() + ")"; }

class ConnectionChecker {
public:
    ConnectionChecker(const Scope& scope, const ast::TreatmentDecl& decl, const TreatmentDescriptor& host,
                      TreatmentDesign& design, std::vector<SourceRange>& ranges, const SourceManager& sources,
                      Diagnostics& diags)
        : m_scope(scope), m_decl(decl), m_host(host), m_design(design), m_ranges(ranges), m_sources(sources),
          m_diags(diags)
    {
    }

    void run()
    {
        for (const auto& c : m_decl.connections)
            if (c.from_port && c.to_port) // portless ones were reported by the structure pass
                connection(c);
        graph_rules();
    }

private:
    End end(const ast::Name& name, DiagId unknown)
    {
        if (const InstanceDesign* inst = m_design.instance(name.text))
            return {true, inst, name.text};
        const bool declared = std::any_of(m_decl.instances.begin(), m_decl.instances.end(),
                                          [&](const ast::Instantiation& i) { return i.name.text == name.text; });
        if (name.text == "Self" && !declared)
            return {true, nullptr, name.text};
        if (!declared) { // a declared instance whose type failed was reported already
            auto report = m_diags.report(unknown, name.range);
            report.arg(name.text);
            std::vector<std::string> names{"Self"};
            for (const auto& i : m_decl.instances)
                names.push_back(i.name.text);
            suggest_closest(report, name.text, names);
        }
        return {};
    }

    /// `help: did you mean …?` when a port is close to `name`, else the list of the ports when short.
    static void explain_port(Diagnostics::Builder& report, const std::string& name, const std::string& owner,
                             const std::vector<Port>& ports, std::string_view what)
    {
        std::vector<std::string> names;
        for (const auto& p : ports)
            names.push_back(p.name);
        if (suggest_closest(report, name, names) || names.empty() || names.size() > 6)
            return;
        report.note(NoteId::AvailableNames, {std::string(what), owner, quoted_list(names)});
    }

    static bool generics_known(const InstanceDesign& inst)
    {
        return inst.generics.size() == inst.treatment->generics.size();
    }

    /// The port of an instance with its generics substituted.
    std::optional<Port> instance_port(const InstanceDesign& inst, const std::string& name, bool input)
    {
        const Port* port = input ? inst.treatment->input(name) : inst.treatment->output(name);
        if (!port)
            return std::nullopt;
        Port out = *port;
        out.type = out.type.substitute(generics_of(inst));
        return out;
    }

    void connection(const ast::Connection& c)
    {
        const End from = end(c.from, DiagId::ConnectionStartNotFound);
        const End to = end(c.to, DiagId::ConnectionEndNotFound);
        // The connection feeds its target for the graph rules even when the other end is broken
        // (reported already): no cascade of "not satisfied" errors.
        if (to.valid)
            m_targets.push_back({to.instance ? to.name : std::string(), c.to_port->text, c.range});
        if (!from.valid || !to.valid)
            return;
        const std::string& out_name = c.from_port->text;
        const std::string& in_name = c.to_port->text;
        const std::string host = m_scope.host;
        // The reference positions these at the first end point; the notes list the close names of
        // the ports that exist (ours, issue 16).
        auto report = [&](DiagId id, const std::string& port, const std::string& owner,
                          const std::vector<Port>& ports, std::string_view what) {
            auto r = m_diags.report(id, c.from.range);
            r.arg(port).arg(owner);
            explain_port(r, port, owner, ports, what);
        };

        std::optional<Port> out, in;
        bool ok = true;
        if (from.instance) {
            out = instance_port(*from.instance, out_name, false);
            if (!out) {
                report(to.instance ? DiagId::OutputNotProvided : DiagId::OutputToSelfNotProvided, out_name,
                       from.instance->treatment->id.to_string(), from.instance->treatment->outputs,
                       "outputs");
                ok = false;
            }
        } else if (const Port* p = m_host.input(out_name)) {
            out = *p;
        } else {
            report(to.instance ? DiagId::SelfInputMissing : DiagId::SelfInputMissingPassthrough, out_name,
                   host, m_host.inputs, "inputs");
            ok = false;
        }
        if (to.instance) {
            in = instance_port(*to.instance, in_name, true);
            if (!in) {
                m_misnamed_targets.insert(to.name);
                report(from.instance ? DiagId::InputNotProvided : DiagId::SelfToInputNotProvided, in_name,
                       to.instance->treatment->id.to_string(), to.instance->treatment->inputs, "inputs");
                ok = false;
            }
        } else if (const Port* p = m_host.output(in_name)) {
            in = *p;
        } else {
            m_misnamed_targets.insert(std::string());
            report(from.instance ? DiagId::SelfOutputMissing : DiagId::SelfOutputMissingPassthrough, in_name,
                   host, m_host.outputs, "outputs");
            ok = false;
        }
        // The connection counts for the graph rules even when its types disagree.
        m_design.connections.push_back({from.instance ? from.name : std::string(), out_name,
                                        to.instance ? to.name : std::string(), in_name, place_of(m_sources, c.range)});
        m_ranges.push_back(c.from.range);
        // An instance whose generic arguments were reported has ports of unknown types: a mismatch
        // would only follow from that report.
        if (!ok || (from.instance && !generics_known(*from.instance)) ||
            (to.instance && !generics_known(*to.instance)))
            return;
        if (out->flow != in->flow || !(out->type == in->type)) {
            const DiagId id = from.instance ? (to.instance ? DiagId::ConnectionTypes : DiagId::ConnectionTypesToSelf)
                                            : (to.instance ? DiagId::ConnectionTypesFromSelf
                                                           : DiagId::ConnectionTypesPassthrough);
            m_diags.report(id, c.from.range)
                .arg(from.name)
                .arg(to.name)
                .arg(host)
                .arg(out_name)
                .arg(port_text(*out))
                .arg(in_name)
                .arg(port_text(*in));
        }
    }

    void graph_rules()
    {
        // The reference positions these at the host's name; ours at the instance (or the `Self`
        // output's declaration) concerned, with a note at each connection into an overloaded port.
        for (const auto& inst : m_design.instances) {
            const ast::Instantiation* written = nullptr;
            for (const auto& w : m_decl.instances)
                if (w.name.text == inst.name)
                    written = &w;
            const SourceRange at = written ? written->name.range : m_decl.name.range;
            for (const auto& input : inst.treatment->inputs) {
                const auto into = targets(inst.name, input.name);
                // A connection into a misnamed input was reported: an unsatisfied one only follows from it.
                if (into.empty() && !m_misnamed_targets.count(inst.name)) {
                    m_diags.report(DiagId::InputUnsatisfied, at)
                        .arg(input.name)
                        .arg(inst.name)
                        .arg(m_scope.host);
                } else if (into.size() > 1) {
                    auto report = m_diags.report(DiagId::InputOverloaded, at);
                    report.arg(input.name).arg(inst.name).arg(m_scope.host);
                    for (const SourceRange& range : into)
                        report.note(NoteId::ConnectionInto, range, {inst.name + "." + input.name});
                }
            }
        }
        for (const auto& output : m_host.outputs) {
            SourceRange at = m_decl.name.range;
            for (const auto& declared : m_decl.outputs)
                if (declared.name.text == output.name)
                    at = declared.name.range;
            const auto into = targets(std::string(), output.name);
            if (into.empty() && !m_misnamed_targets.count(std::string())) {
                m_diags.report(DiagId::OutputUnsatisfied, at).arg(output.name).arg(m_scope.host);
            } else if (into.size() > 1) {
                auto report = m_diags.report(DiagId::OutputOverloaded, at);
                report.arg(output.name).arg(m_scope.host);
                for (const SourceRange& range : into)
                    report.note(NoteId::ConnectionInto, range, {"Self." + output.name});
            }
        }
    }

    /// Where the connections into `input` of `to` ("" for Self) are written.
    std::vector<SourceRange> targets(const std::string& to, const std::string& input) const
    {
        std::vector<SourceRange> out;
        for (const auto& target : m_targets)
            if (target.to == to && target.input == input)
                out.push_back(target.range);
        return out;
    }

    struct Target {
        std::string to; // instance, "" for Self
        std::string input;
        SourceRange range;
    };

    const Scope& m_scope;
    const ast::TreatmentDecl& m_decl;
    const TreatmentDescriptor& m_host;
    TreatmentDesign& m_design;
    std::vector<SourceRange>& m_ranges;
    const SourceManager& m_sources;
    Diagnostics& m_diags;
    std::vector<Target> m_targets;
    std::set<std::string> m_misnamed_targets; // instances ("" for Self) a connection names a missing input of
};

/// For a treatment: which outputs each input can reach. Native treatments: all of them; script
/// treatments: following their design.
class Reachability {
public:
    using Summary = std::map<std::string, std::set<std::string>>;

    const Summary& of(const TreatmentDescriptor& t)
    {
        if (auto it = m_cache.find(&t); it != m_cache.end())
            return it->second;
        Summary summary;
        if (!t.design) {
            for (const auto& in : t.inputs)
                for (const auto& out : t.outputs)
                    summary[in.name].insert(out.name);
        } else if (m_in_progress.insert(&t).second) {
            for (const auto& in : t.inputs)
                summary[in.name] = reachable_outputs(*t.design, in.name);
            m_in_progress.erase(&t);
        }
        return m_cache[&t] = std::move(summary);
    }

private:
    /// Outputs of the host reachable from its input `input`.
    std::set<std::string> reachable_outputs(const TreatmentDesign& design, const std::string& input)
    {
        std::set<std::string> outputs;
        std::set<std::pair<std::string, std::string>> seen; // (instance, input port)
        std::vector<std::pair<std::string, std::string>> work; // (instance or "" for Self, output port)
        work.emplace_back("", input);
        while (!work.empty()) {
            auto [from, port] = work.back();
            work.pop_back();
            for (const auto& c : design.connections) {
                if (c.from != from || c.output != port)
                    continue;
                if (c.to.empty()) {
                    outputs.insert(c.input);
                    continue;
                }
                if (!seen.insert({c.to, c.input}).second)
                    continue;
                if (const InstanceDesign* inst = design.instance(c.to)) {
                    const Summary& s = of(*inst->treatment);
                    if (auto it = s.find(c.input); it != s.end())
                        for (const auto& out : it->second)
                            work.emplace_back(c.to, out);
                }
            }
        }
        return outputs;
    }

    std::map<const TreatmentDescriptor*, Summary> m_cache;
    std::set<const TreatmentDescriptor*> m_in_progress;
};

/// Finds a cycle among the instances of a body: a path from an instance's output back into one of
/// its inputs. Returns the connection indexes of the cycle.
std::vector<std::size_t> find_cycle(const TreatmentDesign& design, Reachability& reach)
{
    // Node = (instance, input port). Edge: input → outputs it reaches → connections into inputs.
    using Node = std::pair<std::string, std::string>;
    std::map<Node, int> state; // 0 new, 1 on stack, 2 done
    std::map<Node, std::size_t> depth; // stack size when the node was entered
    std::vector<std::size_t> stack;
    std::vector<std::size_t> cycle;
    std::function<bool(const Node&)> visit = [&](const Node& node) -> bool {
        state[node] = 1;
        depth[node] = stack.size();
        const InstanceDesign* inst = design.instance(node.first);
        if (inst) {
            const auto& summary = reach.of(*inst->treatment);
            auto outs = summary.find(node.second);
            if (outs != summary.end())
                for (std::size_t i = 0; i < design.connections.size(); ++i) {
                    const auto& c = design.connections[i];
                    if (c.from != node.first || !outs->second.count(c.output) || c.to.empty())
                        continue;
                    const Node next{c.to, c.input};
                    stack.push_back(i);
                    if (state[next] == 1) {
                        // The cycle: every connection taken since `next` was entered.
                        cycle.assign(stack.begin() + static_cast<std::ptrdiff_t>(depth[next]), stack.end());
                        return true;
                    }
                    if (state[next] == 0 && visit(next))
                        return true;
                    stack.pop_back();
                }
        }
        state[node] = 2;
        return false;
    };
    for (const auto& c : design.connections)
        if (!c.to.empty() && state[{c.to, c.input}] == 0 && visit({c.to, c.input}))
            return cycle;
    return {};
}

} // namespace

void check_connections(const Scope& scope, const ast::TreatmentDecl& decl, const TreatmentDescriptor& host,
                       TreatmentDesign& design, std::vector<SourceRange>& ranges, const SourceManager& sources,
                       Diagnostics& diags)
{
    ConnectionChecker(scope, decl, host, design, ranges, sources, diags).run();
}

void check_graphs(const Program& program, Diagnostics& diags)
{
    // Recursion: a script treatment reachable from itself through instantiations.
    std::set<const TreatmentDescriptor*> reported;
    for (const auto& area : program.areas())
        for (const auto& decl : area->ast.treatments) {
            auto it = area->treatments.find(decl.name.text);
            if (it == area->treatments.end() || !it->second->design)
                continue;
            const TreatmentDescriptor* root = it->second.get();
            if (reported.count(root))
                continue; // already part of a reported cycle
            std::vector<const TreatmentDescriptor*> path{root};
            std::set<const TreatmentDescriptor*> visiting;
            std::function<bool(const TreatmentDescriptor&)> reaches_root = [&](const TreatmentDescriptor& t) -> bool {
                if (!t.design || !visiting.insert(&t).second)
                    return false;
                for (const auto& inst : t.design->instances) {
                    path.push_back(inst.treatment.get());
                    if (inst.treatment.get() == root || reaches_root(*inst.treatment))
                        return true;
                    path.pop_back();
                }
                return false;
            };
            if (reaches_root(*root)) {
                std::string chain;
                for (const TreatmentDescriptor* p : path) {
                    chain += (chain.empty() ? "" : " → ") + p->id.to_string();
                    reported.insert(p);
                }
                diags.report(DiagId::RecursiveInstantiation, decl.name.range)
                    .arg(root->id.to_string())
                    .arg(chain);
            }
        }

    Reachability reach;
    for (const auto& area : program.areas())
        for (const auto& decl : area->ast.treatments) {
            auto it = area->treatments.find(decl.name.text);
            if (it == area->treatments.end() || !it->second->design || reported.count(it->second.get()))
                continue;
            const TreatmentDesign& design = *it->second->design;
            auto cycle = find_cycle(design, reach);
            if (cycle.empty())
                continue;
            std::string text;
            for (std::size_t k : cycle) {
                const auto& c = design.connections[k];
                text += c.from + "." + c.output + " -> " + c.to + "." + c.input + (k == cycle.back() ? "" : ", ");
            }
            const auto& ranges = area->connection_ranges.at(decl.name.text);
            diags.report(DiagId::ConnectionCycle, ranges.at(cycle.front()))
                .word(decl.name.text)
                .arg(it->second->id.to_string())
                .arg(text);
        }
}

} // namespace mel::frontend::sema

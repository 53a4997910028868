// A lint of the `distrib` package's hard constraint (packages.md §1.4): in each track, every input and output
// of the remote treatment must be connected to one send*/recv* treatment, or the reference deadlocks (our
// worker refuses the track, docs/distribution.md). Warned here (D1004) when it can be seen statically: the
// engine is a header model of the same treatment, its `treatment` parameter a literal naming a treatment of
// the program, and `distribution_id` feeds only send*/recv* instances with literal names.

#include <algorithm>

#include "frontend/sema/passes.h"
#include "runtime/model/design.h"

namespace mel::frontend::sema {

namespace {

const std::string* literal_string(const std::map<std::string, ValueExpr>& parameters, const std::string& name)
{
    const auto it = parameters.find(name);
    if (it == parameters.end() || it->second.kind != ValueExpr::Kind::Literal ||
        it->second.literal.kind() != Value::Kind::String)
        return nullptr;
    return &it->second.literal.as_string();
}

SourceRange range_of(const ast::TreatmentDecl* decl, const std::string& instance)
{
    if (decl)
        for (const auto& i : decl->instances)
            if (i.name.text == instance)
                return i.range;
    return {};
}

void check_distribute(const Program& program, const Area& area, const std::string& host,
                      const TreatmentDesign& design, const InstanceDesign& distribute, Diagnostics& diags)
{
    const auto slot = distribute.models.find("distributor");
    if (slot == distribute.models.end())
        return;
    const auto engine = std::find_if(design.models.begin(), design.models.end(),
                                     [&](const ModelInstanceDesign& m) { return m.name == slot->second; });
    if (engine == design.models.end())
        return;
    const std::string* remote_name = literal_string(engine->parameters, "treatment");
    const auto remote_id = remote_name ? Identifier::parse(*remote_name) : std::nullopt;
    const Element* remote = remote_id ? program.find(*remote_id) : nullptr;
    if (!remote || remote->kind != ElementKind::Treatment)
        return;
    std::vector<std::string> inputs, outputs;
    for (const auto& c : design.connections) {
        if (c.from != distribute.name || c.output != "distribution_id")
            continue;
        const InstanceDesign* to = design.instance(c.to);
        const std::string* name = to && to->treatment ? literal_string(to->parameters, "name") : nullptr;
        if (!name)
            return; // not visible here
        const Identifier& id = to->treatment->id;
        if (id.path != std::vector<std::string>{"distrib"})
            return;
        if (id.name == "sendStream" || id.name == "sendBlock")
            inputs.push_back(*name);
        else if (id.name == "recvStream" || id.name == "recvBlock")
            outputs.push_back(*name);
        else
            return;
    }
    const SourceRange range = range_of(area.treatment_decl(host), distribute.name);
    auto report = [&](const std::vector<Port>& ports, const std::vector<std::string>& claimed, const char* kind,
                      const char* treatments) {
        for (const auto& port : ports)
            if (std::count(claimed.begin(), claimed.end(), port.name) != 1)
                diags.report(DiagId::DistributedPortUnconnected, range)
                    .arg(kind)
                    .arg(port.name)
                    .arg(*remote_name)
                    .arg(static_cast<std::uint64_t>(std::count(claimed.begin(), claimed.end(), port.name)))
                    .arg(treatments)
                    .arg(distribute.name);
    };
    report(remote->treatment->inputs, inputs, "input", "sendStream/sendBlock");
    report(remote->treatment->outputs, outputs, "output", "recvStream/recvBlock");
}

} // namespace

void check_distribution(const Program& program, Diagnostics& diags)
{
    for (const auto& area : program.areas())
        for (const auto& [name, treatment] : area->treatments) {
            if (!treatment || !treatment->design)
                continue;
            for (const auto& instance : treatment->design->instances)
                if (instance.treatment && instance.treatment->id.to_string() == "distrib::distribute")
                    check_distribute(program, *area, name, *treatment->design, instance, diags);
        }
}

} // namespace mel::frontend::sema

#include "runtime/engine/genesis.h"

#include <algorithm>
#include <exception>
#include <set>

#include <fmt/format.h>

#include "runtime/engine/treatment.h"
#include "runtime/engine/world.h"

namespace mel::engine {

namespace {

constexpr int k_max_depth = 256;

/// Evaluation in a site's scope at genesis: its parameters known so far, its generics, no contexts.
EvalScope genesis_scope(const Site& site)
{
    EvalScope scope;
    scope.generics = &site.generics_by_name;
    scope.parameter = [&site](std::string_view name) -> Result<std::optional<Value>> {
        const std::size_t i = site.param_index(name);
        if (i == site.params.size())
            return Error{fmt::format("`{}` has no parameter `{}`", site.path, name)};
        return site.params[i].value;
    };
    return scope;
}

std::size_t port_index(const std::vector<Port>& ports, std::string_view name)
{
    for (std::size_t i = 0; i < ports.size(); ++i)
        if (ports[i].name == name)
            return i;
    return ports.size();
}

} // namespace

std::size_t Site::param_index(std::string_view name) const
{
    for (std::size_t i = 0; i < desc->parameters.size(); ++i)
        if (desc->parameters[i].name == name)
            return i;
    return desc->parameters.size();
}

void Genesis::error(std::string message) { m_errors.push_back(std::move(message)); }

Site& Genesis::add_site(const TreatmentDescriptor* desc, Site* host, const InstanceDesign* design, std::string label)
{
    auto site = std::make_unique<Site>();
    site->id = m_sites.size();
    site->desc = desc;
    site->host = host;
    site->design = design;
    site->path = host ? host->path + "/" + label : label;
    site->label = std::move(label);
    m_sites.push_back(std::move(site));
    return *m_sites.back();
}

Status Genesis::build(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments)
{
    Site& root = add_site(&entry, nullptr, nullptr, "main");
    if (!entry.generics.empty())
        error(fmt::format("the entrypoint `{}` has generics", entry.id.to_string()));
    if (!entry.models.empty())
        error(fmt::format("the entrypoint `{}` takes models", entry.id.to_string()));
    for (const Parameter& p : entry.parameters) {
        SiteParam sp;
        if (auto it = arguments.find(p.name); it != arguments.end()) {
            if (!value_has_type(it->second, p.type))
                error(fmt::format("argument `{}` is not a {}", p.name, p.type.to_string()));
            sp.value = std::move(it->second);
            arguments.erase(it);
        } else if (p.default_value) {
            sp.value = *p.default_value;
        } else {
            error(fmt::format("missing argument `{}` ({})", p.name, p.type.to_string()));
        }
        root.params.push_back(std::move(sp));
    }
    for (const auto& [name, value] : arguments)
        error(fmt::format("`{}` has no parameter `{}`", entry.id.to_string(), name));
    if (m_errors.empty()) {
        auto values = std::make_shared<std::vector<Value>>();
        for (const SiteParam& p : root.params)
            values->push_back(*p.value);
        root.static_values = std::move(values);
        if (entry.design)
            build_script(root, 0);
    }
    if (!m_errors.empty()) {
        std::string all;
        for (const std::string& e : m_errors)
            all += (all.empty() ? "" : "\n") + e;
        return Error{all};
    }
    resolve_targets();
    for (const auto& [key, sites] : m_sources)
        for (const Site* s : sites)
            plan_for({s});
    return success();
}

bool Genesis::build_script(Site& site, int depth)
{
    if (depth > k_max_depth) {
        error(fmt::format("`{}`: treatments nest deeper than {} levels (recursive treatment?)", site.path, k_max_depth));
        return false;
    }
    const TreatmentDesign& design = *site.desc->design;
    for (std::size_t i = 0; i < site.desc->models.size(); ++i)
        site.scope_models[site.desc->models[i].name] = site.models[i];
    const EvalScope scope = genesis_scope(site);
    for (const ModelInstanceDesign& mi : design.models) {
        std::map<std::string, Value> params;
        for (const auto& [name, expr] : mi.parameters) {
            auto v = evaluate(expr, scope);
            if (!v) {
                error(fmt::format("`{}/{}`: parameter `{}`: {}", site.path, mi.name, name, v.error().message));
                continue;
            }
            if (!v.value()) {
                error(fmt::format("`{}/{}`: parameter `{}` is not constant", site.path, mi.name, name));
                continue;
            }
            params.emplace(name, std::move(*v.value()));
        }
        Model* m = instantiate_model(mi.model, std::move(params), site.path + "/" + mi.name);
        site.scope_models[mi.name] = m;
    }
    bool ok = true;
    for (const InstanceDesign& instance : design.instances)
        ok = build_child(site, instance, depth + 1) && ok;
    return ok;
}

bool Genesis::build_child(Site& host, const InstanceDesign& instance, int depth)
{
    Site& child = add_site(instance.treatment.get(), &host, &instance, instance.name);
    host.children[instance.name] = &child;
    const TreatmentDescriptor& desc = *child.desc;
    for (std::size_t i = 0; i < desc.generics.size(); ++i) {
        if (i >= instance.generics.size()) {
            error(fmt::format("`{}`: generic `{}` is not given", child.path, desc.generics[i].name));
            return false;
        }
        Type t = instance.generics[i].substitute(host.generics_by_name);
        if (t.contains_generic()) {
            error(fmt::format("`{}`: generic `{}` is not resolved ({})", child.path, desc.generics[i].name,
                              t.to_string()));
            return false;
        }
        child.generics_by_name[desc.generics[i].name] = t;
        child.generics.push_back(std::move(t));
    }
    for (const ModelSlot& slot : desc.models) {
        auto given = instance.models.find(slot.name);
        auto model = given == instance.models.end() ? host.scope_models.end() : host.scope_models.find(given->second);
        if (model == host.scope_models.end() || !model->second) {
            error(fmt::format("`{}`: model slot `{}` is not given a model", child.path, slot.name));
            return false;
        }
        child.models.push_back(model->second);
    }
    if (!bind_params(child))
        return false;
    if (!child.native())
        return build_script(child, depth);
    for (const Port& p : desc.inputs)
        child.input_types.push_back(p.type.substitute(child.generics_by_name));
    for (const Port& p : desc.outputs)
        child.output_types.push_back(p.type.substitute(child.generics_by_name));
    if (child.source()) {
        const auto& [slot, source] = *desc.source_from;
        const ModelSlot* s = desc.model(slot);
        MEL_ASSERT(s != nullptr, "a source names a model slot it does not have");
        child.source_model = child.models[static_cast<std::size_t>(s - desc.models.data())];
        child.source_name = source;
        if (child.dynamic) {
            error(fmt::format("`{}`: the parameters of a source must be constant", child.path));
            return false;
        }
        m_sources[{child.source_model, source}].push_back(&child);
    }
    return true;
}

bool Genesis::bind_params(Site& site)
{
    const EvalScope scope = genesis_scope(*site.host);
    bool ok = true;
    for (const Parameter& p : site.desc->parameters) {
        SiteParam sp;
        auto given = site.design->parameters.find(p.name);
        if (given != site.design->parameters.end()) {
            auto v = evaluate(given->second, scope);
            if (!v) {
                error(fmt::format("`{}`: parameter `{}`: {}", site.path, p.name, v.error().message));
                ok = false;
            } else if (v.value()) {
                sp.value = std::move(*v.value());
            } else {
                sp.expr = &given->second;
                site.dynamic = true;
            }
        } else if (p.default_value) {
            sp.value = *p.default_value;
        } else {
            error(fmt::format("`{}`: parameter `{}` is not given", site.path, p.name));
            ok = false;
        }
        site.params.push_back(std::move(sp));
    }
    if (ok && !site.dynamic) {
        auto values = std::make_shared<std::vector<Value>>();
        for (const SiteParam& p : site.params)
            values->push_back(*p.value);
        site.static_values = std::move(values);
    }
    return ok;
}

Model* Genesis::instantiate_model(const std::shared_ptr<const ModelDescriptor>& desc,
                                  std::map<std::string, Value> params, const std::string& path)
{
    for (const Parameter& p : desc->parameters) {
        if (params.count(p.name))
            continue;
        if (!p.default_value) {
            error(fmt::format("`{}`: model parameter `{}` is not given", path, p.name));
            return nullptr;
        }
        params.emplace(p.name, *p.default_value);
    }
    if (desc->design) { // `model M(...) : Base { p = v }`: evaluate the assignments, then build the base
        if (!desc->base) {
            error(fmt::format("`{}`: model `{}` has no base", path, desc->id.to_string()));
            return nullptr;
        }
        EvalScope scope;
        scope.parameter = [&params](std::string_view name) -> Result<std::optional<Value>> {
            auto it = params.find(std::string(name));
            if (it == params.end())
                return Error{fmt::format("no model parameter `{}`", name)};
            return std::optional<Value>(it->second);
        };
        std::map<std::string, Value> base_params;
        for (const auto& [name, expr] : desc->design->assignments) {
            auto v = evaluate(expr, scope);
            if (!v || !v.value()) {
                error(fmt::format("`{}`: model parameter `{}`: {}", path, name,
                                  v ? std::string("not constant") : v.error().message));
                return nullptr;
            }
            base_params.emplace(name, std::move(*v.value()));
        }
        return instantiate_model(desc->base, std::move(base_params), path);
    }
    if (!desc->implementation || !desc->implementation->factory) {
        error(fmt::format("model `{}` has no implementation", desc->id.to_string()));
        return nullptr;
    }
    auto model = std::make_unique<Model>(m_world, desc, std::move(params), m_models.size(), path);
    try {
        model->set_object(desc->implementation->factory(*model));
    } catch (const std::exception& e) {
        error(fmt::format("`{}`: model `{}` could not be created: {}", path, desc->id.to_string(), e.what()));
        return nullptr;
    }
    m_models.push_back(std::move(model));
    m_world.logger().debug_event("ModelAdded", fmt::format("\"model\":{},\"identifier\":{},\"path\":{}",
                                                           m_models.back()->id(), json_string(desc->id.to_string()),
                                                           json_string(path)));
    return m_models.back().get();
}

// ---- flattening --------------------------------------------------------------------------------------

void Genesis::resolve_targets()
{
    for (auto& site : m_sites) {
        if (!site->native())
            continue;
        site->output_targets.resize(site->desc->outputs.size());
        for (std::size_t j = 0; j < site->desc->outputs.size(); ++j)
            resolve_output(*site, site->desc->outputs[j].name, site->output_targets[j], 0);
    }
}

void Genesis::resolve_output(const Site& producer, const std::string& output, std::vector<SiteTarget>& out,
                             int depth) const
{
    // The entry's Self outputs have nothing attached when it runs from the command line (engine.md §3.9).
    if (!producer.host || depth > k_max_depth)
        return;
    for (const ConnectionDesign& c : producer.host->desc->design->connections)
        if (c.from == producer.label && c.output == output)
            resolve_input(*producer.host, c.to, c.input, out, depth + 1);
}

void Genesis::resolve_input(const Site& host, const std::string& to, const std::string& input,
                            std::vector<SiteTarget>& out, int depth) const
{
    if (to.empty()) { // a Self output of `host`: continue in its own host
        resolve_output(host, input, out, depth + 1);
        return;
    }
    auto it = host.children.find(to);
    if (it == host.children.end())
        return;
    const Site& child = *it->second;
    if (child.native()) {
        const std::size_t i = port_index(child.desc->inputs, input);
        if (i < child.desc->inputs.size())
            out.push_back(SiteTarget{&child, static_cast<std::uint32_t>(i)});
        return;
    }
    // A script treatment: follow its Self input inside (Self → Self continues through its outputs; the
    // output name is the connection's right side, which fixes the reference's bug of engine.md §8.4.1).
    for (const ConnectionDesign& c : child.desc->design->connections)
        if (c.from.empty() && c.output == input)
            resolve_input(child, c.to, c.input, out, depth + 1);
}

std::shared_ptr<const TrackPlan> Genesis::compute_plan(const std::vector<const Site*>& sources) const
{
    auto plan = std::make_shared<TrackPlan>();
    plan->sources = sources;
    std::map<const Site*, std::uint32_t> index;
    auto visit = [&](const Site* s) {
        auto [it, added] = index.emplace(s, static_cast<std::uint32_t>(plan->nodes.size()));
        if (added) {
            PlanNode node;
            node.site = s;
            node.outputs.resize(s->desc->outputs.size());
            node.fed.assign(s->desc->inputs.size(), false);
            plan->nodes.push_back(std::move(node));
        }
        return it->second;
    };
    for (const Site* src : sources) {
        plan->origin += (plan->origin.empty() ? "" : ", ") + src->path;
        for (std::size_t j = 0; j < src->desc->outputs.size(); ++j) {
            auto& root = plan->roots[src->desc->outputs[j].name];
            for (const SiteTarget& t : src->output_targets[j])
                root.push_back(PlanTarget{visit(t.site), t.input});
        }
    }
    for (std::size_t n = 0; n < plan->nodes.size(); ++n) {
        const Site* s = plan->nodes[n].site;
        for (std::size_t j = 0; j < s->output_targets.size(); ++j)
            for (const SiteTarget& t : s->output_targets[j]) {
                const PlanTarget target{visit(t.site), t.input};
                plan->nodes[n].outputs[j].push_back(target);
            }
    }
    for (const auto& [name, targets] : plan->roots)
        for (const PlanTarget& t : targets)
            plan->nodes[t.node].fed[t.input] = true;
    for (const PlanNode& node : plan->nodes)
        for (const auto& targets : node.outputs)
            for (const PlanTarget& t : targets)
                plan->nodes[t.node].fed[t.input] = true;
    return plan;
}

void Genesis::warn_unfed(const TrackPlan& plan) const
{
    for (const PlanNode& node : plan.nodes)
        for (std::size_t i = 0; i < node.fed.size(); ++i)
            if (!node.fed[i])
                m_world.log(LogLevel::Warning, "engine",
                            fmt::format("input `{}` of `{}` ({}) has no upstream in tracks started by `{}`: it is "
                                        "closed from the start of those tracks",
                                        node.site->desc->inputs[i].name, node.site->path,
                                        node.site->desc->id.to_string(), plan.origin));
}

std::shared_ptr<const TrackPlan> Genesis::plan_for(const std::vector<const Site*>& sources)
{
    std::vector<std::size_t> key;
    for (const Site* s : sources)
        key.push_back(s->id);
    std::sort(key.begin(), key.end());
    std::lock_guard lock(m_plans_mutex);
    auto& slot = m_plans[key];
    if (!slot) {
        slot = compute_plan(sources);
        warn_unfed(*slot);
    }
    return slot;
}

std::vector<const Site*> Genesis::matching_sources(const Model& model, std::string_view source,
                                                   const std::map<std::string, Value>& params) const
{
    std::vector<const Site*> out;
    auto it = m_sources.find({&model, std::string(source)});
    if (it == m_sources.end())
        return out;
    for (const Site* s : it->second) {
        if (s->params.size() != params.size())
            continue;
        bool equal = true;
        for (std::size_t i = 0; i < s->params.size() && equal; ++i) {
            auto given = params.find(s->desc->parameters[i].name);
            equal = given != params.end() && given->second == *s->params[i].value;
        }
        if (equal)
            out.push_back(s);
    }
    return out;
}

// ---- missing implementations ---------------------------------------------------------------------------

namespace {
struct MissingWalk {
    std::set<const void*> seen;
    std::set<Identifier> missing;

    void expr(const ValueExpr& e)
    {
        if (e.kind == ValueExpr::Kind::Function && e.function && !e.function->body)
            missing.insert(e.function->id);
        for (const ValueExpr& sub : e.elements)
            expr(sub);
    }
    void model(const std::shared_ptr<const ModelDescriptor>& m)
    {
        if (!m || !seen.insert(m.get()).second)
            return;
        if (m->design) {
            for (const auto& [name, e] : m->design->assignments)
                expr(e);
            model(m->base);
        } else if (!m->implementation) {
            missing.insert(m->id);
        }
    }
    void treatment(const TreatmentDescriptor& t)
    {
        if (!seen.insert(&t).second)
            return;
        if (t.design) {
            for (const ModelInstanceDesign& mi : t.design->models) {
                model(mi.model);
                for (const auto& [name, e] : mi.parameters)
                    expr(e);
            }
            for (const InstanceDesign& i : t.design->instances) {
                treatment(*i.treatment);
                for (const auto& [name, e] : i.parameters)
                    expr(e);
            }
        } else if (t.source_from) {
            if (const ModelSlot* slot = t.model(t.source_from->first))
                model(slot->model);
        } else if (!t.implementation) {
            missing.insert(t.id);
        }
    }
};
} // namespace

std::vector<Identifier> missing_implementations(const TreatmentDescriptor& entry)
{
    MissingWalk walk;
    walk.treatment(entry);
    return std::vector<Identifier>(walk.missing.begin(), walk.missing.end());
}

} // namespace mel::engine

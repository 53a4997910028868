#include "runtime/engine/track.h"

#include <fmt/format.h>

#include "runtime/engine/world.h"

namespace mel::engine {

void Track::source_task_ended()
{
    if (source_fibers.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    for (auto& out : source_outputs)
        out->close();
}

Result<std::shared_ptr<const std::vector<Value>>> TrackParams::of(const Site& site)
{
    if (!site.dynamic)
        return site.static_values;
    if (auto it = m_memo.find(&site); it != m_memo.end())
        return it->second;
    const Site& host = *site.host;
    EvalScope scope;
    scope.generics = &host.generics_by_name;
    scope.contexts = &m_contexts;
    scope.parameter = [this, &host](std::string_view name) -> Result<std::optional<Value>> {
        auto values = of(host);
        if (!values)
            return values.error();
        const std::size_t i = host.param_index(name);
        if (i >= values.value()->size())
            return Error{fmt::format("`{}` has no parameter `{}`", host.path, name)};
        return std::optional<Value>((*values.value())[i]);
    };
    auto values = std::make_shared<std::vector<Value>>();
    values->reserve(site.params.size());
    for (std::size_t i = 0; i < site.params.size(); ++i) {
        const SiteParam& p = site.params[i];
        if (p.value) {
            values->push_back(*p.value);
            continue;
        }
        auto v = evaluate(*p.expr, scope);
        if (!v)
            return Error{fmt::format("`{}`: parameter `{}`: {}", site.path, site.desc->parameters[i].name,
                                     v.error().message)};
        if (!v.value())
            return Error{fmt::format("`{}`: parameter `{}` cannot be evaluated", site.path,
                                     site.desc->parameters[i].name)};
        values->push_back(std::move(*v.value()));
    }
    std::shared_ptr<const std::vector<Value>> shared = std::move(values);
    m_memo.emplace(&site, shared);
    return shared;
}

namespace {

const ModelSource* find_source(const ModelDescriptor& model, std::string_view name)
{
    for (const ModelSource& s : model.sources)
        if (s.name == name)
            return &s;
    return nullptr;
}

Task<> guarded(Task<> task, World& world, std::string who, std::optional<TrackId> track)
{
    try {
        co_await std::move(task);
    } catch (...) {
        world.report_failure(who, track, std::current_exception());
    }
}

const std::shared_ptr<const TrackPlan>& empty_plan()
{
    static const std::shared_ptr<const TrackPlan> plan = std::make_shared<TrackPlan>();
    return plan;
}

} // namespace

std::optional<TrackId> World::create_track(Model& model, std::string_view source, std::map<std::string, Value> params,
                                           Contexts contexts, SourceCallback callback)
{
    if (m_ended.load(std::memory_order_acquire) || stopping())
        return std::nullopt;
    const ModelSource* declared = find_source(model.descriptor(), source);
    if (!declared)
        throw EngineError(fmt::format("model `{}` has no source `{}`", model.descriptor().id.to_string(), source));
    const auto sources = m_genesis->matching_sources(model, source, params);
    const auto plan = sources.empty() ? empty_plan() : m_genesis->plan_for(sources);
    const TrackId id = m_next_track.fetch_add(1, std::memory_order_acq_rel);
    auto track = std::make_unique<Track>(*this, id, plan, std::move(contexts));

    // Instances, with their parameters evaluated once per site for this track.
    TrackParams params_of(track->contexts);
    track->instances.reserve(plan->nodes.size());
    for (const PlanNode& node : plan->nodes) {
        auto values = params_of.of(*node.site);
        if (!values) {
            log(LogLevel::Error, "engine",
                fmt::format("track {} from `{}` cannot be built: {}", id, plan->origin, values.error().message), id);
            m_failed.store(true);
            return std::nullopt;
        }
        track->instances.push_back(std::make_unique<TreatmentInstance>(*node.site, *track, values.value()));
    }
    for (std::size_t n = 0; n < plan->nodes.size(); ++n) {
        const PlanNode& node = plan->nodes[n];
        for (std::size_t j = 0; j < node.outputs.size(); ++j)
            for (const PlanTarget& t : node.outputs[j])
                track->instances[n]->output(j).connect(track->instances[t.node]->input(t.input));
        for (std::size_t i = 0; i < node.fed.size(); ++i)
            if (!node.fed[i])
                track->instances[n]->input(i).mark_unfed();
    }
    for (const Port& port : declared->outputs) {
        auto out = std::make_unique<Output>(port, port.type, nullptr);
        if (auto it = plan->roots.find(port.name); it != plan->roots.end())
            for (const PlanTarget& t : it->second)
                out->connect(track->instances[t.node]->input(t.input));
        track->outputs.m_outputs.push_back(out.get());
        track->source_outputs.push_back(std::move(out));
    }
    track->outputs.m_track = id;

    // Fibers: one per instance, plus the source's emitting tasks.
    const std::string source_label = fmt::format("source `{}` of model `{}` ({})", source, model.path(),
                                                 model.descriptor().id.to_string());
    std::vector<Task<>> emitters;
    try {
        emitters = callback(track->outputs);
    } catch (...) {
        report_failure(source_label, id, std::current_exception());
    }
    std::vector<Fiber*> fibers;
    fibers.reserve(track->instances.size() + emitters.size());
    for (auto& instance : track->instances) {
        auto* f = new Fiber(*this, FiberKind::Treatment, run_instance(*instance));
        f->track = track.get();
        f->instance = instance.get();
        fibers.push_back(f);
    }
    for (Task<>& task : emitters) {
        auto* f = new Fiber(*this, FiberKind::Source, guarded(std::move(task), *this, source_label, id));
        f->track = track.get();
        f->model = &model;
        f->label = source_label;
        fibers.push_back(f);
    }
    track->live_fibers.store(fibers.size());
    track->source_fibers.store(emitters.size());
    if (emitters.empty())
        for (auto& out : track->source_outputs)
            out->close();
    if (m_logger.debug_enabled())
        m_logger.debug_event("TrackAdded", fmt::format("\"track\":{},\"model\":{},\"source\":{},\"origin\":{}", id,
                                                       model.id(), json_string(source), json_string(plan->origin)));
    if (fibers.empty()) {
        if (m_logger.debug_enabled())
            m_logger.debug_event("TrackFinished", fmt::format("\"track\":{}", id));
        return id;
    }
    Track* raw = track.release();
    {
        std::lock_guard lock(m_tracks_mutex);
        m_tracks.push_back(raw);
    }
    m_live_tracks.fetch_add(1, std::memory_order_acq_rel);
    spawn(fibers);
    return id;
}

void World::track_ended(Track* track)
{
    {
        std::lock_guard lock(m_tracks_mutex);
        std::erase(m_tracks, track);
    }
    if (m_logger.debug_enabled())
        m_logger.debug_event("TrackFinished", fmt::format("\"track\":{}", track->id));
    delete track;
    m_live_tracks.fetch_sub(1, std::memory_order_acq_rel);
}

void World::add_continuous(Model& model, Task<> task)
{
    std::string label = fmt::format("continuous work of model `{}` ({})", model.path(), model.descriptor().id.to_string());
    auto* f = new Fiber(*this, FiberKind::Continuous, guarded(std::move(task), *this, label, std::nullopt));
    f->model = &model;
    f->label = std::move(label);
    if (m_ended.load(std::memory_order_acquire)) {
        delete f;
        return;
    }
    if (m_initializing) {
        m_pending_continuous.push_back(f);
        return;
    }
    spawn({f});
}

} // namespace mel::engine

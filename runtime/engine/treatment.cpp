#include "runtime/engine/treatment.h"

#include <fmt/format.h>

#include "runtime/engine/genesis.h"
#include "runtime/engine/track.h"
#include "runtime/engine/world.h"

namespace mel::engine {

TreatmentInstance::TreatmentInstance(const Site& site, Track& track, std::shared_ptr<const std::vector<Value>> params)
    : m_site(site), m_track(track), m_params(std::move(params))
{
    const TreatmentDescriptor& d = *site.desc;
    m_inputs.reserve(d.inputs.size());
    for (std::size_t i = 0; i < d.inputs.size(); ++i)
        m_inputs.push_back(std::make_unique<Input>(d.inputs[i], site.input_types[i], this));
    m_outputs.reserve(d.outputs.size());
    for (std::size_t i = 0; i < d.outputs.size(); ++i)
        m_outputs.push_back(std::make_unique<Output>(d.outputs[i], site.output_types[i], this));
    track.world.live_instances().fetch_add(1, std::memory_order_relaxed);
}

TreatmentInstance::~TreatmentInstance() { m_track.world.live_instances().fetch_sub(1, std::memory_order_relaxed); }

Input& TreatmentInstance::input(std::string_view name)
{
    for (auto& in : m_inputs)
        if (in->name() == name)
            return *in;
    throw EngineError(fmt::format("`{}` ({}) has no input `{}`", path(), descriptor().id.to_string(), name));
}

Output& TreatmentInstance::output(std::string_view name)
{
    for (auto& out : m_outputs)
        if (out->name() == name)
            return *out;
    throw EngineError(fmt::format("`{}` ({}) has no output `{}`", path(), descriptor().id.to_string(), name));
}

const Value& TreatmentInstance::param(std::string_view name) const
{
    const std::size_t i = m_site.param_index(name);
    if (i >= m_params->size())
        throw EngineError(fmt::format("`{}` ({}) has no parameter `{}`", path(), descriptor().id.to_string(), name));
    return (*m_params)[i];
}

const Type& TreatmentInstance::generic(std::size_t index) const
{
    if (index >= m_site.generics.size())
        throw EngineError(fmt::format("`{}` ({}) has no generic #{}", path(), descriptor().id.to_string(), index));
    return m_site.generics[index];
}

const Type& TreatmentInstance::generic(std::string_view name) const
{
    auto it = m_site.generics_by_name.find(std::string(name));
    if (it == m_site.generics_by_name.end())
        throw EngineError(fmt::format("`{}` ({}) has no generic `{}`", path(), descriptor().id.to_string(), name));
    return it->second;
}

Model& TreatmentInstance::model(std::string_view slot) const
{
    const auto& slots = descriptor().models;
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i].name == slot)
            return *m_site.models[i];
    throw EngineError(fmt::format("`{}` ({}) has no model slot `{}`", path(), descriptor().id.to_string(), slot));
}

TrackId TreatmentInstance::track_id() const { return m_track.id; }

void TreatmentInstance::log(LogLevel level, std::string_view label, std::string_view message) const
{
    m_track.world.log(level, label, message, m_track.id);
}

World& TreatmentInstance::world() const { return m_track.world; }
const TreatmentDescriptor& TreatmentInstance::descriptor() const { return *m_site.desc; }
const std::string& TreatmentInstance::path() const { return m_site.path; }

void TreatmentInstance::close_all()
{
    for (auto& in : m_inputs)
        in->close();
    for (auto& out : m_outputs)
        out->close();
}

// ---- run_instance ------------------------------------------------------------------------------------

Task<> run_instance(TreatmentInstance& instance)
{
    World& world = instance.world();
    Logger& logger = world.logger();
    const auto fields = [&] {
        return fmt::format("\"track\":{},\"treatment\":{},\"path\":{}", instance.track_id(),
                           json_string(instance.descriptor().id.to_string()), json_string(instance.path()));
    };
    if (logger.debug_enabled())
        logger.debug_event("TreatmentStarted", fields());
    try {
        const auto& impl = instance.descriptor().implementation;
        if (!impl || !impl->body)
            throw EngineError("it has no implementation");
        co_await impl->body(instance);
    } catch (...) {
        world.report_failure(fmt::format("treatment `{}` ({})", instance.path(), instance.descriptor().id.to_string()),
                             instance.track_id(), std::current_exception());
    }
    instance.close_all();
    if (logger.debug_enabled())
        logger.debug_event("TreatmentFinished", fields());
}

// ---- when_all ----------------------------------------------------------------------------------------

namespace {
Task<> guard_child(Task<> task, JoinState* join)
{
    try {
        co_await std::move(task);
    } catch (...) {
        std::lock_guard lock(join->mutex);
        if (!join->error)
            join->error = std::current_exception();
    }
}
} // namespace

WhenAll when_all(std::vector<Task<>> tasks) { return WhenAll(std::move(tasks)); }

bool WhenAll::await_suspend(std::coroutine_handle<> h)
{
    Fiber& parent = this_fiber();
    World& world = parent.world;
    parent.prepare_park(h, WaitInfo{WaitInfo::Kind::Join, nullptr, nullptr});
    m_join.parent = &parent;
    m_join.remaining.store(m_tasks.size() + 1, std::memory_order_relaxed);
    std::vector<Fiber*> children;
    for (Task<>& t : m_tasks) {
        auto* f = new Fiber(world, FiberKind::SubTask, guard_child(std::move(t), &m_join));
        f->track = parent.track;
        f->instance = parent.instance;
        f->model = parent.model;
        f->label = parent.label;
        f->parent_join = &m_join;
        children.push_back(f);
    }
    m_tasks.clear();
    if (parent.track)
        parent.track->live_fibers.fetch_add(children.size(), std::memory_order_acq_rel);
    world.spawn(children);
    if (m_join.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        parent.wait = WaitInfo{};
        return false; // every child already ended
    }
    world.parked();
    return true;
}

void WhenAll::await_resume()
{
    if (m_join.error)
        std::rethrow_exception(m_join.error);
}

} // namespace mel::engine

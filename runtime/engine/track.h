#pragma once

// A track (engine.md §2.1): the native instances a plan describes, their channels, the source's outputs and
// the fibers running them. It is built in one go by World::create_track and freed as soon as its last fiber
// ends (per-track memory is reclaimed, unlike the reference, engine.md §8.2).

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/eval.h"
#include "runtime/engine/genesis.h"
#include "runtime/engine/model.h"
#include "runtime/engine/treatment.h"

namespace mel::engine {

class Track {
public:
    Track(World& world, TrackId id, std::shared_ptr<const TrackPlan> plan, Contexts contexts)
        : world(world), id(id), plan(std::move(plan)), contexts(std::move(contexts))
    {
    }
    Track(const Track&) = delete;
    Track& operator=(const Track&) = delete;

    /// Closes the source's outputs once the last source task has ended.
    void source_task_ended();

    World& world;
    const TrackId id;
    const std::shared_ptr<const TrackPlan> plan;
    const Contexts contexts;
    std::vector<std::unique_ptr<TreatmentInstance>> instances;
    std::vector<std::unique_ptr<Output>> source_outputs; // one per output the source declares
    SourceOutputs outputs;
    std::atomic<std::size_t> live_fibers{0};
    std::atomic<std::size_t> source_fibers{0};
};

/// The parameters of `site` in a track being built: per-track values are evaluated once per site and
/// shared by every child that refers to them (fixing engine.md §8.4.2).
class TrackParams {
public:
    explicit TrackParams(const Contexts& contexts) : m_contexts(contexts) {}
    Result<std::shared_ptr<const std::vector<Value>>> of(const Site& site);

private:
    const Contexts& m_contexts;
    std::map<const Site*, std::shared_ptr<const std::vector<Value>>> m_memo;
};

/// The coroutine that runs one native instance: its body, then its closing sequence.
Task<> run_instance(TreatmentInstance& instance);

} // namespace mel::engine

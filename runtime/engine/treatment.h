#pragma once

// The native treatment API (engine.md §3.7, §7; STYLE §2.2).
//
// A native treatment's body is a coroutine taking its context: one instance per track. Ports are looked up
// once by name at the top; a failed send ends the body visibly. After the body returns, the engine closes all
// inputs, then all outputs. An exception escaping the body is logged with the treatment and track, ends it
// (its outputs close) and makes the exit code 3; other treatments and tracks go on.
//
//     // std/flow::emit — reference: libs/std-mel/src/flow/mod.rs
//     area.treatment("emit").generic("T").param("value", "T")
//         .input("trigger", "Block<void>").output("emit", "Block<T>")
//         .implementation(engine::make_treatment([](engine::TreatmentContext& ctx) -> engine::Task<> {
//             auto& trigger = ctx.input("trigger");
//             auto& emit = ctx.output("emit");
//             if (co_await trigger.recv_one())
//                 co_await emit.send_one(ctx.param("value"));
//         }));
//
// The lambda is shared by every instance on every thread: it may capture only immutable data; per-instance
// state lives in the coroutine body.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/engine/channel.h"
#include "runtime/engine/fiber.h"
#include "runtime/engine/log.h"
#include "runtime/engine/task.h"
#include "runtime/model/descriptors.h"

namespace mel::engine {

struct Site;
class Model;
class Track;
class World;

/// One native treatment instance in one track; the body's view of it.
class TreatmentInstance {
public:
    TreatmentInstance(const Site& site, Track& track, std::shared_ptr<const std::vector<Value>> params);
    TreatmentInstance(const TreatmentInstance&) = delete;
    TreatmentInstance& operator=(const TreatmentInstance&) = delete;
    ~TreatmentInstance();

    /// A port by name (throws EngineError for an unknown name). Look ports up once, not per value.
    Input& input(std::string_view name);
    Output& output(std::string_view name);
    Input& input(std::size_t index) { return *m_inputs[index]; }
    Output& output(std::size_t index) { return *m_outputs[index]; }
    std::size_t input_count() const { return m_inputs.size(); }
    std::size_t output_count() const { return m_outputs.size(); }

    /// A parameter's value in this track (throws EngineError for an unknown name).
    const Value& param(std::string_view name) const;
    /// A resolved generic, by position in the declaration or by name.
    const Type& generic(std::size_t index) const;
    const Type& generic(std::string_view name) const;
    /// The model given in slot `slot` (`[engine: Engine]`).
    Model& model(std::string_view slot) const;

    TrackId track_id() const;
    void log(LogLevel level, std::string_view label, std::string_view message) const;
    World& world() const;
    const TreatmentDescriptor& descriptor() const;
    /// The instance path from the entry: `main/startup/ready`.
    const std::string& path() const;

    // ---- engine side ----
    /// The closing sequence (engine.md §3.7): every input, then every output.
    void close_all();
    const Site& site() const { return m_site; }
    Track& track() const { return m_track; }

private:
    const Site& m_site;
    Track& m_track;
    std::shared_ptr<const std::vector<Value>> m_params;
    std::vector<std::unique_ptr<Input>> m_inputs;
    std::vector<std::unique_ptr<Output>> m_outputs;
};

using TreatmentContext = TreatmentInstance;

/// Runs `tasks` concurrently (each as its own fiber in the same track, e.g. reading two outputs of a process)
/// and resumes when all have ended; the first exception among them is rethrown. Two tasks must not use the
/// same port.
class [[nodiscard]] WhenAll;
WhenAll when_all(std::vector<Task<>> tasks);

struct JoinState {
    std::atomic<std::size_t> remaining{0};
    Fiber* parent = nullptr;
    std::mutex mutex;
    std::exception_ptr error;
};

class [[nodiscard]] WhenAll {
public:
    explicit WhenAll(std::vector<Task<>> tasks) : m_tasks(std::move(tasks)) {}
    bool await_ready() const noexcept { return m_tasks.empty(); }
    bool await_suspend(std::coroutine_handle<> h);
    void await_resume();

private:
    std::vector<Task<>> m_tasks;
    JoinState m_join;
};

} // namespace mel::engine

namespace mel {

/// A native treatment's body.
struct TreatmentImplementation {
    std::function<engine::Task<>(engine::TreatmentContext&)> body;
};

namespace engine {
template<class F> std::shared_ptr<const TreatmentImplementation> make_treatment(F&& body)
{
    return std::make_shared<const TreatmentImplementation>(TreatmentImplementation{std::forward<F>(body)});
}
} // namespace engine

} // namespace mel

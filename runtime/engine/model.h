#pragma once

// Models (engine.md §1.3, §1.5, §7): one object per static instantiation site, created at genesis with its
// const parameters, shared by every track. A native model is a ModelObject made by its implementation's
// factory; it may register continuous work at initialize() and creates tracks through its sources.
//
//     class EngineModel final : public engine::ModelObject {
//         void initialize(engine::Model& model) override
//         {
//             model.continuous([](engine::Model& m) -> engine::Task<> {
//                 m.create_track("ready", {}, {}, [](engine::SourceOutputs& out) {
//                     return engine::tasks(send_ready(out.output("trigger")));
//                 });
//                 co_return;
//             }(model));
//         }
//     };
//     area.model("Engine").source("ready", {{"trigger", "Block<void>"}})
//         .implementation(engine::make_model<EngineModel>());

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/engine/channel.h"
#include "runtime/engine/eval.h"
#include "runtime/engine/log.h"
#include "runtime/engine/task.h"
#include "runtime/model/descriptors.h"

namespace mel::engine {

class World;
class Model;
class Track;

/// The native side of a model. Hooks run on engine threads; they must not block.
class ModelObject {
public:
    virtual ~ModelObject() = default;
    /// Once, after genesis succeeded, before anything runs: register continuous work here.
    virtual void initialize(Model&) {}
    /// The program is being interrupted (SIGINT/SIGTERM): stop creating tracks and end continuous work.
    virtual void stop(Model&) {}
    /// Once, at the end, after every track and continuous task has ended.
    virtual void shutdown(Model&) {}
};

/// The outputs of a source in a new track, by name. An output nobody is connected to in this track fails
/// every send, so producers stop (docs/engine.md); a name the source does not declare throws EngineError.
class SourceOutputs {
public:
    Output& output(std::string_view name);
    TrackId track_id() const { return m_track; }

private:
    friend class World;
    TrackId m_track = 0;
    std::vector<Output*> m_outputs;
};

/// Called once when a track is created; returns the coroutines that emit the source's data in it. When all
/// of them have ended, the engine closes the source's outputs.
using SourceCallback = std::function<std::vector<Task<>>(SourceOutputs&)>;

/// Convenience: a vector of tasks from task arguments.
template<class... T> std::vector<Task<>> tasks(T&&... t)
{
    std::vector<Task<>> v;
    v.reserve(sizeof...(T));
    (v.push_back(std::forward<T>(t)), ...);
    return v;
}

/// The engine's handle of one model instance.
class Model {
public:
    Model(World& world, std::shared_ptr<const ModelDescriptor> descriptor, std::map<std::string, Value> params,
          std::size_t id, std::string path);
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;
    ~Model();

    /// The native model's descriptor (for a script model: its native base).
    const ModelDescriptor& descriptor() const { return *m_descriptor; }
    /// A parameter value (defaults applied); throws EngineError for an unknown name.
    const Value& param(std::string_view name) const;
    const std::map<std::string, Value>& params() const { return m_params; }
    std::size_t id() const { return m_id; }
    /// Where it was declared: `main/startup/engine`.
    const std::string& path() const { return m_path; }
    World& world() const { return m_world; }

    /// The native object, downcast (throws EngineError when it is not a T).
    template<class T> T& object()
    {
        auto* p = dynamic_cast<T*>(m_object.get());
        if (!p)
            throw_wrong_object();
        return *p;
    }
    ModelObject* object_ptr() const { return m_object.get(); }

    /// Runs `task` as continuous work of this model: the program does not end before it does. Registered
    /// during initialize(), it starts once every model is initialized.
    void continuous(Task<> task);
    /// A new track from `source` (exact parameter equality picks the source instances, engine.md §1.5);
    /// nullopt when the world is ending or the track could not be built (the error is logged).
    std::optional<TrackId> create_track(std::string_view source, std::map<std::string, Value> params,
                                        Contexts contexts, SourceCallback callback);
    void log(LogLevel level, std::string_view label, std::string_view message,
             std::optional<TrackId> track = {}) const;

    // ---- engine side ----
    void set_object(std::unique_ptr<ModelObject> object) { m_object = std::move(object); }

private:
    [[noreturn]] void throw_wrong_object() const;

    World& m_world;
    std::shared_ptr<const ModelDescriptor> m_descriptor;
    std::map<std::string, Value> m_params;
    std::size_t m_id;
    std::string m_path;
    std::unique_ptr<ModelObject> m_object;
};

} // namespace mel::engine

namespace mel {

/// A native model's body: makes its object (parameters are on the Model).
struct ModelImplementation {
    std::function<std::unique_ptr<engine::ModelObject>(engine::Model&)> factory;
};

namespace engine {
/// The implementation of a model whose object is an `M`, constructed from `Model&` or by default.
template<class M> std::shared_ptr<const ModelImplementation> make_model()
{
    return std::make_shared<const ModelImplementation>(
        ModelImplementation{[](Model& model) -> std::unique_ptr<ModelObject> {
            if constexpr (std::is_constructible_v<M, Model&>)
                return std::make_unique<M>(model);
            else
                return std::make_unique<M>();
        }});
}
} // namespace engine

} // namespace mel

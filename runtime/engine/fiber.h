#pragma once

// A fiber is one root coroutine run by the scheduler: a treatment body (one per native instance per track),
// a sub-task of a treatment (when_all), a coroutine emitting a source's data, or a model's continuous work.
// It runs on one worker at a time; when it waits it *parks*: it records where it resumes and what it waits
// for (the hang report prints that), flushes the outputs it has written to, and gives its worker back.

#include <atomic>
#include <coroutine>
#include <string>
#include <vector>

#include "runtime/engine/task.h"

namespace mel::engine {

class World;
class Track;
class TreatmentInstance;
class Model;
class Input;
class Output;
struct JoinState;

enum class FiberKind { Treatment, SubTask, Source, Continuous };

/// What a parked fiber waits for.
struct WaitInfo {
    enum class Kind { None, Receive, Send, Join, Timer, Blocking, Io };
    Kind kind = Kind::None;
    const Input* input = nullptr;   // Receive: the input; Send: the full consumer
    const Output* output = nullptr; // Send
    /// Receive/Send on something else than ports (a model's channel): what, for the hang report.
    const char* other = nullptr;
};

class Fiber {
public:
    Fiber(World& world, FiberKind kind, Task<> root) : world(world), kind(kind), root(std::move(root))
    {
        resume_point = this->root.handle();
    }
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    /// Sends what this fiber's outputs have buffered (called before it parks; never waits).
    void flush_outputs();
    /// Records where to resume and what is awaited; flushes outputs. Call before publishing the wait.
    void prepare_park(std::coroutine_handle<> at, WaitInfo what);

    World& world;
    const FiberKind kind;
    Track* track = nullptr;                 // null for continuous model work
    TreatmentInstance* instance = nullptr;  // Treatment and SubTask fibers
    Model* model = nullptr;                 // Continuous and Source fibers
    std::string label;                      // for reports when there is no instance
    Task<> root;
    std::coroutine_handle<> resume_point;
    WaitInfo wait;
    std::vector<Output*> dirty_outputs;     // outputs with buffered values written by this fiber
    JoinState* parent_join = nullptr;       // SubTask: the when_all it belongs to

    // The world's list of live fibers (guarded by the world's fiber mutex).
    Fiber* prev = nullptr;
    Fiber* next = nullptr;
};

/// The fiber running on this thread (null outside the scheduler's workers).
Fiber* current_fiber();
/// Like current_fiber(), but throws EngineError when called outside a fiber.
Fiber& this_fiber();

namespace detail {
void set_current_fiber(Fiber* fiber);
/// Reads and clears the flag set by a root task's final suspension on this thread.
bool take_root_completed();
} // namespace detail

} // namespace mel::engine

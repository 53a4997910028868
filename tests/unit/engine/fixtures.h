#pragma once

// Test fixtures for the engine: a tiny native library (declared with the same Registry API the std package
// uses), a design builder for script treatments, a sink where collectors record what they receive, and a
// runner that captures logs.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/model/design.h"
#include "runtime/model/registry.h"

namespace fixtures {

using namespace mel;
using namespace mel::engine;

// ---- the sink ---------------------------------------------------------------------------------------

struct Sink {
    std::mutex mutex;
    std::map<std::string, std::vector<Value>> values;
    std::map<std::string, int> ends;     // how many collectors named so saw their input close
    std::map<std::string, int> counters; // free counters (starts, stops…)
    std::map<std::string, std::size_t> batches;

    void record(const std::string& name, Value v)
    {
        std::lock_guard lock(mutex);
        values[name].push_back(std::move(v));
    }
    void count(const std::string& name, int n = 1)
    {
        std::lock_guard lock(mutex);
        counters[name] += n;
    }
    void reset()
    {
        std::lock_guard lock(mutex);
        values.clear();
        ends.clear();
        counters.clear();
        batches.clear();
    }
    std::vector<Value> get(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return values[name];
    }
    int counter(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return counters[name];
    }
};

inline Sink& sink()
{
    static Sink s;
    return s;
}

// ---- native treatments and models ---------------------------------------------------------------------

/// Sends one void on `trigger` then closes it: the `ready` source's data.
inline Task<> fire(Output& trigger)
{
    co_await trigger.send_one(Value());
    trigger.close();
}

/// The std Engine model's behaviour: one `ready` track at start.
class EngineModel final : public ModelObject {
public:
    void initialize(Model& model) override { model.continuous(start(model)); }

private:
    static Task<> start(Model& m)
    {
        m.create_track("ready", {}, {}, [](SourceOutputs& out) { return tasks(fire(out.output("trigger"))); });
        co_return;
    }
};

inline const Identifier& tick_context()
{
    static const Identifier id = *Identifier::parse("test/lib::@Tick");
    return id;
}

/// `Ticker(count: u64, sequential: bool)`: `count` tracks from source `tick`, each with context @Tick[n]
/// and one value n on `value`. Sequential: waits for each track to end and records the live instances.
class TickerModel final : public ModelObject {
public:
    void initialize(Model& model) override { model.continuous(run(model)); }

private:
    static Task<> send(Output& out, std::uint64_t n)
    {
        co_await out.send_one(Value::u64(n));
    }
    static Task<> run(Model& m)
    {
        const std::uint64_t count = m.param("count").as_u64();
        const bool sequential = m.param("sequential").as_bool();
        for (std::uint64_t n = 0; n < count; ++n) {
            Contexts contexts{{tick_context(), {{"n", Value::u64(n)}}}};
            m.create_track("tick", {}, std::move(contexts),
                           [n](SourceOutputs& out) { return tasks(send(out.output("value"), n)); });
            if (sequential) {
                while (m.world().stats().live_tracks > 0)
                    co_await sleep_for(std::chrono::milliseconds(1));
                sink().record("live_instances_between_tracks",
                              Value::u64(m.world().stats().live_instances));
            }
        }
    }
};

/// A model whose continuous work only ends when the world stops (a server).
class ServerModel final : public ModelObject {
public:
    void initialize(Model& model) override { model.continuous(serve(model)); }

private:
    static Task<> serve(Model& m)
    {
        while (!m.world().stopping())
            co_await sleep_for(std::chrono::milliseconds(5));
        sink().count("server_stopped");
    }
};

/// A model whose continuous work never ends, even when asked to stop.
class StubbornModel final : public ModelObject {
public:
    void initialize(Model& model) override { model.continuous(loop()); }

private:
    static Task<> loop()
    {
        while (true)
            co_await sleep_for(std::chrono::milliseconds(5));
    }
};

struct LiveCounter {
    static std::atomic<int>& count()
    {
        static std::atomic<int> n{0};
        return n;
    }
    LiveCounter() { count().fetch_add(1); }
    ~LiveCounter() { count().fetch_sub(1); }
    LiveCounter(const LiveCounter&) = delete;
    LiveCounter& operator=(const LiveCounter&) = delete;
};

void declare_library(Registry& r);

inline const Registry& library()
{
    static const Registry r = [] {
        Registry reg;
        reg.add_package("test");
        declare_library(reg);
        return reg;
    }();
    return r;
}

inline std::shared_ptr<const TreatmentDescriptor> treatment(const std::string& name)
{
    const Element* e = library().find(*Identifier::parse("test/lib::" + name));
    if (!e || !e->treatment)
        throw std::logic_error("no test treatment " + name);
    return e->treatment;
}

inline std::shared_ptr<const ModelDescriptor> model(const std::string& name)
{
    const Element* e = library().find(*Identifier::parse("test/lib::" + name));
    if (!e || !e->model)
        throw std::logic_error("no test model " + name);
    return e->model;
}

inline std::shared_ptr<const FunctionDescriptor> function(const std::string& name)
{
    const Element* e = library().find(*Identifier::parse("test/lib::|" + name));
    if (!e || !e->function)
        throw std::logic_error("no test function " + name);
    return e->function;
}

// ---- values and designs -------------------------------------------------------------------------------

inline ValueExpr lit(Value v)
{
    ValueExpr e;
    e.literal = std::move(v);
    return e;
}
inline ValueExpr param_ref(std::string name)
{
    ValueExpr e;
    e.kind = ValueExpr::Kind::Parameter;
    e.name = std::move(name);
    e.variability = Variability::Var;
    return e;
}
inline ValueExpr context_ref(Identifier context, std::string field)
{
    ValueExpr e;
    e.kind = ValueExpr::Kind::Context;
    e.context = std::move(context);
    e.name = std::move(field);
    e.variability = Variability::Var;
    return e;
}
inline ValueExpr call(std::shared_ptr<const FunctionDescriptor> f, std::vector<ValueExpr> args,
                      std::vector<Type> generics = {})
{
    ValueExpr e;
    e.kind = ValueExpr::Kind::Function;
    e.function = std::move(f);
    e.elements = std::move(args);
    e.generics = std::move(generics);
    return e;
}

inline Type u64() { return Type::core(CoreType::U64); }
inline Type void_type() { return Type(); }

/// Builds a script treatment: `Design d("t"); d.instance(...); d.connect("a.out", "b.in"); d.build()`.
class Design {
public:
    explicit Design(std::string name)
    {
        m_desc.id = *Identifier::parse("test/prog::" + name);
    }
    Design& param(std::string name, Type type, std::optional<Value> default_value = {})
    {
        m_desc.parameters.push_back({std::move(name), Variability::Var, std::move(type), std::move(default_value)});
        return *this;
    }
    Design& input(std::string name, Flow flow, Type type = {})
    {
        m_desc.inputs.push_back({std::move(name), flow, std::move(type)});
        return *this;
    }
    Design& output(std::string name, Flow flow, Type type = {})
    {
        m_desc.outputs.push_back({std::move(name), flow, std::move(type)});
        return *this;
    }
    Design& slot(std::string name, std::shared_ptr<const ModelDescriptor> m)
    {
        m_desc.models.push_back({std::move(name), std::move(m)});
        return *this;
    }
    Design& model(std::string name, std::shared_ptr<const ModelDescriptor> m,
                  std::map<std::string, ValueExpr> params = {})
    {
        m_design.models.push_back({std::move(name), std::move(m), std::move(params), {}});
        return *this;
    }
    Design& instance(std::string name, std::shared_ptr<const TreatmentDescriptor> t,
                     std::map<std::string, ValueExpr> params = {}, std::vector<Type> generics = {},
                     std::map<std::string, std::string> models = {})
    {
        m_design.instances.push_back(
            {std::move(name), std::move(t), std::move(generics), std::move(models), std::move(params), {}});
        return *this;
    }
    /// `from` and `to` as `instance.port`, or `Self.port`.
    Design& connect(const std::string& from, const std::string& to)
    {
        auto split = [](const std::string& s) {
            auto dot = s.find('.');
            std::string inst = s.substr(0, dot);
            return std::make_pair(inst == "Self" ? std::string() : inst, s.substr(dot + 1));
        };
        auto [f, o] = split(from);
        auto [t, i] = split(to);
        m_design.connections.push_back({f, o, t, i, {}});
        return *this;
    }
    std::shared_ptr<const TreatmentDescriptor> build()
    {
        auto d = std::make_shared<TreatmentDescriptor>(m_desc);
        d->design = std::make_shared<TreatmentDesign>(m_design);
        return d;
    }

private:
    TreatmentDescriptor m_desc;
    TreatmentDesign m_design;
};

/// `startup()`: `model engine: Engine()`, `ready[engine=engine]()`, `ready.trigger -> Self.trigger`.
inline std::shared_ptr<const TreatmentDescriptor> startup()
{
    static const auto t = Design("startup")
                              .output("trigger", Flow::Block)
                              .model("engine", model("Engine"))
                              .instance("ready", treatment("ready"), {}, {}, {{"engine", "engine"}})
                              .connect("ready.trigger", "Self.trigger")
                              .build();
    return t;
}

// ---- running ------------------------------------------------------------------------------------------

struct Outcome {
    int code = -1;
    std::vector<LogRecord> logs;
    std::chrono::milliseconds elapsed{0};
    WorldStats stats_after;

    bool logged(const std::string& fragment) const
    {
        for (const LogRecord& r : logs)
            if (r.message.find(fragment) != std::string::npos)
                return true;
        return false;
    }
    std::string all_logs() const
    {
        std::string out;
        for (const LogRecord& r : logs)
            out += r.label + ": " + r.message + "\n";
        return out;
    }
};

inline RunOptions test_options(unsigned threads = 2)
{
    RunOptions o;
    o.threads = threads;
    o.console = nullptr;
    o.handle_signals = false;
    return o;
}

inline Outcome run_program(const std::shared_ptr<const TreatmentDescriptor>& entry,
                           std::map<std::string, Value> args = {}, RunOptions options = test_options())
{
    Outcome out;
    auto logs = std::make_shared<std::vector<LogRecord>>();
    options.log_observer = [logs](const LogRecord& r) { logs->push_back(r); };
    const auto start = std::chrono::steady_clock::now();
    {
        World world(options);
        auto s = world.genesis(*entry, std::move(args));
        if (!s) {
            out.code = 1;
            out.logs.push_back(LogRecord{{}, LogLevel::Error, "genesis", s.error().message, {}});
            return out;
        }
        out.code = world.live();
        out.stats_after = world.stats();
    }
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    out.logs = *logs;
    return out;
}

inline std::vector<std::uint64_t> as_u64s(const std::vector<Value>& values)
{
    std::vector<std::uint64_t> out;
    for (const Value& v : values)
        out.push_back(v.as_u64());
    return out;
}

} // namespace fixtures

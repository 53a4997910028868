#pragma once

// Running small programs made of std treatments through the engine (header-only, like testing.h): a few
// test natives (a stream emitter whose batch boundaries are chosen, a delay, collectors recording what they
// receive and whether their input closed), and a Program builder whose entry starts with `startup`
// (std/engine::Engine and its `ready` source, as std/engine/util does). The approach is the engine's
// fixtures (tests/unit/engine/fixtures.h).

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/model/design.h"
#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "tests/unit/stdlib/testing.h"

namespace mel::stdlib::testing {

namespace rt = ::mel::engine;

// ---- the sink ---------------------------------------------------------------------------------------------

/// What the collectors of one run received.
struct Sink {
    std::mutex mutex;
    std::map<std::string, std::vector<Value>> values;
    std::map<std::string, std::vector<std::size_t>> batches; // sizes of the received batches
    std::map<std::string, int> ends;                         // collectors that saw their input close
    /// When each collector first received something (`name`) and saw its input close (`name.end`).
    std::map<std::string, std::chrono::steady_clock::time_point> times;
    std::chrono::steady_clock::time_point started;

    void clear()
    {
        std::lock_guard lock(mutex);
        values.clear();
        batches.clear();
        ends.clear();
        times.clear();
        started = std::chrono::steady_clock::now();
    }
};

inline Sink& sink()
{
    static Sink s;
    return s;
}

// ---- test natives -------------------------------------------------------------------------------------------

namespace natives {

/// `values<T>(values: Vec<T>, chunk: u64, pause: u64)`: on `trigger`, sends `values` in batches of `chunk`
/// (all at once when 0), waiting `pause` milliseconds after each batch (so that batches arrive apart).
inline rt::Task<> values_body(rt::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (const auto outcome = co_await trigger.recv_one(); !outcome)
        co_return;
    const auto& all = ctx.param("values").as_vec();
    std::size_t chunk = static_cast<std::size_t>(ctx.param("chunk").as_u64());
    if (chunk == 0)
        chunk = all.size();
    const std::uint64_t pause = ctx.param("pause").as_u64();
    for (std::size_t i = 0; i < all.size(); i += chunk) {
        std::vector<Value> part(all.begin() + static_cast<std::ptrdiff_t>(i),
                                all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + chunk)));
        if (const auto outcome = co_await out.send_many(rt::Batch::of_values(out.kind(), std::move(part))); !outcome)
            co_return;
        if (pause > 0)
            co_await rt::sleep_for(std::chrono::milliseconds(pause));
    }
}

/// `delay<T>(ms: u64)`: forwards its block `ms` milliseconds after it arrived.
inline rt::Task<> delay_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    auto& out = ctx.output("out");
    auto v = co_await in.recv_one();
    if (!v)
        co_return;
    co_await rt::sleep_for(std::chrono::milliseconds(ctx.param("ms").as_u64()));
    co_await out.send_one(std::move(*v));
}

/// `hold<T>(ms: u64)`: like `delay`, but closes its output empty after `ms` without forwarding anything.
inline rt::Task<> hold_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    (void)co_await in.recv_one();
    co_await rt::sleep_for(std::chrono::milliseconds(ctx.param("ms").as_u64()));
}

/// `collect<T>(name: string)` on a stream, `collectBlock<T>(name: string)` on a block: records every value and
/// batch, then that the input closed.
inline rt::Task<> collect_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    const std::string name = ctx.param("name").as_string();
    while (auto batch = co_await in.recv_many()) {
        std::lock_guard lock(sink().mutex);
        auto& values = sink().values[name];
        for (std::size_t i = 0; i < batch->size(); ++i)
            values.push_back(batch->value_at(i));
        sink().batches[name].push_back(batch->size());
        sink().times.emplace(name, std::chrono::steady_clock::now());
    }
    std::lock_guard lock(sink().mutex);
    sink().ends[name] += 1;
    sink().times.emplace(name + ".end", std::chrono::steady_clock::now());
}

inline void declare(Registry& r)
{
    auto area = r.area("test/lib");
    area.treatment("values")
        .generic("T")
        .param("values", "Vec<T>")
        .param("chunk", "u64", Value::u64(0))
        .param("pause", "u64", Value::u64(0))
        .input("trigger", "Block<void>")
        .output("out", "Stream<T>")
        .doc("Test: sends `values` in chosen batches.")
        .implementation(rt::make_treatment(values_body));
    area.treatment("delay")
        .generic("T")
        .param("ms", "u64")
        .input("in", "Block<T>")
        .output("out", "Block<T>")
        .doc("Test: forwards a block later.")
        .implementation(rt::make_treatment(delay_body));
    area.treatment("hold")
        .generic("T")
        .param("ms", "u64")
        .input("in", "Block<T>")
        .output("out", "Block<T>")
        .doc("Test: closes its output empty after a while.")
        .implementation(rt::make_treatment(hold_body));
    area.treatment("collect")
        .generic("T")
        .param("name", "string")
        .input("in", "Stream<T>")
        .doc("Test: records a stream.")
        .implementation(rt::make_treatment(collect_body));
    area.treatment("collectBlock")
        .generic("T")
        .param("name", "string")
        .input("in", "Block<T>")
        .doc("Test: records a block.")
        .implementation(rt::make_treatment(collect_body));
}

} // namespace natives

inline const Registry& test_registry()
{
    static const Registry r = [] {
        Registry reg;
        reg.add_package("test");
        natives::declare(reg);
        return reg;
    }();
    return r;
}

/// A treatment of std (`std/flow::trigger`) or of the test natives (`test/lib::collect`).
inline std::shared_ptr<const TreatmentDescriptor> treatment_ptr(std::string_view id)
{
    auto parsed = Identifier::parse(id);
    REQUIRE_MESSAGE(parsed.has_value(), id);
    const Element* e = std_registry().find(*parsed);
    if (!e)
        e = test_registry().find(*parsed);
    REQUIRE_MESSAGE((e && e->treatment), id);
    return e->treatment;
}

inline std::shared_ptr<const ModelDescriptor> model_ptr(std::string_view id)
{
    const Element* e = std_registry().find(*Identifier::parse(id));
    REQUIRE_MESSAGE((e && e->model), id);
    return e->model;
}

inline std::shared_ptr<const FunctionDescriptor> function_ptr(std::string_view id)
{
    const Element* e = std_registry().find(*Identifier::parse(id));
    REQUIRE_MESSAGE((e && e->function), id);
    return e->function;
}

// ---- values and types -------------------------------------------------------------------------------------

inline ValueExpr lit(Value v)
{
    ValueExpr e;
    e.literal = std::move(v);
    return e;
}

/// `|f(args…)` as a parameter value (evaluated at genesis).
inline ValueExpr call(std::string_view function, std::vector<ValueExpr> args = {})
{
    ValueExpr e;
    e.kind = ValueExpr::Kind::Function;
    e.function = function_ptr(function);
    e.elements = std::move(args);
    return e;
}

inline Type core(CoreType t) { return Type::core(t); }
inline Type t_void() { return Type(); }
inline Type t_u64() { return core(CoreType::U64); }
inline Type t_u128() { return core(CoreType::U128); }
inline Type t_i32() { return core(CoreType::I32); }
inline Type t_bool() { return core(CoreType::Bool); }
inline Type t_byte() { return core(CoreType::Byte); }
inline Type t_string() { return core(CoreType::String); }
inline Type t_data(std::string_view id)
{
    const Element* e = std_registry().find(*Identifier::parse(id));
    REQUIRE_MESSAGE((e && e->data_type), id);
    return Type::data(e->data_type->ref());
}

template<class F> std::vector<Value> map_values(std::initializer_list<std::uint64_t> xs, F f)
{
    std::vector<Value> out;
    for (auto x : xs)
        out.push_back(f(x));
    return out;
}
inline std::vector<Value> u64s(std::initializer_list<std::uint64_t> xs) { return map_values(xs, Value::u64); }
inline std::vector<Value> strings(std::initializer_list<const char*> xs)
{
    std::vector<Value> out;
    for (const char* x : xs)
        out.push_back(Value::string(x));
    return out;
}
inline std::vector<Value> bytes_of(std::string_view s)
{
    std::vector<Value> out;
    for (char c : s)
        out.push_back(Value::byte(static_cast<std::uint8_t>(c)));
    return out;
}

/// Values in display form, joined by spaces: compact expectations (`1 2 3`, `"a" "b"`, `_`).
inline std::string shown(const std::vector<Value>& values)
{
    std::string out;
    for (const Value& v : values)
        out += (out.empty() ? "" : " ") + display(v);
    return out;
}

// ---- programs -----------------------------------------------------------------------------------------------

struct Outcome {
    int code = -1;
    std::vector<rt::LogRecord> logs;
    std::uint64_t tracks_created = 0;

    /// The records logged under `label` (in order).
    std::vector<rt::LogRecord> under(const std::string& label) const
    {
        std::vector<rt::LogRecord> out;
        for (const auto& r : logs)
            if (r.label == label)
                out.push_back(r);
        return out;
    }

    std::string all_logs() const
    {
        std::string out;
        for (const auto& r : logs)
            out += std::string(rt::log_level_name(r.level)) + ": " + r.label + ": " + r.message + "\n";
        return out;
    }
};

/// An entry treatment under construction. It holds `start`, a `startup()` (fires once when the program
/// starts); instances and connections are added with `add` and `connect("a.out", "b.in")`.
class Program {
public:
    Program()
    {
        m_desc.id = *Identifier::parse("test/prog::main");
        TreatmentDescriptor startup;
        startup.id = *Identifier::parse("test/prog::startup");
        startup.outputs.push_back({"trigger", Flow::Block, Type()});
        TreatmentDesign design;
        design.models.push_back({"engine", model_ptr("std/engine::Engine"), {}, {}});
        design.instances.push_back({"ready", treatment_ptr("std/engine::ready"), {}, {{"engine", "engine"}}, {}, {}});
        design.connections.push_back({"ready", "trigger", "", "trigger", {}});
        auto s = std::make_shared<TreatmentDescriptor>(startup);
        s->design = std::make_shared<TreatmentDesign>(design);
        m_design.instances.push_back({"start", s, {}, {}, {}, {}});
    }

    Program& add(std::string name, std::string_view treatment, std::vector<Type> generics = {},
                 std::map<std::string, ValueExpr> params = {})
    {
        auto t = treatment_ptr(treatment);
        std::map<std::string, std::string> models;
        for (const ModelSlot& slot : t->models) { // one Engine per instance that needs one, as log helpers do
            const std::string model_name = name + "_" + slot.name;
            m_design.models.push_back({model_name, slot.model, {}, {}});
            models[slot.name] = model_name;
        }
        m_design.instances.push_back({std::move(name), std::move(t), std::move(generics), std::move(models),
                                      std::move(params), {}});
        return *this;
    }

    /// `values<T>` triggered by `start`: a stream of `values` in batches of `chunk`, apart when `pause`.
    Program& values(std::string name, Type type, std::vector<Value> values, std::uint64_t chunk = 0,
                    std::uint64_t pause_ms = 0)
    {
        add(name, "test/lib::values", {std::move(type)},
            {{"values", lit(Value::vec(std::move(values)))},
             {"chunk", lit(Value::u64(chunk))},
             {"pause", lit(Value::u64(pause_ms))}});
        return connect("start.trigger", name + ".trigger");
    }

    /// `emit<T>(value)` triggered by `start`: a block.
    Program& block(std::string name, Type type, Value value)
    {
        add(name, "std/flow::emit", {std::move(type)}, {{"value", lit(std::move(value))}});
        return connect("start.trigger", name + ".trigger");
    }

    /// `closeBlock<T>` triggered by `start`: a block that closes without a value.
    Program& empty_block(std::string name, Type type)
    {
        add(name, "std/flow::closeBlock", {std::move(type)});
        return connect("start.trigger", name + ".trigger");
    }

    /// A collector named `name` on `from` (an output `instance.port`).
    Program& collect(const std::string& from, std::string name, Type type, Flow flow = Flow::Stream)
    {
        REQUIRE_MESSAGE(name.find('.') == std::string::npos, "a collector name is part of an instance name");
        const std::string instance = "collect_" + name;
        add(instance, flow == Flow::Stream ? "test/lib::collect" : "test/lib::collectBlock", {std::move(type)},
            {{"name", lit(Value::string(std::move(name)))}});
        return connect(from, instance + ".in");
    }
    Program& collect_block(const std::string& from, std::string name, Type type)
    {
        return collect(from, std::move(name), std::move(type), Flow::Block);
    }

    Program& connect(const std::string& from, const std::string& to)
    {
        auto split = [](const std::string& s) {
            auto dot = s.find('.');
            return std::make_pair(s.substr(0, dot), s.substr(dot + 1));
        };
        auto [f, o] = split(from);
        auto [t, i] = split(to);
        m_design.connections.push_back({f, o, t, i, {}});
        return *this;
    }

    /// Runs the program (the sink is cleared first); a run longer than a few seconds is a failure.
    Outcome run()
    {
        sink().clear();
        auto entry = std::make_shared<TreatmentDescriptor>(m_desc);
        entry->design = std::make_shared<TreatmentDesign>(m_design);
        Outcome out;
        auto logs = std::make_shared<std::vector<rt::LogRecord>>();
        rt::RunOptions options;
        options.threads = 2;
        options.console = nullptr;
        options.handle_signals = false;
        options.log_observer = [logs](const rt::LogRecord& r) { logs->push_back(r); };
        {
            rt::World world(options);
            auto s = world.genesis(*entry, {});
            if (!s) {
                out.code = 1;
                out.logs.push_back(rt::LogRecord{{}, rt::LogLevel::Error, "genesis", s.error().message, {}});
                return out;
            }
            out.code = world.live();
            out.tracks_created = world.stats().tracks_created;
        }
        out.logs = *logs;
        return out;
    }

private:
    TreatmentDescriptor m_desc;
    TreatmentDesign m_design;
};

/// Runs `p` and requires a clean end (exit code 0, no error logged).
inline Outcome run_ok(Program& p)
{
    Outcome out = p.run();
    INFO(out.all_logs());
    REQUIRE(out.code == 0);
    return out;
}

inline std::vector<Value> got(const std::string& name)
{
    std::lock_guard lock(sink().mutex);
    return sink().values[name];
}
inline int ends(const std::string& name)
{
    std::lock_guard lock(sink().mutex);
    return sink().ends[name];
}
/// Milliseconds from the start of the run to event `name` (a collector's first values, or `name.end`); -1 when
/// it did not happen.
inline long at_ms(const std::string& name)
{
    std::lock_guard lock(sink().mutex);
    auto it = sink().times.find(name);
    if (it == sink().times.end())
        return -1;
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(it->second - sink().started).count());
}

inline std::vector<std::size_t> batches(const std::string& name)
{
    std::lock_guard lock(sink().mutex);
    return sink().batches[name];
}

} // namespace mel::stdlib::testing

// std/engine/log — reference: libs/std-mel/src/engine/log.rs (std.md §2.21, engine.md §6.4).
// The log treatments write through the engine's logger, tagged with their track; the level constructors
// have bodies here. The per-level helpers (logInfo, logErrorMessage…) are written in Mélodium:
// stdlib/mel/engine/log.mel. logData* write values in their Display form (value_format.h), which renders
// strings quoted and data objects as `/* Name */` (std.md §3.12, kept).

#include "stdlib/engine/log.h"

#include <array>

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "runtime/model/wire.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace engine {

std::string_view log_level_name(LogLevel level)
{
    switch (level) {
    case LogLevel::Error:
        return "error";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Trace:
        return "trace";
    }
    return "unknown";
}

Value Level::make(LogLevel level)
{
    static const std::array<Value, 5> k_levels = {
        Value::data(std::make_shared<const Level>(LogLevel::Error)),
        Value::data(std::make_shared<const Level>(LogLevel::Warning)),
        Value::data(std::make_shared<const Level>(LogLevel::Info)),
        Value::data(std::make_shared<const Level>(LogLevel::Debug)),
        Value::data(std::make_shared<const Level>(LogLevel::Trace)),
    };
    return k_levels[static_cast<std::size_t>(level)];
}

const Level* Level::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const Level*>(object.get()) : nullptr;
}

bool Level::equals(const DataObject& other) const
{
    return other.type_name() == k_type_name && static_cast<const Level&>(other).m_level == m_level;
}

} // namespace engine

namespace {

using engine::Level;
using engine::LogLevel;

namespace rt = ::mel::engine;

static_assert(static_cast<int>(LogLevel::Error) == static_cast<int>(rt::LogLevel::Error) &&
                  static_cast<int>(LogLevel::Warning) == static_cast<int>(rt::LogLevel::Warning) &&
                  static_cast<int>(LogLevel::Info) == static_cast<int>(rt::LogLevel::Info) &&
                  static_cast<int>(LogLevel::Debug) == static_cast<int>(rt::LogLevel::Debug) &&
                  static_cast<int>(LogLevel::Trace) == static_cast<int>(rt::LogLevel::Trace),
              "std's Level and the engine's LogLevel number levels alike");

/// The engine level of a `Level` parameter.
rt::LogLevel level_param(const TreatmentContext& ctx)
{
    const Level* level = Level::from(ctx.param("level"));
    if (!level)
        throw EngineError("the `level` parameter is not a Level");
    return static_cast<rt::LogLevel>(level->level());
}

/// Logs every string of `messages`.
Task<> log_strings(TreatmentContext& ctx, Input& messages, rt::LogLevel level, const std::string& label)
{
    while (auto batch = co_await messages.recv_many())
        for (const std::string& message : batch->strings())
            ctx.log(level, label, message);
}

/// Logs every value of `values` in its Display form.
Task<> log_displays(TreatmentContext& ctx, Input& values, rt::LogLevel level, const std::string& label)
{
    while (auto batch = co_await values.recv_many())
        for (std::size_t i = 0; i < batch->size(); ++i)
            ctx.log(level, label, display(batch->value_at(i)));
}

Task<> log_stream_body(TreatmentContext& ctx)
{
    auto& messages = ctx.input("messages");
    co_await log_strings(ctx, messages, level_param(ctx), ctx.param("label").as_string());
}

Task<> log_stream_label_body(TreatmentContext& ctx)
{
    auto& label = ctx.input("label");
    auto& messages = ctx.input("messages");
    // The label first: no message is read before it, nothing is logged without it.
    if (auto l = co_await label.recv_one())
        co_await log_strings(ctx, messages, level_param(ctx), l->as_string());
}

Task<> log_block_body(TreatmentContext& ctx)
{
    auto& message = ctx.input("message");
    if (auto m = co_await message.recv_one())
        ctx.log(level_param(ctx), ctx.param("label").as_string(), m->as_string());
}

Task<> log_block_label_body(TreatmentContext& ctx)
{
    auto& label = ctx.input("label");
    auto& message = ctx.input("message");
    auto l = co_await label.recv_one();
    if (!l)
        co_return;
    if (auto m = co_await message.recv_one())
        ctx.log(level_param(ctx), l->as_string(), m->as_string());
}

Task<> log_data_stream_body(TreatmentContext& ctx)
{
    auto& values = ctx.input("display");
    co_await log_displays(ctx, values, level_param(ctx), ctx.param("label").as_string());
}

Task<> log_data_stream_label_body(TreatmentContext& ctx)
{
    auto& label = ctx.input("label");
    auto& values = ctx.input("display");
    if (auto l = co_await label.recv_one())
        co_await log_displays(ctx, values, level_param(ctx), l->as_string());
}

Task<> log_data_block_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("display");
    if (auto v = co_await value.recv_one())
        ctx.log(level_param(ctx), ctx.param("label").as_string(), display(*v));
}

Task<> log_data_block_label_body(TreatmentContext& ctx)
{
    auto& label = ctx.input("label");
    auto& value = ctx.input("display");
    auto l = co_await label.recv_one();
    if (!l)
        co_return;
    if (auto v = co_await value.recv_one())
        ctx.log(level_param(ctx), l->as_string(), display(*v));
}

template<LogLevel L> Result<Value> level_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 0);
    return Level::make(L);
}

/// A Level travels as its number (error 0 … trace 4, runtime/model/wire.h).
std::shared_ptr<const wire::DataCodec> level_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            w.u8(static_cast<std::uint8_t>(static_cast<const Level&>(o).level()));
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            std::uint8_t level = 0;
            if (!r.u8(level) || level > static_cast<std::uint8_t>(LogLevel::Trace))
                return wire::malformed("Level");
            return Level::make(static_cast<LogLevel>(level));
        }});
}

void register_level(AreaBuilder& area)
{
    area.data_type(
        "Level",
        {Trait::Serialize, Trait::Deserialize, Trait::Bounded, Trait::PartialEquality, Trait::Equality,
         Trait::PartialOrder, Trait::Order},
        "The severity of a log entry: error, warning, info, debug or trace.\n\n"
        "Values are made with `|error()`, `|warning()`, `|info()`, `|debug()` and `|trace()`. They "
        "compare in that order: error is the smallest and trace the greatest.",
        level_codec());

    area.function("error")
        .returns("Level")
        .doc("The error level, for failures.")
        .body(level_body<LogLevel::Error>);
    area.function("warning")
        .returns("Level")
        .doc("The warning level, for unexpected situations that do not stop the program.")
        .body(level_body<LogLevel::Warning>);
    area.function("info")
        .returns("Level")
        .doc("The info level, for what the program is doing.")
        .body(level_body<LogLevel::Info>);
    area.function("debug")
        .returns("Level")
        .doc("The debug level, for details useful while investigating a problem.")
        .body(level_body<LogLevel::Debug>);
    area.function("trace")
        .returns("Level")
        .doc("The trace level, for the finest details.")
        .body(level_body<LogLevel::Trace>);
}

void register_log_treatments(AreaBuilder& area)
{
    area.treatment("logStream")
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("messages", "Stream<string>")
        .doc("Log every string of `messages`.\n\n"
             "Each string becomes one log entry with the given `level` and `label`, tagged with the current "
             "track, until the stream closes.")
        .implementation(native(log_stream_body));

    area.treatment("logStreamLabel")
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("messages", "Stream<string>")
        .doc("Log every string of `messages` under a label received at run time.\n\n"
             "Waits for `label` before reading any message; nothing is logged if no label ever comes. Then "
             "each string becomes one log entry with the given `level`.")
        .implementation(native(log_stream_label_body));

    area.treatment("logBlock")
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("message", "Block<string>")
        .doc("Log `message` once it arrives, with the given `level` and `label`.")
        .implementation(native(log_block_body));

    area.treatment("logBlockLabel")
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("message", "Block<string>")
        .doc("Log `message` under a label received at run time.\n\n"
             "Waits for `label`, then for `message`, and logs it with the given `level`. Nothing is logged "
             "unless both arrive.")
        .implementation(native(log_block_label_body));

    area.treatment("logDataStream")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("display", "Stream<D>")
        .doc("Log every value of `display` in its displayed form.\n\n"
             "Each value becomes one log entry with the given `level` and `label`. Values are written as "
             "Mélodium literals: strings in quotes, data types as `/* Name */`.")
        .implementation(native(log_data_stream_body));

    area.treatment("logDataStreamLabel")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("display", "Stream<D>")
        .doc("Log every value of `display` in its displayed form, under a label received at run time.\n\n"
             "Waits for `label` before reading any value; nothing is logged if no label ever comes.")
        .implementation(native(log_data_stream_label_body));

    area.treatment("logDataBlock")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("display", "Block<D>")
        .doc("Log the value of `display` in its displayed form once it arrives, with the given `level` and "
             "`label`.")
        .implementation(native(log_data_block_body));

    area.treatment("logDataBlockLabel")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("display", "Block<D>")
        .doc("Log the value of `display` in its displayed form, under a label received at run time.\n\n"
             "Waits for `label`, then for `display`; nothing is logged unless both arrive.")
        .implementation(native(log_data_block_label_body));
}

} // namespace

void register_engine_log(Registry& registry)
{
    auto area = registry.area("std/engine/log");
    register_level(area);
    register_log_treatments(area);
}

} // namespace mel::stdlib

// std/engine/log — reference: libs/std-mel/src/engine/log.rs (std.md §2.21, engine.md §6.4).
// The log treatments get their behaviour from the engine; the level constructors have bodies here. The
// per-level helpers (logInfo, logErrorMessage…) are written in Mélodium: stdlib/mel/engine/log.mel.

#include "stdlib/engine/log.h"

#include <array>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"

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

template<LogLevel L> Result<Value> level_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 0);
    return Level::make(L);
}

void register_level(AreaBuilder& area)
{
    area.data_type(
        "Level",
        {Trait::Serialize, Trait::Deserialize, Trait::Bounded, Trait::PartialEquality, Trait::Equality,
         Trait::PartialOrder, Trait::Order},
        "The severity of a log entry: error, warning, info, debug or trace.\n\n"
        "Values are made with `|error()`, `|warning()`, `|info()`, `|debug()` and `|trace()`. They "
        "compare in that order: error is the smallest and trace the greatest.");

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
             "track, until the stream closes.");

    area.treatment("logStreamLabel")
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("messages", "Stream<string>")
        .doc("Log every string of `messages` under a label received at run time.\n\n"
             "Waits for `label` before reading any message; nothing is logged if no label ever comes. Then "
             "each string becomes one log entry with the given `level`.");

    area.treatment("logBlock")
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("message", "Block<string>")
        .doc("Log `message` once it arrives, with the given `level` and `label`.");

    area.treatment("logBlockLabel")
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("message", "Block<string>")
        .doc("Log `message` under a label received at run time.\n\n"
             "Waits for `label`, then for `message`, and logs it with the given `level`. Nothing is logged "
             "unless both arrive.");

    area.treatment("logDataStream")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("display", "Stream<D>")
        .doc("Log every value of `display` in its displayed form.\n\n"
             "Each value becomes one log entry with the given `level` and `label`. Values are written as "
             "Mélodium literals: strings in quotes, data types as `/* Name */`.");

    area.treatment("logDataStreamLabel")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("display", "Stream<D>")
        .doc("Log every value of `display` in its displayed form, under a label received at run time.\n\n"
             "Waits for `label` before reading any value; nothing is logged if no label ever comes.");

    area.treatment("logDataBlock")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .param("label", "string")
        .input("display", "Block<D>")
        .doc("Log the value of `display` in its displayed form once it arrives, with the given `level` and "
             "`label`.");

    area.treatment("logDataBlockLabel")
        .generic("D", {Trait::Display})
        .model("engine", "Engine")
        .param("level", "Level")
        .input("label", "Block<string>")
        .input("display", "Block<D>")
        .doc("Log the value of `display` in its displayed form, under a label received at run time.\n\n"
             "Waits for `label`, then for `display`; nothing is logged unless both arrive.");
}

} // namespace

void register_engine_log(Registry& registry)
{
    auto area = registry.area("std/engine/log");
    register_level(area);
    register_log_treatments(area);
}

} // namespace mel::stdlib

#pragma once

// std/engine/log — the Level data type that log treatments take as parameter (engine.md §6.4).

#include <cstdint>
#include <memory>
#include <string_view>

#include "runtime/model/value.h"

namespace mel::stdlib::engine {

/// Log severities in the reference's declaration order, which is also the order comparisons follow
/// (error < warning < … < trace, std.md §2.21).
enum class LogLevel : std::uint8_t { Error, Warning, Info, Debug, Trace };

/// The level's name as logs print it: "error", "warning", "info", "debug", "trace".
std::string_view log_level_name(LogLevel);

/// The `Level` data type: one log severity.
class Level final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "Level";

    explicit Level(LogLevel level) : m_level(level) {}

    /// A Data value holding that level (the values are shared, one object per level).
    static Value make(LogLevel level);
    /// The Level inside a Data value; nullptr when the value is something else.
    static const Level* from(const Value& value);

    LogLevel level() const { return m_level; }

    std::string_view type_name() const override { return k_type_name; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override;

private:
    LogLevel m_level;
};

} // namespace mel::stdlib::engine

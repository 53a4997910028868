#pragma once

// Identifiers of the execution (engine.md §6.4, std.md §2.19): the run id and the group id, both UUIDs
// written as lowercase hyphenated text. Each is taken from its environment variable when that holds a
// UUID, otherwise drawn at random (version 4) on first use, and stays fixed for the whole process.

#include <optional>
#include <string>
#include <string_view>

namespace mel::stdlib::engine {

/// The environment variables the ids come from (also set by provisioners: packages/work/worker_contract.h).
inline constexpr const char* k_run_id_variable = "MELODIUM_RUN_ID";
inline constexpr const char* k_group_id_variable = "MELODIUM_GROUP_ID";

/// The run id: MELODIUM_RUN_ID or random.
const std::string& run_id();
/// The group id, shared by every worker of a job: MELODIUM_GROUP_ID or random.
const std::string& group_id();

/// Fixes the run id before its first use (a distributed worker receives it from its leader). `uuid` is
/// parsed like the environment variable; false when it does not parse or the id is already fixed.
bool set_run_id(std::string_view uuid);
bool set_group_id(std::string_view uuid);

/// The canonical form (lowercase, hyphenated) of a UUID written in one of the forms the reference accepts:
/// 32 hex digits, the hyphenated 8-4-4-4-12 form, that form in braces, or prefixed with `urn:uuid:`.
/// Hex digits may be of either case. nullopt for anything else.
std::optional<std::string> parse_uuid(std::string_view text);

/// A new random version 4 UUID in canonical form.
std::string random_uuid_v4();

} // namespace mel::stdlib::engine

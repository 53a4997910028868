#pragma once

// distrib — the messages of the distribution protocol (packages.md §3.3; docs/distribution.md "Messages").
// The names and order are the reference's; the encoding is ours: a frame is a 4-byte big-endian length and
// a payload whose first byte says what it is: 'J' a control message as a JSON object
// (`{"type":"Probe"}`), 'I'/'O' an InputData/OutputData data frame (binary: track id, port name, batch).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "runtime/engine/batch.h"
#include "runtime/engine/log.h"
#include "runtime/engine/program_sources.h"
#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel {
class Registry;
}

namespace mel::packages::distrib {

/// Our protocol's version: both ends must have exactly this one (and the same Mélodium version).
inline constexpr const char* k_protocol_version = "cpp-1";
/// The largest frame accepted or sent (bigger batches are sent in pieces).
inline constexpr std::size_t k_max_frame = std::size_t{64} << 20;
/// The largest byte count one data frame carries.
inline constexpr std::size_t k_max_batch_bytes = std::size_t{8} << 20;

/// The program shipped to a worker: the dispatcher's program as source (DESIGN §6; packages.md §6.5), as
/// its world was given it (engine::RunOptions::program).
using ShippedArea = engine::SourceArea;
using ShippedPackage = engine::SourcePackage;
using ShippedProgram = engine::ProgramSources;

struct PortInfo {
    std::string name;
    std::string type; // Mélodium notation, flow included: `Stream<byte>`
};

struct AskDistribution {
    std::string melodium_version, protocol_version, key, run_id, group_id;
};
struct ConfirmDistribution {
    bool accept = false;
    std::string melodium_version, protocol_version, key, run_id, group_id;
    std::string reason; // ours: why the worker refused (empty when accepted)
};
struct LoadAndLaunch {
    ShippedProgram program;
    std::string entrypoint;              // identifier text
    std::string version;                 // the version the dispatcher expects of the entrypoint's package
    std::map<std::string, Value> parameters;
};
struct LaunchStatus {
    bool ok = false;
    std::string message;                 // the failure
    std::vector<PortInfo> inputs, outputs; // the entrypoint's ports, on success
};
struct Instanciate {
    std::uint64_t id = 0;
    /// The ports the dispatcher's track connects (nullopt: unknown, not checked).
    std::optional<std::vector<std::string>> inputs, outputs;
};
struct InstanciateStatus {
    std::uint64_t id = 0;
    bool ok = false;
    std::string message;
};
struct PortData {
    bool input = true; // InputData (D→W) or OutputData (W→D)
    std::uint64_t id = 0;
    std::string name;
    engine::Batch batch;
};
struct ClosePort {
    bool input = true; // CloseInput or CloseOutput
    std::uint64_t id = 0;
    std::string name;
};
struct LogMessage {
    engine::LogRecord record;
};
struct DebugMessage {
    std::string event; // a JSON object, as text
};
enum class Signal { LogEnded, DebugEnded, Probe, Ended };

using Message = std::variant<AskDistribution, ConfirmDistribution, LoadAndLaunch, LaunchStatus, Instanciate,
                             InstanciateStatus, PortData, ClosePort, LogMessage, DebugMessage, Signal>;

/// The message's name as the reference spells it (`InputData`, `Probe`…), for logs.
std::string message_name(const Message& message);

/// A frame payload (without the length prefix). A data frame's bytes may be split: `head` then the raw bytes
/// of `tail` (a byte batch's storage, written without copy).
struct EncodedFrame {
    std::vector<std::byte> head;
    engine::Batch tail; // empty, or a byte batch whose bytes follow head
    std::size_t size() const { return head.size() + tail.size(); }
};

/// Encodes any message, Data values by the codecs of `types` (runtime/model/wire.h); an error for a value
/// that cannot travel (a Data type without codec, or no registry).
Result<EncodedFrame> encode_message(const Message& message, const Registry* types);
/// Decodes a frame payload held in a byte batch (so that byte batches can share it), Data values by the
/// codecs of `types`; an error for anything malformed, unknown or truncated.
Result<Message> decode_message(const engine::Batch& payload, const Registry* types);

/// A worker's debug event (a JSON object, as text) with `"worker_run": worker_run` added, for the dispatcher's
/// debug stream; nothing when the text is not a JSON object.
std::optional<std::string> tag_debug_event(const std::string& event, const std::string& worker_run);

} // namespace mel::packages::distrib

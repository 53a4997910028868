#pragma once

// distrib — sending a batch of a port over a connection from an engine fiber: in pieces of at most one data
// frame, each queued only when the connection's write queue has room (the fiber waits without blocking).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "packages/distrib/connection.h"
#include "runtime/engine/task.h"

namespace mel::packages::distrib {

/// Elements of `batch` per data frame.
std::size_t piece_size(const engine::Batch& batch);

/// Sends `batch` as InputData (`input`) or OutputData of track `id`, port `name`. Before each piece,
/// `wanted()` says whether the other end still takes data. An error when the link is closed, the port is no
/// longer wanted ("not wanted"), or a value cannot be encoded.
engine::Task<Status> send_port_data(std::shared_ptr<Connection> connection, bool input, std::uint64_t id,
                                    std::string name, engine::Batch batch, std::function<bool()> wanted);

} // namespace mel::packages::distrib

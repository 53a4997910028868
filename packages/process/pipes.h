#pragma once

// Descriptors of a running command (the ends of its pipes, its pidfd, an agent's socket) watched by the engine's
// I/O thread, and the non-blocking read and write loops over them. Used by every ExecutorEngine that hands
// pipes to the engine: the local executor (process/local) and the pod's agent executor (work/local).

// The engine builds Asio with these (cmake/MelodiumDependencies.cmake, target melodium_asio); every translation
// unit using the engine's io_context must see the same configuration.
#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE 1
#endif
#ifndef ASIO_NO_DEPRECATED
#define ASIO_NO_DEPRECATED 1
#endif

#include <cstddef>
#include <memory>
#include <mutex>
#include <span>

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>

#include "runtime/engine/engine.h"
#include "runtime/model/result.h"

namespace mel::packages::process {

using WaitType = asio::posix::descriptor_base::wait_type;

/// One owned descriptor whose readiness the engine's I/O thread watches. Waits can be cut short from any thread
/// (shut); the descriptor is closed with the object.
class WatchedFd {
public:
    WatchedFd(asio::io_context& io, int fd) : m_fd(fd), m_descriptor(io, fd) {}
    WatchedFd(const WatchedFd&) = delete;
    WatchedFd& operator=(const WatchedFd&) = delete;
    ~WatchedFd() { close(); }

    int fd() const { return m_fd; }
    bool is_shut() const;

    /// Resumes once the descriptor is ready for `type` (true), or as soon as it is shut (false).
    engine::Task<bool> ready(WaitType type);

    /// From any thread: the current wait and every later one end at once.
    void shut();

    /// Shuts and closes the descriptor.
    void close();

private:
    mutable std::mutex m_mutex;
    bool m_shut = false;
    const int m_fd;
    asio::posix::stream_descriptor m_descriptor;
};

/// `fd` watched, or null when it is -1; `fd` becomes -1 (owned by the result).
std::unique_ptr<WatchedFd> watch(asio::io_context& io, int& fd);

/// Reads what is there from a non-blocking pipe, waiting until something is; 0 at its end or once it is shut.
engine::Task<Result<std::size_t>> read_pipe(WatchedFd& pipe, std::span<std::byte> buffer);

/// Writes all of `bytes` to a non-blocking pipe, waiting while it is full; EPIPE once it is shut or closed.
engine::Task<Status> write_pipe(WatchedFd& pipe, std::span<const std::byte> bytes);

} // namespace mel::packages::process

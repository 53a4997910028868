#include "packages/process/pipes.h"

#include <cerrno>

#include <unistd.h>

#include "packages/process/spawn.h"

namespace mel::packages::process {

bool WatchedFd::is_shut() const
{
    std::lock_guard lock(m_mutex);
    return m_shut;
}

engine::Task<bool> WatchedFd::ready(WaitType type)
{
    bool fired = false;
    co_await engine::wait_external([this, type, &fired](engine::Resumer resume) {
        std::unique_lock lock(m_mutex);
        if (m_shut) {
            lock.unlock();
            resume();
            return;
        }
        m_descriptor.async_wait(type, [&fired, r = std::move(resume)](const std::error_code& ec) mutable {
            fired = !ec;
            r();
        });
    });
    co_return fired;
}

void WatchedFd::shut()
{
    std::lock_guard lock(m_mutex);
    if (m_shut)
        return;
    m_shut = true;
    std::error_code ignored;
    m_descriptor.cancel(ignored);
}

void WatchedFd::close()
{
    std::lock_guard lock(m_mutex);
    m_shut = true;
    std::error_code ignored;
    m_descriptor.close(ignored);
}

std::unique_ptr<WatchedFd> watch(asio::io_context& io, int& fd)
{
    if (fd < 0)
        return nullptr;
    auto watched = std::make_unique<WatchedFd>(io, fd);
    fd = -1;
    return watched;
}

engine::Task<Result<std::size_t>> read_pipe(WatchedFd& pipe, std::span<std::byte> buffer)
{
    while (true) {
        if (pipe.is_shut())
            co_return std::size_t{0};
        const ssize_t count = ::read(pipe.fd(), buffer.data(), buffer.size());
        if (count >= 0)
            co_return static_cast<std::size_t>(count);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            co_return os_error(errno);
        const bool ready = co_await pipe.ready(WaitType::wait_read);
        if (!ready)
            co_return std::size_t{0};
    }
}

engine::Task<Status> write_pipe(WatchedFd& pipe, std::span<const std::byte> bytes)
{
    while (!bytes.empty()) {
        if (pipe.is_shut())
            co_return os_error(EPIPE);
        const long count = write_without_sigpipe(pipe.fd(), bytes.data(), bytes.size());
        if (count > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(count));
            continue;
        }
        const int error = count < 0 ? errno : EIO;
        if (error == EINTR)
            continue;
        if (error != EAGAIN && error != EWOULDBLOCK)
            co_return os_error(error);
        const bool ready = co_await pipe.ready(WaitType::wait_write);
        if (!ready)
            co_return os_error(EPIPE);
    }
    co_return success();
}

} // namespace mel::packages::process

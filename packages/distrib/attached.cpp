#include "packages/distrib/attached.h"

#include <unistd.h>

#include <map>
#include <mutex>

namespace mel::packages::distrib {

namespace {

struct Table {
    std::mutex mutex;
    std::uint64_t next = 1;
    std::map<std::uint64_t, int> sockets;
};

Table& table()
{
    static Table t;
    return t;
}

} // namespace

std::uint64_t attach_socket(int fd)
{
    auto& t = table();
    std::lock_guard lock(t.mutex);
    const auto handle = t.next++;
    t.sockets.emplace(handle, fd);
    return handle;
}

int take_attached_socket(std::uint64_t handle)
{
    auto& t = table();
    std::lock_guard lock(t.mutex);
    const auto it = t.sockets.find(handle);
    if (it == t.sockets.end())
        return -1;
    const int fd = it->second;
    t.sockets.erase(it);
    return fd;
}

void discard_attached_socket(std::uint64_t handle)
{
    const int fd = take_attached_socket(handle);
    if (fd >= 0)
        ::close(fd);
}

} // namespace mel::packages::distrib

// `melodium agent probe --timeout S (--unix PATH | --tcp HOST:PORT…)` (helpers.h): the container provisioner's
// readiness check, run inside the run's containers (an executor's agent socket) or network (a service's ports),
// where the dispatcher cannot look itself when the engine is remote. Every target is tried again every 100 ms
// until it accepts a connection, which is closed at once; the exit code says whether all did before S seconds.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "packages/work/local/helpers.h"

namespace mel::packages::work::local {

namespace {

struct Target {
    bool unix_socket = false;
    std::string path; // unix
    std::string host; // tcp
    std::string port;
};

bool accepts_unix(const std::string& path)
{
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return ok;
}

bool accepts_tcp(const std::string& host, const std::string& port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0)
        return false;
    bool ok = false;
    for (addrinfo* a = found; a && !ok; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        ok = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0;
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return ok;
}

bool accepts(const Target& target)
{
    return target.unix_socket ? accepts_unix(target.path) : accepts_tcp(target.host, target.port);
}

std::string describe(const Target& target)
{
    return target.unix_socket ? target.path : target.host + ":" + target.port;
}

} // namespace

int probe_main(const std::vector<std::string>& args)
{
    double timeout = -1;
    std::vector<Target> targets;
    bool usable = args.size() % 2 == 0;
    for (std::size_t i = 0; usable && i + 1 < args.size(); i += 2) {
        const std::string& option = args[i];
        const std::string& value = args[i + 1];
        if (option == k_arg_timeout) {
            timeout = std::strtod(value.c_str(), nullptr);
        } else if (option == k_arg_unix) {
            targets.push_back(Target{.unix_socket = true, .path = value});
        } else if (option == k_arg_tcp) {
            const auto colon = value.rfind(':');
            usable = colon != std::string::npos && colon != 0 && colon + 1 != value.size();
            if (usable)
                targets.push_back(Target{.host = value.substr(0, colon), .port = value.substr(colon + 1)});
        } else {
            usable = false;
        }
    }
    if (!usable || timeout < 0 || targets.empty()) {
        std::fprintf(stderr, "melodium agent: usage: probe --timeout S (--unix PATH | --tcp HOST:PORT)...\n");
        return 2;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    for (const Target& target : targets) {
        while (!accepts(target)) {
            if (std::chrono::steady_clock::now() >= deadline) {
                std::fprintf(stderr, "melodium agent probe: %s accepts no connection after %g s\n",
                             describe(target).c_str(), timeout);
                return 1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    return 0;
}

} // namespace mel::packages::work::local

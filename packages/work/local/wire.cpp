// The local provisioner's message framing (wire.h).

#include "packages/work/local/wire.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <poll.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace mel::packages::work::local {

namespace {

void put_u32(std::string& out, std::uint32_t value)
{
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    out.append(bytes, 4);
}

bool get_u32(std::string_view& in, std::uint32_t& value)
{
    if (in.size() < 4)
        return false;
    std::memcpy(&value, in.data(), 4);
    in.remove_prefix(4);
    return true;
}

} // namespace

std::string encode_strings(const Strings& strings)
{
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(strings.size()));
    for (const auto& s : strings) {
        put_u32(out, static_cast<std::uint32_t>(s.size()));
        out += s;
    }
    return out;
}

bool decode_strings(std::string_view bytes, Strings& out)
{
    out.clear();
    std::uint32_t count = 0;
    if (!get_u32(bytes, count) || count > bytes.size())
        return false;
    out.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t size = 0;
        if (!get_u32(bytes, size) || size > bytes.size())
            return false;
        out.emplace_back(bytes.substr(0, size));
        bytes.remove_prefix(size);
    }
    return bytes.empty();
}

int send_message(int socket, const Strings& message, const std::vector<int>& fds, bool dont_wait)
{
    const std::string bytes = encode_strings(message);
    if (bytes.size() > k_max_message || fds.size() > k_max_fds)
        return EMSGSIZE;
    iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
    msghdr header{};
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * k_max_fds)];
    if (!fds.empty()) {
        std::memset(control, 0, sizeof(control));
        header.msg_control = control;
        header.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
        cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
        std::memcpy(CMSG_DATA(cmsg), fds.data(), sizeof(int) * fds.size());
    }
    const int flags = MSG_NOSIGNAL | (dont_wait ? MSG_DONTWAIT : 0);
    while (true) {
        const ssize_t sent = ::sendmsg(socket, &header, flags);
        if (sent >= 0)
            return 0;
        if (errno != EINTR)
            return errno;
    }
}

Received receive_message(int socket, Strings& message, std::vector<int>* fds, bool dont_wait)
{
    // The size of the next packet first (MSG_TRUNC returns its real length), so that small messages, the
    // common case, need no large buffer.
    ssize_t size = -1;
    char probe = 0;
    while ((size = ::recv(socket, &probe, 1, MSG_PEEK | MSG_TRUNC | (dont_wait ? MSG_DONTWAIT : 0))) < 0 &&
           errno == EINTR) {
    }
    if (size < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? Received::WouldBlock : Received::Error;
    std::string buffer(static_cast<std::size_t>(size) < k_max_message ? static_cast<std::size_t>(size) + 1
                                                                       : k_max_message + 16,
                       '\0');
    iovec iov{buffer.data(), buffer.size()};
    msghdr header{};
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * k_max_fds)];
    header.msg_control = control;
    header.msg_controllen = sizeof(control);
    const int flags = MSG_CMSG_CLOEXEC | (dont_wait ? MSG_DONTWAIT : 0);
    ssize_t got = -1;
    while ((got = ::recvmsg(socket, &header, flags)) < 0 && errno == EINTR) {
    }
    if (got < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? Received::WouldBlock : Received::Error;
    std::vector<int> received;
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&header); cmsg; cmsg = CMSG_NXTHDR(&header, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        const std::size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            received.push_back(fd);
        }
    }
    const auto close_received = [&] {
        for (int fd : received)
            ::close(fd);
    };
    if (got == 0 && received.empty()) {
        message.clear();
        return Received::End;
    }
    if ((header.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || !decode_strings(std::string_view(buffer.data(), got), message)) {
        close_received();
        errno = EPROTO;
        return Received::Error;
    }
    if (fds)
        fds->insert(fds->end(), received.begin(), received.end());
    else
        close_received();
    return Received::Message;
}

Received receive_message_within(int socket, Strings& message, int timeout_ms, std::vector<int>* fds)
{
    pollfd entry{socket, POLLIN, 0};
    int ready = 0;
    while ((ready = ::poll(&entry, 1, timeout_ms)) < 0 && errno == EINTR) {
    }
    if (ready < 0)
        return Received::Error;
    if (ready == 0)
        return Received::WouldBlock;
    return receive_message(socket, message, fds, false);
}

namespace {

/// Runs `call(socket, address)` with an address naming `path`, through its directory's descriptor when too long.
template<class Call> int with_address(const std::string& path, Call call)
{
    const int socket = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (socket < 0)
        return -1;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string name = path;
    int directory = -1;
    if (path.size() >= sizeof(address.sun_path)) {
        const auto slash = path.rfind('/');
        if (slash == std::string::npos) {
            ::close(socket);
            errno = ENAMETOOLONG;
            return -1;
        }
        directory = ::open(path.substr(0, slash).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (directory < 0) {
            ::close(socket);
            return -1;
        }
        name = "/proc/self/fd/" + std::to_string(directory) + path.substr(slash);
    }
    int rc = -1;
    if (name.size() < sizeof(address.sun_path)) {
        std::memcpy(address.sun_path, name.c_str(), name.size() + 1);
        rc = call(socket, reinterpret_cast<const sockaddr*>(&address), static_cast<socklen_t>(sizeof(address)));
    } else {
        errno = ENAMETOOLONG;
    }
    const int error = errno;
    if (directory >= 0)
        ::close(directory);
    if (rc != 0) {
        ::close(socket);
        errno = error;
        return -1;
    }
    return socket;
}

} // namespace

int connect_unix(const std::string& path)
{
    return with_address(path, [](int s, const sockaddr* a, socklen_t n) {
        int rc = 0;
        while ((rc = ::connect(s, a, n)) != 0 && errno == EINTR) {
        }
        return rc;
    });
}

int bind_unix(const std::string& path)
{
    return with_address(path, [](int s, const sockaddr* a, socklen_t n) { return ::bind(s, a, n); });
}

} // namespace mel::packages::work::local

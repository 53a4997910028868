// Executor containers (helpers.h, packages.md §6.4.3 and §6.4.5): PID 1 of a new PID and mount namespace,
// joined to the pod's network, UTS and IPC namespaces by the supervisor. It builds the container's root — an
// overlay of the host's `/` with the upper layer in the run directory, a fresh /proc, a minimal /dev, tmpfs
// /tmp and /run, the generated /etc/hosts and /etc/hostname, the volumes bind-mounted — pivots into it, and
// serves exec requests. Every mount lives in the container's own mount namespace: the kernel removes them when
// its last process ends.

#include "packages/work/local/helpers.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "packages/work/local/agent_server.h"
#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

namespace {

struct SetupError {
    std::string text;
};

void check(bool ok, const std::string& what)
{
    if (!ok)
        throw SetupError{what + ": " + std::strerror(errno)};
}

void do_mount(const std::string& source, const std::string& target, const char* type, unsigned long flags,
              const std::string& data = {})
{
    check(::mount(source.c_str(), target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) == 0,
          "mount " + (type ? std::string(type) : source) + " on " + target);
}

void write_text(const std::string& path, const std::string& text)
{
    ::unlink(path.c_str()); // a symlink (resolv.conf often is one) must not be followed
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    check(fd >= 0, "create " + path);
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    check(written, "write " + path);
}

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void minimal_dev(const std::string& root)
{
    const std::string dev = root + "/dev";
    do_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"}) {
        const std::string target = dev + "/" + node;
        const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
        check(fd >= 0, "create " + target);
        ::close(fd);
        do_mount(std::string("/dev/") + node, target, nullptr, MS_BIND);
    }
    check(::mkdir((dev + "/pts").c_str(), 0755) == 0, "mkdir /dev/pts");
    do_mount("devpts", dev + "/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    check(::symlink("pts/ptmx", (dev + "/ptmx").c_str()) == 0, "symlink /dev/ptmx");
    check(::mkdir((dev + "/shm").c_str(), 01777) == 0, "mkdir /dev/shm");
    do_mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    const std::pair<const char*, const char*> links[] = {
        {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"}};
    for (const auto& [target, name] : links)
        check(::symlink(target, (dev + "/" + name).c_str()) == 0, std::string("symlink /dev/") + name);
}

bool safe_point(const std::string& point)
{
    return !point.empty() && point.front() == '/' && point.find("/../") == std::string::npos &&
           !point.ends_with("/..") && point != "/";
}

/// The container's root, ready to pivot into.
void build_root(const RunConfig& config, const ContainerConfig& container)
{
    const std::string dir = config.container_dir(container.name);
    const std::string root = dir + "/root";
    for (const std::string& path : {dir + "/upper", dir + "/work", root})
        check(make_directories(path), "mkdir " + path);
    for (const std::string& path : {dir, config.run_dir})
        if (path.find_first_of(",:") != std::string::npos)
            throw SetupError{"the run directory " + config.run_dir + " holds ',' or ':', which overlayfs refuses"};

    check(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, "make the mounts private");
    do_mount("overlay", root, "overlay", 0, "lowerdir=/,upperdir=" + dir + "/upper,workdir=" + dir + "/work");
    do_mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    minimal_dev(root);
    // A read-only /sys is a convenience: without it, /sys is the lower layer's empty directory.
    (void)::mount("sysfs", (root + "/sys").c_str(), "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
    do_mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    do_mount("tmpfs", root + "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755");

    write_text(root + "/etc/hosts", read_text(config.pod_file("hosts")));
    write_text(root + "/etc/hostname", container.name + "\n");
    write_text(root + "/etc/resolv.conf", read_text(config.pod_file("resolv.conf")));

    for (const auto& mount : container.mounts) {
        if (!safe_point(mount.point))
            throw SetupError{"mount point '" + mount.point + "' of volume " + mount.name + " is not an absolute path"};
        const std::string target = root + mount.point;
        check(make_directories(target), "mkdir " + mount.point);
        do_mount(config.volume_dir(mount.name), target, nullptr, MS_BIND | MS_REC);
    }
}

void enter_root(const std::string& root)
{
    check(::chdir(root.c_str()) == 0, "chdir " + root);
    check(::syscall(SYS_pivot_root, ".", ".") == 0, "pivot_root " + root);
    check(::umount2(".", MNT_DETACH) == 0, "detach the host's root");
    check(::chdir("/") == 0, "chdir /");
}

int listen_on(const std::string& path)
{
    ::unlink(path.c_str());
    const int fd = bind_unix(path);
    check(fd >= 0, "bind " + path);
    ::chmod(path.c_str(), 0600);
    check(::listen(fd, 64) == 0, "listen " + path);
    return fd;
}

} // namespace

int container_main(const RunConfig& config, const std::string& name)
{
    const int status = k_helper_status_fd;
    const ContainerConfig* container = config.container(name);
    if (!container) {
        send_message(status, {"failed", "no container " + name + " in the run configuration"});
        return 1;
    }
    int listen_fd = -1;
    try {
        const bool isolated = config.isolation == Isolation::Namespaces;
        if (isolated)
            build_root(config, *container);
        listen_fd = listen_on(config.agent_socket(name)); // before the pivot: the path is the host's
        if (isolated)
            enter_root(config.container_dir(name) + "/root");
        else
            check(::chdir("/") == 0, "chdir /");
    } catch (const SetupError& error) {
        send_message(status, {"failed", "container " + name + ": " + error.text});
        return 1;
    }
    send_message(status, {"ready"});
    return serve_exec_agent(listen_fd, config.isolation == Isolation::Namespaces ? AgentRole::Pid1 : AgentRole::HostMode,
                            status);
}

} // namespace mel::packages::work::local

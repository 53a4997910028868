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
#include "packages/work/local/supervisor_protocol.h"
#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

namespace {

Status do_mount(const std::string& source, const std::string& target, const char* type, unsigned long flags,
                const std::string& data = {})
{
    if (::mount(source.c_str(), target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
        return system_failure("mount " + (type ? std::string(type) : source) + " on " + target);
    return success();
}

Status write_text(const std::string& path, const std::string& text)
{
    ::unlink(path.c_str()); // a symlink (resolv.conf often is one) must not be followed
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return system_failure("create " + path);
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int error = errno;
    ::close(fd);
    if (!written)
        return system_failure("write " + path, error);
    return success();
}

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

Status dev_node(const std::string& dev, const char* node)
{
    const std::string target = dev + "/" + node;
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return system_failure("create " + target);
    ::close(fd);
    return do_mount(std::string("/dev/") + node, target, nullptr, MS_BIND);
}

Status minimal_dev(const std::string& root)
{
    const std::string dev = root + "/dev";
    if (Status s = do_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"); !s.ok())
        return s;
    for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"})
        if (Status s = dev_node(dev, node); !s.ok())
            return s;
    if (::mkdir((dev + "/pts").c_str(), 0755) != 0)
        return system_failure("mkdir /dev/pts");
    if (Status s = do_mount("devpts", dev + "/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                            "newinstance,ptmxmode=0666,mode=0620");
        !s.ok())
        return s;
    if (::symlink("pts/ptmx", (dev + "/ptmx").c_str()) != 0)
        return system_failure("symlink /dev/ptmx");
    if (::mkdir((dev + "/shm").c_str(), 01777) != 0)
        return system_failure("mkdir /dev/shm");
    if (Status s = do_mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"); !s.ok())
        return s;
    const std::pair<const char*, const char*> links[] = {
        {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"}};
    for (const auto& [target, name] : links)
        if (::symlink(target, (dev + "/" + name).c_str()) != 0)
            return system_failure(std::string("symlink /dev/") + name);
    return success();
}

bool safe_point(const std::string& point)
{
    return !point.empty() && point.front() == '/' && point.find("/../") == std::string::npos &&
           !point.ends_with("/..") && point != "/";
}

/// The overlay of the host's `/` and the container's own /proc, /dev, /sys, /tmp and /run.
Status mount_filesystems(const std::string& dir, const std::string& root)
{
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return system_failure("make the mounts private");
    if (Status s = do_mount("overlay", root, "overlay", 0,
                            "lowerdir=/,upperdir=" + dir + "/upper,workdir=" + dir + "/work");
        !s.ok())
        return s;
    if (Status s = do_mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC); !s.ok())
        return s;
    if (Status s = minimal_dev(root); !s.ok())
        return s;
    // A read-only /sys is a convenience: without it, /sys is the lower layer's empty directory.
    (void)::mount("sysfs", (root + "/sys").c_str(), "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
    if (Status s = do_mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"); !s.ok())
        return s;
    return do_mount("tmpfs", root + "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755");
}

/// The generated /etc files and the volumes.
Status fill_root(const RunConfig& config, const ContainerConfig& container, const std::string& root)
{
    if (Status s = write_text(root + "/etc/hosts", read_text(config.pod_file("hosts"))); !s.ok())
        return s;
    if (Status s = write_text(root + "/etc/hostname", container.name + "\n"); !s.ok())
        return s;
    if (Status s = write_text(root + "/etc/resolv.conf", read_text(config.pod_file("resolv.conf"))); !s.ok())
        return s;
    for (const auto& mount : container.mounts) {
        if (!safe_point(mount.point))
            return Error{"mount point '" + mount.point + "' of volume " + mount.name + " is not an absolute path"};
        const std::string target = root + mount.point;
        if (Status s = make_directories(target, "mkdir " + mount.point); !s.ok())
            return s;
        if (Status s = do_mount(config.volume_dir(mount.name), target, nullptr, MS_BIND | MS_REC); !s.ok())
            return s;
    }
    return success();
}

/// The container's root, ready to pivot into.
Status build_root(const RunConfig& config, const ContainerConfig& container)
{
    const std::string dir = config.container_dir(container.name);
    const std::string root = dir + "/root";
    for (const std::string& path : {dir + "/upper", dir + "/work", root})
        if (Status s = make_directories(path, "mkdir " + path); !s.ok())
            return s;
    for (const std::string& path : {dir, config.run_dir})
        if (path.find_first_of(",:") != std::string::npos)
            return Error{"the run directory " + config.run_dir + " holds ',' or ':', which overlayfs refuses"};
    if (Status s = mount_filesystems(dir, root); !s.ok())
        return s;
    return fill_root(config, container, root);
}

Status enter_root(const std::string& root)
{
    if (::chdir(root.c_str()) != 0)
        return system_failure("chdir " + root);
    if (::syscall(SYS_pivot_root, ".", ".") != 0)
        return system_failure("pivot_root " + root);
    if (::umount2(".", MNT_DETACH) != 0)
        return system_failure("detach the host's root");
    if (::chdir("/") != 0)
        return system_failure("chdir /");
    return success();
}

/// Sets the container up (in its own namespaces: its root; on the host: nothing but its agent socket) and
/// returns the agent's listening socket.
Result<int> set_up(const RunConfig& config, const ContainerConfig& container)
{
    const bool isolated = config.isolation == Isolation::Namespaces;
    if (isolated)
        if (Status s = build_root(config, container); !s.ok())
            return s.error();
    auto listening = listen_unix(config.agent_socket(container.name)); // before the pivot: the path is the host's
    if (!listening.ok())
        return listening;
    const Status entered = isolated ? enter_root(config.container_dir(container.name) + "/root")
                                    : (::chdir("/") == 0 ? success() : Status(system_failure("chdir /")));
    if (!entered.ok())
        return entered.error();
    return listening;
}

} // namespace

int container_main(const RunConfig& config, const std::string& name)
{
    const int status = k_helper_status_fd;
    const ContainerConfig* container = config.container(name);
    if (!container) {
        send_message(status, encode_failed("no container " + name + " in the run configuration"));
        return 1;
    }
    const auto listening = set_up(config, *container);
    if (!listening.ok()) {
        send_message(status, encode_failed("container " + name + ": " + listening.error().message));
        return 1;
    }
    send_message(status, encode_ready());
    return serve_exec_agent(listening.value(),
                            config.isolation == Isolation::Namespaces ? AgentRole::Pid1 : AgentRole::HostMode, status);
}

} // namespace mel::packages::work::local

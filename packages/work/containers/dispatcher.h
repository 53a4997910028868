#pragma once

// Who made a run of the container provisioner, and whether that process still lives (issue 18). Every object
// of a run carries the label k_label_dispatcher (run.h) naming the `melodium` process that made it, so that a
// sweep (sweep.h) can tell the runs of a dispatcher that was killed (SIGKILL, a crash, a reboot) from those of
// one that still runs. The label's value:
//
//   <host name>:<pid>:<start time>:<pid namespace>
//
// the start time being field 22 of /proc/<pid>/stat (clock ticks after boot: a pid reused by another process
// has another one), the pid namespace the inode of /proc/self/ns/pid (a dispatcher in a container that has the
// host's name, as with host networking, has another: its pids mean nothing here). Builds before the sweep
// wrote `<host name>:<pid>`: such a dispatcher is gone only when no process has its pid.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mel::packages::work::containers {

struct DispatcherId {
    std::string host;
    int pid = 0;
    std::optional<std::uint64_t> start_time;    // absent in the older label
    std::optional<std::uint64_t> pid_namespace; // absent in the older label
};

std::string format_label(const DispatcherId& id);
/// The label's value parsed; nullopt when it is neither format.
std::optional<DispatcherId> parse_label(std::string_view text);
/// `<host name>:<pid>`, for people.
std::string short_name(const DispatcherId& id);

/// A process as this machine shows it.
struct ProcessInfo {
    std::optional<std::uint64_t> start_time; // unknown when /proc/<pid>/stat cannot be read (hidepid)
    bool zombie = false;                     // ended, not yet reaped by its parent
};

/// The state and start time of a /proc/<pid>/stat line (the command's name, in parentheses, may hold spaces
/// and parentheses); nullopt when the line is not one.
std::optional<ProcessInfo> parse_stat(std::string_view line);

/// pid → the process, nullopt when there is none.
using ProcessLookup = std::function<std::optional<ProcessInfo>(int pid)>;

/// What a dispatcher's label is judged against: this machine.
struct Here {
    std::string host;
    std::optional<std::uint64_t> pid_namespace;
    ProcessLookup lookup;
};

/// This machine: its host name, this process's pid namespace, processes read from /proc (and kill(pid, 0)
/// when /proc hides one).
Here here();
/// This process as a dispatcher.
DispatcherId this_dispatcher();

enum class Liveness {
    Alive,     // a process of this host and pid namespace with that pid and start time (or none recorded)
    Gone,      // this host and pid namespace, and no such process: none, a zombie, or another one since
    Elsewhere, // another host name or pid namespace: cannot be told from here
    Unknown,   // no label, or one that is not understood
};

struct Judgement {
    Liveness liveness = Liveness::Unknown;
    std::string why; // "gone", "running", "on another host", … (for people)
};

/// label: the value of k_label_dispatcher, nullopt when an object has none.
Judgement judge(const std::optional<std::string>& label, const Here& here);

} // namespace mel::packages::work::containers

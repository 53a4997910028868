// Who made a run, and whether that process still lives (dispatcher.h).

#include "packages/work/containers/dispatcher.h"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include <signal.h>
#include <unistd.h>

namespace mel::packages::work::containers {

namespace {

template<class T>
std::optional<T> number(std::string_view text)
{
    T value{};
    if (text.empty())
        return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// The inode of a namespace link's target, `pid:[4026531836]`.
std::optional<std::uint64_t> namespace_inode(std::string_view link)
{
    const auto open = link.find('[');
    const auto close = link.rfind(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return std::nullopt;
    return number<std::uint64_t>(link.substr(open + 1, close - open - 1));
}

std::optional<std::uint64_t> own_pid_namespace()
{
    char target[128] = {};
    const ssize_t length = ::readlink("/proc/self/ns/pid", target, sizeof(target) - 1);
    if (length <= 0)
        return std::nullopt;
    return namespace_inode(std::string_view(target, static_cast<std::size_t>(length)));
}

std::string host_name()
{
    char host[256] = {};
    ::gethostname(host, sizeof(host) - 1);
    return host;
}

/// The process from /proc; when /proc does not show it (hidepid, or no /proc), whether kill(pid, 0) finds one.
std::optional<ProcessInfo> lookup_process(int pid)
{
    if (pid <= 0)
        return std::nullopt; // kill(0 or -n, …) would name process groups
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (file && std::getline(file, line))
        if (auto info = parse_stat(line))
            return info;
    if (::kill(pid, 0) == 0 || errno == EPERM)
        return ProcessInfo{};
    return std::nullopt;
}

} // namespace

std::string format_label(const DispatcherId& id)
{
    std::string text = id.host + ":" + std::to_string(id.pid);
    if (id.start_time && id.pid_namespace)
        text += ":" + std::to_string(*id.start_time) + ":" + std::to_string(*id.pid_namespace);
    return text;
}

std::optional<DispatcherId> parse_label(std::string_view text)
{
    std::vector<std::string_view> fields; // a host name has no ':'
    for (std::size_t start = 0;;) {
        const auto colon = text.find(':', start);
        fields.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos)
            break;
        start = colon + 1;
    }
    if ((fields.size() != 2 && fields.size() != 4) || fields[0].empty())
        return std::nullopt;
    DispatcherId id{std::string(fields[0]), number<int>(fields[1]).value_or(0), std::nullopt, std::nullopt};
    if (id.pid <= 0)
        return std::nullopt;
    if (fields.size() == 4) {
        id.start_time = number<std::uint64_t>(fields[2]);
        id.pid_namespace = number<std::uint64_t>(fields[3]);
        if (!id.start_time || !id.pid_namespace)
            return std::nullopt;
    }
    return id;
}

std::string short_name(const DispatcherId& id)
{
    return id.host + ":" + std::to_string(id.pid);
}

std::optional<ProcessInfo> parse_stat(std::string_view line)
{
    const auto close = line.rfind(')');
    if (line.find('(') == std::string_view::npos || close == std::string_view::npos)
        return std::nullopt;
    std::istringstream fields{std::string(line.substr(close + 1))};
    std::string field;
    std::vector<std::string> after; // from field 3 (state) on
    while (after.size() < 20 && fields >> field)
        after.push_back(field);
    if (after.size() < 20 || after[0].size() != 1)
        return std::nullopt;
    const auto start = number<std::uint64_t>(after[19]); // field 22: starttime
    if (!start)
        return std::nullopt;
    return ProcessInfo{start, after[0] == "Z" || after[0] == "X"};
}

Here here()
{
    return {host_name(), own_pid_namespace(), lookup_process};
}

DispatcherId this_dispatcher()
{
    const int pid = static_cast<int>(::getpid());
    const auto self = lookup_process(pid);
    return {host_name(), pid, self ? self->start_time : std::nullopt, own_pid_namespace()};
}

Judgement judge(const std::optional<std::string>& label, const Here& here)
{
    if (!label)
        return {Liveness::Unknown, "no dispatcher label"};
    const auto id = parse_label(*label);
    if (!id)
        return {Liveness::Unknown, "dispatcher label '" + *label + "' not understood"};
    if (id->host != here.host)
        return {Liveness::Elsewhere, "on another host"};
    if (id->pid_namespace && id->pid_namespace != here.pid_namespace)
        return {Liveness::Elsewhere, "in another PID namespace"};
    const auto process = here.lookup(id->pid);
    if (!process)
        return {Liveness::Gone, "gone"};
    if (process->zombie)
        return {Liveness::Gone, "gone (a zombie not reaped yet)"};
    if (id->start_time && process->start_time && *id->start_time != *process->start_time)
        return {Liveness::Gone, "gone (its pid is another process's now)"};
    if (!id->start_time)
        return {Liveness::Alive, "running (a label of an older build: whatever has its pid is taken for it)"};
    return {Liveness::Alive, "running"};
}

} // namespace mel::packages::work::containers

// What the local provisioner's helper processes share (helpers.h): `melodium agent …` dispatch, log lines to
// the parent, the signals they handle, and the error helpers.

#include "packages/work/local/helpers.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include "packages/work/containers/bundle.h"
#include "packages/work/local/supervisor_protocol.h"
#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

void report_log(int fd, engine::LogLevel level, const std::string& label, const std::string& text)
{
    send_message(fd, encode_log(level, label, text));
}

sigset_t helper_signals()
{
    sigset_t handled;
    sigemptyset(&handled);
    for (int signo : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&handled, signo);
    return handled;
}

int block_helper_signals()
{
    const sigset_t handled = helper_signals();
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return ::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
}

Error system_failure(const std::string& what, int error)
{
    return Error{what + ": " + std::strerror(error)};
}

Status make_directories(const std::string& path, const std::string& what)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        return system_failure(what, ec.value());
    return success();
}

Result<int> listen_unix(const std::string& path)
{
    ::unlink(path.c_str());
    const int fd = bind_unix(path);
    if (fd < 0)
        return system_failure("bind " + path);
    ::chmod(path.c_str(), 0600);
    if (::listen(fd, 64) != 0) {
        const int error = errno;
        ::close(fd);
        return system_failure("listen " + path, error);
    }
    return fd;
}

int bundle_main(const std::string& cache_dir)
{
    const auto bundle = containers::make_bundle({.cache_dir = cache_dir});
    if (!bundle.ok()) {
        std::fprintf(stderr, "melodium agent bundle: %s\n", bundle.error().message.c_str());
        return 1;
    }
    std::printf("image %s\narchive %s\nhash %s\n", bundle.value().reference.c_str(), bundle.value().tar_path.c_str(),
                bundle.value().hash.c_str());
    return 0;
}

int agent_main(const std::vector<std::string>& args)
{
    const std::string mode = args.empty() ? std::string() : args[0];
    if (mode == k_mode_serve && args.size() == 3 && args[1] == k_arg_socket)
        return serve_main(args[2]);
    if (mode == k_mode_bundle && (args.size() == 1 || (args.size() == 3 && args[1] == k_arg_out)))
        return bundle_main(args.size() == 3 ? args[2] : std::string());
    if (mode == k_mode_probe)
        return probe_main({args.begin() + 1, args.end()});
    if (mode == k_mode_rm_volumes && args.size() == 5 && args[1] == k_arg_label && args[3] == k_arg_timeout)
        return rm_volumes_main(args[2], static_cast<unsigned>(std::strtoul(args[4].c_str(), nullptr, 10)));
    if (mode == k_mode_serve || mode == k_mode_bundle || mode == k_mode_rm_volumes) {
        std::fprintf(stderr, "melodium agent: usage: serve --socket PATH | bundle [--out DIR] | probe --timeout S "
                             "(--unix PATH | --tcp HOST:PORT…) | rm-volumes --label K=V --timeout S\n");
        return 2;
    }
    if (args.size() < 2) {
        std::fprintf(stderr, "melodium agent: internal mode of the local provisioner (supervise|container|service "
                             "RUN.json [NAME])\n");
        return 2;
    }
    auto config = read_config(args[1]);
    if (!config.ok()) {
        std::fprintf(stderr, "melodium agent: %s\n", config.error().message.c_str());
        if (mode != k_mode_supervise)
            send_message(k_helper_status_fd, encode_failed(config.error().message));
        return 1;
    }
    if (mode == k_mode_supervise)
        return supervise_main(config.value());
    if (args.size() == 3 && mode == k_mode_container)
        return container_main(config.value(), args[2]);
    if (args.size() == 3 && mode == k_mode_service)
        return service_main(config.value(), args[2]);
    std::fprintf(stderr, "melodium agent: unknown mode '%s'\n", mode.c_str());
    return 2;
}

} // namespace mel::packages::work::local

// work/local: the embedded local provisioner for real (needs root, as CI has): a pod with an executor container
// and a postgres service, commands through the exec agent, the hard deadline, cancel, the teardown, and a
// dispatcher killed by SIGKILL. Prints the measured provisioning and exec times (docs/performance.md).

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <spawn.h>
#include <sys/wait.h>

#include "tests/unit/packages/work/local/pod.h"

using namespace mel::packages::work;
using namespace mel::packages::work::local;
using namespace mel::packages::work::local::testing;
using Clock = std::chrono::steady_clock;

extern char** environ;

namespace {

/// Ends the recording worker (its socket closes), waits for the teardown and checks that nothing is left.
std::vector<std::string> end_worker(ProvisionedWorker& worker)
{
    const int socket = worker.access().attached->take();
    CHECK(socket >= 0);
    ::close(socket);
    return worker.wait();
}

/// `services`: the service processes of the pod (own_processes_with), which must have ended too.
void check_nothing_left(const std::string& state, const std::string& run_dir, const std::vector<pid_t>& services = {})
{
    CHECK(no_process_within(run_dir, std::chrono::milliseconds(3000)));
    CHECK(ended_within(services, std::chrono::milliseconds(3000)));
    CHECK(mounts_under(state).empty());
    CHECK(!stdfs::exists(run_dir));
    CHECK(runs_empty(state));
}

} // namespace

TEST_CASE("local provisioner: a pod with a build container, the data volume and a postgres:16 service")
{
    REQUIRE_MESSAGE(::geteuid() == 0, "the namespace pod needs root (CI runs as root)");
    TempDir state, record;
    Logs logs;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    const WorkerRequest request = request_with({build_container()}, {postgres_service()});

    const auto begin = Clock::now();
    ProvisionResult result = provisioner->start(request, logs.sink());
    const double provision_seconds = seconds(Clock::now() - begin);
    INFO(logs.all());
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    MESSAGE("provisioning a pod with postgres: " << provision_seconds << " s");
    CHECK(logs.all().find("postgres: postgres ready") != std::string::npos);
    CHECK(logs.all().find("image rust:1.82-slim: running on the host's root filesystem") != std::string::npos);

    const AccessData& access = result.worker->access();
    CHECK(access.addresses == std::vector<std::string>{"127.0.0.1"});
    CHECK(!access.tls);
    CHECK(access.self_key == request.secret_key);
    CHECK(mel::stdlib::engine::parse_uuid(access.remote_key).has_value());
    CHECK(access.attached != nullptr);

    const std::string run_dir = only_run_dir(state.path().string());
    const std::string agent = run_dir + "/agent/build.sock";

    // The worker's environment contract and command line.
    for (int i = 0; i < 200 && !stdfs::exists(record / "worker.args"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string env = read_file(record / "worker.env");
    CHECK(env_value(env, "MELODIUM_GROUP_ID") == request.group_id);
    CHECK(mel::stdlib::engine::parse_uuid(env_value(env, "MELODIUM_RUN_ID")).has_value());
    CHECK(env_value(env, "MELODIUM_RUN_EXECUTOR") == "local-ns");
    CHECK(env_value(env, "MELODIUM_RUN_CONTAINERS") == "build");
    CHECK(env_value(env, "MELODIUM_RUN_CONTAINER_build") == agent);
    CHECK(env_value(env, "MELODIUM_RUN_SERVICE_CONTAINERS") == "postgres");
    CHECK(env_value(env, "MELODIUM_RUN_VOLUMES") == "data");
    CHECK(env_value(env, "MELODIUM_RUN_VOLUME_data") == run_dir + "/volumes/data");
    const std::string args = read_file(record / "worker.args");
    CHECK(args == "--socket-fd\n3\n--recv-key\n" + access.remote_key + "\n--send-key\n" + request.secret_key +
                      "\n--wait\n30\n--duration\n600\n");

    // A volume: written inside at /mnt/data, seen by the worker in the run directory.
    ExecEnd written = exec_run(agent, {"sh", "-c", "echo hi > /mnt/data/x"});
    CHECK(written.exit == 0);
    CHECK(read_file(run_dir + "/volumes/data/x") == "hi\n");

    // The overlay: the write succeeds inside, the host is unchanged.
    REQUIRE(!stdfs::exists("/usr/local/bin/should-not-exist"));
    ExecEnd touched = exec_run(agent, {"touch", "/usr/local/bin/should-not-exist"});
    CHECK(touched.exit == 0);
    CHECK(exec_run(agent, {"test", "-e", "/usr/local/bin/should-not-exist"}).exit == 0);
    CHECK(!stdfs::exists("/usr/local/bin/should-not-exist"));

    // Names, hostname, PID namespace.
    ExecEnd hosts = exec_run(agent, {"getent", "hosts", "postgres"});
    CHECK(hosts.exit == 0);
    CHECK(hosts.out.rfind("127.0.0.1", 0) == 0);
    CHECK(exec_run(agent, {"cat", "/etc/hostname"}).out == "build\n");
    CHECK(exec_run(agent, {"sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '"}).out.find("agent container") !=
          std::string::npos);

    // The service, through its name, with the password.
    ExecEnd psql = exec_run(agent, {"psql", "postgres://ci:ci@postgres/ci_test", "-tA", "-c", "select 1"});
    INFO("psql stderr: " << psql.err);
    CHECK(psql.exit == 0);
    CHECK(psql.out == "1\n");
    CHECK(exec_run(agent, {"psql", "postgres://ci:wrong@postgres/ci_test", "-c", "select 1"}).exit != 0);

    // Environment, working directory, a missing program.
    CHECK(exec_run(agent, {"sh", "-c", "echo $GREETING $HOME; pwd"}, {{"GREETING", "hello"}}, "/mnt/data").out ==
          "hello /root\n/mnt/data\n");
    ExecEnd missing = exec_run(agent, {"no-such-program-mel-pod"});
    CHECK(missing.exit == 127);
    CHECK(missing.err.find("no-such-program-mel-pod") != std::string::npos);
    Exec no_dir = exec_start(agent, {"true"}, {}, "/no/such/dir");
    CHECK(no_dir.failure == "working directory '/no/such/dir': No such file or directory (os error 2)");
    ::close(no_dir.out);
    ::close(no_dir.err);
    ::close(no_dir.socket);

    // A kill request ends the command and what it started within a second.
    Exec sleeping = exec_start(agent, {"sh", "-c", "sleep 60.111 & sleep 60.222; wait"});
    REQUIRE(sleeping.failure.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto kill_begin = Clock::now();
    exec_kill(sleeping);
    ExecEnd killed = exec_finish(sleeping);
    CHECK(seconds(Clock::now() - kill_begin) < 1.0);
    CHECK(killed.signal == SIGKILL);
    CHECK(no_process_within("sleep 60.111", std::chrono::milliseconds(1000)));

    // A signal request (Ctrl-C in the engine) passes SIGINT on to the command's group.
    Exec interrupted = exec_start(agent, {"sleep", "60.333"});
    REQUIRE(interrupted.failure.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto interrupt_begin = Clock::now();
    CHECK(send_message(interrupted.socket, {k_signal, std::to_string(SIGINT)}) == 0);
    ExecEnd ended = exec_finish(interrupted);
    CHECK(seconds(Clock::now() - interrupt_begin) < 1.0);
    CHECK(ended.signal == SIGINT);
    CHECK(no_process_within("sleep 60.333", std::chrono::milliseconds(1000)));

    const auto postgres = own_processes_with("/run/melodium/data"); // the server and its workers
    CHECK(!postgres.empty());
    const auto teardown_begin = Clock::now();
    const auto notes = end_worker(*result.worker);
    MESSAGE("teardown after the worker's end (postgres included): " << seconds(Clock::now() - teardown_begin) << " s");
    CHECK(notes.empty());
    check_nothing_left(state.path().string(), run_dir, postgres);
}

TEST_CASE("local provisioner: a pod without services; exec round trip through the agent")
{
    REQUIRE(::geteuid() == 0);
    TempDir state, record;
    Logs logs;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    const auto begin = Clock::now();
    ProvisionResult result = provisioner->start(request_with({build_container()}), logs.sink());
    const double provision_seconds = seconds(Clock::now() - begin);
    INFO(logs.all());
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    MESSAGE("provisioning a pod without services: " << provision_seconds << " s");
    const std::string run_dir = only_run_dir(state.path().string());
    const std::string agent = run_dir + "/agent/build.sock";

    constexpr int k_rounds = 50;
    const auto exec_begin = Clock::now();
    for (int i = 0; i < k_rounds; ++i)
        REQUIRE(exec_run(agent, {"true"}).exit == 0);
    MESSAGE("exec round trip of `true` through the agent: " << seconds(Clock::now() - exec_begin) / k_rounds * 1000
                                                             << " ms");
    CHECK(exec_run(agent, {"sh", "-c", "exit 3"}).exit == 3);
    CHECK(exec_run(agent, {"sh", "-c", "kill -9 $$"}).signal == 9);

    CHECK(end_worker(*result.worker).empty());
    check_nothing_left(state.path().string(), run_dir);
}

TEST_CASE("local provisioner: max_duration is a hard deadline for the commands and the worker")
{
    REQUIRE(::geteuid() == 0);
    TempDir state, record;
    Logs logs;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    ProvisionResult result = provisioner->start(request_with({build_container()}, {}, 2), logs.sink());
    INFO(logs.all());
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    const auto begin = Clock::now();
    const std::string run_dir = only_run_dir(state.path().string());
    Exec sleeping = exec_start(run_dir + "/agent/build.sock", {"sleep", "60.333"});
    REQUIRE(sleeping.failure.empty());
    ExecEnd end = exec_finish(sleeping); // the worker never ends by itself: only the deadline ends this
    CHECK(seconds(Clock::now() - begin) < 4.0);
    CHECK(!end.exit.has_value());
    const auto notes = result.worker->wait();
    CHECK(seconds(Clock::now() - begin) < 6.0);
    REQUIRE(!notes.empty());
    CHECK(notes.front() == "max_duration of 2 s reached: the pod and the worker were killed");
    CHECK(no_process_within("sleep 60.333", std::chrono::milliseconds(1000)));
    check_nothing_left(state.path().string(), run_dir);
}

TEST_CASE("local provisioner: cancel() tears the pod down at once, while a command runs")
{
    REQUIRE(::geteuid() == 0);
    TempDir state, record;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    ProvisionResult result = provisioner->start(request_with({build_container()}), {});
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    const std::string run_dir = only_run_dir(state.path().string());
    Exec sleeping = exec_start(run_dir + "/agent/build.sock", {"sleep", "60.444"});
    REQUIRE(sleeping.failure.empty());
    const auto begin = Clock::now();
    result.worker->cancel();
    result.worker->cancel(); // idempotent
    result.worker->wait();
    CHECK(seconds(Clock::now() - begin) < 3.0);
    CHECK(!exec_finish(sleeping).exit.has_value());
    CHECK(no_process_within("sleep 60.444", std::chrono::milliseconds(1000)));
    check_nothing_left(state.path().string(), run_dir);
}

TEST_CASE("local provisioner: a service image without an adapter fails clearly, before anything starts")
{
    TempDir state, record;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    ServiceSpec redis;
    redis.name = "cache";
    redis.image = "redis:7";
    ContainerSpec bad = build_container();
    bad.mounts.push_back(MountSpec{"missing", "/mnt/missing"});
    ProvisionResult result = provisioner->start(request_with({bad}, {redis}), {});
    CHECK(!result.worker);
    REQUIRE(result.errors.size() == 2);
    CHECK(result.errors[0] == "container build mounts volume 'missing', which is not requested");
    CHECK(result.errors[1] == "service container cache: image 'redis:7' cannot run on the local provisioner "
                              "(service images with an adapter: postgres:*)");
    CHECK(runs_empty(state.path().string()));
    CHECK(service_adapter("docker.io/library/postgres:16-alpine") == "postgres");
    CHECK(service_adapter("postgresql:16").empty());
}

TEST_CASE("local provisioner: a failing service fails the request and leaves nothing")
{
    REQUIRE(::geteuid() == 0);
    TempDir state, record;
    Logs logs;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    ServiceSpec postgres = postgres_service();
    postgres.env.erase("POSTGRES_PASSWORD");
    ProvisionResult result = provisioner->start(request_with({build_container()}, {postgres}), logs.sink());
    CHECK(!result.worker);
    REQUIRE(!result.errors.empty());
    CHECK(result.errors.front().find("service postgres (postgres:16): POSTGRES_PASSWORD is not set") == 0);
    CHECK(mounts_under(state.path().string()).empty());
    CHECK(runs_empty(state.path().string()));
}

// The dispatcher is this test binary run again on this test case, with MEL_POD_TEST_DISPATCHER set: it
// provisions, starts a command, says READY and waits to be killed.
TEST_CASE("local provisioner: a dispatcher killed by SIGKILL leaves nothing behind")
{
    REQUIRE(::geteuid() == 0);
    if (const char* role = ::getenv("MEL_POD_TEST_DISPATCHER")) {
        const std::string state = role;
        auto provisioner = make_local_provisioner(test_options(state, state));
        ProvisionResult result = provisioner->start(request_with({build_container()}), {});
        REQUIRE(result.worker);
        Exec sleeping = exec_start(only_run_dir(state) + "/agent/build.sock", {"sleep", "60.555"});
        REQUIRE(sleeping.failure.empty());
        std::printf("READY\n");
        std::fflush(stdout);
        while (true)
            ::pause();
    }
    TempDir state;
    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string self = stdfs::read_symlink("/proc/self/exe").string();
    std::vector<std::string> args{self, "--no-intro=true",
                                  "--test-case=local provisioner: a dispatcher killed by SIGKILL leaves nothing behind"};
    std::vector<std::string> env_texts;
    for (char** e = environ; *e; ++e)
        env_texts.emplace_back(*e);
    env_texts.push_back("MEL_POD_TEST_DISPATCHER=" + state.path().string());
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_texts)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t dispatcher = -1;
    REQUIRE(::posix_spawn(&dispatcher, self.c_str(), &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string said;
    char c = 0;
    while (said.find("READY\n") == std::string::npos && ::read(out[0], &c, 1) == 1)
        said += c;
    ::close(out[0]);
    REQUIRE(said.find("READY\n") != std::string::npos);
    const std::string run_dir = only_run_dir(state.path().string());
    REQUIRE(!processes_with("sleep 60.555").empty());

    const auto begin = Clock::now();
    ::kill(dispatcher, SIGKILL);
    int status = 0;
    ::waitpid(dispatcher, &status, 0);
    CHECK(no_process_within("sleep 60.555", std::chrono::milliseconds(5000)));
    CHECK(no_process_within(run_dir, std::chrono::milliseconds(5000)));
    for (int i = 0; i < 500 && stdfs::exists(run_dir); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    MESSAGE("cleanup after the dispatcher's SIGKILL: " << seconds(Clock::now() - begin) << " s");
    CHECK(!stdfs::exists(run_dir));
    CHECK(mounts_under(state.path().string()).empty());
}

TEST_CASE("local provisioner: the host fallback runs commands as plain processes, with a warning")
{
    TempDir state, record;
    Logs logs;
    LocalOptions options = test_options(state.path().string(), record.path().string());
    options.force_host = true;
    auto provisioner = make_local_provisioner(options);

    ProvisionResult refused = provisioner->start(request_with({build_container()}, {postgres_service()}), logs.sink());
    CHECK(!refused.worker);
    CHECK(refused.errors == std::vector<std::string>{"service containers need the namespace pod (run as root)"});

    ProvisionResult result = provisioner->start(request_with({build_container()}), logs.sink());
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    CHECK(logs.all().find("local: no namespaces") != std::string::npos);
    const std::string run_dir = only_run_dir(state.path().string());
    const std::string agent = run_dir + "/agent/build.sock";
    // The volume is the run's directory; the command sees the host (same network namespace, same hostname).
    ExecEnd written = exec_run(agent, {"sh", "-c", "echo hi > \"$1\"/x; readlink /proc/self/ns/net", "sh",
                                       run_dir + "/volumes/data"});
    CHECK(written.exit == 0);
    CHECK(read_file(run_dir + "/volumes/data/x") == "hi\n");
    CHECK(written.out == stdfs::read_symlink("/proc/self/ns/net").string() + "\n");
    Exec sleeping = exec_start(agent, {"sh", "-c", "sleep 60.888 & sleep 60.999; wait"});
    REQUIRE(sleeping.failure.empty());
    CHECK(end_worker(*result.worker).empty()); // the teardown kills what still runs
    CHECK(!exec_finish(sleeping).exit.has_value());
    CHECK(no_process_within("sleep 60.888", std::chrono::milliseconds(2000)));
    CHECK(no_process_within("sleep 60.999", std::chrono::milliseconds(2000)));
    check_nothing_left(state.path().string(), run_dir);
}

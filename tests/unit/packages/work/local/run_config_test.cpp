// work/local run_config: the run configuration round-trips through JSON; the generated hosts file.

#include <doctest/doctest.h>

#include "packages/work/local/run_config.h"

using namespace mel::packages::work;
using namespace mel::packages::work::local;

TEST_CASE("run configuration: every field survives encoding")
{
    RunConfig config;
    config.run_dir = "/tmp/melodium-0/runs/g/abcd1234";
    config.melodium_binary = "/usr/bin/melodium";
    config.isolation = Isolation::Host;
    config.keep_run = true;
    config.max_duration = 3600;
    config.service_ready_timeout = 12;
    config.pod_hostname = "build";
    config.volumes = {"data", "cache"};
    config.containers = {ContainerConfig{"build", "rust:1.82-slim", {MountSpec{"data", "/mnt/data"}}}};
    config.services = {ServiceConfig{"db", "postgres:16", "postgres", {{"POSTGRES_USER", "ci \"quoted\""}},
                                     std::vector<std::string>{"postgres", "-c", "max_connections=5"}},
                       ServiceConfig{"db2", "postgres", "postgres", {}, std::nullopt}};
    config.worker_argv = {"melodium", "dist", "--wait", "30"};
    config.worker_env = {{"MELODIUM_RUN_EXECUTOR", "local-ns"}};

    auto decoded = decode_config(encode_config(config));
    REQUIRE(decoded.ok());
    const RunConfig& d = decoded.value();
    CHECK(d.run_dir == config.run_dir);
    CHECK(d.melodium_binary == config.melodium_binary);
    CHECK(d.isolation == Isolation::Host);
    CHECK(d.keep_run);
    CHECK(d.max_duration == 3600);
    CHECK(d.service_ready_timeout == 12);
    CHECK(d.pod_hostname == "build");
    CHECK(d.volumes == config.volumes);
    REQUIRE(d.containers.size() == 1);
    CHECK(d.containers[0].name == "build");
    CHECK(d.containers[0].image == "rust:1.82-slim");
    REQUIRE(d.containers[0].mounts.size() == 1);
    CHECK(d.containers[0].mounts[0].name == "data");
    CHECK(d.containers[0].mounts[0].point == "/mnt/data");
    REQUIRE(d.services.size() == 2);
    CHECK(d.services[0].env == config.services[0].env);
    CHECK(d.services[0].command == config.services[0].command);
    CHECK(!d.services[1].command.has_value());
    CHECK(d.worker_argv == config.worker_argv);
    CHECK(d.worker_env == config.worker_env);
    CHECK(d.container("build") != nullptr);
    CHECK(d.service("db2") != nullptr);
    CHECK(d.container("db") == nullptr);
    CHECK(d.agent_socket("build") == config.run_dir + "/agent/build.sock");
}

TEST_CASE("run configuration: a relative or missing run directory and bad JSON are refused")
{
    CHECK(!decode_config("{").ok());
    CHECK(!decode_config("[]").ok());
    CHECK(!decode_config(R"({"run_dir": "relative/dir"})").ok());
}

TEST_CASE("hosts file: localhost and every container and service name on 127.0.0.1, once each")
{
    RunConfig config;
    config.containers = {ContainerConfig{"build", "x", {}}};
    config.services = {ServiceConfig{"postgres", "postgres:16", "postgres", {}, std::nullopt},
                       ServiceConfig{"localhost", "postgres:16", "postgres", {}, std::nullopt}};
    const std::string hosts = hosts_file(config);
    CHECK(hosts.find("127.0.0.1\tlocalhost build postgres\n") != std::string::npos);
    CHECK(hosts.find("::1\tlocalhost") != std::string::npos);
}

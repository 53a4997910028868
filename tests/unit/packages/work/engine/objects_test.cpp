// work/engine objects: image references, and the container create body (no daemon).

#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include "packages/work/engine/objects.h"

using namespace mel::packages::work::engine;

TEST_CASE("objects: image references split for a pull")
{
    CHECK(split_reference("redis:7").repository == "redis");
    CHECK(split_reference("redis:7").tag == "7");
    CHECK(split_reference("redis").tag == "latest");
    CHECK(split_reference("localhost:5000/team/app").repository == "localhost:5000/team/app");
    CHECK(split_reference("localhost:5000/team/app").tag == "latest");
    CHECK(split_reference("localhost:5000/team/app:2").tag == "2");
    CHECK(split_reference("alpine@sha256:abc").repository == "alpine@sha256:abc");
    CHECK(split_reference("alpine@sha256:abc").tag.empty());
}

TEST_CASE("objects: the create body carries limits, ports on 127.0.0.1, mounts, network aliases, ulimits")
{
    ContainerConfig config;
    config.image = "localhost/busybox-httpd:1";
    config.env = {"A=1"};
    config.cmd = std::vector<std::string>{"sh", "-c", "echo hi"};
    config.labels = {{"melodium.run", "ab12"}};
    config.mounts = {{"data-ab12", "/mnt/data"}};
    config.network = "net-ab12";
    config.aliases = {"web"};
    config.cpu_millicores = 1500;
    config.memory_mb = 256;
    config.published_ports = {"8080/tcp"};
    config.ulimits = {{"nofile", 1024, 2048}};
    config.extra_hosts = {"db:10.89.0.2"};
    rapidjson::Document doc;
    doc.Parse(container_create_body(config).c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(std::string(doc["Image"].GetString()) == "localhost/busybox-httpd:1");
    CHECK(doc["Cmd"].Size() == 3);
    CHECK_FALSE(doc.HasMember("Entrypoint"));
    CHECK(std::string(doc["Labels"]["melodium.run"].GetString()) == "ab12");
    CHECK(doc["ExposedPorts"].HasMember("8080/tcp"));
    const auto& host = doc["HostConfig"];
    CHECK(host["Init"].GetBool());
    CHECK(host["NanoCpus"].GetInt64() == 1'500'000'000);
    CHECK(host["Memory"].GetInt64() == 256LL * 1024 * 1024);
    CHECK(std::string(host["Mounts"][0]["Type"].GetString()) == "volume");
    CHECK(std::string(host["Mounts"][0]["Source"].GetString()) == "data-ab12");
    CHECK(std::string(host["Mounts"][0]["Target"].GetString()) == "/mnt/data");
    CHECK(std::string(host["PortBindings"]["8080/tcp"][0]["HostIp"].GetString()) == "127.0.0.1");
    CHECK(std::string(host["PortBindings"]["8080/tcp"][0]["HostPort"].GetString()).empty());
    CHECK(host["Ulimits"][0]["Soft"].GetInt64() == 1024);
    CHECK(std::string(host["ExtraHosts"][0].GetString()) == "db:10.89.0.2");
    CHECK(std::string(doc["NetworkingConfig"]["EndpointsConfig"]["net-ab12"]["Aliases"][0].GetString()) == "web");

    config.publish_address = "0.0.0.0"; // a worker reached from another machine
    doc.Parse(container_create_body(config).c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(std::string(doc["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostIp"].GetString()) == "0.0.0.0");
}

TEST_CASE("objects: no limit, no network, no ulimits: none written")
{
    ContainerConfig config;
    config.image = "x";
    config.entrypoint = std::vector<std::string>{};
    rapidjson::Document doc;
    doc.Parse(container_create_body(config).c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK_FALSE(doc["HostConfig"].HasMember("NanoCpus"));
    CHECK_FALSE(doc["HostConfig"].HasMember("Memory"));
    CHECK_FALSE(doc["HostConfig"].HasMember("Ulimits"));
    CHECK_FALSE(doc["HostConfig"].HasMember("ExtraHosts"));
    CHECK_FALSE(doc.HasMember("NetworkingConfig"));
    CHECK(doc["Entrypoint"].IsArray());
    CHECK(doc["Entrypoint"].Empty());
}

TEST_CASE("objects: the engines' RFC 3339 times (networks' Created, volumes' CreatedAt) in epoch seconds")
{
    CHECK(epoch_seconds("2026-12-08T01:07:57Z") == 1796692077);
    CHECK(epoch_seconds("2026-12-08T01:07:57.668799177Z") == 1796692077);
    CHECK(epoch_seconds("2026-12-08T02:07:57.5+01:00") == 1796692077);
    CHECK(epoch_seconds("2026-12-07T20:07:57-05:00") == 1796692077);
    CHECK(epoch_seconds("1970-01-01T00:00:00Z") == 0);
    for (const char* text : {"", "0001-01-01", "2026-12-08 01:07:57Z", "2026-12-08T01:07:57", "2026-12-08T01:07:57+0100",
                             "2026-12-08T01:07:57Zjunk", "2026-1x-08T01:07:57Z"})
        CHECK_MESSAGE(epoch_seconds(text) == 0, text);
}

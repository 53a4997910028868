// work/worker_contract: the names a provisioner gives its worker, spelled as the reference's workers and our
// documentation (docs/local-provisioner.md) spell them, and the lists' encoding.

#include <doctest/doctest.h>

#include <string>

#include "packages/work/worker_contract.h"

using namespace mel::packages::work::contract;

TEST_CASE("worker contract: the per-name variables")
{
    CHECK(container_variable("build") == "MELODIUM_RUN_CONTAINER_build");
    CHECK(service_container_variable("postgres") == "MELODIUM_RUN_SERVICE_CONTAINER_postgres");
    CHECK(volume_variable("data") == "MELODIUM_RUN_VOLUME_data");
    CHECK(std::string(k_env_run_id) == "MELODIUM_RUN_ID");
    CHECK(std::string(k_env_group_id) == "MELODIUM_GROUP_ID");
    CHECK(std::string(k_executor_local_ns) == "local-ns");
}

TEST_CASE("worker contract: lists are names joined by ','")
{
    CHECK(join_names({}).empty());
    CHECK(join_names({"build"}) == "build");
    CHECK(join_names({"build", "test", "package"}) == "build,test,package");
    CHECK(listed("build,test,package", "test"));
    CHECK(listed("build,test,package", "package"));
    CHECK(listed("build", "build"));
    CHECK(!listed("build,test", "tes"));
    CHECK(!listed("build,test", "build,test"));
    // As reading items up to each ',': no item in an empty list, none after a final ','.
    CHECK(!listed("", ""));
    CHECK(!listed("a,", ""));
    CHECK(listed("a,,b", ""));
    CHECK(listed(join_names({"x", "y"}), "y"));
}

// work/ready_timeout: MELODIUM_SERVICE_READY_TIMEOUT is a whole number of seconds; anything else is an error
// naming the variable and the value.

#include <doctest/doctest.h>

#include <string>

#include "packages/work/ready_timeout.h"

using namespace mel::packages::work;

TEST_CASE("service ready timeout: unset or empty is the default")
{
    CHECK(parse_service_ready_timeout(nullptr).value() == 60);
    CHECK(parse_service_ready_timeout("").value() == 60);
}

TEST_CASE("service ready timeout: whole seconds from 1 to a day")
{
    CHECK(parse_service_ready_timeout("1").value() == 1);
    CHECK(parse_service_ready_timeout("5").value() == 5);
    CHECK(parse_service_ready_timeout("600").value() == 600);
    CHECK(parse_service_ready_timeout("86400").value() == 86400);
}

TEST_CASE("service ready timeout: anything else names the variable and the value")
{
    for (const char* bad :
         {"0", "-5", "abc", "5s", " 5", "5 ", "1.5", "+5", "86401", "99999999999999999999"}) {
        INFO(bad);
        const auto parsed = parse_service_ready_timeout(bad);
        REQUIRE(!parsed.ok());
        CHECK(parsed.error().message ==
              "MELODIUM_SERVICE_READY_TIMEOUT='" + std::string(bad) +
                  "' is not a timeout: give a whole number of seconds from 1 to 86400 (unset: 60)");
    }
}

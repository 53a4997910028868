#include <doctest/doctest.h>

#include <string>

#include "runtime/model/version.h"

TEST_CASE("the version line names the language version first")
{
    const std::string line = mel::version_line();
    CHECK(line.rfind("melodium 0.10.2 ", 0) == 0);
    CHECK(line.find(mel::k_implementation_version) != std::string::npos);
}

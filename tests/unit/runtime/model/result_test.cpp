#include <doctest/doctest.h>

#include <string>

#include "runtime/model/result.h"

using mel::Error;
using mel::Result;

TEST_CASE("Result holds a value or an error")
{
    Result<int> good = 42;
    CHECK(good.ok());
    CHECK(static_cast<bool>(good));
    CHECK(good.value() == 42);

    Result<int> bad = Error{"no such file"};
    CHECK_FALSE(bad.ok());
    CHECK(bad.error().message == "no such file");
}

TEST_CASE("Result moves its value out")
{
    Result<std::string> r = std::string(100, 'x');
    std::string taken = std::move(r).value();
    CHECK(taken.size() == 100);
}

TEST_CASE("Status success")
{
    mel::Status s = mel::success();
    CHECK(s.ok());
}

// Helpers of stdlib/native.h that are not a treatment: generated().

#include <doctest/doctest.h>

#include <string>

#include "stdlib/native.h"

using mel::stdlib::generated;

TEST_CASE("generated: f(0) … f(n-1), in order, allocated once")
{
    int calls = 0;
    const auto squares = generated(5, [&calls](std::size_t i) {
        ++calls;
        return static_cast<int>(i * i);
    });
    CHECK(squares == std::vector<int>{0, 1, 4, 9, 16});
    CHECK(calls == 5);
    CHECK(squares.capacity() == 5);
    CHECK(generated(0, [](std::size_t) { return 1; }).empty());
    const auto texts = generated(2, [](std::size_t i) { return std::string(i + 1, 'x'); });
    CHECK(texts == std::vector<std::string>{"x", "xx"});
}

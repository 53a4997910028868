#include "runtime/model/assert.h"

#include <cstdio>
#include <cstdlib>

namespace mel::detail {

void assertion_failed(const char* condition, const char* message, const char* file, int line)
{
    std::fprintf(stderr, "melodium: internal error: %s (%s) at %s:%d\n", message, condition, file, line);
    std::fflush(stderr);
    std::abort();
}

} // namespace mel::detail

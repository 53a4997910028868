#include "runtime/model/version.h"

#include <fmt/format.h>

namespace mel {

std::string version_line()
{
    return fmt::format("melodium {} (melodium-cpp {})", k_language_version, k_implementation_version);
}

} // namespace mel

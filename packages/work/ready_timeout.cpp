// MELODIUM_SERVICE_READY_TIMEOUT (ready_timeout.h).

#include "packages/work/ready_timeout.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

namespace mel::packages::work {

Result<unsigned> parse_service_ready_timeout(const char* value)
{
    return parse_timeout_variable(k_env_service_ready_timeout, value, k_default_service_ready_timeout);
}

Result<unsigned> parse_timeout_variable(const char* name, const char* value, unsigned fallback)
{
    if (!value || !*value)
        return fallback;
    const std::string_view text(value);
    unsigned seconds = 0;
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (failure != std::errc{} || end != text.data() + text.size() || seconds == 0 ||
        seconds > k_max_service_ready_timeout)
        return Error{fmt::format(
            "{}='{}' is not a timeout: give a whole number of seconds from 1 to {} (unset: {})",
            name, text, k_max_service_ready_timeout, fallback)};
    return seconds;
}

Result<unsigned> service_ready_timeout_from_environment()
{
    return parse_service_ready_timeout(std::getenv(k_env_service_ready_timeout));
}

} // namespace mel::packages::work

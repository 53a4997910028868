#include "stdlib/function_args.h"

#include <fmt/format.h>

namespace mel::stdlib {

Error argument_error(std::string_view function, std::size_t index, const Value& got)
{
    return Error{fmt::format("{}: argument {} has the unexpected kind {}", function, index + 1,
                             kind_name(got.kind()))};
}

} // namespace mel::stdlib

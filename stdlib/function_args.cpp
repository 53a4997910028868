#include "stdlib/function_args.h"

#include <fmt/format.h>

namespace mel::stdlib {

Error argument_error(std::string_view function, std::size_t index, const Value& got)
{
    return Error{fmt::format("{}: argument {} has the unexpected kind {}", function, index + 1,
                             kind_name(got.kind()))};
}

std::vector<std::byte> byte_vector(const Value& bytes)
{
    std::vector<std::byte> out;
    out.reserve(bytes.as_vec().size());
    for (const Value& b : bytes.as_vec())
        out.push_back(static_cast<std::byte>(b.as_byte()));
    return out;
}

Value byte_vector_value(std::string_view bytes)
{
    std::vector<Value> out;
    out.reserve(bytes.size());
    for (const char c : bytes)
        out.push_back(Value::byte(static_cast<std::uint8_t>(c)));
    return Value::vec(std::move(out));
}

} // namespace mel::stdlib

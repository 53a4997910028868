// std/text/compare — reference: libs/std-mel/src/text/compare/mod.rs (std.md §2.12). Exact comparisons of
// strings (by code points: no normalisation, case-sensitive).

#include <functional>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

using Test = bool (*)(std::string_view text, std::string_view other);

/// For the treatments: `test(text, other)` where `other` is the track's parameter `param`.
auto against_param(std::string_view param, Test test)
{
    return [param, test](const TreatmentContext& ctx) {
        return [other = ctx.param(param).as_string(), test](const std::string& text) {
            return test(text, other);
        };
    };
}

/// `|function(text: string, other: string) -> bool` and `treatment(var other: string)` from `text` to `port`.
void member(AreaBuilder& area, const char* treatment, const char* function, const char* other, const char* port,
            const char* doc, Test test)
{
    area.function(function)
        .param("text", "string")
        .param(other, "string")
        .returns("bool")
        .doc(doc)
        .body([function, test](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            for (std::size_t i = 0; i < 2; ++i)
                if (args[i].kind() != Value::Kind::String)
                    return argument_error(std::string("|") + function, i, args[i]);
            return Value::boolean(test(args[0].as_string(), args[1].as_string()));
        });
    const std::string_view param = other;
    area.treatment(treatment)
        .param(other, "string")
        .input("text", "Stream<string>")
        .output(port, "Stream<bool>")
        .doc(std::string(doc) + "\n\nApplied to each string of the stream, in order.")
        .implementation(native(map_treatment<std::string>("text", port, against_param(param, test))));
}

} // namespace

void register_text_compare(Registry& registry)
{
    auto area = registry.area("std/text/compare");
    member(area, "contains", "contains", "substring", "contains",
           "Whether `substring` appears in the text (an empty substring always does).",
           [](std::string_view t, std::string_view s) { return t.find(s) != std::string_view::npos; });
    member(area, "exact", "exact", "pattern", "matches", "Whether the text is exactly `pattern`.",
           [](std::string_view t, std::string_view p) { return t == p; });
    member(area, "startsWith", "starts_with", "pattern", "matches", "Whether the text starts with `pattern`.",
           [](std::string_view t, std::string_view p) { return t.starts_with(p); });
    member(area, "endsWith", "ends_with", "pattern", "matches", "Whether the text ends with `pattern`.",
           [](std::string_view t, std::string_view p) { return t.ends_with(p); });
}

} // namespace mel::stdlib

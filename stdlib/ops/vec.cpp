// std/ops/vec — reference: libs/std-mel/src/ops/vec/mod.rs (std.md §2.11): membership and concatenation of
// vectors (their block forms: stdlib/ops/vec/block.cpp). Quirk kept: the output of `concat` is named
// `concatened`.

#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/pairwise.h"
#include "stdlib/ops/vec.h"

namespace mel::stdlib {

namespace {

bool contains(const Value& vector, const Value& value)
{
    for (const Value& element : vector.as_vec())
        if (element == value)
            return true;
    return false;
}

} // namespace

Value membership(const Value& value, const Value& vector)
{
    return Value::boolean(contains(vector, value));
}

Value concatenation(const Value& first, const Value& second)
{
    std::vector<Value> out = first.as_vec();
    out.insert(out.end(), second.as_vec().begin(), second.as_vec().end());
    return Value::vec(std::move(out));
}

void register_ops_vec(Registry& registry)
{
    auto area = registry.area("std/ops/vec");

    area.function("contains")
        .generic("T", {Trait::PartialEquality})
        .param("vector", "Vec<T>")
        .param("value", "T")
        .returns("bool")
        .doc("Whether `vector` holds an element equal to `value`.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            if (args[0].kind() != Value::Kind::Vec)
                return argument_error("|contains", 0, args[0]);
            return Value::boolean(contains(args[0], args[1]));
        });
    area.treatment("contains")
        .generic("T", {Trait::PartialEquality})
        .input("value", "Stream<T>")
        .input("vec", "Stream<Vec<T>>")
        .output("contains", "Stream<bool>")
        .doc("Whether each vector of `vec` holds the value of `value` taken with it (pairwise).")
        .implementation(native(pairwise_treatment("contains", membership, "value", "vec")));
    area.function("concat")
        .generic("T")
        .param("first", "Vec<T>")
        .param("second", "Vec<T>")
        .returns("Vec<T>")
        .doc("The elements of `first` followed by those of `second`.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            for (std::size_t i = 0; i < 2; ++i)
                if (args[i].kind() != Value::Kind::Vec)
                    return argument_error("|concat", i, args[i]);
            return concatenation(args[0], args[1]);
        });
    area.treatment("concat")
        .generic("T")
        .input("first", "Stream<Vec<T>>")
        .input("second", "Stream<Vec<T>>")
        .output("concatened", "Stream<Vec<T>>")
        .doc("Each vector of `first` followed by the vector of `second` taken with it (pairwise).\n\n"
             "The output is named `concatened`, as in the reference.")
        .implementation(native(pairwise_treatment("concatened", concatenation, "first", "second")));

}

} // namespace mel::stdlib

// std/ops/vec and std/ops/vec/block — reference: libs/std-mel/src/ops/vec/ (std.md §2.11): membership and
// concatenation of vectors. Quirk kept: the output of `concat` is named `concatened`.

#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/pairwise.h"

namespace mel::stdlib {

namespace {

bool contains(const Value& vector, const Value& value)
{
    for (const Value& element : vector.as_vec())
        if (element == value)
            return true;
    return false;
}

Value concatenation(const Value& first, const Value& second)
{
    std::vector<Value> out = first.as_vec();
    out.insert(out.end(), second.as_vec().begin(), second.as_vec().end());
    return Value::vec(std::move(out));
}

/// Block treatment: `combine(x, y)` once both blocks have arrived; nothing if either never does.
template<class Combine> auto blocks_treatment(const char* x, const char* y, const char* port, Combine combine)
{
    return [x, y, port, combine](TreatmentContext& ctx) -> Task<> {
        auto& out = ctx.output(port);
        auto first = co_await ctx.input(x).recv_one();
        if (!first)
            co_return;
        auto second = co_await ctx.input(y).recv_one();
        if (!second)
            co_return;
        co_await out.send_one(combine(*first, *second));
    };
}

} // namespace

void register_ops_vec(Registry& registry)
{
    auto area = registry.area("std/ops/vec");
    const auto in = [](const Value& value, const Value& vector) { return Value::boolean(contains(vector, value)); };

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
        .implementation(native(pairwise_treatment("contains", in, "value", "vec")));
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

    auto block = registry.area("std/ops/vec/block");
    block.treatment("contains")
        .generic("T", {Trait::PartialEquality})
        .input("value", "Block<T>")
        .input("vec", "Block<Vec<T>>")
        .output("contains", "Block<bool>")
        .doc("Whether `vec` holds `value`, once both have arrived.")
        .implementation(native(blocks_treatment("value", "vec", "contains", in)));
    block.treatment("concat")
        .generic("T")
        .input("first", "Block<Vec<T>>")
        .input("second", "Block<Vec<T>>")
        .output("concatened", "Block<Vec<T>>")
        .doc("`first` followed by `second`, once both have arrived.")
        .implementation(native(blocks_treatment("first", "second", "concatened", concatenation)));
}

} // namespace mel::stdlib

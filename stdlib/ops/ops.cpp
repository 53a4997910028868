// std/ops — reference: libs/std-mel/src/ops/mod.rs (std.md §2.5): comparisons, min/max/clamp and |condition.
// The block comparisons `std/ops/block::equal`/`equalTo` are written in Mélodium: stdlib/mel/ops/block.mel.
// Ordering (std.md §1): numbers by value (floats IEEE: every comparison with NaN is false), bool false < true,
// char by code point, string by UTF-8 bytes. Decision: `clamp` with min > max (or a NaN bound), where the
// reference panics, is a function failure (a treatment failure for the stream form).

#include <cmath>
#include <compare>
#include <functional>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/numeric.h"
#include "stdlib/ops/pairwise.h"

namespace mel::stdlib {

namespace {

/// How `a` compares with `b` (same kind; the traits guarantee an ordered scalar).
std::partial_ordering order(const Value& a, const Value& b)
{
    using Kind = Value::Kind;
    if (a.kind() != b.kind())
        throw EngineError("std/ops: comparing a " + std::string(kind_name(a.kind())) + " with a " +
                          std::string(kind_name(b.kind())));
    switch (a.kind()) {
    case Kind::Bool: return a.as_bool() <=> b.as_bool();
    case Kind::Byte: return a.as_byte() <=> b.as_byte();
    case Kind::Char: return a.as_char() <=> b.as_char();
    case Kind::String: return a.as_string().compare(b.as_string()) <=> 0;
    default: break;
    }
    std::partial_ordering result = std::partial_ordering::unordered;
    const auto r = visit_number(
        a,
        [&]<class T>(T x) -> Result<Value> {
            const T y = b.get<T>();
            result = x < y ? std::partial_ordering::less
                     : y < x ? std::partial_ordering::greater
                     : x == y ? std::partial_ordering::equivalent
                              : std::partial_ordering::unordered;
            return Value();
        },
        Error{"not ordered"});
    if (!r.ok())
        throw EngineError("std/ops: a " + std::string(kind_name(a.kind())) + " has no order");
    return result;
}

bool is_nan(const Value& v)
{
    return (v.kind() == Value::Kind::F32 && std::isnan(v.as_f32())) ||
           (v.kind() == Value::Kind::F64 && std::isnan(v.as_f64()));
}

/// The smaller of two values; a NaN operand is ignored (the other is returned).
const Value& smaller(const Value& a, const Value& b)
{
    if (is_nan(a))
        return b;
    if (is_nan(b))
        return a;
    return order(b, a) < 0 ? b : a;
}

/// The larger of two values; a NaN operand is ignored.
const Value& larger(const Value& a, const Value& b)
{
    if (is_nan(a))
        return b;
    if (is_nan(b))
        return a;
    return order(b, a) >= 0 ? b : a;
}

Value clamped(const Value& v, const Value& low, const Value& high)
{
    if (is_nan(low) || is_nan(high) || order(low, high) > 0)
        throw EngineError("clamp: the minimum is greater than the maximum, or a bound is NaN");
    if (order(v, low) < 0)
        return low;
    if (order(v, high) > 0)
        return high;
    return v;
}

Pairwise comparison(bool (*holds)(std::partial_ordering))
{
    return [holds](const Value& a, const Value& b) { return Value::boolean(holds(order(a, b))); };
}

/// For clamp: each value clamped between the track's `min` and `max`.
auto clamped_to_params(const TreatmentContext& ctx)
{
    const Value low = ctx.param("min");
    const Value high = ctx.param("max");
    return [low, high](const Value& v) { return clamped(v, low, high); };
}

} // namespace

void register_ops(Registry& registry)
{
    auto area = registry.area("std/ops");
    using Tr = Trait;

    area.function("condition")
        .generic("T")
        .param("condition", "bool")
        .param("a", "T")
        .param("b", "T")
        .returns("T")
        .doc("`a` when `condition` is true, `b` otherwise.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 3);
            if (args[0].kind() != Value::Kind::Bool)
                return argument_error("|condition", 0, args[0]);
            return args[0].as_bool() ? args[1] : args[2];
        });

    pairwise(area, "equal", "equal", Tr::PartialEquality, "result", "bool",
             "Whether `a` equals `b` (for floats, NaN is equal to nothing).",
             [](const Value& a, const Value& b) { return Value::boolean(a == b); });
    pairwise(area, "notEqual", "not_equal", Tr::PartialEquality, "result", "bool",
             "Whether `a` differs from `b` (for floats, NaN differs from everything).",
             [](const Value& a, const Value& b) { return Value::boolean(!(a == b)); });
    pairwise(area, "greaterThan", "gt", Tr::PartialOrder, "is", "bool", "Whether `a` is greater than `b`.",
             comparison([](std::partial_ordering o) { return o > 0; }));
    pairwise(area, "greaterEqual", "ge", Tr::PartialOrder, "is", "bool",
             "Whether `a` is greater than or equal to `b`.", comparison([](std::partial_ordering o) { return o >= 0; }));
    pairwise(area, "lowerThan", "lt", Tr::PartialOrder, "is", "bool", "Whether `a` is lower than `b`.",
             comparison([](std::partial_ordering o) { return o < 0; }));
    pairwise(area, "lowerEqual", "le", Tr::PartialOrder, "is", "bool", "Whether `a` is lower than or equal to `b`.",
             comparison([](std::partial_ordering o) { return o <= 0; }));
    pairwise(area, "min", "min", Tr::Order, "min", "T",
             "The smaller of `a` and `b`; for floats, a NaN operand is ignored (the other one is given).",
             [](const Value& a, const Value& b) { return smaller(a, b); });
    pairwise(area, "max", "max", Tr::Order, "max", "T",
             "The larger of `a` and `b`; for floats, a NaN operand is ignored (the other one is given).",
             [](const Value& a, const Value& b) { return larger(a, b); });

    area.function("clamp")
        .generic("T", {Tr::Order})
        .param("value", "T")
        .param("min", "T")
        .param("max", "T")
        .returns("T")
        .doc("`value` restricted to [`min`, `max`].\n\nFails when `min` is greater than `max` or a bound is NaN.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 3);
            try {
                return clamped(args[0], args[1], args[2]);
            } catch (const EngineError& e) {
                return Error{std::string("|clamp: ") + e.what()};
            }
        });
    area.treatment("clamp")
        .generic("T", {Tr::Order})
        .param("min", "T")
        .param("max", "T")
        .input("value", "Stream<T>")
        .output("clamped", "Stream<T>")
        .doc("Each value restricted to [`min`, `max`].\n\nThe treatment fails when `min` is greater than `max` or a "
             "bound is NaN.")
        .implementation(native(map_treatment<Value>("value", "clamped", clamped_to_params)));
}

} // namespace mel::stdlib

// std/ops/num — reference: libs/std-mel/src/ops/num.rs, arithmetic rules in
// melodium-common/src/executive/value/traits.rs (std.md §0.4, §2.6).
// Quirks replicated: plain integer addition wraps (the reference ships without overflow checks); integer
// division by zero gives 0. Decision: MIN / -1, where the reference panics, is a function failure here.

#include <cmath>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/numeric.h"

namespace mel::stdlib {

namespace {

/// Applies `op(a, b)` to two numbers of the same kind.
template<class Op> Result<Value> binary(std::string_view function, std::span<const Value> args, Op op)
{
    expect_arity(args, 2);
    if (args[0].kind() != args[1].kind())
        return argument_error(function, 1, args[1]);
    return visit_number(
        args[0], [&]<class T>(T a) -> Result<Value> { return op(a, args[1].get<T>()); },
        argument_error(function, 0, args[0]));
}

template<class T> T wrapping_add(T a, T b)
{
    using U = make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}

// |add<N: Add>(a: N, b: N) -> N
Result<Value> add_body(std::span<const Type>, std::span<const Value> args)
{
    return binary("|add", args, []<class T>(T a, T b) -> Result<Value> {
        if constexpr (is_integer_v<T>)
            return number_value(wrapping_add(a, b));
        else
            return number_value(static_cast<T>(a + b));
    });
}

// |saturating_add<N: SaturatingAdd>(a: N, b: N) -> N (integers only)
Result<Value> saturating_add_body(std::span<const Type>, std::span<const Value> args)
{
    return binary("|saturating_add", args, []<class T>(T a, T b) -> Result<Value> {
        if constexpr (is_integer_v<T>) {
            T sum;
            if (!__builtin_add_overflow(a, b, &sum))
                return number_value(sum);
            // Only possible when b pushes a past a bound in b's direction.
            return number_value(b > T(0) ? limits<T>::max() : limits<T>::min());
        } else {
            return Error{"|saturating_add: floats do not implement SaturatingAdd"};
        }
    });
}

// |div<N: Div>(a: N, b: N) -> N
Result<Value> div_body(std::span<const Type>, std::span<const Value> args)
{
    return binary("|div", args, []<class T>(T a, T b) -> Result<Value> {
        if constexpr (is_integer_v<T>) {
            if (b == T(0))
                return number_value(T(0));
            if constexpr (is_signed_integer_v<T>)
                if (a == limits<T>::min() && b == T(-1))
                    return Error{"|div: attempt to divide with overflow"};
            return number_value(static_cast<T>(a / b));
        } else {
            return number_value(static_cast<T>(a / b));
        }
    });
}

/// Integers: greater than zero. Floats: sign bit clear (+0.0 and +NaN are positive).
bool is_positive(const Value& v)
{
    auto r = visit_number(
        v,
        []<class T>(T x) -> Result<Value> {
            if constexpr (is_integer_v<T>)
                return Value::boolean(x > T(0));
            else
                return Value::boolean(!std::signbit(x));
        },
        Error{"not a number"});
    if (!r.ok())
        throw EngineError(std::string("isPositive: a ") + std::string(kind_name(v.kind())) + " is not a number");
    return r.value().as_bool();
}

Task<> is_positive_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& positive = ctx.output("positive");
    while (auto batch = co_await value.recv_many()) {
        std::vector<bool> out(batch->size());
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = is_positive(batch->value_at(i));
        if (const auto outcome = co_await positive.send_many(Batch::of(std::move(out))); !outcome)
            break;
    }
}

} // namespace

void register_ops_num(Registry& registry)
{
    auto area = registry.area("std/ops/num");

    area.function("add")
        .generic("N", {Trait::Add})
        .param("a", "N")
        .param("b", "N")
        .returns("N")
        .doc("The sum of `a` and `b`.\n\n"
             "Integers wrap around on overflow (`|add<u8>(255, 1)` is 0); floats follow IEEE 754.")
        .body(add_body);

    area.function("saturating_add")
        .generic("N", {Trait::SaturatingAdd})
        .param("a", "N")
        .param("b", "N")
        .returns("N")
        .doc("The sum of `a` and `b`, held at the type's minimum or maximum instead of overflowing.")
        .body(saturating_add_body);

    area.function("div")
        .generic("N", {Trait::Div})
        .param("a", "N")
        .param("b", "N")
        .returns("N")
        .doc("The quotient of `a` by `b`.\n\n"
             "Integer division truncates toward zero, and dividing an integer by zero gives 0. Dividing "
             "the smallest signed integer by −1 overflows and fails. Floats follow IEEE 754 (division by "
             "zero gives an infinity or NaN).")
        .body(div_body);

    area.treatment("isPositive")
        .generic("N", {Trait::Signed})
        .input("value", "Stream<N>")
        .output("positive", "Stream<bool>")
        .doc("Tell, for each value, whether it is positive.\n\n"
             "Integers are positive when greater than zero. Floats are positive when their sign bit is "
             "clear, which includes +0.0 and +∞.")
        .implementation(native(is_positive_body));
}

} // namespace mel::stdlib

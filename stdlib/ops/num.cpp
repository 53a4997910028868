// std/ops/num — reference: libs/std-mel/src/ops/num.rs, arithmetic rules in
// melodium-common/src/executive/value/traits.rs (std.md §0.4, §2.6).
//
// Each operation is written once, on one typed number (the structs below), and both forms are built from it:
// the function `|op` applies it to two Values, the treatment `op` to aligned typed batches, so a stream of
// u64 is added as two contiguous arrays into a third.
// Quirks replicated: plain integer add/sub/mul/neg/pow wrap (the reference ships without overflow checks);
// integer division and remainder by zero give 0; the treatment `sub` is bound by `Add`. Decision: MIN / -1 and
// MIN % -1, where the reference panics, are a function failure (a treatment failure for the streams).

#include <cmath>
#include <functional>
#include <optional>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/elementwise.h"
#include "stdlib/ops/numeric.h"

namespace mel::stdlib {

namespace {

/// A failure the reference panics on (MIN / -1); an operation only used with integers applied to a float.
[[noreturn]] void arithmetic_fault(std::string_view what)
{
    throw EngineError(std::string(what));
}

template<class T> using U = make_unsigned_t<T>;

template<class T> T wrap_add(T a, T b) { return static_cast<T>(static_cast<U<T>>(static_cast<U<T>>(a) + static_cast<U<T>>(b))); }
template<class T> T wrap_sub(T a, T b) { return static_cast<T>(static_cast<U<T>>(static_cast<U<T>>(a) - static_cast<U<T>>(b))); }
template<class T> T wrap_mul(T a, T b) { return static_cast<T>(static_cast<U<T>>(static_cast<U<T>>(a) * static_cast<U<T>>(b))); }
template<class T> T wrap_neg(T a) { return static_cast<T>(static_cast<U<T>>(U<T>(0) - static_cast<U<T>>(a))); }

template<class T> constexpr bool is_min_div_minus_one(T a, T b)
{
    if constexpr (is_signed_integer_v<T>)
        return a == limits<T>::min() && b == T(-1);
    else
        return false;
}

// ---- binary operations: `T operator()(T, T)` or `std::optional<T> operator()(T, T)` ----------------------

struct Add {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>)
            return wrap_add(a, b);
        else
            return static_cast<T>(a + b);
    }
};
struct Sub {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>)
            return wrap_sub(a, b);
        else
            return static_cast<T>(a - b);
    }
};
struct Mul {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>)
            return wrap_mul(a, b);
        else
            return static_cast<T>(a * b);
    }
};

/// Integer-only operations (Checked*, Saturating*, Wrapping*, Pow): the traits keep floats out of them.
#define MEL_INTEGERS_ONLY(name)                                                                                \
    if constexpr (!is_integer_v<T>)                                                                            \
        arithmetic_fault(name ": floats do not implement this operation");                                     \
    else

struct CheckedAdd {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_add")
        {
            T r;
            if (__builtin_add_overflow(a, b, &r))
                return std::nullopt;
            return r;
        }
    }
};
struct CheckedSub {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_sub")
        {
            T r;
            if (__builtin_sub_overflow(a, b, &r))
                return std::nullopt;
            return r;
        }
    }
};
struct CheckedMul {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_mul")
        {
            T r;
            if (__builtin_mul_overflow(a, b, &r))
                return std::nullopt;
            return r;
        }
    }
};
struct SaturatingAdd {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("saturating_add")
        {
            T r;
            if (!__builtin_add_overflow(a, b, &r))
                return r;
            // Only possible when b pushes a past the bound in b's direction.
            return b > T(0) ? limits<T>::max() : limits<T>::min();
        }
    }
};
struct SaturatingSub {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("saturating_sub")
        {
            T r;
            if (!__builtin_sub_overflow(a, b, &r))
                return r;
            if constexpr (is_signed_integer_v<T>)
                return b < T(0) ? limits<T>::max() : limits<T>::min();
            else
                return T(0);
        }
    }
};
struct SaturatingMul {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("saturating_mul")
        {
            T r;
            if (!__builtin_mul_overflow(a, b, &r))
                return r;
            return (a < T(0)) != (b < T(0)) ? limits<T>::min() : limits<T>::max();
        }
    }
};
struct WrappingAdd {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("wrapping_add") { return wrap_add(a, b); }
    }
};
struct WrappingSub {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("wrapping_sub") { return wrap_sub(a, b); }
    }
};
struct WrappingMul {
    template<class T> T operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("wrapping_mul") { return wrap_mul(a, b); }
    }
};

struct Div {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>) {
            if (b == T(0))
                return T(0);
            if (is_min_div_minus_one(a, b))
                arithmetic_fault("div: attempt to divide with overflow");
            return static_cast<T>(a / b);
        } else {
            return static_cast<T>(a / b);
        }
    }
};
struct CheckedDiv {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_div")
        {
            if (b == T(0) || is_min_div_minus_one(a, b))
                return std::nullopt;
            return static_cast<T>(a / b);
        }
    }
};
struct Rem {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>) {
            if (b == T(0))
                return T(0);
            if (is_min_div_minus_one(a, b))
                arithmetic_fault("rem: attempt to calculate the remainder with overflow");
            return static_cast<T>(a % b);
        } else {
            return static_cast<T>(std::fmod(a, b));
        }
    }
};
struct CheckedRem {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_rem")
        {
            if (b == T(0) || is_min_div_minus_one(a, b))
                return std::nullopt;
            return static_cast<T>(a % b);
        }
    }
};

/// Euclidean quotient and remainder (the remainder is never negative), b ≠ 0 and not MIN / -1.
template<class T> T euclid_quotient(T a, T b)
{
    if constexpr (is_integer_v<T>) {
        const T q = static_cast<T>(a / b);
        if constexpr (is_signed_integer_v<T>)
            if (static_cast<T>(a % b) < T(0))
                return b > T(0) ? static_cast<T>(q - 1) : static_cast<T>(q + 1);
        return q;
    } else {
        const T q = std::trunc(a / b);
        if (std::fmod(a, b) < T(0))
            return b > T(0) ? q - T(1) : q + T(1);
        return q;
    }
}
template<class T> T euclid_remainder(T a, T b)
{
    if constexpr (is_integer_v<T>) {
        const T r = static_cast<T>(a % b);
        if constexpr (is_signed_integer_v<T>)
            if (r < T(0))
                return b < T(0) ? wrap_sub(r, b) : wrap_add(r, b);
        return r;
    } else {
        const T r = std::fmod(a, b);
        return r < T(0) ? r + std::fabs(b) : r;
    }
}

struct EuclidDiv {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>) {
            if (b == T(0))
                return T(0);
            if (is_min_div_minus_one(a, b))
                return a; // wraps to MIN
        }
        return euclid_quotient(a, b);
    }
};
struct EuclidRem {
    template<class T> T operator()(T a, T b) const
    {
        if constexpr (is_integer_v<T>)
            if (b == T(0) || is_min_div_minus_one(a, b))
                return T(0);
        return euclid_remainder(a, b);
    }
};
struct CheckedEuclidDiv {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_euclid_div")
        {
            if (b == T(0) || is_min_div_minus_one(a, b))
                return std::nullopt;
            return euclid_quotient(a, b);
        }
    }
};
struct CheckedEuclidRem {
    template<class T> std::optional<T> operator()(T a, T b) const
    {
        MEL_INTEGERS_ONLY("checked_euclid_rem")
        {
            if (b == T(0) || is_min_div_minus_one(a, b))
                return std::nullopt;
            return euclid_remainder(a, b);
        }
    }
};

// ---- unary operations ------------------------------------------------------------------------------------

/// Signed-only operations: the traits keep unsigned integers out of them.
#define MEL_SIGNED_ONLY(name)                                                                                  \
    if constexpr (is_unsigned_integer_v<T>)                                                                    \
        arithmetic_fault(name ": unsigned integers do not implement this operation");                          \
    else

struct Abs {
    template<class T> std::optional<T> operator()(T v) const
    {
        MEL_SIGNED_ONLY("abs")
        {
            if constexpr (is_integer_v<T>) {
                if (v == limits<T>::min())
                    return std::nullopt;
                return v < T(0) ? static_cast<T>(-v) : v;
            } else {
                return std::fabs(v);
            }
        }
    }
};
struct Signum {
    template<class T> T operator()(T v) const
    {
        MEL_SIGNED_ONLY("signum")
        {
            if constexpr (is_integer_v<T>)
                return v > T(0) ? T(1) : v < T(0) ? T(-1) : T(0);
            else
                return std::isnan(v) ? v : std::copysign(T(1), v);
        }
    }
};
/// Integers: greater than zero. Floats: sign bit clear (+0.0 and +NaN are positive).
struct IsPositive {
    template<class T> bool operator()(T v) const
    {
        MEL_SIGNED_ONLY("is_positive")
        {
            if constexpr (is_integer_v<T>)
                return v > T(0);
            else
                return !std::signbit(v);
        }
    }
};
struct IsNegative {
    template<class T> bool operator()(T v) const
    {
        MEL_SIGNED_ONLY("is_negative")
        {
            if constexpr (is_integer_v<T>)
                return v < T(0);
            else
                return std::signbit(v);
        }
    }
};
struct Neg {
    template<class T> T operator()(T v) const
    {
        MEL_SIGNED_ONLY("neg")
        {
            if constexpr (is_integer_v<T>)
                return wrap_neg(v);
            else
                return -v;
        }
    }
};
struct CheckedNeg {
    template<class T> std::optional<T> operator()(T v) const
    {
        MEL_SIGNED_ONLY("checked_neg")
        {
            MEL_INTEGERS_ONLY("checked_neg")
            {
                if (v == limits<T>::min())
                    return std::nullopt;
                return static_cast<T>(-v);
            }
        }
    }
};
struct WrappingNeg {
    template<class T> T operator()(T v) const
    {
        MEL_SIGNED_ONLY("wrapping_neg")
        {
            MEL_INTEGERS_ONLY("wrapping_neg") { return wrap_neg(v); }
        }
    }
};

/// `value` to the power `exp`, by squaring; `checked` gives nullopt on overflow, otherwise it wraps.
template<class T> std::optional<T> power(T base, std::uint32_t exp, bool checked)
{
    T result = T(1);
    bool overflow = false;
    for (;;) {
        if (exp & 1u)
            overflow |= __builtin_mul_overflow(result, base, &result);
        exp >>= 1;
        if (exp == 0)
            break;
        overflow |= __builtin_mul_overflow(base, base, &base);
    }
    if (checked && overflow)
        return std::nullopt;
    return result;
}

struct Pow {
    std::uint32_t exp;
    template<class T> T operator()(T v) const
    {
        MEL_INTEGERS_ONLY("pow") { return *power(v, exp, false); }
    }
};
struct CheckedPow {
    std::uint32_t exp;
    template<class T> std::optional<T> operator()(T v) const
    {
        MEL_INTEGERS_ONLY("checked_pow") { return power(v, exp, true); }
    }
};

#undef MEL_INTEGERS_ONLY
#undef MEL_SIGNED_ONLY

// ---- the two forms ----------------------------------------------------------------------------------------

/// Function body: `|name(val: N, exp: u32)`.
template<class Op> auto pow_function(std::string_view name)
{
    return [name](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 2);
        if (args[1].kind() != Value::Kind::U32)
            return argument_error(name, 1, args[1]);
        const Op op{args[1].as_u32()};
        return call_checked(name, [&] {
            return visit_number(
                args[0], [&]<class T>(T v) -> Result<Value> { return to_value(op(v)); },
                argument_error(name, 0, args[0]));
        });
    };
}

template<class Op> auto with_exp()
{
    return [](const TreatmentContext& ctx) { return Op{ctx.param("exp").as_u32()}; };
}

struct BinaryMember {
    std::string_view treatment;
    std::string_view function;
    Trait trait;
    Trait treatment_trait; // the reference's bound on the treatment (differs for `sub`)
    std::string_view port;
    bool optional;
    std::string_view doc;
};

void register_binary(AreaBuilder& area, const BinaryMember& m, std::function<Task<>(TreatmentContext&)> treatment,
                     FunctionBody function)
{
    const std::string result = m.optional ? "Option<N>" : "N";
    area.function(std::string(m.function))
        .generic("N", {m.trait})
        .param("a", "N")
        .param("b", "N")
        .returns(result)
        .doc(std::string(m.doc))
        .body(std::move(function));
    area.treatment(std::string(m.treatment))
        .generic("N", {m.treatment_trait})
        .input("a", "Stream<N>")
        .input("b", "Stream<N>")
        .output(std::string(m.port), "Stream<" + result + ">")
        .doc(std::string(m.doc) + "\n\nValues of `a` and `b` are taken pairwise; the stream ends as soon as "
                                  "either input is exhausted.")
        .implementation(native(std::move(treatment)));
}

template<class Op> void binary(AreaBuilder& area, const BinaryMember& m)
{
    register_binary(area, m, binary_treatment<Op>(m.port), binary_function<Op>(m.function));
}

struct UnaryMember {
    std::string_view treatment;
    std::string_view function;
    Trait trait;
    std::string_view param; // the function's parameter name
    std::string_view port;
    std::string_view result; // "N", "Option<N>" or "bool"
    std::string_view doc;
};

template<class Op> void unary(AreaBuilder& area, const UnaryMember& m)
{
    area.function(std::string(m.function))
        .generic("N", {m.trait})
        .param(std::string(m.param), "N")
        .returns(m.result)
        .doc(std::string(m.doc))
        .body(unary_function<Op>(m.function));
    area.treatment(std::string(m.treatment))
        .generic("N", {m.trait})
        .input("value", "Stream<N>")
        .output(std::string(m.port), "Stream<" + std::string(m.result) + ">")
        .doc(std::string(m.doc) + "\n\nApplied to each value of the stream, in order.")
        .implementation(native(unary_treatment(m.port, without_params<Op>())));
}

template<class Op> void pow_member(AreaBuilder& area, std::string_view treatment, std::string_view function,
                                   Trait trait, std::string_view result, std::string_view doc)
{
    area.function(std::string(function))
        .generic("N", {trait})
        .param("val", "N")
        .param("exp", "u32")
        .returns(result)
        .doc(std::string(doc))
        .body(pow_function<Op>(function));
    area.treatment(std::string(treatment))
        .generic("N", {trait})
        .param("exp", "u32")
        .input("value", "Stream<N>")
        .output("pow", "Stream<" + std::string(result) + ">")
        .doc(std::string(doc) + "\n\nApplied to each value of the stream, in order.")
        .implementation(native(unary_treatment("pow", with_exp<Op>())));
}

} // namespace

void register_ops_num(Registry& registry)
{
    auto area = registry.area("std/ops/num");
    using T = Trait;

    unary<Abs>(area, {"abs", "abs", T::Signed, "value", "abs", "Option<N>",
                      "The absolute value.\n\nNone for the smallest signed integer (its absolute value does not "
                      "fit); always some for floats."});
    unary<Signum>(area, {"signum", "signum", T::Signed, "value", "sign", "N",
                         "The sign: -1, 0 or 1 for integers; 1 or -1 for floats following their sign bit "
                         "(+0.0 gives 1, -0.0 gives -1), NaN for NaN."});
    unary<IsPositive>(area, {"isPositive", "is_positive", T::Signed, "value", "positive", "bool",
                             "Whether the value is positive.\n\nIntegers are positive when greater than zero. "
                             "Floats are positive when their sign bit is clear, which includes +0.0 and +∞."});
    unary<IsNegative>(area, {"isNegative", "is_negative", T::Signed, "value", "negative", "bool",
                             "Whether the value is negative.\n\nIntegers are negative when less than zero. "
                             "Floats are negative when their sign bit is set, which includes -0.0 and -∞."});

    binary<Add>(area, {"add", "add", T::Add, T::Add, "sum", false,
                       "The sum of `a` and `b`.\n\nIntegers wrap around on overflow (`|add<u8>(255, 1)` is 0); "
                       "floats follow IEEE 754."});
    binary<CheckedAdd>(area, {"checkedAdd", "checked_add", T::CheckedAdd, T::CheckedAdd, "sum", true,
                              "The sum of `a` and `b`, or none if it overflows."});
    binary<SaturatingAdd>(area, {"saturatingAdd", "saturating_add", T::SaturatingAdd, T::SaturatingAdd, "sum", false,
                                 "The sum of `a` and `b`, held at the type's minimum or maximum instead of "
                                 "overflowing."});
    binary<WrappingAdd>(area, {"wrappingAdd", "wrapping_add", T::WrappingAdd, T::WrappingAdd, "sum", false,
                               "The sum of `a` and `b`, wrapping around at the type's bounds."});

    // The reference bounds the treatment `sub` by Add (std.md §3.8): the same types, kept for compatibility.
    binary<Sub>(area, {"sub", "sub", T::Sub, T::Add, "diff", false,
                       "The difference `a - b`.\n\nIntegers wrap around on overflow; floats follow IEEE 754."});
    binary<CheckedSub>(area, {"checkedSub", "checked_sub", T::CheckedSub, T::CheckedSub, "diff", true,
                              "The difference `a - b`, or none if it overflows."});
    binary<SaturatingSub>(area, {"saturatingSub", "saturating_sub", T::SaturatingSub, T::SaturatingSub, "diff", false,
                                 "The difference `a - b`, held at the type's minimum or maximum instead of "
                                 "overflowing."});
    binary<WrappingSub>(area, {"wrappingSub", "wrapping_sub", T::WrappingSub, T::WrappingSub, "diff", false,
                               "The difference `a - b`, wrapping around at the type's bounds."});

    binary<Mul>(area, {"mul", "mul", T::Mul, T::Mul, "prod", false,
                       "The product of `a` and `b`.\n\nIntegers wrap around on overflow; floats follow IEEE 754."});
    binary<CheckedMul>(area, {"checkedMul", "checked_mul", T::CheckedMul, T::CheckedMul, "prod", true,
                              "The product of `a` and `b`, or none if it overflows."});
    binary<SaturatingMul>(area, {"saturatingMul", "saturating_mul", T::SaturatingMul, T::SaturatingMul, "prod", false,
                                 "The product of `a` and `b`, held at the type's minimum or maximum instead of "
                                 "overflowing."});
    binary<WrappingMul>(area, {"wrappingMul", "wrapping_mul", T::WrappingMul, T::WrappingMul, "prod", false,
                               "The product of `a` and `b`, wrapping around at the type's bounds."});

    binary<Div>(area, {"div", "div", T::Div, T::Div, "quot", false,
                       "The quotient of `a` by `b`.\n\nInteger division truncates toward zero, and dividing an "
                       "integer by zero gives 0. Dividing the smallest signed integer by −1 overflows and fails. "
                       "Floats follow IEEE 754 (division by zero gives an infinity or NaN)."});
    binary<CheckedDiv>(area, {"checkedDiv", "checked_div", T::CheckedDiv, T::CheckedDiv, "quot", true,
                              "The quotient of `a` by `b`, or none when `b` is zero or the division overflows."});
    binary<Rem>(area, {"rem", "rem", T::Rem, T::Rem, "rem", false,
                       "The remainder of `a` divided by `b`, with the sign of `a`.\n\nAn integer remainder by "
                       "zero is 0, and the smallest signed integer by −1 overflows and fails; for floats, a "
                       "remainder by zero is NaN."});
    binary<CheckedRem>(area, {"checkedRem", "checked_rem", T::CheckedRem, T::CheckedRem, "rem", true,
                              "The remainder of `a` divided by `b`, or none when `b` is zero or the division "
                              "overflows."});

    unary<Neg>(area, {"neg", "neg", T::Neg, "val", "neg", "N",
                      "The negation.\n\nThe smallest signed integer wraps to itself."});
    unary<CheckedNeg>(area, {"checkedNeg", "checked_neg", T::CheckedNeg, "val", "neg", "Option<N>",
                             "The negation, or none for the smallest signed integer."});
    unary<WrappingNeg>(area, {"wrappingNeg", "wrapping_neg", T::WrappingNeg, "val", "neg", "N",
                              "The negation, wrapping around at the type's bounds."});

    pow_member<Pow>(area, "pow", "pow", T::Pow, "N",
                    "`val` raised to the power `exp`.\n\nWraps around on overflow; 0 to the power 0 is 1.");
    pow_member<CheckedPow>(area, "checkedPow", "checked_pow", T::CheckedPow, "Option<N>",
                           "`val` raised to the power `exp`, or none if it overflows.");

    binary<EuclidDiv>(area, {"euclidDiv", "euclid_div", T::Euclid, T::Euclid, "quot", false,
                             "The Euclidean quotient of `a` by `b`: rounded so that the remainder is never "
                             "negative (`-7` by `2` is `-4`).\n\nAn integer divided by zero gives 0; the smallest "
                             "signed integer by −1 wraps to itself."});
    binary<EuclidRem>(area, {"euclidRem", "euclid_rem", T::Euclid, T::Euclid, "rem", false,
                             "The Euclidean remainder of `a` by `b`, never negative (`-7` by `2` is `1`).\n\nAn "
                             "integer remainder by zero is 0."});
    binary<CheckedEuclidDiv>(area, {"checkedEuclidDiv", "checked_euclid_div", T::CheckedEuclid, T::CheckedEuclid,
                                    "quot", true,
                                    "The Euclidean quotient of `a` by `b`, or none when `b` is zero or the "
                                    "division overflows."});
    binary<CheckedEuclidRem>(area, {"checkedEuclidRem", "checked_euclid_rem", T::CheckedEuclid, T::CheckedEuclid,
                                    "rem", true,
                                    "The Euclidean remainder of `a` by `b`, or none when `b` is zero or the "
                                    "division overflows."});
}

} // namespace mel::stdlib

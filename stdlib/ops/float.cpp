// std/ops/float — reference: libs/std-mel/src/ops/float.rs (std.md §2.7).
//
// Every member is one operation on a float (f32 or f64), given as a generic lambda type and turned into the
// function `|op` and the treatment `op` by stdlib/ops/elementwise.h. IEEE 754 and the C library's maths
// throughout: NaN propagates, domain errors give NaN, poles give ±inf. Quirk kept: the output ports of
// toDegrees/toRadians are snake_case (`to_degrees`, `to_radians`).

#include <cmath>
#include <numbers>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/ops/elementwise.h"

namespace mel::stdlib {

namespace {

// clang-format off
using IsNan       = decltype([]<class T>(T v) { return std::isnan(v); });
using IsFinite    = decltype([]<class T>(T v) { return std::isfinite(v); });
using IsInfinite  = decltype([]<class T>(T v) { return std::isinf(v); });
using IsNormal    = decltype([]<class T>(T v) { return std::isnormal(v); });
using IsSubnormal = decltype([]<class T>(T v) { return std::fpclassify(v) == FP_SUBNORMAL; });

using Floor = decltype([]<class T>(T v) { return std::floor(v); });
using Ceil  = decltype([]<class T>(T v) { return std::ceil(v); });
using Round = decltype([]<class T>(T v) { return std::round(v); }); // half away from zero
using Trunc = decltype([]<class T>(T v) { return std::trunc(v); });
using Fract = decltype([]<class T>(T v) { return static_cast<T>(v - std::trunc(v)); });

using Recip = decltype([]<class T>(T v) { return static_cast<T>(T(1) / v); });
using Sqrt  = decltype([]<class T>(T v) { return std::sqrt(v); });
using Exp   = decltype([]<class T>(T v) { return std::exp(v); });
using Exp2  = decltype([]<class T>(T v) { return std::exp2(v); });
using Ln    = decltype([]<class T>(T v) { return std::log(v); });
using Log2  = decltype([]<class T>(T v) { return std::log2(v); });
using Log10 = decltype([]<class T>(T v) { return std::log10(v); });
using Cbrt  = decltype([]<class T>(T v) { return std::cbrt(v); });
using Sin   = decltype([]<class T>(T v) { return std::sin(v); });
using Cos   = decltype([]<class T>(T v) { return std::cos(v); });
using Tan   = decltype([]<class T>(T v) { return std::tan(v); });
using Asin  = decltype([]<class T>(T v) { return std::asin(v); });
using Acos  = decltype([]<class T>(T v) { return std::acos(v); });
using Atan  = decltype([]<class T>(T v) { return std::atan(v); });
using Sinh  = decltype([]<class T>(T v) { return std::sinh(v); });
using Cosh  = decltype([]<class T>(T v) { return std::cosh(v); });
using Tanh  = decltype([]<class T>(T v) { return std::tanh(v); });
using Asinh = decltype([]<class T>(T v) { return std::asinh(v); });
using Acosh = decltype([]<class T>(T v) { return std::acosh(v); });
using Atanh = decltype([]<class T>(T v) { return std::atanh(v); });

// As Rust: multiplied by one constant (180/π for degrees, π/180 for radians) rounded to the type.
using ToDegrees = decltype([]<class T>(T v) { return static_cast<T>(v * (T(180) / std::numbers::pi_v<T>)); });
using ToRadians = decltype([]<class T>(T v) { return static_cast<T>(v * (std::numbers::pi_v<T> / T(180))); });

using Pow   = decltype([]<class T>(T v, T exp) { return std::pow(v, exp); });
using Log   = decltype([]<class T>(T v, T base) { return static_cast<T>(std::log(v) / std::log(base)); });
using Hypot = decltype([]<class T>(T v, T n) { return std::hypot(v, n); });
using Atan2 = decltype([]<class T>(T v, T n) { return std::atan2(v, n); }); // v is y, n is x
// clang-format on

/// Only f32 and f64 reach these operations (the Float bound); anything else is a failure, not a guess.
template<class L> struct FloatsOnly {
    template<class T> auto operator()(T v) const
    {
        if constexpr (std::is_floating_point_v<T>)
            return L{}(v);
        else
            return not_a_float<decltype(L{}(double{}))>();
    }
    template<class T> auto operator()(T a, T b) const
    {
        if constexpr (std::is_floating_point_v<T>)
            return L{}(a, b);
        else
            return not_a_float<T>();
    }
    template<class R> static R not_a_float() { throw EngineError("a float operation was given an integer"); }
};

/// The treatment form of a two-operand member: the second operand is the treatment's parameter.
template<class L> struct WithParameter {
    Value second;
    template<class T> T operator()(T v) const
    {
        if constexpr (std::is_floating_point_v<T>)
            return L{}(v, second.get<T>());
        else
            throw EngineError("a float operation was given an integer");
    }
};

/// `|function(param: F) -> result` and `name()` with input `value` and output `port` (all names are literals:
/// the bodies keep views of them).
template<class L> void unary(AreaBuilder& area, const char* name, const char* function, const char* param,
                             const char* port, const char* result, const char* doc)
{
    using Op = FloatsOnly<L>;
    area.function(function).generic("F", {Trait::Float}).param(param, "F").returns(result).doc(doc).body(
        unary_function<Op>(function));
    area.treatment(name)
        .generic("F", {Trait::Float})
        .input("value", "Stream<F>")
        .output(port, std::string("Stream<") + result + ">")
        .doc(std::string(doc) + "\n\nApplied to each value of the stream, in order.")
        .implementation(native(unary_treatment(port, without_params<Op>())));
}

/// `|function(val: F, second: F) -> F` and `name(var second: F)`, output port `name`.
template<class L> void with_second(AreaBuilder& area, const char* name, const char* function, const char* second,
                                   const char* doc)
{
    area.function(function)
        .generic("F", {Trait::Float})
        .param("val", "F")
        .param(second, "F")
        .returns("F")
        .doc(doc)
        .body(binary_function<FloatsOnly<L>>(function));
    const std::string_view param = second;
    area.treatment(name)
        .generic("F", {Trait::Float})
        .param(second, "F")
        .input("value", "Stream<F>")
        .output(name, "Stream<F>")
        .doc(std::string(doc) + "\n\nApplied to each value of the stream (as `val`), in order.")
        .implementation(native(
            unary_treatment(name, [param](const TreatmentContext& ctx) { return WithParameter<L>{ctx.param(param)}; })));
}

} // namespace

void register_ops_float(Registry& registry)
{
    auto area = registry.area("std/ops/float");

    unary<IsNan>(area, "isNan", "is_nan", "value", "nan", "bool", "Whether the value is NaN.");
    unary<IsFinite>(area, "isFinite", "is_finite", "value", "finite", "bool",
                    "Whether the value is finite (neither infinite nor NaN).");
    unary<IsInfinite>(area, "isInfinite", "is_infinite", "value", "infinite", "bool",
                      "Whether the value is +∞ or −∞.");
    unary<IsNormal>(area, "isNormal", "is_normal", "value", "normal", "bool",
                    "Whether the value is normal: neither zero, subnormal, infinite nor NaN.");
    unary<IsSubnormal>(area, "isSubnormal", "is_subnormal", "value", "subnormal", "bool",
                       "Whether the value is subnormal.");

    unary<Floor>(area, "floor", "floor", "val", "floor", "F", "The largest integer less than or equal to the value.");
    unary<Ceil>(area, "ceil", "ceil", "val", "ceil", "F", "The smallest integer greater than or equal to the value.");
    unary<Round>(area, "round", "round", "val", "round", "F",
                 "The nearest integer; halfway cases away from zero (2.5 gives 3, −2.5 gives −3).");
    unary<Trunc>(area, "trunc", "trunc", "val", "trunc", "F", "The integer part (rounded toward zero).");
    unary<Fract>(area, "fract", "fract", "val", "fract", "F",
                 "The fractional part: the value minus its integer part (same sign as the value).");

    unary<Recip>(area, "recip", "recip", "val", "recip", "F", "The reciprocal, 1 / value.");
    unary<Sqrt>(area, "sqrt", "sqrt", "val", "sqrt", "F", "The square root (NaN for a negative value).");
    unary<Exp>(area, "exp", "exp", "val", "exp", "F", "e raised to the value.");
    unary<Exp2>(area, "exp2", "exp2", "val", "exp2", "F", "2 raised to the value.");
    unary<Ln>(area, "ln", "ln", "val", "ln", "F", "The natural logarithm (−∞ for 0, NaN for a negative value).");
    unary<Log2>(area, "log2", "log2", "val", "log2", "F", "The base-2 logarithm.");
    unary<Log10>(area, "log10", "log10", "val", "log10", "F", "The base-10 logarithm.");
    unary<Cbrt>(area, "cbrt", "cbrt", "val", "cbrt", "F", "The cube root (defined for negative values too).");
    unary<Sin>(area, "sin", "sin", "val", "sin", "F", "The sine of an angle in radians.");
    unary<Cos>(area, "cos", "cos", "val", "cos", "F", "The cosine of an angle in radians.");
    unary<Tan>(area, "tan", "tan", "val", "tan", "F", "The tangent of an angle in radians.");
    unary<Asin>(area, "asin", "asin", "val", "asin", "F", "The arcsine, in radians (NaN outside [−1, 1]).");
    unary<Acos>(area, "acos", "acos", "val", "acos", "F", "The arccosine, in radians (NaN outside [−1, 1]).");
    unary<Atan>(area, "atan", "atan", "val", "atan", "F", "The arctangent, in radians.");
    unary<Sinh>(area, "sinh", "sinh", "val", "sinh", "F", "The hyperbolic sine of the value.");
    unary<Cosh>(area, "cosh", "cosh", "val", "cosh", "F", "The hyperbolic cosine of the value.");
    unary<Tanh>(area, "tanh", "tanh", "val", "tanh", "F", "The hyperbolic tangent of the value.");
    unary<Asinh>(area, "asinh", "asinh", "val", "asinh", "F", "The inverse hyperbolic sine.");
    unary<Acosh>(area, "acosh", "acosh", "val", "acosh", "F", "The inverse hyperbolic cosine (NaN below 1).");
    unary<Atanh>(area, "atanh", "atanh", "val", "atanh", "F", "The inverse hyperbolic tangent (±∞ at ±1).");
    unary<ToDegrees>(area, "toDegrees", "to_degrees", "val", "to_degrees", "F", "Radians converted to degrees.");
    unary<ToRadians>(area, "toRadians", "to_radians", "val", "to_radians", "F", "Degrees converted to radians.");

    with_second<Pow>(area, "pow", "pow", "exp", "`val` raised to the power `exp` (a real exponent).");
    with_second<Log>(area, "log", "log", "base", "The logarithm of `val` in base `base`.");
    with_second<Hypot>(area, "hypot", "hypot", "n",
                       "The length of the hypotenuse of a right triangle of sides `val` and `n`: √(val² + n²).");
    with_second<Atan2>(area, "atan2", "atan2", "n",
                       "The angle, in radians, of the point (x = `n`, y = `val`), in [−π, π].");
}

} // namespace mel::stdlib

// std/ops/float (std.md §2.7): the functions on edge values, and the treatments through the engine.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const double k_nan = std::numeric_limits<double>::quiet_NaN();
Value fl(std::string_view f, std::vector<Value> args)
{
    return call_ok(std::string("std/ops/float::|") + std::string(f), std::move(args));
}
double f64(std::string_view f, double x) { return fl(f, {Value::f64(x)}).as_f64(); }
bool pred(std::string_view f, double x) { return fl(f, {Value::f64(x)}).as_bool(); }
} // namespace

TEST_CASE("predicates")
{
    CHECK(pred("is_nan", k_nan));
    CHECK_FALSE(pred("is_nan", inf));
    CHECK(pred("is_finite", -0.0));
    CHECK_FALSE(pred("is_finite", -inf));
    CHECK(pred("is_infinite", -inf));
    CHECK_FALSE(pred("is_normal", 0.0));
    CHECK(pred("is_normal", 1e-300));
    CHECK(pred("is_subnormal", 1e-310));
    CHECK_FALSE(pred("is_subnormal", k_nan));
    CHECK(fl("is_subnormal", {Value::f32(1e-40f)}) == Value::boolean(true));
}

TEST_CASE("rounding: round is half away from zero, fract keeps the sign")
{
    CHECK(f64("round", 2.5) == 3.0);
    CHECK(f64("round", -2.5) == -3.0);
    CHECK(f64("floor", -1.5) == -2.0);
    CHECK(f64("ceil", -1.5) == -1.0);
    CHECK(f64("trunc", -1.7) == -1.0);
    CHECK(f64("fract", -1.75) == -0.75);
    CHECK(fl("round", {Value::f32(0.5f)}) == Value::f32(1.0f));
    CHECK(std::isnan(f64("fract", inf)));
}

TEST_CASE("unary maths: domains and poles")
{
    CHECK(f64("recip", 4) == 0.25);
    CHECK(f64("recip", -0.0) == -inf);
    CHECK(std::isnan(f64("sqrt", -1)));
    CHECK(f64("ln", 0) == -inf);
    CHECK(std::isnan(f64("ln", -1)));
    CHECK(f64("exp2", 10) == 1024);
    CHECK(f64("log2", 8) == 3);
    CHECK(f64("log10", 1000) == doctest::Approx(3));
    CHECK(f64("cbrt", -27) == doctest::Approx(-3));
    CHECK(std::isnan(f64("asin", 2)));
    CHECK(std::isnan(f64("acosh", 0.5)));
    CHECK(f64("atanh", 1) == inf);
    CHECK(f64("to_degrees", std::numbers::pi) == 180);
    CHECK(f64("to_radians", 180) == std::numbers::pi);
}

TEST_CASE("two operands: pow, log, hypot, atan2 (val is y)")
{
    CHECK(fl("pow", {Value::f64(2), Value::f64(0.5)}) == Value::f64(std::sqrt(2.0)));
    CHECK(fl("log", {Value::f64(8), Value::f64(2)}) == Value::f64(3));
    CHECK(fl("hypot", {Value::f64(3), Value::f64(4)}) == Value::f64(5));
    CHECK(fl("atan2", {Value::f64(1), Value::f64(0)}) == Value::f64(std::numbers::pi / 2));
    CHECK(fl("atan2", {Value::f64(0), Value::f64(-1)}) == Value::f64(std::numbers::pi));
    CHECK(fl("pow", {Value::f32(2), Value::f32(10)}) == Value::f32(1024));
    // Mixed kinds cannot pass the checker; the function refuses them.
    CHECK_FALSE(call("std/ops/float::|pow", {Value::f32(2), Value::f64(2)}).ok());
}

TEST_CASE("treatments: element-wise, with the parameter as the second operand")
{
    Program p;
    const Type f64t = core(CoreType::F64);
    p.values("x", f64t, {Value::f64(1), Value::f64(4), Value::f64(-9), Value::f64(k_nan)}, 2, 1)
        .add("sq", "std/ops/float::sqrt", {f64t})
        .add("pw", "std/ops/float::pow", {f64t}, {{"exp", lit(Value::f64(2))}})
        .add("nan", "std/ops/float::isNan", {f64t})
        .add("deg", "std/ops/float::toDegrees", {f64t})
        .connect("x.out", "sq.value")
        .connect("x.out", "pw.value")
        .connect("x.out", "nan.value")
        .connect("x.out", "deg.value")
        .collect("sq.sqrt", "sqrt", f64t)
        .collect("pw.pow", "pow", f64t)
        .collect("nan.nan", "nan", t_bool())
        .collect("deg.to_degrees", "deg", f64t);
    run_ok(p);
    const auto roots = got("sqrt");
    REQUIRE(roots.size() == 4);
    CHECK(roots[0] == Value::f64(1));
    CHECK(roots[1] == Value::f64(2));
    CHECK(std::isnan(roots[2].as_f64()));
    CHECK(got("pow")[2] == Value::f64(81));
    CHECK(got("nan") == std::vector<Value>{Value::boolean(false), Value::boolean(false), Value::boolean(false),
                                           Value::boolean(true)});
    CHECK(got("deg").size() == 4);
    CHECK(ends("sqrt") == 1);
}

TEST_CASE("treatments: an empty stream gives an empty, closed output")
{
    Program p;
    const Type f32t = core(CoreType::F32);
    p.values("x", f32t, {})
        .add("fl", "std/ops/float::floor", {f32t})
        .connect("x.out", "fl.value")
        .collect("fl.floor", "out", f32t);
    run_ok(p);
    CHECK(got("out").empty());
    CHECK(ends("out") == 1);
}

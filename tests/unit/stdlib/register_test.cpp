// Registry self-test of std (STYLE §2.2): every element registers (the builders assert on a signature that
// does not parse), is documented, bounds its generics with known traits, and has exactly the signature
// reference/std.md gives it. The table below is written from std.md §2, not from our declarations.

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "runtime/engine/model.h"
#include "runtime/engine/treatment.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

// Every native treatment and function of std declared so far, in std.md's notation: the 70 elements
// real programs use (std.md §4), what std's own .mel areas need, and all of std/flow and std/flow/vec.
const std::map<std::string, std::string>& expected_signatures()
{
    static const std::map<std::string, std::string> table = {
        // std/flow (std.md §2.1)
        {"std/flow::trigger", "trigger<T>() in(stream: Stream<T>) out(start: Block<void>, end: Block<void>, "
                              "first: Block<T>, last: Block<T>)"},
        {"std/flow::check", "check<T>() in(value: Block<T>) out(check: Block<void>)"},
        {"std/flow::uncheck", "uncheck<T>() in(value: Block<T>) out(uncheck: Block<void>)"},
        {"std/flow::emit", "emit<T>(var value: T) in(trigger: Block<void>) out(emit: Block<T>)"},
        {"std/flow::stream", "stream<T>() in(block: Block<T>) out(stream: Stream<T>)"},
        {"std/flow::merge", "merge<T>() in(a: Stream<T>, b: Stream<T>) out(value: Stream<T>)"},
        {"std/flow::fill", "fill<T>(var value: T) in(pattern: Stream<void>) out(filled: Stream<T>)"},
        {"std/flow::filterBlock", "filterBlock<T>() in(value: Block<T>, select: Block<bool>) "
                                  "out(accepted: Block<T>, rejected: Block<T>)"},
        {"std/flow::count", "count<T>() in(stream: Stream<T>) out(count: Stream<u128>)"},
        {"std/flow::generate", "generate<T>(var data: T) in(length: Block<u128>) out(stream: Stream<T>)"},
        {"std/flow::flock", "flock<T>() in(a: Block<T>, b: Block<T>) out(stream: Stream<T>)"},
        {"std/flow::one", "one<T>() in(a: Block<T>, b: Block<T>) out(value: Block<T>)"},
        {"std/flow::close", "close<T>() in(trigger: Block<void>) out(closed: Stream<T>)"},
        {"std/flow::closeBlock", "closeBlock<T>() in(trigger: Block<void>) out(closed: Block<T>)"},
        {"std/flow::pass", "pass<T>(var cond: bool) in(stream: Stream<T>) out(passed: Stream<T>)"},
        {"std/flow::passBlock", "passBlock<T>(var cond: bool) in(block: Block<T>) out(passed: Block<T>)"},
        {"std/flow::releaseBlock", "releaseBlock<T>() in(leverage: Block<void>, data: Block<T>) "
                                   "out(released: Block<T>)"},
        {"std/flow::waitBlock", "waitBlock<T>() in(a: Block<T>, b: Block<T>) out(awaited: Block<void>)"},
        {"std/flow::chain", "chain<T>() in(first: Stream<T>, second: Stream<T>) out(chained: Stream<T>)"},
        {"std/flow::arrange", "arrange<T>() in(a: Stream<T>, b: Stream<T>, select: Stream<bool>) "
                              "out(value: Stream<T>)"},
        {"std/flow::filter", "filter<T>() in(value: Stream<T>, select: Stream<bool>) "
                             "out(accepted: Stream<T>, rejected: Stream<T>)"},
        {"std/flow::fit", "fit<T>() in(value: Stream<T>, pattern: Stream<void>) out(fitted: Stream<T>)"},
        {"std/flow::generateIndefinitely",
         "generateIndefinitely<T>(var data: T) in(trigger: Block<void>) out(stream: Stream<T>)"},
        {"std/flow::insert", "insert<T>() in(stream: Stream<T>, block: Block<T>) out(output: Stream<T>)"},
        {"std/flow::consume", "consume<T>() in(stream: Stream<T>) out()"},
        {"std/flow::barrier", "barrier<T>() in(leverage: Block<bool>, stream: Stream<T>) out(passed: Stream<T>)"},
        {"std/flow::cut", "cut<T>() in(cut: Block<void>, stream: Stream<T>) out(passed: Stream<T>)"},
        {"std/flow::release", "release<T>() in(leverage: Block<void>, data: Stream<T>) out(released: Stream<T>)"},
        // std/flow/vec (§2.2)
        {"std/flow/vec::flatten", "flatten<T>() in(vector: Stream<Vec<T>>) out(value: Stream<T>)"},
        {"std/flow/vec::pattern", "pattern<T>() in(stream: Stream<Vec<T>>) out(pattern: Stream<Vec<void>>)"},
        {"std/flow/vec::fit", "fit<T>() in(value: Stream<T>, pattern: Stream<Vec<void>>) "
                              "out(fitted: Stream<Vec<T>>)"},
        {"std/flow/vec::fill", "fill<T>(var value: T) in(pattern: Stream<Vec<void>>) out(filled: Stream<Vec<T>>)"},
        {"std/flow/vec::size", "size<T>() in(vector: Stream<Vec<T>>) out(size: Stream<u64>)"},
        {"std/flow/vec::resize", "resize<T>(var default: T) in(vector: Stream<Vec<T>>, size: Stream<u64>) "
                                 "out(resized: Stream<Vec<T>>)"},
        // std/conv (§2.4)
        {"std/conv::|to_string", "|to_string<T: ToString>(value: T) -> string"},
        {"std/conv::toString", "toString<T: ToString>() in(value: Stream<T>) out(into: Stream<string>)"},
        {"std/conv::tryToString",
         "tryToString<T: TryToString>() in(value: Stream<T>) out(into: Stream<Option<string>>)"},
        {"std/conv::toBytes", "toBytes<T>() in(value: Stream<T>) out(data: Stream<Vec<byte>>)"},
        {"std/conv::|to_i8", "|to_i8<T: ToI8>(value: T) -> i8"},
        {"std/conv::toI8", "toI8<T: ToI8>() in(value: Stream<T>) out(into: Stream<i8>)"},
        {"std/conv::|try_to_i8", "|try_to_i8<T: TryToI8>(value: T) -> Option<i8>"},
        {"std/conv::tryToI8", "tryToI8<T: TryToI8>() in(value: Stream<T>) out(into: Stream<Option<i8>>)"},
        {"std/conv::|saturating_to_i8", "|saturating_to_i8<T: SaturatingToI8>(value: T) -> i8"},
        {"std/conv::saturatingToI8", "saturatingToI8<T: SaturatingToI8>() in(value: Stream<T>) out(into: Stream<i8>)"},
        {"std/conv::|to_i16", "|to_i16<T: ToI16>(value: T) -> i16"},
        {"std/conv::toI16", "toI16<T: ToI16>() in(value: Stream<T>) out(into: Stream<i16>)"},
        {"std/conv::|try_to_i16", "|try_to_i16<T: TryToI16>(value: T) -> Option<i16>"},
        {"std/conv::tryToI16", "tryToI16<T: TryToI16>() in(value: Stream<T>) out(into: Stream<Option<i16>>)"},
        {"std/conv::|saturating_to_i16", "|saturating_to_i16<T: SaturatingToI16>(value: T) -> i16"},
        {"std/conv::saturatingToI16", "saturatingToI16<T: SaturatingToI16>() in(value: Stream<T>) out(into: Stream<i16>)"},
        {"std/conv::|to_i32", "|to_i32<T: ToI32>(value: T) -> i32"},
        {"std/conv::toI32", "toI32<T: ToI32>() in(value: Stream<T>) out(into: Stream<i32>)"},
        {"std/conv::|try_to_i32", "|try_to_i32<T: TryToI32>(value: T) -> Option<i32>"},
        {"std/conv::tryToI32", "tryToI32<T: TryToI32>() in(value: Stream<T>) out(into: Stream<Option<i32>>)"},
        {"std/conv::|saturating_to_i32", "|saturating_to_i32<T: SaturatingToI32>(value: T) -> i32"},
        {"std/conv::saturatingToI32", "saturatingToI32<T: SaturatingToI32>() in(value: Stream<T>) out(into: Stream<i32>)"},
        {"std/conv::|to_i64", "|to_i64<T: ToI64>(value: T) -> i64"},
        {"std/conv::toI64", "toI64<T: ToI64>() in(value: Stream<T>) out(into: Stream<i64>)"},
        {"std/conv::|try_to_i64", "|try_to_i64<T: TryToI64>(value: T) -> Option<i64>"},
        {"std/conv::tryToI64", "tryToI64<T: TryToI64>() in(value: Stream<T>) out(into: Stream<Option<i64>>)"},
        {"std/conv::|saturating_to_i64", "|saturating_to_i64<T: SaturatingToI64>(value: T) -> i64"},
        {"std/conv::saturatingToI64", "saturatingToI64<T: SaturatingToI64>() in(value: Stream<T>) out(into: Stream<i64>)"},
        {"std/conv::|to_i128", "|to_i128<T: ToI128>(value: T) -> i128"},
        {"std/conv::toI128", "toI128<T: ToI128>() in(value: Stream<T>) out(into: Stream<i128>)"},
        {"std/conv::|try_to_i128", "|try_to_i128<T: TryToI128>(value: T) -> Option<i128>"},
        {"std/conv::tryToI128", "tryToI128<T: TryToI128>() in(value: Stream<T>) out(into: Stream<Option<i128>>)"},
        {"std/conv::|saturating_to_i128", "|saturating_to_i128<T: SaturatingToI128>(value: T) -> i128"},
        {"std/conv::saturatingToI128", "saturatingToI128<T: SaturatingToI128>() in(value: Stream<T>) out(into: Stream<i128>)"},
        {"std/conv::|to_u8", "|to_u8<T: ToU8>(value: T) -> u8"},
        {"std/conv::toU8", "toU8<T: ToU8>() in(value: Stream<T>) out(into: Stream<u8>)"},
        {"std/conv::|try_to_u8", "|try_to_u8<T: TryToU8>(value: T) -> Option<u8>"},
        {"std/conv::tryToU8", "tryToU8<T: TryToU8>() in(value: Stream<T>) out(into: Stream<Option<u8>>)"},
        {"std/conv::|saturating_to_u8", "|saturating_to_u8<T: SaturatingToU8>(value: T) -> u8"},
        {"std/conv::saturatingToU8", "saturatingToU8<T: SaturatingToU8>() in(value: Stream<T>) out(into: Stream<u8>)"},
        {"std/conv::|to_u16", "|to_u16<T: ToU16>(value: T) -> u16"},
        {"std/conv::toU16", "toU16<T: ToU16>() in(value: Stream<T>) out(into: Stream<u16>)"},
        {"std/conv::|try_to_u16", "|try_to_u16<T: TryToU16>(value: T) -> Option<u16>"},
        {"std/conv::tryToU16", "tryToU16<T: TryToU16>() in(value: Stream<T>) out(into: Stream<Option<u16>>)"},
        {"std/conv::|saturating_to_u16", "|saturating_to_u16<T: SaturatingToU16>(value: T) -> u16"},
        {"std/conv::saturatingToU16", "saturatingToU16<T: SaturatingToU16>() in(value: Stream<T>) out(into: Stream<u16>)"},
        {"std/conv::|to_u32", "|to_u32<T: ToU32>(value: T) -> u32"},
        {"std/conv::toU32", "toU32<T: ToU32>() in(value: Stream<T>) out(into: Stream<u32>)"},
        {"std/conv::|try_to_u32", "|try_to_u32<T: TryToU32>(value: T) -> Option<u32>"},
        {"std/conv::tryToU32", "tryToU32<T: TryToU32>() in(value: Stream<T>) out(into: Stream<Option<u32>>)"},
        {"std/conv::|saturating_to_u32", "|saturating_to_u32<T: SaturatingToU32>(value: T) -> u32"},
        {"std/conv::saturatingToU32", "saturatingToU32<T: SaturatingToU32>() in(value: Stream<T>) out(into: Stream<u32>)"},
        {"std/conv::|to_u64", "|to_u64<T: ToU64>(value: T) -> u64"},
        {"std/conv::toU64", "toU64<T: ToU64>() in(value: Stream<T>) out(into: Stream<u64>)"},
        {"std/conv::|try_to_u64", "|try_to_u64<T: TryToU64>(value: T) -> Option<u64>"},
        {"std/conv::tryToU64", "tryToU64<T: TryToU64>() in(value: Stream<T>) out(into: Stream<Option<u64>>)"},
        {"std/conv::|saturating_to_u64", "|saturating_to_u64<T: SaturatingToU64>(value: T) -> u64"},
        {"std/conv::saturatingToU64", "saturatingToU64<T: SaturatingToU64>() in(value: Stream<T>) out(into: Stream<u64>)"},
        {"std/conv::|to_u128", "|to_u128<T: ToU128>(value: T) -> u128"},
        {"std/conv::toU128", "toU128<T: ToU128>() in(value: Stream<T>) out(into: Stream<u128>)"},
        {"std/conv::|try_to_u128", "|try_to_u128<T: TryToU128>(value: T) -> Option<u128>"},
        {"std/conv::tryToU128", "tryToU128<T: TryToU128>() in(value: Stream<T>) out(into: Stream<Option<u128>>)"},
        {"std/conv::|saturating_to_u128", "|saturating_to_u128<T: SaturatingToU128>(value: T) -> u128"},
        {"std/conv::saturatingToU128", "saturatingToU128<T: SaturatingToU128>() in(value: Stream<T>) out(into: Stream<u128>)"},
        {"std/conv::|to_f32", "|to_f32<T: ToF32>(value: T) -> f32"},
        {"std/conv::toF32", "toF32<T: ToF32>() in(value: Stream<T>) out(into: Stream<f32>)"},
        {"std/conv::|try_to_f32", "|try_to_f32<T: TryToF32>(value: T) -> Option<f32>"},
        {"std/conv::tryToF32", "tryToF32<T: TryToF32>() in(value: Stream<T>) out(into: Stream<Option<f32>>)"},
        {"std/conv::|saturating_to_f32", "|saturating_to_f32<T: SaturatingToF32>(value: T) -> f32"},
        {"std/conv::saturatingToF32", "saturatingToF32<T: SaturatingToF32>() in(value: Stream<T>) out(into: Stream<f32>)"},
        {"std/conv::|to_f64", "|to_f64<T: ToF64>(value: T) -> f64"},
        {"std/conv::toF64", "toF64<T: ToF64>() in(value: Stream<T>) out(into: Stream<f64>)"},
        {"std/conv::|try_to_f64", "|try_to_f64<T: TryToF64>(value: T) -> Option<f64>"},
        {"std/conv::tryToF64", "tryToF64<T: TryToF64>() in(value: Stream<T>) out(into: Stream<Option<f64>>)"},
        {"std/conv::|saturating_to_f64", "|saturating_to_f64<T: SaturatingToF64>(value: T) -> f64"},
        {"std/conv::saturatingToF64", "saturatingToF64<T: SaturatingToF64>() in(value: Stream<T>) out(into: Stream<f64>)"},
        {"std/conv::|to_bool", "|to_bool<T: ToBool>(value: T) -> bool"},
        {"std/conv::toBool", "toBool<T: ToBool>() in(value: Stream<T>) out(into: Stream<bool>)"},
        {"std/conv::|try_to_bool", "|try_to_bool<T: TryToBool>(value: T) -> Option<bool>"},
        {"std/conv::tryToBool", "tryToBool<T: TryToBool>() in(value: Stream<T>) out(into: Stream<Option<bool>>)"},
        {"std/conv::|to_byte", "|to_byte<T: ToByte>(value: T) -> byte"},
        {"std/conv::toByte", "toByte<T: ToByte>() in(value: Stream<T>) out(into: Stream<byte>)"},
        {"std/conv::|try_to_byte", "|try_to_byte<T: TryToByte>(value: T) -> Option<byte>"},
        {"std/conv::tryToByte", "tryToByte<T: TryToByte>() in(value: Stream<T>) out(into: Stream<Option<byte>>)"},
        {"std/conv::|to_char", "|to_char<T: ToChar>(value: T) -> char"},
        {"std/conv::toChar", "toChar<T: ToChar>() in(value: Stream<T>) out(into: Stream<char>)"},
        {"std/conv::|try_to_char", "|try_to_char<T: TryToChar>(value: T) -> Option<char>"},
        {"std/conv::tryToChar", "tryToChar<T: TryToChar>() in(value: Stream<T>) out(into: Stream<Option<char>>)"},
        {"std/conv::|try_to_string", "|try_to_string<T: TryToString>(value: T) -> Option<string>"},
        {"std/conv::|to_void", "|to_void<T>(value: T) -> void"},
        {"std/conv::toVoid", "toVoid<T>() in(value: Stream<T>) out(iter: Stream<void>)"},
        {"std/conv::|to_bytes", "|to_bytes<T>(value: T) -> Vec<byte>"},
        // std/ops (§2.5)
        {"std/ops::|condition", "|condition<T>(condition: bool, a: T, b: T) -> T"},
        {"std/ops::|equal", "|equal<T: PartialEquality>(a: T, b: T) -> bool"},
        {"std/ops::|not_equal", "|not_equal<T: PartialEquality>(a: T, b: T) -> bool"},
        {"std/ops::notEqual", "notEqual<T: PartialEquality>() in(a: Stream<T>, b: Stream<T>) out(result: Stream<bool>)"},
        {"std/ops::|gt", "|gt<T: PartialOrder>(a: T, b: T) -> bool"},
        {"std/ops::greaterThan", "greaterThan<T: PartialOrder>() in(a: Stream<T>, b: Stream<T>) out(is: Stream<bool>)"},
        {"std/ops::|ge", "|ge<T: PartialOrder>(a: T, b: T) -> bool"},
        {"std/ops::greaterEqual", "greaterEqual<T: PartialOrder>() in(a: Stream<T>, b: Stream<T>) out(is: Stream<bool>)"},
        {"std/ops::|lt", "|lt<T: PartialOrder>(a: T, b: T) -> bool"},
        {"std/ops::lowerThan", "lowerThan<T: PartialOrder>() in(a: Stream<T>, b: Stream<T>) out(is: Stream<bool>)"},
        {"std/ops::|le", "|le<T: PartialOrder>(a: T, b: T) -> bool"},
        {"std/ops::lowerEqual", "lowerEqual<T: PartialOrder>() in(a: Stream<T>, b: Stream<T>) out(is: Stream<bool>)"},
        {"std/ops::|min", "|min<T: Order>(a: T, b: T) -> T"},
        {"std/ops::min", "min<T: Order>() in(a: Stream<T>, b: Stream<T>) out(min: Stream<T>)"},
        {"std/ops::|max", "|max<T: Order>(a: T, b: T) -> T"},
        {"std/ops::max", "max<T: Order>() in(a: Stream<T>, b: Stream<T>) out(max: Stream<T>)"},
        {"std/ops::|clamp", "|clamp<T: Order>(value: T, min: T, max: T) -> T"},
        {"std/ops::clamp", "clamp<T: Order>(var min: T, var max: T) in(value: Stream<T>) out(clamped: Stream<T>)"},
        {"std/ops::equal",
         "equal<T: PartialEquality>() in(a: Stream<T>, b: Stream<T>) out(result: Stream<bool>)"},
        // std/ops/num (§2.6)
        {"std/ops/num::|add", "|add<N: Add>(a: N, b: N) -> N"},
        {"std/ops/num::add", "add<N: Add>() in(a: Stream<N>, b: Stream<N>) out(sum: Stream<N>)"},
        {"std/ops/num::|checked_add", "|checked_add<N: CheckedAdd>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedAdd", "checkedAdd<N: CheckedAdd>() in(a: Stream<N>, b: Stream<N>) out(sum: Stream<Option<N>>)"},
        {"std/ops/num::|saturating_add", "|saturating_add<N: SaturatingAdd>(a: N, b: N) -> N"},
        {"std/ops/num::saturatingAdd", "saturatingAdd<N: SaturatingAdd>() in(a: Stream<N>, b: Stream<N>) out(sum: Stream<N>)"},
        {"std/ops/num::|wrapping_add", "|wrapping_add<N: WrappingAdd>(a: N, b: N) -> N"},
        {"std/ops/num::wrappingAdd", "wrappingAdd<N: WrappingAdd>() in(a: Stream<N>, b: Stream<N>) out(sum: Stream<N>)"},
        {"std/ops/num::|sub", "|sub<N: Sub>(a: N, b: N) -> N"},
        {"std/ops/num::sub", "sub<N: Add>() in(a: Stream<N>, b: Stream<N>) out(diff: Stream<N>)"},
        {"std/ops/num::|checked_sub", "|checked_sub<N: CheckedSub>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedSub", "checkedSub<N: CheckedSub>() in(a: Stream<N>, b: Stream<N>) out(diff: Stream<Option<N>>)"},
        {"std/ops/num::|saturating_sub", "|saturating_sub<N: SaturatingSub>(a: N, b: N) -> N"},
        {"std/ops/num::saturatingSub", "saturatingSub<N: SaturatingSub>() in(a: Stream<N>, b: Stream<N>) out(diff: Stream<N>)"},
        {"std/ops/num::|wrapping_sub", "|wrapping_sub<N: WrappingSub>(a: N, b: N) -> N"},
        {"std/ops/num::wrappingSub", "wrappingSub<N: WrappingSub>() in(a: Stream<N>, b: Stream<N>) out(diff: Stream<N>)"},
        {"std/ops/num::|mul", "|mul<N: Mul>(a: N, b: N) -> N"},
        {"std/ops/num::mul", "mul<N: Mul>() in(a: Stream<N>, b: Stream<N>) out(prod: Stream<N>)"},
        {"std/ops/num::|checked_mul", "|checked_mul<N: CheckedMul>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedMul", "checkedMul<N: CheckedMul>() in(a: Stream<N>, b: Stream<N>) out(prod: Stream<Option<N>>)"},
        {"std/ops/num::|saturating_mul", "|saturating_mul<N: SaturatingMul>(a: N, b: N) -> N"},
        {"std/ops/num::saturatingMul", "saturatingMul<N: SaturatingMul>() in(a: Stream<N>, b: Stream<N>) out(prod: Stream<N>)"},
        {"std/ops/num::|wrapping_mul", "|wrapping_mul<N: WrappingMul>(a: N, b: N) -> N"},
        {"std/ops/num::wrappingMul", "wrappingMul<N: WrappingMul>() in(a: Stream<N>, b: Stream<N>) out(prod: Stream<N>)"},
        {"std/ops/num::|div", "|div<N: Div>(a: N, b: N) -> N"},
        {"std/ops/num::div", "div<N: Div>() in(a: Stream<N>, b: Stream<N>) out(quot: Stream<N>)"},
        {"std/ops/num::|checked_div", "|checked_div<N: CheckedDiv>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedDiv", "checkedDiv<N: CheckedDiv>() in(a: Stream<N>, b: Stream<N>) out(quot: Stream<Option<N>>)"},
        {"std/ops/num::|rem", "|rem<N: Rem>(a: N, b: N) -> N"},
        {"std/ops/num::rem", "rem<N: Rem>() in(a: Stream<N>, b: Stream<N>) out(rem: Stream<N>)"},
        {"std/ops/num::|checked_rem", "|checked_rem<N: CheckedRem>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedRem", "checkedRem<N: CheckedRem>() in(a: Stream<N>, b: Stream<N>) out(rem: Stream<Option<N>>)"},
        {"std/ops/num::|euclid_div", "|euclid_div<N: Euclid>(a: N, b: N) -> N"},
        {"std/ops/num::euclidDiv", "euclidDiv<N: Euclid>() in(a: Stream<N>, b: Stream<N>) out(quot: Stream<N>)"},
        {"std/ops/num::|euclid_rem", "|euclid_rem<N: Euclid>(a: N, b: N) -> N"},
        {"std/ops/num::euclidRem", "euclidRem<N: Euclid>() in(a: Stream<N>, b: Stream<N>) out(rem: Stream<N>)"},
        {"std/ops/num::|checked_euclid_div", "|checked_euclid_div<N: CheckedEuclid>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedEuclidDiv", "checkedEuclidDiv<N: CheckedEuclid>() in(a: Stream<N>, b: Stream<N>) out(quot: Stream<Option<N>>)"},
        {"std/ops/num::|checked_euclid_rem", "|checked_euclid_rem<N: CheckedEuclid>(a: N, b: N) -> Option<N>"},
        {"std/ops/num::checkedEuclidRem", "checkedEuclidRem<N: CheckedEuclid>() in(a: Stream<N>, b: Stream<N>) out(rem: Stream<Option<N>>)"},
        {"std/ops/num::|abs", "|abs<N: Signed>(value: N) -> Option<N>"},
        {"std/ops/num::abs", "abs<N: Signed>() in(value: Stream<N>) out(abs: Stream<Option<N>>)"},
        {"std/ops/num::|signum", "|signum<N: Signed>(value: N) -> N"},
        {"std/ops/num::signum", "signum<N: Signed>() in(value: Stream<N>) out(sign: Stream<N>)"},
        {"std/ops/num::|is_positive", "|is_positive<N: Signed>(value: N) -> bool"},
        {"std/ops/num::isPositive", "isPositive<N: Signed>() in(value: Stream<N>) out(positive: Stream<bool>)"},
        {"std/ops/num::|is_negative", "|is_negative<N: Signed>(value: N) -> bool"},
        {"std/ops/num::isNegative", "isNegative<N: Signed>() in(value: Stream<N>) out(negative: Stream<bool>)"},
        {"std/ops/num::|neg", "|neg<N: Neg>(val: N) -> N"},
        {"std/ops/num::neg", "neg<N: Neg>() in(value: Stream<N>) out(neg: Stream<N>)"},
        {"std/ops/num::|checked_neg", "|checked_neg<N: CheckedNeg>(val: N) -> Option<N>"},
        {"std/ops/num::checkedNeg", "checkedNeg<N: CheckedNeg>() in(value: Stream<N>) out(neg: Stream<Option<N>>)"},
        {"std/ops/num::|wrapping_neg", "|wrapping_neg<N: WrappingNeg>(val: N) -> N"},
        {"std/ops/num::wrappingNeg", "wrappingNeg<N: WrappingNeg>() in(value: Stream<N>) out(neg: Stream<N>)"},
        {"std/ops/num::|pow", "|pow<N: Pow>(val: N, exp: u32) -> N"},
        {"std/ops/num::pow", "pow<N: Pow>(var exp: u32) in(value: Stream<N>) out(pow: Stream<N>)"},
        {"std/ops/num::|checked_pow", "|checked_pow<N: CheckedPow>(val: N, exp: u32) -> Option<N>"},
        {"std/ops/num::checkedPow", "checkedPow<N: CheckedPow>(var exp: u32) in(value: Stream<N>) out(pow: Stream<Option<N>>)"},
        // std/ops/float (§2.7)
        {"std/ops/float::|is_nan", "|is_nan<F: Float>(value: F) -> bool"},
        {"std/ops/float::isNan", "isNan<F: Float>() in(value: Stream<F>) out(nan: Stream<bool>)"},
        {"std/ops/float::|is_finite", "|is_finite<F: Float>(value: F) -> bool"},
        {"std/ops/float::isFinite", "isFinite<F: Float>() in(value: Stream<F>) out(finite: Stream<bool>)"},
        {"std/ops/float::|is_infinite", "|is_infinite<F: Float>(value: F) -> bool"},
        {"std/ops/float::isInfinite", "isInfinite<F: Float>() in(value: Stream<F>) out(infinite: Stream<bool>)"},
        {"std/ops/float::|is_normal", "|is_normal<F: Float>(value: F) -> bool"},
        {"std/ops/float::isNormal", "isNormal<F: Float>() in(value: Stream<F>) out(normal: Stream<bool>)"},
        {"std/ops/float::|is_subnormal", "|is_subnormal<F: Float>(value: F) -> bool"},
        {"std/ops/float::isSubnormal", "isSubnormal<F: Float>() in(value: Stream<F>) out(subnormal: Stream<bool>)"},
        {"std/ops/float::|floor", "|floor<F: Float>(val: F) -> F"},
        {"std/ops/float::floor", "floor<F: Float>() in(value: Stream<F>) out(floor: Stream<F>)"},
        {"std/ops/float::|ceil", "|ceil<F: Float>(val: F) -> F"},
        {"std/ops/float::ceil", "ceil<F: Float>() in(value: Stream<F>) out(ceil: Stream<F>)"},
        {"std/ops/float::|round", "|round<F: Float>(val: F) -> F"},
        {"std/ops/float::round", "round<F: Float>() in(value: Stream<F>) out(round: Stream<F>)"},
        {"std/ops/float::|trunc", "|trunc<F: Float>(val: F) -> F"},
        {"std/ops/float::trunc", "trunc<F: Float>() in(value: Stream<F>) out(trunc: Stream<F>)"},
        {"std/ops/float::|fract", "|fract<F: Float>(val: F) -> F"},
        {"std/ops/float::fract", "fract<F: Float>() in(value: Stream<F>) out(fract: Stream<F>)"},
        {"std/ops/float::|recip", "|recip<F: Float>(val: F) -> F"},
        {"std/ops/float::recip", "recip<F: Float>() in(value: Stream<F>) out(recip: Stream<F>)"},
        {"std/ops/float::|sqrt", "|sqrt<F: Float>(val: F) -> F"},
        {"std/ops/float::sqrt", "sqrt<F: Float>() in(value: Stream<F>) out(sqrt: Stream<F>)"},
        {"std/ops/float::|exp", "|exp<F: Float>(val: F) -> F"},
        {"std/ops/float::exp", "exp<F: Float>() in(value: Stream<F>) out(exp: Stream<F>)"},
        {"std/ops/float::|exp2", "|exp2<F: Float>(val: F) -> F"},
        {"std/ops/float::exp2", "exp2<F: Float>() in(value: Stream<F>) out(exp2: Stream<F>)"},
        {"std/ops/float::|ln", "|ln<F: Float>(val: F) -> F"},
        {"std/ops/float::ln", "ln<F: Float>() in(value: Stream<F>) out(ln: Stream<F>)"},
        {"std/ops/float::|log2", "|log2<F: Float>(val: F) -> F"},
        {"std/ops/float::log2", "log2<F: Float>() in(value: Stream<F>) out(log2: Stream<F>)"},
        {"std/ops/float::|log10", "|log10<F: Float>(val: F) -> F"},
        {"std/ops/float::log10", "log10<F: Float>() in(value: Stream<F>) out(log10: Stream<F>)"},
        {"std/ops/float::|cbrt", "|cbrt<F: Float>(val: F) -> F"},
        {"std/ops/float::cbrt", "cbrt<F: Float>() in(value: Stream<F>) out(cbrt: Stream<F>)"},
        {"std/ops/float::|sin", "|sin<F: Float>(val: F) -> F"},
        {"std/ops/float::sin", "sin<F: Float>() in(value: Stream<F>) out(sin: Stream<F>)"},
        {"std/ops/float::|cos", "|cos<F: Float>(val: F) -> F"},
        {"std/ops/float::cos", "cos<F: Float>() in(value: Stream<F>) out(cos: Stream<F>)"},
        {"std/ops/float::|tan", "|tan<F: Float>(val: F) -> F"},
        {"std/ops/float::tan", "tan<F: Float>() in(value: Stream<F>) out(tan: Stream<F>)"},
        {"std/ops/float::|asin", "|asin<F: Float>(val: F) -> F"},
        {"std/ops/float::asin", "asin<F: Float>() in(value: Stream<F>) out(asin: Stream<F>)"},
        {"std/ops/float::|acos", "|acos<F: Float>(val: F) -> F"},
        {"std/ops/float::acos", "acos<F: Float>() in(value: Stream<F>) out(acos: Stream<F>)"},
        {"std/ops/float::|atan", "|atan<F: Float>(val: F) -> F"},
        {"std/ops/float::atan", "atan<F: Float>() in(value: Stream<F>) out(atan: Stream<F>)"},
        {"std/ops/float::|sinh", "|sinh<F: Float>(val: F) -> F"},
        {"std/ops/float::sinh", "sinh<F: Float>() in(value: Stream<F>) out(sinh: Stream<F>)"},
        {"std/ops/float::|cosh", "|cosh<F: Float>(val: F) -> F"},
        {"std/ops/float::cosh", "cosh<F: Float>() in(value: Stream<F>) out(cosh: Stream<F>)"},
        {"std/ops/float::|tanh", "|tanh<F: Float>(val: F) -> F"},
        {"std/ops/float::tanh", "tanh<F: Float>() in(value: Stream<F>) out(tanh: Stream<F>)"},
        {"std/ops/float::|asinh", "|asinh<F: Float>(val: F) -> F"},
        {"std/ops/float::asinh", "asinh<F: Float>() in(value: Stream<F>) out(asinh: Stream<F>)"},
        {"std/ops/float::|acosh", "|acosh<F: Float>(val: F) -> F"},
        {"std/ops/float::acosh", "acosh<F: Float>() in(value: Stream<F>) out(acosh: Stream<F>)"},
        {"std/ops/float::|atanh", "|atanh<F: Float>(val: F) -> F"},
        {"std/ops/float::atanh", "atanh<F: Float>() in(value: Stream<F>) out(atanh: Stream<F>)"},
        {"std/ops/float::|to_degrees", "|to_degrees<F: Float>(val: F) -> F"},
        {"std/ops/float::toDegrees", "toDegrees<F: Float>() in(value: Stream<F>) out(to_degrees: Stream<F>)"},
        {"std/ops/float::|to_radians", "|to_radians<F: Float>(val: F) -> F"},
        {"std/ops/float::toRadians", "toRadians<F: Float>() in(value: Stream<F>) out(to_radians: Stream<F>)"},
        {"std/ops/float::|pow", "|pow<F: Float>(val: F, exp: F) -> F"},
        {"std/ops/float::pow", "pow<F: Float>(var exp: F) in(value: Stream<F>) out(pow: Stream<F>)"},
        {"std/ops/float::|log", "|log<F: Float>(val: F, base: F) -> F"},
        {"std/ops/float::log", "log<F: Float>(var base: F) in(value: Stream<F>) out(log: Stream<F>)"},
        {"std/ops/float::|hypot", "|hypot<F: Float>(val: F, n: F) -> F"},
        {"std/ops/float::hypot", "hypot<F: Float>(var n: F) in(value: Stream<F>) out(hypot: Stream<F>)"},
        {"std/ops/float::|atan2", "|atan2<F: Float>(val: F, n: F) -> F"},
        {"std/ops/float::atan2", "atan2<F: Float>(var n: F) in(value: Stream<F>) out(atan2: Stream<F>)"},
        // std/ops/bin (§2.8)
        {"std/ops/bin::and", "and<B: Binary>() in(a: Stream<B>, b: Stream<B>) out(and: Stream<B>)"},
        {"std/ops/bin::or", "or<B: Binary>() in(a: Stream<B>, b: Stream<B>) out(or: Stream<B>)"},
        {"std/ops/bin::xor", "xor<B: Binary>() in(a: Stream<B>, b: Stream<B>) out(or: Stream<B>)"},
        {"std/ops/bin::|or", "|or<B: Binary>(a: B, b: B) -> B"},
        {"std/ops/bin::|xor", "|xor<B: Binary>(a: B, b: B) -> B"},
        {"std/ops/bin::not", "not<B: Binary>() in(value: Stream<B>) out(not: Stream<B>)"},
        {"std/ops/bin::|and", "|and<B: Binary>(a: B, b: B) -> B"},
        {"std/ops/bin::|not", "|not<B: Binary>(value: B) -> B"},
        // std/ops/option (§2.9)
        {"std/ops/option::|wrap", "|wrap<T>(value: T) -> Option<T>"},
        {"std/ops/option::|unwrap_or", "|unwrap_or<T>(option: Option<T>, default: T) -> T"},
        {"std/ops/option::unwrap", "unwrap<T>() in(option: Stream<Option<T>>) out(value: Stream<T>)"},
        {"std/ops/option::unwrapOr",
         "unwrapOr<T>(var default: T) in(option: Stream<Option<T>>) out(value: Stream<T>)"},
        {"std/ops/option::fuse", "fuse<T>() in(option: Stream<Option<T>>) out(value: Stream<T>)"},
        {"std/ops/option::wrap", "wrap<T>() in(value: Stream<T>) out(option: Stream<Option<T>>)"},
        // std/ops/option/block (§2.10)
        {"std/ops/option/block::unwrap", "unwrap<T>() in(option: Block<Option<T>>) out(value: Block<T>)"},
        {"std/ops/option/block::unwrapOr",
         "unwrapOr<T>(var default: T) in(option: Block<Option<T>>) out(value: Block<T>)"},
        {"std/ops/option/block::wrap", "wrap<T>() in(value: Block<T>) out(option: Block<Option<T>>)"},
        {"std/ops/option/block::map",
         "map<T>() in(option: Block<Option<T>>) out(none: Block<void>, value: Block<T>)"},
        {"std/ops/option/block::reduce",
         "reduce<T>() in(value: Block<T>, none: Block<void>) out(option: Block<Option<T>>)"},
        {"std/text/compare/char::|exact", "|exact(char: char, reference: char) -> bool"},
        {"std/text/compare/char::exact", "exact(var reference: char) in(chars: Stream<char>) out(matches: Stream<bool>)"},
        {"std/text/compare/char::|is_digit", "|is_digit(char: char, base: u8) -> bool"},
        {"std/text/compare/char::isDigit", "isDigit(var base: u8) in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_alphabetic", "|is_alphabetic(char: char) -> bool"},
        {"std/text/compare/char::isAlphabetic", "isAlphabetic() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_alphanumeric", "|is_alphanumeric(char: char) -> bool"},
        {"std/text/compare/char::isAlphanumeric", "isAlphanumeric() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_ascii", "|is_ascii(char: char) -> bool"},
        {"std/text/compare/char::isAscii", "isAscii() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_control", "|is_control(char: char) -> bool"},
        {"std/text/compare/char::isControl", "isControl() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_lowercase", "|is_lowercase(char: char) -> bool"},
        {"std/text/compare/char::isLowercase", "isLowercase() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_uppercase", "|is_uppercase(char: char) -> bool"},
        {"std/text/compare/char::isUppercase", "isUppercase() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare/char::|is_whitespace", "|is_whitespace(char: char) -> bool"},
        {"std/text/compare/char::isWhitespace", "isWhitespace() in(chars: Stream<char>) out(is: Stream<bool>)"},
        {"std/text/compare::|contains", "|contains(text: string, substring: string) -> bool"},
        {"std/text/compare::contains", "contains(var substring: string) in(text: Stream<string>) out(contains: Stream<bool>)"},
        {"std/text/compare::|exact", "|exact(text: string, pattern: string) -> bool"},
        {"std/text/compare::exact", "exact(var pattern: string) in(text: Stream<string>) out(matches: Stream<bool>)"},
        {"std/text/compare::|starts_with", "|starts_with(text: string, pattern: string) -> bool"},
        {"std/text/compare::startsWith", "startsWith(var pattern: string) in(text: Stream<string>) out(matches: Stream<bool>)"},
        {"std/text/compare::|ends_with", "|ends_with(text: string, pattern: string) -> bool"},
        {"std/text/compare::endsWith", "endsWith(var pattern: string) in(text: Stream<string>) out(matches: Stream<bool>)"},
        {"std/text/convert/char::toString", "toString() in(chars: Stream<char>) out(text: Stream<string>)"},
        {"std/text/convert/char::fromString", "fromString() in(text: Stream<string>) out(chars: Stream<char>)"},
        {"std/text/convert/char::toUtf8", "toUtf8() in(text: Stream<char>) out(encoded: Stream<byte>)"},
        {"std/text/convert/char::|to_utf8", "|to_utf8(char: char) -> Vec<byte>"},
        {"std/text/convert/char::|from_utf8", "|from_utf8(encoded: Vec<byte>) -> Vec<char>"},
        {"std/text/convert/string::toChar", "toChar() in(text: Stream<string>) out(chars: Stream<Vec<char>>)"},
        {"std/text/convert/string::fromChar", "fromChar() in(chars: Stream<Vec<char>>) out(text: Stream<string>)"},
        {"std/text/convert/string::|to_char", "|to_char(text: string) -> Vec<char>"},
        {"std/text/convert/string::|from_char", "|from_char(chars: Vec<char>) -> string"},
        {"std/text/convert/string::|to_utf8", "|to_utf8(text: string) -> Vec<byte>"},
        {"std/text/convert/string::|from_utf8", "|from_utf8(encoded: Vec<byte>) -> string"},
        {"std/text/compose::|checked_format", "|checked_format(format: string, entries: StringMap) -> Option<string>"},
        {"std/text/compose::checkedFormat", "checkedFormat(var format: string) in(entries: Stream<StringMap>) out(formatted: Stream<Option<string>>)"},
        {"std/text/compose::|trim", "|trim(text: string) -> string"},
        {"std/text/compose::|trim_end", "|trim_end(text: string) -> string"},
        {"std/text/compose::|trim_start", "|trim_start(text: string) -> string"},
        {"std/text/compose::trim", "trim() in(text: Stream<string>) out(trimmed: Stream<string>)"},
        {"std/text/compose::trimStart", "trimStart() in(text: Stream<string>) out(trimmed: Stream<string>)"},
        {"std/text/compose::|split", "|split(text: string, delimiter: string, inclusive: bool) -> Vec<string>"},
        // std/text/compose (§2.14)
        {"std/text/compose::|format", "|format(format: string, entries: StringMap) -> string"},
        {"std/text/compose::format",
         "format(var format: string) in(entries: Stream<StringMap>) out(formatted: Stream<string>)"},
        {"std/text/compose::trimEnd", "trimEnd() in(text: Stream<string>) out(trimmed: Stream<string>)"},
        {"std/text/compose::split", "split(var delimiter: string, var inclusive: bool = true) "
                                    "in(text: Stream<string>) out(splitted: Stream<Vec<string>>)"},
        // Defaults are rendered in display form: a string holding a line break is a raw block.
        {"std/text/compose::rescale", "rescale(var delimiter: string = ${\n}) in(unscaled: Stream<string>) "
                                      "out(scaled: Stream<string>)"},
        // std/text/convert/string (§2.16)
        {"std/text/convert/string::toUtf8", "toUtf8() in(text: Stream<string>) out(encoded: Stream<byte>)"},
        {"std/text/convert/string::fromUtf8",
         "fromUtf8() in(encoded: Stream<byte>) out(text: Stream<string>)"},
        // std/ops/vec (§2.11)
        {"std/ops/vec::|contains", "|contains<T: PartialEquality>(vector: Vec<T>, value: T) -> bool"},
        {"std/ops/vec::contains", "contains<T: PartialEquality>() in(value: Stream<T>, vec: Stream<Vec<T>>) out(contains: Stream<bool>)"},
        {"std/ops/vec::|concat", "|concat<T>(first: Vec<T>, second: Vec<T>) -> Vec<T>"},
        {"std/ops/vec::concat", "concat<T>() in(first: Stream<Vec<T>>, second: Stream<Vec<T>>) out(concatened: Stream<Vec<T>>)"},
        {"std/ops/vec/block::contains", "contains<T: PartialEquality>() in(value: Block<T>, vec: Block<Vec<T>>) out(contains: Block<bool>)"},
        {"std/ops/vec/block::concat", "concat<T>() in(first: Block<Vec<T>>, second: Block<Vec<T>>) out(concatened: Block<Vec<T>>)"},
        // std/types (§2.22)
        {"std/types::|min", "|min<B: Bounded>() -> B"},
        {"std/types::|max", "|max<B: Bounded>() -> B"},
        {"std/types/char::|replacement_character", "|replacement_character() -> char"},
        {"std/types/float::|infinity", "|infinity<F: Float>() -> F"},
        {"std/types/float::|neg_infinity", "|neg_infinity<F: Float>() -> F"},
        {"std/types/float::|nan", "|nan<F: Float>() -> F"},
        // std/data/map (§2.17)
        {"std/data/map::|map", "|map(entries: Vec<Map>) -> Map"},
        {"std/data/map::|entry", "|entry<T>(key: string, value: T) -> Map"},
        {"std/data/map::|insert", "|insert<T>(map: Map, key: string, value: T) -> Map"},
        {"std/data/map::|get", "|get<T>(map: Map, key: string) -> Option<T>"},
        {"std/data/map::entry", "entry<T>(var key: string) in(value: Stream<T>) out(map: Stream<Map>)"},
        {"std/data/map::get", "get<T>(var key: string) in(map: Stream<Map>) out(value: Stream<Option<T>>)"},
        {"std/data/map::insert", "insert<T>(var key: string) in(base: Stream<Map>, value: Stream<T>) out(map: Stream<Map>)"},
        {"std/data/map/block::entry", "entry<T>(var key: string) in(value: Block<T>) out(map: Block<Map>)"},
        {"std/data/map/block::get", "get<T>(var key: string) in(map: Block<Map>) out(value: Block<Option<T>>)"},
        {"std/data/map/block::insert", "insert<T>(var key: string) in(base: Block<Map>, value: Block<T>) out(map: Block<Map>)"},
        {"std/data/map/block::merge", "merge() in(base: Block<Map>, entries: Block<Map>) out(merged: Block<Map>)"},
        {"std/data/string_map::|get", "|get(map: StringMap, key: string) -> Option<string>"},
        {"std/data/string_map::insert", "insert(var key: string) in(base: Stream<StringMap>, value: Stream<string>) out(map: Stream<StringMap>)"},
        {"std/data/string_map/block::entry", "entry(var key: string) in(value: Block<string>) out(map: Block<StringMap>)"},
        {"std/data/string_map/block::get", "get(var key: string) in(map: Block<StringMap>) out(value: Block<Option<string>>)"},
        {"std/data/string_map/block::insert", "insert(var key: string) in(base: Block<StringMap>, value: Block<string>) out(map: Block<StringMap>)"},
        // std/data/string_map (§2.18)
        {"std/data/string_map::|map", "|map(entries: Vec<StringMap>) -> StringMap"},
        {"std/data/string_map::|entry", "|entry(key: string, value: string) -> StringMap"},
        {"std/data/string_map::|insert", "|insert(map: StringMap, key: string, value: string) -> StringMap"},
        {"std/data/string_map::entry",
         "entry(var key: string) in(value: Stream<string>) out(map: Stream<StringMap>)"},
        {"std/data/string_map::get",
         "get(var key: string) in(map: Stream<StringMap>) out(value: Stream<Option<string>>)"},
        {"std/data/string_map/block::merge", "merge() in(base: Block<StringMap>, entries: Block<StringMap>) "
                                             "out(merged: Block<StringMap>)"},
        // std/engine (§2.19)
        {"std/engine::ready", "ready[engine: Engine]() in() out(trigger: Block<void>)"},
        {"std/flow/concentrate::concentrate", "concentrate<T>[concentrator: Concentrator]() in(data: Stream<T>) out()"},
        {"std/flow/concentrate::concentrateBlock",
         "concentrateBlock<T>[concentrator: Concentrator]() in(data: Block<T>) out()"},
        {"std/flow/concentrate::concentrated",
         "concentrated<T>[concentrator: Concentrator]() in(trigger: Block<T>) out(data: Stream<T>)"},
        {"std/engine::|version", "|version() -> string"},
        {"std/engine::|run_id", "|run_id() -> string"},
        {"std/engine::|group_id", "|group_id() -> string"},
        // std/engine/log (§2.21)
        {"std/engine/log::|error", "|error() -> Level"},
        {"std/engine/log::|warning", "|warning() -> Level"},
        {"std/engine/log::|info", "|info() -> Level"},
        {"std/engine/log::|debug", "|debug() -> Level"},
        {"std/engine/log::|trace", "|trace() -> Level"},
        {"std/engine/log::logStream",
         "logStream[engine: Engine](var level: Level, var label: string) in(messages: Stream<string>) out()"},
        {"std/engine/log::logStreamLabel", "logStreamLabel[engine: Engine](var level: Level) "
                                           "in(label: Block<string>, messages: Stream<string>) out()"},
        {"std/engine/log::logBlock",
         "logBlock[engine: Engine](var level: Level, var label: string) in(message: Block<string>) out()"},
        {"std/engine/log::logBlockLabel", "logBlockLabel[engine: Engine](var level: Level) "
                                          "in(label: Block<string>, message: Block<string>) out()"},
        {"std/engine/log::logDataStream", "logDataStream<D: Display>[engine: Engine](var level: Level, "
                                          "var label: string) in(display: Stream<D>) out()"},
        {"std/engine/log::logDataStreamLabel",
         "logDataStreamLabel<D: Display>[engine: Engine](var level: Level) "
         "in(label: Block<string>, display: Stream<D>) out()"},
        {"std/engine/log::logDataBlock", "logDataBlock<D: Display>[engine: Engine](var level: Level, "
                                         "var label: string) in(display: Block<D>) out()"},
        {"std/engine/log::logDataBlockLabel",
         "logDataBlockLabel<D: Display>[engine: Engine](var level: Level) "
         "in(label: Block<string>, display: Block<D>) out()"},
    };
    return table;
}

// Data types and models, with the traits std.md §1 lists.
const std::map<std::string, std::string>& expected_other_elements()
{
    static const std::map<std::string, std::string> table = {
        {"std/data/map::Map", "data type: PartialEquality + Serialize + Display"},
        {"std/data/string_map::StringMap", "data type: PartialEquality + Equality + Serialize + Deserialize"},
        {"std/engine/log::Level", "data type: Bounded + PartialEquality + Equality + PartialOrder + Order + "
                                  "Serialize + Deserialize"},
        {"std/engine::Engine", "model"},
        {"std/flow/concentrate::Concentrator", "model"},
    };
    return table;
}

std::string describe(const Element& e)
{
    switch (e.kind) {
    case ElementKind::Treatment:
        return signature(*e.treatment);
    case ElementKind::Function:
        return signature(*e.function);
    case ElementKind::DataType:
        return "data type: " + trait_list_text(e.data_type->traits);
    case ElementKind::Model:
        return "model";
    case ElementKind::Context:
        return "context";
    }
    return {};
}

/// Generic names a type mentions.
void collect_generics(const Type& type, std::set<std::string>& out)
{
    if (type.contains_generic())
        out.insert(type.generic_name());
}

} // namespace

TEST_CASE("std registers every declared element with the signature of the reference")
{
    std::set<std::string> seen;
    for (const Element* e : std_registry().elements()) {
        const std::string id = e->id().to_string();
        seen.insert(id);
        CAPTURE(id);
        if (auto it = expected_signatures().find(id); it != expected_signatures().end()) {
            CHECK(describe(*e) == it->second);
        } else if (auto other = expected_other_elements().find(id);
                   other != expected_other_elements().end()) {
            CHECK(describe(*e) == other->second);
        } else {
            FAIL_CHECK("unexpected element " << describe(*e));
        }
    }
    for (const auto& entry : expected_signatures())
        CHECK_MESSAGE(seen.count(entry.first) == 1, "missing " << entry.first);
    for (const auto& entry : expected_other_elements())
        CHECK_MESSAGE(seen.count(entry.first) == 1, "missing " << entry.first);
}

TEST_CASE("std declares the expected number of native elements per area")
{
    const std::map<std::string, int> expected = {
        {"std/conv", 92},
        {"std/data/map", 8},
        {"std/data/map/block", 4},
        {"std/data/string_map", 8},
        {"std/data/string_map/block", 4},
        {"std/engine", 5},
        {"std/engine/log", 14},
        {"std/flow", 28},
        {"std/flow/vec", 6},
        {"std/flow/concentrate", 4},
        {"std/ops", 19},
        {"std/ops/bin", 8},
        {"std/ops/vec", 4},
        {"std/ops/vec/block", 2},
        {"std/ops/num", 58},
        {"std/ops/float", 72},
        {"std/ops/option", 6},
        {"std/ops/option/block", 5},
        {"std/text/compose", 13},
        {"std/text/compare", 8},
        {"std/text/compare/char", 18},
        {"std/types", 2},
        {"std/types/char", 1},
        {"std/types/float", 3},
        {"std/text/convert/char", 5},
        {"std/text/convert/string", 8},
    };
    std::map<std::string, int> counted;
    for (const Element* e : std_registry().elements())
        ++counted[e->id().area()];
    CHECK(counted == expected);
    CHECK(std_registry().elements().size() == 405);
    CHECK(std_registry().packages() == std::vector<std::string>{"std"});
}

TEST_CASE("every std element is documented and bounds its generics with known traits")
{
    for (const Element* e : std_registry().elements()) {
        const std::string id = e->id().to_string();
        CAPTURE(id);
        CHECK(e->doc().size() > 20);
        const std::vector<GenericParameter>* generics = nullptr;
        std::set<std::string> used;
        if (e->kind == ElementKind::Treatment) {
            generics = &e->treatment->generics;
            for (const auto& p : e->treatment->parameters)
                collect_generics(p.type, used);
            for (const auto& p : e->treatment->inputs)
                collect_generics(p.type, used);
            for (const auto& p : e->treatment->outputs)
                collect_generics(p.type, used);
        } else if (e->kind == ElementKind::Function) {
            generics = &e->function->generics;
            for (const auto& p : e->function->parameters)
                collect_generics(p.type, used);
            collect_generics(e->function->return_type, used);
        }
        if (!generics)
            continue;
        std::set<std::string> declared;
        for (const GenericParameter& g : *generics) {
            CHECK(declared.insert(g.name).second);
            for (Trait t : g.traits) {
                REQUIRE(static_cast<std::size_t>(t) < k_trait_count);
                CHECK(trait_from_name(trait_name(t)) == t);
            }
        }
        CHECK(used == declared); // every generic is used, every used name is declared
    }
}

TEST_CASE("every std function has a body, every native treatment and model an implementation")
{
    for (const Element* e : std_registry().elements()) {
        CAPTURE(e->id().to_string());
        if (e->kind == ElementKind::Function)
            CHECK(static_cast<bool>(e->function->body));
        // Sources (std/engine::ready) get their behaviour from their model.
        if (e->kind == ElementKind::Treatment && !e->treatment->source_from)
            CHECK((e->treatment->implementation && e->treatment->implementation->body));
        if (e->kind == ElementKind::Model)
            CHECK((e->model->implementation && e->model->implementation->factory));
    }
}

TEST_CASE("Engine publishes its ready source as a treatment")
{
    const ModelDescriptor& engine = *element("std/engine::Engine").model;
    REQUIRE(engine.sources.size() == 1);
    CHECK(engine.sources[0].name == "ready");
    REQUIRE(engine.sources[0].outputs.size() == 1);
    CHECK(engine.sources[0].outputs[0].name == "trigger");
    CHECK(engine.sources[0].outputs[0].flow == Flow::Block);
    CHECK(engine.sources[0].outputs[0].type.is_core(CoreType::Void));
    CHECK(engine.parameters.empty());

    const TreatmentDescriptor& ready = treatment("std/engine::ready");
    REQUIRE(ready.source_from.has_value());
    CHECK(ready.source_from->first == "engine");
    CHECK(ready.source_from->second == "ready");
    CHECK(ready.model("engine")->model->id == engine.id);
}

TEST_CASE("parameters with defaults: split.inclusive and rescale.delimiter")
{
    const Parameter* inclusive = treatment("std/text/compose::split").parameter("inclusive");
    REQUIRE(inclusive);
    REQUIRE(inclusive->default_value.has_value());
    CHECK(*inclusive->default_value == Value::boolean(true));
    const Parameter* delimiter = treatment("std/text/compose::rescale").parameter("delimiter");
    REQUIRE(delimiter);
    REQUIRE(delimiter->default_value.has_value());
    CHECK(*delimiter->default_value == Value::string("\n"));
    CHECK_FALSE(treatment("std/text/compose::split").parameter("delimiter")->default_value.has_value());
}

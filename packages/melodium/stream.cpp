// melodium/stream — no reference: Mélodium 0.10.2 has no reduction of a stream to one value (std/flow::count
// gives a running index per value and nothing for an empty stream; folding needs lambdas the language does
// not have). Ours, in the package `melodium` (docs/melodium-package.md, docs/differences.md): each treatment
// reads its whole input and, once the input has closed, sends one block, also for an empty stream.
//
// Decisions: `sum`/`product` wrap on integer overflow as std/ops/num's `add`/`mul` do (std.md §0.4), with
// `checkedSum`/`checkedProduct` giving none instead; floats are added (multiplied) in stream order, so the
// result never depends on how the stream was batched. `min`/`max` order values as std/ops's `min`/`max` do
// (a NaN is ignored unless every value is NaN; strings by UTF-8 bytes) and keep the first of equal values.
// The generic type is resolved once per track; the values are then read as typed arrays, batch by batch.

#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "packages/melodium/register.h"
#include "runtime/model/registry.h"
#include "stdlib/native.h"
#include "stdlib/ops/numeric.h"

namespace mel::packages::melodium {

namespace {

using stdlib::Batch;
using stdlib::BatchKind;
using stdlib::EngineError;
using stdlib::Input;
using stdlib::Output;
using stdlib::Task;
using stdlib::TreatmentContext;
using stdlib::type_tag;

template<class T> using U = make_unsigned_t<T>;

// ---- the folds: an accumulator over typed arrays and the Value it ends with ------------------------------

template<class T> struct Sum {
    using Element = T;
    T total = T(0);
    void add(std::span<const T> values)
    {
        if constexpr (is_integer_v<T>) { // modular, in the unsigned type of the same width
            U<T> sum = static_cast<U<T>>(total);
            for (const T v : values)
                sum = static_cast<U<T>>(sum + static_cast<U<T>>(v));
            total = static_cast<T>(sum);
        } else {
            for (const T v : values)
                total += v;
        }
    }
    Value result() const { return stdlib::number_value(total); }
};

template<class T> struct Product {
    using Element = T;
    T total = T(1);
    void add(std::span<const T> values)
    {
        if constexpr (is_integer_v<T>) {
            U<T> product = static_cast<U<T>>(total);
            for (const T v : values)
                product = static_cast<U<T>>(product * static_cast<U<T>>(v));
            total = static_cast<T>(product);
        } else {
            for (const T v : values)
                total *= v;
        }
    }
    Value result() const { return stdlib::number_value(total); }
};

/// Integers only (CheckedAdd, CheckedMul): the first overflow makes the result none; the rest is read anyway.
template<class T, bool multiply> struct Checked {
    using Element = T;
    T total = multiply ? T(1) : T(0);
    bool overflowed = false;
    void add(std::span<const T> values)
    {
        if constexpr (is_integer_v<T>) {
            for (const T v : values) {
                if (overflowed)
                    return;
                overflowed = multiply ? __builtin_mul_overflow(total, v, &total)
                                      : __builtin_add_overflow(total, v, &total);
            }
        } else {
            throw EngineError("floats do not implement checked arithmetic");
        }
    }
    Value result() const { return overflowed ? Value::none() : Value::some(stdlib::number_value(total)); }
};
template<class T> using CheckedSum = Checked<T, false>;
template<class T> using CheckedProduct = Checked<T, true>;

/// A value of an ordered batch element type as a Value (strings travel as Values already).
template<class T> Value element_value(const T& v)
{
    if constexpr (std::is_same_v<T, Value>)
        return v;
    else if constexpr (std::is_same_v<T, bool>)
        return Value::boolean(v);
    else if constexpr (std::is_same_v<T, std::byte>)
        return Value::byte(static_cast<std::uint8_t>(v));
    else if constexpr (std::is_same_v<T, char32_t>)
        return Value::character(v);
    else
        return stdlib::number_value(v);
}

template<class T> bool is_nan(const T& v)
{
    if constexpr (std::is_floating_point_v<T>)
        return std::isnan(v);
    else
        return false;
}

template<class T> bool less(const T& a, const T& b)
{
    if constexpr (std::is_same_v<T, Value>)
        return a.as_string() < b.as_string();
    else
        return a < b;
}

/// The smallest (`largest` false) or largest value; a NaN only while nothing else came.
template<class T, bool largest> struct Extreme {
    using Element = T;
    std::optional<T> best;
    void add(std::span<const T> values)
    {
        for (const T& v : values)
            if (!best || is_nan(*best) || (!is_nan(v) && (largest ? less(*best, v) : less(v, *best))))
                best = v;
    }
    Value result() const { return best ? Value::some(element_value(*best)) : Value::none(); }
};
template<class T> using Min = Extreme<T, false>;
template<class T> using Max = Extreme<T, true>;

// ---- bodies -------------------------------------------------------------------------------------------

/// Reads `in` to its end into `Fold`, then sends the result on `out`.
template<class Fold> Task<> fold_stream(Input& in, Output& out)
{
    Fold fold;
    while (auto batch = co_await in.recv_many())
        fold.add(batch->template as_span<typename Fold::Element>());
    co_await out.send_one(fold.result());
}

/// A body for a type the signature should have kept out.
Task<> unsupported(std::string message)
{
    throw EngineError(message);
    co_return;
}

/// Calls `f(type_tag<T>{})` for the element type of an ordered batch kind (numbers, bool, byte, char, and
/// Value for strings); `otherwise()` for any other kind.
template<class F, class G> decltype(auto) visit_ordered_kind(BatchKind kind, F&& f, G&& otherwise)
{
    switch (kind) {
    case BatchKind::Bool:
        return f(type_tag<bool>{});
    case BatchKind::Byte:
        return f(type_tag<std::byte>{});
    case BatchKind::Char:
        return f(type_tag<char32_t>{});
    case BatchKind::String:
        return f(type_tag<Value>{});
    default:
        return stdlib::visit_number_kind(kind, f, otherwise);
    }
}

/// Body: in `stream`, out `port`, folded by `Fold<T>` where T is the generic type's element type, chosen
/// once.
template<template<class> class Fold, bool ordered = false> auto fold_treatment(std::string_view port)
{
    return [port](TreatmentContext& ctx) -> Task<> {
        auto& in = ctx.input("stream");
        auto& out = ctx.output(port);
        const BatchKind kind = engine::batch_kind_of(ctx.generic(0));
        const auto typed = [&]<class T>(type_tag<T>) { return fold_stream<Fold<T>>(in, out); };
        const auto other = [&] {
            return unsupported(std::string(ctx.descriptor().id.name) + ": " + ctx.generic(0).to_string() +
                               " is not a supported type");
        };
        if constexpr (ordered)
            return visit_ordered_kind(kind, typed, other);
        else
            return stdlib::visit_number_kind(kind, typed, other);
    };
}

Task<> count_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    auto& count = ctx.output("count");
    std::uint64_t total = 0;
    while (auto batch = co_await stream.recv_many())
        total += batch->size();
    co_await count.send_one(Value::u64(total));
}

// ---- declarations -------------------------------------------------------------------------------------

constexpr const char* k_when = "\n\nThe result is sent once `stream` has closed, also when it is empty.";

/// `name<G: trait>` in `stream: Stream<G>`, out `port: Block<result>` (`result` written with G).
void reduction(AreaBuilder& area, const char* name, const char* generic, Trait trait, const char* port,
               const char* result, std::string doc, std::function<Task<>(TreatmentContext&)> body)
{
    area.treatment(name)
        .generic(generic, {trait})
        .input("stream", std::string("Stream<") + generic + ">")
        .output(port, std::string("Block<") + result + ">")
        .doc(std::move(doc) + k_when)
        .implementation(stdlib::native(std::move(body)));
}

} // namespace

void register_stream(Registry& registry)
{
    auto area = registry.area("melodium/stream");

    area.treatment("count")
        .generic("T")
        .input("stream", "Stream<T>")
        .output("count", "Block<u64>")
        .doc(std::string("The number of values of a stream.\n\n`count` is 0 for an empty stream. (std/flow's "
                         "`count` is another thing: a running index for each value.)") +
             k_when)
        .implementation(stdlib::native(count_body));

    reduction(
        area, "sum", "N", Trait::Add, "sum", "N",
        "The sum of the values of a stream.\n\n`sum` is 0 for an empty stream. Integers wrap around on "
        "overflow, as std/ops/num's `add` does (`checkedSum` tells overflows); floats are added in stream "
        "order and follow IEEE 754.",
        fold_treatment<Sum>("sum"));
    reduction(area, "checkedSum", "N", Trait::CheckedAdd, "sum", "Option<N>",
              "The sum of the values of a stream, or none if it overflows.\n\n`sum` is some 0 for an empty "
              "stream, and none as soon as a partial sum, in stream order, leaves the range of `N`.",
              fold_treatment<CheckedSum>("sum"));
    reduction(
        area, "product", "N", Trait::Mul, "product", "N",
        "The product of the values of a stream.\n\n`product` is 1 for an empty stream. Integers wrap "
        "around on overflow, as std/ops/num's `mul` does (`checkedProduct` tells overflows); floats are "
        "multiplied in stream order and follow IEEE 754.",
        fold_treatment<Product>("product"));
    reduction(
        area, "checkedProduct", "N", Trait::CheckedMul, "product", "Option<N>",
        "The product of the values of a stream, or none if it overflows.\n\n`product` is some 1 for an "
        "empty stream, and none as soon as a partial product, in stream order, leaves the range of `N`.",
        fold_treatment<CheckedProduct>("product"));

    reduction(
        area, "min", "T", Trait::Order, "min", "Option<T>",
        "The smallest value of a stream, or none for an empty stream.\n\nValues compare as with std/ops's "
        "`min`: a NaN is ignored unless every value is NaN, and strings compare by their UTF-8 bytes. Of "
        "equal values, the first is kept.",
        fold_treatment<Min, true>("min"));
    reduction(
        area, "max", "T", Trait::Order, "max", "Option<T>",
        "The largest value of a stream, or none for an empty stream.\n\nValues compare as with std/ops's "
        "`max`: a NaN is ignored unless every value is NaN, and strings compare by their UTF-8 bytes. Of "
        "equal values, the first is kept.",
        fold_treatment<Max, true>("max"));
}

} // namespace mel::packages::melodium

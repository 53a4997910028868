#pragma once

// Element-wise numeric treatments and functions, written once per operation (STYLE §2.3): an operation is a
// struct with a templated `operator()` on one typed number (`T op(T)`, `T op(T, T)`, or `bool` /
// `std::optional<T>` results); the function form applies it to Values, the treatment form to whole typed
// batches (contiguous arrays in, a contiguous array out). Used by std/ops/num and std/ops/float.
// map_treatment (stdlib/native.h) is the same treatment form for elements of any type.
//
// An operation that must fail (the reference panics) throws EngineError: a function failure for `|op`, a
// treatment failure for the stream form.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/numeric.h"

namespace mel::stdlib {

/// A result as a Value: a number, a bool, or an Option of a number.
template<class R> Value to_value(R r)
{
    if constexpr (std::is_same_v<R, bool>)
        return Value::boolean(r);
    else if constexpr (requires { r.has_value(); })
        return r ? Value::some(number_value(*r)) : Value::none();
    else
        return number_value(r);
}

/// The results of one operation over a batch, as the batch of its output port.
template<class R> Batch to_batch(std::vector<R> results)
{
    if constexpr (requires(R r) { r.has_value(); }) {
        std::vector<Value> values;
        values.reserve(results.size());
        for (const R& r : results)
            values.push_back(to_value(r));
        return Batch::of(std::move(values));
    } else {
        return Batch::of(std::move(results));
    }
}

[[noreturn]] inline Batch not_numbers(BatchKind kind)
{
    throw EngineError("a number stream carries " + std::string(engine::batch_kind_name(kind)));
}

/// `op` over every value of `x`.
template<class Op> Batch map_batch(const Op& op, const Batch& x)
{
    return visit_number_kind(
        x.kind(),
        [&]<class T>(type_tag<T>) -> Batch {
            const auto xs = x.as_span<T>();
            return to_batch(generated(xs.size(), [&](std::size_t i) { return op(xs[i]); }));
        },
        [&]() -> Batch { not_numbers(x.kind()); });
}

/// `op` over the pairs of two aligned batches of the same kind.
template<class Op> Batch zip_batches(const Op& op, const Batch& a, const Batch& b)
{
    return visit_number_kind(
        a.kind(),
        [&]<class T>(type_tag<T>) -> Batch {
            const auto as = a.as_span<T>();
            const auto bs = b.as_span<T>();
            return to_batch(generated(as.size(), [&](std::size_t i) { return op(as[i], bs[i]); }));
        },
        [&]() -> Batch { not_numbers(a.kind()); });
}

/// Treatment body: in `a`, `b` (pairwise, std.md §0.3), out `port`.
template<class Op> auto binary_treatment(std::string_view port)
{
    return [port](TreatmentContext& ctx) -> Task<> {
        auto& out = ctx.output(port);
        PairReader pairs(ctx.input("a"), ctx.input("b"));
        while (auto chunk = co_await pairs.next()) {
            Batch results = zip_batches(Op{}, chunk->first, chunk->second);
            if (const auto sent = co_await out.send_many(std::move(results)); !sent)
                break;
        }
    };
}

/// Treatment body: in `value`, out `port`, batch by batch; `make_op` builds the operation from the track's
/// parameters.
template<class MakeOp> auto unary_treatment(std::string_view port, MakeOp make_op)
{
    return [port, make_op](TreatmentContext& ctx) -> Task<> {
        auto& value = ctx.input("value");
        auto& out = ctx.output(port);
        const auto op = make_op(ctx);
        while (auto batch = co_await value.recv_many()) {
            Batch results = map_batch(op, *batch);
            if (const auto sent = co_await out.send_many(std::move(results)); !sent)
                break;
        }
    };
}

template<class Op> Result<Value> call_checked(std::string_view function, Op&& op)
{
    try {
        return op();
    } catch (const EngineError& e) {
        return Error{std::string(function) + ": " + e.what()};
    }
}

/// Function body: `|name(a: N, b: N)`.
template<class Op> auto binary_function(std::string_view name)
{
    return [name](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 2);
        if (args[0].kind() != args[1].kind())
            return argument_error(name, 1, args[1]);
        return call_checked(name, [&] {
            return visit_number(
                args[0], [&]<class T>(T a) -> Result<Value> { return to_value(Op{}(a, args[1].get<T>())); },
                argument_error(name, 0, args[0]));
        });
    };
}

/// Function body: `|name(value: N)`.
template<class Op> auto unary_function(std::string_view name)
{
    return [name](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 1);
        return call_checked(name, [&] {
            return visit_number(
                args[0], [&]<class T>(T v) -> Result<Value> { return to_value(Op{}(v)); },
                argument_error(name, 0, args[0]));
        });
    };
}

/// For unary_treatment: an operation without parameters.
template<class Op> auto without_params()
{
    return [](const TreatmentContext&) { return Op{}; };
}

} // namespace mel::stdlib

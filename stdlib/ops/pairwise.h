#pragma once

// Value-level pairwise elements (std.md §0.3): an operation on two values of the same type, registered as the
// function `|f(a: T, b: T)` and the treatment `f()` taking `a` and `b` pairwise. Used by std/ops, std/ops/bin,
// std/ops/vec.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/registry.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

/// Combines the values of a pair; throws EngineError when the reference would panic.
using Pairwise = std::function<Value(const Value&, const Value&)>;

/// Treatment body: `combine(x_i, y_i)` for the pairs of the inputs `x` and `y` (std.md §0.3), sent on `port`.
inline auto pairwise_treatment(std::string_view port, Pairwise combine, std::string_view x = "a",
                               std::string_view y = "b")
{
    return [port, combine, x, y](TreatmentContext& ctx) -> Task<> {
        auto& out = ctx.output(port);
        PairReader pairs(ctx.input(x), ctx.input(y));
        while (auto chunk = co_await pairs.next()) {
            std::vector<Value> results;
            results.reserve(chunk->first.size());
            for (std::size_t i = 0; i < chunk->first.size(); ++i)
                results.push_back(combine(chunk->first.value_at(i), chunk->second.value_at(i)));
            if (const auto sent = co_await send_values(out, std::move(results)); !sent)
                break;
        }
    };
}

/// Function body: `|name(a: T, b: T)`.
inline FunctionBody pairwise_function(std::string_view name, Pairwise combine)
{
    return [name, combine](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 2);
        if (args[0].kind() != args[1].kind())
            return argument_error(name, 1, args[1]);
        try {
            return combine(args[0], args[1]);
        } catch (const EngineError& e) {
            return Error{std::string(name) + ": " + e.what()};
        }
    };
}

/// A function and a treatment over pairs of values of the generic type (`result` names it as `generic` does).
inline void pairwise(AreaBuilder& area, const char* treatment, const char* function, Trait trait, const char* port,
                     const char* result, const char* doc, Pairwise combine, const char* generic = "T")
{
    const std::string g = generic;
    area.function(function)
        .generic(g, {trait})
        .param("a", g)
        .param("b", g)
        .returns(result)
        .doc(doc)
        .body(pairwise_function(function, combine));
    area.treatment(treatment)
        .generic(g, {trait})
        .input("a", "Stream<" + g + ">")
        .input("b", "Stream<" + g + ">")
        .output(port, std::string("Stream<") + result + ">")
        .doc(std::string(doc) + "\n\nValues of `a` and `b` are taken pairwise; the stream ends as soon as either "
                                "input is exhausted.")
        .implementation(native(pairwise_treatment(port, combine)));
}

} // namespace mel::stdlib

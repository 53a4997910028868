#include "runtime/engine/eval.h"

#include <exception>
#include <vector>

#include <fmt/format.h>

namespace mel::engine {

namespace {

Result<std::optional<Value>> call_function(const ValueExpr& expr, const EvalScope& scope)
{
    if (!expr.function)
        return Error{"a function call without function"};
    const FunctionDescriptor& f = *expr.function;
    if (!f.body)
        return Error{fmt::format("function `{}` has no implementation", f.id.to_string())};
    std::vector<Value> args;
    args.reserve(expr.elements.size());
    for (const ValueExpr& e : expr.elements) {
        auto v = evaluate(e, scope);
        if (!v || !v.value())
            return v;
        args.push_back(std::move(*v.value()));
    }
    std::vector<Type> generics;
    generics.reserve(expr.generics.size());
    for (const Type& g : expr.generics)
        generics.push_back(scope.generics ? g.substitute(*scope.generics) : g);
    try {
        auto r = f.body(generics, args);
        if (!r)
            return Error{fmt::format("function `{}` failed: {}", f.id.to_string(), r.error().message)};
        return std::optional<Value>(std::move(r).value());
    } catch (const std::exception& e) {
        return Error{fmt::format("function `{}` failed: {}", f.id.to_string(), e.what())};
    } catch (...) {
        return Error{fmt::format("function `{}` failed", f.id.to_string())};
    }
}

Result<std::optional<Value>> context_field(const ValueExpr& expr, const EvalScope& scope)
{
    if (!scope.contexts)
        return std::optional<Value>();
    auto ctx = scope.contexts->find(expr.context);
    if (ctx == scope.contexts->end())
        return Error{fmt::format("context `{}` is not available in this track", expr.context.to_string())};
    auto field = ctx->second.find(expr.name);
    if (field == ctx->second.end())
        return Error{fmt::format("context `{}` has no field `{}`", expr.context.to_string(), expr.name)};
    return std::optional<Value>(field->second);
}

} // namespace

Result<std::optional<Value>> evaluate(const ValueExpr& expr, const EvalScope& scope)
{
    switch (expr.kind) {
    case ValueExpr::Kind::Literal: return std::optional<Value>(expr.literal);
    case ValueExpr::Kind::Parameter:
        if (!scope.parameter)
            return Error{fmt::format("parameter `{}` referenced where there are none", expr.name)};
        return scope.parameter(expr.name);
    case ValueExpr::Kind::Context: return context_field(expr, scope);
    case ValueExpr::Kind::Function: return call_function(expr, scope);
    case ValueExpr::Kind::Array: {
        std::vector<Value> elements;
        elements.reserve(expr.elements.size());
        for (const ValueExpr& e : expr.elements) {
            auto v = evaluate(e, scope);
            if (!v || !v.value())
                return v;
            elements.push_back(std::move(*v.value()));
        }
        return std::optional<Value>(Value::vec(std::move(elements)));
    }
    }
    return Error{"unknown value expression"};
}

} // namespace mel::engine

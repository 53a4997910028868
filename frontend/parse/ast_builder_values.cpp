// Instantiations, types, generic arguments and values. Reference: melodium-lang/src/text/
// {instanciation,type,generic,value,function}.rs.
#include "frontend/parse/ast_builder.h"

namespace mel::frontend {

using Parser = mel_antlr::MelodiumParser;

namespace {

/// The parts shared by body instantiations and header model instances.
template<class Context> void fill_instance(const AstBuilder& b, Context* ctx, ast::Instantiation& out)
{
    if (auto* generics = ctx->genericArgs()) {
        out.has_generics = true;
        out.generics = b.generic_args(generics);
    }
    if (auto* config = ctx->configArgs()) {
        out.has_models = true;
        out.models = b.config_args(config);
    }
    if (auto* params = ctx->paramAssigns())
        out.parameters = b.assignments(params);
    out.range = b.range(ctx);
}

} // namespace

ast::Instantiation AstBuilder::instantiation(Parser::InstantiationContext* ctx) const
{
    ast::Instantiation out;
    out.type = name(ctx->typeName);
    out.has_alias = ctx->instName != nullptr;
    out.name = out.has_alias ? name(ctx->instName) : out.type;
    fill_instance(*this, ctx, out);
    return out;
}

ast::Instantiation AstBuilder::header_model(Parser::ModelInstContext* ctx) const
{
    // `model m: M(…)` (alias m, type M) or `model M(…)` (named like its type).
    ast::Instantiation out;
    out.has_alias = ctx->typeName != nullptr;
    out.name = name(ctx->instName);
    out.type = out.has_alias ? name(ctx->typeName) : out.name;
    fill_instance(*this, ctx, out);
    return out;
}

ast::TypeExpr AstBuilder::type(Parser::TypeContext* ctx) const
{
    ast::TypeExpr out;
    out.range = range(ctx);
    for (auto* level = ctx; level; level = level->type())
        out.levels.push_back(name(level->name()));
    return out;
}

std::vector<ast::GenericArg> AstBuilder::generic_args(Parser::GenericArgsContext* ctx) const
{
    std::vector<ast::GenericArg> out;
    for (auto* g : ctx->genericArg()) {
        ast::GenericArg arg{type(g->type()), {}, range(g)};
        if (auto* bounds = g->traitBounds())
            arg.traits = traits(bounds);
        out.push_back(std::move(arg));
    }
    return out;
}

std::vector<ast::Name> AstBuilder::traits(Parser::TraitBoundsContext* ctx) const
{
    std::vector<ast::Name> out;
    for (auto* t : ctx->name())
        out.push_back(name(t));
    return out;
}

ast::Assignment AstBuilder::assignment(Parser::NameContext* target, Parser::ValueContext* v,
                                       antlr4::ParserRuleContext* whole) const
{
    return ast::Assignment{name(target), value(v), range(whole)};
}

std::vector<ast::Assignment> AstBuilder::assignments(Parser::ParamAssignsContext* ctx) const
{
    std::vector<ast::Assignment> out;
    for (auto* a : ctx->paramAssign())
        out.push_back(assignment(a->name(), a->value(), a));
    return out;
}

std::vector<ast::Assignment> AstBuilder::config_args(Parser::ConfigArgsContext* ctx) const
{
    std::vector<ast::Assignment> out;
    for (auto* a : ctx->configArg())
        out.push_back(assignment(a->name(), a->value(), a));
    return out;
}

ast::Value AstBuilder::value(Parser::ValueContext* ctx) const
{
    using Kind = ast::Value::Kind;
    ast::Value out;
    out.range = range(ctx);
    auto literal = [&](Kind kind) {
        out.kind = kind;
        out.text = std::string(m_tokens.text(ctx->getStart()));
    };
    if (dynamic_cast<Parser::NumberValueContext*>(ctx)) {
        literal(Kind::Number);
    } else if (dynamic_cast<Parser::StringValueContext*>(ctx)) {
        literal(Kind::String);
    } else if (dynamic_cast<Parser::RawStringValueContext*>(ctx)) {
        literal(Kind::RawString);
    } else if (dynamic_cast<Parser::CharValueContext*>(ctx)) {
        literal(Kind::Char);
    } else if (dynamic_cast<Parser::ByteValueContext*>(ctx)) {
        literal(Kind::Byte);
    } else if (dynamic_cast<Parser::NoneValueContext*>(ctx)) {
        literal(Kind::None);
    } else if (auto* n = dynamic_cast<Parser::NameValueContext*>(ctx)) {
        literal(Kind::Name);
        out.name = name(n->name());
    } else if (auto* c = dynamic_cast<Parser::ContextValueContext*>(ctx)) {
        out.kind = Kind::Context;
        out.name = name(c->CONTEXT());
        out.field = name(c->name());
    } else if (auto* f = dynamic_cast<Parser::FunctionValueContext*>(ctx)) {
        out.kind = Kind::Function;
        out.name = name(f->FUNCTION());
        if (auto* generics = f->genericArgs()) {
            out.has_generics = true;
            out.generics = generic_args(generics);
        }
        for (auto* argument : f->value())
            out.elements.push_back(value(argument));
        out.closing = m_tokens.range(f->RPAREN()->getSymbol());
    } else if (auto* a = dynamic_cast<Parser::ArrayValueContext*>(ctx)) {
        out.kind = Kind::Array;
        for (auto* element : a->value())
            out.elements.push_back(value(element));
        out.closing = m_tokens.range(a->RBRACK()->getSymbol());
    }
    return out;
}

} // namespace mel::frontend

#pragma once

// Internal to frontend/parse: ANTLR parse tree → our syntax tree (frontend/ast). The tree stays
// close to the text; chains are expanded and annotations attached here (language.md §2.4, §3.1).

#include "MelodiumParser.h"
#include "frontend/ast/declarations.h"
#include "frontend/parse/token_text.h"

namespace mel::frontend {

class AstBuilder {
public:
    explicit AstBuilder(const TokenText& tokens) : m_tokens(tokens) {}

    ast::File file(mel_antlr::MelodiumParser::FileContext* ctx) const;

    // Declarations (ast_builder.cpp)
    ast::UseDecl use(mel_antlr::MelodiumParser::UseDeclContext* ctx) const;
    ast::ModelDecl model(mel_antlr::MelodiumParser::ModelDeclContext* ctx) const;
    ast::TreatmentDecl treatment(mel_antlr::MelodiumParser::TreatmentDeclContext* ctx) const;
    ast::ParameterDecl parameter(mel_antlr::MelodiumParser::ParamDeclContext* ctx) const;
    void header_item(mel_antlr::MelodiumParser::HeaderItemContext* ctx, ast::TreatmentDecl& out) const;
    void connections(mel_antlr::MelodiumParser::ConnectionChainContext* ctx,
                     std::vector<ast::Connection>& out) const;
    /// The last documentation comment and every attribute between the previous code token and `first`.
    ast::Annotations annotations(const antlr4::Token* first) const;

    // Instantiations, types and values (ast_builder_values.cpp)
    ast::Instantiation instantiation(mel_antlr::MelodiumParser::InstantiationContext* ctx) const;
    ast::Instantiation header_model(mel_antlr::MelodiumParser::ModelInstContext* ctx) const;
    ast::TypeExpr type(mel_antlr::MelodiumParser::TypeContext* ctx) const;
    std::vector<ast::GenericArg> generic_args(mel_antlr::MelodiumParser::GenericArgsContext* ctx) const;
    std::vector<ast::Name> traits(mel_antlr::MelodiumParser::TraitBoundsContext* ctx) const;
    ast::Value value(mel_antlr::MelodiumParser::ValueContext* ctx) const;
    ast::Assignment assignment(mel_antlr::MelodiumParser::NameContext* name,
                               mel_antlr::MelodiumParser::ValueContext* value,
                               antlr4::ParserRuleContext* whole) const;
    std::vector<ast::Assignment> assignments(mel_antlr::MelodiumParser::ParamAssignsContext* ctx) const;
    std::vector<ast::Assignment> config_args(mel_antlr::MelodiumParser::ConfigArgsContext* ctx) const;

    ast::Name name(antlr4::ParserRuleContext* ctx) const { return m_tokens.name(ctx->getStart()); }
    ast::Name name(antlr4::tree::TerminalNode* node) const { return m_tokens.name(node->getSymbol()); }
    SourceRange range(antlr4::ParserRuleContext* ctx) const { return m_tokens.range(ctx); }

private:
    const TokenText& m_tokens;
};

} // namespace mel::frontend

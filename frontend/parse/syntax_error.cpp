// Reference: melodium-lang/src/text/{script,use,model,treatment,common,parameter,type,generic,value,
// function,instanciation,connection,requirement}.rs — each parse site reports
// `ScriptError::word(ID, word, &[kinds])`, printed `found 'TOK' at line L position P, expecting K1, K2`.
// ANTLR stops at the same token (the grammar mirrors those sites); the site is recognised from the
// innermost rule and the children it had already matched.
#include "frontend/parse/syntax_error.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "MelodiumParser.h"

namespace mel::frontend {

using Parser = mel_antlr::MelodiumParser;

antlr4::Token* FirstErrorStrategy::recoverInline(antlr4::Parser* parser)
{
    record(parser, parser->getCurrentToken());
    throw antlr4::ParseCancellationException();
}

void FirstErrorStrategy::recover(antlr4::Parser*, std::exception_ptr)
{
    throw antlr4::ParseCancellationException();
}

void FirstErrorStrategy::reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e)
{
    record(parser, e.getOffendingToken() ? e.getOffendingToken() : parser->getCurrentToken());
}

void FirstErrorStrategy::record(antlr4::Parser* parser, antlr4::Token* token)
{
    if (m_error.token)
        return;
    m_error.context = parser->getContext();
    m_error.token = token;
    const antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
    for (const auto& interval : expected.getIntervals())
        for (ssize_t t = interval.a; t <= interval.b; ++t)
            m_error.expected.push_back(static_cast<std::size_t>(t));
}

namespace {

// The reference's token-kind names (melodium-lang/src/text/word.rs, `impl Display for Kind`).
constexpr std::string_view k_name = "name";
constexpr std::string_view k_context = "context (@Context)";
constexpr std::string_view k_function = "function (|function)";
constexpr std::string_view k_number = "number";
constexpr std::string_view k_string = "string (\"string\")";
constexpr std::string_view k_character = "character ('c')";
constexpr std::string_view k_byte = "byte (0x2A)";

bool is_name_token(std::size_t type)
{
    return type == Parser::NAME || (type >= Parser::USE && type <= Parser::CONST);
}

/// A rule context and how many of its children were matched before the error.
struct Position {
    antlr4::ParserRuleContext* ctx = nullptr;
    std::size_t count = 0;

    std::size_t rule() const { return ctx->getRuleIndex(); }
    antlr4::tree::ParseTree* last() const { return count ? ctx->children[count - 1] : nullptr; }
    /// The token type of the last matched child when it is a token, 0 otherwise.
    std::size_t last_token() const
    {
        auto* node = dynamic_cast<antlr4::tree::TerminalNode*>(last());
        return node ? node->getSymbol()->getType() : 0;
    }
    /// The rule index of the last matched child when it is a rule, SIZE_MAX otherwise.
    std::size_t last_rule() const
    {
        auto* node = dynamic_cast<antlr4::ParserRuleContext*>(last());
        return node ? node->getRuleIndex() : SIZE_MAX;
    }
    template<class T> bool is() const { return dynamic_cast<T*>(ctx) != nullptr; }
};

/// Rules whose failure before their first child is a site of its own; any other rule that failed
/// before matching anything is "the next item" of its parent (a name, a type, a generic, …).
bool owns_empty_site(std::size_t rule)
{
    return rule == Parser::RuleFile || rule == Parser::RuleTopDecl || rule == Parser::RuleUseElement ||
           rule == Parser::RuleValue || rule == Parser::RuleBodyItem;
}

Position locate(antlr4::ParserRuleContext* ctx)
{
    Position pos{ctx, ctx->children.size()};
    while (pos.count == 0 && !owns_empty_site(pos.rule())) {
        auto* parent = dynamic_cast<antlr4::ParserRuleContext*>(pos.ctx->parent);
        if (!parent)
            break;
        const auto it = std::find(parent->children.begin(), parent->children.end(), pos.ctx);
        pos = Position{parent, static_cast<std::size_t>(it - parent->children.begin())};
    }
    return pos;
}

struct Site {
    DiagId id = DiagId::UnexpectedToken;
    std::string expected;
};

Site site(DiagId id, std::string_view expected)
{
    return Site{id, std::string(expected)};
}

std::string join_kinds(const std::vector<std::size_t>& types);

/// The nested type before a closing `>`: did it close its own chevrons (then only `>` can follow)?
bool closed_type(antlr4::tree::ParseTree* node)
{
    auto* type = dynamic_cast<Parser::TypeContext*>(node);
    return type && type->GT() != nullptr;
}

Site use_site(const Position& pos)
{
    if (pos.rule() == Parser::RuleUseElement) {
        if (pos.count == 0)
            return site(DiagId::ExpectedUseElement, "name, function (|function), context (@Context)");
        if (pos.is<Parser::UseFunctionElementContext>())
            return site(DiagId::ExpectedUseAlias, k_function);
        if (pos.is<Parser::UseContextElementContext>())
            return site(DiagId::ExpectedUseAlias, k_context);
        return site(DiagId::ExpectedUseAlias, k_name);
    }
    const std::size_t last = pos.last_token();
    if (last == Parser::USE || last == Parser::SLASH)
        return site(DiagId::ExpectedUsePath, k_name);
    if (last == Parser::COLON)
        return site(DiagId::ExpectedUseColon, ":");
    return site(DiagId::ExpectedUsePathContinuation, "/, :");
}

Site model_decl_site(const Position& pos)
{
    switch (pos.last_token()) {
    case Parser::MODEL:
        return site(DiagId::ExpectedModelName, k_name);
    case Parser::LPAREN:
        return site(DiagId::ExpectedParameterDeclaration, "name, )");
    case Parser::RPAREN:
        return site(DiagId::ExpectedModelColon, ":");
    case Parser::COLON:
        return site(DiagId::ExpectedModelBase, k_name);
    case Parser::LBRACE:
        return site(DiagId::ExpectedModelAssignment, "name, }");
    default:
        break;
    }
    switch (pos.last_rule()) {
    case Parser::RuleParamDecls:
        return site(DiagId::ExpectedParameterDeclarationContinuation, ",, )");
    case Parser::RuleName:
        return pos.count == 2 ? site(DiagId::ExpectedModelParameters, "(")
                              : site(DiagId::ExpectedModelBody, "{");
    default:
        return site(DiagId::ExpectedModelAssignment, "name, }");
    }
}

/// After `model`, `alias: Type` or `Type` in a header, or an instantiation in a body.
Site instance_site(const Position& pos)
{
    switch (pos.last_token()) {
    case Parser::COLON:
        return site(DiagId::ExpectedModelColon, k_name);
    case Parser::LPAREN:
        return site(DiagId::ExpectedParameterAssignment, "name, )");
    default:
        break;
    }
    switch (pos.last_rule()) {
    case Parser::RuleName:
        if (pos.rule() == Parser::RuleModelInst && pos.count == 1)
            return site(DiagId::ExpectedModelParameters, ":, <, [, (");
        return site(DiagId::ExpectedInstanceArguments, "<, [, (");
    case Parser::RuleGenericArgs:
        return site(DiagId::ExpectedInstanceCall, "[, (");
    case Parser::RuleConfigArgs:
        return site(DiagId::ExpectedModelBody, "(");
    default:
        return site(DiagId::ExpectedParameterAssignmentContinuation, ",, )");
    }
}

Site header_item_site(const Position& pos)
{
    const std::size_t last = pos.last_token();
    if (pos.is<Parser::RequireDeclContext>())
        return site(DiagId::ExpectedRequiredContext, k_context);
    if (pos.is<Parser::ModelInstDeclContext>())
        return site(DiagId::ExpectedModelName, k_name);
    const bool input = pos.is<Parser::InputDeclContext>();
    if (last == Parser::INPUT || last == Parser::OUTPUT)
        return site(input ? DiagId::ExpectedInputName : DiagId::ExpectedOutputName, k_name);
    if (last == Parser::COLON)
        return site(DiagId::ExpectedTypeName, k_name);
    return site(input ? DiagId::ExpectedInputColon : DiagId::ExpectedOutputColon, ":");
}

Site value_site(const Position& pos)
{
    const std::size_t last = pos.last_token();
    if (pos.is<Parser::ContextValueContext>()) {
        if (last == Parser::CONTEXT)
            return site(DiagId::ExpectedContextBracket, "[");
        if (last == Parser::LBRACK)
            return site(DiagId::ExpectedContextField, k_name);
        return site(DiagId::ExpectedContextClose, "]");
    }
    if (pos.is<Parser::FunctionValueContext>()) {
        if (last == Parser::FUNCTION || pos.last_rule() == Parser::RuleGenericArgs)
            return site(DiagId::ExpectedModelAssignment, "(");
        if (pos.last_rule() == Parser::RuleValue)
            return site(DiagId::ExpectedFunctionArgumentContinuation, ",, )");
    }
    if (pos.is<Parser::ArrayValueContext>() && pos.last_rule() == Parser::RuleValue)
        return site(DiagId::ExpectedArrayContinuation, ",, ]");
    return site(DiagId::ExpectedValue, "number, string (\"string\"), character ('c'), byte (0x2A), name");
}

Site connection_site(const Position& pos)
{
    const std::size_t last = pos.last_token();
    if (pos.rule() == Parser::RuleDataLink) {
        if (last == Parser::ARROW)
            return site(DiagId::ExpectedConnectionTarget, k_name);
        if (last == Parser::DOT)
            return site(DiagId::ExpectedConnectionInput, k_name);
        return site(DiagId::ExpectedConnectionDot, ".");
    }
    if (pos.is<Parser::EndpointChainContext>())
        return site(DiagId::ExpectedConnectionEnd, k_name);
    if (last == Parser::DOT || last == Parser::COMMA)
        return site(DiagId::ExpectedConnectionOutput, k_name);
    return site(DiagId::ExpectedConnectionArrow, "->");
}

/// The site of an unexpected (non-EOF) token; S0051 and S0047 are handled by the caller.
Site classify(const Position& pos, const std::vector<std::size_t>& expected)
{
    const std::size_t last = pos.last_token();
    const std::size_t last_rule = pos.last_rule();
    switch (pos.rule()) {
    case Parser::RuleUseDecl:
    case Parser::RuleUsePath:
    case Parser::RuleUseElement:
        return use_site(pos);
    case Parser::RuleModelDecl:
        return model_decl_site(pos);
    case Parser::RuleModelAssign:
        return site(DiagId::ExpectedModelAssignEqual, "=");
    case Parser::RuleTreatmentDecl:
        if (last == Parser::TREATMENT)
            return site(DiagId::ExpectedTreatmentName, k_name);
        if (last == Parser::LPAREN)
            return site(DiagId::ExpectedParameterDeclaration, "name, )");
        if (last_rule == Parser::RuleParamDecls)
            return site(DiagId::ExpectedParameterDeclarationContinuation, ",, )");
        if (last == Parser::RPAREN || last_rule == Parser::RuleHeaderItem)
            return site(DiagId::ExpectedTreatmentBody, "{, name");
        if (last == Parser::LBRACE || last_rule == Parser::RuleBodyItem)
            return site(DiagId::ExpectedBodyItem, "name, }");
        return site(DiagId::ExpectedTreatmentSignature, "<, [, (");
    case Parser::RuleGenericDecls:
    case Parser::RuleGenericArgs:
        if (last == Parser::LT || last == Parser::COMMA)
            return site(DiagId::ExpectedGeneric, "name, >");
        return site(DiagId::ExpectedGenericContinuation, ",, >");
    case Parser::RuleGenericDecl:
    case Parser::RuleGenericArg:
    case Parser::RuleTraitBounds:
        return site(DiagId::ExpectedTrait, k_name);
    case Parser::RuleConfigDecls:
        if (last == Parser::LBRACK || last == Parser::COMMA)
            return site(DiagId::ExpectedConfigurationDeclaration, "name, ]");
        return site(DiagId::ExpectedConfigurationContinuation, ",, ]");
    case Parser::RuleConfigDecl:
        if (last == Parser::COLON)
            return site(DiagId::ExpectedTypeName, k_name);
        return site(DiagId::ExpectedConfigurationColon, ":");
    case Parser::RuleParamDecls:
        return site(DiagId::ExpectedParameterDeclaration, "name, )");
    case Parser::RuleParamDecl:
        if (last_rule == Parser::RuleVariability)
            return site(DiagId::ExpectedParameterName, k_name);
        if (last == Parser::COLON)
            return site(DiagId::ExpectedTypeName, k_name);
        if (last_rule == Parser::RuleBareName)
            return site(DiagId::ExpectedBareParameterColon, ":");
        return site(DiagId::ExpectedParameterColon, ":");
    case Parser::RuleHeaderItem:
        return header_item_site(pos);
    case Parser::RuleModelInst:
    case Parser::RuleInstantiation:
        return instance_site(pos);
    case Parser::RuleBodyItem:
        return site(DiagId::ExpectedBodyItemContinuation, ":, <, [, (, ., ->");
    case Parser::RuleConfigArgs:
        if (last == Parser::LBRACK || last == Parser::COMMA)
            return site(DiagId::ExpectedConfigurationAssignment, "name, ]");
        return site(DiagId::ExpectedConfigurationAssignmentContinuation, ",, ]");
    case Parser::RuleConfigArg:
        return site(DiagId::ExpectedConfigurationAssignEqual, "=");
    case Parser::RuleParamAssigns:
        return site(DiagId::ExpectedParameterAssignment, "name, )");
    case Parser::RuleParamAssign:
        return site(DiagId::ExpectedParameterAssignEqual, "=");
    case Parser::RuleConnectionChain:
    case Parser::RuleDataLink:
        return connection_site(pos);
    case Parser::RuleType:
        if (last == Parser::LT)
            return site(DiagId::ExpectedTypeArgument, k_name);
        if (closed_type(pos.last()))
            return site(DiagId::ExpectedTypeClose, ">");
        return site(DiagId::ExpectedTypeContinuation, "<, >");
    case Parser::RuleValue:
        return value_site(pos);
    default:
        return Site{DiagId::UnexpectedToken, join_kinds(expected)};
    }
}

/// ANTLR's expected token types as the reference's kind names, for a site the reference lacks.
std::string join_kinds(const std::vector<std::size_t>& types)
{
    static const std::pair<std::size_t, std::string_view> order[] = {
        {Parser::NAME, k_name},
        {Parser::CONTEXT, k_context},
        {Parser::FUNCTION, k_function},
        {Parser::NUMBER, k_number},
        {Parser::STRING, k_string},
        {Parser::CHAR, k_character},
        {Parser::BYTE, k_byte},
        {Parser::LPAREN, "("},
        {Parser::RPAREN, ")"},
        {Parser::LBRACE, "{"},
        {Parser::RBRACE, "}"},
        {Parser::LBRACK, "["},
        {Parser::RBRACK, "]"},
        {Parser::LT, "<"},
        {Parser::GT, ">"},
        {Parser::EQ, "="},
        {Parser::COLON, ":"},
        {Parser::COMMA, ","},
        {Parser::DOT, "."},
        {Parser::SLASH, "/"},
        {Parser::UNDERSCORE, "_"},
        {Parser::PLUS, "+"},
        {Parser::ARROW, "->"},
    };
    auto present = [&](std::size_t type) {
        return std::any_of(types.begin(), types.end(), [&](std::size_t t) {
            return t == type || (type == Parser::NAME && is_name_token(t)) ||
                   (type == Parser::STRING && t == Parser::RAW_STRING);
        });
    };
    std::string out;
    for (const auto& [type, text] : order) {
        if (!present(type))
            continue;
        if (!out.empty())
            out += ", ";
        out += text;
    }
    return out;
}

} // namespace

void report_syntax_error(const TokenText& tokens, const FirstSyntaxError& error, Diagnostics& diags)
{
    const antlr4::Token* token = error.token;
    const SourceRange range = tokens.range(token);
    if (token->getType() == antlr4::Token::EOF) {
        diags.report(DiagId::UnexpectedEnd, range);
        return;
    }
    const std::string_view text = tokens.text(token);
    const Position pos = locate(error.context);
    const bool name = is_name_token(token->getType());
    if (pos.rule() == Parser::RuleFile || pos.rule() == Parser::RuleTopDecl) {
        if (name)
            diags.report(DiagId::ExpectedDeclaration, range).arg(text);
        else
            diags.report(DiagId::ExpectedDeclarationStart, range).arg(text).arg("# Annotation, name");
        return;
    }
    if (pos.rule() == Parser::RuleTreatmentDecl && name &&
        (pos.last_token() == Parser::RPAREN || pos.last_rule() == Parser::RuleHeaderItem)) {
        auto* treatment = dynamic_cast<Parser::TreatmentDeclContext*>(pos.ctx);
        diags.report(DiagId::UnexpectedHeaderItem, range)
            .arg(tokens.text(treatment->name()->getStart()))
            .arg(text);
        return;
    }
    const Site s = classify(pos, error.expected);
    diags.report(s.id, range).arg(text).arg(s.expected);
}

} // namespace mel::frontend

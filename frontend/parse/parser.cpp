// The lex → parse → AST pipeline of one area (language.md §1 steps 1–2). Calling sequence from
// grammar/README.md: validate UTF-8, lex everything (first error token → S0019), parse in SLL mode
// with bail-out, and only when that fails re-parse in LL mode to locate and word the first error.
#include "frontend/parse/parser.h"

#include <fmt/format.h>

#include "MelodiumLexer.h"
#include "MelodiumParser.h"
#include "antlr4-runtime.h"
#include "frontend/parse/ast_builder.h"
#include "frontend/parse/syntax_error.h"
#include "frontend/parse/token_text.h"
#include "frontend/parse/utf8_text.h"

namespace mel::frontend {
namespace {

using Parser = mel_antlr::MelodiumParser;

/// ANTLR's character stream over code points we decoded ourselves: ANTLRInputStream::load would
/// throw on invalid UTF-8 and silently drop a leading byte order mark (a lexical error for us, §2.1).
class CodePointStream final : public antlr4::ANTLRInputStream {
public:
    explicit CodePointStream(std::u32string code_points)
    {
        _data = std::move(code_points);
        p = 0;
    }
};

bool is_error_token(std::size_t type)
{
    return type == Parser::ERROR_UNTERMINATED || type == Parser::ERROR_BAD_BYTE || type == Parser::ERROR_CHAR;
}

Parser::FileContext* parse_fast(Parser& parser)
{
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
        return parser.file();
    } catch (const antlr4::ParseCancellationException&) {
        return nullptr;
    }
}

/// Full LL parse stopping at the first error; nullptr (and `strategy.failed()`) on error.
Parser::FileContext* parse_reporting(Parser& parser, antlr4::CommonTokenStream& tokens,
                                     const std::shared_ptr<FirstErrorStrategy>& strategy)
{
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(strategy);
    try {
        Parser::FileContext* tree = parser.file();
        return strategy->failed() ? nullptr : tree;
    } catch (const antlr4::ParseCancellationException&) {
        return nullptr;
    }
}

} // namespace

namespace {

/// Why a text could not be lexed: its first byte that is not UTF-8, or its first malformed token.
struct LexFailure {
    SourceRange range;
    std::string text;
};

/// Decodes and lexes `file`, then returns `parse(stream, tokens)` (the token stream and their source text live
/// only during the call); a LexFailure when the text is not UTF-8 or holds a malformed token.
template<class Parse>
auto lex_then(const SourceManager& sources, FileId file, Parse&& parse)
    -> std::variant<std::invoke_result_t<Parse&, antlr4::CommonTokenStream&, const TokenText&>, LexFailure>
{
    const std::string_view text = sources.text(file);
    std::uint32_t bad_offset = 0;
    auto decoded = decode_utf8(text, bad_offset);
    if (!decoded)
        return LexFailure{SourceRange{file, bad_offset, bad_offset + 1},
                          fmt::format("\\x{:02X}", static_cast<unsigned char>(text[bad_offset]))};

    CodePointStream input(std::move(decoded->code_points));
    mel_antlr::MelodiumLexer lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream stream(&lexer);
    stream.fill();
    const std::vector<antlr4::Token*> all_tokens = stream.getTokens();
    const TokenText tokens(file, text, decoded->byte_offsets, all_tokens);
    for (const antlr4::Token* token : all_tokens)
        if (is_error_token(token->getType()))
            return LexFailure{tokens.range(token), std::string(tokens.text(token))};
    return parse(stream, tokens);
}

} // namespace

std::optional<ast::File> parse_area(const SourceManager& sources, FileId file, Diagnostics& diags)
{
    auto result = lex_then(sources, file, [&](antlr4::CommonTokenStream& stream, const TokenText& tokens) {
        Parser parser(&stream);
        parser.removeErrorListeners();
        Parser::FileContext* tree = parse_fast(parser);
        if (!tree) {
            auto strategy = std::make_shared<FirstErrorStrategy>();
            tree = parse_reporting(parser, stream, strategy);
            if (!tree) {
                report_syntax_error(tokens, strategy->error(), diags);
                return std::optional<ast::File>();
            }
        }
        return std::optional<ast::File>(AstBuilder(tokens).file(tree));
    });
    if (auto* failure = std::get_if<LexFailure>(&result)) {
        diags.report(DiagId::UnexpectedToken, failure->range).arg(failure->text).arg("");
        return std::nullopt;
    }
    return std::get<0>(std::move(result));
}

std::variant<ast::Value, ValueParseFailure> parse_value(const SourceManager& sources, FileId file, Diagnostics& diags)
{
    auto result = lex_then(sources, file, [&](antlr4::CommonTokenStream& stream, const TokenText& tokens)
                                              -> std::variant<ast::Value, ValueParseFailure> {
        Parser parser(&stream);
        parser.removeErrorListeners();
        auto strategy = std::make_shared<FirstErrorStrategy>();
        parser.setErrorHandler(strategy);
        Parser::ValueContext* tree = nullptr;
        try {
            tree = parser.value();
        } catch (const antlr4::ParseCancellationException&) {
            tree = nullptr;
        }
        if (!tree || strategy->failed()) {
            report_syntax_error(tokens, strategy->error(), diags);
            return ValueParseFailure::Syntax;
        }
        return AstBuilder(tokens).value(tree);
    });
    if (std::holds_alternative<LexFailure>(result))
        return ValueParseFailure::Lexing;
    return std::get<0>(std::move(result));
}

} // namespace mel::frontend

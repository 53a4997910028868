#pragma once

// Internal to frontend/parse: maps ANTLR tokens (code-point indexes) back to our byte offsets and
// source text. ANTLR types never leave this folder (STYLE rule 12).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"
#include "frontend/ast/common.h"
#include "frontend/source/source_manager.h"

namespace mel::frontend {

class TokenText {
public:
    TokenText(FileId file, std::string_view text, const std::vector<std::uint32_t>& byte_offsets,
              const std::vector<antlr4::Token*>& tokens)
        : m_file(file), m_text(text), m_offsets(byte_offsets), m_tokens(tokens)
    {
    }

    FileId file() const { return m_file; }
    const std::vector<antlr4::Token*>& tokens() const { return m_tokens; }

    SourceRange range(const antlr4::Token* token) const
    {
        if (token->getType() == antlr4::Token::EOF)
            return SourceRange{m_file, end_offset(), end_offset()};
        return SourceRange{m_file, m_offsets[token->getStartIndex()], m_offsets[token->getStopIndex() + 1]};
    }
    /// From the first token of `ctx` to its last one.
    SourceRange range(antlr4::ParserRuleContext* ctx) const
    {
        return span(ctx->getStart(), ctx->getStop() ? ctx->getStop() : ctx->getStart());
    }
    SourceRange span(const antlr4::Token* first, const antlr4::Token* last) const
    {
        const SourceRange a = range(first), b = range(last);
        return SourceRange{m_file, a.begin, b.end < a.begin ? a.end : b.end};
    }

    /// The token's text as written (bytes of the source, not ANTLR's UTF-32 round trip).
    std::string_view text(const antlr4::Token* token) const
    {
        const SourceRange r = range(token);
        return m_text.substr(r.begin, r.end - r.begin);
    }

    ast::Name name(const antlr4::Token* token) const
    {
        return ast::Name{std::string(text(token)), range(token)};
    }

private:
    std::uint32_t end_offset() const { return static_cast<std::uint32_t>(m_text.size()); }

    FileId m_file;
    std::string_view m_text;
    const std::vector<std::uint32_t>& m_offsets;
    const std::vector<antlr4::Token*>& m_tokens;
};

} // namespace mel::frontend

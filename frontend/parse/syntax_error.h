#pragma once

// Internal to frontend/parse: the first syntax error of a file, in the reference's words
// (language.md §3.3). Reference: melodium-lang/src/text/*.rs, one `ScriptError::word(id, …, &[kinds])`
// per parse site; the same sites are recognised here from where ANTLR stopped.

#include <cstddef>
#include <exception>
#include <vector>

#include "antlr4-runtime.h"
#include "frontend/diag/diagnostics.h"
#include "frontend/parse/token_text.h"

namespace mel::frontend {

/// Where the LL pass stopped: the innermost rule context, the offending token, and ANTLR's own
/// expected token types (only used for sites the reference does not have).
struct FirstSyntaxError {
    antlr4::ParserRuleContext* context = nullptr;
    antlr4::Token* token = nullptr;
    std::vector<std::size_t> expected;
};

/// Error strategy of the reporting pass: records the first error and cancels the parse (no recovery,
/// no resynchronisation: the reference stops at the first error of a file).
class FirstErrorStrategy final : public antlr4::ANTLRErrorStrategy {
public:
    void reset(antlr4::Parser*) override {}
    antlr4::Token* recoverInline(antlr4::Parser* parser) override;
    void recover(antlr4::Parser* parser, std::exception_ptr e) override;
    void sync(antlr4::Parser*) override {}
    bool inErrorRecoveryMode(antlr4::Parser*) override { return false; }
    void reportMatch(antlr4::Parser*) override {}
    void reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) override;

    bool failed() const { return m_error.token != nullptr; }
    const FirstSyntaxError& error() const { return m_error; }

private:
    void record(antlr4::Parser* parser, antlr4::Token* token);

    FirstSyntaxError m_error;
};

/// Reports `error` as the reference would: S0020 at the end of the input, S0051 / S0047 for a wrong
/// word at top level / in a treatment header, otherwise `found 'TOK' at line L position P, expecting …`
/// with the id and expectation list of the reference's parse site.
void report_syntax_error(const TokenText& tokens, const FirstSyntaxError& error, Diagnostics& diags);

} // namespace mel::frontend

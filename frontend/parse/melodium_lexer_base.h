// Superclass of the ANTLR-generated MelodiumLexer (grammar/MelodiumLexer.g4, option superClass).
// Mirror of grammar/tools/MelodiumLexerBase.java (the Java dev checker): keep both implementations identical.
// The generated lexer includes this header by name, so frontend/parse must be on its include path.
// Declared in the global namespace because the grammar option names it without qualification.
#pragma once

#include "antlr4-runtime.h"

class MelodiumLexerBase : public antlr4::Lexer {
public:
    explicit MelodiumLexerBase(antlr4::CharStream *input) : antlr4::Lexer(input) {}

protected:
    // Called by the RAW_STRING rule once "${" has been matched. Counts the remaining opening braces (n in
    // total), then consumes up to and including the first run of n consecutive '}'. Without such a run the
    // whole remaining input is consumed and the token type becomes errorType.
    // Characters are consumed through the ATN simulator so that line/column tracking stays right.
    void consumeRawString(size_t errorType) {
        auto *sim = getInterpreter<antlr4::atn::LexerATNSimulator>();
        size_t braces = 1;
        while (_input->LA(1) == static_cast<size_t>('{')) {
            sim->consume(_input);
            ++braces;
        }
        size_t run = 0;
        for (;;) {
            const size_t c = _input->LA(1);
            if (c == antlr4::IntStream::EOF) {
                setType(errorType);
                return;
            }
            sim->consume(_input);
            if (c == static_cast<size_t>('}')) {
                if (++run == braces) {
                    return;
                }
            } else {
                run = 0;
            }
        }
    }
};

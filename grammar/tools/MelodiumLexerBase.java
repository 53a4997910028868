import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;

/**
 * Superclass of the generated Java MelodiumLexer (dev checker only). Mirror of
 * frontend/parse/melodium_lexer_base.h: keep both implementations identical.
 */
public abstract class MelodiumLexerBase extends Lexer {
    protected MelodiumLexerBase(CharStream input) {
        super(input);
    }

    /**
     * Called by the RAW_STRING rule once '${' has been matched. Counts the remaining opening braces (n in
     * total), then consumes up to and including the first run of n consecutive '}'. Without such a run the
     * whole remaining input is consumed and the token type becomes errorType.
     * Characters are consumed through the ATN simulator so that line/column tracking stays right.
     */
    protected void consumeRawString(int errorType) {
        int braces = 1;
        while (_input.LA(1) == '{') {
            getInterpreter().consume(_input);
            ++braces;
        }
        int run = 0;
        while (true) {
            int c = _input.LA(1);
            if (c == IntStream.EOF) {
                setType(errorType);
                return;
            }
            getInterpreter().consume(_input);
            if (c == '}') {
                if (++run == braces) {
                    return;
                }
            } else {
                run = 0;
            }
        }
    }
}

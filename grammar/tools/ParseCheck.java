import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Developer checker for the Mélodium grammar (Java target). For every .mel file given (directories are
 * searched recursively):
 *   - lexes it; the first ERROR_* token is the file's (lexical) error, as in the reference where lexing
 *     completes before parsing;
 *   - otherwise parses it, first in SLL mode with bail-out, then (only if that fails) in LL mode to get the
 *     first syntax error;
 *   - a file whose path has a directory named "invalid" must fail, any other must parse. An invalid file may
 *     start with "// expect: lexical|syntax 'TEXT' [at LINE:COL]": the first error must then be of that kind,
 *     a lexical error token must start with TEXT, a syntax error's offending token must be TEXT ('<EOF>' at
 *     end of input), and LINE (1-based) / COL (0-based, in code points) must match when given.
 * Options: --tokens (dump the tokens of every file), --tree (print parse trees), --time (timing per file),
 *          --repeat N (parse N times, timing of the last run), --all-valid (every file must parse).
 * Exit status: 0 when every file behaves as expected, 1 otherwise, 2 on usage errors.
 */
public class ParseCheck {
    private static final Pattern EXPECT =
        Pattern.compile("^//\\s*expect:\\s*(lexical|syntax)\\s+'(.*?)'(?:\\s+at\\s+(\\d+):(\\d+))?(?:\\s+[-—–].*)?\\s*$");
    private static final Pattern WHITE = Pattern.compile("\\p{IsWhite_Space}*");

    static final class Failure {
        final String kind;   // "lexical" or "syntax"
        final String text;
        final int line;
        final int column;
        final String detail;

        Failure(String kind, String text, int line, int column, String detail) {
            this.kind = kind;
            this.text = text;
            this.line = line;
            this.column = column;
            this.detail = detail;
        }

        String shortText() {
            String t = text.replace("\n", "\\n");
            return t.length() > 40 ? t.substring(0, 40) + "…" : t;
        }

        @Override
        public String toString() {
            return kind + " '" + shortText() + "' at " + line + ":" + column + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    static final class FirstSyntaxError extends BaseErrorListener {
        Failure first;

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            if (first != null) {
                return;
            }
            if (offendingSymbol instanceof Token) {
                Token t = (Token) offendingSymbol;
                String text = t.getType() == Token.EOF ? "<EOF>" : t.getText();
                first = new Failure("syntax", text, line, charPositionInLine, msg);
            } else {
                first = new Failure("lexer-listener", "", line, charPositionInLine, msg);
            }
        }
    }

    static boolean dumpTokens = false;
    static boolean printTree = false;
    static boolean time = false;
    static boolean allValid = false;
    static int repeat = 1;
    static int sllFallbacks = 0;

    static boolean isErrorType(int type) {
        return type == MelodiumLexer.ERROR_UNTERMINATED || type == MelodiumLexer.ERROR_BAD_BYTE
            || type == MelodiumLexer.ERROR_CHAR;
    }

    /** Returns the first error of the file, or null when it parses. */
    static Failure check(String source, String label) {
        CharStream chars = CharStreams.fromString(source, label);
        MelodiumLexer lexer = new MelodiumLexer(chars);
        FirstSyntaxError lexerListener = new FirstSyntaxError();
        lexer.removeErrorListeners();
        lexer.addErrorListener(lexerListener);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (lexerListener.first != null) {
            // Must never happen: every character belongs to some token.
            return new Failure("lexer-bug", "", lexerListener.first.line, lexerListener.first.column,
                               "lexer reported: " + lexerListener.first.detail);
        }
        // Coverage: everything between tokens must be whitespace.
        int previousStop = -1;
        for (Token t : tokens.getTokens()) {
            int start = t.getType() == Token.EOF ? chars.size() : t.getStartIndex();
            if (start > previousStop + 1) {
                String gap = chars.getText(Interval.of(previousStop + 1, start - 1));
                if (!WHITE.matcher(gap).matches()) {
                    return new Failure("lexer-bug", gap, t.getLine(), t.getCharPositionInLine(), "characters outside tokens");
                }
            }
            if (t.getType() != Token.EOF) {
                previousStop = t.getStopIndex();
            }
        }
        if (dumpTokens) {
            for (Token t : tokens.getTokens()) {
                String name = MelodiumLexer.VOCABULARY.getSymbolicName(t.getType());
                String channel = t.getChannel() == 0 ? "" : "/" + lexer.getChannelNames()[t.getChannel()];
                System.out.println("  " + t.getLine() + ":" + t.getCharPositionInLine() + " " + name + channel + " '"
                                   + (t.getType() == Token.EOF ? "<EOF>" : t.getText().replace("\n", "\\n")) + "'");
            }
        }
        for (Token t : tokens.getTokens()) {
            if (isErrorType(t.getType())) {
                return new Failure("lexical", t.getText(), t.getLine(), t.getCharPositionInLine(),
                                   MelodiumLexer.VOCABULARY.getSymbolicName(t.getType()));
            }
        }

        // Stage 1: SLL + bail out (the fast path the product should use too).
        MelodiumParser parser = new MelodiumParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        MelodiumParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException e) {
            tree = null;
        }
        if (tree == null) {
            // Stage 2: full LL with error reporting.
            tokens.seek(0);
            parser.reset();
            FirstSyntaxError listener = new FirstSyntaxError();
            parser.addErrorListener(listener);
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            tree = parser.file();
            if (listener.first != null) {
                return listener.first;
            }
            ++sllFallbacks;
        }
        if (printTree) {
            System.out.println(tree.toStringTree(parser));
        }
        return null;
    }

    static boolean underInvalid(Path p) {
        for (Path part : p.toAbsolutePath().normalize()) {
            if (part.toString().equals("invalid")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; ++i) {
            String a = args[i];
            switch (a) {
                case "--tokens": dumpTokens = true; break;
                case "--tree": printTree = true; break;
                case "--time": time = true; break;
                case "--all-valid": allValid = true; break;
                case "--repeat":
                    if (i + 1 >= args.length) { System.err.println("--repeat needs a number"); System.exit(2); }
                    repeat = Integer.parseInt(args[++i]);
                    break;
                default:
                    Path p = Paths.get(a);
                    if (Files.isDirectory(p)) {
                        try (Stream<Path> s = Files.walk(p)) {
                            files.addAll(s.filter(f -> f.toString().endsWith(".mel")).sorted().collect(Collectors.toList()));
                        }
                    } else if (Files.exists(p)) {
                        files.add(p);
                    } else {
                        System.err.println("no such file: " + a);
                        System.exit(2);
                    }
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: ParseCheck [--tokens] [--tree] [--time] [--repeat N] [--all-valid] FILE|DIR...");
            System.exit(2);
        }

        int ok = 0;
        int bad = 0;
        int validCount = 0;
        int invalidCount = 0;
        for (Path file : files) {
            String source = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            boolean expectFailure = !allValid && underInvalid(file);
            Failure failure = null;
            long nanos = 0;
            for (int r = 0; r < repeat; ++r) {
                long t0 = System.nanoTime();
                failure = check(source, file.toString());
                nanos = System.nanoTime() - t0;
            }
            String timing = time ? String.format(" [%.1f ms]", nanos / 1e6) : "";
            String problem = null;
            if (failure != null && failure.kind.equals("lexer-bug")) {
                problem = "LEXER BUG: " + failure;
            } else if (!expectFailure) {
                ++validCount;
                if (failure != null) {
                    problem = "expected to parse, got " + failure;
                }
            } else {
                ++invalidCount;
                if (failure == null) {
                    problem = "expected an error, but it parses";
                } else {
                    String firstLine = source.split("\n", 2)[0].trim();
                    Matcher m = EXPECT.matcher(firstLine);
                    if (firstLine.startsWith("// expect:") && !m.matches()) {
                        problem = "unreadable expect line: " + firstLine;
                    } else if (m.matches()) {
                        String kind = m.group(1);
                        String text = m.group(2);
                        if (!kind.equals(failure.kind)) {
                            problem = "expected a " + kind + " error '" + text + "', got " + failure;
                        } else if (kind.equals("lexical") ? !failure.text.startsWith(text) : !failure.text.equals(text)) {
                            problem = "expected " + kind + " '" + text + "', got " + failure;
                        } else if (m.group(3) != null && (Integer.parseInt(m.group(3)) != failure.line
                                                          || Integer.parseInt(m.group(4)) != failure.column)) {
                            problem = "expected position " + m.group(3) + ":" + m.group(4) + ", got " + failure;
                        }
                    } else {
                        problem = "missing '// expect:' first line (error was " + failure + ")";
                    }
                }
            }
            if (problem == null) {
                ++ok;
                System.out.println("OK   " + file + timing + (failure != null ? "  -> " + failure : ""));
            } else {
                ++bad;
                System.out.println("FAIL " + file + timing + ": " + problem);
            }
        }
        System.out.println(String.format("%d file(s): %d OK, %d FAIL (%d expected valid, %d expected invalid); SLL fallbacks: %d",
                                         files.size(), ok, bad, validCount, invalidCount, sllFallbacks));
        System.exit(bad == 0 ? 0 : 1);
    }
}

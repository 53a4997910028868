#!/bin/sh
# Developer check of the Mélodium grammar with ANTLR's Java target (the product itself uses the C++ target).
# Generates the Java lexer/parser into a temporary directory, compiles them with grammar/tools/*.java and
# runs ParseCheck on the given .mel files/directories (default: tests/parse_corpus). Prints OK/FAIL per file;
# exits non-zero if a valid file fails, an invalid file parses, or an invalid file fails differently from its
# "// expect:" line. Extra ParseCheck options (--tokens, --tree, --time, --repeat N, --all-valid) are passed on.
#
# Needs: Debian's antlr4 (4.7.2), a JDK (javac/java), /usr/share/java/antlr4-runtime.jar.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runtime_jar=${ANTLR4_RUNTIME_JAR:-/usr/share/java/antlr4-runtime.jar}

work=$(mktemp -d "${TMPDIR:-/tmp}/melodium-grammar.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

(cd "$here" && antlr4 -Werror -no-listener -visitor -Xexact-output-dir -o "$work/src" MelodiumLexer.g4 MelodiumParser.g4)
cp "$here/tools/MelodiumLexerBase.java" "$here/tools/ParseCheck.java" "$work/src/"
mkdir -p "$work/classes"
javac -nowarn -encoding UTF-8 -cp "$runtime_jar" -d "$work/classes" "$work/src"/*.java

if [ "$#" -eq 0 ]; then
    set -- "$root/tests/parse_corpus"
fi
exec java -Xss16m -cp "$work/classes:$runtime_jar" ParseCheck "$@"

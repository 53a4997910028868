// Lexer of the Mélodium language (language version 0.10.2), following §2 of the language specification.
//
// The reference tokenizer tries recognisers in a fixed order and the first one that claims the input wins
// ("first claims"), while ANTLR picks the longest match (ties: first rule). Every rule below is written so
// that both strategies give the same tokens; the comments say how.
//
// Every input character ends up in a token: malformed input produces one of the ERROR_* token types, which
// the parser never accepts. The product reports them as S0019.
//
// The only target code is the call to consumeRawString() of the superclass MelodiumLexerBase (written twice:
// grammar/tools/MelodiumLexerBase.java for the Java checker, frontend/parse/melodium_lexer_base.h for C++).
// The postinclude action below is read by the C++ target only (the Java target ignores it).
lexer grammar MelodiumLexer;

options { superClass = MelodiumLexerBase; }

@lexer::postinclude {
#include "melodium_lexer_base.h"
}

channels { COMMENTS, DOCS, ANNOTATIONS }

// ---- Comments and documentation (recogniser 1) -------------------------------------------------------------
// '///…' and '/**…*/' are documentation comments, other comments are plain. Same length → the doc rule wins
// because it is listed first.
DOC_LINE      : '///' ~[\n]* -> channel(DOCS) ;
LINE_COMMENT  : '//' ~[\n]* -> channel(COMMENTS) ;
// A block comment ends at the first '*/' searched from the opening '/' itself: '/*/' is a whole comment
// and '/**/' is closed by its second '*' ('/**/ x */' is '/**/' then code). The short alternatives come
// first: once one of them reaches its end, ANTLR abandons the lower-priority non-greedy paths of the same
// rule, which gives these "first terminator" semantics. '/**/' is an (empty) documentation comment.
DOC_BLOCK     : ( '/**/' | '/**' .*? '*/' ) -> channel(DOCS) ;
BLOCK_COMMENT : ( '/*/' | '/*' .*? '*/' ) -> channel(COMMENTS) ;

// ---- Annotations (recogniser 2): '#' to end of line, anywhere; covers '#!' headers and '#[attr(…)]' -------
ANNOTATION    : '#' ~[\n]* -> channel(ANNOTATIONS) ;

// ---- Punctuation (recogniser 3) ---------------------------------------------------------------------------
LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACE     : '{' ;
RBRACE     : '}' ;
LBRACK     : '[' ;
RBRACK     : ']' ;
LT         : '<' ;
GT         : '>' ;          // '>>' is two GT tokens
EQ         : '=' ;
COLON      : ':' ;          // '::' is two COLON tokens
COMMA      : ',' ;
DOT        : '.' ;
SLASH      : '/' ;
UNDERSCORE : '_' ;          // always its own token: NAME never starts with '_'
PLUS       : '+' ;

// ---- Arrow (recogniser 4): any number of '-' then '>' -----------------------------------------------------
ARROW      : '-'+ '>' ;

// ---- Names (recogniser 5) ---------------------------------------------------------------------------------
// Contextual keywords are ordinary names in the reference. They get their own token types here (listed
// before NAME so they win the tie) and the parser rule `name` accepts all of them wherever a name is allowed.
USE        : 'use' ;
MODEL      : 'model' ;
TREATMENT  : 'treatment' ;
AS         : 'as' ;
INPUT      : 'input' ;
OUTPUT     : 'output' ;
REQUIRE    : 'require' ;
VAR        : 'var' ;
CONST      : 'const' ;

NAME       : NAME_START NAME_PART* ;

// ---- Context and function references (recogniser 6 and 7): the sigil is part of the token ---------------
// As in the reference, the character after the sigil may be any word-start character including '_'.
CONTEXT    : '@' SIGIL_NAME_START NAME_PART* ;
FUNCTION   : '|' SIGIL_NAME_START NAME_PART* ;

// ---- Byte (recogniser 8): '0x' + exactly two UPPERCASE hex digits; anything else after '0x' is an error ----
BYTE       : '0x' HEX_UPPER HEX_UPPER ;

// ---- Number (recogniser 9): -?[0-9]*\.?[0-9]+ ; never starts with '.', but '-.5' is a number --------------
// '1.' = NUMBER DOT, '1.2.3' = NUMBER(1.2) DOT NUMBER(3), '1e5' = NUMBER NAME.
NUMBER     : '-'? DIGIT+ ( '.' DIGIT+ )?
           | '-' '.' DIGIT+
           ;

// ---- Strings (recogniser 10) ------------------------------------------------------------------------------
// Quoted: any char but '"' and '\', or '\' followed by any char except a newline. Escapes are decoded and
// validated later (S0185), not here.
STRING     : '"' STRING_ITEM* '"' ;
// Raw: '$' + n>=1 '{', up to the first run of n '}'. The superclass consumes the rest of the token; when no
// terminator exists it consumes the whole remaining input and turns the token into ERROR_UNTERMINATED.
RAW_STRING : '$' '{' { consumeRawString(ERROR_UNTERMINATED); } ;

// ---- Character (recogniser 11): one or more chars that are neither "'" nor '\' between quotes -----------
CHAR       : '\'' ~['\\]+ '\'' ;

// ---- Whitespace: any Unicode White_Space (a BOM is not whitespace) ------------------------------------------
WS         : [\p{White_Space}]+ -> skip ;

// ---- Errors (never accepted by the parser) ----------------------------------------------------------------
// Text starting like a string, character or block comment that has no valid end: the token is the whole
// remainder of the input. Each alternative matches strictly less than the valid token when one exists, so
// the valid token always wins the longest-match competition.
ERROR_UNTERMINATED
    : '"' STRING_ITEM* ( '\\' ( '\n' ANY* )? )?          // no closing quote, or backslash-newline / backslash-EOF
    | '\'' ~['\\]* ( '\\' ANY* )?                         // no closing quote, or a backslash before it
    | '\'\'' ANY*                                         // empty character literal
    | '/*' ( ( ~[*/] | '*'+ ~[*/] ) ( ~'*' | '*'+ ~[*/] )* '*'* | '*'+ )?   // block comment without '*/'
    ;
// '0x' not followed by two uppercase hex digits ('0xff', '0x1', '0xG0', '0x' at EOF): the token is the whole
// remainder of the input.
ERROR_BAD_BYTE
    : '0x' ( HEX_UPPER? | ~[0-9A-F] ANY* | HEX_UPPER ~[0-9A-F] ANY* )
    ;
// Any other character ('-' alone, ';', '?', '!', '$' not followed by '{', '@'/'|' not followed by a name,
// '*', '%', '&', '\', '`', '~', a BOM, non-ASCII symbols, …).
ERROR_CHAR : . ;

// ---- Fragments ----------------------------------------------------------------------------------------------
fragment DIGIT       : [0-9] ;
fragment ANY         : [\u0000-\u{10FFFF}] ;     // any character (a set, not '.', to keep greedy loops warning-free)
fragment HEX_UPPER   : [0-9A-F] ;
fragment STRING_ITEM : ~["\\] | '\\' ~[\n] ;
// Word start: Alphabetic, Mark, Connector_Punctuation except '_' (punctuation is claimed first),
// Join_Control. Pc is listed explicitly because ANTLR sets cannot subtract '_'.
fragment NAME_START
    : [\p{Alphabetic}\p{M}\p{Join_Control}\u203F\u2040\u2054\uFE33\uFE34\uFE4D-\uFE4F\uFF3F]
    ;
// After '@' or '|' the full word-start class applies, '_' included.
fragment SIGIL_NAME_START
    : [\p{Alphabetic}\p{M}\p{Pc}\p{Join_Control}]
    ;
// Word character (Rust regex \w): Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control.
fragment NAME_PART
    : [\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]
    ;

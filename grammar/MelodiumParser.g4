// Parser of the Mélodium language (language version 0.10.2), following §3.1 of the language specification.
// No target code: keywords are context-sensitive through the `name` rule, which accepts every keyword token.
parser grammar MelodiumParser;

options { tokenVocab = MelodiumLexer; }

// ---- File -----------------------------------------------------------------------------------------------------
file          : topDecl* EOF ;
topDecl       : useDecl | modelDecl | treatmentDecl ;      // any order, any number

// ---- use ------------------------------------------------------------------------------------------------------
// `use a/b/c::Element`, `use a::|function as |alias`, `use a::@Context as @Alias`; '::' is two ':' tokens.
useDecl       : USE usePath COLON COLON useElement ;
usePath       : name ( SLASH name )* ;
useElement    : element=name     ( AS alias=name )?         # useNameElement
              | element=FUNCTION ( AS alias=FUNCTION )?     # useFunctionElement
              | element=CONTEXT  ( AS alias=CONTEXT )?      # useContextElement
              ;

// ---- model ----------------------------------------------------------------------------------------------------
// `model M(const p: T = d, …) : Base { q = value … }` — assignments have no separators.
modelDecl     : MODEL modelName=name LPAREN paramDecls? RPAREN COLON baseName=name LBRACE modelAssign* RBRACE ;
modelAssign   : name EQ value ;

// ---- treatment ------------------------------------------------------------------------------------------------
// Generics precede the configuration, each at most once; the parameter list is mandatory; header items in
// any order and number.
treatmentDecl : TREATMENT name genericDecls? configDecls? LPAREN paramDecls? RPAREN headerItem* LBRACE bodyItem* RBRACE ;

genericDecls  : LT ( genericDecl ( COMMA genericDecl )* )? GT ;
genericDecl   : type ( COLON traitBounds )? ;              // semantically: a bare name
traitBounds   : name ( PLUS name )* ;

configDecls   : LBRACK ( configDecl ( COMMA configDecl )* )? RBRACK ;
configDecl    : name COLON type ( EQ value )? ;             // semantically: bare model type, no default

paramDecls    : paramDecl ( COMMA paramDecl )* ;
// A leading 'var'/'const' is always the variability: `const var: T` declares `var`, `var: T` is an error.
paramDecl     : ( variability name | bareName ) COLON type ( EQ value )? ;
variability   : VAR | CONST ;

headerItem    : INPUT name COLON type ( EQ value )?        # inputDecl      // default rejected semantically
              | OUTPUT name COLON type ( EQ value )?       # outputDecl     // idem
              | MODEL modelInst                            # modelInstDecl
              | REQUIRE CONTEXT                            # requireDecl
              ;
// `model m: M<…>[…](…)` or `model M(…)` (instance named like its type).
modelInst     : instName=name ( COLON typeName=name genericArgs? configArgs? )? LPAREN paramAssigns? RPAREN ;

// ---- treatment body -------------------------------------------------------------------------------------------
// The token after the first name decides: ':' '<' '[' '(' → instantiation; '.' → data chain; ARROW → end points.
bodyItem      : instantiation | connectionChain ;

// `alias: Type<…>[…](…)` or `Type<…>[…](…)` (instance named like the type as written).
instantiation : ( instName=name COLON )? typeName=name genericArgs? configArgs? LPAREN paramAssigns? RPAREN ;

genericArgs   : LT ( genericArg ( COMMA genericArg )* )? GT ;
genericArg    : type ( COLON traitBounds )? ;              // traits rejected semantically
configArgs    : LBRACK ( configArg ( COMMA configArg )* )? RBRACK ;
configArg     : name EQ value ;                             // value must be a plain name (semantic check)
paramAssigns  : paramAssign ( COMMA paramAssign )* ;
paramAssign   : name EQ value ;

// `a.x -> b.y,z -> c.w`: link i goes from (the instance of link i-1, or the first name) . name(i+1)
// to dataLink(i); after ',' the name is an OUTPUT of the previous end point.
// `a -> b -> c` (no ports) parses and is rejected semantically.
connectionChain
              : name DOT name dataLink ( COMMA name dataLink )*   # dataChain
              | name ( ARROW name )+                              # endpointChain
              ;
dataLink      : ARROW name DOT name ;

// ---- types and values -----------------------------------------------------------------------------------------
type          : name ( LT type GT )? ;                     // exactly one argument per level

value         : NUMBER                                                         # numberValue
              | STRING                                                         # stringValue
              | RAW_STRING                                                     # rawStringValue
              | CHAR                                                           # charValue
              | BYTE                                                           # byteValue
              | UNDERSCORE                                                     # noneValue
              | name                                                           # nameValue      // 'true'/'false' = booleans
              | CONTEXT LBRACK name RBRACK                                     # contextValue
              | FUNCTION genericArgs? LPAREN ( value ( COMMA value )* )? RPAREN # functionValue
              | LBRACK ( value ( COMMA value )* )? RBRACK                      # arrayValue
              ;

// ---- names ----------------------------------------------------------------------------------------------------
// Every word is a name in the reference; keywords only matter in specific positions.
name          : NAME | USE | MODEL | TREATMENT | AS | INPUT | OUTPUT | REQUIRE | VAR | CONST ;
// A name that cannot be taken for a variability (first word of a parameter declaration without one).
bareName      : NAME | USE | MODEL | TREATMENT | AS | INPUT | OUTPUT | REQUIRE ;

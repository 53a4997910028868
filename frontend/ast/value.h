#pragma once

#include <string>
#include <vector>

#include "frontend/ast/common.h"

namespace mel::frontend::ast {

/// `T` or `T: A + B` inside `<…>` (traits are only meaningful in declarations).
struct GenericArg {
    TypeExpr type;
    std::vector<Name> traits;
    SourceRange range;
};

/// A value as written (language.md §3.1 `value`).
struct Value {
    enum class Kind {
        Number,    // text: the NUMBER token
        String,    // text: the whole quoted literal, quotes and escapes as written
        RawString, // text: the whole `${…}` literal as written
        Char,      // text: the whole `'c'` literal
        Byte,      // text: `0xHH`
        None,      // `_`
        Name,      // text: a parameter name, or `true` / `false`
        Context,   // `@C[field]`: name = @C, field
        Function,  // `|f<G…>(args…)`: name = |f, generics, elements = arguments
        Array,     // `[v, …]`: elements
    };
    Kind kind = Kind::None;
    SourceRange range; // the whole value
    std::string text;
    Name name;
    Name field;
    std::vector<GenericArg> generics;
    bool has_generics = false; // `<>` written
    std::vector<Value> elements;
    SourceRange closing;       // `]` of an array, `)` of a call (the reference reports arrays there)
};

/// `name = value`
struct Assignment {
    Name name;
    Value value;
    SourceRange range;
};

} // namespace mel::frontend::ast

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/ast/common.h"
#include "frontend/ast/value.h"

namespace mel::frontend::ast {

/// `use a/b::E as A` (language.md §4.2). `element` and `alias` keep their sigil (`|f`, `@C`).
struct UseDecl {
    std::vector<Name> path;
    Name element;
    std::optional<Name> alias;
    SourceRange range;
};

/// `[var|const] name: Type [= default]` — a treatment or model parameter.
struct ParameterDecl {
    std::optional<Name> variability; // the `var` / `const` word when written
    Name name;
    TypeExpr type;
    std::optional<Value> default_value;
    Annotations annotations;
    SourceRange range;
};

/// `<T: A + B>` in a treatment declaration.
struct GenericDecl {
    TypeExpr type; // semantically a bare name
    std::vector<Name> traits;
    SourceRange range;
};

/// `[m: Model]` in a treatment declaration (a model slot).
struct SlotDecl {
    Name name;
    TypeExpr type;
    std::optional<Value> default_value; // rejected semantically
    SourceRange range;
};

/// `input name: Flow<T>` / `output name: Flow<T>`.
struct PortDecl {
    Name keyword;
    Name name;
    TypeExpr type;
    std::optional<Value> default_value; // rejected semantically
    Annotations annotations;
    SourceRange range;
};

/// An instantiation `alias: Type<G…>[slot = m…](p = v…)` or `Type<G…>[…](…)` — in a body, or in a
/// treatment header after `model` (generics and config are parsed and ignored there).
struct Instantiation {
    Name name;        // the alias, or the type token when no alias is written
    Name type;
    bool has_alias = false;
    std::vector<GenericArg> generics;
    bool has_generics = false;
    std::vector<Assignment> models;   // `[slot = model]`
    bool has_models = false;
    std::vector<Assignment> parameters;
    SourceRange range;
};

/// One link of a connection statement, chains already expanded (language.md §3.1):
/// `from.from_port -> to.to_port`. Ports are absent for end-point connections (`a -> b`).
struct Connection {
    Name from;
    std::optional<Name> from_port;
    Name to;
    std::optional<Name> to_port;
    Annotations annotations; // only the first link of a statement carries them
    SourceRange range;
};

struct TreatmentDecl {
    Name keyword;  // `treatment` (docs and attributes attach here)
    Name name;
    Annotations annotations;
    std::vector<GenericDecl> generics;
    bool has_generics = false;
    std::vector<SlotDecl> slots;
    bool has_slots = false;
    std::vector<ParameterDecl> parameters;
    std::vector<PortDecl> inputs;
    std::vector<PortDecl> outputs;
    std::vector<Instantiation> models;  // header `model m: M(…)`
    std::vector<Name> requires_;        // header `require @C`
    std::vector<Instantiation> instances;
    std::vector<Connection> connections;
    SourceRange range;
};

/// `model Name(params) : Base { p = v … }`
struct ModelDecl {
    Name keyword;
    Name name;
    Annotations annotations;
    std::vector<ParameterDecl> parameters;
    Name base;
    std::vector<Assignment> assignments;
    SourceRange range;
};

/// One area (`.mel` file), declarations in source order per kind.
struct File {
    FileId file;
    std::vector<UseDecl> uses;
    std::vector<ModelDecl> models;
    std::vector<TreatmentDecl> treatments;
};

} // namespace mel::frontend::ast

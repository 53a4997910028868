#pragma once

#include <string>
#include <vector>

#include "frontend/source/source_manager.h"

namespace mel::frontend::ast {

// Our own syntax tree (STYLE §2.1): plain structs with a source range on every node. ANTLR types
// never leave frontend/parse. The tree stays close to the text; meaning is the checker's business.

/// A NAME-like token (also `|function`, `@Context`, keywords used as names) and where it is.
struct Name {
    std::string text;
    SourceRange range;
};

/// `#[name(value)]` annotations attached to a construct (language.md §2.4): metadata only.
struct Attribute {
    std::string name;
    std::string value;
    SourceRange range;
};

/// Documentation and attributes attached to the first token of a construct.
struct Annotations {
    std::string doc;                   // text of the last doc comment, indentation removed
    std::vector<Attribute> attributes;
};

/// A written type `A<B<C>>`: one name per level, outermost first (language.md §3.2).
struct TypeExpr {
    std::vector<Name> levels;
    SourceRange range;
};

} // namespace mel::frontend::ast

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/model/descriptors.h"

namespace mel {

// What the checker makes of a script treatment's or model's body (language.md §4.6–§4.11), and
// what the engine builds tracks from. Everything here is already checked: names are resolved,
// types agree, generics are given.

/// Where a construct was written, for run-time messages (the model knows no SourceManager).
struct SourcePlace {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// A checked value (language.md §4.6): evaluated once at genesis when const, per track when var.
struct ValueExpr {
    enum class Kind { Literal, Parameter, Context, Function, Array };
    Kind kind = Kind::Literal;
    Value literal;                                    // Literal
    std::string name;                                 // Parameter: the host's parameter; Context: the field
    Identifier context;                               // Context: `@C`
    std::shared_ptr<const FunctionDescriptor> function; // Function
    std::vector<Type> generics;                       // Function: positional, may name host generics
    std::vector<ValueExpr> elements;                  // Function arguments, Array elements
    Variability variability = Variability::Const;
};

/// `m: Model(p = v…)` in a treatment header.
struct ModelInstanceDesign {
    std::string name;
    std::shared_ptr<const ModelDescriptor> model;
    std::map<std::string, ValueExpr> parameters;
    SourcePlace place;
};

/// `name: Treatment<G…>[slot = m…](p = v…)` in a body.
struct InstanceDesign {
    std::string name;
    std::shared_ptr<const TreatmentDescriptor> treatment;
    std::vector<Type> generics;                 // positional, one per generic of the treatment
    std::map<std::string, std::string> models;  // callee slot → host model (slot or header instance)
    std::map<std::string, ValueExpr> parameters;
    SourcePlace place;
};

/// `from.output -> to.input`; an empty instance name means `Self` (an input of the host on the
/// left, an output of the host on the right).
struct ConnectionDesign {
    std::string from;
    std::string output;
    std::string to;
    std::string input;
    SourcePlace place;
};

struct TreatmentDesign {
    std::vector<ModelInstanceDesign> models;
    std::vector<InstanceDesign> instances;
    std::vector<ConnectionDesign> connections;

    const InstanceDesign* instance(std::string_view name) const;
};

/// `model M(…) : Base { p = v … }`: values for the base's parameters, in terms of M's own.
struct ModelDesign {
    std::map<std::string, ValueExpr> assignments;
};

} // namespace mel

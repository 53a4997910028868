#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/model/identifier.h"
#include "runtime/model/result.h"
#include "runtime/model/type.h"
#include "runtime/model/value.h"

namespace mel {

// Immutable descriptions of elements, shared by the checker (signatures) and the engine (bodies).
// Native elements are described by packages through the Registry; script elements by the checker.

enum class Variability { Const, Var };

struct GenericParameter {
    std::string name;
    std::vector<Trait> traits; // declaration order, for messages
    TraitSet trait_set() const;
};

struct Parameter {
    std::string name;
    Variability variability = Variability::Var;
    Type type;
    std::optional<Value> default_value;
};

struct Port {
    std::string name;
    Flow flow = Flow::Block;
    Type type;
};

// Implemented by the engine (runtime/engine); the model only carries them.
struct TreatmentImplementation;
struct ModelImplementation;
// Produced by the checker for script elements (runtime/model/design.h).
struct TreatmentDesign;
struct ModelDesign;

struct ModelDescriptor;

struct ModelSlot {
    std::string name;
    std::shared_ptr<const ModelDescriptor> model;
};

struct TreatmentDescriptor {
    Identifier id;
    std::string doc;
    std::vector<GenericParameter> generics;
    std::vector<ModelSlot> models;       // `[m: Model]`
    std::vector<Parameter> parameters;
    std::vector<Port> inputs;
    std::vector<Port> outputs;
    std::vector<Identifier> contexts;    // `require @C`
    /// For a model source published as a treatment: the slot holding the model and the source name.
    std::optional<std::pair<std::string, std::string>> source_from;
    std::shared_ptr<const TreatmentImplementation> implementation; // native body (null: none yet)
    std::shared_ptr<const TreatmentDesign> design;                 // script body

    const Parameter* parameter(std::string_view name) const;
    const Port* input(std::string_view name) const;
    const Port* output(std::string_view name) const;
    const ModelSlot* model(std::string_view name) const;
    bool is_native() const { return !design; }
};

struct ModelSource {
    std::string name;
    std::vector<Identifier> contexts;
    std::vector<Port> outputs;
};

struct ModelDescriptor {
    Identifier id;
    std::string doc;
    std::vector<Parameter> parameters; // always const
    std::vector<ModelSource> sources;
    std::shared_ptr<const ModelDescriptor> base;           // script models: the model they specialise
    std::shared_ptr<const ModelImplementation> implementation;
    std::shared_ptr<const ModelDesign> design;

    const Parameter* parameter(std::string_view name) const;
    /// Whether this model is `other` or has it in its base chain (language.md §4.9).
    bool is_based_on(const ModelDescriptor& other) const;
};

/// A function body: generics in the order the function declares them, arguments positionally.
using FunctionBody = std::function<Result<Value>(std::span<const Type> generics, std::span<const Value> args)>;

struct FunctionDescriptor {
    Identifier id; // name with its sigil: `|add`
    std::string doc;
    std::vector<GenericParameter> generics;
    std::vector<Parameter> parameters; // var, no defaults
    Type return_type;
    FunctionBody body; // empty: declared without body
};

struct ContextDescriptor {
    Identifier id; // `@HttpRequest`
    std::string doc;
    std::vector<std::pair<std::string, Type>> fields;
    const Type* field(std::string_view name) const;
};

namespace wire {
struct DataCodec;
}

struct DataTypeDescriptor {
    Identifier id;
    std::string doc;
    TraitSet traits;
    /// How its values travel to another engine (runtime/model/wire.h); null: they do not.
    std::shared_ptr<const wire::DataCodec> codec;
    DataTypeRef ref() const { return DataTypeRef{id, traits}; }
};

enum class ElementKind { Treatment, Model, Function, Context, DataType };
std::string_view element_kind_name(ElementKind);

/// Any element of a collection.
struct Element {
    ElementKind kind = ElementKind::Treatment;
    std::shared_ptr<const TreatmentDescriptor> treatment;
    std::shared_ptr<const ModelDescriptor> model;
    std::shared_ptr<const FunctionDescriptor> function;
    std::shared_ptr<const ContextDescriptor> context;
    std::shared_ptr<const DataTypeDescriptor> data_type;

    static Element of(std::shared_ptr<const TreatmentDescriptor>);
    static Element of(std::shared_ptr<const ModelDescriptor>);
    static Element of(std::shared_ptr<const FunctionDescriptor>);
    static Element of(std::shared_ptr<const ContextDescriptor>);
    static Element of(std::shared_ptr<const DataTypeDescriptor>);

    const Identifier& id() const;
    const std::string& doc() const;
    /// Whether the element can do what it declares: a body for treatments, models and functions
    /// (script elements always can); contexts and data types always.
    bool has_body() const;
};

} // namespace mel

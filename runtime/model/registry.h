#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/descriptors.h"

namespace mel {

class Registry;

/// Declares one native treatment (STYLE §2.2): signature in Mélodium notation, doc and body in one
/// place. Registered when the builder goes out of scope; a signature that does not parse is a
/// programming error (MEL_ASSERT), caught by the registry self-test.
class TreatmentBuilder {
public:
    TreatmentBuilder(Registry&, Identifier);
    TreatmentBuilder(const TreatmentBuilder&) = delete;
    ~TreatmentBuilder();

    TreatmentBuilder& generic(std::string name, std::initializer_list<Trait> traits = {});
    /// `[name: Model]`; the model is named by identifier text or by its unique name among models.
    TreatmentBuilder& model(std::string name, std::string_view model);
    TreatmentBuilder& param(std::string name, std::string_view type, std::optional<Value> default_value = {});
    TreatmentBuilder& input(std::string name, std::string_view type);   // "Stream<T>", "Block<void>"
    TreatmentBuilder& output(std::string name, std::string_view type);
    TreatmentBuilder& require(std::string_view context);
    TreatmentBuilder& doc(std::string text);
    TreatmentBuilder& implementation(std::shared_ptr<const TreatmentImplementation>);

private:
    Type parse(std::string_view text, std::optional<Flow>* flow) const;
    Registry& m_registry;
    TreatmentDescriptor m_descriptor;
};

class FunctionBuilder {
public:
    FunctionBuilder(Registry&, Identifier);
    FunctionBuilder(const FunctionBuilder&) = delete;
    ~FunctionBuilder();

    FunctionBuilder& generic(std::string name, std::initializer_list<Trait> traits = {});
    FunctionBuilder& param(std::string name, std::string_view type);
    FunctionBuilder& returns(std::string_view type);
    FunctionBuilder& doc(std::string text);
    FunctionBuilder& body(FunctionBody);

private:
    Registry& m_registry;
    FunctionDescriptor m_descriptor;
};

class ModelBuilder {
public:
    ModelBuilder(Registry&, Identifier);
    ModelBuilder(const ModelBuilder&) = delete;
    ~ModelBuilder();

    ModelBuilder& param(std::string name, std::string_view type, std::optional<Value> default_value = {});
    /// A source: also published as a treatment of the same area named `name`, whose slot is the
    /// model's name in snake_case (engine.md §7).
    ModelBuilder& source(std::string name, std::vector<std::pair<std::string, std::string>> outputs,
                         std::vector<std::string> contexts = {});
    ModelBuilder& doc(std::string text);
    ModelBuilder& implementation(std::shared_ptr<const ModelImplementation>);

private:
    Registry& m_registry;
    ModelDescriptor m_descriptor;
};

/// The elements of one area (`std/flow`), named relative to it.
class AreaBuilder {
public:
    AreaBuilder(Registry& registry, std::string path) : m_registry(registry), m_path(std::move(path)) {}

    TreatmentBuilder treatment(std::string name);
    FunctionBuilder function(std::string name);       // without '|'
    ModelBuilder model(std::string name);
    /// A data type; with a codec (runtime/model/wire.h), its values can travel to another engine.
    void data_type(std::string name, std::initializer_list<Trait> traits, std::string doc,
                   std::shared_ptr<const wire::DataCodec> codec = nullptr);
    void context(std::string name, std::vector<std::pair<std::string, std::string>> fields, std::string doc);

private:
    Identifier id(std::string name) const;
    Registry& m_registry;
    std::string m_path;
};

/// Every native element of every native package, plus their embedded `.mel` areas. Filled once at
/// start by each package's register function, read-only afterwards.
class Registry {
public:
    AreaBuilder area(std::string path) { return AreaBuilder(*this, std::move(path)); }

    void add(Element);
    /// Embedded `.mel` source of a native package's area (`std/engine/util`).
    void add_mel_area(std::string area_path, std::string text);
    /// Declares a native package (all at the engine's version).
    void add_package(std::string name);

    const Element* find(const Identifier&) const;
    const std::string* mel_area(std::string_view area_path) const;
    bool has_package(std::string_view name) const;
    const std::vector<std::string>& packages() const { return m_packages; }
    const std::map<std::string, std::string>& mel_areas() const { return m_mel_areas; }

    /// Every element, sorted by identifier.
    std::vector<const Element*> elements() const;

    /// A data type or model named `name` (identifier text, or a name unique in the registry).
    std::shared_ptr<const DataTypeDescriptor> data_type_named(std::string_view name) const;
    std::shared_ptr<const ModelDescriptor> model_named(std::string_view name) const;

    /// The codec of the data type whose values are named `type_name` (DataObject::type_name(), unique among
    /// the types that travel); nullptr when no such type travels.
    const wire::DataCodec* data_codec(std::string_view type_name) const;
    /// The names of the data types that travel, sorted.
    std::vector<std::string> travelling_data_types() const;

    /// Parses a type written in Mélodium notation (`Stream<Option<N>>`): the flow when the outer
    /// level is Block/Stream, names resolved as core types, the given generics, then data types.
    /// Returns nullopt when the text does not parse or names something unknown.
    std::optional<Type> parse_type(std::string_view text, const std::vector<GenericParameter>& generics,
                                   std::optional<Flow>* flow = nullptr) const;

private:
    std::map<Identifier, Element> m_elements;
    std::map<std::string, std::shared_ptr<const wire::DataCodec>, std::less<>> m_codecs;
    std::map<std::string, std::string> m_mel_areas;
    std::vector<std::string> m_packages;
};

} // namespace mel

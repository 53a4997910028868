#include "runtime/model/descriptors.h"

#include "runtime/model/assert.h"

namespace mel {

namespace {
template<class List>
auto find_named(const List& list, std::string_view name) -> decltype(&list.front())
{
    for (const auto& item : list)
        if (item.name == name)
            return &item;
    return nullptr;
}
} // namespace

TraitSet GenericParameter::trait_set() const
{
    TraitSet set;
    for (Trait t : traits)
        set.set(static_cast<std::size_t>(t));
    return set;
}

const Parameter* TreatmentDescriptor::parameter(std::string_view name) const { return find_named(parameters, name); }
const Port* TreatmentDescriptor::input(std::string_view name) const { return find_named(inputs, name); }
const Port* TreatmentDescriptor::output(std::string_view name) const { return find_named(outputs, name); }
const ModelSlot* TreatmentDescriptor::model(std::string_view name) const { return find_named(models, name); }
const Parameter* ModelDescriptor::parameter(std::string_view name) const { return find_named(parameters, name); }

bool ModelDescriptor::is_based_on(const ModelDescriptor& other) const
{
    for (const ModelDescriptor* m = this; m; m = m->base.get())
        if (m->id == other.id)
            return true;
    return false;
}

const Type* ContextDescriptor::field(std::string_view name) const
{
    for (const auto& [field_name, type] : fields)
        if (field_name == name)
            return &type;
    return nullptr;
}

std::string_view element_kind_name(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Treatment: return "treatment";
    case ElementKind::Model: return "model";
    case ElementKind::Function: return "function";
    case ElementKind::Context: return "context";
    case ElementKind::DataType: return "data type";
    }
    return "element";
}

Element Element::of(std::shared_ptr<const TreatmentDescriptor> d)
{
    Element e;
    e.kind = ElementKind::Treatment;
    e.treatment = std::move(d);
    return e;
}

Element Element::of(std::shared_ptr<const ModelDescriptor> d)
{
    Element e;
    e.kind = ElementKind::Model;
    e.model = std::move(d);
    return e;
}

Element Element::of(std::shared_ptr<const FunctionDescriptor> d)
{
    Element e;
    e.kind = ElementKind::Function;
    e.function = std::move(d);
    return e;
}

Element Element::of(std::shared_ptr<const ContextDescriptor> d)
{
    Element e;
    e.kind = ElementKind::Context;
    e.context = std::move(d);
    return e;
}

Element Element::of(std::shared_ptr<const DataTypeDescriptor> d)
{
    Element e;
    e.kind = ElementKind::DataType;
    e.data_type = std::move(d);
    return e;
}

const Identifier& Element::id() const
{
    switch (kind) {
    case ElementKind::Treatment: return treatment->id;
    case ElementKind::Model: return model->id;
    case ElementKind::Function: return function->id;
    case ElementKind::Context: return context->id;
    case ElementKind::DataType: return data_type->id;
    }
    MEL_UNREACHABLE("unknown element kind");
}

const std::string& Element::doc() const
{
    switch (kind) {
    case ElementKind::Treatment: return treatment->doc;
    case ElementKind::Model: return model->doc;
    case ElementKind::Function: return function->doc;
    case ElementKind::Context: return context->doc;
    case ElementKind::DataType: return data_type->doc;
    }
    MEL_UNREACHABLE("unknown element kind");
}

bool Element::has_body() const
{
    switch (kind) {
    case ElementKind::Treatment:
        if (treatment->source_from) // a model source: the model does the work
            return !treatment->models.empty() && treatment->models.front().model->implementation;
        return treatment->design || treatment->implementation;
    case ElementKind::Model: return model->design || model->implementation;
    case ElementKind::Function: return static_cast<bool>(function->body);
    case ElementKind::Context:
    case ElementKind::DataType: return true;
    }
    return false;
}

} // namespace mel

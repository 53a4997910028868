#include "runtime/model/registry.h"

#include <algorithm>
#include <cctype>

#include "runtime/model/assert.h"

namespace mel {

namespace {

/// `std/flow/vec` + `flatten` → std/flow/vec::flatten
Identifier make_id(std::string_view area, std::string name)
{
    auto id = Identifier::parse(std::string(area) + "::" + name);
    MEL_ASSERT(id.has_value(), "invalid identifier in a native declaration");
    return *std::move(id);
}

/// `Engine` → `engine`, `HttpServer` → `http_server` (the slot name of a published source).
std::string snake_case(std::string_view name)
{
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (std::isupper(c)) {
            if (i > 0)
                out += '_';
            out += static_cast<char>(std::tolower(c));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

/// Splits `Stream<Option<N>>` into its levels, outermost first; nullopt when malformed.
std::optional<std::vector<std::string>> type_levels(std::string_view text)
{
    std::vector<std::string> levels;
    std::size_t i = 0, opened = 0;
    auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
    };
    while (true) {
        skip_space();
        const std::size_t start = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                                   text[i] == '/' || text[i] == ':'))
            ++i;
        if (i == start)
            return std::nullopt;
        levels.emplace_back(text.substr(start, i - start));
        skip_space();
        if (i < text.size() && text[i] == '<') {
            ++i;
            ++opened;
            continue;
        }
        break;
    }
    for (; opened > 0; --opened) {
        skip_space();
        if (i >= text.size() || text[i] != '>')
            return std::nullopt;
        ++i;
    }
    skip_space();
    if (i != text.size())
        return std::nullopt;
    return levels;
}

} // namespace

// ---- Registry ----------------------------------------------------------------------------------

void Registry::add(Element element)
{
    const Identifier id = element.id();
    if (element.kind == ElementKind::DataType && element.data_type->codec) {
        const bool unique = m_codecs.emplace(id.name, element.data_type->codec).second;
        MEL_ASSERT(unique, "two data types that travel have the same name");
    }
    const bool inserted = m_elements.emplace(id, std::move(element)).second;
    MEL_ASSERT(inserted, "a native element is registered twice");
}

void Registry::add_mel_area(std::string area_path, std::string text)
{
    m_mel_areas[std::move(area_path)] = std::move(text);
}

void Registry::add_package(std::string name)
{
    if (!has_package(name))
        m_packages.push_back(std::move(name));
}

const Element* Registry::find(const Identifier& id) const
{
    auto it = m_elements.find(id);
    return it == m_elements.end() ? nullptr : &it->second;
}

const std::string* Registry::mel_area(std::string_view area_path) const
{
    auto it = m_mel_areas.find(std::string(area_path));
    return it == m_mel_areas.end() ? nullptr : &it->second;
}

bool Registry::has_package(std::string_view name) const
{
    return std::find(m_packages.begin(), m_packages.end(), name) != m_packages.end();
}

std::vector<const Element*> Registry::elements() const
{
    std::vector<const Element*> out;
    out.reserve(m_elements.size());
    for (const auto& [id, element] : m_elements)
        out.push_back(&element);
    return out;
}

namespace {
template<class Pick>
auto named(const std::map<Identifier, Element>& elements, std::string_view name, ElementKind kind, Pick pick)
    -> decltype(pick(elements.begin()->second))
{
    if (name.find("::") != std::string_view::npos) {
        auto id = Identifier::parse(name);
        if (!id)
            return nullptr;
        auto it = elements.find(*id);
        return it != elements.end() && it->second.kind == kind ? pick(it->second) : nullptr;
    }
    decltype(pick(elements.begin()->second)) found = nullptr;
    for (const auto& [id, element] : elements) {
        if (element.kind != kind || id.name != name)
            continue;
        MEL_ASSERT(!found, "an unqualified type name in a native signature is ambiguous");
        found = pick(element);
    }
    return found;
}
} // namespace

std::shared_ptr<const DataTypeDescriptor> Registry::data_type_named(std::string_view name) const
{
    return named(m_elements, name, ElementKind::DataType, [](const Element& e) { return e.data_type; });
}

std::shared_ptr<const ModelDescriptor> Registry::model_named(std::string_view name) const
{
    return named(m_elements, name, ElementKind::Model, [](const Element& e) { return e.model; });
}

const wire::DataCodec* Registry::data_codec(std::string_view type_name) const
{
    const auto it = m_codecs.find(type_name);
    return it == m_codecs.end() ? nullptr : it->second.get();
}

std::vector<std::string> Registry::travelling_data_types() const
{
    std::vector<std::string> names;
    for (const auto& [name, codec] : m_codecs)
        names.push_back(name);
    return names;
}

std::optional<Type> Registry::parse_type(std::string_view text, const std::vector<GenericParameter>& generics,
                                         std::optional<Flow>* flow) const
{
    auto levels = type_levels(text);
    if (!levels)
        return std::nullopt;
    std::size_t first = 0;
    if (flow)
        *flow = std::nullopt;
    if (levels->size() > 1 && ((*levels)[0] == "Block" || (*levels)[0] == "Stream")) {
        if (!flow)
            return std::nullopt;
        *flow = (*levels)[0] == "Block" ? Flow::Block : Flow::Stream;
        first = 1;
    }
    std::vector<Type::Wrapper> wrappers;
    for (std::size_t i = first; i < levels->size(); ++i) {
        const std::string& level = (*levels)[i];
        const bool last = i + 1 == levels->size();
        if (level == "Vec" || level == "Option") {
            if (last)
                return std::nullopt;
            wrappers.push_back(level == "Vec" ? Type::Wrapper::Vec : Type::Wrapper::Option);
            continue;
        }
        if (!last)
            return std::nullopt;
        std::optional<Type> leaf;
        if (auto core = core_type_from_name(level))
            leaf = Type::core(*core);
        else if (std::any_of(generics.begin(), generics.end(), [&](const auto& g) { return g.name == level; }))
            leaf = Type::generic(level);
        else if (auto data = data_type_named(level))
            leaf = Type::data(data->ref());
        else
            return std::nullopt;
        for (auto w = wrappers.rbegin(); w != wrappers.rend(); ++w)
            leaf = *w == Type::Wrapper::Vec ? Type::vec(*leaf) : Type::option(*leaf);
        return leaf;
    }
    return std::nullopt;
}

// ---- AreaBuilder ---------------------------------------------------------------------------------

Identifier AreaBuilder::id(std::string name) const { return make_id(m_path, std::move(name)); }

TreatmentBuilder AreaBuilder::treatment(std::string name) { return TreatmentBuilder(m_registry, id(std::move(name))); }

FunctionBuilder AreaBuilder::function(std::string name)
{
    return FunctionBuilder(m_registry, id("|" + std::move(name)));
}

ModelBuilder AreaBuilder::model(std::string name) { return ModelBuilder(m_registry, id(std::move(name))); }

void AreaBuilder::data_type(std::string name, std::initializer_list<Trait> traits, std::string doc,
                            std::shared_ptr<const wire::DataCodec> codec)
{
    auto d = std::make_shared<DataTypeDescriptor>();
    d->id = id(std::move(name));
    d->doc = std::move(doc);
    d->codec = std::move(codec);
    for (Trait t : traits)
        d->traits.set(static_cast<std::size_t>(t));
    m_registry.add(Element::of(std::move(d)));
}

void AreaBuilder::context(std::string name, std::vector<std::pair<std::string, std::string>> fields, std::string doc)
{
    auto c = std::make_shared<ContextDescriptor>();
    c->id = id("@" + std::move(name));
    c->doc = std::move(doc);
    for (auto& [field, type_text] : fields) {
        auto type = m_registry.parse_type(type_text, {});
        MEL_ASSERT(type.has_value(), "invalid type in a native context declaration");
        c->fields.emplace_back(std::move(field), *type);
    }
    m_registry.add(Element::of(std::move(c)));
}

// ---- TreatmentBuilder ------------------------------------------------------------------------------

TreatmentBuilder::TreatmentBuilder(Registry& registry, Identifier id) : m_registry(registry)
{
    m_descriptor.id = std::move(id);
}

TreatmentBuilder::~TreatmentBuilder()
{
    m_registry.add(Element::of(std::make_shared<TreatmentDescriptor>(std::move(m_descriptor))));
}

Type TreatmentBuilder::parse(std::string_view text, std::optional<Flow>* flow) const
{
    auto type = m_registry.parse_type(text, m_descriptor.generics, flow);
    MEL_ASSERT(type.has_value(), "invalid type in a native treatment declaration");
    return *type;
}

TreatmentBuilder& TreatmentBuilder::generic(std::string name, std::initializer_list<Trait> traits)
{
    m_descriptor.generics.push_back({std::move(name), std::vector<Trait>(traits)});
    return *this;
}

TreatmentBuilder& TreatmentBuilder::model(std::string name, std::string_view model)
{
    auto m = m_registry.model_named(model);
    MEL_ASSERT(m != nullptr, "unknown model in a native treatment declaration");
    m_descriptor.models.push_back({std::move(name), std::move(m)});
    return *this;
}

TreatmentBuilder& TreatmentBuilder::param(std::string name, std::string_view type, std::optional<Value> default_value)
{
    m_descriptor.parameters.push_back({std::move(name), Variability::Var, parse(type, nullptr), std::move(default_value)});
    return *this;
}

TreatmentBuilder& TreatmentBuilder::input(std::string name, std::string_view type)
{
    std::optional<Flow> flow;
    Type t = parse(type, &flow);
    MEL_ASSERT(flow.has_value(), "a native port type must say Block or Stream");
    m_descriptor.inputs.push_back({std::move(name), *flow, std::move(t)});
    return *this;
}

TreatmentBuilder& TreatmentBuilder::output(std::string name, std::string_view type)
{
    std::optional<Flow> flow;
    Type t = parse(type, &flow);
    MEL_ASSERT(flow.has_value(), "a native port type must say Block or Stream");
    m_descriptor.outputs.push_back({std::move(name), *flow, std::move(t)});
    return *this;
}

TreatmentBuilder& TreatmentBuilder::require(std::string_view context)
{
    auto id = Identifier::parse(context);
    MEL_ASSERT(id.has_value(), "a required context must be named by identifier");
    m_descriptor.contexts.push_back(*std::move(id));
    return *this;
}

TreatmentBuilder& TreatmentBuilder::doc(std::string text)
{
    m_descriptor.doc = std::move(text);
    return *this;
}

TreatmentBuilder& TreatmentBuilder::implementation(std::shared_ptr<const TreatmentImplementation> impl)
{
    m_descriptor.implementation = std::move(impl);
    return *this;
}

// ---- FunctionBuilder -------------------------------------------------------------------------------

FunctionBuilder::FunctionBuilder(Registry& registry, Identifier id) : m_registry(registry)
{
    m_descriptor.id = std::move(id);
}

FunctionBuilder::~FunctionBuilder()
{
    m_registry.add(Element::of(std::make_shared<FunctionDescriptor>(std::move(m_descriptor))));
}

FunctionBuilder& FunctionBuilder::generic(std::string name, std::initializer_list<Trait> traits)
{
    m_descriptor.generics.push_back({std::move(name), std::vector<Trait>(traits)});
    return *this;
}

FunctionBuilder& FunctionBuilder::param(std::string name, std::string_view type)
{
    auto t = m_registry.parse_type(type, m_descriptor.generics);
    MEL_ASSERT(t.has_value(), "invalid type in a native function declaration");
    m_descriptor.parameters.push_back({std::move(name), Variability::Var, *t, std::nullopt});
    return *this;
}

FunctionBuilder& FunctionBuilder::returns(std::string_view type)
{
    auto t = m_registry.parse_type(type, m_descriptor.generics);
    MEL_ASSERT(t.has_value(), "invalid return type in a native function declaration");
    m_descriptor.return_type = *t;
    return *this;
}

FunctionBuilder& FunctionBuilder::doc(std::string text)
{
    m_descriptor.doc = std::move(text);
    return *this;
}

FunctionBuilder& FunctionBuilder::body(FunctionBody body)
{
    m_descriptor.body = std::move(body);
    return *this;
}

// ---- ModelBuilder ----------------------------------------------------------------------------------

ModelBuilder::ModelBuilder(Registry& registry, Identifier id) : m_registry(registry)
{
    m_descriptor.id = std::move(id);
}

ModelBuilder::~ModelBuilder()
{
    auto model = std::make_shared<ModelDescriptor>(std::move(m_descriptor));
    m_registry.add(Element::of(model));
    // Each source is also a treatment of the model's area (engine.md §7).
    for (const ModelSource& source : model->sources) {
        auto t = std::make_shared<TreatmentDescriptor>();
        t->id = model->id;
        t->id.name = source.name;
        t->doc = model->doc;
        const std::string slot = snake_case(model->id.name);
        t->models.push_back({slot, model});
        t->outputs = source.outputs;
        t->source_from = std::make_pair(slot, source.name);
        m_registry.add(Element::of(std::move(t)));
    }
}

ModelBuilder& ModelBuilder::param(std::string name, std::string_view type, std::optional<Value> default_value)
{
    auto t = m_registry.parse_type(type, {});
    MEL_ASSERT(t.has_value(), "invalid type in a native model declaration");
    m_descriptor.parameters.push_back({std::move(name), Variability::Const, *t, std::move(default_value)});
    return *this;
}

ModelBuilder& ModelBuilder::source(std::string name, std::vector<std::pair<std::string, std::string>> outputs,
                                   std::vector<std::string> contexts)
{
    ModelSource source;
    source.name = std::move(name);
    for (auto& [port, type_text] : outputs) {
        std::optional<Flow> flow;
        auto t = m_registry.parse_type(type_text, {}, &flow);
        MEL_ASSERT(t.has_value() && flow.has_value(), "invalid output type in a native source declaration");
        source.outputs.push_back({std::move(port), *flow, *t});
    }
    for (auto& c : contexts) {
        auto id = Identifier::parse(c);
        MEL_ASSERT(id.has_value(), "a source context must be named by identifier");
        source.contexts.push_back(*std::move(id));
    }
    m_descriptor.sources.push_back(std::move(source));
    return *this;
}

ModelBuilder& ModelBuilder::doc(std::string text)
{
    m_descriptor.doc = std::move(text);
    return *this;
}

ModelBuilder& ModelBuilder::implementation(std::shared_ptr<const ModelImplementation> impl)
{
    m_descriptor.implementation = std::move(impl);
    return *this;
}

} // namespace mel

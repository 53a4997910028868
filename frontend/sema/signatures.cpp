// Descriptor pass (language.md §4.4, §4.5): the signature of every script model and treatment of
// every loaded area. Models first (in base order), since treatment slots refer to them.
#include <set>

#include "frontend/sema/passes.h"
#include "frontend/sema/scope.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend::sema {

namespace {

Identifier element_id(const Area& area, const std::string& name) { return Identifier{area.path, name}; }

class SignatureBuilder {
public:
    SignatureBuilder(Program& program, Diagnostics& diags) : m_program(program), m_diags(diags) {}

    void run()
    {
        for (const auto& area : m_program.areas())
            for (const auto& model : area->ast.models)
                model_descriptor(*area, model);
        for (const auto& area : m_program.areas())
            for (const auto& treatment : area->ast.treatments)
                treatment_descriptor(*area, treatment);
    }

private:
    std::shared_ptr<const ModelDescriptor> model_descriptor(Area& area, const ast::ModelDecl& decl);
    void treatment_descriptor(Area& area, const ast::TreatmentDecl& decl);
    std::shared_ptr<const ModelDescriptor> find_model(Area& area, const ast::Name& name, const ast::Name& quoted,
                                                      DiagId not_found);
    std::optional<Parameter> parameter(const Scope& scope, const ast::ParameterDecl& p, Variability default_variability);

    Program& m_program;
    Diagnostics& m_diags;
    std::set<const ast::ModelDecl*> m_in_progress;
};

std::shared_ptr<const ModelDescriptor> SignatureBuilder::find_model(Area& area, const ast::Name& name,
                                                                    const ast::Name& quoted, DiagId not_found)
{
    // Local models first, then `use` aliases (language.md §4.3, model slots and bases).
    if (const ast::ModelDecl* local = area.model_decl(name.text))
        return model_descriptor(area, *local);
    auto alias = area.aliases.find(name.text);
    if (alias == area.aliases.end()) {
        auto report = m_diags.report(not_found, quoted.range);
        report.arg(quoted.text);
        explain_not_imported(report, Scope{m_program, area, std::string()}, name.text, ElementKind::Model);
        return nullptr;
    }
    if (alias->second.path.front() != area.path.front() || alias->second.path != area.path) {
        // A model of another area: its descriptor is built when that area's turn comes, or now.
        if (Area* other = m_program.area(alias->second.package(), alias->second.path))
            if (const ast::ModelDecl* decl = other->model_decl(alias->second.name))
                return model_descriptor(*other, *decl);
    }
    const Element* element = m_program.find(alias->second);
    if (!element)
        return nullptr; // reported at load time
    if (element->kind != ElementKind::Model) {
        m_diags.report(DiagId::NotAModel, name.range).word(name.text).arg(alias->second.to_string());
        return nullptr;
    }
    return element->model;
}

std::optional<Parameter> SignatureBuilder::parameter(const Scope& scope, const ast::ParameterDecl& p,
                                                     Variability default_variability)
{
    auto type = resolve_type(p.type, scope, TypePosition::Declaration, m_diags);
    if (!type)
        return std::nullopt;
    if (type->flow != Flow::Block) {
        m_diags.report(DiagId::ParameterFlow, p.name.range).arg(p.name.text);
        return std::nullopt;
    }
    Parameter out;
    out.name = p.name.text;
    out.type = type->type;
    out.variability = default_variability;
    if (p.variability)
        out.variability = p.variability->text == "const" ? Variability::Const : Variability::Var;
    if (p.default_value) {
        if (type->type.contains_generic()) {
            m_diags.report(DiagId::DefaultOnGeneric, p.name.range).arg(p.name.text).arg(type->type.generic_name());
        } else {
            const ValueSite site{ValueSite::Kind::Default, scope.host, p.name.text, p.name};
            if (auto value = check_value(*p.default_value, type->type, scope, site, m_diags))
                out.default_value = value->literal;
        }
    }
    return out;
}

std::shared_ptr<const ModelDescriptor> SignatureBuilder::model_descriptor(Area& area, const ast::ModelDecl& decl)
{
    if (auto it = area.models.find(decl.name.text); it != area.models.end())
        return it->second;
    if (!m_in_progress.insert(&decl).second) {
        m_diags.report(DiagId::BaseModelNotFound, decl.name.range).arg(decl.name.text); // based on itself
        return nullptr;
    }
    auto model = std::make_shared<ModelDescriptor>();
    model->id = element_id(area, decl.name.text);
    model->doc = decl.annotations.doc;
    // The base is looked up quoting the declared model's name (S0127, quirk kept).
    model->base = find_model(area, decl.base, decl.name, DiagId::BaseModelNotFound);
    if (model->base)
        model->sources = model->base->sources;
    const Scope scope{m_program, area, model->id.to_string()};
    for (const auto& p : decl.parameters)
        if (auto param = parameter(scope, p, Variability::Const)) {
            param->variability = Variability::Const; // model parameters are always const
            model->parameters.push_back(*std::move(param));
        }
    m_in_progress.erase(&decl);
    area.models[decl.name.text] = model;
    m_program.add_script_element(Element::of(model));
    return model;
}

void SignatureBuilder::treatment_descriptor(Area& area, const ast::TreatmentDecl& decl)
{
    if (area.treatments.count(decl.name.text))
        return;
    auto t = std::make_shared<TreatmentDescriptor>();
    t->id = element_id(area, decl.name.text);
    t->doc = decl.annotations.doc;

    for (const auto& g : decl.generics) {
        const ast::Name& first = g.type.levels.front();
        if (g.type.levels.size() > 1) {
            const bool flow = first.text == "Block" || first.text == "Stream";
            m_diags.report(flow ? DiagId::GenericDeclarationFlow : DiagId::InvalidGenericName, first.range).arg(first.text);
            continue;
        }
        if (core_type_from_name(first.text) || first.text == "Vec" || first.text == "Option") {
            m_diags.report(DiagId::InvalidGenericName, first.range).arg(first.text);
            continue;
        }
        GenericParameter generic{first.text, {}};
        for (const auto& trait : g.traits) {
            if (auto known = trait_from_name(trait.text))
                generic.traits.push_back(*known);
            else
                m_diags.report(DiagId::InvalidTrait, trait.range).arg(trait.text);
        }
        // A repeated generic name replaces the earlier one (reported as S1002 by the structure pass).
        std::erase_if(t->generics, [&](const GenericParameter& other) { return other.name == generic.name; });
        t->generics.push_back(std::move(generic));
    }

    for (const auto& slot : decl.slots) {
        if (slot.type.levels.size() != 1) {
            m_diags.report(DiagId::SlotStructure, slot.name.range).arg(slot.name.text);
            continue;
        }
        if (auto model = find_model(area, slot.type.levels.front(), slot.name, DiagId::SlotModelNotFound))
            t->models.push_back({slot.name.text, std::move(model)});
    }

    const Scope scope{m_program, area, t->id.to_string(), &t->generics};
    for (const auto& p : decl.parameters)
        if (auto param = parameter(scope, p, Variability::Var))
            t->parameters.push_back(*std::move(param));

    auto ports = [&](const std::vector<ast::PortDecl>& written, std::vector<Port>& out) {
        for (const auto& port : written)
            if (auto type = resolve_type(port.type, scope, TypePosition::Declaration, m_diags))
                out.push_back({port.name.text, type->flow, type->type});
    };
    ports(decl.inputs, t->inputs);
    ports(decl.outputs, t->outputs);

    for (const auto& r : decl.requires_) {
        auto alias = area.aliases.find(r.text);
        if (alias == area.aliases.end()) {
            auto report = m_diags.report(DiagId::ContextNotImported, r.range);
            report.arg(r.text);
            explain_not_imported(report, scope, r.text, ElementKind::Context);
            continue;
        }
        t->contexts.push_back(alias->second);
    }

    area.treatments[decl.name.text] = t;
    m_program.add_script_element(Element::of(t));
}

} // namespace

void build_signatures(Program& program, Diagnostics& diags) { SignatureBuilder(program, diags).run(); }

} // namespace mel::frontend::sema

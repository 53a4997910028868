// Design pass (language.md §4.6–§4.11, §9 "design check of one treatment body"): header model
// instances, body instances (generics, model slots, parameters), then connections and graph rules
// (graph.cpp). The reference then fails the design with D0068 (D0066 for models); we do not report
// those: they only repeat that the errors above were found (issue 16, docs/differences.md).
#include <algorithm>
#include <set>

#include "frontend/diag/closest_names.h"
#include "frontend/sema/graph.h"
#include "frontend/sema/passes.h"
#include "frontend/sema/scope.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend::sema {

namespace {

class DesignBuilder {
public:
    DesignBuilder(Program& program, const SourceManager& sources, Diagnostics& diags)
        : m_program(program), m_sources(sources), m_diags(diags)
    {
    }

    void treatment(Area& area, const ast::TreatmentDecl& decl, TreatmentDescriptor& host);
    void model(Area& area, const ast::ModelDecl& decl, ModelDescriptor& host);

private:
    void header_model(const Scope& scope, const ast::Instantiation& inst, TreatmentDesign& design);
    void instance(const Scope& scope, const ast::Instantiation& inst, const TreatmentDescriptor& host,
                  TreatmentDesign& design);
    const Element* lookup_treatment(const Scope& scope, const ast::Name& type);
    void parameters(const Scope& scope, const ast::Instantiation& inst, const std::vector<Parameter>& callee_parameters,
                    const std::string& callee, const std::map<std::string, Type>& generics, bool model_instance,
                    std::map<std::string, ValueExpr>& out);

    Program& m_program;
    const SourceManager& m_sources;
    Diagnostics& m_diags;
};

const Element* DesignBuilder::lookup_treatment(const Scope& scope, const ast::Name& type)
{
    // `use` aliases first, then treatments of the same area (§4.3).
    auto alias = scope.area.aliases.find(type.text);
    if (alias != scope.area.aliases.end())
        return m_program.find(alias->second);
    if (scope.area.treatment_decl(type.text))
        return m_program.find(Identifier{scope.area.path, type.text});
    auto report = m_diags.report(DiagId::TreatmentNotFound, type.range);
    report.arg(type.text);
    explain_not_imported(report, scope, type.text, ElementKind::Treatment);
    return nullptr;
}

void DesignBuilder::parameters(const Scope& scope, const ast::Instantiation& inst,
                               const std::vector<Parameter>& callee_parameters, const std::string& callee,
                               const std::map<std::string, Type>& generics, bool model_instance,
                               std::map<std::string, ValueExpr>& out)
{
    std::set<std::string>
        misspelled; // parameters an unknown assignment is close to: their "not set" follows from it
    for (const auto& assignment : inst.parameters) {
        auto param = std::find_if(callee_parameters.begin(), callee_parameters.end(),
                                  [&](const Parameter& p) { return p.name == assignment.name.text; });
        if (param == callee_parameters.end()) {
            auto report =
                m_diags.report(model_instance ? DiagId::ModelParameterUnknown : DiagId::ParameterUnknown,
                               assignment.name.range);
            report.arg(assignment.name.text).arg(callee).arg(scope.host);
            std::vector<std::string> names;
            for (const auto& p : callee_parameters)
                names.push_back(p.name);
            suggest_closest(report, assignment.name.text, names);
            for (auto& close : closest_names(assignment.name.text, names))
                misspelled.insert(std::move(close));
            continue;
        }
        const Type expected = param->type.substitute(generics);
        if (auto generic = undeclared_generic(expected, scope)) {
            m_diags.report(DiagId::ParameterGenericUndefined, assignment.name.range)
                .arg(*generic)
                .arg("generic " + *generic)
                .arg(callee)
                .arg(scope.host);
            continue;
        }
        const ValueSite site{ValueSite::Kind::Instantiation, callee, param->name, assignment.name};
        auto value = check_value(assignment.value, expected, scope, site, m_diags);
        if (!value)
            continue;
        if (model_instance && value->kind == ValueExpr::Kind::Context)
            m_diags.report(DiagId::ContextForModel, assignment.name.range)
                .arg(param->name)
                .arg(inst.name.text)
                .arg(callee)
                .arg(scope.host);
        else
            check_variability(*value, assignment.value, model_instance ? Variability::Const : param->variability, scope,
                              site, m_diags);
        out[param->name] = *std::move(value);
    }
    for (const auto& p : callee_parameters)
        if (!p.default_value && !out.count(p.name) && !misspelled.count(p.name) &&
            std::none_of(inst.parameters.begin(), inst.parameters.end(),
                         [&](const ast::Assignment& a) { return a.name.text == p.name; }))
            m_diags.report(model_instance ? DiagId::ModelParameterUnset : DiagId::ParameterUnset, inst.name.range)
                .arg(p.name)
                .arg(callee)
                .arg(scope.host);
}

void DesignBuilder::header_model(const Scope& scope, const ast::Instantiation& inst, TreatmentDesign& design)
{
    // `model m: M(…)`: `use` aliases first, then models of the same area (§4.3). Generics and
    // configuration written here are ignored, as in the reference (§4.9).
    std::shared_ptr<const ModelDescriptor> model;
    auto alias = scope.area.aliases.find(inst.type.text);
    if (alias != scope.area.aliases.end()) {
        const Element* element = m_program.find(alias->second);
        if (!element)
            return;
        if (element->kind != ElementKind::Model) {
            m_diags.report(DiagId::NotAModel, inst.type.range).arg(alias->second.to_string());
            return;
        }
        model = element->model;
    } else if (auto local = scope.area.models.find(inst.type.text); local != scope.area.models.end()) {
        model = local->second;
    } else {
        if (!scope.area.model_decl(inst.type.text)) {
            auto report = m_diags.report(DiagId::HeaderModelNotFound, inst.type.range);
            report.arg(inst.type.text);
            explain_not_imported(report, scope, inst.type.text, ElementKind::Model);
        }
        return;
    }
    ModelInstanceDesign out{inst.name.text, model, {}, place_of(m_sources, inst.name.range)};
    parameters(scope, inst, model->parameters, model->id.to_string(), {}, true, out.parameters);
    design.models.push_back(std::move(out));
}

void DesignBuilder::instance(const Scope& scope, const ast::Instantiation& inst, const TreatmentDescriptor& host,
                             TreatmentDesign& design)
{
    const Element* element = lookup_treatment(scope, inst.type);
    if (!element)
        return;
    if (element->kind != ElementKind::Treatment) {
        m_diags.report(DiagId::NotATreatment, inst.type.range).word(inst.name.text).arg(element->id().to_string());
        return;
    }
    const TreatmentDescriptor& callee = *element->treatment;
    const std::string callee_id = callee.id.to_string();
    InstanceDesign out;
    out.name = inst.name.text;
    out.treatment = element->treatment;
    out.place = place_of(m_sources, inst.name.range);

    // Generics: positional and mandatory, never inferred (§4.8).
    std::map<std::string, Type> generics;
    bool generics_ok = true;
    for (std::size_t i = 0; i < callee.generics.size(); ++i) {
        if (i >= inst.generics.size()) {
            m_diags.report(DiagId::TreatmentGenericMissing, inst.type.range).arg(inst.name.text).arg(i);
            generics_ok = false;
            break;
        }
        auto type = resolve_generic_argument(inst.generics[i], scope, callee.generics[i], callee_id,
                                             DiagId::TreatmentTraitsUnsatisfied, m_diags);
        if (!type) {
            generics_ok = false;
            continue;
        }
        generics[callee.generics[i].name] = *type;
        out.generics.push_back(*type);
    }

    // Model slots (§4.9).
    for (const auto& assignment : inst.models) {
        const ast::Name& slot = assignment.name;
        if (assignment.value.kind != ast::Value::Kind::Name) {
            m_diags.report(DiagId::ModelAssignmentNeedsName, assignment.value.range).arg(slot.text);
            continue;
        }
        const std::string& local = assignment.value.text;
        std::shared_ptr<const ModelDescriptor> given;
        if (const ModelSlot* s = host.model(local))
            given = s->model;
        for (const auto& m : design.models)
            if (m.name == local)
                given = m.model;
        if (!given) {
            if (!host.model(local) && std::none_of(design.models.begin(), design.models.end(),
                                                   [&](const ModelInstanceDesign& m) { return m.name == local; }))
                m_diags.report(DiagId::ModelNotDeclared, slot.range).arg(slot.text);
            continue;
        }
        const ModelSlot* expected = callee.model(slot.text);
        if (!expected) {
            auto report = m_diags.report(DiagId::SlotUnknown, slot.range);
            report.arg(slot.text).arg(callee_id).arg(scope.host);
            std::vector<std::string> names;
            for (const auto& m : callee.models)
                names.push_back(m.name);
            suggest_closest(report, slot.text, names);
            continue;
        }
        if (!given->is_based_on(*expected->model)) {
            m_diags.report(DiagId::ModelTypeMismatch, slot.range)
                .arg(slot.text)
                .arg(callee_id)
                .arg(expected->model->id.to_string())
                .arg(local)
                .arg(given->id.to_string());
            continue;
        }
        out.models[slot.text] = local;
    }
    for (const auto& slot : callee.models)
        if (std::none_of(inst.models.begin(), inst.models.end(),
                         [&](const ast::Assignment& a) { return a.name.text == slot.name; }))
            m_diags.report(DiagId::SlotUnassigned, inst.name.range).arg(slot.name).arg(callee_id).arg(scope.host);

    if (generics_ok)
        parameters(scope, inst, callee.parameters, callee_id, generics, false, out.parameters);
    design.instances.push_back(std::move(out));
}

void DesignBuilder::treatment(Area& area, const ast::TreatmentDecl& decl, TreatmentDescriptor& host)
{
    auto design = std::make_shared<TreatmentDesign>();
    const Scope scope{m_program, area, host.id.to_string(), &host.generics, &host.parameters, &host.contexts};
    for (const auto& m : decl.models)
        header_model(scope, m, *design);
    for (const auto& inst : decl.instances)
        instance(scope, inst, host, *design);
    check_connections(scope, decl, host, *design, area.connection_ranges[decl.name.text], m_sources, m_diags);
    host.design = std::move(design);
}

void DesignBuilder::model(Area& area, const ast::ModelDecl& decl, ModelDescriptor& host)
{
    auto design = std::make_shared<ModelDesign>();
    const Scope scope{m_program, area, host.id.to_string(), nullptr, &host.parameters, nullptr};
    if (host.base) {
        const std::string base = host.base->id.to_string();
        std::set<std::string> misspelled; // as in parameters()
        for (const auto& assignment : decl.assignments) {
            const Parameter* param = host.base->parameter(assignment.name.text);
            if (!param) {
                auto report = m_diags.report(DiagId::BaseModelParameterUnknown, assignment.name.range);
                report.arg(assignment.name.text).arg(base).arg(scope.host);
                std::vector<std::string> names;
                for (const auto& p : host.base->parameters)
                    names.push_back(p.name);
                suggest_closest(report, assignment.name.text, names);
                for (auto& close : closest_names(assignment.name.text, names))
                    misspelled.insert(std::move(close));
                continue;
            }
            const ValueSite site{ValueSite::Kind::ModelAssignment, base, param->name, assignment.name};
            auto value = check_value(assignment.value, param->type, scope, site, m_diags);
            if (!value)
                continue;
            check_variability(*value, assignment.value, Variability::Const, scope, site, m_diags);
            design->assignments[param->name] = *std::move(value);
        }
        for (const auto& p : host.base->parameters)
            if (!p.default_value && !misspelled.count(p.name) &&
                std::none_of(decl.assignments.begin(), decl.assignments.end(),
                             [&](const ast::Assignment& a) { return a.name.text == p.name; }))
                m_diags.report(DiagId::BaseModelParameterUnset, decl.name.range).arg(p.name).arg(base).arg(scope.host);
    }
    host.design = std::move(design);
}

} // namespace

void build_designs(Program& program, const SourceManager& sources, Diagnostics& diags)
{
    DesignBuilder builder(program, sources, diags);
    for (const auto& area : program.areas()) {
        for (const auto& decl : area->ast.models)
            if (auto it = area->models.find(decl.name.text); it != area->models.end())
                builder.model(*area, decl, *it->second);
        for (const auto& decl : area->ast.treatments)
            if (auto it = area->treatments.find(decl.name.text); it != area->treatments.end())
                builder.treatment(*area, decl, *it->second);
    }
    check_graphs(program, diags);
}

} // namespace mel::frontend::sema

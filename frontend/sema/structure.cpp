// Structure pass (language.md §4.1 namespaces and duplicates, §4.5 declaration rules that need no
// name resolution): everything is reported, in any order; the engine sorts.
#include <set>
#include <string>

#include "frontend/sema/passes.h"

namespace mel::frontend::sema {

namespace {

/// Reports `id` at each name already seen in `seen`.
class Namespace {
public:
    Namespace(Diagnostics& diags, DiagId id) : m_diags(diags), m_id(id) {}
    /// Returns false (and reports) when `name` was already declared.
    bool declare(const ast::Name& name)
    {
        if (m_seen.insert(name.text).second)
            return true;
        m_diags.report(m_id, name.range).arg(name.text);
        return false;
    }
    bool contains(const std::string& text) const { return m_seen.count(text) > 0; }

private:
    Diagnostics& m_diags;
    DiagId m_id;
    std::set<std::string> m_seen;
};

void check_assignments(const std::vector<ast::Assignment>& assignments, DiagId duplicate, Diagnostics& diags)
{
    Namespace names(diags, duplicate);
    for (const auto& a : assignments)
        names.declare(a.name);
}

void check_parameters(const std::vector<ast::ParameterDecl>& parameters, bool in_model, Diagnostics& diags)
{
    Namespace names(diags, DiagId::ParameterAlreadyDeclared);
    for (const auto& p : parameters) {
        names.declare(p.name);
        if (in_model && p.variability && p.variability->text == "var")
            diags.report(DiagId::ModelParameterNotConst, p.name.range).arg(p.name.text);
    }
}

void check_instantiation(const ast::Instantiation& inst, Diagnostics& diags)
{
    check_assignments(inst.parameters, DiagId::ParameterAlreadyAssigned, diags);
    check_assignments(inst.models, DiagId::ModelAlreadyAssigned, diags);
}

void check_treatment(const ast::TreatmentDecl& t, Diagnostics& diags)
{
    Namespace generics(diags, DiagId::GenericAlreadyDeclared);
    for (const auto& g : t.generics)
        if (g.type.levels.size() == 1)
            generics.declare(g.type.levels.front());

    check_parameters(t.parameters, false, diags);

    // Model slots and header model instances share one namespace.
    Namespace models(diags, DiagId::ModelSlotAlreadyDeclared);
    for (const auto& slot : t.slots) {
        models.declare(slot.name);
        if (slot.default_value)
            diags.report(DiagId::SlotDefault, slot.name.range).arg(slot.name.text);
    }
    std::set<std::string> header_models;
    for (const auto& m : t.models) {
        if (!header_models.insert(m.name.text).second)
            diags.report(DiagId::HeaderModelAlreadyUsed, m.name.range).arg(m.name.text);
        else
            models.declare(m.name);
        check_instantiation(m, diags);
    }

    Namespace requires_(diags, DiagId::RequireAlreadyDeclared);
    for (const auto& r : t.requires_)
        requires_.declare(r);

    Namespace inputs(diags, DiagId::InputAlreadyDeclared);
    for (const auto& port : t.inputs) {
        inputs.declare(port.name);
        if (port.default_value)
            diags.report(DiagId::InputDefault, port.name.range).arg(port.name.text);
    }
    Namespace outputs(diags, DiagId::OutputAlreadyDeclared);
    for (const auto& port : t.outputs) {
        outputs.declare(port.name);
        if (port.default_value)
            diags.report(DiagId::OutputDefault, port.name.range).arg(port.name.text);
    }

    Namespace instances(diags, DiagId::InstanceAlreadyUsed);
    for (const auto& inst : t.instances) {
        instances.declare(inst.name);
        check_instantiation(inst, diags);
    }

    for (const auto& c : t.connections)
        if (!c.from_port || !c.to_port)
            diags.report(DiagId::ConnectionWithoutData, c.from.range).arg(c.from.text).arg(c.to.text);
}

} // namespace

void check_structure(const Area& area, Diagnostics& diags)
{
    const ast::File& file = area.ast;

    std::set<std::string> aliases;
    for (const auto& use : file.uses) {
        const ast::Name& alias = use.alias ? *use.alias : use.element;
        if (!aliases.insert(alias.text).second)
            diags.report(DiagId::AliasAlreadyUsed, alias.range).arg(alias.text);
    }

    Namespace models(diags, DiagId::ModelAlreadyUsed);
    for (const auto& m : file.models) {
        if (aliases.count(m.name.text))
            diags.report(DiagId::ModelClashesAlias, m.name.range).arg(m.name.text);
        else
            models.declare(m.name);
        check_parameters(m.parameters, true, diags);
        check_assignments(m.assignments, DiagId::ParameterAlreadyAssigned, diags);
    }

    Namespace treatments(diags, DiagId::TreatmentAlreadyUsed);
    for (const auto& t : file.treatments) {
        if (aliases.count(t.name.text))
            diags.report(DiagId::TreatmentClashesAlias, t.name.range).arg(t.name.text);
        else if (models.contains(t.name.text))
            diags.report(DiagId::ModelTreatmentSameName, t.name.range).arg(t.name.text);
        else
            treatments.declare(t.name);
        check_treatment(t, diags);
    }
}

} // namespace mel::frontend::sema

#include "frontend/sema/program.h"

namespace mel::frontend::sema {

std::string Area::area_path() const { return Identifier{path, {}}.area(); }

const ast::TreatmentDecl* Area::treatment_decl(std::string_view name) const
{
    for (const auto& t : ast.treatments)
        if (t.name.text == name)
            return &t;
    return nullptr;
}

const ast::ModelDecl* Area::model_decl(std::string_view name) const
{
    for (const auto& m : ast.models)
        if (m.name.text == name)
            return &m;
    return nullptr;
}

Program::~Program()
{
    for (auto& area : m_areas) {
        for (auto& [name, treatment] : area->treatments)
            treatment->design.reset();
        for (auto& [name, model] : area->models) {
            model->design.reset();
            model->base.reset();
        }
    }
}

const Element* Program::find(const Identifier& id) const
{
    if (const Element* native = m_registry.find(id))
        return native;
    auto it = m_script_elements.find(id);
    return it == m_script_elements.end() ? nullptr : &it->second;
}

void Program::add_script_element(Element element)
{
    const Identifier id = element.id();
    m_script_elements[id] = std::move(element);
}

std::vector<const Element*> Program::script_elements() const
{
    std::vector<const Element*> out;
    out.reserve(m_script_elements.size());
    for (const auto& [id, element] : m_script_elements)
        out.push_back(&element);
    return out;
}

Area* Program::area(const std::string& package, const std::vector<std::string>& path)
{
    for (auto& a : m_areas)
        if (a->path.front() == package && a->path == path)
            return a.get();
    return nullptr;
}

Area& Program::add_area(std::unique_ptr<Area> area)
{
    m_areas.push_back(std::move(area));
    return *m_areas.back();
}

} // namespace mel::frontend::sema

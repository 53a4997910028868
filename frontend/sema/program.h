#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast/declarations.h"
#include "frontend/diag/diagnostics.h"
#include "runtime/model/descriptors.h"
#include "runtime/model/registry.h"

namespace mel::frontend {

class Package;

namespace sema {

/// One loaded area: a `.mel` file of a package (language.md §5.3), its syntax tree, what its `use`
/// declarations resolved to, and the descriptors of its script elements once built.
struct Area {
    std::shared_ptr<const Package> package;
    PackageKind kind = PackageKind::File;
    std::vector<std::string> path; // identifier path, package name first
    FileId file;
    ast::File ast;
    /// use alias (with its sigil) → identifier of the imported element
    std::map<std::string, Identifier> aliases;
    std::map<std::string, const ast::UseDecl*> alias_uses;
    /// script elements of this area, by name, once their signature is built
    std::map<std::string, std::shared_ptr<TreatmentDescriptor>> treatments;
    std::map<std::string, std::shared_ptr<ModelDescriptor>> models;
    /// per treatment: where each of its design's connections was written (same order)
    std::map<std::string, std::vector<SourceRange>> connection_ranges;

    std::string area_path() const; // `pkg/dir/file`
    const ast::TreatmentDecl* treatment_decl(std::string_view name) const;
    const ast::ModelDecl* model_decl(std::string_view name) const;
};

/// Everything a run loads: native elements from the registry, script elements from areas.
class Program {
public:
    explicit Program(const Registry& registry) : m_registry(registry) {}
    /// Script descriptors may refer to each other in a cycle (a treatment instantiating itself is an
    /// error, but its design exists): the destructor breaks those links, so designs must not outlive
    /// the Program that made them.
    ~Program();
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    const Registry& registry() const { return m_registry; }

    /// The element with this identifier: native first (language.md §5.6), then script elements.
    const Element* find(const Identifier&) const;
    void add_script_element(Element);
    /// The elements declared in `.mel` areas, sorted by identifier.
    std::vector<const Element*> script_elements() const;

    Area* area(const std::string& package, const std::vector<std::string>& path);
    Area& add_area(std::unique_ptr<Area>);
    const std::vector<std::unique_ptr<Area>>& areas() const { return m_areas; }

    /// The entrypoints that were selected, command → treatment identifier.
    std::vector<std::pair<std::string, Identifier>> entrypoints;
    std::shared_ptr<const Package> main_package;

private:
    const Registry& m_registry;
    std::vector<std::unique_ptr<Area>> m_areas;
    std::map<Identifier, Element> m_script_elements;
};

} // namespace sema
} // namespace mel::frontend

// `melodium doc [--full] [-p PKG]… [-f FILE] [--path P]… OUTPUT` (language.md §6.6): the documentation of
// packages as an mdBook — book.toml, src/SUMMARY.md, src/README.md, one index page per package and per area,
// one page per element (signature, documentation, parameters, ports, models, generics), with links between
// elements. Written from the same declarations the checker uses: the native registry, the packages' embedded
// .mel areas, and the areas of FILE's package.
//
// Which packages: the ones named with -p; FILE's own package with -f; every package with --full or when
// neither -p nor -f is given.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "cli/doc_output.h"
#include "cli/program.h"
#include "frontend/load/package.h"
#include "runtime/model/signature_text.h"
#include "runtime/model/term.h"
#include "runtime/model/value_format.h"

namespace mel::cli {
namespace {

namespace fs = std::filesystem;

/// The page of an element, relative to src/: `std/flow/trigger.md` (sigils dropped from file names).
std::string page_of(const Identifier& id)
{
    std::string name = id.name;
    if (!name.empty() && (name.front() == '|' || name.front() == '@'))
        name = (name.front() == '|' ? "fn_" : "ctx_") + name.substr(1);
    return id.area() + "/" + name + ".md";
}

/// `../../x/y.md` from the directory of page `from` to page `to`.
std::string link(const std::string& from, const std::string& to)
{
    const fs::path base = fs::path(from).parent_path();
    return fs::path(to).lexically_relative(base.empty() ? fs::path(".") : base).generic_string();
}

/// `doc` without the blank lines and spaces around it (script documentation comments keep them).
std::string trimmed(const std::string& doc)
{
    const auto begin = doc.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    return doc.substr(begin, doc.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string first_line(const std::string& doc)
{
    const std::string text = trimmed(doc);
    return text.substr(0, text.find('\n'));
}

std::string kind_title(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Treatment: return "Treatment";
    case ElementKind::Model: return "Model";
    case ElementKind::Function: return "Function";
    case ElementKind::Context: return "Context";
    case ElementKind::DataType: return "Data type";
    }
    return "Element";
}

class Book {
public:
    explicit Book(fs::path root) : m_root(std::move(root)) {}

    void add(const Element& e) { m_elements[e.id().package()][e.id().area()].push_back(&e); }
    bool empty() const { return m_elements.empty(); }

    /// Writes everything, after removing the pages of the previous run; the error text on failure.
    std::optional<std::string> write()
    {
        if (auto refused = clear_previous_book(m_root))
            return refused;
        auto error = write_pages();
        if (!m_written.empty())
            if (auto failed = write_book_manifest(m_root, m_written); failed && !error)
                error = failed;
        return error;
    }

private:
    std::optional<std::string> write_pages()
    {
        std::error_code ec;
        fs::create_directories(m_root / "src", ec);
        if (ec)
            return fmt::format("cannot create '{}': {}", (m_root / "src").string(), ec.message());
        if (auto e = put("book.toml", "[book]\ntitle = \"Mélodium packages\"\nlanguage = \"en\"\nsrc = \"src\"\n\n"
                                      "[output.html]\nno-section-label = true\n"))
            return e;
        std::string summary = "# Summary\n\n[Packages](README.md)\n\n";
        std::string readme = "# Mélodium packages\n\n| Package | Areas | Elements |\n|---|---|---|\n";
        for (const auto& [package, areas] : m_elements) {
            std::size_t count = 0;
            for (const auto& [area, elements] : areas)
                count += elements.size();
            readme += fmt::format("| [{0}]({0}/index.md) | {1} | {2} |\n", package, areas.size(), count);
            summary += fmt::format("- [{0}]({0}/index.md)\n", package);
            std::string package_page = fmt::format("# Package `{}`\n\n| Area | Elements |\n|---|---|\n", package);
            for (const auto& [area, elements] : areas) {
                const std::string index = area + "/index.md";
                package_page += fmt::format("| [{}]({}) | {} |\n", area, link(package + "/index.md", index),
                                            elements.size());
                const int depth = static_cast<int>(std::count(area.begin(), area.end(), '/'));
                const std::string indent(static_cast<std::size_t>(2 * (depth > 0 ? 1 : 0)), ' ');
                if (area != package)
                    summary += fmt::format("{}- [{}]({})\n", indent, area, index);
                const std::string element_indent = indent + (area != package ? "  " : "  ");
                std::string area_page = fmt::format("# Area `{}`\n\n| Element | Kind | Summary |\n|---|---|---|\n",
                                                    area);
                for (const Element* e : elements) {
                    const std::string page = page_of(e->id());
                    area_page += fmt::format("| [`{}`]({}) | {} | {} |\n", e->id().name, link(index, page),
                                             kind_title(e->kind), escape_cell(first_line(e->doc())));
                    summary += fmt::format("{}- [{}]({})\n", element_indent, e->id().name, page);
                    if (auto err = put(page, element_page(*e, page)))
                        return err;
                }
                if (auto err = put(index, area_page))
                    return err;
            }
            if (area_missing(areas, package)) {
                if (auto err = put(package + "/index.md", package_page))
                    return err;
            } else {
                // The package's root area has its own elements: its index lists the areas, then them.
                const auto& root = areas.at(package);
                std::string page = package_page + "\n## Elements\n\n| Element | Kind | Summary |\n|---|---|---|\n";
                for (const Element* e : root)
                    page += fmt::format("| [`{}`]({}) | {} | {} |\n", e->id().name,
                                        link(package + "/index.md", page_of(e->id())), kind_title(e->kind),
                                        escape_cell(first_line(e->doc())));
                if (auto err = put(package + "/index.md", page))
                    return err;
            }
        }
        if (auto err = put("SUMMARY.md", summary))
            return err;
        return put("README.md", readme);
    }

    static bool area_missing(const std::map<std::string, std::vector<const Element*>>& areas, const std::string& p)
    {
        return areas.find(p) == areas.end();
    }

    static std::string escape_cell(std::string text)
    {
        std::string out;
        for (char c : text)
            out += c == '|' ? std::string("\\|") : std::string(1, c);
        return out;
    }

    std::string type_text(const Type& type) const { return "`" + type.to_string() + "`"; }

    std::string element_page(const Element& e, const std::string& page) const
    {
        std::string out = fmt::format("# {} `{}`\n\n`{}`\n\n```\n{}\n```\n\n", kind_title(e.kind), e.id().name,
                                      e.id().to_string(), signature_text(e));
        if (const std::string doc = trimmed(e.doc()); !doc.empty())
            out += doc + "\n\n";
        auto generics = [&](const std::vector<GenericParameter>& gs) {
            if (gs.empty())
                return;
            out += "## Generics\n\n";
            for (const auto& g : gs) {
                out += fmt::format("- `{}`", g.name);
                if (!g.traits.empty()) {
                    std::string traits;
                    for (Trait t : g.traits)
                        traits += (traits.empty() ? "" : " + ") + std::string(trait_name(t));
                    out += ": " + traits;
                }
                out += "\n";
            }
            out += "\n";
        };
        auto parameters = [&](const std::vector<Parameter>& ps) {
            if (ps.empty())
                return;
            out += "## Parameters\n\n";
            for (const auto& p : ps) {
                out += fmt::format("- `{}`", parameter_text(p));
                out += "\n";
            }
            out += "\n";
        };
        auto ports = [&](const char* title, const std::vector<Port>& ps) {
            if (ps.empty())
                return;
            out += fmt::format("## {}\n\n", title);
            for (const auto& p : ps)
                out += fmt::format("- `{}`: `{}<{}>`\n", p.name, flow_name(p.flow), p.type.to_string());
            out += "\n";
        };
        switch (e.kind) {
        case ElementKind::Treatment: {
            const auto& t = *e.treatment;
            generics(t.generics);
            if (!t.models.empty()) {
                out += "## Models\n\n";
                for (const auto& slot : t.models)
                    out += fmt::format("- `{}`: [`{}`]({})\n", slot.name, slot.model->id.to_string(),
                                       link(page, page_of(slot.model->id)));
                out += "\n";
            }
            parameters(t.parameters);
            ports("Inputs", t.inputs);
            ports("Outputs", t.outputs);
            if (!t.contexts.empty()) {
                out += "## Contexts\n\n";
                for (const auto& c : t.contexts)
                    out += fmt::format("- [`{}`]({})\n", c.to_string(), link(page, page_of(c)));
                out += "\n";
            }
            break;
        }
        case ElementKind::Model: {
            const auto& m = *e.model;
            if (m.base)
                out += fmt::format("Based on [`{}`]({}).\n\n", m.base->id.to_string(), link(page, page_of(m.base->id)));
            parameters(m.parameters);
            if (!m.sources.empty()) {
                out += "## Sources\n\n";
                for (const auto& s : m.sources) {
                    out += fmt::format("- `{}`", s.name);
                    for (const auto& p : s.outputs)
                        out += fmt::format(", output `{}`: `{}<{}>`", p.name, flow_name(p.flow), p.type.to_string());
                    out += "\n";
                }
                out += "\n";
            }
            break;
        }
        case ElementKind::Function: {
            const auto& f = *e.function;
            generics(f.generics);
            parameters(f.parameters);
            out += fmt::format("## Returns\n\n{}\n\n", type_text(f.return_type));
            break;
        }
        case ElementKind::Context:
            out += "## Fields\n\n";
            for (const auto& [name, type] : e.context->fields)
                out += fmt::format("- `{}`: {}\n", name, type_text(type));
            out += "\n";
            break;
        case ElementKind::DataType: break;
        }
        return out;
    }

    std::optional<std::string> put(const std::string& relative, const std::string& text)
    {
        const std::string file = relative == "book.toml" ? relative : "src/" + relative;
        const fs::path path = m_root / file;
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (ec || !out)
            return fmt::format("cannot write '{}'", path.string());
        m_written.push_back(file);
        return std::nullopt;
    }

    fs::path m_root;
    std::vector<std::string> m_written; // relative to m_root, for the manifest
    std::map<std::string, std::map<std::string, std::vector<const Element*>>> m_elements;
};

class DocCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_flag("--full", m_full, "Document every package");
        app.add_option("-p,--packages", m_packages, "Packages to document (repeatable)")->allow_extra_args(false);
        app.add_option("-f,--file", m_file, "Program whose package is documented");
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")->allow_extra_args(false);
        app.add_option("output", m_output, "Output directory (an mdBook)")->required();
    }

    int execute() override
    {
        auto natives = load_native_areas();
        if (!natives->ok()) {
            print_diagnostics(stderr, *natives);
            return k_exit_failure;
        }
        std::unique_ptr<LoadedProgram> program;
        if (!m_file.empty()) {
            frontend::CheckRequest request{.file = *program_file(m_file), .search_paths = m_paths, .all = true};
            program = load_program(request);
            if (!program->ok()) {
                print_diagnostics(stderr, *program);
                return k_exit_failure;
            }
        }
        const bool everything = m_full || (m_packages.empty() && m_file.empty());
        std::set<std::string> wanted(m_packages.begin(), m_packages.end());
        for (const auto& name : wanted)
            if (!native_registry().has_package(name) &&
                !(program && program->program->main_package && program->program->main_package->info().name == name)) {
                term::status_line(stderr, "error", fmt::format("no package named '{}'", name));
                return k_exit_failure;
            }
        Book book(m_output);
        auto include = [&](const Element& e) {
            if (everything || wanted.count(e.id().package()))
                book.add(e);
        };
        for (const Element* e : native_registry().elements())
            include(*e);
        for (const Element* e : natives->program->script_elements())
            include(*e);
        if (program) {
            const std::string own = program->program->main_package->info().name;
            for (const Element* e : program->program->script_elements())
                if (e->id().package() == own)
                    book.add(*e);
        }
        if (auto error = book.write()) {
            term::status_line(stderr, "error", *error);
            return k_exit_failure;
        }
        term::status_line(stdout, "success",
                          fmt::format("documentation generated, run `mdbook build` in '{}' to build publishable book",
                                      m_output));
        return k_exit_ok;
    }

private:
    std::vector<std::string> m_packages, m_paths;
    std::string m_file, m_output;
    bool m_full = false;
};

} // namespace

std::unique_ptr<Command> make_doc_command() { return std::make_unique<DocCommand>(); }

} // namespace mel::cli

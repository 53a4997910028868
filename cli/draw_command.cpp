// `melodium draw [--path P] FILE [ENTRY] [--format dot|mermaid|svg] [--output F] [--depth N]`:
// the graph of a treatment (default: the entrypoint `main`), nested script treatments expanded N
// levels as clusters. When the program has errors, the diagnostics are printed on stderr, the
// graph is still drawn (problem ports and connections in red) and the exit code is 1.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "cli/graph/graph.h"
#include "cli/graph/svg.h"
#include "cli/program.h"
#include "frontend/load/package.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

/// ENTRY: an identifier (`pkg/area::name`), an entrypoint command, or the name of a treatment of
/// an area of the program's own package. Nullptr (with a message) when there is no such treatment.
const TreatmentDescriptor* find_entry(const frontend::sema::Program& program, const std::string& entry,
                                      std::string& problem)
{
    const Element* element = nullptr;
    if (entry.find("::") != std::string::npos) {
        if (auto id = Identifier::parse(entry))
            element = program.find(*id);
    } else {
        const std::string command = entry.empty() ? "main" : entry;
        for (const auto& [name, id] : program.entrypoints)
            if (name == command)
                element = program.find(id);
        if (!element && !entry.empty())
            for (const auto& area : program.areas())
                if (area->package == program.main_package)
                    if (auto it = area->treatments.find(entry); it != area->treatments.end())
                        element = program.find(it->second->id);
    }
    if (!element) {
        std::string names;
        for (const auto& [name, id] : program.entrypoints)
            names += (names.empty() ? "'" : ", '") + name + "'";
        problem = entry.empty() ? "the program has no entrypoint 'main'; name the treatment to draw"
                                : fmt::format("no treatment '{}' in the program", entry);
        if (!names.empty())
            problem += fmt::format(" (its entrypoints: {})", names);
        return nullptr;
    }
    if (element->kind != ElementKind::Treatment) {
        problem = fmt::format("'{}' is a {}, not a treatment", element->id().to_string(),
                              element_kind_name(element->kind));
        return nullptr;
    }
    if (element->treatment->is_native()) {
        problem = fmt::format("'{}' is a native treatment: it has no body to draw", element->id().to_string());
        return nullptr;
    }
    return element->treatment.get();
}

bool write_output(const std::string& path, const std::string& text)
{
    if (path.empty() || path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return true;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        term::status_line(stderr, "failure", fmt::format("cannot write '{}'", path));
        return false;
    }
    return true;
}

class DrawCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        // One value per `--path` (CLI11 lets a vector option swallow the following words, FILE included).
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")
            ->allow_extra_args(false);
        app.add_option("--format", m_format, "dot, mermaid or svg")
            ->default_val("dot")
            ->check(CLI::Validator(
                [](std::string& format) {
                    return format == "dot" || format == "mermaid" || format == "svg"
                               ? std::string()
                               : fmt::format("'{}' is not a format of draw: dot, mermaid or svg", format);
                },
                "dot|mermaid|svg"));
        app.add_option("--output", m_output, "Write to this file instead of stdout");
        app.add_option("--depth", m_depth, "Expand nested treatments this many levels")->default_val(0);
        app.add_option("file", m_file, "Program (a directory: its Compo.toml; default: ./Compo.toml)");
        app.add_option("entry", m_entry,
                       "Treatment to draw: a command, a treatment name or pkg/area::name (default: main)");
    }

    int execute() override
    {
        // Every entrypoint's areas are loaded; an identifier of an area of the program's own package
        // that no entrypoint reaches is loaded as a forced entry.
        const auto file = program_file(m_file);
        if (!file) {
            term::status_line(stderr, "error", missing_file_message());
            return k_exit_failure;
        }
        frontend::CheckRequest request{.file = *file, .search_paths = m_paths, .all = true};
        auto loaded = load_program(request);
        const auto id = Identifier::parse(m_entry);
        if (id && loaded->program && !loaded->program->find(*id) &&
            id->package() == loaded->program->main_package->info().name) {
            request.all = false;
            request.force_entry = m_entry;
            loaded = load_program(request);
        }
        if (!loaded->diagnostics.empty())
            print_diagnostics(stderr, *loaded);
        if (!loaded->program)
            return k_exit_failure;
        std::string problem;
        const TreatmentDescriptor* treatment = find_entry(*loaded->program, m_entry, problem);
        if (!treatment) {
            term::status_line(stderr, loaded->diagnostics.has_errors() ? "error" : "failure", problem);
            return k_exit_failure;
        }
        const graph::Graph drawn = graph::build_graph(*treatment, m_depth);
        std::string text;
        if (m_format == "mermaid") {
            text = graph::render_mermaid(drawn);
        } else if (m_format == "svg") {
            auto svg = graph::dot_to_svg(graph::render_dot(drawn));
            if (!svg) {
                term::status_line(stderr, "failure", svg.error().message);
                return k_exit_failure;
            }
            text = std::move(svg).value();
        } else {
            text = graph::render_dot(drawn);
        }
        if (!write_output(m_output, text))
            return k_exit_failure;
        return loaded->diagnostics.has_errors() ? k_exit_failure : k_exit_ok;
    }

private:
    std::vector<std::string> m_paths;
    std::string m_format, m_output, m_file, m_entry;
    unsigned m_depth = 0;
};

} // namespace

std::unique_ptr<Command> make_draw_command() { return std::make_unique<DrawCommand>(); }

} // namespace mel::cli

// `melodium info [--path P] FILE` (language.md §6.4) and `melodium info --elements`.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "cli/program.h"
#include "frontend/load/package.h"
#include "runtime/model/signature_text.h"
#include "runtime/model/term.h"
#include "runtime/model/value_format.h"

namespace mel::cli {
namespace {

class InfoCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        // One value per `--path` (CLI11 lets a vector option swallow the following words, FILE included).
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")
            ->allow_extra_args(false);
        app.add_flag("--elements", m_elements,
                     "List every element of the native packages (native and written in their .mel areas), with "
                     "its signature");
        app.add_option("file", m_file, "Program to describe");
    }

    int execute() override
    {
        if (m_elements)
            return list_elements();
        if (m_file.empty()) {
            term::status_line(stderr, "error", "file must be given");
            return k_exit_failure;
        }
        return describe_program();
    }

private:
    /// Native elements, then those of the packages' embedded .mel areas (whose bodies are their designs).
    int list_elements() const
    {
        auto areas = load_native_areas();
        if (!areas->ok()) {
            print_diagnostics(stderr, *areas);
            return k_exit_failure;
        }
        std::size_t with_body = 0, total = 0;
        auto list = [&](const Element& e, const char* origin) {
            ++total;
            if (e.has_body())
                ++with_body;
            // One line per element: a line break in a default value (`${\n}`) is written `\n`.
            std::string signature;
            for (char c : signature_text(e))
                signature += c == '\n' ? std::string("\\n") : std::string(1, c);
            std::printf("%s\t%s\t%s\t%s\t%s\n", std::string(element_kind_name(e.kind)).c_str(),
                        e.id().to_string().c_str(), e.has_body() ? "body" : "no-body", signature.c_str(), origin);
        };
        for (const Element* e : native_registry().elements())
            list(*e, "native");
        for (const Element* e : areas->program->script_elements())
            list(*e, "mel");
        std::printf("%zu elements, %zu with a body, %zu without\n", total, with_body, total - with_body);
        return k_exit_ok;
    }

    int describe_program() const
    {
        frontend::CheckRequest request{.file = m_file, .search_paths = m_paths, .all = true};
        auto loaded = load_program(request);
        if (!loaded->ok()) {
            print_diagnostics(stderr, *loaded);
            return k_exit_failure;
        }
        const auto& info = loaded->program->main_package->info();
        std::string out = fmt::format("{}\nVersion {}\n", info.name, info.version.to_string());
        for (const auto& [command, id] : loaded->program->entrypoints) {
            const Element* element = loaded->program->find(id);
            if (!element || element->kind != ElementKind::Treatment)
                continue;
            out += fmt::format("\n{}  ({})\n", command, id.to_string());
            for (const auto& line : doc_lines(element->treatment->doc))
                out += "    " + line + "\n";
            for (const auto& p : element->treatment->parameters) {
                out += fmt::format("    --{} <{}>", p.name, p.type.to_string());
                if (p.default_value)
                    out += fmt::format("  [default: {}]", display(*p.default_value));
                else
                    out += "  [required]";
                out += "\n";
            }
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        if (loaded->diagnostics.warning_count())
            print_diagnostics(stderr, *loaded);
        return k_exit_ok;
    }

    static std::vector<std::string> doc_lines(const std::string& doc)
    {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (start < doc.size()) {
            auto end = doc.find('\n', start);
            if (end == std::string::npos)
                end = doc.size();
            std::string line = doc.substr(start, end - start);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
                line.pop_back();
            if (!line.empty() || !lines.empty())
                lines.push_back(line);
            start = end + 1;
        }
        while (!lines.empty() && lines.back().empty())
            lines.pop_back();
        return lines;
    }

    std::vector<std::string> m_paths;
    std::string m_file;
    bool m_elements = false;
};

} // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

} // namespace mel::cli

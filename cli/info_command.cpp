// `melodium info [--path P] FILE` (language.md §6.4) and `melodium info --elements`.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "cli/entry_help.h"
#include "cli/program.h"
#include "frontend/load/package.h"
#include "runtime/model/signature_text.h"
#include "runtime/model/term.h"

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
        app.add_option("file", m_file, "Program to describe (a directory: its Compo.toml; default: ./Compo.toml)");
    }

    int execute() override
    {
        if (m_elements)
            return list_elements();
        const auto file = program_file(m_file);
        if (!file) {
            term::status_line(stderr, "error", missing_file_message());
            return k_exit_failure;
        }
        return describe_program(*file);
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
            const std::string signature = signature_text(e); // one line (defaults as quoted literals)
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

    int describe_program(const std::string& file) const
    {
        frontend::CheckRequest request{.file = file, .search_paths = m_paths, .all = true};
        auto loaded = load_program(request);
        if (!loaded->ok()) {
            print_diagnostics(stderr, *loaded);
            return k_exit_failure;
        }
        std::string out = package_header(loaded->program->main_package->info());
        for (const auto& [command, id] : loaded->program->entrypoints) {
            const Element* element = loaded->program->find(id);
            if (element && element->kind == ElementKind::Treatment)
                out += entrypoint_text(command, *element->treatment);
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        if (loaded->diagnostics.warning_count())
            print_diagnostics(stderr, *loaded);
        return k_exit_ok;
    }

    std::vector<std::string> m_paths;
    std::string m_file;
    bool m_elements = false;
};

} // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

} // namespace mel::cli

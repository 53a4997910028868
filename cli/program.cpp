#include "cli/program.h"

#include <filesystem>

#include <fmt/format.h>

#include "frontend/load/package.h"
#include "runtime/model/term.h"
#include "packages/register.h"
#include "stdlib/register.h"

namespace mel::cli {

const Registry& native_registry()
{
    static const Registry registry = [] {
        Registry r;
        stdlib::register_std(r);
        packages::register_packages(r);
        return r;
    }();
    return registry;
}

std::unique_ptr<LoadedProgram> load_program(const frontend::CheckRequest& request)
{
    auto loaded = std::make_unique<LoadedProgram>();
    loaded->program = frontend::check_program(request, native_registry(), loaded->sources, loaded->diagnostics);
    return loaded;
}

std::unique_ptr<LoadedProgram> load_native_areas()
{
    auto loaded = std::make_unique<LoadedProgram>();
    loaded->program = frontend::check_native_areas(native_registry(), loaded->sources, loaded->diagnostics);
    return loaded;
}

void print_diagnostics(std::FILE* out, const LoadedProgram& loaded)
{
    frontend::render_all(out, loaded.sources, loaded.diagnostics,
                         frontend::RenderOptions{.colour = term::colour_enabled(out), .excerpt = true});
}

void print_entrypoint_note(std::FILE* out, const frontend::CheckRequest& request, const LoadedProgram& loaded)
{
    if (!loaded.program || !loaded.program->main_package || request.force_entry || request.all)
        return;
    bool no_entry = false;
    for (const auto& d : loaded.diagnostics.sorted())
        no_entry = no_entry || d.id == frontend::DiagId::NoEntryPoint || d.id == frontend::DiagId::StandaloneNoEntry;
    if (!no_entry)
        return;
    const auto& info = loaded.program->main_package->info();
    std::string names;
    for (const auto& [command, id] : info.entrypoints)
        names += (names.empty() ? "'" : ", '") + command + "'";
    const std::string asked = request.command.value_or("main");
    const bool listed = names.find("'" + asked + "'") != std::string::npos;
    std::string message = listed // a standalone file always lists `main`
        ? fmt::format("'{}' declares no treatment '{}'", info.location, asked)
        : names.empty()
        ? fmt::format("no entrypoint '{}': package '{}' declares no entrypoint", asked, info.name)
        : fmt::format("no entrypoint '{}' in package '{}'; its entrypoints: {}", asked, info.name, names);
    const std::string line = term::paint("note", term::Style::BoldBlue, term::colour_enabled(out)) + ": " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
}

std::optional<std::string> program_file(const std::string& given)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (given.empty()) {
        if (fs::is_regular_file("Compo.toml", ec))
            return std::string("Compo.toml");
        return std::nullopt;
    }
    if (fs::is_directory(given, ec))
        return (fs::path(given) / "Compo.toml").lexically_normal().string();
    return given;
}

std::string missing_file_message()
{
    return "file must be given (there is no Compo.toml in the current directory)";
}

} // namespace mel::cli

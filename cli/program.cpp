#include "cli/program.h"

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

} // namespace mel::cli

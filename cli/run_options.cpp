// The options of a program's run (cli/run_options.h), shared by `run`, `dist` and the REPL's `:run`.

#include "cli/run_options.h"

#include <set>

#include "cli/program.h"
#include "frontend/load/package.h"

namespace mel::cli {

engine::RunOptions run_options(const frontend::sema::Program* program, const RunFlags& flags)
{
    engine::RunOptions options;
    options.registry = &native_registry();
    if (program)
        options.program = std::make_shared<const engine::ProgramSources>(program_sources(*program));
    if (!flags.logs_file.empty())
        options.logs_file = flags.logs_file;
    if (!flags.debug_file.empty())
        options.debug_file = flags.debug_file;
    options.fail_on_error = flags.fail_on_error;
    return options;
}

engine::ProgramSources program_sources(const frontend::sema::Program& program)
{
    engine::ProgramSources sources;
    std::set<std::string> seen;
    auto add = [&](const frontend::Package& package) {
        const auto& info = package.info();
        if (info.kind == frontend::PackageKind::Native || !seen.insert(info.name).second)
            return;
        engine::SourcePackage p;
        p.name = info.name;
        p.version = info.version.to_string();
        p.standalone = info.kind == frontend::PackageKind::Standalone;
        for (const auto& d : info.dependencies)
            p.dependencies.emplace_back(d.name, d.requirement.to_string());
        for (const auto& path : package.areas())
            if (auto area = package.area(path); area && area->problem == frontend::AreaSource::Problem::None)
                p.areas.push_back({path, std::move(area->text)});
        sources.packages.push_back(std::move(p));
    };
    if (program.main_package)
        add(*program.main_package);
    for (const auto& area : program.areas())
        if (area->package)
            add(*area->package);
    return sources;
}

} // namespace mel::cli

// `melodium jeu build DIR OUT` and `melodium jeu extract FILE DIR` (language.md §5.5, §6.6).
// Reference: melodium/src/main.rs (build_jeu, extract_jeu); the format and the archive code are in
// frontend/load/jeu_write.h.
//
// As the reference: `build` writes OUT with its extension replaced by `.jeu`, `extract` unpacks into
// DIR/<file stem>/, both print nothing on success and exit 1 on error.
// Difference: `build` refuses a package with an area that cannot be read or does not parse, and
// prints why (the reference silently leaves such areas out of the archive).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_factories.h"
#include "frontend/diag/diagnostics.h"
#include "frontend/load/file_package.h"
#include "frontend/load/jeu_write.h"
#include "frontend/parse/parser.h"
#include "frontend/source/source_manager.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

namespace fs = std::filesystem;

/// Loads the package in `directory` and parses every one of its areas; reports what is wrong.
void check_package_areas(const fs::path& directory, frontend::SourceManager& sources, frontend::Diagnostics& diags)
{
    auto package = frontend::load_file_package(directory / "Compo.toml", sources, diags);
    if (!package)
        return;
    const frontend::PackageInfo& info = package->info();
    for (const auto& path : package->areas()) {
        auto source = package->area(path);
        if (!source || frontend::report_unusable(*source, diags))
            continue;
        const frontend::FileId file = sources.add(source->file_path, std::move(source->text));
        diags.set_origin(file, info.kind, source->display_path);
        (void)frontend::parse_area(sources, file, diags);
    }
}

int build(const std::string& directory, const std::string& output)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    check_package_areas(directory, sources, diags);
    if (diags.has_errors()) {
        frontend::render_all(stderr, sources, diags,
                             frontend::RenderOptions{.colour = term::colour_enabled(stderr), .excerpt = true});
        return k_exit_failure;
    }
    if (auto written = frontend::write_jeu(directory, output); !written) {
        term::status_line(stderr, "failure", written.error().message);
        return k_exit_failure;
    }
    return k_exit_ok;
}

int extract(const std::string& file, const std::string& directory)
{
    if (auto extracted = frontend::extract_jeu(file, directory); !extracted) {
        term::status_line(stderr, "error", extracted.error().message);
        return k_exit_failure;
    }
    return k_exit_ok;
}

class JeuCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.require_subcommand(1);
        m_build = app.add_subcommand("build", "Pack a package directory into a .jeu file");
        m_build->add_option("directory", m_build_dir, "Package directory (with Compo.toml)")->required();
        m_build->add_option("output", m_build_out, "Output file (its extension becomes .jeu)")->required();
        m_extract = app.add_subcommand("extract", "Unpack a .jeu file into DIRECTORY/<file stem>/");
        m_extract->add_option("file", m_extract_file, ".jeu file")->required();
        m_extract->add_option("directory", m_extract_dir, "Output directory")->required();
    }

    int execute() override
    {
        if (m_build->parsed())
            return build(m_build_dir, m_build_out);
        return extract(m_extract_file, m_extract_dir);
    }

private:
    CLI::App* m_build = nullptr;
    CLI::App* m_extract = nullptr;
    std::string m_build_dir, m_build_out, m_extract_file, m_extract_dir;
};

} // namespace

std::unique_ptr<Command> make_jeu_command() { return std::make_unique<JeuCommand>(); }

} // namespace mel::cli

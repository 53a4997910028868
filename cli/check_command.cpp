// `melodium check` (language.md §6.3). `--syntax FILE…` lexes and parses each file as one area and
// prints the first lexical or syntax error of each (any .mel file: packages and plain areas alike).
// Without --syntax: loads FILE (Compo.toml, standalone .mel or .jeu) and every area reachable from
// the selected entrypoint(s), checks everything loaded and prints every problem (exit 1), or
// nothing (exit 0).
#include <cerrno>
#include <cstdio>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/command_factories.h"
#include "cli/program.h"
#include "frontend/diag/diagnostics.h"
#include "frontend/parse/parser.h"
#include "frontend/source/source_manager.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

std::optional<std::string> read_whole_file(const std::string& path, std::error_code& error)
{
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        error = std::error_code(errno, std::generic_category());
        return std::nullopt;
    }
    std::string data;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        data.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    const int saved = errno;
    std::fclose(file);
    if (failed) {
        error = std::error_code(saved, std::generic_category());
        return std::nullopt;
    }
    return data;
}

/// Lexes and parses every file; returns true when all of them parse.
bool check_syntax(const std::vector<std::string>& paths)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    std::string names; // of the files with problems, for the summary
    for (const std::string& path : paths) {
        const std::size_t before = diags.error_count() + diags.warning_count();
        std::error_code error;
        auto text = read_whole_file(path, error);
        if (!text) {
            diags.report(frontend::DiagId::FileUnreadable)
                .arg(path)
                .arg(fmt::format("{} (os error {})", error.message(), error.value()));
            names += (names.empty() ? "" : "', '") + path;
            continue;
        }
        const frontend::FileId file = sources.add(path, std::move(*text));
        diags.set_origin(file, frontend::PackageKind::Standalone, path);
        frontend::parse_area(sources, file, diags);
        if (diags.error_count() + diags.warning_count() > before)
            names += (names.empty() ? "" : "', '") + path;
    }
    frontend::render_all(stderr, sources, diags, frontend::RenderOptions{term::colour_enabled(stderr), true});
    frontend::render_summary(stderr, sources, diags, names, term::colour_enabled(stderr));
    return !diags.has_errors();
}

class CheckCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_flag("-a,--all", m_all, "Check every entrypoint");
        app.add_flag("--syntax", m_syntax, "Only lex and parse the given .mel files");
        // One value per `--path` (CLI11 lets a vector option swallow the following words, FILE included).
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")
            ->allow_extra_args(false);
        app.add_option("--force-entry", m_force_entry, "Check this identifier instead of a command");
        app.add_option("file", m_files, "Program to check (a directory: its Compo.toml; default: ./Compo.toml), then an optional COMMAND");
    }

    int execute() override
    {
        if (!m_syntax)
            return check_program();
        if (m_files.empty()) {
            term::status_line(stderr, "error", "check --syntax needs at least one file");
            return k_exit_usage;
        }
        return check_syntax(m_files) ? k_exit_ok : k_exit_failure;
    }

private:
    int check_program() const
    {
        frontend::CheckRequest request;
        request.search_paths = m_paths;
        request.all = m_all;
        if (m_files.empty() && m_all)
            return check_native_packages();
        const auto file = program_file(m_files.empty() ? std::string() : m_files.front());
        if (!file) {
            term::status_line(stderr, "error", missing_file_message());
            return k_exit_failure;
        }
        request.file = *file;
        // A command word starting with '-' is ignored, as in the reference.
        if (m_files.size() > 1 && !m_files[1].empty() && m_files[1][0] != '-')
            request.command = m_files[1];
        if (!m_force_entry.empty()) {
            if (!Identifier::parse(m_force_entry)) {
                term::status_line(stderr, "error", fmt::format("'{}' is not a valid identifier", m_force_entry));
                return k_exit_failure;
            }
            if (request.command && !m_all) {
                term::status_line(stderr, "error", "entrypoint cannot be specified and forced at same time");
                return k_exit_failure;
            }
            request.force_entry = m_force_entry;
        }
        if (m_all && (request.command || request.force_entry)) {
            term::status_line(stderr, "warning", "entrypoint is ignored when --all is activated");
            request.command.reset();
            request.force_entry.reset();
        }
        auto loaded = load_program(request);
        print_diagnostics(stderr, *loaded);
        print_entrypoint_note(stderr, request, *loaded);
        frontend::render_summary(stderr, loaded->sources, loaded->diagnostics, request.file,
                                 term::colour_enabled(stderr));
        return loaded->ok() ? k_exit_ok : k_exit_failure;
    }

    /// `check --all` without FILE: every embedded area of every native package.
    int check_native_packages() const
    {
        auto loaded = load_native_areas();
        print_diagnostics(stderr, *loaded);
        return loaded->ok() ? k_exit_ok : k_exit_failure;
    }

    std::vector<std::string> m_paths, m_files;
    std::string m_force_entry;
    bool m_all = false, m_syntax = false;
};

} // namespace

std::unique_ptr<Command> make_check_command()
{
    return std::make_unique<CheckCommand>();
}

} // namespace mel::cli

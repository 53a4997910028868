// `melodium run [OPTIONS] FILE [COMMAND] [ARGS…]` (language.md §6.2, §6.7) and the bare form
// `melodium FILE [ARGS…]`: load and check, bind the entrypoint's arguments, refuse elements that
// have no implementation in this build, then run through the engine.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/arguments.h"
#include "cli/command_factories.h"
#include "cli/dist_program.h"
#include "cli/entry_help.h"
#include "cli/program.h"
#include "packages/distrib/dispatcher.h"
#include "runtime/engine/world.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

class RunCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        // One value per `--path` (CLI11 lets a vector option swallow the following words, FILE included).
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")
            ->allow_extra_args(false);
        app.add_option("--force-entry", m_force_entry, "Run this identifier (pkg/area::name) instead of a command");
        app.add_option("--logs", m_logs, "Append log lines to this file, flushed per line");
        app.add_option("--debug", m_debug, "Write engine debug events as JSON to this file");
        app.add_flag("--parse-arguments", m_parse_arguments, "Parse program arguments as Mélodium values");
        app.add_flag("--fail-on-error", m_fail_on_error,
                     "Exit with 1 when the program logged an error (unless a hang, a failure or a signal gives "
                     "another code)");
        app.add_option("file", m_file, "Compo.toml (or its directory; default: ./Compo.toml), standalone .mel or .jeu "
                                       "file; then [COMMAND] and the program's --name value arguments (`--help` "
                                       "lists them)");
        m_app = &app;
    }

    bool takes_program_arguments() const override { return true; }
    void set_program_arguments(std::vector<std::string> words) override { m_words = std::move(words); }

    int execute() override
    {
        // Everything after FILE belongs to the program; a first word without '-' is the command.
        auto [command, args] = program_words(std::move(m_words));
        frontend::CheckRequest request;
        auto file = program_file(m_file);
        if (!file) {
            term::status_line(stderr, "error", missing_file_message());
            return k_exit_usage;
        }
        request.file = *file;
        request.search_paths = m_paths;
        request.command = command;
        if (!m_force_entry.empty()) {
            if (!Identifier::parse(m_force_entry)) {
                term::status_line(stderr, "error", fmt::format("'{}' is not a valid identifier", m_force_entry));
                return k_exit_failure;
            }
            if (request.command) {
                term::status_line(stderr, "error", "entrypoint cannot be specified and forced at same time");
                return k_exit_failure;
            }
            request.force_entry = m_force_entry;
        }
        auto loaded = load_program(request);
        print_diagnostics(stderr, *loaded);
        print_entrypoint_note(stderr, request, *loaded);
        if (!loaded->ok() || loaded->program->entrypoints.empty())
            return k_exit_failure;
        const Element* element = loaded->program->find(loaded->program->entrypoints.front().second);
        if (!element || element->kind != ElementKind::Treatment) {
            term::status_line(stderr, "failure", "entrypoint must be a treatment");
            return k_exit_failure;
        }
        const TreatmentDescriptor& entry = *element->treatment;
        if (asks_for_help(entry, args)) {
            // The entrypoint's parameters, as `melodium info` lists them.
            const std::string help = package_header(loaded->program->main_package->info()) +
                                     entrypoint_text(loaded->program->entrypoints.front().first, entry);
            std::fwrite(help.data(), 1, help.size(), stdout);
            return k_exit_ok;
        }
        if (!launchable_entry(entry))
            return k_exit_failure;

        if (auto misplaced = misplaced_option(entry, args)) {
            term::status_line(stderr, "error",
                              fmt::format("'{}' is an option of `melodium run`, not of the program: place it before FILE",
                                          *misplaced));
            return k_exit_usage;
        }
        auto bound = bind_arguments(entry, args, m_parse_arguments);
        if (auto* failure = std::get_if<ArgumentFailure>(&bound)) {
            term::status_line(stderr, failure->kind == ArgumentError::Usage ? "error" : "failure", failure->message);
            return failure->kind == ArgumentError::Usage ? k_exit_usage : k_exit_failure;
        }
        auto arguments = std::get<BoundArguments>(std::move(bound)).values;
        // Missing required parameters fail the launch (D0225), unless the entry has ports (§4.13).
        const auto missing = missing_parameters(entry, arguments);
        for (std::size_t i = 0; i < missing.size(); ++i)
            term::status_line(stderr, i ? "error" : "failure", missing[i]);
        if (!missing.empty())
            return k_exit_failure;

        if (!implemented_entry(entry))
            return k_exit_failure;

        engine::RunOptions options;
        options.fail_on_error = m_fail_on_error;
        options.registry = &native_registry();
        if (!m_logs.empty())
            options.logs_file = m_logs;
        if (!m_debug.empty())
            options.debug_file = m_debug;
        // What a DistributionEngine ships to its workers (packages/distrib).
        packages::distrib::set_shipped_program(shipped_program_of(*loaded->program));
        engine::tune_allocator();
        return engine::run(entry, std::move(arguments), options);
    }

private:
    /// `--logs` after FILE is the program's word (§6.2); when the program has no such parameter,
    /// it was meant for `run`.
    std::optional<std::string> misplaced_option(const TreatmentDescriptor& entry, const std::vector<std::string>& args) const
    {
        for (const auto& word : args) {
            if (word.size() <= 2 || word.rfind("--", 0) != 0)
                continue;
            const std::string option = word.substr(0, word.find('='));
            if (!entry.parameter(option.substr(2)) && m_app->get_option_no_throw(option))
                return option;
        }
        return std::nullopt;
    }

    CLI::App* m_app = nullptr; // its options, for misplaced_option()
    std::vector<std::string> m_words; // after FILE: the program's
    std::vector<std::string> m_paths;
    std::string m_force_entry, m_logs, m_debug, m_file;
    bool m_parse_arguments = false;
    bool m_fail_on_error = false;
};

} // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

} // namespace mel::cli

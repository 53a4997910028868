// `:run NAME [--parse-arguments] [--param value …]`: runs a treatment of the session in this
// process, as `melodium run` runs an entrypoint (language.md §4.13, §6.7): same argument binding,
// same launch checks, logs on stdout. Ctrl-C stops the run (the engine handles SIGINT while it
// runs) and the session goes on.
#include <csignal>
#include <optional>

#include <fmt/format.h>

#include "cli/arguments.h"
#include "cli/entry_help.h"
#include "cli/program.h"
#include "cli/repl/input.h"
#include "cli/repl/session.h"
#include "packages/process/command.h"
#include "runtime/engine/world.h"
#include "runtime/model/term.h"

namespace mel::cli::repl {

bool Session::run(const std::string& arguments)
{
    // The words as `|raw_command` cuts a line: one set of quoting rules in the whole tool.
    auto words = packages::process::split_command_line(arguments);
    if (!words || words->empty()) {
        term::status_line(stderr, "error", "usage: :run NAME [--param value …] (a quote is not closed)");
        return false;
    }
    const std::string name = words->front();
    std::vector<std::string> args;
    bool parse = false;
    for (std::size_t i = 1; i < words->size(); ++i) {
        if ((*words)[i] == "--parse-arguments")
            parse = true;
        else
            args.push_back((*words)[i]);
    }
    std::string problem;
    const Element* element = resolve(name, problem);
    if (element && element->kind != ElementKind::Treatment)
        problem = fmt::format("'{}' is a {}, not a treatment", name, element_kind_name(element->kind));
    if (!element || element->kind != ElementKind::Treatment) {
        term::status_line(stderr, "error", problem);
        return false;
    }
    if (has_errors()) {
        term::status_line(stderr, "error", "the session has errors (:check shows them); they must be fixed to run");
        return false;
    }
    const TreatmentDescriptor& entry = *element->treatment;
    if (asks_for_help(entry, args)) {
        std::fputs(entrypoint_text(name, entry).c_str() + 1, stdout); // as `melodium run FILE --help`
        return true;
    }
    if (!launchable_entry(entry) || !implemented_entry(entry))
        return false;
    auto bound = bind_arguments(entry, args, parse);
    if (auto* failure = std::get_if<ArgumentFailure>(&bound)) {
        term::status_line(stderr, failure->kind == ArgumentError::Usage ? "error" : "failure", failure->message);
        return false;
    }
    auto values = std::get<BoundArguments>(std::move(bound)).values;
    const auto missing = missing_parameters(entry, values);
    for (std::size_t i = 0; i < missing.size(); ++i)
        term::status_line(stderr, i ? "error" : "failure", missing[i]);
    if (!missing.empty())
        return false;

    std::fflush(stdout);
    std::fflush(stderr);
    engine::RunOptions options;
    options.console = stdout;
    options.handle_signals = true;
    options.registry = &native_registry();
    const int code = engine::run(entry, std::move(values), options);
    // The engine gave SIGINT back to its default action: Ctrl-C is ours again.
    if (m_options.interactive) {
        install_interrupt_handler();
        take_interrupt();
    }
    std::fflush(stdout);
    if (code == 0)
        return true;
    if (code == 128 + SIGINT || code == 128 + SIGTERM) {
        term::status_line(stderr, "info", "the run was stopped");
        return false;
    }
    term::status_line(stderr, "error", fmt::format("the run ended with exit code {}", code));
    return false;
}

} // namespace mel::cli::repl

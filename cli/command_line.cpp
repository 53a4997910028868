// The `melodium` command line (language.md §6): subcommands from the table in commands.cpp,
// the bare form `melodium FILE [ARGS…]` ≡ `melodium run FILE [ARGS…]`, and our exit codes.
#include "cli/command_line.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/command.h"
#include "runtime/model/term.h"
#include "runtime/model/version.h"

namespace mel::cli {
namespace {

bool is_subcommand(const std::string& word)
{
    const auto table = commands();
    return std::any_of(table.begin(), table.end(), [&](const CommandEntry& c) { return word == c.name; });
}

/// The bare form takes a program file: something that exists, or is named like a program.
bool looks_like_program(const std::string& word)
{
    std::error_code ec;
    if (std::filesystem::exists(word, ec))
        return true;
    const auto ext = std::filesystem::path(word).extension();
    return ext == ".mel" || ext == ".toml" || ext == ".jeu" || word.find('/') != std::string::npos;
}

std::string usage_line()
{
    std::string names;
    for (const auto& c : commands()) {
        if (*c.description == '\0')
            continue; // internal, hidden (agent)
        if (!names.empty())
            names += '|';
        names += c.name;
    }
    return fmt::format("usage: melodium [--help] [--version] <{}> …\n       melodium FILE [ARGS…]", names);
}

int usage_error(const std::string& message)
{
    term::status_line(stderr, "error", message);
    std::fprintf(stderr, "%s\nRun 'melodium --help' for more information.\n", usage_line().c_str());
    return k_exit_usage;
}

} // namespace

int run_command_line(std::vector<std::string> args)
{
    if (args.empty()) {
        term::status_line(stderr, "error", "missing arguments");
        term::status_line(stderr, "info", "run `melodium --help` get commands");
        return k_exit_failure;
    }
    // Bare form: a first word that is neither an option nor a subcommand.
    const std::string& first = args.front();
    if (!first.empty() && first[0] != '-' && !is_subcommand(first)) {
        if (!looks_like_program(first))
            return usage_error(fmt::format("unknown subcommand '{}'", first));
        args.insert(args.begin(), "run");
    }

    CLI::App app{"Mélodium: a dataflow language for pipelines, CI/CD and streaming programs."};
    app.name("melodium");
    app.set_version_flag("-V,--version", version_line(), "Print the language and implementation versions");
    app.require_subcommand(1);
    app.fallthrough(false);

    std::vector<std::unique_ptr<Command>> instances;
    std::vector<std::pair<CLI::App*, Command*>> bound;
    for (const auto& entry : commands()) {
        auto command = entry.make();
        CLI::App* sub = app.add_subcommand(entry.name, entry.description);
        command->configure(*sub);
        bound.emplace_back(sub, command.get());
        instances.push_back(std::move(command));
    }

    std::reverse(args.begin(), args.end()); // CLI11 takes the arguments last-first
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }

    for (auto& [sub, command] : bound)
        if (sub->parsed())
            return command->execute();
    return usage_error("a subcommand is required");
}

} // namespace mel::cli

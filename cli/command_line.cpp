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

/// A mistake in a subcommand's words: that subcommand's help is the one to read.
int usage_error(const std::string& message, const CLI::App& sub)
{
    term::status_line(stderr, "error", message);
    std::fprintf(stderr, "Run 'melodium %s --help' for more information.\n", sub.get_name().c_str());
    return k_exit_usage;
}

} // namespace

std::size_t own_arguments(const CLI::App& sub, const std::vector<std::string>& args)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "--") {
            // CLI11's end of options, then FILE; `-- --port 80`: no FILE, the program's words.
            if (i + 1 < args.size() && args[i + 1].rfind('-', 0) == 0)
                return i;
            return std::min(i + 2, args.size());
        }
        if (word.size() > 1 && word[0] == '-') {
            const auto equal = word.find('=');
            const CLI::Option* option = sub.get_option_no_throw(word.substr(0, equal));
            if (!option)
                return i; // not the command's: no FILE (./Compo.toml), the program's words start here
            if (equal == std::string::npos && option->get_items_expected_min() > 0)
                ++i; // its value
            continue;
        }
        return i + 1;
    }
    return args.size();
}

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
        // The program's words never reach CLI11, which would read `--` and known options among them.
        if (entry.name == args.front() && command->takes_program_arguments()) {
            const std::vector<std::string> rest(args.begin() + 1, args.end());
            const std::size_t own = own_arguments(*sub, rest);
            command->set_program_arguments({rest.begin() + static_cast<std::ptrdiff_t>(own), rest.end()});
            args.resize(1 + own);
        }
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
        for (const auto& [sub, command] : bound)
            if (sub->parsed())
                return usage_error(e.what(), *sub);
        return usage_error(e.what());
    }

    for (auto& [sub, command] : bound)
        if (sub->parsed())
            return command->execute();
    return usage_error("a subcommand is required");
}

} // namespace mel::cli

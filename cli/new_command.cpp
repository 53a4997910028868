// `melodium new [-v VERSION] [-p PATH] [-t raw|cicd] NAME` (language.md §6.5). Reference:
// melodium/src/main.rs (`new`) and melodium/src/new/. The file contents are ours.
//
// As the reference: NAME is turned into snake_case for the package name, PATH defaults to NAME as
// typed, a PATH ending in `.mel` makes a standalone file, otherwise a directory with Compo.toml and
// lib-root.mel; `success: program 'NAME' created in …` on stdout.
// Differences: the generated program has a `main` entrypoint that logs a greeting (the reference's
// is empty, and its project has no entrypoint at all, so `melodium check` of it fails); a package
// name that cannot be written in a `use` is refused; an existing file is never overwritten.
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "frontend/load/semver.h"
#include "runtime/model/term.h"
#include "runtime/model/version.h"

namespace mel::cli {
namespace {

namespace fs = std::filesystem;

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_delimiter(char c) { return c == '_' || c == '-' || c == ' '; }

/// Whether a new word starts at text[i] (not a delimiter) within a run of non-delimiters: the word
/// boundaries of the reference's case conversion (convert_case's defaults) — lower→Upper
/// (`myApp`), between digits and letters (`app2`, `2app`), and before the last capital of an
/// acronym followed by a lower-case letter (`HTTPServer` → `HTTP` `Server`).
bool starts_word(const std::string& text, std::size_t i)
{
    const char before = text[i - 1], here = text[i];
    const char after = i + 1 < text.size() ? text[i + 1] : '\0';
    if (is_lower(before) && is_upper(here))
        return true;
    if ((is_digit(before) && (is_lower(here) || is_upper(here))) ||
        ((is_lower(before) || is_upper(before)) && is_digit(here)))
        return true;
    return is_upper(before) && is_upper(here) && is_lower(after);
}

/// `MyHTTPApp 2` → `my_http_app_2`. Only ASCII letters have a case; other bytes are kept as they are.
std::string snake_case(const std::string& text)
{
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_delimiter(c)) {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
            continue;
        }
        if (!word.empty() && starts_word(text, i)) {
            words.push_back(std::move(word));
            word.clear();
        }
        word += is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (!word.empty())
        words.push_back(std::move(word));
    std::string out;
    for (const std::string& w : words)
        out += (out.empty() ? "" : "_") + w;
    return out;
}

/// A package name must be one NAME token to be written in a `use` (language.md §2.2): here, ASCII
/// letters, digits and `_`, not starting with a digit (any non-ASCII character is left to the checker).
bool is_package_name(const std::string& name)
{
    if (name.empty() || is_digit(name.front()))
        return false;
    for (const char c : name)
        if (!(is_lower(c) || is_upper(c) || is_digit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80))
            return false;
    return true;
}

/// The requirement on `std`: this engine's version, `=0.10.2-pre` for a pre-release engine (nothing
/// else would match it). `^0.10.2` is written `0.10.2` in a `#! require` line, as the reference does.
enum class Caret { Written, Implied };
std::string std_requirement(Caret caret)
{
    const std::string version = k_language_version;
    if (version.find('-') != std::string::npos)
        return "=" + version;
    return (caret == Caret::Written ? "^" : "") + version;
}

/// The `main` treatment both kinds of projects start with; `name` labels its log line.
std::string main_area(const std::string& name)
{
    return fmt::format(R"(use std/engine/util::startup
use std/engine/log::logInfoMessage
use std/text/compose::|format
use std/data/string_map::|entry

/// Greets someone in the logs when the program starts.
///
/// `who` is whom to greet: `--who Ada` on the command line.
treatment main(const who: string = "world")
{{
    startup()
    greet: logInfoMessage(label = "{0}", message = |format("Hello, {{who}}!", |entry("who", who)))

    startup.trigger -> greet.trigger
}}
)",
                       name);
}

/// The `main` of the cicd template: a two-stage pipeline of local CI steps (cicd/naive::localStep).
std::string pipeline_area(const std::string& name)
{
    return fmt::format(R"(use std/engine/util::startup
use std/engine/log::logInfoMessage
use std/engine/log::logErrorMessage
use std/flow::one
use cicd/naive::localStep
use melodium/run::setExitStatus
use process/command::|raw_commands

/// A two-stage pipeline run on this machine: `check`, then `test` once `check` succeeded.
///
/// Each stage is a local CI step: its commands run one after the other (directly, not through a shell:
/// write `sh -c '…'` for shell syntax), and each line they print is logged under the stage's name.
/// When a stage fails, the run exits with status 1, for the CI system around it to see.
/// Replace the commands with your project's.
treatment main()
{{
    startup()
    check: localStep(name = "check", commands = |raw_commands(["echo checking the sources", "sh -c 'test -d .'"]))
    test: localStep(name = "test", commands = |raw_commands(["echo running the tests", "true"]))
    passed: logInfoMessage(label = "{0}", message = "pipeline passed")
    checkFailed: one<void>()
    testFailed: one<void>()
    anyFailed: one<void>()
    failed: logErrorMessage(label = "{0}", message = "pipeline failed")
    exitStatus: setExitStatus(status = 1)

    startup.trigger -> check.trigger
    check.success -> test.trigger
    test.success -> passed.trigger

    check.error -> checkFailed.a
    check.failed -> checkFailed.b
    test.error -> testFailed.a
    test.failed -> testFailed.b
    checkFailed.value -> anyFailed.a
    testFailed.value -> anyFailed.b
    anyFailed.value -> failed.trigger
    anyFailed.value -> exitStatus.trigger
}}
)",
                       name);
}

/// The packages a template's programs use besides std.
std::vector<std::string> extra_packages(const std::string& kind)
{
    if (kind == "cicd")
        return {"process", "cicd", "melodium"};
    return {};
}

std::string compo_toml(const std::string& name, const frontend::Version& version, const std::string& kind)
{
    std::string dependencies = fmt::format("std = \"{}\"\n", std_requirement(Caret::Written));
    for (const std::string& package : extra_packages(kind))
        dependencies += fmt::format("{} = \"{}\"\n", package, std_requirement(Caret::Written));
    return fmt::format("name = \"{0}\"\nversion = \"{1}\"\n\n[dependencies]\n{2}\n"
                       "[entrypoints]\nmain = \"{0}::main\"\n",
                       name, version.to_string(), dependencies);
}

std::string area_of(const std::string& name, const std::string& kind)
{
    return kind == "cicd" ? pipeline_area(name) : main_area(name);
}

std::string standalone_file(const std::string& name, const frontend::Version& version, const std::string& kind)
{
    std::string require = "std:" + std_requirement(Caret::Implied);
    for (const std::string& package : extra_packages(kind))
        require += " " + package + ":" + std_requirement(Caret::Implied);
    return fmt::format("#!/usr/bin/env melodium\n#! name = {}\n#! version = {}\n#! require = {}\n\n{}", name,
                       version.to_string(), require, area_of(name, kind));
}

int fail(const std::string& message)
{
    term::status_line(stderr, "error", message);
    return k_exit_failure;
}

std::string os_message(int error)
{
    return fmt::format("{} (os error {})", std::generic_category().message(error), error);
}

/// Creates `path` with `content`; refuses to replace an existing file (O_EXCL).
bool create_new_file(const fs::path& path, const std::string& content, std::string& error)
{
    std::FILE* file = std::fopen(path.c_str(), "wbx");
    if (!file) {
        const int code = errno;
        error = code == EEXIST ? fmt::format("'{}' already exists, nothing was created", path.string())
                               : fmt::format("'{}' cannot be created: {}", path.string(), os_message(code));
        return false;
    }
    const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
    const int code = errno;
    if (std::fclose(file) != 0 || !written) {
        error = fmt::format("'{}' cannot be written: {}", path.string(), os_message(code));
        return false;
    }
    return true;
}

class NewCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_option("-v,--version", m_version, "Version of the new package")->default_val("0.1.0");
        app.add_option("-p,--path", m_path, "Where to create it (a .mel path makes a standalone file)");
        app.add_option("-t,--template", m_template, "raw or cicd")
            ->default_val("raw")
            ->check(CLI::IsMember({"raw", "cicd"}));
        app.add_option("name", m_name, "Name of the new package")->required();
    }

    int execute() override
    {
        auto version = frontend::Version::parse(m_version);
        if (!version)
            return fail(version.error().message);
        const std::string name = snake_case(m_name);
        if (!is_package_name(name))
            return fail(fmt::format("'{}' cannot be a package name: it must start with a letter and hold only "
                                    "letters, digits and '_'",
                                    name));
        const fs::path path = m_path.empty() ? fs::path(m_name) : fs::path(m_path);
        if (path.extension() == ".mel")
            return create_standalone(path, name, version.value());
        return create_project(path, name, version.value());
    }

private:
    int create_standalone(const fs::path& path, const std::string& name, const frontend::Version& version) const
    {
        std::string error;
        if (!create_new_file(path, standalone_file(name, version, m_template), error))
            return fail(error);
        // It starts with `#!/usr/bin/env melodium`: executable by whoever may read it (the reference
        // leaves it 0644).
        std::error_code ec;
        const fs::perms mode = fs::status(path, ec).permissions();
        fs::perms exec = fs::perms::none;
        if ((mode & fs::perms::owner_read) != fs::perms::none)
            exec |= fs::perms::owner_exec;
        if ((mode & fs::perms::group_read) != fs::perms::none)
            exec |= fs::perms::group_exec;
        if ((mode & fs::perms::others_read) != fs::perms::none)
            exec |= fs::perms::others_exec;
        fs::permissions(path, exec, fs::perm_options::add, ec);
        if (ec)
            return fail(fmt::format("'{}' cannot be made executable: {}", path.string(), os_message(ec.value())));
        term::status_line(stdout, "success",
                          fmt::format("program '{}' created in standalone file '{}'", name, path.string()));
        return k_exit_ok;
    }

    int create_project(const fs::path& path, const std::string& name, const frontend::Version& version) const
    {
        const std::vector<std::pair<fs::path, std::string>> files{
            {path / "Compo.toml", compo_toml(name, version, m_template)},
            {path / "lib-root.mel", area_of(name, m_template)},
        };
        // Nothing is written when any of the files exists already.
        std::error_code ec;
        for (const auto& [file, content] : files)
            if (fs::exists(fs::symlink_status(file, ec)))
                return fail(fmt::format("'{}' already exists, nothing was created", file.string()));
        fs::create_directories(path, ec);
        if (ec)
            return fail(fmt::format("directory '{}' cannot be created: {}", path.string(), os_message(ec.value())));
        for (const auto& [file, content] : files) {
            std::string error;
            if (!create_new_file(file, content, error))
                return fail(error);
        }
        term::status_line(stdout, "success", fmt::format("program '{}' created in '{}'", name, path.string()));
        return k_exit_ok;
    }

    std::string m_version, m_path, m_template, m_name;
};

} // namespace

std::unique_ptr<Command> make_new_command() { return std::make_unique<NewCommand>(); }

} // namespace mel::cli

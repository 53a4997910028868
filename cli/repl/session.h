#pragma once

// One REPL session: the loaded program, the scratch area of typed declarations, and the
// `:commands`. Results go to stdout; diagnostics and failures to stderr, as `check` prints them.

#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli/program.h"
#include "cli/repl/completion.h"
#include "cli/repl/scratch.h"

namespace mel::cli::repl {

struct SessionOptions {
    std::vector<std::string> search_paths; // --path
    bool colour_out = false;               // stdout may be coloured
    bool colour_err = false;               // stderr may be coloured
    bool interactive = false;              // a terminal session (Ctrl-C is ours between runs)
};

class Session {
public:
    explicit Session(SessionOptions options);

    /// Loads FILE (empty: nothing, an empty scratch) and prints its diagnostics; false when it
    /// cannot be loaded or has errors.
    bool load(const std::string& file);
    /// One complete input (a `:command` or declarations); false when it failed.
    bool execute(const std::string& input);
    bool finished() const { return m_quit; }

    /// What Tab completion offers now.
    CompletionSource completion_source() const;

    /// What a `:command` line gives its command: the text after the name, and its blank-separated words.
    struct CommandArguments {
        std::string rest;
        std::vector<std::string> words;
    };
    /// One `:command`: its names (the first is the one `:help` shows and completion offers), its line in
    /// `:help`, the usage printed when it is given no argument (empty: it takes none), and what it does.
    struct CommandSpec {
        std::vector<std::string> names;
        std::string help;
        std::string usage;
        bool (*handler)(Session&, const CommandArguments&);
    };
    /// The `:commands`: the one table that `:help`, completion and the dispatch of a command line read.
    static const std::vector<CommandSpec>& command_table();

private:
    bool declare(const std::string& text);
    bool command(const std::string& line);

    bool show_help();
    bool show_info(const std::string& name);
    bool show_list();
    bool show_graph(const std::vector<std::string>& args);
    bool evaluate(const std::string& text);
    bool run(const std::string& arguments);
    bool reload();
    bool check_all();

    /// Checks the scratch again.
    void recheck();
    /// Prints the diagnostics located in input `input`, and those that are new since the previous
    /// check; whether any of them is an error.
    bool print_new_problems(unsigned input);
    /// Prints every problem of the session (the package FILE's, then the scratch's); whether any is an error.
    bool print_all_problems();
    /// Prints the selected diagnostics of the current check; whether any of them is an error.
    bool print_problems(const std::function<bool(const frontend::Diagnostic&)>& select);

    /// The element NAME means in the session: an identifier, an alias or declaration of the scratch,
    /// an entrypoint command or an element of the loaded package. Null (and `problem`) otherwise.
    const Element* resolve(const std::string& name, std::string& problem);
    const frontend::sema::Program* scratch_program() const;
    /// The program of the session that holds `element` (the scratch's, FILE's or a lookup's): what a run of
    /// it ships to workers. `element` must come from resolve().
    const frontend::sema::Program* program_of(const Element& element) const;
    bool has_errors() const;

    SessionOptions m_options;
    std::string m_file;                     // the loaded FILE, empty when none
    std::unique_ptr<LoadedProgram> m_base;  // a package FILE (Compo.toml, .jeu); null otherwise
    Scratch m_scratch;
    CheckedScratch m_checked;
    std::set<std::string> m_known;          // diagnostics shown already (message and place)
    std::vector<std::unique_ptr<LoadedProgram>> m_lookups; // loaded for `:info` of elements not loaded yet
    unsigned m_inputs = 0;                  // declaration inputs so far
    bool m_quit = false;
};

/// The signature and documentation of an element, several lines (`:info`).
std::string element_text(const Element&);

/// `:eval VALUE [: TYPE]` in the scratch area of `checked`: the value and its type, or the
/// diagnostics; false when it could not be evaluated.
bool evaluate_value(const std::string& text, const CheckedScratch& checked, const SessionOptions& options);

/// `text` without leading and trailing blanks (space, tab, CR, LF).
std::string trim(std::string_view text);

} // namespace mel::cli::repl

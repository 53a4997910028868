#pragma once

// The REPL's scratch area: the declarations typed in a session (`use`, `treatment`, `model`),
// checked together with the loaded program.
//
// The front end checks files, so the scratch is checked as one standalone file written to a
// temporary directory:
//   - no FILE, or a package FILE (Compo.toml, .jeu): a standalone package `repl` requiring every
//     native package and the loaded package (whose elements are then imported with
//     `use pkg/area::name`), then the typed declarations;
//   - a standalone FILE: the file itself (declarations replaced in the session blanked out, so
//     that every offset stays where it was), then the typed declarations.
// Diagnostics are then moved back onto what was typed (`<input N>`, lines counted from the start
// of that input) and onto the file itself, so that carets point into what the user wrote.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/program.h"

namespace mel::cli::repl {

/// One declaration typed in the session.
struct ScratchDeclaration {
    enum class Kind { Use, Element };
    Kind kind = Kind::Element;
    std::string key;   // the `use` alias (with its sigil), or the treatment's / model's name
    std::string text;  // as typed, with the comments before it
    unsigned input = 0;           // 1-based number of the declaration input it came from
    std::uint32_t offset = 0;     // where `text` starts in that input
};

/// Splits a typed input (declaration input number `input`) into its declarations, each with the
/// comments written before it. On a syntax error, prints it on `errors` (as `check` does, the
/// caret in `<input N>`) and returns nullopt.
std::optional<std::vector<ScratchDeclaration>> parse_input(const std::string& text, unsigned input,
                                                           const std::string& script_name, std::FILE* errors,
                                                           bool colour);

/// A program checked with the scratch, with its diagnostics moved onto what the user wrote.
struct CheckedScratch {
    std::unique_ptr<LoadedProgram> loaded; // the program as the front end checked it
    frontend::SourceManager sources;       // the file, `<input N>` buffers, other files as loaded
    frontend::Diagnostics diagnostics;     // relocated, in `sources`
    std::vector<unsigned> input_of_file;   // per file index of `sources`: input number, 0 if none

    const frontend::sema::Area* scratch_area() const;
};

class Scratch {
public:
    Scratch();
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    /// What the scratch is checked with.
    struct Base {
        enum class Kind { None, Standalone, Package };
        Kind kind = Kind::None;
        std::string file;                         // as given on the command line or to `:load`
        std::string name;                         // the loaded package's name
        std::string version;                      // Package: its version, required exactly
        std::string text;                         // Standalone: the file's text
        std::vector<std::string> native_packages; // required by the `repl` package
    };

    /// Starts over (no declaration) with `base`.
    void reset(Base base);
    /// A standalone FILE read again (`:reload`); declarations replaced in the session stay replaced.
    void set_file_text(std::string text) { m_base.text = std::move(text); }

    /// Records the text of declaration input `input` and its declarations; a declaration replaces
    /// an earlier one with the same key (in the session or in a standalone FILE).
    void add(unsigned input, const std::string& text, std::vector<ScratchDeclaration> declarations);

    /// Writes the scratch file and checks it.
    CheckedScratch check(const std::vector<std::string>& search_paths) const;

    /// Loads the element `identifier` (for `:info` of an element no area of the session uses):
    /// a standalone file that only imports it, with every native package and the loaded package.
    std::unique_ptr<LoadedProgram> lookup(const std::string& identifier,
                                          const std::vector<std::string>& search_paths) const;

    const std::string& package_name() const { return m_name; }
    bool empty() const { return m_declarations.empty(); }
    const std::vector<ScratchDeclaration>& declarations() const { return m_declarations; }

private:
    struct Segment {
        std::uint32_t begin = 0, end = 0; // in the synthesized text
        unsigned input = 0;               // 0: the standalone FILE
        std::uint32_t origin = 0;         // offset in the input or the file
    };
    std::string synthesize(std::vector<Segment>& segments) const;
    /// `#! name = NAME` with every native package and the loaded package required.
    std::string header(const std::string& name) const;
    std::string blanked_file_text() const;

    std::string m_directory; // temporary, removed with the Scratch
    std::string m_name = "repl";
    Base m_base;
    std::set<std::string> m_replaced_in_file; // keys (`use:x`, `element:y`) replaced in the session
    std::vector<std::string> m_inputs;        // text of each declaration input, by number - 1
    std::vector<ScratchDeclaration> m_declarations;
};

/// The names of the treatments and models an area's text declares (nothing if it does not parse).
std::vector<std::string> declared_names(const std::string& text);

/// `use:ALIAS` or `element:NAME`.
std::string declaration_key(const ScratchDeclaration&);

} // namespace mel::cli::repl

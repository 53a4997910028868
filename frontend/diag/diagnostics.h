#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/source/source_manager.h"

namespace mel::frontend {

enum class Severity { Error, Warning };

/// Where a diagnostic comes from; selects the loader's "Lnnnn: Script error on NAME: " wrapper.
enum class Phase { Syntax, Descriptor, Design, Load, Launch };

enum class DiagId : std::uint16_t {
#define MEL_DIAG(name, severity, phase, code, format) name,
#include "frontend/diag/diagnostic_kinds.def"
#undef MEL_DIAG
};

struct DiagInfo {
    Severity severity;
    Phase phase;
    std::string_view code;   // "S0117", "D0047", "L0209"…
    std::string_view format; // {0}… arguments, {at} the location
};
const DiagInfo& diag_info(DiagId);

/// How a line under (or after) a diagnostic is introduced.
enum class Label { Note, Help, Error, Warning };

enum class NoteId : std::uint16_t {
#define MEL_NOTE(name, label, format) name,
#include "frontend/diag/note_kinds.def"
#undef MEL_NOTE
};

struct NoteInfo {
    Label label;
    std::string_view format; // {0}… arguments
};
const NoteInfo& note_info(NoteId);

/// The text of a note kind with its arguments.
std::string note_text(NoteId, const std::vector<std::string>& args);

/// The kind of package a source file belongs to (language.md §4.14: it picks the L wrapper id).
enum class PackageKind { Standalone, File, Jeu, Native };

struct Diagnostic {
    DiagId id{};
    Severity severity = Severity::Error;
    SourceRange range;             // file invalid: no position
    std::vector<std::string> args; // substituted for {0}, {1}, …
    /// For D codes: the design reference word printed in the S0000 wrapper (the instance,
    /// parameter, first end point or host name). Defaults to the source text of `range`.
    std::string word;
    struct Note {
        SourceRange range; // invalid: no excerpt
        std::string message;
        Label label = Label::Note;
    };
    std::vector<Note> notes;
    std::uint32_t sequence = 0; // report order, to keep sorting stable
    /// Where the diagnostic sorts, when not at its range (a whole-body failure sorts after the
    /// problems inside the body).
    std::optional<std::uint32_t> order;
};

/// Collects diagnostics for a run (STYLE §2.4: the engine counts, sorts and deduplicates; the
/// renderer only prints).
class Diagnostics {
public:
    class Builder {
    public:
        Builder(Diagnostics& owner, Diagnostic diagnostic) : m_owner(&owner), m_diagnostic(std::move(diagnostic)) {}
        Builder(const Builder&) = delete;
        Builder& operator=(const Builder&) = delete;
        Builder(Builder&& other) noexcept : m_owner(other.m_owner), m_diagnostic(std::move(other.m_diagnostic))
        {
            other.m_owner = nullptr;
        }
        ~Builder();

        Builder& arg(std::string_view value);
        Builder& arg(std::uint64_t value);
        Builder& word(std::string_view value);
        Builder& note(SourceRange range, std::string message, Label label = Label::Note);
        /// A note or help line of the table (note_kinds.def), with an excerpt when `range` is valid.
        Builder& note(NoteId id, SourceRange range, std::vector<std::string> args = {});
        Builder& note(NoteId id, std::vector<std::string> args)
        {
            return note(id, SourceRange{}, std::move(args));
        }
        /// Sorts the diagnostic at `offset` of its file instead of at its range.
        Builder& order_at(std::uint32_t offset);

    private:
        Diagnostics* m_owner;
        Diagnostic m_diagnostic;
    };

    /// Starts a report; it is recorded when the returned builder goes out of scope.
    Builder report(DiagId id, SourceRange range = {});

    /// Declares which package a file belongs to and how the wrapper names it
    /// (the package name for a standalone file, `pkg/dir/file.mel` for an area of a file package).
    void set_origin(FileId file, PackageKind kind, std::string script_name);

    std::size_t error_count() const { return m_errors; }
    std::size_t warning_count() const { return m_warnings; }
    bool has_errors() const { return m_errors > 0; }
    bool empty() const { return m_diagnostics.empty(); }

    /// Loading errors without position first (a missing package), then every diagnostic in source
    /// order (files in the order they were added, then offsets), then the others without position,
    /// each group in report order.
    std::vector<Diagnostic> sorted() const;

    struct Origin {
        PackageKind kind;
        std::string script_name;
    };
    const Origin* origin(FileId) const;

private:
    void add(Diagnostic);

    std::vector<Diagnostic> m_diagnostics;
    std::map<std::uint32_t, Origin> m_origins;
    std::size_t m_errors = 0;
    std::size_t m_warnings = 0;
};

/// The message line as the reference prints it after `failure: ` / `error: `, e.g.
/// `L0190: Script error on demo: S0117: at line 27 position 4 element 'foo' is not imported nor locally available`
/// or `L0190: … S0000: at line 3 position 4 'emit': D0011: Parameter …`.
std::string render_message(const SourceManager&, const Diagnostics&, const Diagnostic&);

struct RenderOptions {
    bool colour = false;
    bool excerpt = true; // the file:line:col line, the source line and a caret under the range
};

/// Prints every diagnostic in source order, deduplicated: the first error as `failure:`, the
/// other errors as `error:`, warnings as `warning:`, each followed by its source excerpt.
void render_all(std::FILE* out, const SourceManager&, const Diagnostics&, const RenderOptions&);

/// The counts of what render_all prints (identical messages once).
struct PrintedCounts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
};
PrintedCounts printed_counts(const SourceManager&, const Diagnostics&);

/// After a command's diagnostics (ours, issue 16): `error: could not check 'FILE': 2 errors, 1 warning`,
/// or `warning: 'FILE' checked with 1 warning`; nothing when nothing was printed.
void render_summary(std::FILE* out, const SourceManager&, const Diagnostics&, std::string_view file,
                    bool colour);

/// The excerpt alone (for the REPL and tests):
///   --> main.mel:27:5
///    |
/// 27 |     foo()
///    |     ^~~
std::string render_excerpt(const SourceManager&, SourceRange, bool colour);

} // namespace mel::frontend

#include "frontend/diag/diagnostics.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "runtime/model/assert.h"
#include "runtime/model/term.h"

namespace mel::frontend {

namespace {

constexpr DiagInfo k_infos[] = {
#define MEL_DIAG(name, severity, phase, code, format) {Severity::severity, Phase::phase, code, format},
#include "frontend/diag/diagnostic_kinds.def"
#undef MEL_DIAG
};

constexpr NoteInfo k_note_infos[] = {
#define MEL_NOTE(name, label, format) {Label::label, format},
#include "frontend/diag/note_kinds.def"
#undef MEL_NOTE
};

/// The loader's wrapper id per package kind and phase (language.md §4.14).
int wrapper_id(PackageKind kind, Phase phase)
{
    const int index = phase == Phase::Syntax ? 0 : phase == Phase::Descriptor ? 1 : 2;
    static constexpr int ids[4][3] = {
        {190, 191, 192}, // standalone
        {183, 172, 175}, // file package
        {231, 233, 236}, // jeu
        {158, 162, 166}, // native embedded area
    };
    return ids[static_cast<int>(kind)][index];
}

std::string substitute(std::string_view format, const std::vector<std::string>& args, const std::string& at)
{
    std::string out;
    out.reserve(format.size() + 32);
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '{') {
            const auto close = format.find('}', i);
            MEL_ASSERT(close != std::string_view::npos, "unterminated placeholder in a diagnostic format");
            const std::string_view key = format.substr(i + 1, close - i - 1);
            if (key == "at") {
                out += at;
            } else {
                const auto index = static_cast<std::size_t>(std::stoul(std::string(key)));
                out += index < args.size() ? args[index] : std::string("?");
            }
            i = close;
        } else {
            out += format[i];
        }
    }
    return out;
}

} // namespace

const DiagInfo& diag_info(DiagId id)
{
    const auto index = static_cast<std::size_t>(id);
    MEL_ASSERT(index < std::size(k_infos), "unknown diagnostic id");
    return k_infos[index];
}

const NoteInfo& note_info(NoteId id)
{
    const auto index = static_cast<std::size_t>(id);
    MEL_ASSERT(index < std::size(k_note_infos), "unknown note id");
    return k_note_infos[index];
}

std::string note_text(NoteId id, const std::vector<std::string>& args)
{
    return substitute(note_info(id).format, args, std::string());
}

Diagnostics::Builder::~Builder()
{
    if (m_owner)
        m_owner->add(std::move(m_diagnostic));
}

Diagnostics::Builder& Diagnostics::Builder::arg(std::string_view value)
{
    m_diagnostic.args.emplace_back(value);
    return *this;
}

Diagnostics::Builder& Diagnostics::Builder::arg(std::uint64_t value)
{
    m_diagnostic.args.push_back(std::to_string(value));
    return *this;
}

Diagnostics::Builder& Diagnostics::Builder::word(std::string_view value)
{
    m_diagnostic.word = std::string(value);
    return *this;
}

Diagnostics::Builder& Diagnostics::Builder::note(SourceRange range, std::string message, Label label)
{
    m_diagnostic.notes.push_back({range, std::move(message), label});
    return *this;
}

Diagnostics::Builder& Diagnostics::Builder::note(NoteId id, SourceRange range, std::vector<std::string> args)
{
    m_diagnostic.notes.push_back({range, note_text(id, args), note_info(id).label});
    return *this;
}

Diagnostics::Builder& Diagnostics::Builder::order_at(std::uint32_t offset)
{
    m_diagnostic.order = offset;
    return *this;
}

Diagnostics::Builder Diagnostics::report(DiagId id, SourceRange range)
{
    Diagnostic d;
    d.id = id;
    d.severity = diag_info(id).severity;
    d.range = range;
    return Builder(*this, std::move(d));
}

void Diagnostics::add(Diagnostic d)
{
    d.sequence = static_cast<std::uint32_t>(m_diagnostics.size());
    (d.severity == Severity::Error ? m_errors : m_warnings) += 1;
    m_diagnostics.push_back(std::move(d));
}

void Diagnostics::set_origin(FileId file, PackageKind kind, std::string script_name)
{
    m_origins[file.index] = Origin{kind, std::move(script_name)};
}

const Diagnostics::Origin* Diagnostics::origin(FileId file) const
{
    if (!file.valid())
        return nullptr;
    auto it = m_origins.find(file.index);
    return it == m_origins.end() ? nullptr : &it->second;
}

std::vector<Diagnostic> Diagnostics::sorted() const
{
    std::vector<Diagnostic> out = m_diagnostics;
    // A package or file that could not be loaded comes first: what follows may only be its
    // consequences (issue 16). Then the positioned ones, then the others.
    auto group = [](const Diagnostic& d) {
        return d.range.file.valid() ? 1 : diag_info(d.id).phase == Phase::Load ? 0 : 2;
    };
    std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        const int ga = group(a), gb = group(b);
        if (ga != gb)
            return ga < gb;
        const bool pa = ga == 1;
        if (pa) {
            if (a.range.file.index != b.range.file.index)
                return a.range.file.index < b.range.file.index;
            const auto at_a = a.order.value_or(a.range.begin), at_b = b.order.value_or(b.range.begin);
            if (at_a != at_b)
                return at_a < at_b;
        }
        return a.sequence < b.sequence;
    });
    return out;
}

std::string render_message(const SourceManager& sources, const Diagnostics& diagnostics, const Diagnostic& d)
{
    const DiagInfo& info = diag_info(d.id);
    std::string at;
    if (d.range.file.valid()) {
        const Location loc = sources.location(d.range.file, d.range.begin);
        at = fmt::format("at line {} position {}", loc.line, loc.position);
    }
    std::string body = substitute(info.format, d.args, at);
    // A format whose {at} expanded to nothing may start with a space.
    if (!body.empty() && body.front() == ' ')
        body.erase(0, 1);

    std::string message;
    if (info.code.empty()) {
        message = body;
    } else if (info.code.front() == 'D' && info.phase != Phase::Launch) {
        std::string word = d.word;
        if (word.empty() && d.range.file.valid())
            word = std::string(sources.text(d.range.file).substr(d.range.begin, d.range.end - d.range.begin));
        message = d.range.file.valid() ? fmt::format("S0000: {} '{}': {}: {}", at, word, info.code, body)
                                       : fmt::format("S0000: {}: {}", info.code, body);
    } else {
        message = fmt::format("{}: {}", info.code, body);
    }

    if (info.phase != Phase::Load && info.phase != Phase::Launch) {
        if (const auto* origin = diagnostics.origin(d.range.file))
            message = fmt::format("L{:04}: Script error on {}: {}", wrapper_id(origin->kind, info.phase),
                                  origin->script_name, message);
    }
    return message;
}

std::string render_excerpt(const SourceManager& sources, SourceRange range, bool colour)
{
    if (!range.file.valid())
        return {};
    const Location loc = sources.location(range.file, range.begin);
    const std::string_view line = sources.line_text(range.file, loc.line);
    const std::string number = std::to_string(loc.line);
    const std::string gutter(number.size(), ' ');

    // The caret starts under the range's first byte (tabs kept so it lines up) and covers the part
    // of the range on this line, counted in code points.
    std::string pad;
    for (std::uint32_t i = 0; i < loc.position && i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80)
            continue;
        pad += line[i] == '\t' ? '\t' : ' ';
    }
    std::uint32_t width = 0;
    const std::uint32_t line_end = loc.position + static_cast<std::uint32_t>(line.size() - std::min<std::size_t>(line.size(), loc.position));
    const std::uint32_t end_in_line = std::min(range.end - (range.begin - loc.position), line_end);
    for (std::uint32_t i = loc.position; i < end_in_line && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
            ++width;
    std::string caret = "^";
    if (width > 1)
        caret += std::string(width - 1, '~');

    return fmt::format("{}--> {}:{}:{}\n{} |\n{} | {}\n{} | {}{}\n", gutter, sources.name(range.file), loc.line,
                       loc.column, gutter, number, line, gutter, pad,
                       term::paint(caret, term::Style::BoldRed, colour));
}

namespace {

/// What render_all prints: every diagnostic in source order, identical messages once.
std::vector<std::pair<Diagnostic, std::string>> printed(const SourceManager& sources,
                                                        const Diagnostics& diagnostics)
{
    std::vector<std::pair<Diagnostic, std::string>> out;
    std::set<std::string> seen;
    for (Diagnostic& d : diagnostics.sorted()) {
        std::string message = render_message(sources, diagnostics, d);
        if (seen.insert(message).second)
            out.emplace_back(std::move(d), std::move(message));
    }
    return out;
}

std::string_view label_word(Label label)
{
    switch (label) {
    case Label::Note:
        return "note";
    case Label::Help:
        return "help";
    case Label::Error:
        return "error";
    case Label::Warning:
        return "warning";
    }
    return "note";
}

term::Style label_style(Label label)
{
    switch (label) {
    case Label::Error:
        return term::Style::BoldRed;
    case Label::Warning:
        return term::Style::BoldYellow;
    case Label::Note:
    case Label::Help:
        break;
    }
    return term::Style::BoldBlue;
}

std::string count_text(std::size_t n, std::string_view word)
{
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

PrintedCounts printed_counts(const SourceManager& sources, const Diagnostics& diagnostics)
{
    PrintedCounts counts;
    for (const auto& [d, message] : printed(sources, diagnostics))
        (d.severity == Severity::Error ? counts.errors : counts.warnings) += 1;
    return counts;
}

void render_all(std::FILE* out, const SourceManager& sources, const Diagnostics& diagnostics,
                const RenderOptions& options)
{
    bool failure_printed = false;
    for (const auto& [d, message] : printed(sources, diagnostics)) {
        const char* word = "warning";
        term::Style style = term::Style::BoldYellow;
        if (d.severity == Severity::Error) {
            word = failure_printed ? "error" : "failure";
            failure_printed = true;
            style = term::Style::BoldRed;
        }
        std::string text = term::paint(word, style, options.colour) + ": " + message + "\n";
        if (options.excerpt) {
            text += render_excerpt(sources, d.range, options.colour);
            for (const auto& note : d.notes) {
                text += term::paint(std::string(label_word(note.label)), label_style(note.label),
                                    options.colour) +
                        ": " + note.message + "\n";
                text += render_excerpt(sources, note.range, options.colour);
            }
        }
        std::fwrite(text.data(), 1, text.size(), out);
    }
    std::fflush(out);
}

void render_summary(std::FILE* out, const SourceManager& sources, const Diagnostics& diagnostics,
                    std::string_view file, bool colour)
{
    const PrintedCounts counts = printed_counts(sources, diagnostics);
    if (counts.errors == 0 && counts.warnings == 0)
        return;
    std::string counted;
    if (counts.errors > 0)
        counted = count_text(counts.errors, "error");
    if (counts.warnings > 0)
        counted += (counted.empty() ? "" : ", ") + count_text(counts.warnings, "warning");
    const NoteId id = counts.errors > 0 ? NoteId::CouldNotCheck : NoteId::CheckedWithWarnings;
    const Label label = note_info(id).label;
    const std::string text = term::paint(std::string(label_word(label)), label_style(label), colour) + ": " +
                             note_text(id, {std::string(file), counted}) + "\n";
    std::fwrite(text.data(), 1, text.size(), out);
    std::fflush(out);
}

} // namespace mel::frontend

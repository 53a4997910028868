// The REPL's scratch area (see scratch.h): declarations typed in the session, one standalone file
// checked by the front end, and its diagnostics moved back onto what was typed.
#include "cli/repl/scratch.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "frontend/load/package.h"
#include "frontend/parse/parser.h"
#include "runtime/model/version.h"

namespace mel::cli::repl {

namespace {

using frontend::FileId;
using frontend::SourceRange;

/// Every top-level declaration of a parsed area: [begin, end) of its text and its key.
struct Span {
    std::uint32_t begin = 0, end = 0;
    ScratchDeclaration::Kind kind;
    std::string key;
};

std::vector<Span> spans_of(const frontend::ast::File& file)
{
    std::vector<Span> spans;
    for (const auto& u : file.uses)
        spans.push_back({u.range.begin, u.range.end, ScratchDeclaration::Kind::Use,
                         u.alias ? u.alias->text : u.element.text});
    for (const auto& m : file.models)
        spans.push_back({m.range.begin, m.range.end, ScratchDeclaration::Kind::Element, m.name.text});
    for (const auto& t : file.treatments)
        spans.push_back({t.range.begin, t.range.end, ScratchDeclaration::Kind::Element, t.name.text});
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    return spans;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

/// Where the comments written right before offset `begin` start (doc comments and attributes
/// belong to the declaration that follows them).
std::uint32_t comments_before(const std::string& text, std::uint32_t begin)
{
    std::uint32_t start = begin;
    while (true) {
        std::uint32_t p = start;
        while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n' || text[p - 1] == '\r'))
            --p;
        if (p >= 2 && text.compare(p - 2, 2, "*/") == 0) {
            const auto open = text.rfind("/*", p - 2);
            if (open == std::string::npos)
                return start;
            start = static_cast<std::uint32_t>(open);
            continue;
        }
        const auto line_start = p == 0 ? 0 : text.rfind('\n', p - 1) + 1;
        if (p == 0 || line_start >= p)
            return start;
        std::string_view line(text.data() + line_start, p - line_start);
        line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
        if ((starts_with(line, "//") || starts_with(line, "#")) && !starts_with(line, "#!")) {
            start = static_cast<std::uint32_t>(line_start);
            continue;
        }
        return start;
    }
}

std::string make_directory()
{
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "melodium-repl-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return {};
    return pattern;
}

/// Moves diagnostics from the checked program onto the user's texts.
class Relocator {
public:
    Relocator(const LoadedProgram& loaded, CheckedScratch& out, std::string scratch_path)
        : m_loaded(loaded), m_out(out), m_scratch_path(std::move(scratch_path))
    {
    }

    struct Target {
        FileId file;
        std::uint32_t origin = 0;
    };
    std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, Target>> segments; // [begin,end] → where

    SourceRange range(SourceRange r)
    {
        if (!r.file.valid())
            return r;
        if (m_loaded.sources.name(r.file) == m_scratch_path) {
            for (const auto& [span, target] : segments)
                if (span.first <= r.begin && r.begin <= span.second) {
                    const std::uint32_t end = std::min(std::max(r.end, r.begin), span.second);
                    return {target.file, target.origin + (r.begin - span.first), target.origin + (end - span.first)};
                }
            return {};
        }
        return {copied(r.file), r.begin, r.end};
    }

    std::optional<std::uint32_t> offset(FileId file, std::uint32_t at)
    {
        const SourceRange mapped = range({file, at, at});
        if (!mapped.file.valid())
            return std::nullopt;
        return mapped.begin;
    }

    void relocate_all()
    {
        for (const auto& d : m_loaded.diagnostics.sorted()) {
            const SourceRange where = range(d.range);
            auto builder = m_out.diagnostics.report(d.id, where);
            for (const auto& a : d.args)
                builder.arg(std::string_view(a));
            if (!d.word.empty())
                builder.word(d.word);
            for (const auto& note : d.notes)
                builder.note(range(note.range), note.message, note.label);
            if (d.order && where.file.valid())
                if (auto at = offset(d.range.file, *d.order); at && range({d.range.file, *d.order, *d.order}).file == where.file)
                    builder.order_at(*at);
        }
    }

private:
    FileId copied(FileId file)
    {
        if (auto it = m_copies.find(file.index); it != m_copies.end())
            return it->second;
        const FileId id = m_out.sources.add(m_loaded.sources.name(file), std::string(m_loaded.sources.text(file)));
        m_out.input_of_file.push_back(0);
        if (const auto* origin = m_loaded.diagnostics.origin(file))
            m_out.diagnostics.set_origin(id, origin->kind, origin->script_name);
        m_copies[file.index] = id;
        return id;
    }

    const LoadedProgram& m_loaded;
    CheckedScratch& m_out;
    std::string m_scratch_path; // the synthesized file
    std::map<std::uint32_t, FileId> m_copies;
};

} // namespace

std::vector<std::string> declared_names(const std::string& text)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    auto tree = frontend::parse_area(sources, sources.add("<area>", text), diags);
    std::vector<std::string> names;
    if (tree)
        for (const Span& span : spans_of(*tree))
            if (span.kind == ScratchDeclaration::Kind::Element)
                names.push_back(span.key);
    return names;
}

std::string declaration_key(const ScratchDeclaration& d)
{
    return (d.kind == ScratchDeclaration::Kind::Use ? "use:" : "element:") + d.key;
}

std::optional<std::vector<ScratchDeclaration>> parse_input(const std::string& text, unsigned input,
                                                           const std::string& script_name, std::FILE* errors,
                                                           bool colour)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    const FileId file = sources.add(fmt::format("<input {}>", input), text);
    diags.set_origin(file, frontend::PackageKind::Standalone, script_name);
    auto tree = frontend::parse_area(sources, file, diags);
    if (!tree || diags.has_errors()) {
        frontend::render_all(errors, sources, diags, frontend::RenderOptions{.colour = colour, .excerpt = true});
        return std::nullopt;
    }
    std::vector<ScratchDeclaration> out;
    std::uint32_t previous_end = 0;
    for (const Span& span : spans_of(*tree)) {
        ScratchDeclaration d{span.kind, span.key, text.substr(previous_end, span.end - previous_end), input, previous_end};
        // Leading blank lines are not part of the declaration.
        while (!d.text.empty() && (d.text.front() == '\n' || d.text.front() == '\r')) {
            d.text.erase(0, 1);
            ++d.offset;
        }
        out.push_back(std::move(d));
        previous_end = span.end;
    }
    return out;
}

const frontend::sema::Area* CheckedScratch::scratch_area() const
{
    if (!loaded || !loaded->program)
        return nullptr;
    for (const auto& area : loaded->program->areas())
        if (area->package == loaded->program->main_package)
            return area.get();
    return nullptr;
}

Scratch::Scratch() : m_directory(make_directory()) {}

Scratch::~Scratch()
{
    if (!m_directory.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_directory, ec);
    }
}

void Scratch::reset(Base base)
{
    m_base = std::move(base);
    m_name = m_base.kind == Base::Kind::Standalone ? m_base.name : std::string("repl");
    if (m_base.kind == Base::Kind::Package && m_base.name == m_name)
        m_name = "repl_scratch";
    m_replaced_in_file.clear();
    m_inputs.clear();
    m_declarations.clear();
}

void Scratch::add(unsigned input, const std::string& text, std::vector<ScratchDeclaration> declarations)
{
    if (m_inputs.size() < input)
        m_inputs.resize(input);
    m_inputs[input - 1] = text;
    for (auto& d : declarations) {
        const std::string key = declaration_key(d);
        std::erase_if(m_declarations, [&](const ScratchDeclaration& e) { return declaration_key(e) == key; });
        m_replaced_in_file.insert(key);
        m_declarations.push_back(std::move(d));
    }
}

std::string Scratch::blanked_file_text() const
{
    std::string text = m_base.text;
    if (m_replaced_in_file.empty())
        return text;
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    const FileId file = sources.add(m_base.file, text);
    auto tree = frontend::parse_area(sources, file, diags);
    if (!tree)
        return text; // the file's syntax error is reported by the check
    for (const Span& span : spans_of(*tree)) {
        ScratchDeclaration probe{span.kind, span.key};
        if (!m_replaced_in_file.count(declaration_key(probe)))
            continue;
        for (std::uint32_t i = comments_before(text, span.begin); i < span.end && i < text.size(); ++i)
            if (text[i] != '\n')
                text[i] = ' ';
    }
    return text;
}

std::string Scratch::header(const std::string& name) const
{
    std::string requires_;
    for (const auto& p : m_base.native_packages)
        requires_ += (requires_.empty() ? "" : " ") + p + ":" + k_language_version;
    if (m_base.kind == Base::Kind::Package)
        requires_ += " " + m_base.name + ":=" + m_base.version;
    return fmt::format("#! name = {}\n#! version = 0.1.0\n#! require = {}\n\n", name, requires_);
}

std::unique_ptr<LoadedProgram> Scratch::lookup(const std::string& identifier,
                                               const std::vector<std::string>& search_paths) const
{
    const std::string name = m_name == "repl_lookup" ? "repl_lookup2" : "repl_lookup";
    const std::string path = (std::filesystem::path(m_directory) / (name + ".mel")).string();
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << header(name) << "use " << identifier << "\n";
    }
    frontend::CheckRequest request{.file = path, .search_paths = search_paths, .all = true};
    if (m_base.kind == Base::Kind::Package)
        request.search_paths.push_back(m_base.file);
    return load_program(request);
}

std::string Scratch::synthesize(std::vector<Segment>& segments) const
{
    std::string text;
    if (m_base.kind == Base::Kind::Standalone) {
        text = blanked_file_text();
        segments.push_back({0, static_cast<std::uint32_t>(text.size()), 0, 0});
        text += "\n";
    } else {
        text = header(m_name);
    }
    for (const auto& d : m_declarations) {
        const auto begin = static_cast<std::uint32_t>(text.size());
        text += d.text;
        segments.push_back({begin, static_cast<std::uint32_t>(text.size()), d.input, d.offset});
        text += "\n";
    }
    return text;
}

CheckedScratch Scratch::check(const std::vector<std::string>& search_paths) const
{
    CheckedScratch out;
    std::vector<Segment> segments;
    const std::string text = synthesize(segments);
    const std::string path = (std::filesystem::path(m_directory) / (m_name + ".mel")).string();
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << text;
    }
    frontend::CheckRequest request{.file = path, .search_paths = search_paths, .all = true};
    if (m_base.kind == Base::Kind::Package)
        request.search_paths.push_back(m_base.file);
    out.loaded = load_program(request);

    // The user's texts first: the standalone FILE, then every input, in order.
    FileId file_buffer;
    if (m_base.kind == Base::Kind::Standalone) {
        file_buffer = out.sources.add(m_base.file, m_base.text);
        out.input_of_file.push_back(0);
    }
    std::vector<FileId> input_buffers;
    for (std::size_t i = 0; i < m_inputs.size(); ++i) {
        input_buffers.push_back(out.sources.add(fmt::format("<input {}>", i + 1), m_inputs[i]));
        out.input_of_file.push_back(static_cast<unsigned>(i + 1));
    }
    // The synthesized file is a standalone package named m_name (language.md §4.14 wrapper).
    if (file_buffer.valid())
        out.diagnostics.set_origin(file_buffer, frontend::PackageKind::Standalone, m_name);
    for (FileId id : input_buffers)
        out.diagnostics.set_origin(id, frontend::PackageKind::Standalone, m_name);

    Relocator relocator(*out.loaded, out, path);
    for (const auto& s : segments)
        relocator.segments.push_back(
            {{s.begin, s.end}, {s.input == 0 ? file_buffer : input_buffers[s.input - 1], s.origin}});
    relocator.relocate_all();
    return out;
}

} // namespace mel::cli::repl

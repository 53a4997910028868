// The REPL session: loading, declarations, `:check`, `:list`, `:load`, `:reload`, `:help`,
// `:quit` and the dispatch of the other commands (session_show.cpp, session_run.cpp).
#include "cli/repl/session.h"

#include <algorithm>
#include <array>
#include <functional>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "frontend/load/package.h"
#include "runtime/model/assert.h"
#include "runtime/model/term.h"
#include "stdlib/text/unicode.h"

namespace mel::cli::repl {

namespace {

std::vector<std::string> split_words(const std::string& text)
{
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

std::string diagnostic_key(const CheckedScratch& c, const frontend::Diagnostic& d)
{
    const std::string place = d.range.file.valid() ? fmt::format("{}:{}", c.sources.name(d.range.file), d.range.begin)
                                                   : std::string();
    return render_message(c.sources, c.diagnostics, d) + "@" + place;
}

unsigned input_of(const CheckedScratch& c, const frontend::Diagnostic& d)
{
    return d.range.file.valid() && d.range.file.index < c.input_of_file.size() ? c.input_of_file[d.range.file.index] : 0;
}

std::optional<std::string> read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

std::string trim(std::string_view text)
{
    return std::string(stdlib::text::trim_ascii(text));
}

const std::vector<Session::CommandSpec>& Session::command_table()
{
    using Args = CommandArguments;
    static const std::vector<CommandSpec> table = {
        {{":info"},
         ":info NAME             signature and documentation of an element (alias, declared, pkg/area::name)",
         ":info NAME", [](Session& s, const Args& a) { return s.show_info(a.words[0]); }},
        {{":list"}, ":list                  the elements in scope", "",
         [](Session& s, const Args&) { return s.show_list(); }},
        {{":graph"}, ":graph NAME [FORMAT]   the body of a treatment; FORMAT: ascii (default), dot, mermaid",
         ":graph NAME [ascii|dot|mermaid]", [](Session& s, const Args& a) { return s.show_graph(a.words); }},
        {{":eval"},
         ":eval VALUE [: TYPE]   evaluates a constant value (`|add<u64>(1, 2)`) and prints it with its type",
         ":eval VALUE [: TYPE]", [](Session& s, const Args& a) { return s.evaluate(a.rest); }},
        {{":run"}, ":run NAME [--p v …]    runs a treatment (--help lists its parameters); Ctrl-C stops the run",
         ":run NAME [--param value …]", [](Session& s, const Args& a) { return s.run(a.rest); }},
        {{":check"}, ":check                 every problem of the session", "",
         [](Session& s, const Args&) { return s.check_all(); }},
        {{":load"},
         ":load FILE             loads a program (Compo.toml or its folder, .mel, .jeu); the declarations "
         "start over",
         ":load FILE", [](Session& s, const Args& a) { return s.load(a.rest); }},
        {{":reload"}, ":reload                reads the loaded program again, keeping the declarations", "",
         [](Session& s, const Args&) { return s.reload(); }},
        {{":help", ":h", ":?"}, ":help                  this list", "",
         [](Session& s, const Args&) { return s.show_help(); }},
        {{":quit", ":q", ":exit"}, ":quit                  ends the session (also Ctrl-D)", "",
         [](Session& s, const Args&) {
             s.m_quit = true;
             return true;
         }},
    };
    return table;
}

Session::Session(SessionOptions options) : m_options(std::move(options)) {}

bool Session::load(const std::string& given)
{
    const std::string file = given.empty() ? given : *program_file(given); // a directory: its Compo.toml
    m_file.clear();
    m_base.reset();
    m_lookups.clear();
    m_known.clear();
    m_inputs = 0;
    Scratch::Base base;
    base.native_packages = native_registry().packages();
    bool ok = true;
    if (!file.empty()) {
        frontend::CheckRequest request{.file = file, .search_paths = m_options.search_paths, .all = true};
        auto loaded = load_program(request);
        const auto kind = loaded->program ? loaded->program->main_package->info().kind : frontend::PackageKind::File;
        if (!loaded->program) {
            print_diagnostics(stderr, *loaded);
            ok = false;
        } else if (kind == frontend::PackageKind::Standalone) {
            auto text = read_text(file);
            if (!text) {
                term::status_line(stderr, "failure", fmt::format("cannot read '{}'", file));
                ok = false;
            } else {
                m_file = file;
                base = {Scratch::Base::Kind::Standalone, file, loaded->program->main_package->info().name, "",
                        std::move(*text), base.native_packages};
            }
        } else {
            const auto& info = loaded->program->main_package->info();
            if (!loaded->diagnostics.empty())
                print_diagnostics(stderr, *loaded);
            ok = !loaded->diagnostics.has_errors();
            m_file = file;
            base = {Scratch::Base::Kind::Package, file, info.name, info.version.to_string(), "", base.native_packages};
            m_base = std::move(loaded);
        }
    }
    m_scratch.reset(std::move(base));
    recheck();
    if (!m_base && !m_file.empty()) {
        // A standalone file: its diagnostics, on the file itself.
        if (print_problems([](const frontend::Diagnostic&) { return true; }))
            ok = false;
    }
    return ok;
}

bool Session::execute(const std::string& input)
{
    const std::string text = trim(input);
    if (text.empty())
        return true;
    const bool ok = text.front() == ':' ? command(text) : declare(input);
    std::fflush(stdout);
    std::fflush(stderr);
    return ok;
}

bool Session::declare(const std::string& text)
{
    const unsigned input = ++m_inputs;
    auto declarations = parse_input(text, input, m_scratch.package_name(), stderr, m_options.colour_err);
    if (!declarations)
        return false;
    if (declarations->empty())
        return true;
    m_scratch.add(input, text, std::move(*declarations));
    recheck();
    return !print_new_problems(input);
}

bool Session::command(const std::string& line)
{
    const auto space = line.find_first_of(" \t");
    const std::string name = line.substr(0, space);
    CommandArguments arguments;
    arguments.rest = space == std::string::npos ? std::string() : trim(line.substr(space));
    arguments.words = split_words(arguments.rest);
    for (const auto& spec : command_table()) {
        if (std::find(spec.names.begin(), spec.names.end(), name) == spec.names.end())
            continue;
        if (!spec.usage.empty() && arguments.words.empty()) {
            term::status_line(stderr, "error", fmt::format("usage: {}", spec.usage));
            return false;
        }
        return spec.handler(*this, arguments);
    }
    term::status_line(stderr, "error", fmt::format("unknown command '{}' (:help lists the commands)", name));
    return false;
}

bool Session::show_help()
{
    std::string out = "Type `use`, `treatment` and `model` declarations to add them to the session's scratch area\n"
                      "(a later declaration of the same name replaces the earlier one), or a command:\n";
    for (const auto& spec : command_table())
        out += "  " + spec.help + "\n";
    out += "An unfinished declaration ends at a blank line when it waits for a body or a closing ')' or ']',\n"
           "at two blank lines otherwise; a :command line always runs as a command.\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return true;
}

void Session::recheck()
{
    m_checked = m_scratch.check(m_options.search_paths);
}

bool Session::print_problems(const std::function<bool(const frontend::Diagnostic&)>& select)
{
    // The selected diagnostics, copied into a Diagnostics of their own (same sources, same origins).
    frontend::Diagnostics chosen;
    for (std::uint32_t i = 0; i < m_checked.input_of_file.size(); ++i)
        if (const auto* origin = m_checked.diagnostics.origin(frontend::FileId{i}))
            chosen.set_origin(frontend::FileId{i}, origin->kind, origin->script_name);
    for (const auto& d : m_checked.diagnostics.sorted()) {
        if (!select(d))
            continue;
        auto builder = chosen.report(d.id, d.range);
        for (const auto& a : d.args)
            builder.arg(std::string_view(a));
        if (!d.word.empty())
            builder.word(d.word);
        for (const auto& note : d.notes)
            builder.note(note.range, note.message, note.label);
        if (d.order)
            builder.order_at(*d.order);
    }
    for (const auto& d : m_checked.diagnostics.sorted())
        m_known.insert(diagnostic_key(m_checked, d));
    if (!chosen.empty())
        frontend::render_all(stderr, m_checked.sources, chosen,
                             frontend::RenderOptions{.colour = m_options.colour_err, .excerpt = true});
    return chosen.has_errors();
}

bool Session::print_new_problems(unsigned input)
{
    // The input's own diagnostics, and those it caused elsewhere (not shown before).
    const std::set<std::string> known = m_known;
    return print_problems([&](const frontend::Diagnostic& d) {
        return input_of(m_checked, d) == input || !known.count(diagnostic_key(m_checked, d));
    });
}

bool Session::print_all_problems()
{
    bool errors = false;
    if (m_base && !m_base->diagnostics.empty()) {
        print_diagnostics(stderr, *m_base);
        errors = m_base->diagnostics.has_errors();
    }
    // With a package FILE, the problems of its own areas were printed with it.
    const bool package = m_base != nullptr;
    if (print_problems([&](const frontend::Diagnostic& d) {
            return !package || input_of(m_checked, d) != 0 || !d.range.file.valid();
        }))
        errors = true;
    return errors;
}

bool Session::check_all()
{
    if (print_all_problems())
        return false;
    std::printf("no problems found\n");
    return true;
}

bool Session::reload()
{
    if (m_file.empty()) {
        term::status_line(stderr, "error", "no program is loaded (:load FILE)");
        return false;
    }
    if (m_base) {
        frontend::CheckRequest request{.file = m_file, .search_paths = m_options.search_paths, .all = true};
        auto loaded = load_program(request);
        if (!loaded->program) {
            print_diagnostics(stderr, *loaded);
            return false;
        }
        m_base = std::move(loaded);
    } else {
        auto text = read_text(m_file);
        if (!text) {
            term::status_line(stderr, "failure", fmt::format("cannot read '{}'", m_file));
            return false;
        }
        m_scratch.set_file_text(std::move(*text));
    }
    m_lookups.clear();
    recheck();
    return !print_all_problems();
}

const frontend::sema::Program* Session::scratch_program() const
{
    return m_checked.loaded ? m_checked.loaded->program.get() : nullptr;
}

const frontend::sema::Program* Session::program_of(const Element& element) const
{
    std::vector<const frontend::sema::Program*> programs{scratch_program(),
                                                         m_base ? m_base->program.get() : nullptr};
    for (const auto& lookup : m_lookups)
        programs.push_back(lookup->program.get());
    for (const frontend::sema::Program* program : programs)
        if (program && program->find(element.id()) == &element)
            return program;
    MEL_ASSERT(false, "an element the session did not resolve");
    return nullptr;
}

bool Session::has_errors() const
{
    return m_checked.diagnostics.has_errors() || (m_base && m_base->diagnostics.has_errors());
}

const Element* Session::resolve(const std::string& name, std::string& problem)
{
    const frontend::sema::Program* scratch = scratch_program();
    const frontend::sema::Program* base = m_base ? m_base->program.get() : nullptr;
    auto find = [&](const Identifier& id) -> const Element* {
        for (const frontend::sema::Program* program : {scratch, base})
            if (program)
                if (const Element* e = program->find(id))
                    return e;
        for (const auto& lookup : m_lookups)
            if (lookup->program)
                if (const Element* e = lookup->program->find(id))
                    return e;
        return nullptr;
    };
    if (name.find("::") != std::string::npos) {
        auto id = Identifier::parse(name);
        if (!id) {
            problem = fmt::format("'{}' is not a valid identifier", name);
            return nullptr;
        }
        if (const Element* e = find(*id))
            return e;
        auto loaded = m_scratch.lookup(name, m_options.search_paths);
        if (loaded->program && loaded->program->find(*id)) {
            m_lookups.push_back(std::move(loaded));
            return m_lookups.back()->program->find(*id);
        }
        problem = fmt::format("no element '{}'", name);
        return nullptr;
    }
    if (const auto* area = m_checked.scratch_area()) {
        if (auto it = area->aliases.find(name); it != area->aliases.end())
            if (const Element* e = find(it->second))
                return e;
        if (auto it = area->treatments.find(name); it != area->treatments.end())
            return find(it->second->id);
        if (auto it = area->models.find(name); it != area->models.end())
            return find(it->second->id);
    }
    if (base) {
        for (const auto& [command, id] : base->entrypoints)
            if (command == name)
                if (const Element* e = find(id))
                    return e;
        for (const auto& area : base->areas())
            if (area->package == base->main_package) {
                if (auto it = area->treatments.find(name); it != area->treatments.end())
                    return find(it->second->id);
                if (auto it = area->models.find(name); it != area->models.end())
                    return find(it->second->id);
            }
    }
    problem = fmt::format("'{}' is not in scope (:list shows what is)", name);
    return nullptr;
}

bool Session::show_list()
{
    std::vector<std::array<std::string, 3>> imported, declared, entrypoints;
    auto kind_of = [&](const Identifier& id) {
        const frontend::sema::Program* base = m_base ? m_base->program.get() : nullptr;
        for (const frontend::sema::Program* program : {scratch_program(), base})
            if (program)
                if (const Element* e = program->find(id))
                    return std::string(element_kind_name(e->kind));
        return std::string("?");
    };
    if (const auto* area = m_checked.scratch_area()) {
        for (const auto& [alias, id] : area->aliases)
            imported.push_back({alias, kind_of(id), id.to_string()});
        for (const auto& [name, t] : area->treatments)
            declared.push_back({name, "treatment", t->id.to_string()});
        for (const auto& [name, m] : area->models)
            declared.push_back({name, "model", m->id.to_string()});
    }
    if (m_base && m_base->program)
        for (const auto& [command, id] : m_base->program->entrypoints)
            entrypoints.push_back({command, kind_of(id), id.to_string()});
    std::size_t width = 0;
    for (const auto* rows : {&imported, &declared, &entrypoints})
        for (const auto& row : *rows)
            width = std::max(width, row[0].size());
    std::string out;
    auto section = [&](const char* title, std::vector<std::array<std::string, 3>>& rows) {
        std::sort(rows.begin(), rows.end());
        out += title;
        out += rows.empty() ? " (none)\n" : "\n";
        for (const auto& row : rows)
            out += fmt::format("  {:<{}}  {:<9}  {}\n", row[0], width, row[1], row[2]);
    };
    section("imported", imported);
    section("declared", declared);
    if (m_base)
        section(fmt::format("entrypoints of {}", m_file).c_str(), entrypoints);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return true;
}

CompletionSource Session::completion_source() const
{
    CompletionSource source;
    for (const auto& spec : command_table())
        source.commands.push_back(spec.names.front());
    std::set<std::string> names, identifiers;
    auto add_program = [&](const frontend::sema::Program* program) {
        if (!program)
            return;
        for (const auto& area : program->areas()) {
            for (const auto& [name, t] : area->treatments)
                identifiers.insert(t->id.to_string());
            for (const auto& [name, m] : area->models)
                identifiers.insert(m->id.to_string());
        }
        for (const auto& [command, id] : program->entrypoints)
            names.insert(command);
    };
    add_program(scratch_program());
    add_program(m_base ? m_base->program.get() : nullptr);
    for (const Element* e : native_registry().elements())
        identifiers.insert(e->id().to_string());
    // The elements of the native packages' embedded areas (parsed once).
    static const std::vector<std::string> embedded = [] {
        std::vector<std::string> out;
        for (const auto& [area, text] : native_registry().mel_areas())
            for (const auto& element : declared_names(text))
                out.push_back(area + "::" + element);
        return out;
    }();
    identifiers.insert(embedded.begin(), embedded.end());
    if (const auto* area = m_checked.scratch_area()) {
        for (const auto& [alias, id] : area->aliases)
            names.insert(alias);
        for (const auto& [name, t] : area->treatments)
            names.insert(name);
        for (const auto& [name, m] : area->models)
            names.insert(name);
    }
    source.names.assign(names.begin(), names.end());
    source.identifiers.assign(identifiers.begin(), identifiers.end());
    const frontend::sema::Program* program = scratch_program();
    const frontend::sema::Area* area = m_checked.scratch_area();
    source.ports = [program, area](const std::string& type) -> std::optional<PortNames> {
        if (!program || !area)
            return std::nullopt;
        std::optional<Identifier> id;
        if (auto it = area->aliases.find(type); it != area->aliases.end())
            id = it->second;
        else if (auto t = area->treatments.find(type); t != area->treatments.end())
            id = t->second->id;
        const Element* e = id ? program->find(*id) : nullptr;
        if (!e || e->kind != ElementKind::Treatment)
            return std::nullopt;
        PortNames ports;
        for (const auto& p : e->treatment->inputs)
            ports.inputs.push_back(p.name);
        for (const auto& p : e->treatment->outputs)
            ports.outputs.push_back(p.name);
        return ports;
    };
    return source;
}

} // namespace mel::cli::repl

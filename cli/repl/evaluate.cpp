// `:eval VALUE [: TYPE]`: a constant value expression checked as the checker checks a parameter
// value (language.md §4.6), in the scratch area (its `use` aliases; no parameter and no context is
// visible), then evaluated by the engine as genesis does for const values.
//
// The expected type is TYPE when given; otherwise the function's return type (its generics as
// written), or for a literal its natural type: u64 (u128 when larger), i64 (i128) for negative
// integers, f64, string, char, byte, bool, `Vec` of the first element's type, `Option<void>` for `_`.
#include <cstdio>
#include <limits>

#include <fmt/format.h>

#include "cli/repl/session.h"
#include "frontend/parse/literals.h"
#include "frontend/parse/parser.h"
#include "frontend/sema/scope.h"
#include "packages/process/command.h"
#include "runtime/engine/eval.h"
#include "runtime/model/term.h"
#include "runtime/model/value_format.h"
#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"

namespace mel::cli::repl {

namespace {

using frontend::ast::Value;
namespace sema = frontend::sema;

Type natural_type(const Value& v, const sema::Scope& scope)
{
    switch (v.kind) {
    case Value::Kind::Number: {
        const auto n = frontend::classify_number(v.text);
        if (n.kind == frontend::NumberLiteral::Kind::Unsigned)
            return Type::core(n.unsigned_value <= std::numeric_limits<std::uint64_t>::max() ? CoreType::U64
                                                                                           : CoreType::U128);
        if (n.kind == frontend::NumberLiteral::Kind::Integer)
            return Type::core(n.integer_value >= std::numeric_limits<std::int64_t>::min() ? CoreType::I64
                                                                                         : CoreType::I128);
        return Type::core(CoreType::F64);
    }
    case Value::Kind::String:
    case Value::Kind::RawString: return Type::core(CoreType::String);
    case Value::Kind::Char: return Type::core(CoreType::Char);
    case Value::Kind::Byte: return Type::core(CoreType::Byte);
    case Value::Kind::None: return Type::option(Type());
    case Value::Kind::Name:
        return v.text == "true" || v.text == "false" ? Type::core(CoreType::Bool) : Type();
    case Value::Kind::Context: return Type();
    case Value::Kind::Array: return Type::vec(v.elements.empty() ? Type() : natural_type(v.elements.front(), scope));
    case Value::Kind::Function: {
        auto alias = scope.area.aliases.find(v.name.text);
        const Element* e = alias == scope.area.aliases.end() ? nullptr : scope.program.find(alias->second);
        if (!e || e->kind != ElementKind::Function)
            return Type(); // the check says why
        const FunctionDescriptor& f = *e->function;
        std::map<std::string, Type> substitution;
        frontend::Diagnostics ignored; // reported again by the check
        for (std::size_t i = 0; i < f.generics.size() && i < v.generics.size(); ++i)
            if (auto t = sema::resolve_generic_argument(v.generics[i], scope, f.generics[i], f.id.to_string(),
                                                        frontend::DiagId::FunctionTraitsUnsatisfied, ignored))
                substitution[f.generics[i].name] = *t;
        return f.return_type.substitute(substitution);
    }
    }
    return Type();
}

/// Display form, with data objects shown by content (`display` only names their type).
std::string value_text(const mel::Value& v)
{
    switch (v.kind()) {
    case mel::Value::Kind::Data: {
        // The maps of std/data show their entries (sorted by key), other objects their own text.
        std::string out;
        if (const auto* map = stdlib::data::StringMap::from(v)) {
            for (const auto& [key, value] : map->entries())
                out += (out.empty() ? "" : ", ") + display(mel::Value::string(key)) + ": " + display(mel::Value::string(value));
            return "{" + out + "}";
        }
        if (const auto* map = stdlib::data::Map::from(v)) {
            for (const auto& [key, value] : map->entries())
                out += (out.empty() ? "" : ", ") + display(mel::Value::string(key)) + ": " + value_text(value);
            return "{" + out + "}";
        }
        // A Command has no textual form of its own (no ToString nor Display in the reference, so
        // no program can see this one): its fields, named as the reference names them.
        if (const auto* command = packages::process::Command::from(v)) {
            for (const auto& argument : command->arguments())
                out += (out.empty() ? "" : ", ") + literal(mel::Value::string(argument));
            return fmt::format("Command {{ command: {}, arguments: [{}] }}", literal(mel::Value::string(command->program())),
                               out);
        }
        return v.as_data() ? v.as_data()->to_text() : std::string("_");
    }
    case mel::Value::Kind::Vec: {
        std::string out = "[";
        for (std::size_t i = 0; i < v.as_vec().size(); ++i)
            out += (i ? ", " : "") + value_text(v.as_vec()[i]);
        return out + "]";
    }
    case mel::Value::Kind::Option: return v.is_some() ? value_text(v.option_value()) : std::string("_");
    default: return display(v);
    }
}

} // namespace

bool evaluate_value(const std::string& text, const CheckedScratch& checked, const SessionOptions& options)
{
    const sema::Area* area = checked.scratch_area();
    if (!area) {
        term::status_line(stderr, "error", "the session's program could not be loaded (:check shows why)");
        return false;
    }
    const sema::Program& program = *checked.loaded->program;
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    const frontend::FileId file = sources.add("<eval>", text);
    diags.set_origin(file, frontend::PackageKind::Standalone, area->path.front());
    const auto render = [&] {
        frontend::render_all(stderr, sources, diags, frontend::RenderOptions{.colour = options.colour_err, .excerpt = true});
    };
    auto parsed = frontend::parse_value(sources, file, diags);
    if (auto* failure = std::get_if<frontend::ValueParseFailure>(&parsed)) {
        if (*failure == frontend::ValueParseFailure::Lexing && diags.empty())
            term::status_line(stderr, "error", fmt::format("'{}' cannot be read as a value", text));
        render();
        return false;
    }
    const Value& value = std::get<Value>(parsed);

    const sema::Scope scope{program, *area, area->path.front() + "::<eval>"};
    Type expected;
    const std::string rest = trim(std::string_view(text).substr(std::min<std::size_t>(value.range.end, text.size())));
    if (rest.empty()) {
        expected = natural_type(value, scope);
    } else if (rest.front() == ':') {
        const std::string type_text = trim(rest.substr(1));
        std::optional<Flow> flow;
        auto type = native_registry().parse_type(type_text, {}, &flow);
        if (!type || flow) {
            term::status_line(stderr, "error", fmt::format("'{}' is not a type", type_text));
            return false;
        }
        expected = *type;
    } else {
        term::status_line(stderr, "error", fmt::format("unexpected '{}' after the value (`: TYPE` gives its type)", rest));
        return false;
    }

    const sema::ValueSite site{sema::ValueSite::Kind::Instantiation, scope.host, "value",
                               frontend::ast::Name{"value", value.range}};
    auto expr = sema::check_value(value, expected, scope, site, diags);
    if (!expr || diags.has_errors()) {
        render();
        return false;
    }
    if (!diags.empty())
        render(); // warnings

    engine::EvalScope eval_scope;
    eval_scope.parameter = [](std::string_view name) -> Result<std::optional<mel::Value>> {
        return Error{fmt::format("no parameter '{}'", name)};
    };
    auto result = engine::evaluate(*expr, eval_scope);
    if (!result) {
        term::status_line(stderr, "error", result.error().message);
        return false;
    }
    if (!result.value()) {
        term::status_line(stderr, "error", "the value can only be computed in a track");
        return false;
    }
    std::printf("%s : %s\n", value_text(*result.value()).c_str(), expected.to_string().c_str());
    return true;
}

} // namespace mel::cli::repl

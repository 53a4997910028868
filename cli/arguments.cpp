// Entrypoint arguments (language.md §6.7): `--name value` / `--name=value`, converted by type.
#include "cli/arguments.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "frontend/diag/diagnostics.h"
#include "frontend/parse/parser.h"
#include "frontend/sema/scope.h"
#include "runtime/engine/world.h"
#include "runtime/model/int128.h"
#include "runtime/model/term.h"
#include "runtime/model/value_format.h"

namespace mel::cli {

namespace {

/// The error texts of Rust's integer parsing, which the reference prints.
Result<Value> convert_integer(CoreType t, const std::string& text)
{
    if (text.empty())
        return Error{"cannot parse integer from empty string"};
    std::size_t i = (text[0] == '+' || text[0] == '-') ? 1 : 0;
    if (i == text.size())
        return Error{"invalid digit found in string"};
    for (std::size_t k = i; k < text.size(); ++k)
        if (text[k] < '0' || text[k] > '9')
            return Error{"invalid digit found in string"};
    const bool negative = text[0] == '-';
    if (is_unsigned_integer(t)) {
        if (negative)
            return Error{"invalid digit found in string"};
        auto v = parse_u128(text);
        if (!v)
            return Error{"number too large to fit in target type"};
        const u128 max = t == CoreType::U8 ? 0xFF : t == CoreType::U16 ? 0xFFFF : t == CoreType::U32 ? 0xFFFFFFFFu
                       : t == CoreType::U64 ? static_cast<u128>(std::numeric_limits<std::uint64_t>::max()) : ~static_cast<u128>(0);
        if (*v > max)
            return Error{"number too large to fit in target type"};
        switch (t) {
        case CoreType::U8: return Value::u8(static_cast<std::uint8_t>(*v));
        case CoreType::U16: return Value::u16(static_cast<std::uint16_t>(*v));
        case CoreType::U32: return Value::u32(static_cast<std::uint32_t>(*v));
        case CoreType::U64: return Value::u64(static_cast<std::uint64_t>(*v));
        default: return Value::u128(*v);
        }
    }
    auto v = parse_i128(text);
    if (!v)
        return Error{negative ? "number too small to fit in target type" : "number too large to fit in target type"};
    const int bits = t == CoreType::I8 ? 8 : t == CoreType::I16 ? 16 : t == CoreType::I32 ? 32 : t == CoreType::I64 ? 64 : 128;
    if (bits < 128) {
        const i128 max = (static_cast<i128>(1) << (bits - 1)) - 1;
        if (*v > max)
            return Error{"number too large to fit in target type"};
        if (*v < -max - 1)
            return Error{"number too small to fit in target type"};
    }
    switch (t) {
    case CoreType::I8: return Value::i8(static_cast<std::int8_t>(*v));
    case CoreType::I16: return Value::i16(static_cast<std::int16_t>(*v));
    case CoreType::I32: return Value::i32(static_cast<std::int32_t>(*v));
    case CoreType::I64: return Value::i64(static_cast<std::int64_t>(*v));
    default: return Value::i128(*v);
    }
}

Result<Value> convert_float(CoreType t, const std::string& text)
{
    if (text.empty())
        return Error{"cannot parse float from empty string"};
    // Rust accepts `inf`, `infinity`, `nan` in any case, an optional sign, and plain decimal forms.
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(begin, &end);
    const bool hex = text.find_first_of("xX") != std::string::npos;
    if (end != begin + text.size() || hex || std::isspace(static_cast<unsigned char>(text[0])))
        return Error{"invalid float literal"};
    return t == CoreType::F32 ? Value::f32(static_cast<float>(std::strtof(begin, nullptr))) : Value::f64(d);
}

} // namespace

bool naively_convertible(const Type& type)
{
    if (type.is_option())
        return naively_convertible(type.inner());
    return type.is_core() && !type.is_core(CoreType::Void);
}

Result<Value> convert_argument(const Type& type, const std::string& text)
{
    if (type.is_option()) {
        if (text.empty() || text == "_")
            return Value::none();
        auto inner = convert_argument(type.inner(), text);
        if (!inner)
            return inner;
        return Value::some(std::move(inner).value());
    }
    const CoreType t = type.core_type();
    if (is_integer(t))
        return convert_integer(t, text);
    if (is_float(t))
        return convert_float(t, text);
    switch (t) {
    case CoreType::Bool:
        if (text == "true" || text == "false")
            return Value::boolean(text == "true");
        return Error{"provided string was not `true` or `false`"};
    case CoreType::Byte: {
        auto v = convert_integer(CoreType::U8, text);
        if (!v)
            return v;
        return Value::byte(v.value().as_u8());
    }
    case CoreType::Char: {
        if (text.empty())
            return Error{"cannot parse char from empty string"};
        // exactly one UTF-8 encoded character
        const auto lead = static_cast<unsigned char>(text[0]);
        const std::size_t length = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : 4;
        if (text.size() != length)
            return Error{"too many characters in string"};
        char32_t c = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (std::size_t i = 1; i < length; ++i)
            c = (c << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
        return Value::character(c);
    }
    case CoreType::String: return Value::string(text);
    default: return Error{"cannot be converted"};
    }
}

namespace {

/// `--parse-arguments`: the text as one Mélodium value (the reference's messages, language.md §6.7).
std::variant<Value, ArgumentFailure> parsed_argument(const std::string& name, const Type& type, const std::string& text)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    const frontend::FileId file = sources.add("argument " + name, text);
    auto parsed = frontend::parse_value(sources, file, diags);
    const auto first_message = [&] {
        const auto all = diags.sorted();
        return all.empty() ? std::string("no value") : frontend::render_message(sources, diags, all.front());
    };
    if (auto* failure = std::get_if<frontend::ValueParseFailure>(&parsed)) {
        if (*failure == frontend::ValueParseFailure::Lexing)
            return ArgumentFailure{ArgumentError::Conversion, fmt::format("argument '{}' cannot be parsed", name)};
        return ArgumentFailure{ArgumentError::Conversion,
                               fmt::format("argument '{}' cannot be parsed: {}", name, first_message())};
    }
    auto value = frontend::sema::literal_value(std::get<frontend::ast::Value>(parsed), type, diags);
    if (!value || diags.has_errors())
        return ArgumentFailure{ArgumentError::Conversion,
                               fmt::format("parameter '{}' is type '{}': {}", name, type.to_string(), first_message())};
    return *std::move(value);
}

} // namespace

std::variant<BoundArguments, ArgumentFailure> bind_arguments(const TreatmentDescriptor& entry,
                                                             const std::vector<std::string>& args, bool parse)
{
    BoundArguments bound;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string word = args[i];
        if (word == "--" )
            continue;
        if (word.rfind("--", 0) != 0)
            return ArgumentFailure{ArgumentError::Usage, fmt::format("unexpected argument '{}'", word)};
        std::string name = word.substr(2), text;
        bool has_text = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            text = name.substr(eq + 1);
            name.resize(eq);
            has_text = true;
        }
        const Parameter* param = entry.parameter(name);
        if (!param)
            return ArgumentFailure{ArgumentError::Usage, fmt::format("unexpected argument '--{}' found", name)};
        if (!has_text) {
            if (i + 1 >= args.size() || (args[i + 1].rfind("--", 0) == 0 && args[i + 1].size() > 2))
                return ArgumentFailure{ArgumentError::Usage,
                                       fmt::format("a value is required for '--{0} <{0}>' but none was supplied", name)};
            text = args[++i];
        }
        if (bound.values.count(name))
            return ArgumentFailure{ArgumentError::Usage,
                                   fmt::format("the argument '--{0} <{0}>' cannot be used multiple times", name)};
        if (parse) {
            auto value = parsed_argument(name, param->type, text);
            if (auto* failure = std::get_if<ArgumentFailure>(&value))
                return *failure;
            bound.values[name] = std::get<Value>(std::move(value));
            continue;
        }
        if (!naively_convertible(param->type))
            return ArgumentFailure{ArgumentError::Conversion,
                                   fmt::format("parameter '{}' is type '{}', that cannot be set up without parsing, "
                                               "see --parse-arguments option",
                                               name, param->type.to_string())};
        auto value = convert_argument(param->type, text);
        if (!value)
            return ArgumentFailure{ArgumentError::Conversion, fmt::format("parameter '{}' is type '{}': {} ", name,
                                                                          param->type.to_string(), value.error().message)};
        bound.values[name] = std::move(value).value();
    }
    return bound;
}

bool asks_for_help(const TreatmentDescriptor& entry, const std::vector<std::string>& args)
{
    for (const auto& word : args) {
        if (word == "--")
            return false;
        if ((word == "--help" && !entry.parameter("help")) || (word == "-h" && !entry.parameter("h")))
            return true;
    }
    return false;
}

ProgramWords program_words(std::vector<std::string> words)
{
    ProgramWords out;
    std::size_t i = 0;
    if (i < words.size() && words[i] == "--")
        ++i;
    if (i < words.size() && !words[i].empty() && words[i][0] != '-') {
        out.command = words[i++];
        if (i < words.size() && words[i] == "--" && words.front() != "--")
            ++i;
    }
    out.arguments.assign(std::make_move_iterator(words.begin() + static_cast<std::ptrdiff_t>(i)),
                         std::make_move_iterator(words.end()));
    return out;
}

namespace {

/// A launch check's failure as the diagnostic table words it.
std::string launch_message(frontend::DiagId id, const std::vector<std::string>& args)
{
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    {
        auto report = diags.report(id);
        for (const auto& arg : args)
            report.arg(arg);
    }
    return frontend::render_message(sources, diags, diags.sorted().front());
}

} // namespace

std::vector<std::string> entry_problems(const TreatmentDescriptor& entry)
{
    if (!entry.generics.empty())
        return {launch_message(frontend::DiagId::EntrypointWithGenerics, {})};
    if (!entry.models.empty())
        return {launch_message(frontend::DiagId::EntrypointWithSlots, {entry.id.to_string()})};
    return {};
}

std::vector<std::string> implementation_problems(const TreatmentDescriptor& entry)
{
    std::vector<std::string> messages;
    for (const auto& id : engine::missing_implementations(entry))
        messages.push_back(launch_message(frontend::DiagId::EntryNotImplemented, {id.to_string()}));
    return messages;
}

std::vector<std::string> missing_parameters(const TreatmentDescriptor& entry, const std::map<std::string, Value>& values)
{
    std::vector<std::string> messages;
    if (!entry.inputs.empty() || !entry.outputs.empty())
        return messages;
    for (const auto& p : entry.parameters)
        if (!p.default_value && !values.count(p.name))
            messages.push_back(
                launch_message(frontend::DiagId::LaunchMissingParameter, {p.name, p.type.to_string()}));
    return messages;
}

bool report_launch_problems(const std::vector<std::string>& problems)
{
    for (std::size_t i = 0; i < problems.size(); ++i)
        term::status_line(stderr, i ? "error" : "failure", problems[i]);
    return problems.empty();
}

} // namespace mel::cli

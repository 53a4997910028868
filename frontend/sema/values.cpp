// Values and literal typing (language.md §4.6) and the const/var rule (§4.7).
#include <algorithm>
#include <limits>
#include <variant>

#include "frontend/parse/literals.h"
#include "frontend/sema/scope.h"
#include "frontend/sema/shell_syntax.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend::sema {

namespace {

using Reason = std::string;
using Converted = std::variant<Value, Reason>;

std::string expected_reason(CoreType t)
{
    switch (t) {
    case CoreType::Void: return "Void expected";
    case CoreType::Bool: return "Boolean value expected.";
    case CoreType::String: return "String value expected.";
    default: return std::string(core_type_name(t)) + " value expected.";
    }
}

std::string too_large(CoreType t) { return "Value too large for " + std::string(core_type_name(t)) + "."; }

template<class T>
bool fits(const NumberLiteral& n)
{
    if (n.kind == NumberLiteral::Kind::Unsigned)
        return n.unsigned_value <= static_cast<u128>(std::numeric_limits<T>::max());
    if constexpr (std::numeric_limits<T>::is_signed)
        return n.integer_value >= static_cast<i128>(std::numeric_limits<T>::min()) &&
               n.integer_value <= static_cast<i128>(std::numeric_limits<T>::max());
    else
        return n.integer_value >= 0 && n.integer_value <= static_cast<i128>(std::numeric_limits<T>::max());
}

/// An integer literal into a core type (the reference's make_executive_value).
Converted convert_number(const NumberLiteral& n, CoreType t)
{
    const bool integer = n.kind != NumberLiteral::Kind::Real;
    const auto as_i128 = [&] { return n.kind == NumberLiteral::Kind::Unsigned ? static_cast<i128>(n.unsigned_value) : n.integer_value; };
    const auto as_u128 = [&] { return n.kind == NumberLiteral::Kind::Unsigned ? n.unsigned_value : static_cast<u128>(n.integer_value); };
    switch (t) {
    case CoreType::I8: return !integer ? Converted(expected_reason(t)) : fits<std::int8_t>(n) ? Converted(Value::i8(static_cast<std::int8_t>(as_i128()))) : Converted(too_large(t));
    case CoreType::I16: return !integer ? Converted(expected_reason(t)) : fits<std::int16_t>(n) ? Converted(Value::i16(static_cast<std::int16_t>(as_i128()))) : Converted(too_large(t));
    case CoreType::I32: return !integer ? Converted(expected_reason(t)) : fits<std::int32_t>(n) ? Converted(Value::i32(static_cast<std::int32_t>(as_i128()))) : Converted(too_large(t));
    case CoreType::I64: return !integer ? Converted(expected_reason(t)) : fits<std::int64_t>(n) ? Converted(Value::i64(static_cast<std::int64_t>(as_i128()))) : Converted(too_large(t));
    case CoreType::I128:
        if (!integer)
            return expected_reason(t);
        if (n.kind == NumberLiteral::Kind::Unsigned && n.unsigned_value > static_cast<u128>(std::numeric_limits<std::int64_t>::max()) &&
            n.unsigned_value > (~static_cast<u128>(0) >> 1))
            return too_large(t);
        return Value::i128(as_i128());
    case CoreType::U8: return !integer ? Converted(expected_reason(t)) : fits<std::uint8_t>(n) ? Converted(Value::u8(static_cast<std::uint8_t>(as_u128()))) : Converted(too_large(t));
    case CoreType::U16: return !integer ? Converted(expected_reason(t)) : fits<std::uint16_t>(n) ? Converted(Value::u16(static_cast<std::uint16_t>(as_u128()))) : Converted(too_large(t));
    case CoreType::U32: return !integer ? Converted(expected_reason(t)) : fits<std::uint32_t>(n) ? Converted(Value::u32(static_cast<std::uint32_t>(as_u128()))) : Converted(too_large(t));
    case CoreType::U64: return !integer ? Converted(expected_reason(t)) : fits<std::uint64_t>(n) ? Converted(Value::u64(static_cast<std::uint64_t>(as_u128()))) : Converted(too_large(t));
    case CoreType::U128:
        if (!integer)
            return expected_reason(t);
        if (n.kind == NumberLiteral::Kind::Integer && n.integer_value < 0)
            return too_large(t);
        return Value::u128(as_u128());
    case CoreType::F32:
        if (!integer)
            return Value::f32(static_cast<float>(n.real_value));
        // The reference converts through i16/u16 only (f32 holds them exactly).
        if (n.kind == NumberLiteral::Kind::Unsigned ? fits<std::uint16_t>(n) : fits<std::int16_t>(n))
            return Value::f32(static_cast<float>(as_i128()));
        return too_large(t);
    case CoreType::F64:
        if (!integer)
            return Value::f64(n.real_value);
        if (n.kind == NumberLiteral::Kind::Unsigned ? fits<std::uint32_t>(n) : fits<std::int32_t>(n))
            return Value::f64(static_cast<double>(as_i128()));
        return too_large(t);
    case CoreType::Byte: return !integer ? Converted(expected_reason(t)) : fits<std::uint8_t>(n) ? Converted(Value::byte(static_cast<std::uint8_t>(as_u128()))) : Converted(too_large(t));
    case CoreType::Char: {
        if (!integer)
            return expected_reason(t);
        if (!fits<std::uint32_t>(n))
            return std::string("Value too large for char.");
        const auto code = static_cast<std::uint32_t>(as_u128());
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return std::string("Value cannot be a char.");
        return Value::character(static_cast<char32_t>(code));
    }
    default: return expected_reason(t);
    }
}

bool is_literal(const ast::Value& v)
{
    switch (v.kind) {
    case ast::Value::Kind::Number:
    case ast::Value::Kind::String:
    case ast::Value::Kind::RawString:
    case ast::Value::Kind::Char:
    case ast::Value::Kind::Byte:
    case ast::Value::Kind::None: return true;
    case ast::Value::Kind::Name: return v.text == "true" || v.text == "false";
    default: return false;
    }
}

/// The reference's make_executive_value: a literal (or array of literals) into `expected`.
/// Malformed string/char/byte tokens are reported here (S0185/S0186/S0150) and yield a reason too.
Converted convert_literal(const ast::Value& v, const Type& expected, Diagnostics& diags)
{
    if (!expected.wrappers().empty()) {
        if (expected.is_option()) {
            if (v.kind == ast::Value::Kind::None)
                return Value::none();
            Converted inner = convert_literal(v, expected.inner(), diags);
            if (auto* value = std::get_if<Value>(&inner))
                return Value::some(std::move(*value));
            return inner;
        }
        if (v.kind != ast::Value::Kind::Array)
            return std::string("Vector expected");
        std::vector<Value> elements;
        const Type inner = expected.inner();
        for (const auto& e : v.elements) {
            Converted c = convert_literal(e, inner, diags);
            if (auto* reason = std::get_if<Reason>(&c))
                return *reason;
            elements.push_back(std::get<Value>(std::move(c)));
        }
        return Value::vec(std::move(elements));
    }
    if (expected.leaf_kind() == Type::LeafKind::Data)
        return std::string("Object cannot be build from script");
    const CoreType t = expected.core_type();
    switch (v.kind) {
    case ast::Value::Kind::None:
        return t == CoreType::Void ? Converted(Value()) : Converted(expected_reason(t));
    case ast::Value::Kind::Number: return convert_number(classify_number(v.text), t);
    case ast::Value::Kind::String: {
        auto decoded = decode_string_literal(v.text);
        if (!decoded) {
            diags.report(DiagId::BadString, v.range).arg(v.text);
            return std::string("malformed string");
        }
        return t == CoreType::String ? Converted(Value::string(*std::move(decoded))) : Converted(expected_reason(t));
    }
    case ast::Value::Kind::RawString:
        return t == CoreType::String ? Converted(Value::string(raw_string_content(v.text))) : Converted(expected_reason(t));
    case ast::Value::Kind::Char: {
        auto c = decode_char_literal(v.text);
        if (!c) {
            diags.report(DiagId::BadCharacter, v.range).arg(v.text);
            return std::string("malformed character");
        }
        return t == CoreType::Char ? Converted(Value::character(*c)) : Converted(expected_reason(t));
    }
    case ast::Value::Kind::Byte: {
        auto b = decode_byte_literal(v.text);
        if (!b) {
            diags.report(DiagId::BadByte, v.range).arg(v.text);
            return std::string("malformed byte");
        }
        return t == CoreType::Byte ? Converted(Value::byte(*b)) : Converted(expected_reason(t));
    }
    case ast::Value::Kind::Name:
        if (t == CoreType::Bool && (v.text == "true" || v.text == "false"))
            return Value::boolean(v.text == "true");
        return expected_reason(t);
    default: return expected_reason(t);
    }
}

/// The token a value error quotes and points at (§4.6): the literal, the closing `]` of an array,
/// the function token of a call.
std::pair<std::string, SourceRange> value_token(const ast::Value& v)
{
    switch (v.kind) {
    case ast::Value::Kind::Array: return {"]", v.closing};
    case ast::Value::Kind::Function: return {v.name.text, v.name.range};
    case ast::Value::Kind::Context: return {v.name.text, v.name.range};
    case ast::Value::Kind::Name: return {v.text, v.range};
    default: return {v.text, v.range};
    }
}

/// D1005 on the literal lines given to `process/command::|raw_command(s)` that cannot be split, D1003 on
/// those that hold shell syntax.
void warn_shell_syntax_in(const std::string& callee, const ast::Value& v, Diagnostics& diags)
{
    if (v.kind == ast::Value::Kind::Array) {
        for (const auto& e : v.elements)
            warn_shell_syntax_in(callee, e, diags);
        return;
    }
    std::optional<std::string> line;
    if (v.kind == ast::Value::Kind::String)
        line = decode_string_literal(v.text);
    else if (v.kind == ast::Value::Kind::RawString)
        line = raw_string_content(v.text);
    if (!line)
        return;
    if (auto problem = split_problem(*line)) {
        const std::string function = callee.substr(callee.find("::") + 2);
        diags
            .report(function == "|raw_commands" ? DiagId::CommandLineUnsplittable
                                                : DiagId::CommandLineUnsplittableNone,
                    v.range)
            .arg(*line)
            .arg(split_problem_text(*problem))
            .arg(function);
        return;
    }
    if (auto found = shell_syntax(*line))
        diags.report(DiagId::ShellSyntaxInCommand, v.range).arg(*line).arg(*found).arg(in_shell(*line));
}

class ValueChecker {
public:
    ValueChecker(const Scope& scope, const ValueSite& site, Diagnostics& diags)
        : m_scope(scope), m_site(site), m_diags(diags)
    {
    }

    std::optional<ValueExpr> check(const ast::Value& v, const Type& expected);

private:
    std::optional<ValueExpr> literal(const ast::Value& v, const Type& expected);
    std::optional<ValueExpr> parameter(const ast::Value& v, const Type& expected);
    std::optional<ValueExpr> context(const ast::Value& v, const Type& expected);
    std::optional<ValueExpr> function(const ast::Value& v, const Type& expected);
    std::optional<ValueExpr> array(const ast::Value& v, const Type& expected);
    void value_error(const ast::Value& v, const std::string& reason);
    void warn_shell_syntax(const std::string& callee, const ast::Value& call) const
    {
        if (callee == "process/command::|raw_command" || callee == "process/command::|raw_commands" ||
            callee == "process/command::|checked_raw_commands")
            for (const auto& argument : call.elements)
                warn_shell_syntax_in(callee, argument, m_diags);
    }
    void mismatch(DiagId id, const ast::Value& v, const Type& expected, const Type& given);

    const Scope& m_scope;
    const ValueSite& m_site;
    Diagnostics& m_diags;
};

void ValueChecker::value_error(const ast::Value& v, const std::string& reason)
{
    auto [text, range] = value_token(v);
    m_diags.report(m_site.kind == ValueSite::Kind::Default ? DiagId::DefaultValueError : DiagId::ValueError, range)
        .arg(text)
        .arg(reason);
}

void ValueChecker::mismatch(DiagId id, const ast::Value& v, const Type& expected, const Type& given)
{
    m_diags.report(id, m_site.word.range)
        .arg(m_site.parameter)
        .arg(m_site.callee)
        .arg(m_scope.host)
        .arg(type_with_detail(expected))
        .arg(value_token(v).first)
        .arg(type_with_detail(given));
}

std::optional<ValueExpr> ValueChecker::check(const ast::Value& v, const Type& expected)
{
    if (is_literal(v))
        return literal(v, expected);
    if (m_site.kind == ValueSite::Kind::Default) {
        // Defaults are self-contained literals (§4.5): anything else fails like a literal would.
        if (v.kind == ast::Value::Kind::Array)
            return array(v, expected);
        value_error(v, expected.wrappers().empty() && expected.leaf_kind() == Type::LeafKind::Core
                           ? expected_reason(expected.core_type())
                           : std::string("Vector expected"));
        return std::nullopt;
    }
    switch (v.kind) {
    case ast::Value::Kind::Name: return parameter(v, expected);
    case ast::Value::Kind::Context: return context(v, expected);
    case ast::Value::Kind::Function: return function(v, expected);
    case ast::Value::Kind::Array: return array(v, expected);
    default: return std::nullopt;
    }
}

std::optional<ValueExpr> ValueChecker::literal(const ast::Value& v, const Type& expected)
{
    if (expected.contains_generic()) {
        // A literal cannot be typed by a generic (quirk S0109, §4.6); `_` is a none of any Option.
        if (expected.is_option() && v.kind == ast::Value::Kind::None)
            return ValueExpr{.kind = ValueExpr::Kind::Literal, .literal = Value::none()};
        auto [text, range] = value_token(v);
        m_diags.report(DiagId::GenericContainerValue, range).arg(text);
        return std::nullopt;
    }
    Converted c = convert_literal(v, expected, m_diags);
    if (auto* reason = std::get_if<Reason>(&c)) {
        if (reason->rfind("malformed", 0) != 0)
            value_error(v, *reason);
        return std::nullopt;
    }
    return ValueExpr{.kind = ValueExpr::Kind::Literal, .literal = std::get<Value>(std::move(c))};
}

std::optional<ValueExpr> ValueChecker::parameter(const ast::Value& v, const Type& expected)
{
    const Parameter* found = nullptr;
    if (m_scope.parameters)
        for (const auto& p : *m_scope.parameters)
            if (p.name == v.text)
                found = &p;
    if (!found) {
        auto report = m_diags.report(DiagId::NoSuchParameter, v.range);
        report.arg(v.text);
        std::vector<std::string> names;
        if (m_scope.parameters)
            for (const auto& p : *m_scope.parameters)
                names.push_back(p.name);
        suggest_closest(report, v.text, names);
        return std::nullopt;
    }
    if (!(found->type == expected)) {
        mismatch(DiagId::ParameterTypeMismatch, v, expected, found->type);
        return std::nullopt;
    }
    return ValueExpr{.kind = ValueExpr::Kind::Parameter, .name = v.text, .variability = found->variability};
}

std::optional<ValueExpr> ValueChecker::context(const ast::Value& v, const Type& expected)
{
    auto alias = m_scope.area.aliases.find(v.name.text);
    const bool required =
        alias != m_scope.area.aliases.end() && m_scope.contexts &&
        std::find(m_scope.contexts->begin(), m_scope.contexts->end(), alias->second) != m_scope.contexts->end();
    if (!required) {
        m_diags.report(DiagId::NoSuchContext, v.name.range).arg(v.name.text);
        return std::nullopt;
    }
    const Element* element = m_scope.program.find(alias->second);
    if (!element || element->kind != ElementKind::Context)
        return std::nullopt; // reported where the `require` was resolved
    const Type* field = element->context->field(v.field.text);
    if (!field) {
        m_diags.report(DiagId::ContextFieldUnknown, m_site.word.range)
            .arg(v.field.text)
            .arg(m_site.parameter)
            .arg(alias->second.to_string())
            .arg(m_scope.host);
        return std::nullopt;
    }
    if (!(*field == expected)) {
        mismatch(DiagId::ContextTypeMismatch, v, expected, *field);
        return std::nullopt;
    }
    return ValueExpr{.kind = ValueExpr::Kind::Context,
                     .name = v.field.text,
                     .context = alias->second,
                     .variability = Variability::Var};
}

std::optional<ValueExpr> ValueChecker::array(const ast::Value& v, const Type& expected)
{
    if (expected.is_option() && expected.inner().is_vec() && m_site.kind != ValueSite::Kind::Default) {
        // The reference does not wrap arrays into Option<Vec<…>> outside defaults (quirk, D0226).
        mismatch(DiagId::ArrayIntoOption, v, expected, expected.inner());
        return std::nullopt;
    }
    Type target = expected;
    bool wrap = false;
    if (expected.is_option() && expected.inner().is_vec()) {
        target = expected.inner();
        wrap = true;
    }
    if (!target.is_vec()) {
        auto [text, range] = value_token(v);
        m_diags.report(DiagId::ValueNotOfType, range).arg(text);
        return std::nullopt;
    }
    const Type inner = target.inner();
    ValueExpr out{.kind = ValueExpr::Kind::Array};
    bool ok = true;
    for (const auto& e : v.elements) {
        auto checked = check(e, inner);
        if (!checked) {
            ok = false;
            continue;
        }
        if (checked->variability == Variability::Var)
            out.variability = Variability::Var;
        out.elements.push_back(*std::move(checked));
    }
    if (!ok)
        return std::nullopt;
    // An array of literals is itself a literal.
    if (std::all_of(out.elements.begin(), out.elements.end(), [](const ValueExpr& e) { return e.kind == ValueExpr::Kind::Literal; })) {
        std::vector<Value> values;
        for (auto& e : out.elements)
            values.push_back(std::move(e.literal));
        Value vec = Value::vec(std::move(values));
        return ValueExpr{.kind = ValueExpr::Kind::Literal, .literal = wrap ? Value::some(std::move(vec)) : std::move(vec)};
    }
    return out;
}

std::optional<ValueExpr> ValueChecker::function(const ast::Value& v, const Type& expected)
{
    auto alias = m_scope.area.aliases.find(v.name.text);
    if (alias == m_scope.area.aliases.end()) {
        auto report = m_diags.report(DiagId::FunctionNotImported, v.name.range);
        report.arg(v.name.text);
        explain_not_imported(report, m_scope, v.name.text, ElementKind::Function);
        return std::nullopt;
    }
    const Element* element = m_scope.program.find(alias->second);
    if (!element)
        return std::nullopt; // the `use` was reported at load time
    if (element->kind != ElementKind::Function) {
        m_diags.report(DiagId::NotAFunction, v.name.range).arg(v.name.text);
        return std::nullopt;
    }
    const FunctionDescriptor& f = *element->function;
    const std::string callee = f.id.to_string();

    // Generics: positional and mandatory; extra ones are ignored (§4.6).
    ValueExpr out{.kind = ValueExpr::Kind::Function, .function = element->function};
    std::map<std::string, Type> substitution;
    bool ok = true;
    for (std::size_t i = 0; i < f.generics.size(); ++i) {
        if (i >= v.generics.size()) {
            m_diags.report(DiagId::FunctionGenericMissing, v.name.range).arg(v.name.text).arg(i);
            return std::nullopt;
        }
        auto type = resolve_generic_argument(v.generics[i], m_scope, f.generics[i], callee, DiagId::FunctionTraitsUnsatisfied,
                                             m_diags);
        if (!type) {
            ok = false;
            continue;
        }
        substitution[f.generics[i].name] = *type;
        out.generics.push_back(*type);
    }
    if (!ok)
        return std::nullopt;

    if (v.elements.size() < f.parameters.size()) {
        m_diags.report(DiagId::FunctionParameterMissing, v.name.range).arg(v.name.text).arg(v.elements.size());
        return std::nullopt;
    }
    if (v.elements.size() > f.parameters.size()) {
        m_diags.report(DiagId::FunctionArity, v.name.range).word(v.name.text).arg(callee).arg(m_scope.host);
        return std::nullopt;
    }
    for (std::size_t i = 0; i < f.parameters.size(); ++i) {
        const ValueSite site{ValueSite::Kind::FunctionArgument, callee, f.parameters[i].name, m_site.word};
        auto arg = ValueChecker(m_scope, site, m_diags).check(v.elements[i], f.parameters[i].type.substitute(substitution));
        if (!arg) {
            ok = false;
            continue;
        }
        if (arg->variability == Variability::Var)
            out.variability = Variability::Var;
        out.elements.push_back(*std::move(arg));
    }
    if (!ok)
        return std::nullopt;

    warn_shell_syntax(callee, v);

    const Type returned = f.return_type.substitute(substitution);
    if (auto generic = undeclared_generic(returned, m_scope)) {
        m_diags.report(DiagId::FunctionReturnGeneric, v.name.range)
            .word(v.name.text)
            .arg(*generic)
            .arg("generic " + *generic)
            .arg(callee)
            .arg(m_scope.host);
        return std::nullopt;
    }
    if (!(returned == expected)) {
        mismatch(DiagId::FunctionReturnMismatch, v, expected, returned);
        return std::nullopt;
    }
    return out;
}

} // namespace

std::optional<ValueExpr> check_value(const ast::Value& value, const Type& expected, const Scope& scope,
                                     const ValueSite& site, Diagnostics& diags)
{
    return ValueChecker(scope, site, diags).check(value, expected);
}

std::optional<Value> literal_value(const ast::Value& value, const Type& expected, Diagnostics& diags)
{
    Converted c = convert_literal(value, expected, diags);
    if (auto* reason = std::get_if<Reason>(&c)) {
        auto [text, range] = value_token(value);
        diags.report(DiagId::DefaultValueError, range).arg(text).arg(*reason);
        return std::nullopt;
    }
    return std::get<Value>(std::move(c));
}

} // namespace mel::frontend::sema

namespace mel::frontend::sema {

void check_variability(const ValueExpr& expr, const ast::Value& v, Variability expected, const Scope& scope,
                       const ValueSite& site, Diagnostics& diags)
{
    if (expected == Variability::Var || expr.variability == Variability::Const)
        return;
    switch (expr.kind) {
    case ValueExpr::Kind::Parameter:
        diags.report(DiagId::ConstFedByVar, site.word.range).arg(site.parameter).arg(site.callee).arg(v.text).arg(scope.host);
        return;
    case ValueExpr::Kind::Context:
        diags.report(DiagId::ConstFedByContext, site.word.range)
            .arg(site.parameter)
            .arg(site.callee)
            .arg(expr.context.to_string())
            .arg(scope.host);
        return;
    case ValueExpr::Kind::Function:
        diags.report(DiagId::ConstFedByVarFunction, site.word.range)
            .arg(site.parameter)
            .arg(site.callee)
            .arg(expr.function->id.to_string())
            .arg(scope.host);
        return;
    case ValueExpr::Kind::Array:
        for (std::size_t i = 0; i < expr.elements.size() && i < v.elements.size(); ++i)
            if (expr.elements[i].variability == Variability::Var) {
                check_variability(expr.elements[i], v.elements[i], expected, scope, site, diags);
                return;
            }
        return;
    case ValueExpr::Kind::Literal: return;
    }
}

} // namespace mel::frontend::sema

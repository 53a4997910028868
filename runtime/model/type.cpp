#include "runtime/model/type.h"

#include <array>

#include "runtime/model/assert.h"
#include "runtime/model/value.h"

namespace mel {

namespace {

constexpr std::array<std::string_view, k_trait_count> k_trait_names = {
#define MEL_TRAIT(name) #name,
#include "runtime/model/traits.def"
#undef MEL_TRAIT
};

using C = CoreType;

constexpr bool one_of(CoreType t, std::initializer_list<CoreType> list)
{
    for (CoreType c : list)
        if (c == t)
            return true;
    return false;
}

/// Rank of an integer type inside its signedness family: 8→0 … 128→4.
constexpr int width_rank(CoreType t)
{
    return is_signed_integer(t) ? static_cast<int>(t) - static_cast<int>(C::I8)
                                : static_cast<int>(t) - static_cast<int>(C::U8);
}

/// `To<target>` for integers: lossless widening only (language.md §4.8).
constexpr bool widens_to(CoreType t, CoreType target)
{
    if (is_signed_integer(target)) {
        if (is_signed_integer(t))
            return width_rank(t) <= width_rank(target);
        if (is_unsigned_integer(t))
            return width_rank(t) < width_rank(target);
        return false;
    }
    if (is_unsigned_integer(target))
        return is_unsigned_integer(t) && width_rank(t) <= width_rank(target);
    return false;
}

} // namespace

std::string_view flow_name(Flow f) { return f == Flow::Block ? "Block" : "Stream"; }

std::string_view trait_name(Trait t) { return k_trait_names[static_cast<std::size_t>(t)]; }

std::optional<Trait> trait_from_name(std::string_view name)
{
    for (std::size_t i = 0; i < k_trait_names.size(); ++i)
        if (k_trait_names[i] == name)
            return static_cast<Trait>(i);
    return std::nullopt;
}

std::string trait_list_text(const TraitSet& traits)
{
    std::string out;
    for (std::size_t i = 0; i < k_trait_count; ++i) {
        if (!traits.test(i))
            continue;
        if (!out.empty())
            out += " + ";
        out += k_trait_names[i];
    }
    return out;
}

bool core_implements(CoreType t, Trait trait)
{
    const bool integer = is_integer(t), number = is_number(t), signed_int = is_signed_integer(t);
    switch (trait) {
    case Trait::Option:
    case Trait::Vec: return false;

    case Trait::ToI8: return widens_to(t, C::I8);
    case Trait::ToI16: return widens_to(t, C::I16);
    case Trait::ToI32: return widens_to(t, C::I32);
    case Trait::ToI64: return widens_to(t, C::I64);
    case Trait::ToI128: return widens_to(t, C::I128);
    case Trait::ToU8: return widens_to(t, C::U8) || t == C::Byte;
    case Trait::ToU16: return widens_to(t, C::U16);
    case Trait::ToU32: return widens_to(t, C::U32);
    case Trait::ToU64: return widens_to(t, C::U64);
    case Trait::ToU128: return widens_to(t, C::U128);
    case Trait::ToF32:
    case Trait::ToF64: return number;
    case Trait::ToBool:
    case Trait::TryToBool: return integer || t == C::Bool || t == C::Byte;
    case Trait::ToByte:
    case Trait::TryToByte: return one_of(t, {C::U8, C::Bool, C::Byte});
    case Trait::ToChar:
    case Trait::TryToChar: return t == C::Char;
    case Trait::ToString:
    case Trait::TryToString:
    case Trait::Serialize:
    case Trait::Deserialize:
    case Trait::Display: return true; // every core type is a scalar

    case Trait::TryToI8: case Trait::TryToI16: case Trait::TryToI32: case Trait::TryToI64: case Trait::TryToI128:
    case Trait::TryToU8: case Trait::TryToU16: case Trait::TryToU32: case Trait::TryToU64: case Trait::TryToU128:
    case Trait::TryToF32: case Trait::TryToF64:
    case Trait::SaturatingToI8: case Trait::SaturatingToI16: case Trait::SaturatingToI32:
    case Trait::SaturatingToI64: case Trait::SaturatingToI128: case Trait::SaturatingToU8:
    case Trait::SaturatingToU16: case Trait::SaturatingToU32: case Trait::SaturatingToU64:
    case Trait::SaturatingToU128: case Trait::SaturatingToF32: case Trait::SaturatingToF64: return number;

    case Trait::Bounded: return number || t == C::Byte;
    case Trait::Binary: return t == C::Bool || t == C::Byte;
    case Trait::Signed: return signed_int || is_float(t);
    case Trait::Float: return is_float(t);

    case Trait::PartialEquality:
    case Trait::PartialOrder:
    case Trait::Order: return number || one_of(t, {C::Bool, C::Byte, C::Char, C::String});
    case Trait::Equality:
    case Trait::Hash: return integer || one_of(t, {C::Bool, C::Byte, C::Char, C::String});

    case Trait::Add: case Trait::Sub: case Trait::Mul: case Trait::Div: case Trait::Rem: case Trait::Euclid:
        return number;
    case Trait::CheckedAdd: case Trait::SaturatingAdd: case Trait::WrappingAdd:
    case Trait::CheckedSub: case Trait::SaturatingSub: case Trait::WrappingSub:
    case Trait::CheckedMul: case Trait::SaturatingMul: case Trait::WrappingMul:
    case Trait::CheckedDiv: case Trait::CheckedRem: case Trait::Pow: case Trait::CheckedPow:
    case Trait::CheckedEuclid: return integer;
    case Trait::Neg: return signed_int || is_float(t);
    case Trait::CheckedNeg:
    case Trait::WrappingNeg: return signed_int;
    }
    return false;
}

Type Type::core(CoreType t)
{
    Type type;
    type.m_core = t;
    return type;
}

Type Type::data(DataTypeRef ref)
{
    Type type = core(CoreType::Void);
    type.m_leaf_kind = LeafKind::Data;
    type.m_data = std::move(ref);
    return type;
}

Type Type::generic(std::string name)
{
    Type type = core(CoreType::Void);
    type.m_leaf_kind = LeafKind::Generic;
    type.m_generic = std::move(name);
    return type;
}

Type Type::vec(Type inner)
{
    inner.m_wrappers.insert(inner.m_wrappers.begin(), Wrapper::Vec);
    return inner;
}

Type Type::option(Type inner)
{
    inner.m_wrappers.insert(inner.m_wrappers.begin(), Wrapper::Option);
    return inner;
}

Type Type::inner() const
{
    MEL_ASSERT(!m_wrappers.empty(), "Type::inner() of an unwrapped type");
    Type t = *this;
    t.m_wrappers.erase(t.m_wrappers.begin());
    return t;
}

Type Type::substitute(const std::map<std::string, Type>& generics) const
{
    if (m_leaf_kind != LeafKind::Generic)
        return *this;
    auto it = generics.find(m_generic);
    if (it == generics.end())
        return *this;
    Type t = it->second;
    t.m_wrappers.insert(t.m_wrappers.begin(), m_wrappers.begin(), m_wrappers.end());
    return t;
}

std::string Type::to_string() const
{
    std::string out;
    for (Wrapper w : m_wrappers)
        out += w == Wrapper::Vec ? "Vec<" : "Option<";
    switch (m_leaf_kind) {
    case LeafKind::Core: out += core_type_name(m_core); break;
    case LeafKind::Data: out += m_data.id.name; break;
    case LeafKind::Generic: out += m_generic; break;
    }
    out.append(m_wrappers.size(), '>');
    return out;
}

std::string Type::detail() const
{
    if (m_wrappers.empty() && m_leaf_kind == LeafKind::Data)
        return "data type " + m_data.id.to_string();
    if (m_wrappers.empty() && m_leaf_kind == LeafKind::Generic)
        return "generic " + m_generic;
    return to_string();
}

bool Type::implements(Trait trait) const
{
    if (!m_wrappers.empty()) {
        const Wrapper outer = m_wrappers.front();
        if ((outer == Wrapper::Vec && trait == Trait::Vec) || (outer == Wrapper::Option && trait == Trait::Option))
            return true;
        if (trait == Trait::Hash || trait == Trait::Serialize || trait == Trait::Deserialize || trait == Trait::Display)
            return inner().implements(trait);
        return false;
    }
    switch (m_leaf_kind) {
    case LeafKind::Core: return core_implements(m_core, trait);
    case LeafKind::Data: return m_data.traits.test(static_cast<std::size_t>(trait));
    case LeafKind::Generic: return false;
    }
    return false;
}

bool operator==(const Type& a, const Type& b)
{
    if (a.m_wrappers != b.m_wrappers || a.m_leaf_kind != b.m_leaf_kind)
        return false;
    switch (a.m_leaf_kind) {
    case Type::LeafKind::Core: return a.m_core == b.m_core;
    case Type::LeafKind::Data: return a.m_data.id == b.m_data.id;
    case Type::LeafKind::Generic: return a.m_generic == b.m_generic;
    }
    return false;
}

bool value_has_type(const Value& value, const Type& type)
{
    using Kind = Value::Kind;
    if (type.is_vec()) {
        if (value.kind() != Kind::Vec)
            return false;
        const Type inner = type.inner();
        for (const Value& e : value.as_vec())
            if (!value_has_type(e, inner))
                return false;
        return true;
    }
    if (type.is_option()) {
        if (value.kind() != Kind::Option)
            return false;
        return value.is_none() || value_has_type(value.option_value(), type.inner());
    }
    switch (type.leaf_kind()) {
    case Type::LeafKind::Core: return value.is_core() && value.core_type() == type.core_type();
    case Type::LeafKind::Data:
        return value.kind() == Kind::Data && value.as_data()->type_name() == type.data_type().id.name;
    case Type::LeafKind::Generic: return true;
    }
    return false;
}

} // namespace mel

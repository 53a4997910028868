#pragma once

#include <bitset>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/core_type.h"
#include "runtime/model/identifier.h"

namespace mel {

enum class Flow { Block, Stream };
std::string_view flow_name(Flow);

enum class Trait : std::uint8_t {
#define MEL_TRAIT(name) name,
#include "runtime/model/traits.def"
#undef MEL_TRAIT
};
inline constexpr std::size_t k_trait_count = 0
#define MEL_TRAIT(name) +1
#include "runtime/model/traits.def"
#undef MEL_TRAIT
    ;
using TraitSet = std::bitset<k_trait_count>;

std::string_view trait_name(Trait);
std::optional<Trait> trait_from_name(std::string_view);
/// `A + B` in declaration order, as messages print trait lists.
std::string trait_list_text(const TraitSet&);

/// A native data type as types refer to it: its identity and the traits its descriptor declares.
struct DataTypeRef {
    Identifier id;
    TraitSet traits;
};

/// A described type (language.md §4.4): `Option`/`Vec` wrappers around a core type, a data type or
/// a generic name. Flow is not part of the type (ports carry it separately).
class Type {
public:
    enum class Wrapper : std::uint8_t { Vec, Option };
    enum class LeafKind : std::uint8_t { Core, Data, Generic };

    Type() = default; // void
    static Type core(CoreType);
    static Type data(DataTypeRef);
    static Type generic(std::string name);
    static Type vec(Type inner);
    static Type option(Type inner);

    /// Outermost first.
    const std::vector<Wrapper>& wrappers() const { return m_wrappers; }
    LeafKind leaf_kind() const { return m_leaf_kind; }
    CoreType core_type() const { return m_core; }
    const DataTypeRef& data_type() const { return m_data; }
    const std::string& generic_name() const { return m_generic; }

    bool is_core() const { return m_wrappers.empty() && m_leaf_kind == LeafKind::Core; }
    bool is_core(CoreType t) const { return is_core() && m_core == t; }
    bool is_vec() const { return !m_wrappers.empty() && m_wrappers.front() == Wrapper::Vec; }
    bool is_option() const { return !m_wrappers.empty() && m_wrappers.front() == Wrapper::Option; }
    bool is_data() const { return m_wrappers.empty() && m_leaf_kind == LeafKind::Data; }
    bool is_generic() const { return m_wrappers.empty() && m_leaf_kind == LeafKind::Generic; }
    bool contains_generic() const { return m_leaf_kind == LeafKind::Generic; }
    /// The type inside the outermost wrapper (requires one).
    Type inner() const;

    /// Replaces generic leaves named in `generics` (a generic of another name stays).
    Type substitute(const std::map<std::string, Type>& generics) const;

    /// Mélodium notation: `u8`, `Vec<Option<string>>`, `StringMap`, `T`.
    std::string to_string() const;
    /// What messages put in parentheses after a type: the type itself, `data type ID` or `generic T`.
    std::string detail() const;

    /// Whether the type implements `trait` (language.md §4.8). A generic implements nothing here:
    /// the checker asks the host's declared bounds instead.
    bool implements(Trait trait) const;

    friend bool operator==(const Type& a, const Type& b);

private:
    std::vector<Wrapper> m_wrappers;
    LeafKind m_leaf_kind = LeafKind::Core;
    CoreType m_core = CoreType::Void;
    DataTypeRef m_data;
    std::string m_generic;
};

/// Whether core type `t` implements `trait` (the table of language.md §4.8 / std.md §1).
bool core_implements(CoreType t, Trait trait);

class Value;

/// Whether `value` is a value of `type`: its kind, its nesting and its data type's name. An empty Vec and
/// none match any inner type; a generic leaf (unbound: it says nothing of the value) accepts anything.
bool value_has_type(const Value& value, const Type& type);

} // namespace mel

#include <doctest/doctest.h>

#include "runtime/model/type.h"

#include <memory>

#include "runtime/model/value.h"

using namespace mel;

TEST_CASE("types print in Mélodium notation and with their detail")
{
    Type t = Type::vec(Type::option(Type::core(CoreType::U16)));
    CHECK(t.to_string() == "Vec<Option<u16>>");
    CHECK(t.is_vec());
    CHECK(t.inner().to_string() == "Option<u16>");
    CHECK(Type::generic("T").detail() == "generic T");
    DataTypeRef sm{*Identifier::parse("std/data/string_map::StringMap"), {}};
    CHECK(Type::data(sm).to_string() == "StringMap");
    CHECK(Type::data(sm).detail() == "data type std/data/string_map::StringMap");
    CHECK(Type().is_core(CoreType::Void));
}

TEST_CASE("type equality is structural and exact")
{
    CHECK(Type::core(CoreType::U8) != Type::core(CoreType::Byte));
    CHECK(Type::option(Type::core(CoreType::U8)) != Type::core(CoreType::U8));
    CHECK(Type::vec(Type::generic("T")) == Type::vec(Type::generic("T")));
    CHECK(Type::vec(Type::generic("T")) != Type::vec(Type::generic("N")));
}

TEST_CASE("substitution replaces generic leaves under wrappers")
{
    std::map<std::string, Type> g{{"T", Type::option(Type::core(CoreType::String))}};
    CHECK(Type::vec(Type::generic("T")).substitute(g).to_string() == "Vec<Option<string>>");
    CHECK(Type::generic("N").substitute(g).to_string() == "N");
    CHECK_FALSE(Type::vec(Type::generic("T")).substitute(g).contains_generic());
}

TEST_CASE("trait table (language.md §4.8)")
{
    using C = CoreType;
    CHECK(core_implements(C::I8, Trait::ToI16));
    CHECK(core_implements(C::U8, Trait::ToI16));
    CHECK_FALSE(core_implements(C::U16, Trait::ToI16));
    CHECK(core_implements(C::U64, Trait::ToI128));
    CHECK_FALSE(core_implements(C::U128, Trait::ToI128));
    CHECK(core_implements(C::Byte, Trait::ToU8));
    CHECK_FALSE(core_implements(C::Byte, Trait::ToU16));
    CHECK(core_implements(C::F64, Trait::Order));
    CHECK_FALSE(core_implements(C::F64, Trait::Equality));
    CHECK(core_implements(C::F32, Trait::Signed));
    CHECK_FALSE(core_implements(C::U32, Trait::Signed));
    CHECK(core_implements(C::Void, Trait::ToString));
    CHECK_FALSE(core_implements(C::Void, Trait::PartialEquality));
    CHECK(core_implements(C::I64, Trait::CheckedAdd));
    CHECK_FALSE(core_implements(C::F64, Trait::CheckedAdd));
    CHECK(core_implements(C::Bool, Trait::ToByte));
    CHECK(core_implements(C::Byte, Trait::Binary));
    CHECK_FALSE(core_implements(C::U8, Trait::Binary));
    CHECK(core_implements(C::Byte, Trait::Bounded));
    CHECK_FALSE(core_implements(C::Char, Trait::Bounded));
    CHECK(Type::vec(Type::core(C::U8)).implements(Trait::Vec));
    CHECK(Type::vec(Type::core(C::U8)).implements(Trait::Display));
    CHECK_FALSE(Type::vec(Type::core(C::U8)).implements(Trait::PartialEquality));
    CHECK(Type::option(Type::core(C::U8)).implements(Trait::Option));
    CHECK_FALSE(Type::generic("T").implements(Trait::Add));
}

TEST_CASE("trait names round-trip")
{
    CHECK(trait_from_name("SaturatingToI64") == Trait::SaturatingToI64);
    CHECK(trait_name(Trait::CheckedEuclid) == "CheckedEuclid");
    CHECK_FALSE(trait_from_name("Strng").has_value());
    TraitSet set;
    set.set(static_cast<std::size_t>(Trait::Signed));
    set.set(static_cast<std::size_t>(Trait::SaturatingToI64));
    CHECK(trait_list_text(set) == "SaturatingToI64 + Signed");
}

namespace {

struct Named final : DataObject {
    explicit Named(std::string_view name) : m_name(name) {}
    std::string_view type_name() const override { return m_name; }
    std::string_view m_name;
};

Value data_named(std::string_view name) { return Value::data(std::make_shared<const Named>(name)); }

Type data_type(std::string_view id) { return Type::data(DataTypeRef{*Identifier::parse(id), {}}); }

} // namespace

TEST_CASE("a value has a core type when its kind is that type: void, u8 and byte apart")
{
    CHECK(value_has_type(Value(), Type::core(CoreType::Void)));
    CHECK_FALSE(value_has_type(Value::u8(0), Type::core(CoreType::Void)));
    CHECK_FALSE(value_has_type(Value(), Type::core(CoreType::U8)));
    CHECK(value_has_type(Value::u64(1), Type::core(CoreType::U64)));
    CHECK_FALSE(value_has_type(Value::u32(1), Type::core(CoreType::U64)));
    CHECK(value_has_type(Value::byte(1), Type::core(CoreType::Byte)));
    CHECK_FALSE(value_has_type(Value::u8(1), Type::core(CoreType::Byte)));
    CHECK_FALSE(value_has_type(Value::byte(1), Type::core(CoreType::U8)));
    CHECK(value_has_type(Value::string("a"), Type::core(CoreType::String)));
    CHECK(value_has_type(Value::character(U'a'), Type::core(CoreType::Char)));
    CHECK_FALSE(value_has_type(Value::string("a"), Type::core(CoreType::Char)));
    CHECK_FALSE(value_has_type(Value::vec({}), Type::core(CoreType::String)));
    CHECK_FALSE(value_has_type(Value::none(), Type::core(CoreType::String)));
    CHECK_FALSE(value_has_type(data_named("StringMap"), Type::core(CoreType::String)));
}

TEST_CASE("a Vec or an Option has the type when every element does; empty and none match any inner type")
{
    const Type strings = Type::vec(Type::core(CoreType::String));
    CHECK(value_has_type(Value::vec({Value::string("a"), Value::string("b")}), strings));
    CHECK_FALSE(value_has_type(Value::vec({Value::string("a"), Value::u8(1)}), strings));
    CHECK(value_has_type(Value::vec({}), strings));
    CHECK(value_has_type(Value::vec({}), Type::vec(Type::core(CoreType::U8))));
    CHECK_FALSE(value_has_type(Value::string("a"), strings));
    CHECK_FALSE(value_has_type(Value::some(Value::string("a")), strings));

    const Type maybe = Type::option(Type::core(CoreType::Bool));
    CHECK(value_has_type(Value::none(), maybe));
    CHECK(value_has_type(Value::some(Value::boolean(true)), maybe));
    CHECK_FALSE(value_has_type(Value::some(Value::u8(1)), maybe));
    CHECK_FALSE(value_has_type(Value::boolean(true), maybe));
    CHECK_FALSE(value_has_type(Value::vec({}), maybe));

    const Type nested = Type::vec(Type::option(Type::vec(Type::core(CoreType::I32))));
    CHECK(value_has_type(Value::vec({Value::none(), Value::some(Value::vec({Value::i32(-1)}))}), nested));
    CHECK_FALSE(value_has_type(Value::vec({Value::some(Value::vec({Value::i64(-1)}))}), nested));
}

TEST_CASE("a Data value has a data type by its type name")
{
    const Type map = data_type("std/data/string_map::StringMap");
    CHECK(value_has_type(data_named("StringMap"), map));
    CHECK_FALSE(value_has_type(data_named("Map"), map));
    CHECK_FALSE(value_has_type(Value::string("StringMap"), map));
    CHECK(value_has_type(Value::some(data_named("StringMap")), Type::option(map)));
}

TEST_CASE("a generic leaf accepts any value, under wrappers too")
{
    CHECK(value_has_type(Value::u8(1), Type::generic("T")));
    CHECK(value_has_type(data_named("Map"), Type::generic("T")));
    CHECK(value_has_type(Value(), Type::generic("T")));
    CHECK(value_has_type(Value::vec({Value::u8(1), Value::string("a")}), Type::vec(Type::generic("T"))));
    CHECK_FALSE(value_has_type(Value::u8(1), Type::vec(Type::generic("T"))));
    CHECK_FALSE(value_has_type(Value::u8(1), Type::option(Type::generic("T"))));
}

#include <doctest/doctest.h>

#include "runtime/model/type.h"

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

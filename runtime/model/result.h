#pragma once

#include <string>
#include <utility>
#include <variant>

#include "runtime/model/assert.h"

namespace mel {

/// A failure carried as data: a human-readable message (IO errors, OS messages, …).
struct Error {
    std::string message;
};

/// A value or an Error (C++20 has no std::expected). Used for IO and other expected failures;
/// user mistakes in programs are diagnostics, broken invariants are MEL_ASSERT.
template<class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        MEL_ASSERT(ok(), "Result::value() on an error");
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        MEL_ASSERT(ok(), "Result::value() on an error");
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        MEL_ASSERT(ok(), "Result::value() on an error");
        return std::get<0>(std::move(m_state));
    }
    const Error& error() const
    {
        MEL_ASSERT(!ok(), "Result::error() on a value");
        return std::get<1>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but may fail.
struct Unit {};
using Status = Result<Unit>;
inline Status success() { return Unit{}; }

} // namespace mel

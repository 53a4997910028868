#pragma once

namespace mel::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* message, const char* file, int line);
}

/// Checks an invariant of the program itself (never a user mistake): aborts with a message.
#define MEL_ASSERT(condition, message)                                                      \
    do {                                                                                    \
        if (!(condition))                                                                   \
            ::mel::detail::assertion_failed(#condition, message, __FILE__, __LINE__);       \
    } while (false)

/// Marks a point the program can never reach (a switch over every enumerator…): aborts with a message.
#define MEL_UNREACHABLE(message) ::mel::detail::assertion_failed("unreachable", message, __FILE__, __LINE__)

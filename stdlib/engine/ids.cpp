// Reference: melodium-engine/src/ids.rs (a OnceLock per id, filled from the environment or Uuid::new_v4)
// and the uuid crate's parser (the accepted text forms).

#include "stdlib/engine/ids.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <random>

namespace mel::stdlib::engine {

namespace {

using UuidBytes = std::array<std::uint8_t, 16>;

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// 32 hex digits, optionally with hyphens at exactly the given positions.
std::optional<UuidBytes> parse_digits(std::string_view text, bool hyphenated)
{
    UuidBytes bytes{};
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (hyphenated && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (text[i] != '-')
                return std::nullopt;
            continue;
        }
        const int value = hex_value(text[i]);
        if (value < 0)
            return std::nullopt;
        bytes[nibble / 2] =
            static_cast<std::uint8_t>(bytes[nibble / 2] | (nibble % 2 == 0 ? value << 4 : value));
        ++nibble;
    }
    return bytes;
}

std::string canonical(const UuidBytes& bytes)
{
    constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += k_digits[bytes[i] >> 4];
        out += k_digits[bytes[i] & 0xF];
    }
    return out;
}

/// An id fixed once: by set(), or on first read from the environment or at random.
class ProcessId {
public:
    explicit ProcessId(const char* variable) : m_variable(variable) {}

    const std::string& get()
    {
        std::lock_guard lock(m_mutex);
        if (!m_value) {
            const char* text = std::getenv(m_variable);
            std::optional<std::string> parsed = text ? parse_uuid(text) : std::nullopt;
            m_value = parsed ? *std::move(parsed) : random_uuid_v4();
        }
        return *m_value;
    }

    bool set(std::string_view uuid)
    {
        auto parsed = parse_uuid(uuid);
        std::lock_guard lock(m_mutex);
        if (!parsed || m_value)
            return false;
        m_value = *std::move(parsed);
        return true;
    }

private:
    const char* m_variable;
    std::mutex m_mutex;
    std::optional<std::string> m_value;
};

ProcessId& run()
{
    static ProcessId id(k_run_id_variable);
    return id;
}

ProcessId& group()
{
    static ProcessId id(k_group_id_variable);
    return id;
}

} // namespace

std::optional<std::string> parse_uuid(std::string_view text)
{
    std::optional<UuidBytes> bytes;
    constexpr std::string_view k_urn = "urn:uuid:";
    if (text.size() == 32)
        bytes = parse_digits(text, false);
    else if (text.size() == 36)
        bytes = parse_digits(text, true);
    else if (text.size() == 38 && text.front() == '{' && text.back() == '}')
        bytes = parse_digits(text.substr(1, 36), true);
    else if (text.size() == 45 && text.starts_with(k_urn))
        bytes = parse_digits(text.substr(k_urn.size()), true);
    if (!bytes)
        return std::nullopt;
    return canonical(*bytes);
}

std::string random_uuid_v4()
{
    static std::mutex mutex;
    static std::random_device device;
    UuidBytes bytes{};
    {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < bytes.size(); i += 4) {
            const std::uint32_t word = device();
            for (std::size_t j = 0; j < 4; ++j)
                bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
        }
    }
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
    return canonical(bytes);
}

const std::string& run_id()
{
    return run().get();
}
const std::string& group_id()
{
    return group().get();
}
bool set_run_id(std::string_view uuid)
{
    return run().set(uuid);
}
bool set_group_id(std::string_view uuid)
{
    return group().set(uuid);
}

} // namespace mel::stdlib::engine

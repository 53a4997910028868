// The exec agent's request encoding (agent_protocol.h).

#include "packages/work/local/agent_protocol.h"

#include <charconv>

namespace mel::packages::work::local {

namespace {

bool to_size(const std::string& text, std::size_t& out)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

Strings encode_exec(const ExecRequest& request)
{
    std::string flags;
    if (request.clear_env)
        flags += 'c';
    if (request.expand_variables)
        flags += 'x';
    if (request.stdin_piped)
        flags += 'i';
    if (request.stdout_piped)
        flags += 'o';
    if (request.stderr_piped)
        flags += 'e';
    if (request.working_directory)
        flags += 'd';
    Strings out{k_exec, flags, request.working_directory.value_or(""), std::to_string(request.argv.size())};
    out.insert(out.end(), request.argv.begin(), request.argv.end());
    out.push_back(std::to_string(request.variables.size()));
    for (const auto& [name, value] : request.variables) {
        out.push_back(name);
        out.push_back(value);
    }
    return out;
}

bool decode_exec(const Strings& message, ExecRequest& out)
{
    out = ExecRequest{};
    if (message.size() < 4 || message[0] != k_exec)
        return false;
    const std::string& flags = message[1];
    const auto has = [&](char c) { return flags.find(c) != std::string::npos; };
    out.clear_env = has('c');
    out.expand_variables = has('x');
    out.stdin_piped = has('i');
    out.stdout_piped = has('o');
    out.stderr_piped = has('e');
    if (has('d'))
        out.working_directory = message[2];
    std::size_t argc = 0;
    if (!to_size(message[3], argc) || argc == 0 || message.size() < 5 + argc)
        return false;
    out.argv.assign(message.begin() + 4, message.begin() + 4 + static_cast<std::ptrdiff_t>(argc));
    std::size_t at = 4 + argc;
    std::size_t count = 0;
    if (!to_size(message[at], count) || message.size() != at + 1 + 2 * count)
        return false;
    ++at;
    for (std::size_t i = 0; i < count; ++i, at += 2)
        out.variables.emplace_back(message[at], message[at + 1]);
    return true;
}

} // namespace mel::packages::work::local

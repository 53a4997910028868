#pragma once

// process/command — the Command data type (a program and its arguments, packages.md §1.2) and the splitting of
// command lines with shell quoting rules. No shell is ever involved: a line is cut into words, the first is the
// program and the others its arguments.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/value.h"

namespace mel::packages::process {

class Command final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "Command";

    Command(std::string program, std::vector<std::string> arguments)
        : m_program(std::move(program)), m_arguments(std::move(arguments))
    {
    }

    /// A Data value holding a new Command.
    static Value make(std::string program, std::vector<std::string> arguments);
    /// The Command inside a Data value; nullptr when the value is something else.
    static const Command* from(const Value& value);

    const std::string& program() const { return m_program; }
    const std::vector<std::string>& arguments() const { return m_arguments; }
    /// The command as a line split_command_line reads back (words quoted when needed), for messages.
    std::string line() const;

    std::string_view type_name() const override { return k_type_name; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override;

private:
    std::string m_program;
    std::vector<std::string> m_arguments;
};

/// The words of `line` as a POSIX shell would cut them, without any expansion (reference: the `shlex` crate's
/// `split`): blanks (space, tab, newline) separate words; single quotes keep everything up to the next single
/// quote; in double quotes a backslash escapes only `$`, backquote, `"`, backslash and newline (and is kept
/// before anything else); outside quotes a backslash escapes the next character (a backslash-newline is
/// removed); a `#` starting a word comments out the rest of its line. nullopt when a quote is not closed or
/// the line ends with a lone backslash.
std::optional<std::vector<std::string>> split_command_line(std::string_view line);

/// `line` split into a Command (first word: the program); nullopt when it does not split or has no word.
std::optional<Value> parse_command_line(std::string_view line);

} // namespace mel::packages::process

// process/command — reference: libs/process-mel/src/command.rs (packages.md §1.2).
// Quirk fixed: the reference's `|raw_commands` gives an empty vector as soon as one line does not split or holds
// no word (so a step with one bad line silently runs nothing); ours fails with an error naming the line.
// `|checked_raw_commands` is the variant that says so with none, as in the reference.

#include "packages/process/command.h"

#include <span>

#include <fmt/format.h>

#include "packages/process/register.h"
#include "runtime/model/registry.h"
#include "runtime/model/wire.h"

namespace mel::packages::process {

Value Command::make(std::string program, std::vector<std::string> arguments)
{
    return Value::data(std::make_shared<const Command>(std::move(program), std::move(arguments)));
}

const Command* Command::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const Command*>(object.get()) : nullptr;
}

bool Command::equals(const DataObject& other) const
{
    if (other.type_name() != k_type_name)
        return false;
    const auto& command = static_cast<const Command&>(other);
    return command.m_program == m_program && command.m_arguments == m_arguments;
}

namespace {

/// `word` as a shell reads it back: as is when it holds only safe characters, else in single quotes.
std::string shell_word(const std::string& word)
{
    const bool safe = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                              "0123456789_./:=@%+,-") == std::string::npos;
    if (safe)
        return word;
    std::string out = "'";
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string Command::line() const
{
    std::string out = shell_word(m_program);
    for (const auto& argument : m_arguments)
        out += " " + shell_word(argument);
    return out;
}

namespace {

/// The Command of split words (not empty): the first is the program.
Value command_of(std::vector<std::string> words)
{
    std::string program = std::move(words.front());
    words.erase(words.begin());
    return Command::make(std::move(program), std::move(words));
}

/// Reads a command line word by word; every method returns false on an error (unclosed quote, lone
/// trailing backslash).
class LineSplitter {
public:
    explicit LineSplitter(std::string_view line) : m_line(line) {}

    std::optional<std::vector<std::string>> run()
    {
        std::vector<std::string> words;
        while (skip_blanks_and_comments()) {
            std::string word;
            if (!read_word(word))
                return std::nullopt;
            words.push_back(std::move(word));
        }
        return words;
    }

private:
    static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
    bool at_end() const { return m_pos >= m_line.size(); }
    char take() { return m_line[m_pos++]; }

    /// Moves to the first character of the next word; false when there is none.
    bool skip_blanks_and_comments()
    {
        while (!at_end()) {
            const char c = m_line[m_pos];
            if (is_blank(c)) {
                ++m_pos;
            } else if (c == '#') {
                while (!at_end() && take() != '\n') {
                }
            } else {
                return true;
            }
        }
        return false;
    }

    bool read_word(std::string& word)
    {
        while (!at_end()) {
            const char c = take();
            if (is_blank(c))
                return true;
            if (c == '\'') {
                if (!read_single_quoted(word))
                    return false;
            } else if (c == '"') {
                if (!read_double_quoted(word))
                    return false;
            } else if (c == '\\') {
                if (at_end())
                    return false;
                const char escaped = take();
                if (escaped != '\n')
                    word += escaped;
            } else {
                word += c;
            }
        }
        return true;
    }

    bool read_single_quoted(std::string& word)
    {
        while (!at_end()) {
            const char c = take();
            if (c == '\'')
                return true;
            word += c;
        }
        return false;
    }

    bool read_double_quoted(std::string& word)
    {
        while (!at_end()) {
            const char c = take();
            if (c == '"')
                return true;
            if (c != '\\') {
                word += c;
                continue;
            }
            if (at_end())
                return false;
            const char escaped = take();
            if (escaped == '$' || escaped == '`' || escaped == '"' || escaped == '\\')
                word += escaped;
            else if (escaped != '\n')
                word.append({'\\', escaped});
        }
        return false;
    }

    std::string_view m_line;
    std::size_t m_pos = 0;
};

std::vector<std::string> strings_of(const Value& vec)
{
    std::vector<std::string> out;
    out.reserve(vec.as_vec().size());
    for (const Value& v : vec.as_vec())
        out.push_back(v.as_string());
    return out;
}

/// The commands of `lines`, or nullopt as soon as one line gives none.
std::optional<std::vector<Value>> parse_lines(const Value& lines)
{
    std::vector<Value> commands;
    for (const Value& line : lines.as_vec()) {
        auto command = parse_command_line(line.as_string());
        if (!command)
            return std::nullopt;
        commands.push_back(std::move(*command));
    }
    return commands;
}

Result<Value> command_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 2, "|command arguments");
    return Command::make(args[0].as_string(), strings_of(args[1]));
}

Result<Value> raw_command_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 1, "|raw_command arguments");
    auto command = parse_command_line(args[0].as_string());
    return command ? Value::some(std::move(*command)) : Value::none();
}

Result<Value> raw_commands_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 1, "|raw_commands arguments");
    // Where the reference silently gives an empty vector (a step that then runs nothing and reports nothing),
    // a line that gives no command is an error naming it (docs/differences.md).
    std::vector<Value> commands;
    const auto& lines = args[0].as_vec();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i].as_string();
        auto words = split_command_line(line);
        if (!words || words->empty())
            return Error{fmt::format("|raw_commands: line {} of {}, \"{}\", {}", i + 1, lines.size(), line,
                                     words ? "holds no command"
                                           : "cannot be split into words (a quote is not closed, or it ends with "
                                             "a lone backslash)")};
        commands.push_back(command_of(std::move(*words)));
    }
    return Value::vec(std::move(commands));
}

Result<Value> checked_raw_commands_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 1, "|checked_raw_commands arguments");
    auto commands = parse_lines(args[0]);
    return commands ? Value::some(Value::vec(std::move(*commands))) : Value::none();
}

const char* const k_splitting_doc =
    "The line is cut into words with the quoting rules of a POSIX shell, but no shell is involved and nothing "
    "is expanded: blanks separate words, `'…'` keeps its content as is, `\"…\"` too except that a backslash "
    "escapes `$`, `` ` ``, `\"` and `\\`, and outside quotes a backslash escapes the next character. A `#` "
    "starting a word comments out the rest of the line. The first word is the program, the others are its "
    "arguments.\n\n"
    "Shell syntax is passed literally: `make && make install` runs `make` with the arguments `&&`, `make` and "
    "`install`. Write `sh -c 'make && make install'` to use a shell.";

/// A Command travels as its program and arguments (runtime/model/wire.h).
std::shared_ptr<const wire::DataCodec> command_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            const auto& c = static_cast<const Command&>(o);
            w.string(c.program());
            w.strings(c.arguments());
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            std::string program;
            std::vector<std::string> arguments;
            if (!r.string(program) || !r.strings(arguments))
                return wire::malformed("Command");
            return Command::make(std::move(program), std::move(arguments));
        }});
}

} // namespace

std::optional<std::vector<std::string>> split_command_line(std::string_view line)
{
    return LineSplitter(line).run();
}

std::optional<Value> parse_command_line(std::string_view line)
{
    auto words = split_command_line(line);
    if (!words || words->empty())
        return std::nullopt;
    return command_of(std::move(*words));
}

void register_command(Registry& registry)
{
    auto area = registry.area("process/command");
    area.data_type("Command",
                   {Trait::Serialize, Trait::Deserialize, Trait::PartialEquality, Trait::PartialOrder,
                    Trait::Equality, Trait::Order},
                   "A command to run: a program and its arguments.\n\n"
                   "The program is looked up in the `PATH` when its name holds no `/`. Build one with "
                   "`|command`, or from a command line with `|raw_command`.",
                   command_codec());

    area.function("command")
        .param("command", "string")
        .param("arguments", "Vec<string>")
        .returns("Command")
        .doc("The command running the program `command` with `arguments`, as given (nothing is split or "
             "expanded).")
        .body(command_body);

    area.function("raw_command")
        .param("line", "string")
        .returns("Option<Command>")
        .doc(std::string("The command written in `line`.\n\n") + k_splitting_doc +
             "\n\nNone when a quote is not closed, the line ends with a lone backslash, or it holds no word.")
        .body(raw_command_body);

    area.function("raw_commands")
        .param("lines", "Vec<string>")
        .returns("Vec<Command>")
        .doc(std::string("The commands written in `lines`, one per line.\n\n") + k_splitting_doc +
             "\n\nIf a line cannot be split or holds no word, the program fails with an error naming the line (the "
             "reference gives an empty vector, which runs nothing without any error). `|checked_raw_commands` "
             "gives none instead.")
        .body(raw_commands_body);

    area.function("checked_raw_commands")
        .param("lines", "Vec<string>")
        .returns("Option<Vec<Command>>")
        .doc(std::string("The commands written in `lines`, one per line.\n\n") + k_splitting_doc +
             "\n\nNone if any line cannot be split or holds no word.")
        .body(checked_raw_commands_body);
}

} // namespace mel::packages::process

// fs/path — reference: libs/fs-mel/src/path.rs (packages.md §1.1). The functions reproduce Rust's
// Path::file_name/file_stem/extension/parent on Unix; `exists` and `meta` look at the local filesystem
// directly (not through a FileSystem), following symlinks, with false/0 for anything that cannot be read.

#include "packages/fs/path.h"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <sys/stat.h>

#include "runtime/engine/engine.h"
#include "packages/fs/register.h"
#include "runtime/model/registry.h"

namespace mel::packages::fs {

namespace {

// ---- components, as Rust's Components on Unix ---------------------------------------------------------

enum class ComponentKind { Root, Current, Parent, Normal };

struct Component {
    ComponentKind kind;
    std::size_t begin;
    std::size_t end;
};

std::vector<Component> components(std::string_view path)
{
    std::vector<Component> out;
    std::size_t i = 0;
    if (!path.empty() && path[0] == '/') {
        out.push_back({ComponentKind::Root, 0, 1});
        i = 1;
    } else if (!path.empty() && path[0] == '.' && (path.size() == 1 || path[1] == '/')) {
        // A leading `.` is kept (`./a`); anywhere else `.` is dropped.
        out.push_back({ComponentKind::Current, 0, 1});
        i = 1;
    }
    while (i < path.size()) {
        std::size_t end = path.find('/', i);
        if (end == std::string_view::npos)
            end = path.size();
        const std::string_view part = path.substr(i, end - i);
        if (part == "..")
            out.push_back({ComponentKind::Parent, i, end});
        else if (!part.empty() && part != ".")
            out.push_back({ComponentKind::Normal, i, end});
        i = end + 1;
    }
    return out;
}

/// Rust's rsplit_file_at_dot: (before the last dot, after it), with the special cases of `..` and names
/// whose only dot leads.
std::pair<std::optional<std::string>, std::optional<std::string>> split_at_dot(const std::string& name)
{
    if (name == "..")
        return {name, std::nullopt};
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos)
        return {std::nullopt, name};
    if (dot == 0)
        return {name, std::nullopt};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

} // namespace

std::optional<std::string> file_name(std::string_view path)
{
    const auto parts = components(path);
    if (parts.empty() || parts.back().kind != ComponentKind::Normal)
        return std::nullopt;
    return std::string(path.substr(parts.back().begin, parts.back().end - parts.back().begin));
}

std::optional<std::string> file_stem(std::string_view path)
{
    const auto name = file_name(path);
    if (!name)
        return std::nullopt;
    auto [before, after] = split_at_dot(*name);
    return before ? before : after;
}

std::optional<std::string> extension(std::string_view path)
{
    const auto name = file_name(path);
    if (!name)
        return std::nullopt;
    auto [before, after] = split_at_dot(*name);
    return before ? after : std::nullopt;
}

std::optional<std::string> parent(std::string_view path)
{
    const auto parts = components(path);
    if (parts.empty() || parts.back().kind == ComponentKind::Root)
        return std::nullopt;
    if (parts.size() == 1)
        return std::string();
    return std::string(path.substr(0, parts[parts.size() - 2].end));
}

namespace {

using engine::Batch;
using engine::BatchKind;
using engine::Task;
using engine::TreatmentContext;

Value optional_string(std::optional<std::string> text)
{
    return text ? Value::some(Value::string(std::move(*text))) : Value::none();
}

using PathPart = std::optional<std::string> (*)(std::string_view);

template<PathPart part> Result<Value> function_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 1 && args[0].kind() == Value::Kind::String, "fs/path function argument");
    return optional_string(part(args[0].as_string()));
}

// composition: four aligned streams, one value each per incoming path; ends when nobody listens any more.
Task<> composition_body(TreatmentContext& ctx)
{
    auto& path = ctx.input("path");
    constexpr std::array<PathPart, 4> parts = {&extension, &file_name, &file_stem, &parent};
    std::array<engine::Output*, 4> outputs = {&ctx.output("extension"), &ctx.output("file_name"),
                                              &ctx.output("file_stem"), &ctx.output("parent")};
    std::array<bool, 4> listened = {true, true, true, true};
    while (auto batch = co_await path.recv_many()) {
        bool any = false;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (!listened[k])
                continue;
            std::vector<Value> values;
            values.reserve(batch->size());
            for (const std::string& p : batch->strings())
                values.push_back(optional_string(parts[k](p)));
            const bool sent = co_await outputs[k]->send_many(Batch::make<BatchKind::Values>(std::move(values)));
            listened[k] = sent;
            any = any || sent;
        }
        if (!any)
            co_return;
    }
}

struct Meta {
    bool is_dir = false;
    bool is_file = false;
    std::uint64_t length = 0;
};

Meta meta_of(const std::string& path)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        return {};
    return {S_ISDIR(status.st_mode), S_ISREG(status.st_mode), static_cast<std::uint64_t>(status.st_size)};
}

Task<> exists_body(TreatmentContext& ctx)
{
    auto& path = ctx.input("path");
    auto& exists = ctx.output("exists");
    while (auto batch = co_await path.recv_many()) {
        auto found = co_await engine::blocking([&] {
            std::vector<bool> out;
            out.reserve(batch->size());
            struct stat status {};
            for (const std::string& p : batch->strings())
                out.push_back(::stat(p.c_str(), &status) == 0);
            return out;
        });
        const bool sent = co_await exists.send_many(Batch::of(std::move(found)));
        if (!sent)
            co_return;
    }
}

Task<> meta_body(TreatmentContext& ctx)
{
    auto& path = ctx.input("path");
    auto& is_dir = ctx.output("is_dir");
    auto& is_file = ctx.output("is_file");
    auto& length = ctx.output("length");
    while (auto batch = co_await path.recv_many()) {
        auto metas = co_await engine::blocking([&] {
            std::vector<Meta> out;
            out.reserve(batch->size());
            for (const std::string& p : batch->strings())
                out.push_back(meta_of(p));
            return out;
        });
        std::vector<bool> dirs, files;
        std::vector<std::uint64_t> lengths;
        for (const Meta& m : metas) {
            dirs.push_back(m.is_dir);
            files.push_back(m.is_file);
            lengths.push_back(m.length);
        }
        const bool a = co_await is_dir.send_many(Batch::of(std::move(dirs)));
        const bool b = co_await is_file.send_many(Batch::of(std::move(files)));
        const bool c = co_await length.send_many(Batch::of(std::move(lengths)));
        if (!a && !b && !c)
            co_return;
    }
}

} // namespace

void register_path(Registry& registry)
{
    auto area = registry.area("fs/path");

    area.function("extension")
        .param("path", "string")
        .returns("Option<string>")
        .doc("Extension of the file named by `path`.\n\n"
             "The part of the file name after its last `.`; none when there is no file name, no `.` in it, "
             "or only a leading one (`.bashrc`). `archive.tar.gz` gives `gz`.")
        .body(function_body<&extension>);

    area.function("file_name")
        .param("path", "string")
        .returns("Option<string>")
        .doc("Name of the file or directory `path` designates.\n\n"
             "`bar.txt` for `foo/bar.txt`, `bin` for `/usr/bin/`, `etc` for `etc/./`; none for `/` and for a "
             "path ending in `..`.")
        .body(function_body<&file_name>);

    area.function("file_stem")
        .param("path", "string")
        .returns("Option<string>")
        .doc("File name of `path` without its extension.\n\n"
             "The part before the last `.`; the whole name when it has no `.` or only a leading one. None "
             "when there is no file name.")
        .body(function_body<&file_stem>);

    area.function("parent")
        .param("path", "string")
        .returns("Option<string>")
        .doc("Path of the parent of what `path` designates.\n\n"
             "`/usr` for `/usr/bin`, the empty string for a single relative name; none for `/` or an empty "
             "path.")
        .body(function_body<&parent>);

    area.treatment("composition")
        .input("path", "Stream<string>")
        .output("extension", "Stream<Option<string>>")
        .output("file_name", "Stream<Option<string>>")
        .output("file_stem", "Stream<Option<string>>")
        .output("parent", "Stream<Option<string>>")
        .doc("Split each path into its parts.\n\n"
             "For every `path`, one value is sent on each output, in order: `extension`, `file_name`, "
             "`file_stem` and `parent`, as the functions of the same names give them.")
        .implementation(engine::make_treatment(composition_body));

    area.treatment("exists")
        .input("path", "Stream<string>")
        .output("exists", "Stream<bool>")
        .doc("Tell whether each path exists.\n\n"
             "Symbolic links are followed: a broken link gives `false`, and so does a path in a directory "
             "that cannot be read.")
        .implementation(engine::make_treatment(exists_body));

    area.treatment("meta")
        .input("path", "Stream<string>")
        .output("is_dir", "Stream<bool>")
        .output("is_file", "Stream<bool>")
        .output("length", "Stream<u64>")
        .doc("Metadata of each path.\n\n"
             "For every `path`: whether it is a directory, whether it is a regular file, and its length in "
             "bytes. Symbolic links are followed; a path that cannot be queried gives `false`, `false`, `0`.")
        .implementation(engine::make_treatment(meta_body));
}

} // namespace mel::packages::fs

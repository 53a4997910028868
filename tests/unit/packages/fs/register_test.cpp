// The fs package as declared: every element of the reference (packages.md §1.1; signatures read from
// libs/fs-mel), native ones from the registry with their bodies, the Mélodium ones from the embedded areas,
// which must check without a diagnostic.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "frontend/sema/check.h"
#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages::testing;

namespace {

std::string ports_text(const std::vector<Port>& ports)
{
    std::string out;
    for (const Port& p : ports)
        out += (out.empty() ? "" : ", ") + p.name + ": " + std::string(flow_name(p.flow)) + "<" +
               p.type.to_string() + ">";
    return out;
}

std::string signature(const TreatmentDescriptor& t)
{
    std::string out = t.id.name + "(";
    for (std::size_t i = 0; i < t.parameters.size(); ++i) {
        const Parameter& p = t.parameters[i];
        out += std::string(i ? ", " : "") + (p.variability == Variability::Var ? "var " : "const ") + p.name +
               ": " + p.type.to_string();
        if (p.default_value)
            out += " = " + display(*p.default_value);
    }
    return out + ") in(" + ports_text(t.inputs) + ") out(" + ports_text(t.outputs) + ")";
}

std::string signature(const FunctionDescriptor& f)
{
    std::string out = f.id.name + "(";
    for (std::size_t i = 0; i < f.parameters.size(); ++i)
        out += (i ? ", " : "") + f.parameters[i].name + ": " + f.parameters[i].type.to_string();
    return out + ") -> " + f.return_type.to_string();
}

const std::string k_read_outputs = "out(data: Stream<byte>, reached: Block<void>, completed: Block<void>, "
                                   "failed: Block<void>, finished: Block<void>, errors: Stream<string>)";
const std::string k_read_text_outputs = "out(text: Stream<string>, reached: Block<void>, completed: Block<void>, "
                                        "failed: Block<void>, finished: Block<void>, errors: Stream<string>)";
const std::string k_write_params = "var append: bool = false, var create: bool = true, var new: bool = false";
const std::string k_write_outputs = "out(completed: Block<void>, failed: Block<void>, finished: Block<void>, "
                                    "errors: Stream<string>, amount: Stream<u128>)";
const std::string k_target = "path: Block<string>, filesystem: Block<FileSystem>";

const std::map<std::string, std::string>& native_signatures()
{
    static const std::map<std::string, std::string> table = {
        {"fs/local::|local_filesystem", "|local_filesystem(path: Option<string>) -> Option<FileSystem>"},
        {"fs/path::|extension", "|extension(path: string) -> Option<string>"},
        {"fs/path::|file_name", "|file_name(path: string) -> Option<string>"},
        {"fs/path::|file_stem", "|file_stem(path: string) -> Option<string>"},
        {"fs/path::|parent", "|parent(path: string) -> Option<string>"},
        {"fs/path::composition",
         "composition() in(path: Stream<string>) out(extension: Stream<Option<string>>, file_name: "
         "Stream<Option<string>>, file_stem: Stream<Option<string>>, parent: Stream<Option<string>>)"},
        {"fs/path::exists", "exists() in(path: Stream<string>) out(exists: Stream<bool>)"},
        {"fs/path::meta",
         "meta() in(path: Stream<string>) out(is_dir: Stream<bool>, is_file: Stream<bool>, length: Stream<u64>)"},
        {"fs/file::read", "read() in(" + k_target + ") " + k_read_outputs},
        {"fs/file::write", "write(" + k_write_params + ") in(" + k_target + ", data: Stream<byte>) " + k_write_outputs},
        {"fs/dir::create", "create(var recursive: bool = true) in(" + k_target +
                               ") out(success: Block<void>, failure: Block<void>, error: Block<string>)"},
        {"fs/dir::scan", "scan(var recursive: bool = false, var follow_links: bool = true) in(" + k_target +
                             ") out(entries: Stream<string>, completed: Block<void>, failed: Block<void>, "
                             "finished: Block<void>, errors: Stream<string>)"},
    };
    return table;
}

const std::map<std::string, std::string>& mel_signatures()
{
    static const std::map<std::string, std::string> table = {
        {"fs/local::writeLocal",
         "writeLocal(var path: string, " + k_write_params + ") in(data: Stream<byte>) " + k_write_outputs},
        {"fs/local::writeTextLocal",
         "writeTextLocal(var path: string, " + k_write_params + ") in(text: Stream<string>) " + k_write_outputs},
        {"fs/local::readLocal", "readLocal(var path: string) in(trigger: Block<void>) " + k_read_outputs},
        {"fs/local::readTextLocal", "readTextLocal(var path: string) in(trigger: Block<void>) " + k_read_text_outputs},
        {"fs/text::readText",
         "readText(var path: string) in(filesystem: Block<FileSystem>, trigger: Block<void>) " + k_read_text_outputs},
        {"fs/text::writeText", "writeText(var path: string, " + k_write_params +
                                   ") in(filesystem: Block<FileSystem>, text: Stream<string>) " + k_write_outputs},
    };
    return table;
}

} // namespace

TEST_CASE("fs is a package with the FileSystem data type, not serializable")
{
    CHECK(registry().has_package("fs"));
    const Element* e = registry().find(*Identifier::parse("fs/filesystem::FileSystem"));
    REQUIRE(e != nullptr);
    REQUIRE(e->kind == ElementKind::DataType);
    CHECK(!e->doc().empty());
    CHECK(e->data_type->traits.none());
}

TEST_CASE("fs native elements: the reference's signatures, each documented and with a body")
{
    std::size_t fs_natives = 0;
    for (const Element* e : registry().elements())
        if (e->id().path.front() == "fs" && e->kind != ElementKind::DataType)
            ++fs_natives;
    CHECK(fs_natives == native_signatures().size());
    for (const auto& [id, expected] : native_signatures()) {
        CAPTURE(id);
        const Element* e = registry().find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        CHECK(e->has_body());
        CHECK(!e->doc().empty());
        if (e->kind == ElementKind::Function)
            CHECK(signature(*e->function) == expected);
        else
            CHECK(signature(*e->treatment) == expected);
    }
}

TEST_CASE("fs .mel areas: embedded, checked without diagnostics, with the reference's signatures")
{
    std::vector<std::string> areas;
    for (const auto& [path, text] : registry().mel_areas())
        if (path.rfind("fs/", 0) == 0)
            areas.push_back(path);
    CHECK(areas == std::vector<std::string>{"fs/local", "fs/text"});

    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    auto program = frontend::check_native_areas(registry(), sources, diags);
    REQUIRE(program != nullptr);
    INFO(render(sources, diags));
    CHECK(diags.empty());
    for (const auto& [id, expected] : mel_signatures()) {
        CAPTURE(id);
        const Element* e = program->find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        REQUIRE(e->kind == ElementKind::Treatment);
        CHECK(!e->doc().empty());
        CHECK(signature(*e->treatment) == expected);
    }
}

// The fs package as declared: every element of the reference (packages.md §1.1; signatures read from
// libs/fs-mel), native ones from the registry with their bodies, the Mélodium ones from the embedded areas,
// which must check without a diagnostic.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/unit/packages/fs/program.h"
#include "tests/unit/packages/testing/signatures.h"

using namespace mel;
using namespace mel::packages::fs_testing;

namespace {

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
    check_native_signatures(registry(), "fs", native_signatures());
}

TEST_CASE("fs .mel areas: embedded, checked without diagnostics, with the reference's signatures")
{
    check_mel_signatures(registry(), "fs", {"fs/local", "fs/text"}, mel_signatures());
}

// Reference: melodium/src/lib.rs (load_file) and melodium-loader/src/package_manager.rs
// (raw_to_package).
#include "frontend/load/load_package.h"

#include "frontend/load/file_io.h"
#include "frontend/load/file_package.h"
#include "frontend/load/jeu_archive.h"
#include "frontend/load/jeu_package.h"
#include "frontend/load/standalone_package.h"

namespace mel::frontend {

std::shared_ptr<Package> load_command_line_package(const std::filesystem::path& path, SourceManager& sources,
                                                   Diagnostics& diags)
{
    if (path.filename() == "Compo.toml")
        return load_file_package(path, sources, diags);
    auto bytes = read_file(path);
    if (!bytes) {
        diags.report(DiagId::FileUnreadable).arg(display(path)).arg(bytes.error().message);
        return nullptr;
    }
    if (is_valid_utf8(bytes.value()))
        return make_standalone_package(std::move(bytes.value()), display(path), sources, diags);
    // Ours (issue 16): bytes that are no bzip2 stream after two lines are no jeu at all; the jeu
    // reader's message ("Jeu data cannot be processed") would only mislead.
    const std::string_view data = bytes.value();
    const auto offset = jeu_payload_offset(data);
    if (!offset || data.substr(*offset, 3) != "BZh") {
        diags.report(DiagId::RawNotPackage).note(NoteId::NotSourceNorJeu, {display(path)});
        return nullptr;
    }
    auto jeu = make_jeu_package(data, display(path), sources, diags);
    if (!jeu)
        diags.report(DiagId::RawNotPackage);
    return jeu;
}

} // namespace mel::frontend

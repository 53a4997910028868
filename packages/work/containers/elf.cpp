// ELF files for the bundle (elf.h): program headers only, read with pread; the copy keeps the mapped bytes.

#include "packages/work/containers/elf.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "packages/work/containers/unique_fd.h"

namespace mel::packages::work::containers {

namespace {

Error failure(const std::string& what, const std::string& path, int error = errno)
{
    return Error{what + " " + path + ": " + std::strerror(error)};
}

Error not_elf(const std::string& path, const std::string& why) { return Error{"cannot read " + path + ": " + why}; }

bool read_at(int fd, void* into, std::size_t size, std::uint64_t offset)
{
    return ::pread(fd, into, size, static_cast<off_t>(offset)) == static_cast<ssize_t>(size);
}

template<class Header, class Program> Result<ElfLayout> layout_of(int fd, const std::string& path, ElfLayout layout)
{
    Header header{};
    if (!read_at(fd, &header, sizeof(header), 0))
        return not_elf(path, "not an ELF file");
    layout.section_headers = header.e_shoff;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        Program program{};
        if (!read_at(fd, &program, sizeof(program), header.e_phoff + std::uint64_t(i) * header.e_phentsize))
            return not_elf(path, "truncated ELF program headers");
        layout.loaded_end = std::max<std::uint64_t>(layout.loaded_end, program.p_offset + program.p_filesz);
        if (program.p_type != PT_INTERP)
            continue;
        std::string text(program.p_filesz, '\0');
        if (!read_at(fd, text.data(), text.size(), program.p_offset))
            return not_elf(path, "truncated ELF interpreter");
        layout.interpreter = text.c_str();
    }
    layout.loaded_end = std::max<std::uint64_t>(layout.loaded_end, header.e_phoff +
                                                                       std::uint64_t(header.e_phnum) * header.e_phentsize);
    return layout;
}

/// Clears e_shoff, e_shnum and e_shstrndx of the header at the start of `bytes`.
template<class Header> void drop_section_headers(std::string& bytes)
{
    Header header{};
    std::memcpy(&header, bytes.data(), sizeof(header));
    header.e_shoff = 0;
    header.e_shnum = 0;
    header.e_shstrndx = 0;
    std::memcpy(bytes.data(), &header, sizeof(header));
}

} // namespace

Result<ElfLayout> read_elf_layout(const std::string& path)
{
    const UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0)
        return failure("cannot read", path);
    struct stat info {};
    if (::fstat(file.get(), &info) != 0)
        return failure("cannot read", path);
    unsigned char ident[EI_NIDENT] = {};
    if (!read_at(file.get(), ident, sizeof(ident), 0) || std::memcmp(ident, ELFMAG, SELFMAG) != 0)
        return not_elf(path, "not an ELF file");
    ElfLayout layout;
    layout.file_size = static_cast<std::uint64_t>(info.st_size);
    if (ident[EI_CLASS] == ELFCLASS64)
        return layout_of<Elf64_Ehdr, Elf64_Phdr>(file.get(), path, layout);
    if (ident[EI_CLASS] == ELFCLASS32)
        return layout_of<Elf32_Ehdr, Elf32_Phdr>(file.get(), path, layout);
    return not_elf(path, "unknown ELF class");
}

Status write_loadable_copy(const std::string& source, const std::string& out)
{
    const auto layout = read_elf_layout(source);
    if (!layout.ok())
        return layout.error();
    const ElfLayout& elf = layout.value();
    const UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0)
        return failure("cannot read", source);
    const bool strip = elf.loaded_end < elf.file_size && elf.section_headers >= elf.loaded_end;
    std::string bytes(strip ? elf.loaded_end : elf.file_size, '\0');
    if (!read_at(in.get(), bytes.data(), bytes.size(), 0))
        return failure("cannot read", source);
    if (strip) {
        if (static_cast<unsigned char>(bytes[EI_CLASS]) == ELFCLASS64)
            drop_section_headers<Elf64_Ehdr>(bytes);
        else
            drop_section_headers<Elf32_Ehdr>(bytes);
    }
    const UniqueFd copy(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755));
    if (copy.get() < 0)
        return failure("cannot write", out);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(copy.get(), bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failure("cannot write", out);
        written += static_cast<std::size_t>(n);
    }
    return success();
}

} // namespace mel::packages::work::containers

// How fast `check` reads programs: a generated 20,000-line standalone program (many treatments,
// each instantiating std elements and the previous treatment, so the call chain is deep) is checked
// in-process; the baseline is reading the same file and counting its lines (memchr), in the same run.
// Prints lines per second for both and their ratio. With the path of the melodium binary as argument,
// also times the whole `melodium check FILE` command.
//
//   check_speed [path/to/melodium]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "frontend/sema/check.h"
#include "stdlib/register.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string generate(int target_lines)
{
    std::ostringstream out;
    out << "#!/usr/bin/env melodium\n#! name = generated\n#! version = 0.1.0\n#! require = std:0.10.2\n\n"
        << "use std/engine/util::startup\nuse std/flow::emit\nuse std/flow::stream\nuse std/flow::trigger\n"
        << "use std/ops/num::|add\n\n";
    int n = 0;
    // one stage at a time until the whole program (with main's 7 lines) reaches the target
    while (std::count(out.view().begin(), out.view().end(), '\n') + 7 < target_lines) {
        out << "/// Stage " << n << " of the generated chain.\n"
            << "treatment stage" << n << "(const base: u64 = " << n << ", var offset: u64 = 1)\n"
            << "  input trigger: Block<void>\n"
            << "  output done: Block<void>\n"
            << "  output values: Stream<u64>\n"
            << "{\n"
            << "    emit<u64>(value = |add<u64>(base, offset))\n"
            << "    stream<u64>()\n"
            << "    trigger<u64>()\n";
        if (n > 0) {
            out << "    previous: stage" << (n - 1) << "(base = " << n << ", offset = offset)\n";
        }
        out << "\n    Self.trigger -> emit.trigger,emit -> stream.block,stream -> trigger.stream\n";
        if (n > 0) {
            out << "    Self.trigger -> previous.trigger\n"
                << "    previous.values -> Self.values\n"
                << "    trigger.end -> Self.done\n";
        } else {
            out << "    stream.stream -> Self.values\n"
                << "    trigger.end -> Self.done\n";
        }
        out << "}\n\n";
        ++n;
    }
    out << "treatment main()\n{\n    startup()\n    last: stage" << (n - 1)
        << "()\n\n    startup.trigger -> last.trigger\n}\n";
    return out.str();
}

double best_of(int runs, auto&& f)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string text = generate(20000);
    const auto lines = std::count(text.begin(), text.end(), '\n');
    const auto path = std::filesystem::temp_directory_path() / "mel-check-speed.mel";
    {
        std::ofstream(path, std::ios::binary) << text;
    }
    mel::Registry registry;
    mel::stdlib::register_std(registry);

    bool clean = true;
    const double check = best_of(5, [&] {
        mel::frontend::SourceManager sources;
        mel::frontend::Diagnostics diags;
        mel::frontend::CheckRequest request;
        request.file = path.string();
        auto program = mel::frontend::check_program(request, registry, sources, diags);
        clean = program && diags.error_count() == 0;
    });
    std::size_t counted = 0;
    const double baseline = best_of(5, [&] {
        std::ifstream in(path, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        counted = 0;
        for (const char* p = data.data(); (p = static_cast<const char*>(std::memchr(p, '\n', data.data() + data.size() - p)));
             ++p)
            ++counted;
    });
    std::printf("check_speed: %ld lines, checked %s\n", static_cast<long>(lines), clean ? "without errors" : "WITH ERRORS");
    std::printf("  check (in-process, best of 5): %.3f s, %.0f lines/s\n", check, lines / check);
    std::printf("  baseline read + count lines:   %.4f s, %.0f lines/s\n", baseline, counted / baseline);
    std::printf("  ratio check / baseline:        %.0fx slower\n", check / baseline);
    if (argc > 1) {
        const std::string command = std::string(argv[1]) + " check " + path.string();
        const double cli = best_of(3, [&] { clean = std::system(command.c_str()) == 0 && clean; });
        std::printf("  `melodium check FILE` (whole process, best of 3): %.3f s\n", cli);
    }
    std::filesystem::remove(path);
    return clean ? 0 : 1;
}

// A random-mutation fuzzer for the front end: lexer, parser and checker. Takes seed programs,
// mutates them (byte edits, token insertions from a Mélodium dictionary, deletions, duplications,
// splices) and runs `check` on each mutant in-process, under the sanitizers of the build. Any crash,
// sanitizer report, or a single check taking longer than the hang limit fails the run.
//
//   check_fuzz --seconds 600 [--seed N] [--hang-ms 5000] SEED_FILE_OR_DIR…
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/check.h"
#include "stdlib/register.h"

namespace {

const char* const k_dictionary[] = {
    "treatment ", "model ", "use ", "input ", "output ", "require ", "var ", "const ", "Self", "as ", "->", "--->",
    "<", ">", ">>", "(", ")", "{", "}", "[", "]", ":", "::", ",", ".", "/", "_", "=", "+", "0x2A", "0xff", "-.5",
    "1.5", "-3", "340282366920938463463374607431768211456", "\"s\\n\"", "\"\\d\"", "${ raw }", "${{ a } b }}", "'c'",
    "'é'", "/** doc */", "/**/", "///", "//", "#[attr(x)]", "#! name = x\n", "|f", "|add<u64>(1, 2)", "@C[f]",
    "Stream<", "Block<", "Vec<", "Option<", "u128", "string", "void", "T: Add + Sub", "\n", " ", "é", "\xff", "\x00",
    "std/flow::emit", "emit<u8>(value = 1)", "a.x -> b.y,z -> c.w", "startup.trigger -> emit.trigger",
};

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string mutate(std::string text, const std::vector<std::string>& seeds, std::mt19937_64& rng)
{
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
    const int edits = 1 + static_cast<int>(pick(8));
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = pick(text.size() + 1);
        switch (pick(6)) {
        case 0: // flip a byte
            if (!text.empty())
                text[pick(text.size())] = static_cast<char>(rng());
            break;
        case 1: // insert a dictionary token
            text.insert(at, k_dictionary[pick(std::size(k_dictionary))]);
            break;
        case 2: // delete a range
            text.erase(at, pick(32));
            break;
        case 3: { // duplicate a range
            const std::string piece = text.substr(at, pick(64));
            text.insert(pick(text.size() + 1), piece);
            break;
        }
        case 4: { // splice another seed
            const std::string& other = seeds[pick(seeds.size())];
            const std::size_t from = pick(other.size() + 1);
            text.insert(at, other.substr(from, pick(200)));
            break;
        }
        default: // truncate
            text.resize(at);
        }
    }
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    double seconds = 60;
    std::uint64_t seed = std::random_device{}();
    long hang_ms = 5000;
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc)
            seconds = std::atof(argv[++i]);
        else if (arg == "--seed" && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--hang-ms" && i + 1 < argc)
            hang_ms = std::atol(argv[++i]);
        else
            inputs.emplace_back(arg);
    }
    std::vector<std::string> seeds;
    for (const auto& input : inputs) {
        if (std::filesystem::is_directory(input)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(input))
                if (entry.is_regular_file() && entry.path().extension() == ".mel")
                    seeds.push_back(read_file(entry.path()));
        } else {
            seeds.push_back(read_file(input));
        }
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "check_fuzz: no seed programs given\n");
        return 2;
    }

    mel::Registry registry;
    mel::stdlib::register_std(registry);
    const auto dir = std::filesystem::temp_directory_path() / ("mel-fuzz-" + std::to_string(seed));
    std::filesystem::create_directories(dir);
    const auto file = dir / "fuzz.mel";
    const char* header = "#! name = fuzz\n#! version = 0.1.0\n#! require = std:0.10.2\n\n";

    std::mt19937_64 rng(seed);
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    std::uint64_t runs = 0, rejected = 0;
    std::printf("check_fuzz: seed %llu, %zu seed programs, %.0f s\n", static_cast<unsigned long long>(seed),
                seeds.size(), seconds);
    std::fflush(stdout);
    while (std::chrono::steady_clock::now() < deadline) {
        std::string text = mutate(seeds[rng() % seeds.size()], seeds, rng);
        if (rng() % 4 != 0)
            text = header + text; // mostly keep a valid standalone header so the checker runs
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << text;
        }
        const auto t0 = std::chrono::steady_clock::now();
        mel::frontend::SourceManager sources;
        mel::frontend::Diagnostics diags;
        mel::frontend::CheckRequest request;
        request.file = file.string();
        auto program = mel::frontend::check_program(request, registry, sources, diags);
        // Rendering is part of what users run: exercise it too.
        for (const auto& d : diags.sorted()) {
            (void)mel::frontend::render_message(sources, diags, d);
            (void)mel::frontend::render_excerpt(sources, d.range, false);
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        if (ms > hang_ms) {
            const auto kept = dir / ("slow-" + std::to_string(runs) + ".mel");
            std::filesystem::copy_file(file, kept, std::filesystem::copy_options::overwrite_existing);
            std::fprintf(stderr, "check_fuzz: a check took %lld ms (limit %ld ms); input kept in %s\n",
                         static_cast<long long>(ms), hang_ms, kept.c_str());
            return 1;
        }
        ++runs;
        if (diags.has_errors())
            ++rejected;
    }
    std::filesystem::remove_all(dir);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("check_fuzz: %llu inputs in %.1f s (%.0f/s), %llu rejected with diagnostics, no crash, no hang\n",
                static_cast<unsigned long long>(runs), elapsed, runs / elapsed, static_cast<unsigned long long>(rejected));
    return 0;
}

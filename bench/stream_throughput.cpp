// How fast the engine moves values (issue 4). Two Mélodium programs in bench/stream_throughput/ are loaded,
// checked and run in-process; each logs its result with the label "result", which is compared with the
// result of the baseline computed in the same process:
//   u64_chain    N u64 through generate → add (the same stream on both inputs) → count → trigger.last,
//                against a hand-written loop doing the same per value (sum, index, keep the last index);
//   byte_stream  a Stream<byte> of B bytes through pass → pass → trigger.last, against memcpy of B bytes.
// Prints the time (best of 3) and throughput of both and the ratio.
//
//   stream_throughput [N [B]]     (defaults: N = 10^8, B = 2^30)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/program.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/world.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timed {
    double seconds = 1e9;
    std::string result;
};

/// Loads `file`, runs its `main` with `length` best of `runs` times, returns the best time and the "result"
/// message of the last run; exits the bench when the program does not check or run cleanly.
Timed run_program(const std::string& file, mel::u128 length, int runs)
{
    mel::frontend::CheckRequest request;
    request.file = file;
    auto loaded = mel::cli::load_program(request);
    if (!loaded->ok() || loaded->program->entrypoints.empty()) {
        mel::cli::print_diagnostics(stderr, *loaded);
        std::fprintf(stderr, "stream_throughput: %s does not check\n", file.c_str());
        std::exit(1);
    }
    const mel::Element* entry = loaded->program->find(loaded->program->entrypoints.front().second);
    Timed best;
    for (int i = 0; i < runs; ++i) {
        std::string result;
        mel::engine::RunOptions options;
        options.console = nullptr;
        options.log_observer = [&result](const mel::engine::LogRecord& r) {
            if (r.label == "result")
                result = r.message;
        };
        std::map<std::string, mel::Value> args{{"length", mel::Value::u128(length)}};
        const auto t0 = Clock::now();
        const int code = mel::engine::run(*entry->treatment, std::move(args), options);
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (code != 0) {
            std::fprintf(stderr, "stream_throughput: %s exited with %d\n", file.c_str(), code);
            std::exit(1);
        }
        best.seconds = std::min(best.seconds, seconds);
        best.result = result;
    }
    return best;
}

template<class F> double best_of(int runs, F&& f)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

/// The u64 chain by hand: per value, the generated datum is added to itself and indexed from 0; the result is
/// the last index. The barrier keeps the compiler from folding the loop into a formula.
std::uint64_t hand_chain(std::uint64_t n, std::uint64_t datum, std::uint64_t& checksum)
{
    std::uint64_t last = 0;
    std::uint64_t sum_of_sums = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t v = datum;
        asm volatile("" : "+r"(v));
        sum_of_sums += v + v;
        last = i;
    }
    checksum = sum_of_sums;
    return last;
}

std::string decimal(mel::u128 v)
{
    std::string s;
    do {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000'000ull;
    const std::uint64_t bytes = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : (std::uint64_t{1} << 30);
    if (n == 0 || bytes == 0) {
        std::fprintf(stderr, "usage: stream_throughput [N [BYTES]]   (both > 0)\n");
        return 2;
    }
    mel::engine::tune_allocator();
    const std::string dir = MELODIUM_BENCH_DIR "/stream_throughput/";
    bool ok = true;

    // ---- u64 chain ----
    const Timed chain = run_program(dir + "u64_chain.mel", n, 3);
    std::uint64_t last = 0, checksum = 0;
    const double hand = best_of(3, [&] { last = hand_chain(n, 21, checksum); });
    const bool chain_ok = chain.result == decimal(last);
    ok = ok && chain_ok;
    std::printf("stream_throughput u64_chain: %llu values, result %s (%s)\n", static_cast<unsigned long long>(n),
                chain.result.c_str(), chain_ok ? "matches the loop" : "DIFFERS from the loop");
    std::printf("  engine (best of 3):     %.3f s, %.3g values/s\n", chain.seconds, n / chain.seconds);
    std::printf("  hand-written loop:      %.3f s, %.3g values/s (checksum %llu)\n", hand, n / hand,
                static_cast<unsigned long long>(checksum));
    std::printf("  ratio engine / loop:    %.2fx\n", chain.seconds / hand);

    // ---- byte stream ----
    const Timed stream = run_program(dir + "byte_stream.mel", bytes, 3);
    std::vector<unsigned char> from(bytes, 0x2a), to(bytes);
    std::memset(to.data(), 0, to.size()); // fault the pages in before timing
    const double copy = best_of(3, [&] {
        std::memcpy(to.data(), from.data(), bytes);
        asm volatile("" : : "r"(to.data()) : "memory");
    });
    const bool stream_ok = stream.result == "0x2a" && to[bytes - 1] == 0x2a;
    ok = ok && stream_ok;
    const double gib = static_cast<double>(bytes) / (1u << 30);
    std::printf("stream_throughput byte_stream: %.3f GiB, result %s (%s)\n", gib, stream.result.c_str(),
                stream_ok ? "as expected" : "UNEXPECTED");
    std::printf("  engine (best of 3):     %.3f s, %.2f GB/s\n", stream.seconds, bytes / stream.seconds / 1e9);
    std::printf("  memcpy:                 %.3f s, %.2f GB/s\n", copy, bytes / copy / 1e9);
    std::printf("  ratio engine / memcpy:  %.2fx the time\n", stream.seconds / copy);
    return ok ? 0 : 1;
}

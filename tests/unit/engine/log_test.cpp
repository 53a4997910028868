#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "runtime/engine/log.h"
#include "tests/unit/engine/fixtures.h"

using namespace mel::engine;

namespace {
std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("log lines: RFC 3339 UTC milliseconds, level, label, message")
{
    using namespace std::chrono;
    // 2026-11-26T17:10:50.123Z
    const auto t = system_clock::time_point(milliseconds(1795713050123LL));
    CHECK(format_timestamp(t) == "2026-11-26T17:10:50.123Z");
    LogRecord r{t, LogLevel::Info, "pipeline", "fetching posts...", 3};
    CHECK(format_log_line(r, false) == "[2026-11-26T17:10:50.123Z] info: pipeline: fetching posts...");
    CHECK(format_log_line(r, true) == "[2026-11-26T17:10:50.123Z] \x1b[1;34minfo\x1b[0m: pipeline: fetching posts...");
    r.level = LogLevel::Error;
    CHECK(format_log_line(r, true).find("\x1b[1;31merror\x1b[0m") != std::string::npos);
    r.level = LogLevel::Warning;
    CHECK(format_log_line(r, false).find("] warning: ") != std::string::npos);
    CHECK(log_level_name(LogLevel::Trace) == "trace");
    CHECK(json_string("a\"b\n\x01") == "\"a\\\"b\\n\\u0001\"");
}

TEST_CASE("the logs file gets uncoloured lines in order, parent directories created; the debug file is JSON")
{
    const auto dir = std::filesystem::temp_directory_path() / "melodium_engine_log_test";
    std::filesystem::remove_all(dir);
    const auto logs = dir / "a" / "b" / "run.log";
    const auto debug = dir / "debug.json";
    {
        Logger logger;
        LoggerOptions o;
        o.console = nullptr;
        o.colour = true;
        o.logs_file = logs.string();
        o.debug_file = debug.string();
        REQUIRE(logger.start(o));
        CHECK(logger.debug_enabled());
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 100; ++i)
                    logger.log(LogLevel::Info, "t" + std::to_string(t), "message " + std::to_string(i));
            });
        for (auto& th : threads)
            th.join();
        logger.debug_event("TrackAdded", "\"track\":1");
        logger.stop();
    }
    const std::string text = read_file(logs);
    CHECK(text.find("\x1b") == std::string::npos);
    std::istringstream lines(text);
    std::string line;
    int count = 0;
    int last_of_t0 = -1;
    while (std::getline(lines, line)) {
        ++count;
        CHECK(line.rfind("[", 0) == 0);
        if (line.find("] info: t0: message ") != std::string::npos) {
            const int i = std::stoi(line.substr(line.rfind(' ') + 1));
            CHECK(i == last_of_t0 + 1); // order of each thread preserved, whole lines
            last_of_t0 = i;
        }
    }
    CHECK(count == 400);
    const std::string json = read_file(debug);
    CHECK(json.rfind("[\n{\"event\":\"TrackAdded\"", 0) == 0);
    CHECK(json.find("\"track\":1}") != std::string::npos);
    CHECK(json.substr(json.size() - 3) == "\n]\n");
    std::filesystem::remove_all(dir);
}

TEST_CASE("a run writes its logs and debug events to files when asked")
{
    using namespace fixtures;
    const auto dir = std::filesystem::temp_directory_path() / "melodium_engine_run_log_test";
    std::filesystem::remove_all(dir);
    RunOptions options = test_options();
    options.logs_file = (dir / "logs" / "out.log").string();
    options.debug_file = (dir / "debug.json").string();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("fail", treatment("fail"))
                    .connect("startup.trigger", "fail.trigger")
                    .build();
    Outcome o = run_program(main, {}, options);
    CHECK(o.code == 3);
    const std::string text = read_file(dir / "logs" / "out.log");
    CHECK(text.find("] error: engine: treatment `main/fail` (test/lib::fail) failed in track 0: boom\n") !=
          std::string::npos);
    const std::string json = read_file(dir / "debug.json");
    CHECK(json.find("\"event\":\"TrackAdded\"") != std::string::npos);
    CHECK(json.find("\"event\":\"TreatmentFinished\"") != std::string::npos);
    CHECK(json.find("\"event\":\"TrackFinished\"") != std::string::npos);
    CHECK(json.substr(json.size() - 3) == "\n]\n");
    std::filesystem::remove_all(dir);
}

// `wasmvm run` resource limits (--timeout, --fuel, --max-memory, --max-stack) and reactor
// _initialize, on fixtures/limits.wat and fixtures/reactor.wat.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "process_runner.h"

namespace {

ProcessResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), WASMVM_CLI_PATH);
  return run_process(args);
}

std::string limits_wasm() { return std::string(CLI_FIXTURE_DIR) + "/limits.wasm"; }

bool has(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST(CliLimits, TimeoutStopsAnEndlessLoop) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = cli({"run", "--timeout", "200ms", "--invoke", "spin", limits_wasm()});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_EQ(r.err.rfind("wasmvm: error: timeout after 200ms\n", 0), 0u) << r.err;
  EXPECT_TRUE(has(r.err, "at spin")) << r.err;  // backtrace names come from the name section
  EXPECT_GE(ms, 150);
  EXPECT_LT(ms, 10'000);
}

TEST(CliLimits, FuelStopsAnEndlessLoop) {
  auto r = cli({"run", "--fuel", "50000", "--invoke", "spin", limits_wasm()});
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_EQ(r.err.rfind("wasmvm: error: fuel exhausted after 50000 units\n", 0), 0u) << r.err;
}

TEST(CliLimits, FuelBudgetIsHonouredBothWays) {
  auto ok = cli({"run", "--fuel", "1000000", "--invoke", "count", limits_wasm(), "1000"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "0:i32\n");
  auto cut = cli({"run", "--fuel", "100", "--invoke", "count", limits_wasm(), "1000"});
  EXPECT_EQ(cut.exit_code, 124) << cut.err;
  EXPECT_TRUE(has(cut.err, "fuel exhausted after 100 units")) << cut.err;
}

TEST(CliLimits, MaxMemoryStopsAGrowLoop) {
  // Bytes with a suffix and pages both cap memory.grow; 1M = 16 pages.
  auto count = cli({"run", "--max-memory", "1M", "--invoke", "grow_count", limits_wasm()});
  EXPECT_EQ(count.exit_code, 0) << count.err;
  EXPECT_EQ(count.out, "16:i32\n");
  count = cli({"run", "--max-memory", "5p", "--invoke", "grow_count", limits_wasm()});
  EXPECT_EQ(count.out, "5:i32\n");
  auto trap = cli({"run", "--max-memory", "256K", "--invoke", "grow_until_refused", limits_wasm()});
  EXPECT_EQ(trap.exit_code, 124) << trap.err;
  EXPECT_TRUE(has(trap.err, "memory limit reached: linear memory is at the --max-memory cap of 4 pages"))
      << trap.err;
  // The initial memory (1 page) over the cap refuses instantiation with the limit named.
  auto tiny = cli({"run", "--max-memory", "0", "--invoke", "grow_count", limits_wasm()});
  EXPECT_EQ(tiny.exit_code, 124) << tiny.err;
  EXPECT_TRUE(has(tiny.err, "memory limit reached: ")) << tiny.err;
}

TEST(CliLimits, MaxStackStopsDeepRecursion) {
  auto ok = cli({"run", "--invoke", "deep", limits_wasm(), "10000"});  // default stack suffices
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "10000:i64\n");
  auto r = cli({"run", "--max-stack", "64K", "--invoke", "deep", limits_wasm(), "10000"});
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_EQ(r.err.rfind("wasmvm: error: stack limit reached: value stack exhausted (--max-stack 65536 bytes)\n", 0),
            0u)
      << r.err;
  EXPECT_TRUE(has(r.err, "at deep")) << r.err;
}

// Issue 10 F2: --max-stack sizes the value stack only. Running out of call depth is a trap (134),
// reported as such even when --max-stack is given (here equal to the default 8M).
TEST(CliLimits, MaxStackReportsWhatWasExhausted) {
  for (auto extra : std::vector<std::vector<std::string>>{{}, {"--max-stack", "8M"}, {"--max-stack", "64M"}}) {
    std::vector<std::string> argv{"run"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), {"--invoke", "endless", limits_wasm(), "0"});
    auto r = cli(argv);
    EXPECT_EQ(r.exit_code, 134) << r.err;
    EXPECT_EQ(r.err.rfind("wasmvm: error: endless: call stack exhausted\n", 0), 0u) << r.err;
    EXPECT_FALSE(has(r.err, "stack limit reached")) << r.err;
    EXPECT_TRUE(has(r.err, "at endless")) << r.err;
  }
  // The value stack running out first (16 i64 locals per frame) is the --max-stack limit.
  auto v = cli({"run", "--max-stack", "1M", "--invoke", "deep", limits_wasm(), "100000"});
  EXPECT_EQ(v.exit_code, 124) << v.err;
  EXPECT_EQ(v.err.rfind("wasmvm: error: stack limit reached: value stack exhausted (--max-stack 1048576 bytes)\n", 0),
            0u)
      << v.err;
}

TEST(CliLimits, BadLimitTextIsAUsageError) {
  for (auto args : std::vector<std::vector<std::string>>{{"--max-memory", "12X"},
                                                         {"--timeout", "soon"},
                                                         {"--timeout", "0s"},
                                                         {"--fuel", "-3"},
                                                         {"--max-stack", "8"},
                                                         {"--max-memory", "5G"}}) {
    std::vector<std::string> argv{"run"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(limits_wasm());
    auto r = cli(argv);
    EXPECT_EQ(r.exit_code, 64) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_TRUE(has(r.err, args[0].c_str())) << r.err;
  }
}

TEST(CliLimits, ReactorInitializeRunsBeforeInvoke) {
  std::string reactor = std::string(CLI_FIXTURE_DIR) + "/reactor.wasm";
  auto r = cli({"run", "--invoke", "get", reactor});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "42:i32\n");
  EXPECT_EQ(cli({"run", reactor}).exit_code, 0);
}

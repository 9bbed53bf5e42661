// Runs wasmvm-spec on hand-written wast2json-style scripts whose outcomes are known.
#include <gtest/gtest.h>

#include <string>

#include "process_runner.h"

namespace {

const std::string kRunner = WASMVM_SPEC_RUNNER_PATH;
const std::string kDir = SPEC_FIXTURE_DIR;

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace

TEST(SpecRunner, PassingScriptExitsZero) {
  auto r = run_process({kRunner, "-v", kDir + "/runner_pass.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // 23 commands minus one register; the text-format assert_malformed is the only skip.
  EXPECT_NE(r.out.find("runner_pass: 21 passed, 0 failed, 1 skipped"), std::string::npos) << r.out;
  EXPECT_EQ(last_line(r.out), "21 passed, 0 failed, 1 skipped") << r.out;
  EXPECT_NE(r.out.find("skip runner_pass.json:19"), std::string::npos) << r.out;  // -v shows the reason
}

TEST(SpecRunner, FailingScriptIsReportedAndExitsOne) {
  auto r = run_process({kRunner, "-v", kDir + "/runner_fail.json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(last_line(r.out), "3 passed, 7 failed, 0 skipped") << r.out;
  for (const char* where : {"runner_fail.json:3 ", "runner_fail.json:4 ", "runner_fail.json:6 ",
                            "runner_fail.json:7 ", "runner_fail.json:8 ", "runner_fail.json:9 ",
                            "runner_fail.json:10 "})
    EXPECT_NE(r.out.find(std::string("FAIL ") + where), std::string::npos) << where << "\n" << r.out;
  EXPECT_EQ(r.out.find("runner_fail.json:5 "), std::string::npos) << r.out;  // canonical NaN passes
}

TEST(SpecRunner, TotalsOverSeveralFilesAndQuietMode) {
  auto r = run_process({kRunner, kDir + "/runner_pass.json", kDir + "/runner_fail.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.out), "24 passed, 7 failed, 1 skipped") << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << "failures are listed only with -v\n" << r.out;
}

#if WASMVM_SIMD
// v128 results compared lane by lane in the lane type the script names; a wrong lane is a failure.
TEST(SpecRunner, V128ResultsCompareByLane) {
  auto r = run_process({kRunner, "-v", kDir + "/runner_simd.json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(last_line(r.out), "3 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_NE(r.out.find("FAIL runner_simd.json:4 "), std::string::npos) << r.out;
}
#endif

TEST(SpecRunner, UnreadableInputCountsAsFailure) {
  auto r = run_process({kRunner, kDir + "/no-such-script.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.out), "0 passed, 1 failed, 0 skipped") << r.out;
  r = run_process({kRunner, kDir + "/malformed.wasm"});  // not JSON
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.out), "0 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_EQ(run_process({kRunner}).exit_code, 64);
}

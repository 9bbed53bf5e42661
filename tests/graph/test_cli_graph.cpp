// `wasmvm graph` in-process: exit codes for every error class, the README demo, --output files.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "loader/cli/exit_codes.h"
#include "loader/graph/cmd_graph.h"
#include "loader/graph/npy.h"

using namespace wasmvm;

namespace {

std::string tmp_path(const std::string& name) { return std::string(GRAPH_TEST_TMP) + "/cli_" + name; }

struct CliResult {
  int code;
  std::string out, err;
};

CliResult graph(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = graph::run_graph_command(int(argv.size()), argv.data());
  std::fflush(stdout);
  CliResult r{code, testing::internal::GetCapturedStdout(), testing::internal::GetCapturedStderr()};
  return r;
}

TEST(CliGraph, UsageErrors) {
  EXPECT_EQ(graph({}).code, cli::kExitUsage);
  EXPECT_EQ(graph({"m.wasm"}).code, cli::kExitUsage);                          // no --input
  EXPECT_EQ(graph({"m.wasm", "--input"}).code, cli::kExitUsage);               // missing value
  EXPECT_EQ(graph({"m.wasm", "--input", "x", "--top", "0"}).code, cli::kExitUsage);
  EXPECT_EQ(graph({"m.wasm", "--input", "x", "--resize", "12"}).code, cli::kExitUsage);
  EXPECT_EQ(graph({"m.wasm", "--input", "x", "--abi", "onnx"}).code, cli::kExitUsage);
  EXPECT_EQ(graph({"m.wasm", "--input", "x", "--frobnicate", "1"}).code, cli::kExitUsage);
  auto help = graph({"--help"});
  EXPECT_EQ(help.code, cli::kExitOk);
  EXPECT_NE(help.out.find("--input FILE"), std::string::npos);
}

TEST(CliGraph, UnreadableOrBadModule) {
  EXPECT_EQ(graph({tmp_path("missing.wasm"), "--input", "x.png"}).code, cli::kExitNoInput);
  std::ofstream(tmp_path("garbage.wasm")) << "not wasm at all";
  EXPECT_EQ(graph({tmp_path("garbage.wasm"), "--input", "x.png"}).code, cli::kExitBadModule);
}

#ifdef GRAPH_FIXTURE_DIR
TEST(CliGraph, HostileDescriptorIsABadModule) {
  auto r = graph({std::string(GRAPH_FIXTURE_DIR) + "/hostile_desc.wasm", "--input", "x.npy"});
  EXPECT_EQ(r.code, cli::kExitBadModule);
  EXPECT_NE(r.err.find("outside memory"), std::string::npos) << r.err;
}
#endif

#if WASMVM_GRAPH_E2E
const std::string kSample = std::string(WASMVM_DIGITS_SAMPLES_DIR) + "/digit7_7.png";

// The labels file the README demo uses (models/digits/labels.txt).
std::string digits_labels() { return GRAPH_DIGITS_LABELS; }

TEST(CliGraph, ReadmeDemoClassifiesADigit) {
  auto r = graph({GRAPH_DIGITS_WASM, "--input", kSample, "--labels", digits_labels(), "--top", "3"});
  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_NE(r.out.find("1. seven"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2. "), std::string::npos);
  EXPECT_NE(r.out.find("3. "), std::string::npos);
  EXPECT_EQ(r.out.find("4. "), std::string::npos);
  EXPECT_NE(r.out.find("time: inference"), std::string::npos);
}

TEST(CliGraph, EverySampleIsClassifiedAsItsDigit) {
  const char* files[] = {"digit0_2", "digit1_3", "digit2_15", "digit3_12", "digit4_0",
                         "digit5_24", "digit6_40", "digit7_7", "digit8_11", "digit9_1"};
  for (int d = 0; d < 10; d++) {
    auto r = graph({GRAPH_DIGITS_WASM, "--input", std::string(WASMVM_DIGITS_SAMPLES_DIR) + "/" + files[d] + ".png",
                    "--top", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("1. " + std::to_string(d) + " "), std::string::npos) << r.out;
  }
}

TEST(CliGraph, OutputFilesAndBench) {
  std::string npy = tmp_path("out.npy"), json = tmp_path("out.json");
  auto r = graph({GRAPH_DIGITS_WASM, "--input", kSample, "--output", npy, "--bench", "5"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("bench: 5 runs"), std::string::npos) << r.out;
  auto t = graph::read_npy(npy);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->shape, (std::vector<int64_t>{1, 10}));
  EXPECT_GT(t->at(7), 0.9);
  ASSERT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--output", json}).code, 0);
  std::ifstream jf(json);
  std::string text((std::istreambuf_iterator<char>(jf)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"name\":\"logits\""), std::string::npos);
  EXPECT_NE(text.find("\"name\":\"probabilities\""), std::string::npos);
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--output", tmp_path("out.txt")}).code, cli::kExitUsage);
}

// Batch mode: one compiled module on two threads gives, per input and in input order, the same top-k as one
// run per image (compared through the single run's --output .npy); a bad input fails alone with its exit code.
TEST(CliGraph, BatchMatchesOneAtATimeAndWritesJsonl) {
  const std::string dir = WASMVM_DIGITS_SAMPLES_DIR, jsonl = tmp_path("batch.jsonl");
  auto r = graph({GRAPH_DIGITS_WASM, "--input-dir", dir, "--input", tmp_path("missing.png"), "--jobs", "2",
                  "--top", "3", "--labels", digits_labels(), "--output", jsonl});
  EXPECT_EQ(r.code, cli::kExitNoInput) << r.err;
  EXPECT_NE(r.out.find("batch: 11 inputs, 10 ok, 1 failed, 2 jobs"), std::string::npos) << r.out;
  std::ifstream f(jsonl);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(f, line);) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 11u);
  EXPECT_EQ(rows[0]["file"], tmp_path("missing.png"));  // --input files come first
  EXPECT_EQ(rows[0]["exit_code"], cli::kExitNoInput);
  const char* files[] = {"digit0_2", "digit1_3", "digit2_15", "digit3_12", "digit4_0",
                         "digit5_24", "digit6_40", "digit7_7", "digit8_11", "digit9_1"};
  const char* kNames[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  for (int d = 0; d < 10; d++) {
    const auto& row = rows[size_t(d) + 1];
    const std::string png = dir + "/" + files[d] + ".png", npy = tmp_path("one.npy");
    EXPECT_EQ(row["file"], png);
    ASSERT_EQ(graph({GRAPH_DIGITS_WASM, "--input", png, "--output", npy}).code, 0);
    auto one = graph::read_npy(npy);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(row["top"].size(), 3u);
    EXPECT_EQ(row["top"][0]["class"], d);
    EXPECT_EQ(row["top"][0]["label"], kNames[d]);
    for (const auto& e : row["top"]) EXPECT_EQ(e["p"].get<double>(), one->at(e["class"].get<size_t>())) << png;
    EXPECT_GE(row["latency_ms"].get<double>(), 0.0);
  }
}

TEST(CliGraph, InputErrors) {
  // Unreadable image, bad labels, wrong input count, wrong element count, wrong dtype.
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", tmp_path("nope.png")}).code, cli::kExitNoInput);
  std::ofstream(tmp_path("empty_labels.txt")).flush();
  auto lab = graph({GRAPH_DIGITS_WASM, "--input", kSample, "--labels", tmp_path("empty_labels.txt")});
  EXPECT_EQ(lab.code, cli::kExitNoInput);
  EXPECT_NE(lab.err.find("empty"), std::string::npos);
  // Two inputs for a one-input model are a batch (not a usage error); a bad batch flag is.
  auto two = graph({GRAPH_DIGITS_WASM, "--input", kSample, "--input", kSample});
  EXPECT_EQ(two.code, 0) << two.err;
  EXPECT_NE(two.out.find("batch: 2 inputs, 2 ok"), std::string::npos) << two.out;
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--jobs", "0"}).code, cli::kExitUsage);
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--jobs", "2", "--output", tmp_path("x.json")}).code,
            cli::kExitUsage);
  std::string npy = tmp_path("wrong_shape.npy");
  ASSERT_TRUE(graph::write_npy(npy, graph::HostTensor::from_f32({1, 63}, std::vector<float>(63, 0.f))).ok());
  auto shape = graph({GRAPH_DIGITS_WASM, "--input", npy});
  EXPECT_EQ(shape.code, cli::kExitUsage);
  EXPECT_NE(shape.err.find("[1, 1, 8, 8]"), std::string::npos) << shape.err;
  graph::HostTensor i32;
  i32.dtype = graph::DType::I32;
  i32.shape = {1, 1, 8, 8};
  i32.bytes.resize(256);
  ASSERT_TRUE(graph::write_npy(tmp_path("i32.npy"), i32).ok());
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", tmp_path("i32.npy")}).code, cli::kExitUsage);
  // A good .npy is used as is.
  ASSERT_TRUE(graph::write_npy(tmp_path("ok.npy"), graph::HostTensor::from_f32({1, 1, 8, 8}, std::vector<float>(64, 0.f))).ok());
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", tmp_path("ok.npy")}).code, 0);
}

// F5 (issue 10): the full shape must match, not only the element count; --reshape accepts an equal count.
TEST(CliGraph, InputShapeMustMatchFully) {
  for (std::vector<int64_t> shape : {std::vector<int64_t>{1, 8, 8, 1}, std::vector<int64_t>{64}}) {
    std::string npy = tmp_path("reshaped.npy");
    ASSERT_TRUE(graph::write_npy(npy, graph::HostTensor::from_f32(shape, std::vector<float>(64, 0.f))).ok());
    auto r = graph({GRAPH_DIGITS_WASM, "--input", npy});
    EXPECT_EQ(r.code, cli::kExitUsage) << r.err;
    EXPECT_NE(r.err.find("has shape [1, 1, 8, 8] (64 elements), got shape"), std::string::npos) << r.err;
    EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", npy, "--reshape"}).code, 0);
  }
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--input-shape", "1,1,8,8"}).code, 0);
  auto wrong = graph({GRAPH_DIGITS_WASM, "--input", kSample, "--input-shape", "1,64"});
  EXPECT_EQ(wrong.code, cli::kExitUsage) << wrong.err;
  for (const char* bad : {"", "1,,8", "0,1", "1,2,3,4,5,6,7,8,9", "x"})
    EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--input-shape", bad}).code, cli::kExitUsage) << bad;
}

#ifdef GRAPH_DIGITS_LEGACY_TVM_WASM
// Legacy modules do not describe their input: --input-shape is checked by the host (exit 64), so a wrong
// tensor never reaches the guest (which would fail with exit 134), and it drives the image preprocessing.
TEST(CliGraph, LegacyInputShapeIsCheckedBeforeTheGuestRuns) {
  const std::string legacy = GRAPH_DIGITS_LEGACY_TVM_WASM;
  for (std::vector<int64_t> shape : {std::vector<int64_t>{65}, std::vector<int64_t>{1, 8, 8, 1}}) {
    graph::HostTensor t = graph::HostTensor::from_f32(shape, std::vector<float>(size_t(shape.size() == 1 ? 65 : 64), 0.f));
    ASSERT_TRUE(graph::write_npy(tmp_path("legacy_in.npy"), t).ok());
    auto r = graph({legacy, "--input", tmp_path("legacy_in.npy"), "--input-shape", "1,1,8,8"});
    EXPECT_EQ(r.code, cli::kExitUsage) << r.err;
    EXPECT_NE(r.err.find("legacy input has shape [1, 1, 8, 8]"), std::string::npos) << r.err;
  }
  EXPECT_EQ(graph({legacy, "--input", tmp_path("legacy_in.npy"), "--input-shape", "1,1,8,8", "--reshape"}).code, 0);
  auto png = graph({legacy, "--input", kSample, "--input-shape", "1,1,8,8", "--labels", digits_labels(), "--top", "1"});
  ASSERT_EQ(png.code, 0) << png.err;
  EXPECT_NE(png.out.find("1. seven"), std::string::npos) << png.out;
  EXPECT_EQ(png.err, "") << "priming output must not be shown";
}
#endif

TEST(CliGraph, LegacyModelSafeAndUnsafe) {
  auto safe = graph({GRAPH_LEGACY_WASM, "--input", kSample, "--top", "4"});
  ASSERT_EQ(safe.code, 0) << safe.err;
  EXPECT_NE(safe.out.find("legacy-json ABI"), std::string::npos);
  EXPECT_NE(safe.out.find("score=150528.0000"), std::string::npos) << safe.out;  // count = 3*224*224
  auto guarded = graph({GRAPH_LEGACY_WASM, "--input", kSample, "--unsafe-tvm", "--guard"});
  EXPECT_EQ(guarded.code, cli::kExitTrap);
  EXPECT_NE(guarded.err.find("guard: store into unread input JSON"), std::string::npos) << guarded.err;
  EXPECT_NE(guarded.err.find("old bytes ["), std::string::npos) << guarded.err;
  auto unsafe = graph({GRAPH_LEGACY_WASM, "--input", kSample, "--unsafe-tvm"});
  EXPECT_EQ(unsafe.code, cli::kExitTrap);
  EXPECT_NE(unsafe.err.find("guest stderr"), std::string::npos) << unsafe.err;
  EXPECT_NE(unsafe.err.find("column"), std::string::npos) << unsafe.err;
  // The legacy ABI can only be forced on a module that has `run`.
  EXPECT_EQ(graph({GRAPH_DIGITS_WASM, "--input", kSample, "--abi", "legacy-json"}).code, cli::kExitUsage);
}

// TVM's exports only (memory + run): the safe driver primes the allocator and the same 2.2 MB input works, also
// under --guard (no store into unread input), while TVM's protocol is caught by the guard.
TEST(CliGraph, LegacyModelWithTvmExportsOnly) {
  auto safe = graph({GRAPH_LEGACY_TVM_WASM, "--input", kSample, "--top", "4"});
  ASSERT_EQ(safe.code, 0) << safe.err;
  EXPECT_NE(safe.out.find("score=150528.0000"), std::string::npos) << safe.out;
  auto guarded = graph({GRAPH_LEGACY_TVM_WASM, "--input", kSample, "--guard"});
  ASSERT_EQ(guarded.code, 0) << guarded.err;
  EXPECT_NE(guarded.out.find("guard: no guest store touched input bytes"), std::string::npos) << guarded.out;
  auto caught = graph({GRAPH_LEGACY_TVM_WASM, "--input", kSample, "--unsafe-tvm", "--guard"});
  EXPECT_EQ(caught.code, cli::kExitTrap);
  EXPECT_NE(caught.err.find("guard: store into unread input JSON"), std::string::npos) << caught.err;
}
#endif  // WASMVM_GRAPH_E2E

}  // namespace

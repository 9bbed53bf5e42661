// Runs the built `wasmvm` binary on fixtures (made by wat2wasm at build time) and checks exit codes,
// stdout and stderr for each command and error class.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <fstream>
#include <string>

#include "process_runner.h"

namespace {

const std::string kCli = WASMVM_CLI_PATH;
const std::string kDir = CLI_FIXTURE_DIR;

ProcessResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), kCli);
  return run_process(args);
}

std::string fixture(const char* name) { return kDir + "/" + name; }

// A temp file with the given bytes, removed on destruction.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& bytes) {
    char name[] = "/tmp/wasmvm-cli-fixture-XXXXXX";
    int fd = mkstemp(name);
    path = name;
    if (fd >= 0) {
      ssize_t n = write(fd, bytes.data(), bytes.size());
      (void)n;
      close(fd);
    }
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST(CliEndToEnd, HelpAndVersion) {
  auto r = cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: wasmvm"), std::string::npos);
  EXPECT_NE(r.out.find("134"), std::string::npos);
  r = cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("wasmvm ", 0), 0u);
}

TEST(CliEndToEnd, UsageErrorIs64) {
  auto r = cli({"explode"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err.rfind("wasmvm: error: ", 0), 0u) << r.err;
  EXPECT_EQ(cli({}).exit_code, 64);
  EXPECT_EQ(cli({"run"}).exit_code, 64);
}

TEST(CliEndToEnd, MissingFileIs66) {
  auto r = cli({"run", kDir + "/does-not-exist.wasm"});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_EQ(r.err.rfind("wasmvm: error: ", 0), 0u) << r.err;
  EXPECT_EQ(cli({"validate", kDir}).exit_code, 66);  // a directory is not a module
}

TEST(CliEndToEnd, InvokePrintsTypedResults) {
  auto r = cli({"run", "--invoke", "add", fixture("calc.wasm"), "40", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "42:i32\n");
  r = cli({"run", "--invoke", "add", fixture("calc.wasm"), "0xffffffff", "-1"});
  EXPECT_EQ(r.out, "-2:i32\n") << r.err;
  r = cli({"run", "--invoke", "neg64", fixture("calc.wasm"), "-9223372036854775807"});
  EXPECT_EQ(r.out, "9223372036854775807:i64\n") << r.err;
  r = cli({"run", "--invoke", "half32", fixture("calc.wasm"), "3"});
  EXPECT_EQ(r.out, "1.5:f32\n") << r.err;
  r = cli({"run", "--invoke", "twice64", fixture("calc.wasm"), "0x1p-2"});
  EXPECT_EQ(r.out, "0.5:f64\n") << r.err;
  r = cli({"run", "--invoke", "twice64", fixture("calc.wasm"), "-inf"});
  EXPECT_EQ(r.out, "-inf:f64\n") << r.err;
  r = cli({"run", "--invoke", "pair", fixture("calc.wasm"), "-5"});
  EXPECT_EQ(r.out, "-5:i32\n-5:i64\n") << r.err;
}

TEST(CliEndToEnd, InvokeArgumentErrorsAre64) {
  auto r = cli({"run", "--invoke", "add", fixture("calc.wasm"), "1"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("expects 2"), std::string::npos) << r.err;
  r = cli({"run", "--invoke", "add", fixture("calc.wasm"), "1", "two"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("'two'"), std::string::npos) << r.err;
  r = cli({"run", "--invoke", "nope", fixture("calc.wasm")});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

TEST(CliEndToEnd, TrapsAre134) {
  auto r = cli({"run", "--invoke", "div", fixture("calc.wasm"), "1", "0"});
  EXPECT_EQ(r.exit_code, 134);
  EXPECT_EQ(r.err.rfind("wasmvm: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("integer divide by zero"), std::string::npos) << r.err;
  r = cli({"run", fixture("start_trap.wasm")});
  EXPECT_EQ(r.exit_code, 134);
  EXPECT_NE(r.err.find("unreachable"), std::string::npos) << r.err;
  r = cli({"run", "--invoke", "forever", fixture("calc.wasm"), "1"});
  EXPECT_EQ(r.exit_code, 134) << r.err;
  EXPECT_NE(r.err.find("call stack exhausted"), std::string::npos) << r.err;
  // The error is one line; the backtrace after it is capped (the real one is thousands of frames).
  EXPECT_EQ(r.err.rfind("wasmvm: error: ", 0), 0u) << r.err;
  EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 12) << r.err;
}

TEST(CliEndToEnd, RunStartSucceeds) {
  auto r = cli({"run", fixture("start_ok.wasm")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = cli({"run", fixture("calc.wasm")});  // no _start: instantiation alone is the run
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliEndToEnd, LinkErrorIs67) {
  auto r = cli({"run", fixture("needs_import.wasm")});
  EXPECT_EQ(r.exit_code, 67);
  EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;  // names the missing import
}

TEST(CliEndToEnd, InvalidModuleIs65) {
  auto r = cli({"validate", fixture("invalid.wasm")});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("invalid"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("type mismatch"), std::string::npos) << r.err;
  EXPECT_EQ(cli({"run", fixture("invalid.wasm")}).exit_code, 65);
  r = cli({"validate", fixture("calc.wasm")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "valid\n");
}

TEST(CliEndToEnd, MalformedModuleReportsOffset) {
  // Type section claims 16 payload bytes, but the file ends after one.
  TempFile bad(std::string("\0asm\1\0\0\0\1\x10\1", 11));
  auto r = cli({"validate", bad.path});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("malformed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(at byte 0x"), std::string::npos) << r.err;
  TempFile not_wasm("hello world");
  r = cli({"inspect", not_wasm.path});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("at byte 0x"), std::string::npos) << r.err;
  TempFile empty("");
  EXPECT_EQ(cli({"run", empty.path}).exit_code, 65);
}

TEST(CliEndToEnd, InspectListsStructure) {
  auto r = cli({"inspect", fixture("calc.wasm")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line : {"sections (", "  type id 1 offset 0x8 size ", "export id 7 offset 0x",
                           "functions: 7 defined, 0 imported", "table[0] funcref min 2 max none",
                           "memory[0] pages min 1 max 4", "func \"add\" [0] (i32, i32) -> (i32)",
                           "memory \"mem\" [0] min 1 max 4", "global \"answer\" [0] i32", "start: none"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\n" << r.out;
  }
  r = cli({"inspect", fixture("needs_import.wasm")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("func nowhere.missing (i32) -> ()"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("functions: 1 defined, 1 imported"), std::string::npos) << r.out;
}

#ifdef CLI_HAS_WASI
TEST(CliEndToEnd, WasiProgramOutputAndExitCodePassThrough) {
  auto r = cli({"run", fixture("wasi_hello.wasm"), "a", "b"});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // the guest's proc_exit code, not an error code
  EXPECT_EQ(r.out, "hello\n");
  EXPECT_EQ(r.err, "");
  r = cli({"run", fixture("wasi_hello.wasm"), "only-one-arg"});
  EXPECT_EQ(r.exit_code, 9) << r.err;  // argv is FILE + ARGS
}
#endif

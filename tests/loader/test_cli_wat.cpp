// The CLI on text modules: every command accepts .wat (recognised by content), text errors carry
// FILE:LINE:COLUMN and exit 65, and `wasmvm wat2wasm` writes the binary wabt's wat2wasm would.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

#include "process_runner.h"

namespace {

const std::string kCli = WASMVM_CLI_PATH;

ProcessResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), kCli);
  return run_process(args);
}

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& bytes, const char* suffix = "") {
    char name[] = "/tmp/wasmvm-wat-XXXXXX";
    int fd = mkstemp(name);
    path = std::string(name) + suffix;
    if (fd >= 0) {
      close(fd);
      if (*suffix) std::remove(name);
    }
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

const char* kAdd =
    "(module\n"
    "  (func $add (export \"add\") (param i32 i32) (result i32)\n"
    "    (i32.add (local.get 0) (local.get 1))))\n";

// What wabt's wat2wasm writes for kAdd.
const std::string kAddBinary(
    "\0asm\1\0\0\0"
    "\1\7\1\x60\2\x7f\x7f\1\x7f"  // type (i32 i32) -> i32
    "\3\2\1\0"                    // function 0: type 0
    "\7\7\1\3add\0\0"             // export "add" func 0
    "\n\x09\1\7\0\x20\0\x20\1\x6a\x0b",  // code: local.get 0, local.get 1, i32.add, end
    41);

}  // namespace

TEST(CliWat, RunInvokeOnTextModuleWithoutWatExtension) {
  TempFile wat(kAdd, ".module");  // the name says nothing: content decides
  auto r = cli({"run", "--invoke", "add", wat.path, "40", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "42:i32\n");
}

TEST(CliWat, ValidateInspectDisasmAcceptText) {
  TempFile wat(kAdd, ".wat");
  auto r = cli({"validate", wat.path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "valid\n");
  r = cli({"inspect", wat.path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("export"), std::string::npos) << r.out;
  r = cli({"disasm", wat.path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("i32.add"), std::string::npos) << r.out;
}

TEST(CliWat, TextErrorHasLineAndColumnAndExit65) {
  TempFile wat("(module\n  (func (result i32)\n    i32.const 1\n    i32.bogus))\n", ".wat");
  auto r = cli({"validate", wat.path});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_EQ(r.err, "wasmvm: error: " + wat.path + ":4:5: unknown operator i32.bogus\n");
  r = cli({"run", wat.path});
  EXPECT_EQ(r.exit_code, 65);
}

TEST(CliWat, Wat2WasmWritesTheWabtBinary) {
  TempFile wat(kAdd, ".wat");
  TempFile out("", ".wasm");
  auto r = cli({"wat2wasm", wat.path, "-o", out.path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out.path, std::ios::binary);
  std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(got, kAddBinary);
}

TEST(CliWat, Wat2WasmRejectsInvalidModulesAndBadUsage) {
  TempFile wat("(module (func (result i32) (i64.const 1)))", ".wat");
  TempFile out("", ".wasm");
  std::remove(out.path.c_str());
  auto r = cli({"wat2wasm", wat.path, "-o", out.path});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("invalid: type mismatch"), std::string::npos) << r.err;
  EXPECT_FALSE(std::ifstream(out.path).good()) << "no output for an invalid module";
  EXPECT_EQ(cli({"wat2wasm", wat.path}).exit_code, 64);  // -o missing
  EXPECT_EQ(cli({"wat2wasm", "/nonexistent.wat", "-o", out.path}).exit_code, 66);
}

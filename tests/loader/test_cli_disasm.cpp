// `wasmvm disasm` on the disasm.wat fixture (wat2wasm --debug-names): exact wasm lines, --func by
// index and name, --internal listing, and error exit codes.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "process_runner.h"

namespace {

const std::string kCli = WASMVM_CLI_PATH;
const std::string kFixture = std::string(CLI_FIXTURE_DIR) + "/disasm.wasm";

ProcessResult disasm(std::vector<std::string> args) {
  args.insert(args.begin(), {kCli, "disasm"});
  return run_process(args);
}

// Offsets are those wasm-objdump -d prints for the same binary.
const char* kSquare =
    "func[1] <square> (i32) -> (i32)\n"
    "000043:  local.get 0\n"
    "000045:  local.get 0\n"
    "000047:  i32.mul\n"
    "000048:  end\n";

const char* kMain =
    "func[2] <main> (i32) -> (i32)\n"
    "  locals: i64\n"
    "00004d:  block (result i32)\n"
    "00004f:    i32.const 5\n"
    "000051:    local.get 0\n"
    "000053:    i32.eqz\n"
    "000054:    br_if 0\n"
    "000056:    drop\n"
    "000057:    local.get 0\n"
    "000059:    i32.const -3\n"
    "00005b:    i32.store offset=8 align=1\n"
    "00005e:    i32.const 1\n"
    "000060:    call $log\n"
    "000062:    local.get 0\n"
    "000064:    i32.load offset=8\n"
    "000067:    call $square\n"
    "000069:  end\n"
    "00006a:  end\n";

TEST(CliDisasm, AllFunctions) {
  ProcessResult r = disasm({kFixture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(kSquare) + "\n" + kMain);
  EXPECT_EQ(r.err, "");
}

TEST(CliDisasm, OneFunctionByIndexNameOrExport) {
  EXPECT_EQ(disasm({"--func", "1", kFixture}).out, kSquare);
  EXPECT_EQ(disasm({"--func", "main", kFixture}).out, kMain);
  EXPECT_EQ(disasm({kFixture, "--func", "$main"}).out, kMain);
  EXPECT_EQ(disasm({"--func", "square", kFixture}).out, kSquare);
}

TEST(CliDisasm, InternalListsCompiledCode) {
  ProcessResult r = disasm({"--internal", "--func", "square", kFixture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("func[1] <square> (i32) -> (i32)\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("I32Mul"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; wasm 0x47"), std::string::npos) << r.out;  // the i32.mul
  ProcessResult all = disasm({"--internal", kFixture});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("func[2] <main>"), std::string::npos);
  EXPECT_NE(all.out.find("CallImport"), std::string::npos) << all.out;
}

TEST(CliDisasm, UsageErrorsAre64) {
  EXPECT_EQ(disasm({}).exit_code, 64);
  EXPECT_EQ(disasm({"--func"}).exit_code, 64);
  EXPECT_EQ(disasm({"--bogus", kFixture}).exit_code, 64);
  EXPECT_EQ(disasm({kFixture, kFixture}).exit_code, 64);
  ProcessResult imported = disasm({"--func", "0", kFixture});
  EXPECT_EQ(imported.exit_code, 64);
  EXPECT_NE(imported.err.find("imported"), std::string::npos) << imported.err;
  ProcessResult missing = disasm({"--func", "nope", kFixture});
  EXPECT_EQ(missing.exit_code, 64);
  EXPECT_NE(missing.err.find("'nope'"), std::string::npos) << missing.err;
  EXPECT_EQ(disasm({"--func", "3", kFixture}).exit_code, 64);  // out of range
  EXPECT_EQ(disasm({"/nonexistent/x.wasm"}).exit_code, 66);
}

TEST(CliDisasm, BadBodyReportsDecoderErrorWithOffset) {
  // One function: nop, then the undefined opcode 0xFF at byte 0x18.
  const unsigned char bytes[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
                                 0x00, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x06, 0x01, 0x04, 0x00, 0x01, 0xFF, 0x0B};
  std::string path = ::testing::TempDir() + "disasm_bad_body.wasm";
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes), sizeof bytes);
  }
  ProcessResult r = disasm({path});
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_EQ(r.out, "func[0] () -> ()\n000017:  nop\n");  // lines before the error are kept
  EXPECT_NE(r.err.find("(at byte 0x18)"), std::string::npos) << r.err;
}

TEST(CliDisasm, ListedInHelp) {
  ProcessResult r = run_process({kCli, "--help"});
  EXPECT_NE(r.out.find("disasm [--func N|NAME] [--internal] FILE.wasm"), std::string::npos);
}

}  // namespace

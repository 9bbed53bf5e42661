// Hostile inputs to the CLI (issue 10, section 3): the child's peak RSS (wait4) must stay bounded where the
// old code held memory proportional to nesting depth (F1) or two copies of a huge file (F3). The child
// runs under RLIMIT_AS (or ASan's hard_rss_limit_mb) so a regression fails instead of exhausting the host.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "process_runner.h"

#if defined(__SANITIZE_ADDRESS__)
#define CLI_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_TEST_ASAN 1
#endif
#endif

namespace {

const std::string kCli = WASMVM_CLI_PATH;

// ASan's shadow memory makes RLIMIT_AS unusable, and its allocator keeps freed blocks in quarantine.
#ifdef CLI_TEST_ASAN
constexpr long kBaseRssKb = 320 * 1024;
ProcessLimits memory_guard() { return {0, {"ASAN_OPTIONS=hard_rss_limit_mb=1500"}}; }
#else
constexpr long kBaseRssKb = 48 * 1024;
ProcessLimits memory_guard() { return {1536ull << 20, {}}; }
#endif

void leb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(b | (v ? 0x80 : 0));
  } while (v);
}

void section(std::vector<uint8_t>& m, uint8_t id, const std::vector<uint8_t>& body) {
  m.push_back(id);
  leb(m, body.size());
  m.insert(m.end(), body.begin(), body.end());
}

// A module with one function of type `func_type` (type section entry), exported as "f", and `body`
// (locals declarations + code).
std::vector<uint8_t> one_function_module(const std::vector<uint8_t>& func_type, const std::vector<uint8_t>& body) {
  std::vector<uint8_t> m{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  std::vector<uint8_t> types{0x01};
  types.insert(types.end(), func_type.begin(), func_type.end());
  section(m, 1, types);
  section(m, 3, {0x01, 0x00});
  section(m, 7, {0x01, 0x01, 'f', 0x00, 0x00});
  std::vector<uint8_t> code{0x01};
  leb(code, body.size());
  code.insert(code.end(), body.begin(), body.end());
  section(m, 10, code);
  return m;
}

// A valid module with one function `() -> ()` whose body is `depth` nested `block`s.
std::vector<uint8_t> nested_blocks_module(size_t depth) {
  std::vector<uint8_t> body{0x00};  // no locals
  for (size_t i = 0; i < depth; i++) body.insert(body.end(), {0x02, 0x40});
  body.insert(body.end(), depth + 1, 0x0B);
  return one_function_module({0x60, 0x00, 0x00}, body);
}

std::string temp_path(const char* tag) {
  return ::testing::TempDir() + "wasmvm-hostile-" + tag + "-" + std::to_string(getpid());
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A sparse file of `size` bytes starting with `head`.
void write_sparse(const std::string& path, const std::string& head, off_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(head.data(), 1, head.size(), f);
  std::fclose(f);
  ASSERT_EQ(truncate(path.c_str(), size), 0);
}

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// F1: 100,000 nested blocks. Old code: indentation 2 bytes per level on 200,000 lines = ~20 GB of text.
TEST(CliHostile, DisasmOfDeepNestingStreamsWithCappedIndent) {
  constexpr size_t kDepth = 100000;
  std::string path = temp_path("nested") + ".wasm";
  write_file(path, nested_blocks_module(kDepth));
  ProcessResult r = run_process({kCli, "disasm", path}, memory_guard());
  std::remove(path.c_str());
  ASSERT_EQ(r.exit_code, 0) << "signal " << r.signal << "\n" << r.err.substr(0, 2000);
  EXPECT_LT(r.max_rss_kb, kBaseRssKb) << "disasm held the listing in memory";
  EXPECT_EQ(count_lines(r.out), 1 + 2 * kDepth + 1);  // header, blocks, ends, the function's end
  // The body starts after magic+version (8), type (6) function (4) and export (7) sections, the code section's id and
  // 3-byte size, its count, the body's 3-byte size and the locals count.
  const size_t body_offset = 8 + 6 + 4 + 7 + 4 + 1 + 3 + 1;
  auto offset_text = [](size_t offset) {
    char key[16];
    std::snprintf(key, sizeof key, "%06zx:", offset);
    return std::string(key);
  };
  auto line_at = [&](size_t offset) {
    std::string key(1, '\n');  // not "\n" + text: GCC 12 warns falsely (-Wrestrict) about that
    key += offset_text(offset);
    size_t pos = r.out.find(key);
    if (pos == std::string::npos) return std::string("<no line at offset>");
    return r.out.substr(pos + 1, r.out.find('\n', pos + 1) - pos - 1);
  };
  const std::string indent32(2 + 2 * 32, ' ');
  EXPECT_EQ(line_at(body_offset), offset_text(body_offset) + "  block");
  EXPECT_EQ(line_at(body_offset + 2 * 31), offset_text(body_offset + 2 * 31) + std::string(2 + 2 * 31, ' ') + "block");
  EXPECT_EQ(line_at(body_offset + 2 * 32), offset_text(body_offset + 2 * 32) + indent32 + "block");
  EXPECT_EQ(line_at(body_offset + 2 * 33), offset_text(body_offset + 2 * 33) + indent32 + "[depth 33] block");
  size_t last_block = body_offset + 2 * (kDepth - 1);
  EXPECT_EQ(line_at(last_block), offset_text(last_block) + indent32 + "[depth 99999] block");
  size_t first_end = body_offset + 2 * kDepth;
  EXPECT_EQ(line_at(first_end), offset_text(first_end) + indent32 + "[depth 99999] end");
  EXPECT_EQ(line_at(first_end + kDepth - 33), offset_text(first_end + kDepth - 33) + indent32 + "end");
  EXPECT_EQ(line_at(first_end + kDepth), offset_text(first_end + kDepth) + "  end");  // the function's end
  EXPECT_LT(r.out.size(), (2 * kDepth + 2) * 100) << "lines must not grow with the depth";
}

// F3: a 1 GiB file that is not wasm is refused at byte 0 without being read (sparse: costs no disk).
TEST(CliHostile, LargeNonWasmFileRefusedAtByteZeroWithoutReadingIt) {
  std::string path = temp_path("notwasm");
  write_sparse(path, "ELF not wasm", off_t{1} << 30);
  for (const char* cmd : {"run", "validate", "inspect", "disasm"}) {
    ProcessResult r = run_process({kCli, cmd, path}, memory_guard());
    EXPECT_EQ(r.exit_code, 65) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("magic header not detected (at byte 0x0)"), std::string::npos) << cmd << ": " << r.err;
    EXPECT_LT(r.max_rss_kb, kBaseRssKb) << cmd << " read the file";
  }
  std::remove(path.c_str());
}

TEST(CliHostile, WrongVersionRefusedAtByteFour) {
  std::string path = temp_path("version");
  write_sparse(path, std::string("\0asm\x02\0\0\0", 8), off_t{1} << 30);
  ProcessResult r = run_process({kCli, "run", path}, memory_guard());
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find("unknown binary version (at byte 0x4)"), std::string::npos) << r.err;
  EXPECT_LT(r.max_rss_kb, kBaseRssKb);
}

// F3: a large file with a valid preamble is held once by `run` (read, then moved into the Module).
TEST(CliHostile, RunHoldsOneCopyOfALargeModule) {
  constexpr off_t kSize = off_t{256} << 20;
  std::string path = temp_path("bigwasm");
  // A custom section ("x") spanning the whole file: valid, so run parses all of it, then finds no _start.
  std::vector<uint8_t> head{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00};
  uint64_t payload = uint64_t(kSize) - head.size() - 5;
  for (int i = 0; i < 5; i++) head.push_back(uint8_t(((payload >> (7 * i)) & 0x7F) | (i < 4 ? 0x80 : 0)));  // padded LEB
  head.push_back(0x01);
  head.push_back('x');
  ASSERT_EQ(head.size(), 16u);
  write_sparse(path, std::string(head.begin(), head.end()), kSize);
  ProcessResult r = run_process({kCli, "run", path}, memory_guard());
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  long size_kb = long(kSize / 1024);
  EXPECT_GT(r.max_rss_kb, size_kb) << "the file was not read at all?";
  EXPECT_LT(r.max_rss_kb, size_kb + kBaseRssKb) << "run held two copies of the module";
}

#if WASMVM_SIMD
// F6: frames are addressed with 16-bit slots (README "Implementation limits"): a function needing more than
// 65,535 cells (8 bytes each; a v128 takes 2) is refused at compile time with exit 65, below that it runs.
std::vector<uint8_t> v128_locals_module(uint32_t n) {
  std::vector<uint8_t> body{0x01};  // one local declaration: n x v128
  leb(body, n);
  body.push_back(0x7B);
  body.push_back(0x20);  // local.get n-1 (the last v128)
  leb(body, n - 1);
  body.insert(body.end(), {0xFD, 0x1B, 0x00});  // i32x4.extract_lane 0
  body.insert(body.end(), {0x41, 0x07, 0x6A, 0x0B});  // i32.const 7, i32.add, end
  return one_function_module({0x60, 0x00, 0x01, 0x7F}, body);
}

TEST(CliHostile, FrameOverSlotLimitIsTheDocumentedError) {
  std::string path = temp_path("v128locals") + ".wasm";
  write_file(path, v128_locals_module(50000));
  ProcessResult r = run_process({kCli, "run", "--invoke", "f", path});
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find("function too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("65535 cells"), std::string::npos) << r.err;
}

TEST(CliHostile, FrameJustUnderSlotLimitRuns) {
  std::string path = temp_path("v128locals-ok") + ".wasm";
  write_file(path, v128_locals_module(32000));  // 64,000 cells of locals
  ProcessResult r = run_process({kCli, "run", "--invoke", "f", path});
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "7:i32\n");
}
#endif

}  // namespace

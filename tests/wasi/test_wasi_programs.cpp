// Runs C programs built with clang --target=wasm32-wasi (tests/wasi/guest/) through the embedding
// API with WASI linked in: file I/O, readdir, rename/unlink/symlink, clocks, random, args/env,
// exit codes, stdin/stdout/stderr, traps.
#include <cstdio>

#include "wasi_test_util.h"
#include "wasmvm/wasmvm.h"

#ifndef WASI_GUEST_DIR
#error "WASI_GUEST_DIR must point at the built guest .wasm files"
#endif

namespace wasi_test {
namespace {

struct RunResult {
  enum Outcome { Returned, Exited, Failed } outcome = Failed;
  int exit_code = -1;
  wasmvm::Error error;
  std::string out, err;
};

std::string slurp(FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

std::vector<uint8_t> load(const std::string& path) {
  std::string s = read_file(path);
  return std::vector<uint8_t>(s.begin(), s.end());
}

RunResult run(const std::string& program, std::vector<std::string> args, wasmvm::wasi::Config cfg = {},
              const std::string& stdin_data = "") {
  RunResult r;
  std::vector<uint8_t> bytes = load(std::string(WASI_GUEST_DIR) + "/" + program);
  EXPECT_FALSE(bytes.empty()) << program;
  wasmvm::Engine engine;
  auto mod = wasmvm::Module::compile(engine, bytes);
  EXPECT_TRUE(mod.ok()) << (mod.ok() ? "" : mod.error().to_string());
  if (!mod.ok()) return r;

  FILE* in = std::tmpfile();
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  std::fwrite(stdin_data.data(), 1, stdin_data.size(), in);
  std::fflush(in);
  std::rewind(in);
  cfg.args = {program};
  cfg.args.insert(cfg.args.end(), args.begin(), args.end());
  cfg.stdin_fd = fileno(in);
  cfg.stdout_fd = fileno(out);
  cfg.stderr_fd = fileno(err);
  auto ctx = wasmvm::wasi::create_context(cfg);
  EXPECT_TRUE(ctx.ok()) << (ctx.ok() ? "" : ctx.error().message);
  if (ctx.ok()) {
    wasmvm::Store store(engine);
    wasmvm::Linker linker(store);
    wasmvm::wasi::add_to_linker(linker, ctx.value());
    auto inst = linker.instantiate(mod.value());
    EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().to_string());
    if (inst.ok()) {
      auto res = inst->call("_start", {});
      if (res.ok()) {
        r.outcome = RunResult::Returned;
        r.exit_code = 0;
      } else if (res.error().kind == wasmvm::ErrorKind::Exit) {
        r.outcome = RunResult::Exited;
        r.exit_code = res.error().exit_code;
        EXPECT_EQ(wasmvm::wasi::exit_code(*ctx.value()), std::optional<int32_t>(r.exit_code));
      } else {
        r.error = res.error();
      }
    }
  }
  r.out = slurp(out);
  r.err = slurp(err);
  std::fclose(in);
  std::fclose(out);
  std::fclose(err);
  return r;
}

class GuestFsTest : public SandboxTest {};

TEST_F(GuestFsTest, FileSystemChecksPassInsideNamedPreopen) {
  wasmvm::wasi::Config cfg;
  cfg.preopens.push_back({sandbox, "/sandbox"});
  RunResult r = run("guest_fs.wasm", {"/sandbox"}, cfg);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << r.error.to_string();
  EXPECT_NE(r.out.find("guest_fs: 0 failures"), std::string::npos) << r.out;
  // The guest's files really are in the host directory.
  EXPECT_EQ(read_file(sandbox + "/data.bin").size(), 54u);
  EXPECT_TRUE(exists_nofollow(sandbox + "/list/entry_with_a_fairly_long_name_149"));
}

TEST_F(GuestFsTest, FileSystemChecksPassWithRootPreopen) {
  wasmvm::wasi::Config cfg;
  cfg.preopens.push_back({sandbox, "/"});
  RunResult r = run("guest_fs.wasm", {""}, cfg);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << r.error.to_string();
  EXPECT_NE(r.out.find("guest_fs: 0 failures"), std::string::npos) << r.out;
}

TEST(GuestMisc, ArgsAndEnvironment) {
  wasmvm::wasi::Config cfg;
  cfg.env = {{"WASMVM_TEST", "hello=world"}};
  RunResult r = run("guest_misc.wasm", {"args", "one", "two words", ""}, cfg);
  EXPECT_EQ(r.outcome, RunResult::Returned) << r.error.to_string();
  EXPECT_EQ(r.out, "argc=5\nargv[1]=args\nargv[2]=one\nargv[3]=two words\nargv[4]=\n"
                   "WASMVM_TEST=hello=world\nMISSING=(unset)\n");
}

TEST(GuestMisc, ExitCodesPassThrough) {
  for (int code : {0, 1, 42, 255}) {
    RunResult r = run("guest_misc.wasm", {"exit", std::to_string(code)});
    EXPECT_EQ(r.outcome, RunResult::Exited) << code << " " << r.error.to_string();
    EXPECT_EQ(r.exit_code, code);
    EXPECT_EQ(r.out, "exiting with " + std::to_string(code) + "\n");  // stdio flushed before exit
  }
  RunResult r = run("guest_misc.wasm", {"args"});
  EXPECT_EQ(r.outcome, RunResult::Returned);  // returning from main: no proc_exit(0) needed
  RunResult bad = run("guest_misc.wasm", {"no-such-mode"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(GuestMisc, StdinIsRead) {
  std::string input;
  uint32_t sum = 0;
  for (int i = 0; i < 100000; i++) {
    char c = char('a' + i % 26);
    input += c;
    sum = sum * 31 + uint8_t(c);
  }
  RunResult r = run("guest_misc.wasm", {"stdin"}, {}, input);
  EXPECT_EQ(r.exit_code, 0) << r.error.to_string();
  EXPECT_EQ(r.out, "stdin bytes=100000 sum=" + std::to_string(sum) + "\n");
  RunResult empty = run("guest_misc.wasm", {"stdin"}, {}, "");
  EXPECT_EQ(empty.out, "stdin bytes=0 sum=0\n");
}

TEST(GuestMisc, ClocksAndSleep) {
  RunResult r = run("guest_misc.wasm", {"clock"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.error.to_string();
  EXPECT_EQ(r.out, "clock: 0 failures\n");
}

TEST(GuestMisc, Random) {
  RunResult r = run("guest_misc.wasm", {"random"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.error.to_string();
  EXPECT_EQ(r.out, "random: 0 failures\n");
}

TEST(GuestMisc, StdoutStderrAndIsatty) {
  RunResult r = run("guest_misc.wasm", {"stdio"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "isatty(1)=0\n");  // a regular file is not a terminal
  EXPECT_EQ(r.err, "to stderr\n");
}

TEST(GuestMisc, TrapIsAnErrorNotAnExit) {
  RunResult r = run("guest_misc.wasm", {"trap"});
  EXPECT_EQ(r.outcome, RunResult::Failed);
  EXPECT_EQ(r.error.kind, wasmvm::ErrorKind::Trap) << r.error.to_string();
}

#ifdef WASI_RUST_GUEST
class RustGuestTest : public SandboxTest {};

TEST_F(RustGuestTest, StdFsInsidePreopen) {
  wasmvm::wasi::Config cfg;
  cfg.preopens.push_back({sandbox, "/data"});
  RunResult r = run("guest_rust.wasm", {"fs", "/data"}, cfg);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << r.error.to_string();
  EXPECT_EQ(r.out, "rust fs: 0 failures\n");
  EXPECT_FALSE(exists_nofollow(sandbox + "/x"));
}

TEST(RustGuest, EnvTimeStdinHashExit) {
  wasmvm::wasi::Config cfg;
  cfg.env = {{"VAR", "value"}};
  RunResult env = run("guest_rust.wasm", {"env", "a"}, cfg);
  EXPECT_EQ(env.out, "args=[\"env\", \"a\"]\nVAR=value\n") << env.error.to_string();
  EXPECT_EQ(run("guest_rust.wasm", {"time"}).out, "time ok=true\n");
  EXPECT_EQ(run("guest_rust.wasm", {"stdin"}, {}, "abc\n").out, "ABC\n\n");
  EXPECT_EQ(run("guest_rust.wasm", {"hash"}).out, "hash 1\n");
  RunResult ex = run("guest_rust.wasm", {"exit", "9"});
  EXPECT_EQ(ex.outcome, RunResult::Exited);
  EXPECT_EQ(ex.exit_code, 9);
  RunResult panic = run("guest_rust.wasm", {"panic"});
  EXPECT_EQ(panic.outcome, RunResult::Failed);  // Rust panics abort: a trap
  EXPECT_NE(panic.err.find("guest panic"), std::string::npos) << panic.err;
}
#endif

}  // namespace
}  // namespace wasi_test

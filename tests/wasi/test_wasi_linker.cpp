// add_to_linker through the VM: every witx import links with its exact signature, arguments (i32
// pointers, i64 offsets/rights/timestamps) arrive intact, hostile pointers give EFAULT, proc_exit
// is an Exit outcome, and a module without memory cannot crash the host.
#include <fcntl.h>

#include "wasi_test_util.h"
#include "wasmvm/wasmvm.h"

#ifndef WASI_WAT_DIR
#error "WASI_WAT_DIR must point at the built .wasm fixtures"
#endif

namespace wasi_test {
namespace {

using wasmvm::Value;
namespace abi = wasmvm::wasi::abi;

Value I(int64_t v) { return Value::from_i32(int32_t(v)); }
Value L(int64_t v) { return Value::from_i64(v); }

class LinkerTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    ASSERT_EQ(::pipe(out_pipe), 0);
    wasmvm::wasi::Config cfg;
    cfg.args = {"all_imports", "x"};
    cfg.stdout_fd = out_pipe[1];
    cfg.preopens.push_back({sandbox, "/sandbox"});
    auto c = wasmvm::wasi::create_context(cfg);
    ASSERT_TRUE(c.ok());
    ctx = c.value();
    std::string bytes = read_file(std::string(WASI_WAT_DIR) + "/all_imports.wasm");
    auto mod = wasmvm::Module::compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    ASSERT_TRUE(mod.ok()) << mod.error().to_string();
    store = std::make_unique<wasmvm::Store>(engine);
    wasmvm::Linker linker(*store);
    wasmvm::wasi::add_to_linker(linker, ctx);
    auto inst = linker.instantiate(mod.value());
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();  // all 46 imports resolved with matching types
    instance = std::make_unique<wasmvm::Instance>(inst.value());
    memory = instance->memory("memory");
    ASSERT_TRUE(memory.valid());
  }
  void TearDown() override {
    instance.reset();
    store.reset();
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    SandboxTest::TearDown();
  }

  // Calls export x_<name> and returns the errno it produced.
  int call(const std::string& name, std::vector<Value> args) {
    auto r = instance->call("x_" + name, args);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().to_string());
    if (!r.ok() || r.value().size() != 1) return -1;
    return r.value()[0].as_i32();
  }
  void poke(uint32_t addr, const std::string& s) { ASSERT_TRUE(memory.write(addr, s.data(), s.size()).ok()); }
  void poke32(uint32_t addr, uint32_t v) { ASSERT_TRUE(memory.write(addr, &v, 4).ok()); }
  uint32_t peek32(uint32_t addr) {
    uint32_t v = 0;
    EXPECT_TRUE(memory.read(addr, &v, 4).ok());
    return v;
  }
  uint64_t peek64(uint32_t addr) {
    uint64_t v = 0;
    EXPECT_TRUE(memory.read(addr, &v, 8).ok());
    return v;
  }
  // Opens `path` in the preopen with the given rights; returns the guest fd.
  uint32_t open_at(const std::string& path, uint32_t oflags, int64_t rights) {
    poke(1000, path);
    EXPECT_EQ(call("path_open", {I(3), I(1), I(1000), I(path.size()), I(oflags), L(rights), L(0), I(0), I(900)}), 0);
    return peek32(900);
  }

  wasmvm::Engine engine;
  std::unique_ptr<wasmvm::Store> store;
  std::unique_ptr<wasmvm::Instance> instance;
  wasmvm::Memory memory;
  int out_pipe[2] = {-1, -1};
};

TEST_F(LinkerTest, FdWriteReachesStdout) {
  poke(100, "hi from wasm\n");
  poke32(0, 100);
  poke32(4, 13);
  EXPECT_EQ(call("fd_write", {I(1), I(0), I(1), I(8)}), 0);
  EXPECT_EQ(peek32(8), 13u);
  char buf[32] = {};
  ASSERT_EQ(::read(out_pipe[0], buf, sizeof buf), 13);
  EXPECT_EQ(std::string(buf, 13), "hi from wasm\n");
}

TEST_F(LinkerTest, HostilePointersGiveEfault) {
  constexpr int kFault = 21;
  EXPECT_EQ(call("fd_write", {I(1), I(65535), I(1), I(8)}), kFault);
  EXPECT_EQ(call("fd_write", {I(1), I(0), I(0x7fffffff), I(8)}), kFault);
  poke32(0, 0xfffffff0u);
  poke32(4, 0x100);
  EXPECT_EQ(call("fd_write", {I(1), I(0), I(1), I(8)}), kFault);
  EXPECT_EQ(call("path_open", {I(3), I(0), I(65530), I(100), I(0), L(2), L(0), I(0), I(8)}), kFault);
  EXPECT_EQ(call("path_open", {I(3), I(0), I(-1), I(-1), I(0), L(2), L(0), I(0), I(8)}), kFault);
  EXPECT_EQ(call("args_get", {I(-1), I(0)}), kFault);
  EXPECT_EQ(call("args_sizes_get", {I(65534), I(0)}), kFault);
  EXPECT_EQ(call("poll_oneoff", {I(0), I(0), I(-1), I(8)}), kFault);
  EXPECT_EQ(call("fd_readdir", {I(3), I(65530), I(-1), L(0), I(8)}), kFault);
  EXPECT_EQ(call("random_get", {I(0), I(65536)}), 0);  // exactly the whole memory
  EXPECT_EQ(call("random_get", {I(1), I(65536)}), kFault);
  EXPECT_EQ(call("clock_time_get", {I(0), L(0), I(65533)}), kFault);
  EXPECT_EQ(call("fd_prestat_dir_name", {I(3), I(65535), I(100)}), kFault);
  poke(2000, "hello.txt");
  EXPECT_EQ(call("path_readlink", {I(3), I(2000), I(9), I(65535), I(10), I(8)}), kFault);
}

TEST_F(LinkerTest, I64ArgumentsArriveIntact) {
  uint32_t fd = open_at("w.bin", abi::kOflagCreat,
                        int64_t(abi::kRightFdWrite | abi::kRightFdSeek | abi::kRightFdFilestatSetTimes |
                                abi::kRightFdFilestatSetSize));
  poke(100, "0123456789");
  poke32(0, 100);
  poke32(4, 10);
  EXPECT_EQ(call("fd_write", {I(fd), I(0), I(1), I(8)}), 0);
  EXPECT_EQ(call("fd_seek", {I(fd), L(-3), I(abi::kWhenceEnd), I(16)}), 0);
  EXPECT_EQ(peek64(16), 7u);
  EXPECT_EQ(call("fd_pwrite", {I(fd), I(0), I(1), L(5000000000LL), I(8)}), 0);  // offset > 4 GiB (sparse)
  struct stat st;
  ASSERT_EQ(::stat((sandbox + "/w.bin").c_str(), &st), 0);
  EXPECT_EQ(uint64_t(st.st_size), 5000000010ull);
  const int64_t t = 1700000000123456789LL;
  EXPECT_EQ(call("fd_filestat_set_times", {I(fd), L(t), L(t + 1), I(abi::kFstAtim | abi::kFstMtim)}), 0);
  ASSERT_EQ(::stat((sandbox + "/w.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 1700000000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 123456790);
  EXPECT_EQ(call("fd_filestat_set_size", {I(fd), L(3)}), 0);
  ASSERT_EQ(::stat((sandbox + "/w.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 3);
  // Rights are i64 too: this fd has no FD_READ.
  poke32(4, 1);
  EXPECT_EQ(call("fd_read", {I(fd), I(0), I(1), I(8)}), 76);
  EXPECT_EQ(call("fd_fdstat_set_rights", {I(fd), L(int64_t(abi::kRightFdWrite)), L(0)}), 0);
  EXPECT_EQ(call("fd_fdstat_get", {I(fd), I(24)}), 0);
  EXPECT_EQ(peek64(32), abi::kRightFdWrite);
  EXPECT_EQ(call("clock_time_get", {I(1), L(-1), I(48)}), 0);
  EXPECT_GT(peek64(48), 0u);
}

TEST_F(LinkerTest, MiscCallsAndErrnos) {
  EXPECT_EQ(call("sched_yield", {}), 0);
  EXPECT_EQ(call("proc_raise", {I(6)}), 52);                 // ENOSYS
  EXPECT_EQ(call("sock_shutdown", {I(1), I(3)}), 57);        // ENOTSOCK
  EXPECT_EQ(call("sock_accept", {I(99), I(0), I(8)}), 8);    // EBADF
  EXPECT_EQ(call("fd_close", {I(99)}), 8);
  EXPECT_EQ(call("fd_renumber", {I(3), I(99)}), 8);
  EXPECT_EQ(call("args_sizes_get", {I(0), I(4)}), 0);
  EXPECT_EQ(peek32(0), 2u);
  EXPECT_EQ(peek32(4), 14u);  // "all_imports\0x\0"
  EXPECT_EQ(call("fd_prestat_get", {I(3), I(0)}), 0);
  EXPECT_EQ(peek32(4), 8u);
  poke(1000, "../outside.txt");
  EXPECT_EQ(call("path_filestat_get", {I(3), I(1), I(1000), I(14), I(100)}), 76);  // ENOTCAPABLE
  poke(1000, "dir");
  EXPECT_EQ(call("path_remove_directory", {I(3), I(1000), I(3)}), 55);  // ENOTEMPTY
}

TEST_F(LinkerTest, ProcExitIsAnExitOutcome) {
  auto r = instance->call("x_proc_exit", std::vector<Value>{I(17)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, wasmvm::ErrorKind::Exit);
  EXPECT_EQ(r.error().exit_code, 17);
  EXPECT_EQ(r.error().code, wasmvm::TrapCode::Exit);
  EXPECT_EQ(wasmvm::wasi::exit_code(*ctx), std::optional<int32_t>(17));
}

TEST(LinkerNoMemory, PointersFaultInsteadOfCrashing) {
  auto ctx = wasmvm::wasi::create_context({}).value();
  std::string bytes = read_file(std::string(WASI_WAT_DIR) + "/no_memory.wasm");
  wasmvm::Engine engine;
  auto mod = wasmvm::Module::compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(mod.ok()) << mod.error().to_string();
  wasmvm::Store store(engine);
  wasmvm::Linker linker(store);
  wasmvm::wasi::add_to_linker(linker, ctx);
  auto inst = linker.instantiate(mod.value());
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  auto w = inst->call("write", {});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w.value()[0].as_i32(), 21);
  EXPECT_EQ(inst->call("random", {}).value()[0].as_i32(), 21);
  EXPECT_EQ(inst->call("random_empty", {}).value()[0].as_i32(), 0);
}

}  // namespace
}  // namespace wasi_test

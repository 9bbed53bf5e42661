// args/environ, clocks, random_get, poll_oneoff, proc_raise, sockets, errno mapping, fd table.
#include <stdlib.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "wasi/fd_table.h"
#include "wasi_test_util.h"

namespace wasi_test {
namespace {

namespace abi = wasmvm::wasi::abi;
namespace calls = wasmvm::wasi::calls;
using wasmvm::wasi::Context;

std::shared_ptr<Context> make_ctx(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env) {
  wasmvm::wasi::Config cfg;
  cfg.args = std::move(args);
  cfg.env = std::move(env);
  auto r = wasmvm::wasi::create_context(cfg);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : nullptr;
}

TEST(Args, SizesAndLayout) {
  auto ctx = make_ctx({"prog.wasm", "", "x y"}, {});
  TestMemory m;
  ASSERT_EQ(calls::args_sizes_get(*ctx, m.mem(), 0, 4), Errno::Success);
  EXPECT_EQ(m.u32(0), 3u);
  EXPECT_EQ(m.u32(4), 10u + 1u + 4u);
  ASSERT_EQ(calls::args_get(*ctx, m.mem(), 100, 200), Errno::Success);
  EXPECT_EQ(m.u32(100), 200u);
  EXPECT_EQ(m.u32(104), 210u);
  EXPECT_EQ(m.u32(108), 211u);
  EXPECT_EQ(m.str(200, 15), std::string("prog.wasm\0\0x y\0", 15));
  EXPECT_EQ(calls::args_get(*ctx, m.mem(), 100, 65530), Errno::Fault);
  EXPECT_EQ(calls::args_sizes_get(*ctx, m.mem(), 65535, 4), Errno::Fault);
}

TEST(Environ, SizesAndLayout) {
  auto ctx = make_ctx({}, {{"A", "1"}, {"PATH", "/bin"}});
  TestMemory m;
  ASSERT_EQ(calls::environ_sizes_get(*ctx, m.mem(), 0, 4), Errno::Success);
  EXPECT_EQ(m.u32(0), 2u);
  EXPECT_EQ(m.u32(4), 4u + 10u);
  ASSERT_EQ(calls::environ_get(*ctx, m.mem(), 100, 200), Errno::Success);
  EXPECT_EQ(m.str(m.u32(100), 3), "A=1");
  EXPECT_EQ(m.str(m.u32(104), 9), "PATH=/bin");
  wasmvm::wasi::Config bad;
  bad.env = {{"A=B", "1"}};
  EXPECT_FALSE(wasmvm::wasi::create_context(bad).ok());
}

TEST(Clocks, TimeAndResolution) {
  auto ctx = make_ctx({}, {});
  TestMemory m;
  for (uint32_t id : {abi::kClockRealtime, abi::kClockMonotonic, abi::kClockProcessCputime, abi::kClockThreadCputime}) {
    ASSERT_EQ(calls::clock_res_get(*ctx, m.mem(), id, 0), Errno::Success) << id;
    EXPECT_GT(m.u64(0), 0u);
    ASSERT_EQ(calls::clock_time_get(*ctx, m.mem(), id, 1, 8), Errno::Success) << id;
  }
  EXPECT_EQ(calls::clock_time_get(*ctx, m.mem(), 4, 1, 8), Errno::Inval);
  EXPECT_EQ(calls::clock_res_get(*ctx, m.mem(), 99, 8), Errno::Inval);
  EXPECT_EQ(calls::clock_time_get(*ctx, m.mem(), 0, 1, 65530), Errno::Fault);
  ASSERT_EQ(calls::clock_time_get(*ctx, m.mem(), abi::kClockRealtime, 1, 8), Errno::Success);
  uint64_t now_ns = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count());
  EXPECT_LT(now_ns - m.u64(8), 5'000'000'000ull);  // realtime is nanoseconds since the epoch
  ASSERT_EQ(calls::clock_time_get(*ctx, m.mem(), abi::kClockMonotonic, 1, 8), Errno::Success);
  uint64_t a = m.u64(8);
  ASSERT_EQ(calls::clock_time_get(*ctx, m.mem(), abi::kClockMonotonic, 1, 8), Errno::Success);
  EXPECT_GE(m.u64(8), a);
}

TEST(Random, FillsAndChecksBounds) {
  auto ctx = make_ctx({}, {});
  TestMemory m;
  ASSERT_EQ(calls::random_get(*ctx, m.mem(), 0, 64), Errno::Success);
  ASSERT_EQ(calls::random_get(*ctx, m.mem(), 64, 64), Errno::Success);
  EXPECT_NE(m.str(0, 64), m.str(64, 64));
  EXPECT_NE(m.str(0, 64), std::string(64, '\0'));
  EXPECT_EQ(calls::random_get(*ctx, m.mem(), 65500, 100), Errno::Fault);
  EXPECT_EQ(calls::random_get(*ctx, m.mem(), 100, 0), Errno::Success);
}

TEST(Process, RaiseAndYield) {
  auto ctx = make_ctx({}, {});
  TestMemory m;
  EXPECT_EQ(calls::proc_raise(*ctx, m.mem(), 6), Errno::NoSys);
  EXPECT_EQ(calls::sched_yield(*ctx, m.mem()), Errno::Success);
}

// Writes a clock subscription at `at`.
void clock_sub(TestMemory& m, uint32_t at, uint64_t userdata, uint32_t clock, uint64_t timeout, uint16_t flags) {
  std::memset(m.bytes.data() + at, 0, 48);
  std::memcpy(m.bytes.data() + at, &userdata, 8);
  m.bytes[at + 8] = abi::kEventtypeClock;
  std::memcpy(m.bytes.data() + at + 16, &clock, 4);
  std::memcpy(m.bytes.data() + at + 24, &timeout, 8);
  std::memcpy(m.bytes.data() + at + 40, &flags, 2);
}
void fd_sub(TestMemory& m, uint32_t at, uint64_t userdata, uint8_t type, uint32_t fd) {
  std::memset(m.bytes.data() + at, 0, 48);
  std::memcpy(m.bytes.data() + at, &userdata, 8);
  m.bytes[at + 8] = type;
  std::memcpy(m.bytes.data() + at + 16, &fd, 4);
}

TEST(Poll, RelativeClockSleeps) {
  auto ctx = make_ctx({}, {});
  TestMemory m;
  clock_sub(m, 1000, 7, abi::kClockMonotonic, 20'000'000, 0);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(calls::poll_oneoff(*ctx, m.mem(), 1000, 2000, 1, 0), Errno::Success);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(ms, 19);
  EXPECT_EQ(m.u32(0), 1u);
  EXPECT_EQ(m.u64(2000), 7u);                      // userdata
  EXPECT_EQ(m.bytes[2008], 0);                     // error
  EXPECT_EQ(m.bytes[2010], abi::kEventtypeClock);  // type
}

TEST(Poll, AbsoluteClockInThePastAndEarliestWins) {
  auto ctx = make_ctx({}, {});
  TestMemory m;
  clock_sub(m, 1000, 1, abi::kClockMonotonic, 10'000'000'000ull, 0);  // 10 s
  clock_sub(m, 1048, 2, abi::kClockRealtime, 1, abi::kSubclockAbstime);  // long past
  ASSERT_EQ(calls::poll_oneoff(*ctx, m.mem(), 1000, 2000, 2, 0), Errno::Success);
  EXPECT_EQ(m.u32(0), 1u);
  EXPECT_EQ(m.u64(2000), 2u);
}

TEST(Poll, FdReadinessAndErrors) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  wasmvm::wasi::Config cfg;
  cfg.stdin_fd = p[0];
  auto ctx = wasmvm::wasi::create_context(cfg).value();
  TestMemory m;
  fd_sub(m, 1000, 11, abi::kEventtypeFdRead, 0);
  clock_sub(m, 1048, 12, abi::kClockMonotonic, 5'000'000'000ull, 0);
  ASSERT_EQ(::write(p[1], "abc", 3), 3);
  ASSERT_EQ(calls::poll_oneoff(*ctx, m.mem(), 1000, 2000, 2, 0), Errno::Success);
  EXPECT_EQ(m.u32(0), 1u);
  EXPECT_EQ(m.u64(2000), 11u);
  EXPECT_EQ(m.bytes[2010], abi::kEventtypeFdRead);
  EXPECT_EQ(m.u64(2016), 3u);  // bytes available
  // stdout is writable right away; a bad fd reports EBADF in its event.
  fd_sub(m, 1000, 21, abi::kEventtypeFdWrite, 1);
  fd_sub(m, 1048, 22, abi::kEventtypeFdRead, 55);
  ASSERT_EQ(calls::poll_oneoff(*ctx, m.mem(), 1000, 2000, 2, 0), Errno::Success);
  ASSERT_GE(m.u32(0), 1u);
  bool saw_badf = false;
  for (uint32_t i = 0; i < m.u32(0); i++)
    if (m.u64(2000 + 32 * i) == 22) saw_badf = m.bytes[2000 + 32 * i + 8] == uint8_t(Errno::Badf);
  EXPECT_TRUE(saw_badf);
  EXPECT_EQ(calls::poll_oneoff(*ctx, m.mem(), 1000, 2000, 0, 0), Errno::Inval);
  EXPECT_EQ(calls::poll_oneoff(*ctx, m.mem(), 65500, 2000, 2, 0), Errno::Fault);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(Sockets, NonSocketsAndSocketPairs) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  wasmvm::wasi::Config cfg;
  cfg.stdin_fd = sv[0];  // a socket handed over as stdin, like systemd socket activation
  auto ctx = wasmvm::wasi::create_context(cfg).value();
  TestMemory m;
  EXPECT_EQ(calls::sock_send(*ctx, m.mem(), 1, 0, 0, 0, 8), Errno::NotSock);  // stdout: not a socket
  EXPECT_EQ(calls::sock_recv(*ctx, m.mem(), 9, 0, 0, 0, 8, 12), Errno::Badf);
  EXPECT_EQ(calls::sock_shutdown(*ctx, m.mem(), 2, abi::kSdflagWr), Errno::NotSock);
  EXPECT_EQ(calls::sock_accept(*ctx, m.mem(), 1, 0, 8), Errno::NotSock);
  m.put(100, "ping");
  m.set_u32(0, 100);
  m.set_u32(4, 4);
  ASSERT_EQ(calls::sock_send(*ctx, m.mem(), 0, 0, 1, 0, 8), Errno::Success);
  EXPECT_EQ(m.u32(8), 4u);
  char buf[8];
  ASSERT_EQ(::read(sv[1], buf, sizeof buf), 4);
  ASSERT_EQ(::write(sv[1], "pong", 4), 4);
  m.set_u32(0, 200);
  m.set_u32(4, 16);
  ASSERT_EQ(calls::sock_recv(*ctx, m.mem(), 0, 0, 1, 0, 8, 12), Errno::Success);
  EXPECT_EQ(m.u32(8), 4u);
  EXPECT_EQ(m.str(200, 4), "pong");
  EXPECT_EQ(calls::sock_shutdown(*ctx, m.mem(), 0, 0), Errno::Inval);
  EXPECT_EQ(calls::sock_shutdown(*ctx, m.mem(), 0, abi::kSdflagWr), Errno::Success);
  ::close(sv[0]);
  ::close(sv[1]);
}

TEST(Stdio, TerminalIsACharacterDeviceWithoutSeekRights) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(slave, 0);
  wasmvm::wasi::Config cfg;
  cfg.stdout_fd = slave;
  auto ctx = wasmvm::wasi::create_context(cfg).value();
  TestMemory m;
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), 1, 0), Errno::Success);
  EXPECT_EQ(m.bytes[0], abi::kFiletypeCharacterDevice);
  // wasi-libc's isatty(): character device and neither FD_SEEK nor FD_TELL.
  EXPECT_EQ(m.u64(8) & (abi::kRightFdSeek | abi::kRightFdTell), 0u);
  EXPECT_NE(m.u64(8) & abi::kRightFdWrite, 0u);
  ::close(slave);
  ::close(master);
}

TEST(ErrnoMapping, HostValuesMapByName) {
  using wasmvm::wasi::errno_from_host;
  EXPECT_EQ(errno_from_host(0), Errno::Success);
  EXPECT_EQ(errno_from_host(ENOENT), Errno::NoEnt);
  EXPECT_EQ(errno_from_host(EBADF), Errno::Badf);
  EXPECT_EQ(errno_from_host(ELOOP), Errno::Loop);
  EXPECT_EQ(errno_from_host(ENOTEMPTY), Errno::NotEmpty);
  EXPECT_EQ(errno_from_host(EOPNOTSUPP), Errno::NotSup);
  EXPECT_EQ(errno_from_host(EWOULDBLOCK), Errno::Again);
  EXPECT_EQ(errno_from_host(99999), Errno::Io);
  EXPECT_EQ(uint16_t(Errno::NotCapable), 76);
  EXPECT_EQ(uint16_t(Errno::NoSys), 52);
  EXPECT_STREQ(wasmvm::wasi::errno_name(Errno::NotCapable), "ENOTCAPABLE");
  EXPECT_STREQ(wasmvm::wasi::errno_name(Errno::Success), "ESUCCESS");
}

TEST(FdTable, LowestFreeNumberAndRenumber) {
  wasmvm::wasi::FdTable t;
  uint32_t fd;
  for (uint32_t i = 0; i < 3; i++) {
    ASSERT_EQ(t.insert(std::make_unique<wasmvm::wasi::FdEntry>(), &fd), Errno::Success);
    EXPECT_EQ(fd, i);
  }
  EXPECT_EQ(t.close(1), Errno::Success);
  ASSERT_EQ(t.insert(std::make_unique<wasmvm::wasi::FdEntry>(), &fd), Errno::Success);
  EXPECT_EQ(fd, 1u);
  t.get(2)->filetype = 9;
  EXPECT_EQ(t.renumber(2, 0), Errno::Success);
  EXPECT_EQ(t.get(0)->filetype, 9);
  EXPECT_EQ(t.get(2), nullptr);
  EXPECT_EQ(t.renumber(2, 0), Errno::Badf);
  EXPECT_EQ(t.renumber(0, 7), Errno::Badf);
  EXPECT_EQ(t.close(0xFFFFFFFFu), Errno::Badf);
}

}  // namespace
}  // namespace wasi_test

// fd_* calls against real files in the scratch sandbox: I/O round trips, iovec bounds, seek,
// metadata, rights, readdir cookies and truncation, prestat, renumber/close.
#include <limits.h>

#include <algorithm>
#include <set>

#include "wasi_test_util.h"

namespace wasi_test {
namespace {

namespace abi = wasmvm::wasi::abi;
namespace calls = wasmvm::wasi::calls;

class FdCallsTest : public SandboxTest {
 protected:
  // Places one iovec {buf, len} at kIov.
  static constexpr uint32_t kIov = 512, kData = 20000, kNum = 600;
  void iov(uint32_t index, uint32_t buf, uint32_t len) {
    m.set_u32(kIov + index * 8, buf);
    m.set_u32(kIov + index * 8 + 4, len);
  }
  // All the rights a regular file can have by default, as wasi-libc asks for them.
  uint32_t create(const std::string& name, uint64_t rights = abi::kRightsRegularFile) {
    uint32_t fd = 0;
    EXPECT_EQ(open(name, abi::kOflagCreat | abi::kOflagTrunc, true, rights, 0, &fd), Errno::Success);
    return fd;
  }
};

TEST_F(FdCallsTest, WriteSeekReadRoundTrip) {
  uint32_t fd = create("round.txt");
  iov(0, kData, m.put(kData, "hello "));
  iov(1, kData + 100, m.put(kData + 100, "wasi"));
  ASSERT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 2, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 10u);
  EXPECT_EQ(read_file(sandbox + "/round.txt"), "hello wasi");

  ASSERT_EQ(calls::fd_tell(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.u64(kNum), 10u);
  ASSERT_EQ(calls::fd_seek(*ctx, m.mem(), fd, -4, abi::kWhenceEnd, kNum), Errno::Success);
  EXPECT_EQ(m.u64(kNum), 6u);
  iov(0, kData + 200, 3);
  iov(1, kData + 300, 100);
  ASSERT_EQ(calls::fd_read(*ctx, m.mem(), fd, kIov, 2, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 4u);
  EXPECT_EQ(m.str(kData + 200, 3), "was");
  EXPECT_EQ(m.str(kData + 300, 1), "i");
  // At EOF: 0 bytes, success.
  ASSERT_EQ(calls::fd_read(*ctx, m.mem(), fd, kIov, 2, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 0u);
}

TEST_F(FdCallsTest, PreadPwriteDoNotMoveTheOffset) {
  uint32_t fd = create("p.txt");
  iov(0, kData, m.put(kData, "0123456789"));
  ASSERT_EQ(calls::fd_pwrite(*ctx, m.mem(), fd, kIov, 1, 5, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 10u);
  ASSERT_EQ(calls::fd_tell(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.u64(kNum), 0u);
  iov(0, kData + 100, 4);
  ASSERT_EQ(calls::fd_pread(*ctx, m.mem(), fd, kIov, 1, 7, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 4u);
  EXPECT_EQ(m.str(kData + 100, 4), "2345");
  EXPECT_EQ(calls::fd_pread(*ctx, m.mem(), fd, kIov, 1, uint64_t(1) << 63, kNum), Errno::Inval);
}

TEST_F(FdCallsTest, BadGuestPointersGiveEfaultWithoutSideEffects) {
  uint32_t fd = create("f.txt");
  iov(0, kData, m.put(kData, "abc"));
  // iovec array past the end of memory
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, 65535, 1, kNum), Errno::Fault);
  // a buffer past the end of memory
  iov(1, 65530, 100);
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 2, kNum), Errno::Fault);
  // the result pointer past the end: nothing may be written to the file
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 1, 65534), Errno::Fault);
  // address wrap-around
  iov(0, 0xFFFFFFF0u, 0x20);
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 1, kNum), Errno::Fault);
  EXPECT_EQ(read_file(sandbox + "/f.txt"), "");
  // huge iovec counts are bounds-checked, not allocated
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 0xFFFFFFFFu, kNum), Errno::Fault);
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, 65530), Errno::Fault);
  EXPECT_EQ(calls::fd_filestat_get(*ctx, m.mem(), fd, 65530), Errno::Fault);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 0, 0, 65535), Errno::Fault);
  // No memory at all (module without memory): every pointer faults.
  wasmvm::wasi::GuestMemory none;
  EXPECT_EQ(calls::fd_write(*ctx, none, fd, 0, 1, 0), Errno::Fault);
}

TEST_F(FdCallsTest, ManyIovecsAndTheIovMaxCap) {
  uint32_t fd = create("many.txt");
  // 20 one-byte buffers (beyond the inline capacity of the host iovec list).
  std::string expect;
  for (uint32_t i = 0; i < 20; i++) {
    m.bytes[kData + i] = uint8_t('a' + i);
    iov(i, kData + i, 1);
    expect += char('a' + i);
  }
  ASSERT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 20, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 20u);
  EXPECT_EQ(read_file(sandbox + "/many.txt"), expect);
  // 2000 iovecs (at 40000): only IOV_MAX (1024) are passed on; a short write is allowed.
  for (uint32_t i = 0; i < 2000; i++) {
    m.set_u32(40000 + i * 8, kData);
    m.set_u32(40000 + i * 8 + 4, 1);
  }
  ASSERT_EQ(calls::fd_write(*ctx, m.mem(), fd, 40000, 2000, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), uint32_t(IOV_MAX));
}

TEST_F(FdCallsTest, ZeroLengthIovecsAndEmptyWrites) {
  uint32_t fd = create("z.txt");
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 0, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 0u);
  iov(0, kData, 0);
  iov(1, kData, m.put(kData, "x"));
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 2, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 1u);
}

TEST_F(FdCallsTest, RightsAreEnforcedAndCanOnlyShrink) {
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, true, abi::kRightFdRead, 0, &fd), Errno::Success);
  iov(0, kData, m.put(kData, "x"));
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), fd, kIov, 1, kNum), Errno::NotCapable);
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum], abi::kFiletypeRegularFile);
  EXPECT_EQ(m.u64(kNum + 8), abi::kRightFdRead);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), fd, abi::kRightFdRead | abi::kRightFdWrite, 0),
            Errno::NotCapable);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), fd, 0, 0), Errno::Success);
  iov(0, kData, 5);
  EXPECT_EQ(calls::fd_read(*ctx, m.mem(), fd, kIov, 1, kNum), Errno::NotCapable);
}

TEST_F(FdCallsTest, FdstatOfPreopenAndFlags) {
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), kPreopen, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum], abi::kFiletypeDirectory);
  EXPECT_EQ(m.u64(kNum + 16), abi::kRightsAll);
  uint32_t fd = 0;
  ASSERT_EQ(open("app.txt", abi::kOflagCreat, true, abi::kRightFdWrite | abi::kRightFdFdstatSetFlags,
                 abi::kFdflagAppend, &fd),
            Errno::Success);
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum + 2] & abi::kFdflagAppend, abi::kFdflagAppend);
  EXPECT_EQ(calls::fd_fdstat_set_flags(*ctx, m.mem(), fd, abi::kFdflagNonblock), Errno::Success);
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum + 2], abi::kFdflagNonblock);
  EXPECT_EQ(calls::fd_fdstat_set_flags(*ctx, m.mem(), fd, 0x100), Errno::Inval);
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), 77, kNum), Errno::Badf);
}

TEST_F(FdCallsTest, FilestatSizeAndTimes) {
  uint32_t fd = create("s.txt", abi::kRightFdWrite | abi::kRightFdFilestatSetSize | abi::kRightFdFilestatGet |
                                    abi::kRightFdFilestatSetTimes);
  ASSERT_EQ(calls::fd_filestat_set_size(*ctx, m.mem(), fd, 1234), Errno::Success);
  ASSERT_EQ(calls::fd_filestat_get(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum + 16], abi::kFiletypeRegularFile);
  EXPECT_EQ(m.u64(kNum + 32), 1234u);
  EXPECT_EQ(m.u64(kNum + 24), 1u);  // nlink
  const uint64_t t = 1500000000123456789ull;
  ASSERT_EQ(calls::fd_filestat_set_times(*ctx, m.mem(), fd, t, t + 1, abi::kFstAtim | abi::kFstMtim), Errno::Success);
  ASSERT_EQ(calls::fd_filestat_get(*ctx, m.mem(), fd, kNum), Errno::Success);
  EXPECT_EQ(m.u64(kNum + 40), t);
  EXPECT_EQ(m.u64(kNum + 48), t + 1);
  EXPECT_EQ(calls::fd_filestat_set_times(*ctx, m.mem(), fd, 0, 0, abi::kFstAtim | abi::kFstAtimNow), Errno::Inval);
  // path variant, nanosecond mtime
  uint32_t len = m.put(kPath, "s.txt");
  ASSERT_EQ(calls::path_filestat_set_times(*ctx, m.mem(), kPreopen, 0, kPath, len, 0, 42, abi::kFstMtim),
            Errno::Success);
  struct stat st;
  ASSERT_EQ(::stat((sandbox + "/s.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 0);
  EXPECT_EQ(st.st_mtim.tv_nsec, 42);
}

TEST_F(FdCallsTest, SeekErrors) {
  uint32_t fd = create("k.txt");
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 0, 3, kNum), Errno::Inval);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, -1, abi::kWhenceSet, kNum), Errno::Inval);
  // A directory never has FD_SEEK (its file type does not allow it).
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), kPreopen, 0, abi::kWhenceSet, kNum), Errno::NotCapable);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), 99, 0, abi::kWhenceSet, kNum), Errno::Badf);
}

// Parses fd_readdir output: (name, d_next) pairs of complete entries.
std::vector<std::pair<std::string, uint64_t>> parse_dirents(const TestMemory& m, uint32_t buf, uint32_t used) {
  std::vector<std::pair<std::string, uint64_t>> out;
  uint32_t at = 0;
  while (at + 24 <= used) {
    uint64_t next = m.u64(buf + at);
    uint32_t namlen = m.u32(buf + at + 16);
    if (at + 24 + namlen > used) break;
    out.emplace_back(m.str(buf + at + 24, namlen), next);
    at += 24 + namlen;
  }
  return out;
}

TEST_F(FdCallsTest, ReaddirListsDotEntriesAndTypes) {
  ASSERT_EQ(calls::fd_readdir(*ctx, m.mem(), kPreopen, kBuf, 4096, 0, kNum), Errno::Success);
  auto entries = parse_dirents(m, kBuf, m.u32(kNum));
  std::set<std::string> names;
  for (auto& [n, c] : entries) names.insert(n);
  EXPECT_EQ(names, (std::set<std::string>{".", "..", "hello.txt", "dir"}));
  EXPECT_LT(m.u32(kNum), 4096u);  // everything fit: fewer bytes than the buffer
  // d_type of "dir" is directory
  uint32_t at = 0;
  while (at < m.u32(kNum)) {
    uint32_t namlen = m.u32(kBuf + at + 16);
    std::string name = m.str(kBuf + at + 24, namlen);
    if (name == "dir") {
      EXPECT_EQ(m.bytes[kBuf + at + 20], abi::kFiletypeDirectory);
    } else if (name == "hello.txt") {
      EXPECT_EQ(m.bytes[kBuf + at + 20], abi::kFiletypeRegularFile);
    }
    at += 24 + namlen;
  }
  // fd_readdir on a file: ENOTDIR
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, true, abi::kRightFdRead, 0, &fd), Errno::Success);
  EXPECT_EQ(calls::fd_readdir(*ctx, m.mem(), fd, kBuf, 4096, 0, kNum), Errno::NotDir);
}

TEST_F(FdCallsTest, ReaddirCookiesAndTruncation) {
  for (int i = 0; i < 50; i++) write_file(sandbox + "/file_with_a_long_name_" + std::to_string(i), "");
  // Read everything with a small buffer, wasi-libc style: keep the complete entries, continue from
  // the last complete entry's d_next.
  std::set<std::string> names;
  uint64_t cookie = 0;
  int rounds = 0;
  for (;;) {
    ASSERT_LT(++rounds, 1000);
    ASSERT_EQ(calls::fd_readdir(*ctx, m.mem(), kPreopen, kBuf, 100, cookie, kNum), Errno::Success);
    uint32_t used = m.u32(kNum);
    auto entries = parse_dirents(m, kBuf, used);
    for (auto& [n, c] : entries) names.insert(n), cookie = c;
    if (used < 100) break;  // a short buffer means the end
    ASSERT_FALSE(entries.empty()) << "entry larger than the buffer";
  }
  EXPECT_EQ(names.size(), 54u);  // 50 + ".", "..", hello.txt, dir
  // A buffer smaller than one header is filled completely (truncated entry).
  ASSERT_EQ(calls::fd_readdir(*ctx, m.mem(), kPreopen, kBuf, 10, 0, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 10u);
  // A cookie past the end gives an empty result.
  ASSERT_EQ(calls::fd_readdir(*ctx, m.mem(), kPreopen, kBuf, 100, 100000, kNum), Errno::Success);
  EXPECT_EQ(m.u32(kNum), 0u);
  EXPECT_EQ(calls::fd_readdir(*ctx, m.mem(), kPreopen, 65500, 100, 0, kNum), Errno::Fault);
}

TEST_F(FdCallsTest, PrestatAndDirName) {
  ASSERT_EQ(calls::fd_prestat_get(*ctx, m.mem(), kPreopen, kNum), Errno::Success);
  EXPECT_EQ(m.bytes[kNum], abi::kPreopentypeDir);
  EXPECT_EQ(m.u32(kNum + 4), 8u);  // "/sandbox"
  ASSERT_EQ(calls::fd_prestat_dir_name(*ctx, m.mem(), kPreopen, kBuf, 8), Errno::Success);
  EXPECT_EQ(m.str(kBuf, 8), "/sandbox");
  EXPECT_EQ(calls::fd_prestat_dir_name(*ctx, m.mem(), kPreopen, kBuf, 3), Errno::NameTooLong);
  EXPECT_EQ(calls::fd_prestat_get(*ctx, m.mem(), 4, kNum), Errno::Badf);  // wasi-libc's loop end
  EXPECT_EQ(calls::fd_prestat_get(*ctx, m.mem(), 1, kNum), Errno::Badf);  // stdout is not a preopen
}

TEST_F(FdCallsTest, CloseAndRenumber) {
  uint32_t a = create("a.txt"), b = create("b.txt");
  EXPECT_EQ(a, 4u);  // lowest free number after the preopen
  EXPECT_EQ(b, 5u);
  ASSERT_EQ(calls::fd_renumber(*ctx, m.mem(), a, b), Errno::Success);
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), a, kNum), Errno::Badf);
  iov(0, kData, m.put(kData, "via b"));
  ASSERT_EQ(calls::fd_write(*ctx, m.mem(), b, kIov, 1, kNum), Errno::Success);
  EXPECT_EQ(read_file(sandbox + "/a.txt"), "via b");  // b now refers to a.txt
  EXPECT_EQ(calls::fd_renumber(*ctx, m.mem(), b, 42), Errno::Badf);
  EXPECT_EQ(calls::fd_close(*ctx, m.mem(), b), Errno::Success);
  EXPECT_EQ(calls::fd_close(*ctx, m.mem(), b), Errno::Badf);
  EXPECT_EQ(create("c.txt"), 4u);  // numbers are reused
}

TEST_F(FdCallsTest, SyncAdviseAllocate) {
  uint32_t fd = create("y.txt");
  EXPECT_EQ(calls::fd_sync(*ctx, m.mem(), fd), Errno::Success);
  EXPECT_EQ(calls::fd_datasync(*ctx, m.mem(), fd), Errno::Success);
  EXPECT_EQ(calls::fd_advise(*ctx, m.mem(), fd, 0, 10, 1), Errno::Success);
  EXPECT_EQ(calls::fd_advise(*ctx, m.mem(), fd, 0, 10, 9), Errno::Inval);
  Errno e = calls::fd_allocate(*ctx, m.mem(), fd, 0, 4096);
  EXPECT_TRUE(e == Errno::Success || e == Errno::NotSup) << wasmvm::wasi::errno_name(e);
  if (e == Errno::Success) {
    struct stat st;
    ASSERT_EQ(::stat((sandbox + "/y.txt").c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 4096);
  }
  EXPECT_EQ(calls::fd_sync(*ctx, m.mem(), 99), Errno::Badf);
}

TEST(Stdio, PipesAsStdinAndStdout) {
  int in_pipe[2], out_pipe[2];
  ASSERT_EQ(::pipe(in_pipe), 0);
  ASSERT_EQ(::pipe(out_pipe), 0);
  wasmvm::wasi::Config cfg;
  cfg.stdin_fd = in_pipe[0];
  cfg.stdout_fd = out_pipe[1];
  cfg.stderr_fd = -1;
  auto r = wasmvm::wasi::create_context(cfg);
  ASSERT_TRUE(r.ok());
  auto ctx = std::move(r).value();  // the only reference, so reset() below destroys the context
  TestMemory m;
  ASSERT_EQ(::write(in_pipe[1], "input!", 6), 6);
  m.set_u32(0, 100);
  m.set_u32(4, 64);
  ASSERT_EQ(calls::fd_read(*ctx, m.mem(), 0, 0, 1, 8), Errno::Success);
  EXPECT_EQ(m.u32(8), 6u);
  EXPECT_EQ(m.str(100, 6), "input!");
  m.put(200, "output");
  m.set_u32(0, 200);
  m.set_u32(4, 6);
  ASSERT_EQ(calls::fd_write(*ctx, m.mem(), 1, 0, 1, 8), Errno::Success);
  char buf[16] = {};
  ASSERT_EQ(::read(out_pipe[0], buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf, 6), "output");
  EXPECT_EQ(calls::fd_write(*ctx, m.mem(), 2, 0, 1, 8), Errno::Badf);  // stderr closed on request
  // Pipes are not seekable and carry no seek/tell rights, so seeking is refused before the host sees it.
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), 1, 300), Errno::Success);
  EXPECT_EQ(m.u64(308) & (abi::kRightFdSeek | abi::kRightFdTell), 0u);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), 1, 0, abi::kWhenceCur, 8), Errno::NotCapable);
  // The guest may make its stdout non-blocking, but the host's flags come back when it lets go.
  ASSERT_EQ(calls::fd_fdstat_set_flags(*ctx, m.mem(), 1, abi::kFdflagNonblock), Errno::Success);
  EXPECT_NE(::fcntl(out_pipe[1], F_GETFL) & O_NONBLOCK, 0);
  // Closing the guest's stdout does not close the host's descriptor.
  EXPECT_EQ(calls::fd_close(*ctx, m.mem(), 1), Errno::Success);
  EXPECT_GE(::fcntl(out_pipe[1], F_GETFD), 0);
  EXPECT_EQ(::fcntl(out_pipe[1], F_GETFL) & O_NONBLOCK, 0);
  ASSERT_EQ(calls::fd_fdstat_set_flags(*ctx, m.mem(), 0, abi::kFdflagNonblock), Errno::Success);
  ctx.reset();  // context destruction restores too
  EXPECT_EQ(::fcntl(in_pipe[0], F_GETFL) & O_NONBLOCK, 0);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
}

}  // namespace
}  // namespace wasi_test

// path_* calls inside the sandbox: errno semantics expected by wasi-libc and Rust std.
#include "wasi_test_util.h"

namespace wasi_test {
namespace {

namespace abi = wasmvm::wasi::abi;
namespace calls = wasmvm::wasi::calls;

using PathCallsTest = SandboxTest;

TEST_F(PathCallsTest, OpenFlags) {
  EXPECT_EQ(open("missing.txt"), Errno::NoEnt);
  EXPECT_EQ(open("missing/x.txt", abi::kOflagCreat, true, abi::kRightFdWrite), Errno::NoEnt);
  EXPECT_EQ(open("new.txt", abi::kOflagCreat | abi::kOflagExcl, true, abi::kRightFdWrite), Errno::Success);
  EXPECT_TRUE(exists_nofollow(sandbox + "/new.txt"));
  EXPECT_EQ(open("new.txt", abi::kOflagCreat | abi::kOflagExcl, true, abi::kRightFdWrite), Errno::Exist);
  EXPECT_EQ(open("hello.txt", abi::kOflagDirectory, true, abi::kRightFdRead), Errno::NotDir);
  EXPECT_EQ(open("dir", 0, true, abi::kRightFdWrite), Errno::IsDir);
  EXPECT_EQ(open("hello.txt", abi::kOflagTrunc, true, abi::kRightFdWrite), Errno::Success);
  EXPECT_EQ(read_file(sandbox + "/hello.txt"), "");
  EXPECT_EQ(open("x", 0x10, true, abi::kRightFdRead), Errno::Inval);          // unknown oflag
  EXPECT_EQ(open("hello.txt", 0, true, abi::kRightFdRead, 0x20), Errno::Inval); // unknown fdflag
}

TEST_F(PathCallsTest, NoFollowOnFinalSymlinkIsEloop) {
  symlink_in_sandbox("hello.txt", "link");
  EXPECT_EQ(open("link", 0, false), Errno::Loop);
  EXPECT_EQ(open("link", 0, true), Errno::Success);
  EXPECT_EQ(stat_path("link", false), Errno::Success);
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeSymbolicLink);
  EXPECT_EQ(stat_path("link", true), Errno::Success);
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeRegularFile);
  EXPECT_EQ(m.u64(SandboxTest::kOut + 32), 11u);  // "hello world"
}

TEST_F(PathCallsTest, TrailingSlashOnSymlinkToDirectory) {
  symlink_in_sandbox("dir", "dlink");
  // Reading lookups resolve "dlink/" to the directory even without SYMLINK_FOLLOW (POSIX)...
  EXPECT_EQ(stat_path("dlink/", false), Errno::Success);
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeDirectory);
  EXPECT_EQ(open("dlink/", 0, false, abi::kRightFdReaddir), Errno::Success);
  // ...but operations on the name itself never act on the link's target.
  EXPECT_EQ(rmdir("dlink/"), Errno::NotDir);
  EXPECT_EQ(unlink("dlink/"), Errno::NotDir);
  EXPECT_EQ(rename("dlink/", "moved"), Errno::NotDir);
  EXPECT_TRUE(exists_nofollow(sandbox + "/dir/inner.txt"));
  EXPECT_TRUE(exists_nofollow(sandbox + "/dlink"));
  EXPECT_EQ(stat_path("dlink", false), Errno::Success);  // no slash, no follow: the link itself
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeSymbolicLink);
}

TEST_F(PathCallsTest, DirectoriesCreateAndRemove) {
  EXPECT_EQ(mkdir("a"), Errno::Success);
  EXPECT_EQ(mkdir("a"), Errno::Exist);
  EXPECT_EQ(mkdir("a/b"), Errno::Success);
  EXPECT_EQ(mkdir("hello.txt/b"), Errno::NotDir);
  EXPECT_EQ(mkdir("."), Errno::Exist);
  EXPECT_EQ(rmdir("a"), Errno::NotEmpty);
  EXPECT_EQ(rmdir("hello.txt"), Errno::NotDir);
  EXPECT_EQ(rmdir("a/b"), Errno::Success);
  EXPECT_EQ(rmdir("a/"), Errno::Success);
  EXPECT_FALSE(exists_nofollow(sandbox + "/a"));
  EXPECT_EQ(rmdir("a"), Errno::NoEnt);
  EXPECT_EQ(rmdir("."), Errno::Inval);
}

TEST_F(PathCallsTest, UnlinkAndRename) {
  EXPECT_EQ(unlink("dir"), Errno::IsDir);
  EXPECT_EQ(unlink("missing"), Errno::NoEnt);
  EXPECT_EQ(rename("hello.txt", "dir/moved.txt"), Errno::Success);
  EXPECT_EQ(read_file(sandbox + "/dir/moved.txt"), "hello world");
  EXPECT_FALSE(exists_nofollow(sandbox + "/hello.txt"));
  EXPECT_EQ(rename("missing", "x"), Errno::NoEnt);
  EXPECT_EQ(mkdir("full"), Errno::Success);
  write_file(sandbox + "/full/f", "");
  EXPECT_EQ(rename("dir", "full"), Errno::NotEmpty);
  EXPECT_EQ(rename("dir/moved.txt", "full"), Errno::IsDir);
  EXPECT_EQ(unlink("dir/moved.txt"), Errno::Success);
  EXPECT_FALSE(exists_nofollow(sandbox + "/dir/moved.txt"));
  // Unlinking a symlink removes the link, not its target.
  symlink_in_sandbox("dir/inner.txt", "l");
  EXPECT_EQ(unlink("l"), Errno::Success);
  EXPECT_TRUE(exists_nofollow(sandbox + "/dir/inner.txt"));
}

TEST_F(PathCallsTest, SymlinkReadlinkLink) {
  EXPECT_EQ(symlink("dir/inner.txt", "s"), Errno::Success);
  EXPECT_EQ(symlink("other", "s"), Errno::Exist);
  std::string target;
  EXPECT_EQ(readlink("s", 100, &target), Errno::Success);
  EXPECT_EQ(target, "dir/inner.txt");
  EXPECT_EQ(readlink("s", 3, &target), Errno::Success);  // truncated, like readlink(2)
  EXPECT_EQ(target, "dir");
  EXPECT_EQ(readlink("hello.txt", 100, &target), Errno::Inval);
  EXPECT_EQ(link("hello.txt", "hard"), Errno::Success);
  struct stat st;
  ASSERT_EQ(::stat((sandbox + "/hello.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_nlink, 2u);
  EXPECT_EQ(link("hello.txt", "hard"), Errno::Exist);
  // Linking a symlink without follow links the symlink itself; with follow, its target.
  EXPECT_EQ(link("s", "s_nofollow", false), Errno::Success);
  EXPECT_EQ(link("s", "s_follow", true), Errno::Success);
  EXPECT_EQ(stat_path("s_nofollow", false), Errno::Success);
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeSymbolicLink);
  EXPECT_EQ(stat_path("s_follow", false), Errno::Success);
  EXPECT_EQ(m.bytes[SandboxTest::kOut + 16], abi::kFiletypeRegularFile);
  EXPECT_EQ(symlink(std::string("a\0b", 3), "nul"), Errno::Inval);
  EXPECT_EQ(symlink("", "empty"), Errno::NoEnt);
}

TEST_F(PathCallsTest, FilestatOfPathAndFd) {
  ASSERT_EQ(stat_path("dir/inner.txt"), Errno::Success);
  EXPECT_EQ(m.u64(SandboxTest::kOut + 32), 5u);
  struct stat st;
  ASSERT_EQ(::stat((sandbox + "/dir/inner.txt").c_str(), &st), 0);
  EXPECT_EQ(m.u64(SandboxTest::kOut + 8), uint64_t(st.st_ino));
  EXPECT_EQ(m.u64(SandboxTest::kOut + 48), uint64_t(st.st_mtim.tv_sec) * 1000000000ull + uint64_t(st.st_mtim.tv_nsec));
  EXPECT_EQ(stat_path("nope"), Errno::NoEnt);
  uint32_t len = m.put(SandboxTest::kPath, "hello.txt");
  EXPECT_EQ(calls::path_filestat_get(*ctx, m.mem(), SandboxTest::kPreopen, 0, SandboxTest::kPath, len, 65530),
            Errno::Fault);
}

// wasi-testsuite rust/path_open_preopen: O_DIRECTORY must not silently drop a write request.
TEST_F(PathCallsTest, DirectoryOpenedWithWriteRightsIsEisdir) {
  EXPECT_EQ(open(".", abi::kOflagDirectory, true, abi::kRightFdRead | abi::kRightFdWrite), Errno::IsDir);
  EXPECT_EQ(open("dir", abi::kOflagDirectory, true, abi::kRightFdWrite), Errno::IsDir);
  EXPECT_EQ(open("dir/", 0, true, abi::kRightFdWrite), Errno::IsDir);
  EXPECT_EQ(open(".", abi::kOflagDirectory, true, abi::kRightFdRead), Errno::Success);
  EXPECT_EQ(open("dir", abi::kOflagDirectory, true, 0), Errno::Success);
}

// wasi-testsuite rust/path_symlink_trailing_slashes: "name/" never creates a link called "name".
TEST_F(PathCallsTest, SymlinkToNameWithTrailingSlash) {
  EXPECT_EQ(symlink("source", "target/"), Errno::NoEnt);
  EXPECT_FALSE(exists_nofollow(sandbox + "/target"));
  EXPECT_EQ(symlink("source", "dir/"), Errno::Exist);
  EXPECT_EQ(symlink("source", "hello.txt/"), Errno::NotDir);
  symlink_in_sandbox("missing", "dangling");
  EXPECT_EQ(symlink("source", "dangling/"), Errno::NotDir);
  EXPECT_EQ(symlink("source", "target"), Errno::Success);
}

// wasi-testsuite rust/truncation_rights: O_TRUNC needs the directory's PATH_FILESTAT_SET_SIZE right.
TEST_F(PathCallsTest, TruncationNeedsPathFilestatSetSize) {
  uint32_t len = m.put(kPath, ".");
  ASSERT_EQ(calls::path_open(*ctx, m.mem(), kPreopen, 0, kPath, len, abi::kOflagDirectory, abi::kRightsDirectory,
                             abi::kRightsAll, 0, kOut),
            Errno::Success);
  uint32_t dfd = m.u32(kOut);
  auto open_trunc = [&] {
    uint32_t n = m.put(kPath, "hello.txt");
    return calls::path_open(*ctx, m.mem(), dfd, 0, kPath, n, abi::kOflagTrunc, 0, 0, 0, kOut);
  };
  // Without FD_FILESTAT_SET_SIZE among the inheriting rights it still works...
  ASSERT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), dfd, abi::kRightsDirectory,
                                        abi::kRightsAll & ~abi::kRightFdFilestatSetSize),
            Errno::Success);
  EXPECT_EQ(open_trunc(), Errno::Success);
  EXPECT_EQ(read_file(sandbox + "/hello.txt"), "");
  // ...but not without PATH_FILESTAT_SET_SIZE, and the file is left alone.
  write_file(sandbox + "/hello.txt", "keep");
  ASSERT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), dfd, abi::kRightsDirectory & ~abi::kRightPathFilestatSetSize,
                                        abi::kRightsAll & ~abi::kRightFdFilestatSetSize),
            Errno::Success);
  EXPECT_EQ(open_trunc(), Errno::NotCapable);
  EXPECT_EQ(read_file(sandbox + "/hello.txt"), "keep");
}

}  // namespace
}  // namespace wasi_test

// Hostile guest paths: nothing outside the preopened directory may be opened, created, stat'ed,
// renamed or removed. The fixture's TearDown checks the canary directory next to the sandbox.
#include "wasi/path_resolve.h"
#include "wasi_test_util.h"

namespace wasi_test {
namespace {

using wasmvm::wasi::abi::kOflagCreat;
using wasmvm::wasi::abi::kOflagDirectory;
using wasmvm::wasi::abi::kOflagExcl;
using wasmvm::wasi::abi::kOflagTrunc;
using wasmvm::wasi::abi::kRightFdWrite;

TEST(ValidateGuestPath, RejectsBadPaths) {
  using wasmvm::wasi::validate_guest_path;
  EXPECT_EQ(validate_guest_path(""), Errno::NoEnt);
  EXPECT_EQ(validate_guest_path("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(validate_guest_path(std::string("a\0b", 3)), Errno::Inval);
  EXPECT_EQ(validate_guest_path("bad\xff"), Errno::Ilseq);
  EXPECT_EQ(validate_guest_path("\xc0\xaf"), Errno::Ilseq);       // overlong '/'
  EXPECT_EQ(validate_guest_path("\xed\xa0\x80"), Errno::Ilseq);   // surrogate
  EXPECT_EQ(validate_guest_path("\xe2\x82"), Errno::Ilseq);       // truncated sequence
  EXPECT_EQ(validate_guest_path(std::string(5000, 'a')), Errno::NameTooLong);
  EXPECT_EQ(validate_guest_path("caf\xc3\xa9/\xf0\x9f\x98\x80.txt"), Errno::Success);
  EXPECT_EQ(validate_guest_path("a/../b"), Errno::Success);  // ".." is judged during the walk
}

TEST_F(SandboxTest, OrdinaryPathsWork) {
  EXPECT_EQ(open("hello.txt"), Errno::Success);
  EXPECT_EQ(open("dir/inner.txt"), Errno::Success);
  EXPECT_EQ(open("./dir/../hello.txt"), Errno::Success);
  EXPECT_EQ(open("dir//inner.txt"), Errno::Success);
  EXPECT_EQ(open("."), Errno::Success);
  EXPECT_EQ(open("dir/.."), Errno::Success);
  EXPECT_EQ(stat_path("dir/"), Errno::Success);
}

TEST_F(SandboxTest, DotDotEscapesAreRefused) {
  EXPECT_EQ(open(".."), Errno::NotCapable);
  EXPECT_EQ(open("../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open("../canary/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(open("dir/../../canary/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(open("dir/../dir/../../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(stat_path("../canary"), Errno::NotCapable);
  EXPECT_EQ(mkdir("../canary/new"), Errno::NotCapable);
  EXPECT_EQ(open("../canary/created.txt", kOflagCreat, true, kRightFdWrite), Errno::NotCapable);
  EXPECT_EQ(unlink("../canary/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(rmdir("../canary/sub"), Errno::NotCapable);
  EXPECT_EQ(rename("../canary/secret.txt", "stolen.txt"), Errno::NotCapable);
  EXPECT_EQ(rename("hello.txt", "../canary/planted.txt"), Errno::NotCapable);
  EXPECT_EQ(link("../canary/secret.txt", "hardlink"), Errno::NotCapable);
  EXPECT_EQ(symlink("x", "../canary/link"), Errno::NotCapable);
  EXPECT_FALSE(exists_nofollow(sandbox + "/stolen.txt"));
  EXPECT_FALSE(exists_nofollow(sandbox + "/hardlink"));
}

TEST_F(SandboxTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(open("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(open(canary + "/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(stat_path("/"), Errno::NotCapable);
  EXPECT_EQ(mkdir(canary + "/x"), Errno::NotCapable);
}

TEST_F(SandboxTest, SymlinkToAbsoluteTargetIsRefused) {
  symlink_in_sandbox("/etc", "to_etc");
  symlink_in_sandbox(canary + "/secret.txt", "to_secret");
  EXPECT_EQ(open("to_etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(open("to_secret"), Errno::NotCapable);
  EXPECT_EQ(stat_path("to_secret"), Errno::NotCapable);
  EXPECT_EQ(open("to_secret", kOflagTrunc, true, kRightFdWrite), Errno::NotCapable);
  // Without following, the link itself is what the guest names: stat works, open gives ELOOP.
  EXPECT_EQ(stat_path("to_secret", false), Errno::Success);
  EXPECT_EQ(m.bytes[kOut + 16], wasmvm::wasi::abi::kFiletypeSymbolicLink);
  EXPECT_EQ(open("to_secret", 0, false), Errno::Loop);
  // Setting times on the link must not touch the target.
  EXPECT_EQ(set_times("to_secret", true), Errno::NotCapable);
}

TEST_F(SandboxTest, RelativeSymlinkLeavingThePreopenIsRefused) {
  symlink_in_sandbox("../canary", "up");
  symlink_in_sandbox("dir/../../canary/secret.txt", "sneaky");
  EXPECT_EQ(open("up/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(open("sneaky"), Errno::NotCapable);
  EXPECT_EQ(mkdir("up/newdir"), Errno::NotCapable);
  EXPECT_EQ(open("up/new.txt", kOflagCreat, true, kRightFdWrite), Errno::NotCapable);
  EXPECT_EQ(unlink("up/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(link("sneaky", "hard", true), Errno::NotCapable);
  EXPECT_FALSE(exists_nofollow(sandbox + "/hard"));
}

TEST_F(SandboxTest, SymlinkChainsLeavingThePreopenAreRefused) {
  // c1 -> dir/c2 -> ../c3 (c3 in the sandbox root) -> dir/../.. (outside)
  symlink_in_sandbox("dir/c2", "c1");
  ASSERT_EQ(::symlink("../c3", (sandbox + "/dir/c2").c_str()), 0);
  symlink_in_sandbox("dir/../..", "c3");
  EXPECT_EQ(open("c1"), Errno::NotCapable);
  EXPECT_EQ(open("c1/canary/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(stat_path("c1/outside.txt"), Errno::NotCapable);
  // A chain that stays inside is fine.
  symlink_in_sandbox("dir/c5", "c4");
  ASSERT_EQ(::symlink("inner.txt", (sandbox + "/dir/c5").c_str()), 0);
  EXPECT_EQ(open("c4"), Errno::Success);
}

TEST_F(SandboxTest, SymlinkInsideThePreopenIsFollowed) {
  symlink_in_sandbox("dir", "d");
  symlink_in_sandbox("dir/inner.txt", "f");
  symlink_in_sandbox("d/../hello.txt", "back");
  EXPECT_EQ(open("d/inner.txt"), Errno::Success);
  EXPECT_EQ(open("f"), Errno::Success);
  EXPECT_EQ(open("back"), Errno::Success);
  EXPECT_EQ(stat_path("d/"), Errno::Success);
  EXPECT_EQ(m.bytes[kOut + 16], wasmvm::wasi::abi::kFiletypeDirectory);
}

TEST_F(SandboxTest, SymlinkLoopsGiveEloop) {
  symlink_in_sandbox("self", "self");
  symlink_in_sandbox("l2", "l1");
  symlink_in_sandbox("l1", "l2");
  symlink_in_sandbox(".", "dot");
  EXPECT_EQ(open("self"), Errno::Loop);
  EXPECT_EQ(open("l1"), Errno::Loop);
  EXPECT_EQ(stat_path("l2/x"), Errno::Loop);
  EXPECT_EQ(open("l1", kOflagCreat, true, kRightFdWrite), Errno::Loop);
  // 41 expansions of a harmless link are too many, 40 are fine (Linux MAXSYMLINKS).
  std::string deep, ok;
  for (int i = 0; i < 41; i++) deep += "dot/";
  for (int i = 0; i < 40; i++) ok += "dot/";
  EXPECT_EQ(open(deep + "hello.txt"), Errno::Loop);
  EXPECT_EQ(open(ok + "hello.txt"), Errno::Success);
}

TEST_F(SandboxTest, NulBytesAndInvalidUtf8AreRefused) {
  EXPECT_EQ(open(std::string("hello.txt\0../../canary/secret.txt", 33)), Errno::Inval);
  EXPECT_EQ(open(std::string("\0", 1)), Errno::Inval);
  EXPECT_EQ(open("hello\xff.txt"), Errno::Ilseq);
  EXPECT_EQ(mkdir("bad\xc3"), Errno::Ilseq);
  EXPECT_FALSE(exists_nofollow(sandbox + "/bad\xc3"));
}

TEST_F(SandboxTest, VeryLongPaths) {
  EXPECT_EQ(open(std::string(5000, 'a')), Errno::NameTooLong);
  EXPECT_EQ(open(std::string(300, 'a')), Errno::NameTooLong);  // one component over NAME_MAX
  std::string many;
  for (int i = 0; i < 2000; i++) many += "./";
  EXPECT_EQ(open(many + "hello.txt"), Errno::Success);
  std::string ups;
  for (int i = 0; i < 500; i++) ups += "dir/../";  // 3500 bytes, under PATH_MAX
  EXPECT_EQ(open(ups + ".."), Errno::NotCapable);
  // A path_len reaching past the end of memory is EFAULT, not a crash.
  EXPECT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), kPreopen, 0, 65530, 100, 0,
                                           wasmvm::wasi::abi::kRightFdRead, 0, 0, kOut),
            Errno::Fault);
}

TEST_F(SandboxTest, TrailingSlashRules) {
  EXPECT_EQ(open("hello.txt/"), Errno::NotDir);
  EXPECT_EQ(stat_path("hello.txt/"), Errno::NotDir);
  EXPECT_EQ(open("hello.txt/x"), Errno::NotDir);
  EXPECT_EQ(open("dir/"), Errno::Success);
  EXPECT_EQ(mkdir("newdir/"), Errno::Success);
  EXPECT_EQ(unlink("hello.txt/"), Errno::NotDir);
  EXPECT_EQ(unlink("dir/"), Errno::IsDir);
  EXPECT_EQ(open("newfile/", kOflagCreat, true, kRightFdWrite), Errno::IsDir);
  EXPECT_FALSE(exists_nofollow(sandbox + "/newfile"));
  EXPECT_EQ(rename("hello.txt", "renamed/"), Errno::NotDir);
  EXPECT_TRUE(exists_nofollow(sandbox + "/hello.txt"));
}

TEST_F(SandboxTest, DanglingSymlinkCreationStaysInside) {
  symlink_in_sandbox("made.txt", "dangling");
  symlink_in_sandbox("../canary/made.txt", "dangling_out");
  uint32_t fd;
  EXPECT_EQ(open("dangling", kOflagCreat, true, kRightFdWrite, 0, &fd), Errno::Success);
  EXPECT_TRUE(exists_nofollow(sandbox + "/made.txt"));
  EXPECT_EQ(open("dangling_out", kOflagCreat, true, kRightFdWrite), Errno::NotCapable);
  // O_CREAT|O_EXCL never follows: the link itself exists.
  EXPECT_EQ(open("dangling_out", kOflagCreat | kOflagExcl, true, kRightFdWrite), Errno::Exist);
}

TEST_F(SandboxTest, SymlinkCreationRejectsAbsoluteTargets) {
  EXPECT_EQ(symlink("/etc/passwd", "abs"), Errno::NotCapable);
  EXPECT_FALSE(exists_nofollow(sandbox + "/abs"));
  // A relative target that points outside may be stored, but is never followed.
  EXPECT_EQ(symlink("../canary/secret.txt", "rel_out"), Errno::Success);
  EXPECT_EQ(open("rel_out"), Errno::NotCapable);
  std::string target;
  EXPECT_EQ(readlink("rel_out", 100, &target), Errno::Success);
  EXPECT_EQ(target, "../canary/secret.txt");
}

TEST_F(SandboxTest, PreopenNamedRootWorks) {
  wasmvm::wasi::Config cfg;
  cfg.preopens.push_back({sandbox, "/"});
  auto r = wasmvm::wasi::create_context(cfg);
  ASSERT_TRUE(r.ok());
  ctx = r.value();
  EXPECT_EQ(open("hello.txt"), Errno::Success);
  EXPECT_EQ(open("../canary/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(wasmvm::wasi::calls::fd_prestat_dir_name(*ctx, m.mem(), kPreopen, kBuf, 1), Errno::Success);
  EXPECT_EQ(m.str(kBuf, 1), "/");
}

TEST_F(SandboxTest, DirectoryOpenedInsideIsItsOwnSandbox) {
  // With the rights to open files for reading below it, so that ENOTCAPABLE is the sandbox's answer.
  uint32_t len = m.put(kPath, "dir");
  ASSERT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), kPreopen, 0, kPath, len, kOflagDirectory,
                                           wasmvm::wasi::abi::kRightPathOpen | wasmvm::wasi::abi::kRightFdReaddir,
                                           wasmvm::wasi::abi::kRightFdRead, 0, kOut),
            Errno::Success);
  uint32_t dfd = m.u32(kOut);
  len = m.put(kPath, "../hello.txt");
  EXPECT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), dfd, 0, kPath, len, 0,
                                           wasmvm::wasi::abi::kRightFdRead, 0, 0, kOut),
            Errno::NotCapable);
  len = m.put(kPath, "inner.txt");
  EXPECT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), dfd, 0, kPath, len, 0,
                                           wasmvm::wasi::abi::kRightFdRead, 0, 0, kOut),
            Errno::Success);
  // A path call on a regular file descriptor is ENOTDIR; on a closed one EBADF.
  uint32_t ffd = m.u32(kOut);
  EXPECT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), ffd, 0, kPath, len, 0, 0, 0, 0, kOut), Errno::NotDir);
  EXPECT_EQ(wasmvm::wasi::calls::path_open(*ctx, m.mem(), 999, 0, kPath, len, 0, 0, 0, 0, kOut), Errno::Badf);
}

TEST(CreateContext, BadPreopenGivesClearError) {
  wasmvm::wasi::Config cfg;
  cfg.preopens.push_back({"/nonexistent/wasmvm/dir", "/data"});
  auto r = wasmvm::wasi::create_context(cfg);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, wasmvm::ErrorKind::Io);
  EXPECT_NE(r.error().message.find("/nonexistent/wasmvm/dir"), std::string::npos) << r.error().message;
  cfg.preopens = {{"/etc/hostname", "/f"}};  // not a directory
  if (::access("/etc/hostname", F_OK) == 0) {
    EXPECT_FALSE(wasmvm::wasi::create_context(cfg).ok());
  }
}

}  // namespace
}  // namespace wasi_test

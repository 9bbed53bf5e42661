// The preview1 rights matrix: every fd_*, path_*, poll and sock_* call that the witx ties to a right,
// once on a descriptor without that right (ENOTCAPABLE, and nothing in the sandbox changes) and once
// with it (success).
#include <sys/socket.h>
#include <sys/un.h>

#include <functional>

#include "wasi_test_util.h"

namespace wasi_test {
namespace {

namespace abi = wasmvm::wasi::abi;
namespace calls = wasmvm::wasi::calls;

// What the call acts on: a regular file ("file.txt"), a directory ("work", with "work/f.txt"), a
// connected stream socket (the peer has sent "ping"), or a listening socket with a pending client.
enum class Kind { File, Dir, Socket, Listener };

class RightsTest;

struct RightsCase {
  const char* name;
  Kind kind;
  uint64_t drop_base;        // removed from the descriptor's base rights for the denied call
  uint64_t drop_inheriting;  // removed from its inheriting rights
  std::function<void(RightsTest&)> prepare;  // creates what the call consumes (runs once)
  std::function<Errno(RightsTest&, uint32_t fd)> call;
};

class RightsTest : public SandboxTest, public ::testing::WithParamInterface<RightsCase> {
 public:
  static constexpr uint32_t kIov = 512, kData = 20000, kSubs = 30000, kEvents = 31000;
  // The case table below calls through these.
  using SandboxTest::ctx, SandboxTest::m, SandboxTest::sandbox, SandboxTest::symlink_in_sandbox;
  using SandboxTest::kOut, SandboxTest::kPath, SandboxTest::kPath2, SandboxTest::kPreopen;

  void SetUp() override {
    SandboxTest::SetUp();
    write_file(sandbox + "/file.txt", "0123456789");
    ASSERT_EQ(::mkdir((sandbox + "/work").c_str(), 0755), 0);
    write_file(sandbox + "/work/f.txt", "in work");
  }
  void TearDown() override {
    ctx.reset();
    for (int fd : host_fds) ::close(fd);
    SandboxTest::TearDown();
  }

  // A fresh descriptor of `kind` with every right that kind can have, minus the dropped ones.
  uint32_t open_fd(Kind kind, uint64_t drop_base, uint64_t drop_inheriting) {
    uint32_t fd = 0;
    uint64_t base = 0, inheriting = 0;
    if (kind == Kind::File || kind == Kind::Dir) {
      bool dir = kind == Kind::Dir;
      base = dir ? abi::kRightsDirectory : abi::kRightsRegularFile;
      inheriting = dir ? abi::kRightsAll : 0;
      uint32_t len = m.put(kPath, dir ? "work" : "file.txt");
      EXPECT_EQ(calls::path_open(*ctx, m.mem(), kPreopen, 0, kPath, len, dir ? abi::kOflagDirectory : 0, base,
                                 inheriting, 0, kOut),
                Errno::Success);
      fd = m.u32(kOut);
    } else {
      // Sockets reach the guest as stdio (fd 0), so each one gets a context of its own.
      int host = kind == Kind::Socket ? connected_socket() : listening_socket();
      wasmvm::wasi::Config cfg;
      cfg.stdin_fd = host;
      cfg.preopens.push_back({sandbox, "/sandbox"});
      auto r = wasmvm::wasi::create_context(cfg);
      EXPECT_TRUE(r.ok());
      ctx = r.value();
      base = abi::kRightsSocket;
    }
    EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), fd, base & ~drop_base, inheriting & ~drop_inheriting),
              Errno::Success);
    return fd;
  }

  // Places one iovec {kData, len} at kIov.
  uint32_t iov(uint32_t len) {
    m.set_u32(kIov, kData);
    m.set_u32(kIov + 4, len);
    return kIov;
  }
  // One poll_oneoff fd subscription; returns the error of the event it produced.
  Errno poll_fd(uint32_t fd, uint8_t type) {
    std::memset(m.bytes.data() + kSubs, 0, abi::kSubscriptionSize);
    m.bytes[kSubs + 8] = type;
    m.set_u32(kSubs + 16, fd);
    Errno e = calls::poll_oneoff(*ctx, m.mem(), kSubs, kEvents, 1, kOut);
    if (e != Errno::Success) return e;
    EXPECT_EQ(m.u32(kOut), 1u);
    uint16_t err;
    std::memcpy(&err, m.bytes.data() + kEvents + 8, 2);
    return Errno(err);
  }
  Errno path_open_at(uint32_t fd, const std::string& path, uint32_t oflags, uint64_t base, uint64_t inheriting,
                     uint32_t fdflags = 0) {
    uint32_t len = m.put(kPath, path);
    return calls::path_open(*ctx, m.mem(), fd, 0, kPath, len, oflags, base, inheriting, fdflags, kOut);
  }
  // A path call's (fd, path) pair at kPath, and a second path at kPath2.
  uint32_t path1(const std::string& p) { return m.put(kPath, p); }
  uint32_t path2(const std::string& p) { return m.put(kPath2, p); }

 private:
  int connected_socket() {
    int sv[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    EXPECT_EQ(::write(sv[1], "ping", 4), 4);
    host_fds.push_back(sv[0]);
    host_fds.push_back(sv[1]);
    return sv[0];
  }
  int listening_socket() {
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    std::string path = root + "/listen" + std::to_string(host_fds.size());
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    int lfd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int cfd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(lfd, 4), 0);
    EXPECT_EQ(::connect(cfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);  // pending in the backlog
    host_fds.push_back(lfd);
    host_fds.push_back(cfd);
    return lfd;
  }
  std::vector<int> host_fds;
};

TEST_P(RightsTest, DeniedWithoutTheRightAllowedWithIt) {
  const RightsCase& c = GetParam();
  if (c.prepare) c.prepare(*this);
  uint32_t denied_fd = open_fd(c.kind, c.drop_base, c.drop_inheriting);
  std::string before = fingerprint(sandbox);
  EXPECT_EQ(c.call(*this, denied_fd), Errno::NotCapable);
  EXPECT_EQ(fingerprint(sandbox), before) << "a refused call changed the sandbox";
  uint32_t allowed_fd = open_fd(c.kind, 0, 0);
  EXPECT_EQ(c.call(*this, allowed_fd), Errno::Success);
}

void PrintTo(const RightsCase& c, std::ostream* os) { *os << c.name; }

using T = RightsTest;
constexpr uint64_t kSeekTell = abi::kRightFdSeek | abi::kRightFdTell;

const RightsCase kCases[] = {
    // ---- fd_* on a regular file
    {"fd_read", Kind::File, abi::kRightFdRead, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_read(*t.ctx, t.m.mem(), fd, t.iov(4), 1, T::kOut); }},
    {"fd_pread_needs_read", Kind::File, abi::kRightFdRead, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_pread(*t.ctx, t.m.mem(), fd, t.iov(4), 1, 2, T::kOut); }},
    {"fd_pread_needs_seek", Kind::File, abi::kRightFdSeek, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_pread(*t.ctx, t.m.mem(), fd, t.iov(4), 1, 2, T::kOut); }},
    {"fd_write", Kind::File, abi::kRightFdWrite, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_write(*t.ctx, t.m.mem(), fd, t.iov(4), 1, T::kOut); }},
    {"fd_pwrite_needs_write", Kind::File, abi::kRightFdWrite, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_pwrite(*t.ctx, t.m.mem(), fd, t.iov(4), 1, 2, T::kOut); }},
    {"fd_pwrite_needs_seek", Kind::File, abi::kRightFdSeek, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_pwrite(*t.ctx, t.m.mem(), fd, t.iov(4), 1, 2, T::kOut); }},
    {"fd_seek", Kind::File, abi::kRightFdSeek, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_seek(*t.ctx, t.m.mem(), fd, 2, abi::kWhenceSet, T::kOut); }},
    {"fd_seek_tell_only", Kind::File, kSeekTell, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_seek(*t.ctx, t.m.mem(), fd, 0, abi::kWhenceCur, T::kOut); }},
    {"fd_tell", Kind::File, kSeekTell, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_tell(*t.ctx, t.m.mem(), fd, T::kOut); }},
    {"fd_advise", Kind::File, abi::kRightFdAdvise, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_advise(*t.ctx, t.m.mem(), fd, 0, 10, 0); }},
    {"fd_allocate", Kind::File, abi::kRightFdAllocate, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_allocate(*t.ctx, t.m.mem(), fd, 0, 100); }},
    {"fd_datasync", Kind::File, abi::kRightFdDatasync, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_datasync(*t.ctx, t.m.mem(), fd); }},
    {"fd_sync", Kind::File, abi::kRightFdSync, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_sync(*t.ctx, t.m.mem(), fd); }},
    {"fd_fdstat_set_flags", Kind::File, abi::kRightFdFdstatSetFlags, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_fdstat_set_flags(*t.ctx, t.m.mem(), fd, abi::kFdflagAppend); }},
    {"fd_filestat_get", Kind::File, abi::kRightFdFilestatGet, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_filestat_get(*t.ctx, t.m.mem(), fd, T::kOut); }},
    {"fd_filestat_set_size", Kind::File, abi::kRightFdFilestatSetSize, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_filestat_set_size(*t.ctx, t.m.mem(), fd, 3); }},
    {"fd_filestat_set_times", Kind::File, abi::kRightFdFilestatSetTimes, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::fd_filestat_set_times(*t.ctx, t.m.mem(), fd, 0, 1000000000ull, abi::kFstMtim);
     }},
    {"poll_oneoff_fd_read_needs_read", Kind::File, abi::kRightFdRead, 0, nullptr,
     [](T& t, uint32_t fd) { return t.poll_fd(fd, abi::kEventtypeFdRead); }},
    {"poll_oneoff_fd_read_needs_poll", Kind::File, abi::kRightPollFdReadwrite, 0, nullptr,
     [](T& t, uint32_t fd) { return t.poll_fd(fd, abi::kEventtypeFdRead); }},
    {"poll_oneoff_fd_write_needs_write", Kind::File, abi::kRightFdWrite, 0, nullptr,
     [](T& t, uint32_t fd) { return t.poll_fd(fd, abi::kEventtypeFdWrite); }},
    {"poll_oneoff_fd_write_needs_poll", Kind::File, abi::kRightPollFdReadwrite, 0, nullptr,
     [](T& t, uint32_t fd) { return t.poll_fd(fd, abi::kEventtypeFdWrite); }},

    // ---- calls on a directory descriptor ("work")
    {"fd_readdir", Kind::Dir, abi::kRightFdReaddir, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::fd_readdir(*t.ctx, t.m.mem(), fd, T::kData, 256, 0, T::kOut); }},
    {"path_open", Kind::Dir, abi::kRightPathOpen, 0, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", 0, abi::kRightFdRead, 0); }},
    {"path_open_creat_needs_path_create_file", Kind::Dir, abi::kRightPathCreateFile, 0, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "new.txt", abi::kOflagCreat, abi::kRightFdWrite, 0); }},
    {"path_open_trunc_needs_path_filestat_set_size", Kind::Dir, abi::kRightPathFilestatSetSize, 0, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", abi::kOflagTrunc, abi::kRightFdWrite, 0); }},
    {"path_open_base_within_inheriting", Kind::Dir, 0, abi::kRightFdWrite, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", 0, abi::kRightFdRead | abi::kRightFdWrite, 0); }},
    {"path_open_inheriting_within_inheriting", Kind::Dir, 0, abi::kRightFdRead, nullptr,
     [](T& t, uint32_t fd) {
       return t.path_open_at(fd, ".", abi::kOflagDirectory, abi::kRightPathOpen, abi::kRightFdRead);
     }},
    {"path_open_dsync_needs_fd_datasync", Kind::Dir, 0, abi::kRightFdDatasync, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", 0, abi::kRightFdRead, 0, abi::kFdflagDsync); }},
    {"path_open_sync_needs_fd_sync", Kind::Dir, 0, abi::kRightFdSync, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", 0, abi::kRightFdRead, 0, abi::kFdflagSync); }},
    {"path_open_rsync_needs_fd_sync", Kind::Dir, 0, abi::kRightFdSync, nullptr,
     [](T& t, uint32_t fd) { return t.path_open_at(fd, "f.txt", 0, abi::kRightFdRead, 0, abi::kFdflagRsync); }},
    {"path_create_directory", Kind::Dir, abi::kRightPathCreateDirectory, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_create_directory(*t.ctx, t.m.mem(), fd, T::kPath, t.path1("newdir"));
     }},
    {"path_filestat_get", Kind::Dir, abi::kRightPathFilestatGet, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_filestat_get(*t.ctx, t.m.mem(), fd, 0, T::kPath, t.path1("f.txt"), T::kOut);
     }},
    {"path_filestat_set_times", Kind::Dir, abi::kRightPathFilestatSetTimes, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_filestat_set_times(*t.ctx, t.m.mem(), fd, 0, T::kPath, t.path1("f.txt"), 0,
                                             1000000000ull, abi::kFstMtim);
     }},
    {"path_link_source", Kind::Dir, abi::kRightPathLinkSource, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_link(*t.ctx, t.m.mem(), fd, 0, T::kPath, t.path1("f.txt"), T::kPreopen, T::kPath2,
                               t.path2("linked"));
     }},
    {"path_link_target", Kind::Dir, abi::kRightPathLinkTarget, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_link(*t.ctx, t.m.mem(), T::kPreopen, 0, T::kPath, t.path1("file.txt"), fd, T::kPath2,
                               t.path2("linked"));
     }},
    {"path_readlink", Kind::Dir, abi::kRightPathReadlink, 0,
     [](T& t) { t.symlink_in_sandbox("f.txt", "work/sl"); },
     [](T& t, uint32_t fd) {
       return calls::path_readlink(*t.ctx, t.m.mem(), fd, T::kPath, t.path1("sl"), T::kData, 64, T::kOut);
     }},
    {"path_remove_directory", Kind::Dir, abi::kRightPathRemoveDirectory, 0,
     [](T& t) { ASSERT_EQ(::mkdir((t.sandbox + "/work/sub").c_str(), 0755), 0); },
     [](T& t, uint32_t fd) {
       return calls::path_remove_directory(*t.ctx, t.m.mem(), fd, T::kPath, t.path1("sub"));
     }},
    {"path_rename_source", Kind::Dir, abi::kRightPathRenameSource, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_rename(*t.ctx, t.m.mem(), fd, T::kPath, t.path1("f.txt"), T::kPreopen, T::kPath2,
                                 t.path2("moved.txt"));
     }},
    {"path_rename_target", Kind::Dir, abi::kRightPathRenameTarget, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_rename(*t.ctx, t.m.mem(), T::kPreopen, T::kPath, t.path1("file.txt"), fd, T::kPath2,
                                 t.path2("moved.txt"));
     }},
    {"path_symlink", Kind::Dir, abi::kRightPathSymlink, 0, nullptr,
     [](T& t, uint32_t fd) {
       return calls::path_symlink(*t.ctx, t.m.mem(), T::kPath, t.path1("f.txt"), fd, T::kPath2, t.path2("sl"));
     }},
    {"path_unlink_file", Kind::Dir, abi::kRightPathUnlinkFile, 0,
     [](T& t) { write_file(t.sandbox + "/work/victim", "x"); },
     [](T& t, uint32_t fd) { return calls::path_unlink_file(*t.ctx, t.m.mem(), fd, T::kPath, t.path1("victim")); }},

    // ---- sockets
    {"sock_recv", Kind::Socket, abi::kRightFdRead, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::sock_recv(*t.ctx, t.m.mem(), fd, t.iov(16), 1, 0, T::kOut, T::kOut + 4); }},
    {"sock_send", Kind::Socket, abi::kRightFdWrite, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::sock_send(*t.ctx, t.m.mem(), fd, t.iov(4), 1, 0, T::kOut); }},
    {"sock_shutdown", Kind::Socket, abi::kRightSockShutdown, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::sock_shutdown(*t.ctx, t.m.mem(), fd, abi::kSdflagWr); }},
    {"sock_accept", Kind::Listener, abi::kRightSockAccept, 0, nullptr,
     [](T& t, uint32_t fd) { return calls::sock_accept(*t.ctx, t.m.mem(), fd, 0, T::kOut); }},
};

INSTANTIATE_TEST_SUITE_P(Witx, RightsTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<RightsCase>& info) { return std::string(info.param.name); });

using RightsRulesTest = SandboxTest;

// FD_SEEK implies FD_TELL; FD_TELL alone reads the position but does not move it.
TEST_F(RightsRulesTest, TellWithoutSeek) {
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, true, abi::kRightFdRead | abi::kRightFdTell, 0, &fd), Errno::Success);
  EXPECT_EQ(calls::fd_tell(*ctx, m.mem(), fd, kOut), Errno::Success);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 0, abi::kWhenceCur, kOut), Errno::Success);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 1, abi::kWhenceCur, kOut), Errno::NotCapable);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 0, abi::kWhenceSet, kOut), Errno::NotCapable);
  EXPECT_EQ(calls::fd_seek(*ctx, m.mem(), fd, 0, abi::kWhenceEnd, kOut), Errno::NotCapable);
}

// Calls the witx ties to no right work on a descriptor with none.
TEST_F(RightsRulesTest, CallsThatNeedNoRights) {
  uint32_t fd = 0, other = 0;
  ASSERT_EQ(open("hello.txt", 0, true, 0, 0, &fd), Errno::Success);
  ASSERT_EQ(open("dir/inner.txt", 0, true, 0, 0, &other), Errno::Success);
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, kOut), Errno::Success);
  EXPECT_EQ(m.u64(kOut + 8), 0u);  // rights_base
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), fd, 0, 0), Errno::Success);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), fd, abi::kRightFdRead, 0), Errno::NotCapable);
  EXPECT_EQ(calls::fd_renumber(*ctx, m.mem(), fd, other), Errno::Success);
  EXPECT_EQ(calls::fd_close(*ctx, m.mem(), other), Errno::Success);
  // The preopen's prestat needs no right either, even with all its rights dropped.
  ASSERT_EQ(calls::fd_fdstat_set_rights(*ctx, m.mem(), kPreopen, 0, 0), Errno::Success);
  EXPECT_EQ(calls::fd_prestat_get(*ctx, m.mem(), kPreopen, kOut), Errno::Success);
  EXPECT_EQ(calls::fd_prestat_dir_name(*ctx, m.mem(), kPreopen, kBuf, 8), Errno::Success);
}

// The kind of descriptor is checked before its rights: ENOTDIR for a path call on a file, ENOTSOCK
// for a socket call on a file (both descriptors lack those rights too).
TEST_F(RightsRulesTest, WrongKindOfDescriptorBeforeMissingRights) {
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, true, abi::kRightFdRead, 0, &fd), Errno::Success);
  uint32_t len = m.put(kPath, "x");
  EXPECT_EQ(calls::path_create_directory(*ctx, m.mem(), fd, kPath, len), Errno::NotDir);
  EXPECT_EQ(calls::path_open(*ctx, m.mem(), fd, 0, kPath, len, 0, 0, 0, 0, kOut), Errno::NotDir);
  EXPECT_EQ(calls::sock_shutdown(*ctx, m.mem(), fd, abi::kSdflagWr), Errno::NotSock);
  EXPECT_EQ(calls::path_create_directory(*ctx, m.mem(), 999, kPath, len), Errno::Badf);
}

// Rights of a new descriptor: the requested base rights, limited to what its file type supports;
// the requested inheriting rights as given.
TEST_F(RightsRulesTest, OpenedDescriptorGetsTheRequestedRights) {
  uint32_t fd = 0;
  uint64_t asked = abi::kRightFdRead | abi::kRightFdSeek | abi::kRightPathOpen;  // PATH_OPEN: not for files
  uint32_t len = m.put(kPath, "hello.txt");
  ASSERT_EQ(calls::path_open(*ctx, m.mem(), kPreopen, 0, kPath, len, 0, asked, abi::kRightFdRead, 0, kOut),
            Errno::Success);
  fd = m.u32(kOut);
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, m.mem(), fd, kOut), Errno::Success);
  EXPECT_EQ(m.u64(kOut + 8), abi::kRightFdRead | abi::kRightFdSeek);
  EXPECT_EQ(m.u64(kOut + 16), abi::kRightFdRead);
}

}  // namespace
}  // namespace wasi_test

// Randomised hostile path operations (fixed seeds, so failures reproduce): thousands of path_*
// calls built from "..", ".", absolute parts and symlinks that point up, out, to "/" or to
// themselves. Beyond the canary fingerprint, inotify proves that nothing outside the sandbox was
// even opened (stat calls are not visible to inotify; the resolver never issues them outside
// because every lookup is relative to a directory it holds inside the sandbox).
#include <poll.h>
#include <sys/inotify.h>

#include <random>

#include "wasi_test_util.h"

namespace wasi_test {
namespace {

namespace abi = wasmvm::wasi::abi;
namespace calls = wasmvm::wasi::calls;

class SandboxFuzzTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    symlink_in_sandbox("..", "up");
    symlink_in_sandbox("/", "abs");
    symlink_in_sandbox("dir/..", "dd");
    symlink_in_sandbox("dir/../../canary", "esc");
    symlink_in_sandbox("loop", "loop");
    symlink_in_sandbox("dir/../up/canary/secret.txt", "chain");
    inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ASSERT_GE(inotify_fd, 0);
    canary_wd = ::inotify_add_watch(inotify_fd, canary.c_str(), IN_ALL_EVENTS);
    sub_wd = ::inotify_add_watch(inotify_fd, (canary + "/sub").c_str(), IN_ALL_EVENTS);
    root_wd = ::inotify_add_watch(inotify_fd, root.c_str(), IN_ALL_EVENTS);
    ASSERT_GE(canary_wd, 0);
    ASSERT_GE(sub_wd, 0);
    ASSERT_GE(root_wd, 0);
  }

  // Events outside the sandbox. The root watch also reports the sandbox directory itself
  // (as child "sandbox"), which is allowed.
  std::vector<std::string> outside_events() {
    std::vector<std::string> bad;
    alignas(struct inotify_event) char buf[65536];
    for (;;) {
      ssize_t n = ::read(inotify_fd, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        auto* ev = reinterpret_cast<struct inotify_event*>(buf + at);
        std::string name = ev->len ? std::string(ev->name) : std::string();
        bool allowed = ev->wd == root_wd && name == "sandbox";
        if (!allowed) bad.push_back("wd " + std::to_string(ev->wd) + " mask " + std::to_string(ev->mask) + " '" + name + "'");
        at += ssize_t(sizeof(struct inotify_event) + ev->len);
      }
    }
    return bad;
  }

  void TearDown() override {
    ::close(inotify_fd);
    SandboxTest::TearDown();
  }

  std::string random_path(std::mt19937& rng) {
    static const char* const kParts[] = {"..", ".", "", "dir", "up", "abs", "dd", "esc", "loop", "chain",
                                         "hello.txt", "new", "canary", "secret.txt", "sub", "x", "dir/inner.txt"};
    std::uniform_int_distribution<int> count(1, 6), pick(0, int(std::size(kParts)) - 1), coin(0, 9);
    std::string p = coin(rng) == 0 ? "/" : "";
    int n = count(rng);
    for (int i = 0; i < n; i++) {
      if (i) p += "/";
      p += kParts[pick(rng)];
    }
    if (coin(rng) == 0) p += "/";
    return p;
  }

  int inotify_fd = -1, canary_wd = -1, sub_wd = -1, root_wd = -1;
};

TEST_F(SandboxFuzzTest, RandomHostilePathOperationsStayInside) {
  for (uint32_t seed = 1; seed <= 4; seed++) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> op(0, 10);
    for (int i = 0; i < 1500; i++) {
      std::string a = random_path(rng), b = random_path(rng);
      uint32_t la = m.put(kPath, a), lb = m.put(kPath2, b);
      const uint32_t follow = (i & 1) ? abi::kLookupSymlinkFollow : 0;
      switch (op(rng)) {
        case 0:
          (void)calls::path_open(*ctx, m.mem(), kPreopen, follow, kPath, la, abi::kOflagCreat | (i & 2 ? abi::kOflagTrunc : 0),
                                 abi::kRightFdWrite, 0, 0, kOut);
          break;
        case 1:
          (void)calls::path_open(*ctx, m.mem(), kPreopen, follow, kPath, la, (i & 2) ? abi::kOflagDirectory : 0,
                                 abi::kRightFdRead | abi::kRightFdReaddir, 0, 0, kOut);
          break;
        case 2: (void)calls::path_create_directory(*ctx, m.mem(), kPreopen, kPath, la); break;
        case 3: (void)calls::path_unlink_file(*ctx, m.mem(), kPreopen, kPath, la); break;
        case 4: (void)calls::path_remove_directory(*ctx, m.mem(), kPreopen, kPath, la); break;
        case 5: (void)calls::path_rename(*ctx, m.mem(), kPreopen, kPath, la, kPreopen, kPath2, lb); break;
        case 6: (void)calls::path_symlink(*ctx, m.mem(), kPath, la, kPreopen, kPath2, lb); break;
        case 7: (void)calls::path_link(*ctx, m.mem(), kPreopen, follow, kPath, la, kPreopen, kPath2, lb); break;
        case 8: (void)calls::path_filestat_get(*ctx, m.mem(), kPreopen, follow, kPath, la, kOut); break;
        case 9:
          (void)calls::path_filestat_set_times(*ctx, m.mem(), kPreopen, follow, kPath, la, 0, 5, abi::kFstMtim);
          break;
        case 10: {
          std::string target;
          (void)calls::path_readlink(*ctx, m.mem(), kPreopen, kPath, la, kBuf, 64, kOut);
          break;
        }
      }
      // Close whatever got opened so descriptors do not pile up.
      for (uint32_t fd = 4; fd < ctx->fds.capacity(); fd++) (void)calls::fd_close(*ctx, m.mem(), fd);
    }
  }
  auto bad = outside_events();  // before our own listing below opens the root
  EXPECT_TRUE(bad.empty()) << bad.size() << " filesystem events outside the sandbox, first: " << bad.front();
  // The root of the scratch tree holds exactly what SetUp created.
  std::set<std::string> names;
  DIR* d = ::opendir(root.c_str());
  ASSERT_NE(d, nullptr);
  while (struct dirent* e = ::readdir(d)) names.insert(e->d_name);
  ::closedir(d);
  EXPECT_EQ(names, (std::set<std::string>{".", "..", "sandbox", "canary", "outside.txt"}));
}

}  // namespace
}  // namespace wasi_test

// Shared helpers for the WASI unit tests: a scratch directory tree with a sandbox (preopened) and a
// canary directory beside it that must never change, and a guest memory backed by a vector.
#pragma once
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/context.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi.h"

namespace wasmvm::wasi {
// Readable gtest output: "ENOTCAPABLE" instead of a byte dump.
inline void PrintTo(Errno e, std::ostream* os) { *os << errno_name(e); }
}  // namespace wasmvm::wasi

namespace wasi_test {

using wasmvm::wasi::Errno;

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

inline bool exists_nofollow(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// Recursive fingerprint of a directory: names, types, sizes, mtimes (ns) and file contents.
inline std::string fingerprint(const std::string& dir) {
  std::map<std::string, std::string> items;
  std::vector<std::string> todo{""};
  while (!todo.empty()) {
    std::string rel = todo.back();
    todo.pop_back();
    std::string full = dir + rel;
    struct stat st;
    if (::lstat(full.c_str(), &st) != 0) continue;
    std::ostringstream o;
    o << st.st_mode << ":" << st.st_size << ":" << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
    if (S_ISREG(st.st_mode)) o << ":" << read_file(full);
    items[rel.empty() ? "." : rel] = o.str();
    if (S_ISDIR(st.st_mode)) {
      DIR* d = ::opendir(full.c_str());
      if (!d) continue;
      while (struct dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") todo.push_back(rel + "/" + n);
      }
      ::closedir(d);
    }
  }
  std::string out;
  for (auto& [k, v] : items) out += k + "=" + v + "\n";
  return out;
}

inline void remove_tree(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    ::chmod(path.c_str(), 0700);
    if (DIR* d = ::opendir(path.c_str())) {
      std::vector<std::string> names;
      while (struct dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      ::closedir(d);
      for (auto& n : names) remove_tree(path + "/" + n);
    }
    ::rmdir(path.c_str());
  } else {
    ::unlink(path.c_str());
  }
}

// Guest linear memory for calling the WASI functions directly.
struct TestMemory {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(1 << 16, 0);
  wasmvm::wasi::GuestMemory mem() { return wasmvm::wasi::GuestMemory(bytes.data(), bytes.size()); }
  uint32_t put(uint32_t addr, const std::string& s) {
    std::memcpy(bytes.data() + addr, s.data(), s.size());
    return uint32_t(s.size());
  }
  uint32_t u32(uint32_t addr) const {
    uint32_t v;
    std::memcpy(&v, bytes.data() + addr, 4);
    return v;
  }
  uint64_t u64(uint32_t addr) const {
    uint64_t v;
    std::memcpy(&v, bytes.data() + addr, 8);
    return v;
  }
  void set_u32(uint32_t addr, uint32_t v) { std::memcpy(bytes.data() + addr, &v, 4); }
  std::string str(uint32_t addr, uint32_t len) const {
    return std::string(reinterpret_cast<const char*>(bytes.data() + addr), len);
  }
};

// A scratch tree:  <root>/sandbox (preopened as guest fd 3) and <root>/canary (outside).
class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmvm-wasi-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root = tmpl;
    sandbox = root + "/sandbox";
    canary = root + "/canary";
    ASSERT_EQ(::mkdir(sandbox.c_str(), 0755), 0);
    ASSERT_EQ(::mkdir(canary.c_str(), 0755), 0);
    write_file(canary + "/secret.txt", "do not touch");
    ASSERT_EQ(::mkdir((canary + "/sub").c_str(), 0755), 0);
    write_file(root + "/outside.txt", "outside");
    write_file(sandbox + "/hello.txt", "hello world");
    ASSERT_EQ(::mkdir((sandbox + "/dir").c_str(), 0755), 0);
    write_file(sandbox + "/dir/inner.txt", "inner");
    canary_before = fingerprint(canary);
    outside_before = read_file(root + "/outside.txt");

    wasmvm::wasi::Config cfg;
    cfg.args = {"prog", "arg1"};
    cfg.preopens.push_back({sandbox, "/sandbox"});
    auto r = wasmvm::wasi::create_context(cfg);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ctx = r.value();
  }

  void TearDown() override {
    // Nothing outside the preopen may have been created, modified or removed.
    EXPECT_EQ(fingerprint(canary), canary_before);
    EXPECT_EQ(read_file(root + "/outside.txt"), outside_before);
    ctx.reset();
    remove_tree(root);
  }

  void symlink_in_sandbox(const std::string& target, const std::string& name) {
    ASSERT_EQ(::symlink(target.c_str(), (sandbox + "/" + name).c_str()), 0) << name;
  }

  // Calls that take a guest path: the path is placed at kPath.
  static constexpr uint32_t kPath = 1024, kPath2 = 8192, kOut = 256, kBuf = 16384;
  static constexpr uint32_t kPreopen = 3;

  Errno open(const std::string& path, uint32_t oflags = 0, bool follow = true,
             uint64_t rights = wasmvm::wasi::abi::kRightFdRead, uint32_t fdflags = 0, uint32_t* fd = nullptr) {
    uint32_t len = m.put(kPath, path);
    Errno e = wasmvm::wasi::calls::path_open(*ctx, m.mem(), kPreopen,
                                             follow ? wasmvm::wasi::abi::kLookupSymlinkFollow : 0, kPath, len,
                                             oflags, rights, 0, fdflags, kOut);
    if (fd && e == Errno::Success) *fd = m.u32(kOut);
    return e;
  }
  Errno stat_path(const std::string& path, bool follow = true) {
    uint32_t len = m.put(kPath, path);
    return wasmvm::wasi::calls::path_filestat_get(*ctx, m.mem(), kPreopen,
                                                  follow ? wasmvm::wasi::abi::kLookupSymlinkFollow : 0, kPath, len,
                                                  kOut);
  }
  Errno mkdir(const std::string& path) {
    uint32_t len = m.put(kPath, path);
    return wasmvm::wasi::calls::path_create_directory(*ctx, m.mem(), kPreopen, kPath, len);
  }
  Errno unlink(const std::string& path) {
    uint32_t len = m.put(kPath, path);
    return wasmvm::wasi::calls::path_unlink_file(*ctx, m.mem(), kPreopen, kPath, len);
  }
  Errno rmdir(const std::string& path) {
    uint32_t len = m.put(kPath, path);
    return wasmvm::wasi::calls::path_remove_directory(*ctx, m.mem(), kPreopen, kPath, len);
  }
  Errno rename(const std::string& from, const std::string& to) {
    uint32_t l1 = m.put(kPath, from), l2 = m.put(kPath2, to);
    return wasmvm::wasi::calls::path_rename(*ctx, m.mem(), kPreopen, kPath, l1, kPreopen, kPath2, l2);
  }
  Errno symlink(const std::string& target, const std::string& path) {
    uint32_t l1 = m.put(kPath, target), l2 = m.put(kPath2, path);
    return wasmvm::wasi::calls::path_symlink(*ctx, m.mem(), kPath, l1, kPreopen, kPath2, l2);
  }
  Errno link(const std::string& from, const std::string& to, bool follow = false) {
    uint32_t l1 = m.put(kPath, from), l2 = m.put(kPath2, to);
    return wasmvm::wasi::calls::path_link(*ctx, m.mem(), kPreopen, follow ? wasmvm::wasi::abi::kLookupSymlinkFollow : 0,
                                          kPath, l1, kPreopen, kPath2, l2);
  }
  Errno readlink(const std::string& path, uint32_t buf_len, std::string* out) {
    uint32_t len = m.put(kPath, path);
    Errno e = wasmvm::wasi::calls::path_readlink(*ctx, m.mem(), kPreopen, kPath, len, kBuf, buf_len, kOut);
    if (e == Errno::Success) *out = m.str(kBuf, m.u32(kOut));
    return e;
  }
  Errno set_times(const std::string& path, bool follow) {
    uint32_t len = m.put(kPath, path);
    return wasmvm::wasi::calls::path_filestat_set_times(
        *ctx, m.mem(), kPreopen, follow ? wasmvm::wasi::abi::kLookupSymlinkFollow : 0, kPath, len, 0,
        1000000000ull, wasmvm::wasi::abi::kFstMtim);
  }

  std::string root, sandbox, canary, canary_before, outside_before;
  std::shared_ptr<wasmvm::wasi::Context> ctx;
  TestMemory m;
};

}  // namespace wasi_test

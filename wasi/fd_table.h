// The guest's file descriptor table: guest fd numbers -> host descriptors plus WASI metadata.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasi/errno.h"

namespace wasmvm::wasi {

// Owns a host file descriptor (closed on destruction), or borrows one (stdio): a borrowed
// descriptor is never closed, and its status flags (O_APPEND/O_NONBLOCK, which the guest may
// change with fd_fdstat_set_flags and which are shared with the host process, e.g. a terminal)
// are restored when the guest lets go of it.
class HostFd {
 public:
  HostFd() = default;
  explicit HostFd(int fd) : fd_(fd) {}
  static HostFd borrowed(int fd);
  HostFd(HostFd&& o) noexcept : fd_(o.fd_), owned_(o.owned_), saved_flags_(o.saved_flags_) { o.fd_ = -1; }
  HostFd& operator=(HostFd&& o) noexcept;
  HostFd(const HostFd&) = delete;
  HostFd& operator=(const HostFd&) = delete;
  ~HostFd() { reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
  bool owned_ = true;
  int saved_flags_ = -1;  // borrowed only: F_GETFL value to restore
};

// One directory entry as fd_readdir reports it (snapshot taken when reading from cookie 0).
struct DirEntryInfo {
  std::string name;
  uint64_t ino = 0;
  uint8_t filetype = 0;
};

struct FdEntry {
  HostFd host;
  uint8_t filetype = 0;        // abi::kFiletype*
  uint16_t fdflags = 0;        // abi::kFdflag* as requested at open / set_flags
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  bool is_preopen = false;
  std::string preopen_name;    // guest path of a preopened directory
  std::vector<DirEntryInfo> dir_snapshot;  // fd_readdir state
  bool dir_snapshot_valid = false;
};

class FdTable {
 public:
  static constexpr uint32_t kMaxFds = 16384;

  // nullptr if `fd` is not open.
  FdEntry* get(uint32_t fd);
  const FdEntry* get(uint32_t fd) const;
  // Places the entry at the lowest free number; EMFILE when full.
  Errno insert(std::unique_ptr<FdEntry> entry, uint32_t* fd_out);
  // Places the entry exactly at `fd` (used for stdio/preopens during setup).
  void insert_at(uint32_t fd, std::unique_ptr<FdEntry> entry);
  Errno close(uint32_t fd);
  // Moves `from` onto `to` (closing what was at `to`); both must be open (EBADF otherwise).
  Errno renumber(uint32_t from, uint32_t to);
  uint32_t capacity() const { return uint32_t(slots_.size()); }

 private:
  std::vector<std::unique_ptr<FdEntry>> slots_;
};

}  // namespace wasmvm::wasi

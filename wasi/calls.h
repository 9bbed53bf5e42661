// The wasi_snapshot_preview1 calls as plain functions over (Context, GuestMemory), so they can be
// unit-tested without a VM. Parameters mirror the wasm signature (pointers are guest addresses);
// each returns the WASI errno. wasi/linker.cpp binds them to the import names.
#pragma once
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include <cstdint>
#include <vector>

#include "wasi/context.h"
#include "wasi/errno.h"
#include "wasi/guest_memory.h"

namespace wasmvm::wasi::calls {

using Mem = const GuestMemory&;

// ---- args, environment, clocks, random, process (calls_misc.cpp)
Errno args_sizes_get(Context&, Mem, uint32_t argc_ptr, uint32_t buf_size_ptr);
Errno args_get(Context&, Mem, uint32_t argv_ptr, uint32_t buf_ptr);
Errno environ_sizes_get(Context&, Mem, uint32_t count_ptr, uint32_t buf_size_ptr);
Errno environ_get(Context&, Mem, uint32_t environ_ptr, uint32_t buf_ptr);
Errno clock_res_get(Context&, Mem, uint32_t clock_id, uint32_t res_ptr);
Errno clock_time_get(Context&, Mem, uint32_t clock_id, uint64_t precision, uint32_t time_ptr);
Errno random_get(Context&, Mem, uint32_t buf, uint32_t len);
Errno sched_yield(Context&, Mem);
Errno proc_raise(Context&, Mem, uint32_t sig);
Errno poll_oneoff(Context&, Mem, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_ptr);

// ---- file descriptors (calls_fd.cpp)
Errno fd_advise(Context&, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(Context&, Mem, uint32_t fd, uint64_t offset, uint64_t len);
Errno fd_close(Context&, Mem, uint32_t fd);
Errno fd_datasync(Context&, Mem, uint32_t fd);
Errno fd_sync(Context&, Mem, uint32_t fd);
Errno fd_fdstat_get(Context&, Mem, uint32_t fd, uint32_t stat_ptr);
Errno fd_fdstat_set_flags(Context&, Mem, uint32_t fd, uint32_t flags);
Errno fd_fdstat_set_rights(Context&, Mem, uint32_t fd, uint64_t base, uint64_t inheriting);
Errno fd_filestat_get(Context&, Mem, uint32_t fd, uint32_t stat_ptr);
Errno fd_filestat_set_size(Context&, Mem, uint32_t fd, uint64_t size);
Errno fd_filestat_set_times(Context&, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno fd_pread(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_ptr);
Errno fd_pwrite(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nwritten_ptr);
Errno fd_read(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_ptr);
Errno fd_write(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_ptr);
Errno fd_prestat_get(Context&, Mem, uint32_t fd, uint32_t prestat_ptr);
Errno fd_prestat_dir_name(Context&, Mem, uint32_t fd, uint32_t path_ptr, uint32_t path_len);
Errno fd_readdir(Context&, Mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_ptr);
Errno fd_renumber(Context&, Mem, uint32_t from, uint32_t to);
Errno fd_seek(Context&, Mem, uint32_t fd, int64_t offset, uint32_t whence, uint32_t newoffset_ptr);
Errno fd_tell(Context&, Mem, uint32_t fd, uint32_t offset_ptr);

// ---- paths (calls_path.cpp)
Errno path_create_directory(Context&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_filestat_get(Context&, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint32_t stat_ptr);
Errno path_filestat_set_times(Context&, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                              uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_link(Context&, Mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len,
                uint32_t new_fd, uint32_t new_path, uint32_t new_len);
Errno path_open(Context&, Mem, uint32_t dirfd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t fd_ptr);
Errno path_readlink(Context&, Mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_ptr);
Errno path_remove_directory(Context&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_rename(Context&, Mem, uint32_t old_fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_len);
Errno path_symlink(Context&, Mem, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_len);
Errno path_unlink_file(Context&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);

// ---- sockets (calls_misc.cpp): only descriptors that are host sockets qualify
Errno sock_accept(Context&, Mem, uint32_t fd, uint32_t flags, uint32_t fd_ptr);
Errno sock_recv(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ri_flags,
                uint32_t nread_ptr, uint32_t roflags_ptr);
Errno sock_send(Context&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t si_flags,
                uint32_t nwritten_ptr);
Errno sock_shutdown(Context&, Mem, uint32_t fd, uint32_t how);

// ---- shared helpers (calls_fd.cpp)
// Host iovecs for one call: a few inline (the usual printf/fwrite case: no allocation per call),
// more on the heap.
class IovecList {
 public:
  void clear() { size_ = 0; heap_.clear(); }
  void push_back(const struct iovec& v) {
    if (size_ < kInline) inline_[size_] = v;
    else {
      if (heap_.empty()) heap_.assign(inline_, inline_ + kInline);
      heap_.push_back(v);
    }
    size_++;
  }
  struct iovec* data() { return size_ <= kInline ? inline_ : heap_.data(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  static constexpr size_t kInline = 8;
  struct iovec inline_[kInline];
  std::vector<struct iovec> heap_;
  size_t size_ = 0;
};

// Gathers guest iovecs into host iovecs (at most IOV_MAX; a short transfer is allowed by POSIX);
// zero-length buffers are skipped. EFAULT if the array or any buffer lies outside memory.
Errno gather_iovecs(Mem, uint32_t iovs, uint32_t iovs_len, IovecList* out);
Errno fill_filestat(Mem, uint32_t ptr, const struct stat& st);
// Converts (atim, mtim, fst_flags) to the utimensat/futimens pair; EINVAL on contradictory flags.
Errno make_timespecs(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec out[2]);
// The open entry for `fd` carrying all of `rights` (EBADF if not open, ENOTCAPABLE if lacking).
Errno lookup_fd(Context&, uint32_t fd, uint64_t rights, FdEntry** out);

}  // namespace wasmvm::wasi::calls

// fd_* calls: reading, writing, seeking, metadata and directory listing on open descriptors.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "wasi/abi.h"
#include "wasi/calls.h"

namespace wasmvm::wasi::calls {
namespace {

Errno host_error() { return errno_from_host(errno); }

constexpr uint64_t kMaxHostOffset = uint64_t(INT64_MAX);

uint8_t filetype_from_dirent_type(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return abi::kFiletypeRegularFile;
    case DT_DIR: return abi::kFiletypeDirectory;
    case DT_CHR: return abi::kFiletypeCharacterDevice;
    case DT_BLK: return abi::kFiletypeBlockDevice;
    case DT_LNK: return abi::kFiletypeSymbolicLink;
    case DT_SOCK: return abi::kFiletypeSocketStream;
    default: return abi::kFiletypeUnknown;
  }
}

// Reads the whole directory once (from a fresh descriptor, so the shared offset is untouched).
Errno snapshot_directory(FdEntry& e) {
  int fd = ::openat(e.host.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return host_error();
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    Errno err = host_error();
    ::close(fd);
    return err;
  }
  e.dir_snapshot.clear();
  errno = 0;
  while (struct dirent* d = ::readdir(dir)) {
    DirEntryInfo info;
    info.name = d->d_name;
    info.ino = d->d_ino;
    info.filetype = filetype_from_dirent_type(d->d_type);
    if (d->d_type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(::dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        info.filetype = filetype_from_mode(st.st_mode);
    }
    e.dir_snapshot.push_back(std::move(info));
    errno = 0;
  }
  Errno err = errno ? host_error() : Errno::Success;
  ::closedir(dir);
  e.dir_snapshot_valid = err == Errno::Success;
  return err;
}

uint16_t live_fdflags(const FdEntry& e) {
  uint16_t flags = e.fdflags & (abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync);
  int fl = ::fcntl(e.host.get(), F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) flags |= abi::kFdflagAppend;
    if (fl & O_NONBLOCK) flags |= abi::kFdflagNonblock;
  } else {
    flags |= e.fdflags & (abi::kFdflagAppend | abi::kFdflagNonblock);
  }
  return flags;
}

}  // namespace

Errno lookup_fd(Context& ctx, uint32_t fd, uint64_t rights, FdEntry** out) {
  FdEntry* e = ctx.fds.get(fd);
  if (!e) return Errno::Badf;
  if ((e->rights_base & rights) != rights) return Errno::NotCapable;
  *out = e;
  return Errno::Success;
}

Errno gather_iovecs(Mem mem, uint32_t iovs, uint32_t iovs_len, IovecList* out) {
  if (!mem.in_bounds(iovs, uint64_t(iovs_len) * abi::kIovecSize)) return Errno::Fault;
  uint32_t count = std::min<uint32_t>(iovs_len, IOV_MAX);
  out->clear();
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t* p = mem.at(uint64_t(iovs) + uint64_t(i) * abi::kIovecSize);
    uint32_t buf = get_u32(p), len = get_u32(p + 4);
    if (!mem.in_bounds(buf, len)) return Errno::Fault;
    if (len == 0) continue;
    out->push_back({mem.at(buf), len});
  }
  return Errno::Success;
}

Errno fill_filestat(Mem mem, uint32_t ptr, const struct stat& st) {
  uint8_t b[abi::kFilestatSize] = {};
  put_u64(b + 0, uint64_t(st.st_dev));
  put_u64(b + 8, uint64_t(st.st_ino));
  put_u8(b + 16, filetype_from_mode(st.st_mode));
  put_u64(b + 24, uint64_t(st.st_nlink));
  put_u64(b + 32, uint64_t(st.st_size));
  auto ns = [](const struct timespec& t) { return uint64_t(t.tv_sec) * 1000000000ull + uint64_t(t.tv_nsec); };
  put_u64(b + 40, ns(st.st_atim));
  put_u64(b + 48, ns(st.st_mtim));
  put_u64(b + 56, ns(st.st_ctim));
  return mem.write_bytes(ptr, b, sizeof b) ? Errno::Success : Errno::Fault;
}

Errno make_timespecs(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec out[2]) {
  if (fst & ~uint32_t(0xF)) return Errno::Inval;
  if ((fst & abi::kFstAtim) && (fst & abi::kFstAtimNow)) return Errno::Inval;
  if ((fst & abi::kFstMtim) && (fst & abi::kFstMtimNow)) return Errno::Inval;
  auto set = [](struct timespec& t, uint64_t ns, bool given, bool now) {
    if (now) { t.tv_sec = 0; t.tv_nsec = UTIME_NOW; }
    else if (given) { t.tv_sec = time_t(ns / 1000000000ull); t.tv_nsec = long(ns % 1000000000ull); }
    else { t.tv_sec = 0; t.tv_nsec = UTIME_OMIT; }
  };
  set(out[0], atim, fst & abi::kFstAtim, fst & abi::kFstAtimNow);
  set(out[1], mtim, fst & abi::kFstMtim, fst & abi::kFstMtimNow);
  return Errno::Success;
}

Errno fd_advise(Context& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdAdvise, &e); r != Errno::Success) return r;
  if (advice > abi::kAdviceNoreuse || offset > kMaxHostOffset || len > kMaxHostOffset) return Errno::Inval;
  if (e->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  static const int kHostAdvice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  int rc = ::posix_fadvise(e->host.get(), off_t(offset), off_t(len), kHostAdvice[advice]);
  return errno_from_host(rc);
}

Errno fd_allocate(Context& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdAllocate, &e); r != Errno::Success) return r;
  if (offset > kMaxHostOffset || len > kMaxHostOffset || offset + len > kMaxHostOffset) return Errno::Inval;
  if (e->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  return errno_from_host(::posix_fallocate(e->host.get(), off_t(offset), off_t(len)));
}

Errno fd_close(Context& ctx, Mem, uint32_t fd) { return ctx.fds.close(fd); }

Errno fd_datasync(Context& ctx, Mem, uint32_t fd) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdDatasync, &e); r != Errno::Success) return r;
  return ::fdatasync(e->host.get()) == 0 ? Errno::Success : host_error();
}

Errno fd_sync(Context& ctx, Mem, uint32_t fd) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdSync, &e); r != Errno::Success) return r;
  return ::fsync(e->host.get()) == 0 ? Errno::Success : host_error();
}

Errno fd_fdstat_get(Context& ctx, Mem mem, uint32_t fd, uint32_t stat_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  uint8_t b[abi::kFdstatSize] = {};
  put_u8(b + 0, e->filetype);
  put_u16(b + 2, live_fdflags(*e));
  put_u64(b + 8, e->rights_base);
  put_u64(b + 16, e->rights_inheriting);
  return mem.write_bytes(stat_ptr, b, sizeof b) ? Errno::Success : Errno::Fault;
}

Errno fd_fdstat_set_flags(Context& ctx, Mem, uint32_t fd, uint32_t flags) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdFdstatSetFlags, &e); r != Errno::Success) return r;
  if (flags & ~uint32_t(abi::kFdflagsAll)) return Errno::Inval;
  constexpr uint16_t kSyncFlags = abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync;
  // Linux cannot change O_SYNC/O_DSYNC on an open descriptor.
  if ((flags & kSyncFlags) != (e->fdflags & kSyncFlags)) return Errno::NotSup;
  int fl = ::fcntl(e->host.get(), F_GETFL);
  if (fl < 0) return host_error();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & abi::kFdflagAppend) fl |= O_APPEND;
  if (flags & abi::kFdflagNonblock) fl |= O_NONBLOCK;
  if (::fcntl(e->host.get(), F_SETFL, fl) != 0) return host_error();
  e->fdflags = uint16_t(flags);
  return Errno::Success;
}

Errno fd_fdstat_set_rights(Context& ctx, Mem, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  // Rights can only be dropped, never gained.
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) return Errno::NotCapable;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(Context& ctx, Mem mem, uint32_t fd, uint32_t stat_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdFilestatGet, &e); r != Errno::Success) return r;
  if (!mem.in_bounds(stat_ptr, abi::kFilestatSize)) return Errno::Fault;
  struct stat st;
  if (::fstat(e->host.get(), &st) != 0) return host_error();
  return fill_filestat(mem, stat_ptr, st);
}

Errno fd_filestat_set_size(Context& ctx, Mem, uint32_t fd, uint64_t size) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdFilestatSetSize, &e); r != Errno::Success) return r;
  if (size > kMaxHostOffset) return Errno::Inval;
  return ::ftruncate(e->host.get(), off_t(size)) == 0 ? Errno::Success : host_error();
}

Errno fd_filestat_set_times(Context& ctx, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdFilestatSetTimes, &e); r != Errno::Success) return r;
  struct timespec ts[2];
  if (Errno r = make_timespecs(atim, mtim, fst, ts); r != Errno::Success) return r;
  return ::futimens(e->host.get(), ts) == 0 ? Errno::Success : host_error();
}

Errno fd_pread(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nread_ptr) {
  FdEntry* e;
  // witx: FD_READ "includes the right to invoke fd_pread" only together with FD_SEEK.
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdRead | abi::kRightFdSeek, &e); r != Errno::Success) return r;
  if (offset > kMaxHostOffset) return Errno::Inval;
  if (!mem.in_bounds(nread_ptr, 4)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  ssize_t n = 0;
  if (!iov.empty()) {
    do n = ::preadv(e->host.get(), iov.data(), int(iov.size()), off_t(offset));
    while (n < 0 && errno == EINTR);
    if (n < 0) return host_error();
  }
  mem.store<uint32_t>(nread_ptr, uint32_t(n));
  return Errno::Success;
}

Errno fd_pwrite(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdWrite | abi::kRightFdSeek, &e); r != Errno::Success) return r;
  if (offset > kMaxHostOffset) return Errno::Inval;
  if (!mem.in_bounds(nwritten_ptr, 4)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  ssize_t n = 0;
  if (!iov.empty()) {
    do n = ::pwritev(e->host.get(), iov.data(), int(iov.size()), off_t(offset));
    while (n < 0 && errno == EINTR);
    if (n < 0) return host_error();
  }
  mem.store<uint32_t>(nwritten_ptr, uint32_t(n));
  return Errno::Success;
}

Errno fd_read(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdRead, &e); r != Errno::Success) return r;
  if (!mem.in_bounds(nread_ptr, 4)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  ssize_t n = 0;
  if (!iov.empty()) {
    do n = ::readv(e->host.get(), iov.data(), int(iov.size()));
    while (n < 0 && errno == EINTR);
    if (n < 0) return host_error();
  }
  mem.store<uint32_t>(nread_ptr, uint32_t(n));
  return Errno::Success;
}

Errno fd_write(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, abi::kRightFdWrite, &e); r != Errno::Success) return r;
  if (!mem.in_bounds(nwritten_ptr, 4)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  ssize_t n = 0;
  if (!iov.empty()) {
    do n = ::writev(e->host.get(), iov.data(), int(iov.size()));
    while (n < 0 && errno == EINTR);
    if (n < 0) return host_error();
  }
  mem.store<uint32_t>(nwritten_ptr, uint32_t(n));
  return Errno::Success;
}

Errno fd_prestat_get(Context& ctx, Mem mem, uint32_t fd, uint32_t prestat_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  if (!e->is_preopen) return Errno::Badf;
  uint8_t b[abi::kPrestatSize] = {};
  put_u8(b, abi::kPreopentypeDir);
  put_u32(b + 4, uint32_t(e->preopen_name.size()));
  return mem.write_bytes(prestat_ptr, b, sizeof b) ? Errno::Success : Errno::Fault;
}

Errno fd_prestat_dir_name(Context& ctx, Mem mem, uint32_t fd, uint32_t path_ptr, uint32_t path_len) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  if (!e->is_preopen) return Errno::Badf;
  if (path_len < e->preopen_name.size()) return Errno::NameTooLong;
  return mem.write_bytes(path_ptr, e->preopen_name.data(), e->preopen_name.size()) ? Errno::Success
                                                                                     : Errno::Fault;
}

Errno fd_readdir(Context& ctx, Mem mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                 uint32_t bufused_ptr) {
  FdEntry* e;
  // A file is ENOTDIR rather than ENOTCAPABLE (what fdopendir() should report); then the right.
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  if (e->filetype != abi::kFiletypeDirectory) return Errno::NotDir;
  if (!(e->rights_base & abi::kRightFdReaddir)) return Errno::NotCapable;
  if (!mem.in_bounds(buf, buf_len) || !mem.in_bounds(bufused_ptr, 4)) return Errno::Fault;
  // Cookie 0 starts a new listing (rewinddir); other cookies continue the last snapshot.
  if (cookie == 0 || !e->dir_snapshot_valid)
    if (Errno r = snapshot_directory(*e); r != Errno::Success) return r;
  uint32_t used = 0;
  // Entries are packed back to back; the last one is cut at buf_len (wasi-libc then retries
  // with a bigger buffer from that entry's cookie).
  for (uint64_t i = cookie; i < e->dir_snapshot.size() && used < buf_len; i++) {
    const DirEntryInfo& d = e->dir_snapshot[size_t(i)];
    uint8_t header[abi::kDirentSize] = {};
    put_u64(header + 0, i + 1);
    put_u64(header + 8, d.ino);
    put_u32(header + 16, uint32_t(d.name.size()));
    put_u8(header + 20, d.filetype);
    uint32_t n = std::min<uint32_t>(abi::kDirentSize, buf_len - used);
    std::memcpy(mem.at(uint64_t(buf) + used), header, n);
    used += n;
    n = std::min<uint32_t>(uint32_t(d.name.size()), buf_len - used);
    std::memcpy(mem.at(uint64_t(buf) + used), d.name.data(), n);
    used += n;
  }
  mem.store<uint32_t>(bufused_ptr, used);
  return Errno::Success;
}

Errno fd_renumber(Context& ctx, Mem, uint32_t from, uint32_t to) { return ctx.fds.renumber(from, to); }

Errno fd_seek(Context& ctx, Mem mem, uint32_t fd, int64_t offset, uint32_t whence, uint32_t newoffset_ptr) {
  FdEntry* e;
  if (Errno r = lookup_fd(ctx, fd, 0, &e); r != Errno::Success) return r;
  // Reading the position (offset 0 from the current one) is what FD_TELL allows; FD_SEEK implies it.
  bool tell_only = offset == 0 && whence == abi::kWhenceCur;
  if (!(e->rights_base & abi::kRightFdSeek) && !(tell_only && (e->rights_base & abi::kRightFdTell)))
    return Errno::NotCapable;
  if (e->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  int host_whence;
  switch (whence) {
    case abi::kWhenceSet: host_whence = SEEK_SET; break;
    case abi::kWhenceCur: host_whence = SEEK_CUR; break;
    case abi::kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!mem.in_bounds(newoffset_ptr, 8)) return Errno::Fault;
  off_t pos = ::lseek(e->host.get(), off_t(offset), host_whence);
  if (pos < 0) return host_error();
  mem.store<uint64_t>(newoffset_ptr, uint64_t(pos));
  return Errno::Success;
}

Errno fd_tell(Context& ctx, Mem mem, uint32_t fd, uint32_t offset_ptr) {
  return fd_seek(ctx, mem, fd, 0, abi::kWhenceCur, offset_ptr);
}

}  // namespace wasmvm::wasi::calls

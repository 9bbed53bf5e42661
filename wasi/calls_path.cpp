// path_* calls. Every path goes through resolve_path() (wasi/path_resolve.h), and the final
// host syscall only ever sees (directory fd, single component) with O_NOFOLLOW semantics.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/path_resolve.h"

namespace wasmvm::wasi::calls {
namespace {

Errno host_error() { return errno_from_host(errno); }

Errno read_guest_string(Mem mem, uint32_t ptr, uint32_t len, std::string* out) {
  if (!mem.in_bounds(ptr, len)) return Errno::Fault;
  if (len > kMaxGuestPathBytes) return Errno::NameTooLong;
  out->assign(reinterpret_cast<const char*>(mem.at(ptr)), len);
  return Errno::Success;
}

// How the last component is treated: kept as is, or resolved through a symlink. Lookups that
// only read (open, stat, set times, link source) follow a final symlink when the path ends in
// '/' as POSIX does; operations that change the name itself (unlink, rmdir, rename...) do not.
enum class Final { Keep, Follow, FollowIfSlash };
Final final_from_flags(uint32_t lookup_flags) {
  return (lookup_flags & abi::kLookupSymlinkFollow) ? Final::Follow : Final::FollowIfSlash;
}

// Looks up directory fd `fd` (EBADF, ENOTDIR if it is not a directory, ENOTCAPABLE if it lacks any
// of `rights`), reads the guest path and resolves it inside that directory.
Errno resolve_at(Context& ctx, Mem mem, uint32_t fd, uint64_t rights, uint32_t path_ptr, uint32_t path_len,
                 Final final, ResolvedPath* out, FdEntry** dir_out = nullptr) {
  FdEntry* dir = ctx.fds.get(fd);
  if (!dir) return Errno::Badf;
  if (dir->filetype != abi::kFiletypeDirectory) return Errno::NotDir;
  if ((dir->rights_base & rights) != rights) return Errno::NotCapable;
  std::string path;
  if (Errno r = read_guest_string(mem, path_ptr, path_len, &path); r != Errno::Success) return r;
  bool follow = final == Final::Follow ||
                (final == Final::FollowIfSlash && !path.empty() && path.back() == '/');
  if (dir_out) *dir_out = dir;
  return resolve_path(dir->host.get(), path, follow, out);
}

}  // namespace

Errno path_create_directory(Context& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathCreateDirectory, path, path_len, Final::Keep, &r);
      e != Errno::Success)
    return e;
  if (r.name == ".") return Errno::Exist;
  return ::mkdirat(r.parent_fd, r.name.c_str(), 0777) == 0 ? Errno::Success : host_error();
}

Errno path_filestat_get(Context& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t stat_ptr) {
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathFilestatGet, path, path_len, final_from_flags(flags), &r);
      e != Errno::Success)
    return e;
  if (!mem.in_bounds(stat_ptr, abi::kFilestatSize)) return Errno::Fault;
  struct stat st;
  if (::fstatat(r.parent_fd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return host_error();
  if (r.must_be_dir && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  return fill_filestat(mem, stat_ptr, st);
}

Errno path_filestat_set_times(Context& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path,
                              uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  struct timespec ts[2];
  if (Errno e = make_timespecs(atim, mtim, fst_flags, ts); e != Errno::Success) return e;
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathFilestatSetTimes, path, path_len,
                           final_from_flags(flags), &r);
      e != Errno::Success)
    return e;
  return ::utimensat(r.parent_fd, r.name.c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0 ? Errno::Success
                                                                                  : host_error();
}

Errno path_link(Context& ctx, Mem mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  ResolvedPath from, to;
  if (Errno e = resolve_at(ctx, mem, old_fd, abi::kRightPathLinkSource, old_path, old_len,
                           final_from_flags(old_flags), &from);
      e != Errno::Success)
    return e;
  if (Errno e = resolve_at(ctx, mem, new_fd, abi::kRightPathLinkTarget, new_path, new_len, Final::Keep, &to);
      e != Errno::Success)
    return e;
  if (to.must_be_dir) return Errno::NoEnt;  // hard links to directories do not exist
  // Flags 0: never let the kernel follow a symlink; `from` was already resolved if asked to.
  return ::linkat(from.parent_fd, from.name.c_str(), to.parent_fd, to.name.c_str(), 0) == 0 ? Errno::Success
                                                                                            : host_error();
}

Errno path_open(Context& ctx, Mem mem, uint32_t dirfd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t fd_ptr) {
  if (oflags & ~uint32_t(abi::kOflagsAll)) return Errno::Inval;
  if (fdflags & ~uint32_t(abi::kFdflagsAll)) return Errno::Inval;
  if ((oflags & abi::kOflagCreat) && (oflags & abi::kOflagDirectory)) return Errno::Inval;
  if (!mem.in_bounds(fd_ptr, 4)) return Errno::Fault;
  // O_CREAT|O_EXCL never follows a final symlink (POSIX): the name itself must not exist.
  Final final = final_from_flags(dirflags);
  if ((oflags & abi::kOflagCreat) && (oflags & abi::kOflagExcl)) final = Final::Keep;
  // Rights (witx, as in CloudABI): the directory needs PATH_OPEN, plus PATH_CREATE_FILE for O_CREAT
  // and PATH_FILESTAT_SET_SIZE for O_TRUNC; everything the new descriptor asks for (base and
  // inheriting, plus the sync rights its fdflags imply) must be in the directory's inheriting rights.
  uint64_t dir_rights = abi::kRightPathOpen;
  if (oflags & abi::kOflagCreat) dir_rights |= abi::kRightPathCreateFile;
  if (oflags & abi::kOflagTrunc) dir_rights |= abi::kRightPathFilestatSetSize;
  uint64_t child_rights = rights_base | rights_inheriting;
  if (fdflags & abi::kFdflagDsync) child_rights |= abi::kRightFdDatasync;
  if (fdflags & (abi::kFdflagRsync | abi::kFdflagSync)) child_rights |= abi::kRightFdSync;
  ResolvedPath r;
  FdEntry* dir;
  if (Errno e = resolve_at(ctx, mem, dirfd, dir_rights, path, path_len, final, &r, &dir); e != Errno::Success)
    return e;
  if ((child_rights & ~dir->rights_inheriting) != 0) return Errno::NotCapable;

  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  if (oflags & abi::kOflagCreat) flags |= O_CREAT;
  if (oflags & abi::kOflagExcl) flags |= O_EXCL;
  if (oflags & abi::kOflagTrunc) flags |= O_TRUNC;
  if ((oflags & abi::kOflagDirectory) || r.must_be_dir) flags |= O_DIRECTORY;
  if (r.must_be_dir && (oflags & abi::kOflagCreat) && !r.exists) return Errno::IsDir;
  if (fdflags & abi::kFdflagAppend) flags |= O_APPEND;
  if (fdflags & abi::kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & abi::kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & abi::kFdflagRsync) flags |= O_RSYNC;
  if (fdflags & abi::kFdflagSync) flags |= O_SYNC;

  constexpr uint64_t kReadRights = abi::kRightFdRead | abi::kRightFdReaddir;
  constexpr uint64_t kWriteRights = abi::kRightFdWrite | abi::kRightFdDatasync | abi::kRightFdAllocate |
                                    abi::kRightFdFilestatSetSize;
  bool want_read = rights_base & kReadRights;
  bool want_write = (rights_base & kWriteRights) || (fdflags & abi::kFdflagAppend) ||
                    (oflags & abi::kOflagTrunc);
  // A directory opened for writing fails with EISDIR (the kernel's answer to O_DIRECTORY|O_WRONLY).
  if (want_write) flags |= want_read ? O_RDWR : O_WRONLY;
  else flags |= O_RDONLY;

  int host_fd;
  do host_fd = ::openat(r.parent_fd, r.name.c_str(), flags, 0666);
  while (host_fd < 0 && errno == EINTR);
  if (host_fd < 0) {
    int err = errno;
    // O_NOFOLLOW on a symlink reports ELOOP; for O_DIRECTORY Linux may say ENOTDIR instead.
    return errno_from_host(err);
  }
  auto entry = std::make_unique<FdEntry>();
  entry->host = HostFd(host_fd);
  HostFileKind kind = classify_host_fd(host_fd);
  entry->filetype = kind.filetype;
  entry->rights_base = rights_base & dir->rights_inheriting & kind.max_rights;
  entry->rights_inheriting = rights_inheriting;
  entry->fdflags = uint16_t(fdflags);
  uint32_t guest_fd;
  if (Errno e = ctx.fds.insert(std::move(entry), &guest_fd); e != Errno::Success) return e;
  mem.store<uint32_t>(fd_ptr, guest_fd);
  return Errno::Success;
}

Errno path_readlink(Context& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_ptr) {
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathReadlink, path, path_len, Final::Keep, &r);
      e != Errno::Success)
    return e;
  if (!mem.in_bounds(buf, buf_len) || !mem.in_bounds(bufused_ptr, 4)) return Errno::Fault;
  char target[kMaxGuestPathBytes + 1];
  ssize_t n = ::readlinkat(r.parent_fd, r.name.c_str(), target, sizeof target);
  if (n < 0) return host_error();
  // Truncates silently, like readlink(2); wasi-libc retries with a bigger buffer when full.
  uint32_t copied = std::min<uint32_t>(uint32_t(n), buf_len);
  mem.write_bytes(buf, target, copied);
  mem.store<uint32_t>(bufused_ptr, copied);
  return Errno::Success;
}

Errno path_remove_directory(Context& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathRemoveDirectory, path, path_len, Final::Keep, &r);
      e != Errno::Success)
    return e;
  if (r.name == ".") return Errno::Inval;
  if (::unlinkat(r.parent_fd, r.name.c_str(), AT_REMOVEDIR) == 0) return Errno::Success;
  return errno == EEXIST ? Errno::NotEmpty : host_error();
}

Errno path_rename(Context& ctx, Mem mem, uint32_t old_fd, uint32_t old_path, uint32_t old_len,
                  uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  ResolvedPath from, to;
  if (Errno e = resolve_at(ctx, mem, old_fd, abi::kRightPathRenameSource, old_path, old_len, Final::Keep, &from);
      e != Errno::Success)
    return e;
  if (Errno e = resolve_at(ctx, mem, new_fd, abi::kRightPathRenameTarget, new_path, new_len, Final::Keep, &to);
      e != Errno::Success)
    return e;
  if (from.name == "." || to.name == ".") return Errno::Busy;
  if (from.must_be_dir || to.must_be_dir) {  // "x/" names a directory: a file source is an error
    struct stat st;
    if (::fstatat(from.parent_fd, from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return host_error();
    if (!S_ISDIR(st.st_mode)) return Errno::NotDir;
  }
  return ::renameat(from.parent_fd, from.name.c_str(), to.parent_fd, to.name.c_str()) == 0 ? Errno::Success
                                                                                          : host_error();
}

Errno path_symlink(Context& ctx, Mem mem, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_len) {
  std::string target;
  if (Errno e = read_guest_string(mem, old_path, old_len, &target); e != Errno::Success) return e;
  // The target is stored, not resolved, but it must still be a path the sandbox could follow.
  if (Errno e = validate_guest_path(target); e != Errno::Success) return e;
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathSymlink, new_path, new_len, Final::Keep, &r);
      e != Errno::Success)
    return e;
  if (r.name == ".") return Errno::Exist;
  // "name/" would have to be a directory, which a new symlink is not: an existing name is EEXIST
  // (files were refused with ENOTDIR by the resolver), a missing one ENOENT (POSIX, and the
  // preview1 testsuite), never a link created under the name without the slash.
  if (r.must_be_dir) return r.exists ? Errno::Exist : Errno::NoEnt;
  return ::symlinkat(target.c_str(), r.parent_fd, r.name.c_str()) == 0 ? Errno::Success : host_error();
}

Errno path_unlink_file(Context& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath r;
  if (Errno e = resolve_at(ctx, mem, fd, abi::kRightPathUnlinkFile, path, path_len, Final::Keep, &r);
      e != Errno::Success)
    return e;
  if (r.name == ".") return Errno::IsDir;
  // "x/": the resolver already refused non-directories; a directory cannot be unlinked.
  if (r.must_be_dir) return r.exists ? Errno::IsDir : Errno::NoEnt;
  return ::unlinkat(r.parent_fd, r.name.c_str(), 0) == 0 ? Errno::Success : host_error();
}

}  // namespace wasmvm::wasi::calls

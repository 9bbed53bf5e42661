// Sandboxed resolution of guest paths relative to a directory descriptor.
//
// The guest may only reach what lies below the directory it names (a preopen or a directory
// opened from one). We never hand a multi-component path to the kernel: each component is looked
// up with fstatat/openat(O_NOFOLLOW) relative to the directory reached so far, symlinks are read
// with readlinkat and expanded by us, and ".." pops our own stack of opened directories. So a
// ".." at the top, an absolute symlink target, or a chain of symlinks that climbs out is refused
// with ENOTCAPABLE before anything outside is opened, created or stat'ed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "wasi/errno.h"
#include "wasi/fd_table.h"

namespace wasmvm::wasi {

constexpr size_t kMaxGuestPathBytes = 4096;  // PATH_MAX; longer paths get ENAMETOOLONG
constexpr int kMaxSymlinkExpansions = 40;    // like Linux's MAXSYMLINKS; then ELOOP
constexpr size_t kMaxPathDepth = 256;        // directories held open during one walk

// Checks a guest path before any lookup: empty -> ENOENT, NUL byte -> EINVAL, invalid UTF-8 ->
// EILSEQ, too long -> ENAMETOOLONG, absolute -> ENOTCAPABLE.
Errno validate_guest_path(std::string_view path);

// Result of a walk: the directory that contains the final component, and its name.
struct ResolvedPath {
  HostFd owned_parent;  // set when the parent is a subdirectory opened during the walk
  int parent_fd = -1;   // owned_parent.get() or the base directory
  std::string name;     // a single component (never "..", never containing '/'); "." = the dir itself
  bool must_be_dir = false;  // the guest path ended with '/'
  bool exists = false;       // the final component was found (only known when it was stat'ed)
};

// Resolves `path` below `base_dir_fd`. If `follow_final`, a symlink in the last component is
// expanded too (so `name` is not a symlink); otherwise the last component is left as is.
// Intermediate components must be directories (ENOTDIR) and exist (ENOENT); a missing last
// component is fine (creation). A trailing '/' requires a directory.
Errno resolve_path(int base_dir_fd, std::string_view path, bool follow_final, ResolvedPath* out);

}  // namespace wasmvm::wasi

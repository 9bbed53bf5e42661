#include "wasi/path_resolve.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

namespace wasmvm::wasi {
namespace {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    auto c = uint8_t(s[i]);
    if (c < 0x80) { i++; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; k++) {
      auto cc = uint8_t(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += len;
  }
  return true;
}

// Appends the non-empty components of `path` to `out` ('.' kept; the walk skips it).
void split_components(std::string_view path, std::deque<std::string>* front_insert, bool at_front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (at_front) front_insert->insert(front_insert->begin(), parts.begin(), parts.end());
  else front_insert->insert(front_insert->end(), parts.begin(), parts.end());
}

Errno read_link(int dir_fd, const std::string& name, std::string* target) {
  char buf[kMaxGuestPathBytes + 1];
  ssize_t n = ::readlinkat(dir_fd, name.c_str(), buf, sizeof buf);
  if (n < 0) return errno_from_host(errno);
  if (size_t(n) > kMaxGuestPathBytes) return Errno::NameTooLong;
  target->assign(buf, size_t(n));
  return Errno::Success;
}

}  // namespace

Errno validate_guest_path(std::string_view path) {
  if (path.empty()) return Errno::NoEnt;
  if (path.size() > kMaxGuestPathBytes) return Errno::NameTooLong;
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  if (!is_valid_utf8(path)) return Errno::Ilseq;
  if (path[0] == '/') return Errno::NotCapable;
  return Errno::Success;
}

Errno resolve_path(int base_dir_fd, std::string_view path, bool follow_final, ResolvedPath* out) {
  if (Errno e = validate_guest_path(path); e != Errno::Success) return e;
  std::deque<std::string> pending;
  split_components(path, &pending, false);
  bool trailing_slash = path.back() == '/';
  std::vector<HostFd> stack;  // directories below base, innermost last
  auto top = [&] { return stack.empty() ? base_dir_fd : stack.back().get(); };
  int expansions = 0;
  std::string name;     // empty while the walk ends at a directory itself (reported as ".")
  bool exists = true;   // the directory itself always exists

  while (!pending.empty()) {
    std::string comp = std::move(pending.front());
    pending.pop_front();
    bool last = pending.empty();
    if (comp == ".") {
      if (last) name.clear(), exists = true;
      continue;
    }
    if (comp == "..") {
      if (stack.empty()) return Errno::NotCapable;  // would climb above the base directory
      stack.pop_back();
      if (last) name.clear(), exists = true;
      continue;
    }
    if (last && !follow_final && !trailing_slash) {
      name = std::move(comp);
      exists = false;  // not looked at
      break;
    }
    struct stat st;
    if (::fstatat(top(), comp.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      int err = errno;
      if (err == ENOENT && last) {
        name = std::move(comp);
        exists = false;
        break;
      }
      return errno_from_host(err);
    }
    if (S_ISLNK(st.st_mode)) {
      if (last && !follow_final) return Errno::NotDir;  // "link/" without following
      if (++expansions > kMaxSymlinkExpansions) return Errno::Loop;
      std::string target;
      if (Errno e = read_link(top(), comp, &target); e != Errno::Success) return e;
      if (target.empty()) return Errno::NoEnt;
      if (target[0] == '/') return Errno::NotCapable;  // absolute targets leave every sandbox
      if (target.back() == '/' && last) trailing_slash = true;
      split_components(target, &pending, true);
      if (pending.size() > kMaxGuestPathBytes) return Errno::NameTooLong;
      continue;
    }
    if (last) {
      if (trailing_slash && !S_ISDIR(st.st_mode)) return Errno::NotDir;
      name = std::move(comp);
      exists = true;
      break;
    }
    if (!S_ISDIR(st.st_mode)) return Errno::NotDir;
    if (stack.size() >= kMaxPathDepth) return Errno::NameTooLong;
    // O_NOFOLLOW: if the entry was swapped for a symlink since fstatat, this fails (ELOOP)
    // instead of following it.
    int fd = ::openat(top(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno_from_host(errno);
    stack.emplace_back(fd);
  }

  if (name.empty()) name.push_back('.');
  out->name = std::move(name);
  out->must_be_dir = trailing_slash;
  out->exists = exists;
  if (stack.empty()) {
    out->owned_parent = HostFd();
    out->parent_fd = base_dir_fd;
  } else {
    out->owned_parent = std::move(stack.back());
    out->parent_fd = out->owned_parent.get();
  }
  return Errno::Success;
}

}  // namespace wasmvm::wasi

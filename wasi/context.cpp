#include "wasi/context.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/abi.h"

namespace wasmvm::wasi {

uint8_t filetype_from_mode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return abi::kFiletypeRegularFile;
    case S_IFDIR: return abi::kFiletypeDirectory;
    case S_IFCHR: return abi::kFiletypeCharacterDevice;
    case S_IFBLK: return abi::kFiletypeBlockDevice;
    case S_IFLNK: return abi::kFiletypeSymbolicLink;
    case S_IFSOCK: return abi::kFiletypeSocketStream;
    default: return abi::kFiletypeUnknown;  // FIFOs included, as other runtimes do
  }
}

HostFileKind classify_host_fd(int host_fd) {
  HostFileKind k;
  struct stat st;
  if (::fstat(host_fd, &st) != 0) return k;
  k.filetype = filetype_from_mode(st.st_mode);
  switch (k.filetype) {
    case abi::kFiletypeRegularFile:
    case abi::kFiletypeBlockDevice: k.max_rights = abi::kRightsRegularFile; break;
    case abi::kFiletypeDirectory: k.max_rights = abi::kRightsDirectory; break;
    case abi::kFiletypeSocketStream: k.max_rights = abi::kRightsSocket; break;
    default: k.max_rights = abi::kRightsTty; break;  // character devices, pipes
  }
  return k;
}

namespace {

std::unique_ptr<FdEntry> make_stdio_entry(int host_fd) {
  auto e = std::make_unique<FdEntry>();
  e->host = HostFd::borrowed(host_fd);
  HostFileKind k = classify_host_fd(host_fd);
  e->filetype = k.filetype;
  e->rights_base = k.max_rights;
  e->rights_inheriting = 0;
  int fl = ::fcntl(host_fd, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) e->fdflags |= abi::kFdflagAppend;
    if (fl & O_NONBLOCK) e->fdflags |= abi::kFdflagNonblock;
  }
  return e;
}

}  // namespace

Result<std::shared_ptr<Context>> create_context(const Config& config) {
  auto ctx = std::make_shared<Context>();
  ctx->args = config.args;
  for (const auto& [k, v] : config.env) {
    if (k.empty() || k.find('=') != std::string::npos || k.find('\0') != std::string::npos ||
        v.find('\0') != std::string::npos)
      return make_error(ErrorKind::Usage, "invalid WASI environment variable name or value: '" + k + "'");
    ctx->env.push_back(k + "=" + v);
  }
  for (const auto& a : config.args)
    if (a.find('\0') != std::string::npos)
      return make_error(ErrorKind::Usage, "WASI argument contains a NUL byte");

  const int stdio[3] = {config.stdin_fd, config.stdout_fd, config.stderr_fd};
  for (uint32_t i = 0; i < 3; i++) {
    if (stdio[i] < 0) continue;  // left closed on request
    if (::fcntl(stdio[i], F_GETFD) < 0)
      return make_error(ErrorKind::Io, "WASI stdio: host fd " + std::to_string(stdio[i]) + " is not open");
    ctx->fds.insert_at(i, make_stdio_entry(stdio[i]));
  }

  uint32_t next = 3;
  for (const auto& p : config.preopens) {
    if (p.guest_path.empty())
      return make_error(ErrorKind::Usage, "preopen of '" + p.host_path + "': empty guest path");
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      return make_error(ErrorKind::Io, "cannot preopen directory '" + p.host_path + "' (as '" +
                                           p.guest_path + "'): " + std::strerror(err));
    }
    auto e = std::make_unique<FdEntry>();
    e->host = HostFd(fd);
    e->filetype = abi::kFiletypeDirectory;
    e->rights_base = abi::kRightsDirectory;
    e->rights_inheriting = abi::kRightsAll;
    e->is_preopen = true;
    e->preopen_name = p.guest_path;
    ctx->fds.insert_at(next++, std::move(e));
  }
  return ctx;
}

std::optional<int32_t> exit_code(const Context& ctx) { return ctx.exit_code; }

}  // namespace wasmvm::wasi

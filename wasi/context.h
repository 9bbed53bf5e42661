// Per-instance WASI state (definition of the opaque wasi::Context from wasi/wasi.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/wasi.h"

namespace wasmvm::wasi {

class Context {
 public:
  std::vector<std::string> args;
  std::vector<std::string> env;  // "KEY=VALUE"
  FdTable fds;
  std::optional<int32_t> exit_code;
};

// File type and maximum rights of an open host descriptor (fstat-based).
struct HostFileKind {
  uint8_t filetype = 0;
  uint64_t max_rights = 0;
};
HostFileKind classify_host_fd(int host_fd);
uint8_t filetype_from_mode(uint32_t st_mode);

}  // namespace wasmvm::wasi

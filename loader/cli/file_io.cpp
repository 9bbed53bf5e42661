#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sys/stat.h>

#include "loader/cli/commands.h"

namespace wasmvm::cli {

void print_error(const std::string& what) { std::cerr << "wasmvm: error: " << what << std::endl; }

Result<std::vector<uint8_t>> read_module_file(const std::string& path, size_t max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return make_error(ErrorKind::Io, path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return make_error(ErrorKind::Io, path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    return make_error(ErrorKind::Limit, path + ": module larger than the configured limit");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error(ErrorKind::Io, path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t got = bytes.empty() ? 0 : std::fread(bytes.data(), 1, bytes.size(), f);
  bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err || got != bytes.size()) return make_error(ErrorKind::Io, path + ": read error");
  return bytes;
}

}  // namespace wasmvm::cli

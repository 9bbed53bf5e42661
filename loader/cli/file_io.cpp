#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sys/stat.h>

#include "loader/cli/commands.h"
#include "text/wat.h"

namespace wasmvm::cli {

void print_error(const std::string& what) { std::cerr << "wasmvm: error: " << what << std::endl; }

namespace {

// The parser's own checks of the 8-byte preamble, done before anything else is read: a large file that
// is not wasm is refused at byte 0 without reading it. Shorter files are left to the parser.
Status check_preamble(const std::string& path, const uint8_t* b, size_t n) {
  static const uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  static const uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (n >= 4 && std::memcmp(b, kMagic, 4) != 0)
    return make_error(ErrorKind::Malformed, path + ": magic header not detected", 0);
  if (n >= 8 && std::memcmp(b + 4, kVersion, 4) != 0)
    return make_error(ErrorKind::Malformed, path + ": unknown binary version", 4);
  return Status::Ok();
}

}  // namespace

Result<std::vector<uint8_t>> text_to_binary(const std::string& path, const std::vector<uint8_t>& source) {
  std::vector<uint8_t> binary;
  text::TextError err;
  std::string_view src(reinterpret_cast<const char*>(source.data()), source.size());
  if (!text::wat_to_binary(src, binary, err))
    return make_error(ErrorKind::Malformed, path + ":" + err.to_string());
  return binary;
}

Result<std::vector<uint8_t>> read_module_file(const std::string& path, size_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error(ErrorKind::Io, path + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(fileno(f), &st) != 0) {
    int e = errno;
    std::fclose(f);
    return make_error(ErrorKind::Io, path + ": " + std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    std::fclose(f);
    return make_error(ErrorKind::Io, path + ": not a regular file");
  }
  uint8_t head[8];
  size_t head_len = std::fread(head, 1, sizeof head, f);
  bool is_text = text::looks_like_text(head, head_len);
  if (Status s = is_text ? Status::Ok() : check_preamble(path, head, head_len); !s.ok()) {
    std::fclose(f);
    return std::move(s).error();
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    std::fclose(f);
    return make_error(ErrorKind::Limit, path + ": module larger than the configured limit (" +
                                            std::to_string(st.st_size) + " bytes, limit " +
                                            std::to_string(max_bytes) + ")");
  }
  // The one in-memory copy of the file (`run` moves it into the Module, see Module::compile).
  std::vector<uint8_t> bytes(head, head + head_len);
  if (head_len == sizeof head && st.st_size > static_cast<off_t>(head_len)) {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t want = bytes.size() - head_len;
    size_t got = std::fread(bytes.data() + head_len, 1, want, f);
    if (got != want) bytes.resize(head_len + got);  // file shrank while reading: the parser sees the end
  }
  bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err) return make_error(ErrorKind::Io, path + ": read error");
  if (is_text) return text_to_binary(path, bytes);
  return bytes;
}

}  // namespace wasmvm::cli

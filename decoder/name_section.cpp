// The `name` custom section: subsection 0 (module name) and 1 (function names); others are skipped.
#include "name_section.h"

#include <string>

#include "byte_reader.h"
#include "utf8.h"

namespace wasmvm {
namespace {

bool read_name(ByteReader& r, std::string& out) {
  uint32_t len;
  if (!r.u32(len) || len > r.remaining()) return false;
  const uint8_t* s = r.data() + r.pos();
  if (!is_valid_utf8(s, len)) return false;
  out.assign(reinterpret_cast<const char*>(s), len);
  return r.skip(len);
}

}  // namespace

void parse_name_section(const uint8_t* data, size_t begin, size_t end, ModuleInfo& m) {
  size_t num_funcs = m.functions.size();
  for (const auto& im : m.imports) num_funcs += im.kind == ExternKind::Func;
  ByteReader r(data, begin, end);
  while (!r.at_end()) {
    uint8_t id;
    uint32_t size;
    if (!r.u8(id) || !r.u32(size) || size > r.remaining()) return;
    ByteReader sub(data, r.pos(), r.pos() + size);
    r.set_pos(r.pos() + size);
    if (id == 0) {
      std::string name;
      if (read_name(sub, name)) m.module_name = std::move(name);
    } else if (id == 1) {
      uint32_t count;
      if (!sub.u32(count) || count > sub.remaining()) continue;
      for (uint32_t i = 0; i < count; i++) {
        uint32_t idx;
        std::string name;
        if (!sub.u32(idx) || !read_name(sub, name)) break;
        if (idx >= num_funcs) continue;
        if (m.func_names.size() <= idx) m.func_names.resize(num_funcs);
        m.func_names[idx] = std::move(name);
      }
    }
  }
}

}  // namespace wasmvm

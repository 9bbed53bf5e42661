// .npy reader/writer (see npy.h). The header is a Python dict literal; only the three standard keys matter.
#include "loader/graph/npy.h"

#include <cstring>
#include <fstream>

namespace wasmvm::graph {

namespace {
constexpr size_t kMaxNpyBytes = size_t(1) << 31;

struct DescrName { const char* descr; DType t; };
constexpr DescrName kDescrs[] = {
    {"<f4", DType::F32}, {"<f8", DType::F64}, {"|i1", DType::I8}, {"<i2", DType::I16}, {"<i4", DType::I32},
    {"<i8", DType::I64}, {"|u1", DType::U8},  {"<u2", DType::U16}, {"<u4", DType::U32}, {"<u8", DType::U64},
    {"<i1", DType::I8},  {"<u1", DType::U8},
};

// Value text of `key` in the header dict, up to the next top-level ',' or '}' (tuples kept whole).
bool dict_value(const std::string& h, const std::string& key, std::string& out) {
  size_t k = h.find("'" + key + "'");
  if (k == std::string::npos) return false;
  size_t colon = h.find(':', k);
  if (colon == std::string::npos) return false;
  size_t i = colon + 1, depth = 0, start = i;
  for (; i < h.size(); i++) {
    char c = h[i];
    if (c == '(') depth++;
    else if (c == ')') depth--;
    else if ((c == ',' || c == '}') && depth == 0) break;
  }
  out = h.substr(start, i - start);
  auto trim = [](std::string& s) {
    while (!s.empty() && (s.front() == ' ')) s.erase(s.begin());
    while (!s.empty() && (s.back() == ' ')) s.pop_back();
  };
  trim(out);
  return true;
}
}  // namespace

Result<HostTensor> parse_npy(std::span<const uint8_t> b, const std::string& what) {
  auto bad = [&](const std::string& m) { return make_error(ErrorKind::Io, what + ": not a valid .npy file: " + m); };
  if (b.size() < 10 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0) return bad("missing \\x93NUMPY magic");
  const uint8_t major = b[6];
  size_t hlen, hstart;
  if (major == 1) { hlen = size_t(b[8]) | size_t(b[9]) << 8; hstart = 10; }
  else if (major == 2 || major == 3) {
    if (b.size() < 12) return bad("truncated header");
    hlen = size_t(b[8]) | size_t(b[9]) << 8 | size_t(b[10]) << 16 | size_t(b[11]) << 24;
    hstart = 12;
  } else return bad("unsupported version " + std::to_string(major));
  if (hlen > b.size() - hstart) return bad("header longer than the file");
  std::string h(reinterpret_cast<const char*>(b.data()) + hstart, hlen);
  std::string descr, fortran, shape;
  if (!dict_value(h, "descr", descr) || !dict_value(h, "fortran_order", fortran) || !dict_value(h, "shape", shape))
    return bad("header lacks descr, fortran_order or shape");
  if (fortran != "False") return bad("Fortran-order arrays are not supported");
  HostTensor t;
  bool known = false;
  for (const auto& d : kDescrs)
    if (descr == std::string("'") + d.descr + "'") { t.dtype = d.t; known = true; }
  if (!known) return bad("unsupported dtype " + descr + " (little-endian int/uint/float only)");
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') return bad("bad shape " + shape);
  std::string dims = shape.substr(1, shape.size() - 2);
  size_t i = 0;
  while (i < dims.size()) {
    while (i < dims.size() && (dims[i] == ' ' || dims[i] == ',')) i++;
    if (i >= dims.size()) break;
    size_t j = i;
    int64_t v = 0;
    while (j < dims.size() && dims[j] >= '0' && dims[j] <= '9') {
      if (v > (INT64_MAX - 9) / 10) return bad("dimension too large");
      v = v * 10 + (dims[j] - '0');
      j++;
    }
    if (j == i) return bad("bad shape " + shape);
    if (t.shape.size() >= size_t(kMaxNdim)) return bad("more than 8 dimensions");
    t.shape.push_back(v);
    i = j;
  }
  auto n = checked_element_count(t.shape, "npy shape");
  if (!n.ok()) return bad(n.error().message);
  const size_t data_start = hstart + hlen;
  const size_t esize = dtype_size(t.dtype);
  if (*n > (b.size() - data_start) / esize || *n * esize != b.size() - data_start)
    return bad("shape " + shape_to_string(t.shape) + " needs " + std::to_string(*n * esize) + " data bytes, file has " +
               std::to_string(b.size() - data_start));
  t.bytes.assign(b.begin() + data_start, b.end());
  return t;
}

Result<HostTensor> read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return make_error(ErrorKind::Io, "cannot open " + path);
  std::streamoff size = f.tellg();
  if (size < 0 || uint64_t(size) > kMaxNpyBytes) return make_error(ErrorKind::Io, path + ": file too large or unreadable");
  std::vector<uint8_t> b(static_cast<size_t>(size));
  f.seekg(0);
  if (!f.read(reinterpret_cast<char*>(b.data()), size)) return make_error(ErrorKind::Io, "cannot read " + path);
  return parse_npy(b, path);
}

std::string encode_npy(const HostTensor& t) {
  std::string descr;
  for (const auto& d : kDescrs)
    if (d.t == t.dtype) { descr = d.descr; break; }
  std::string shape = "(";
  for (size_t i = 0; i < t.shape.size(); i++) shape += std::to_string(t.shape[i]) + (t.shape.size() == 1 ? "," : i + 1 < t.shape.size() ? ", " : "");
  shape += ")";
  std::string h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + h.size() + 1;
  h.append((64 - total % 64) % 64, ' ');
  h += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(h.size() & 0xff);
  out += char(h.size() >> 8);
  out += h;
  out.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
  return out;
}

Status write_npy(const std::string& path, const HostTensor& t) {
  std::ofstream f(path, std::ios::binary);
  std::string b = encode_npy(t);
  if (!f || !f.write(b.data(), std::streamsize(b.size())))
    return make_error(ErrorKind::Io, "cannot write " + path);
  return Status::Ok();
}

}  // namespace wasmvm::graph

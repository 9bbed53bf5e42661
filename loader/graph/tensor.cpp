// Descriptor validation for the tensor ABI (see tensor.h and include/wasmvm/wasm_graph_abi.h).
#include "loader/graph/tensor.h"

#include <cstring>

#include "wasmvm/wasm_graph_abi.h"

namespace wasmvm::graph {

namespace {
Error desc_error(const std::string& what, const std::string& msg) {
  return make_error(ErrorKind::Invalid, what + ": bad tensor descriptor: " + msg);
}
std::string hex(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

size_t dtype_size(DType t) {
  switch (t) {
    case DType::I8: case DType::U8: return 1;
    case DType::I16: case DType::U16: return 2;
    case DType::F32: case DType::I32: case DType::U32: return 4;
    case DType::F64: case DType::I64: case DType::U64: return 8;
  }
  return 0;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::F32: return "float32";
    case DType::F64: return "float64";
    case DType::I8: return "int8";
    case DType::I16: return "int16";
    case DType::I32: return "int32";
    case DType::I64: return "int64";
    case DType::U8: return "uint8";
    case DType::U16: return "uint16";
    case DType::U32: return "uint32";
    case DType::U64: return "uint64";
  }
  return "?";
}

Result<DType> dtype_from_dlpack(uint8_t code, uint8_t bits, uint16_t lanes) {
  if (lanes != 1) return make_error(ErrorKind::Invalid, "dtype.lanes is " + std::to_string(lanes) + " (only 1)");
  if (bits == 0 || bits % 8 != 0)
    return make_error(ErrorKind::Invalid, "dtype.bits is " + std::to_string(bits) + " (not a multiple of 8)");
  switch (code) {
    case WASM_GRAPH_DTYPE_FLOAT:
      if (bits == 32) return DType::F32;
      if (bits == 64) return DType::F64;
      break;
    case WASM_GRAPH_DTYPE_INT:
      if (bits == 8) return DType::I8;
      if (bits == 16) return DType::I16;
      if (bits == 32) return DType::I32;
      if (bits == 64) return DType::I64;
      break;
    case WASM_GRAPH_DTYPE_UINT:
      if (bits == 8) return DType::U8;
      if (bits == 16) return DType::U16;
      if (bits == 32) return DType::U32;
      if (bits == 64) return DType::U64;
      break;
    default:
      return make_error(ErrorKind::Invalid, "dtype.code " + std::to_string(code) + " is unknown");
  }
  return make_error(ErrorKind::Invalid,
                    "dtype code " + std::to_string(code) + " with " + std::to_string(bits) + " bits is unsupported");
}

std::string shape_to_string(std::span<const int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); i++) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Result<uint64_t> checked_element_count(std::span<const int64_t> shape, const char* what) {
  uint64_t n = 1;
  for (size_t i = 0; i < shape.size(); i++) {
    if (shape[i] < 0)
      return make_error(ErrorKind::Invalid, std::string(what) + ": shape[" + std::to_string(i) + "] is negative (" +
                                                std::to_string(shape[i]) + ")");
    uint64_t d = uint64_t(shape[i]);
    if (d != 0 && n > UINT64_MAX / d)
      return make_error(ErrorKind::Invalid, std::string(what) + ": shape product overflows at dim " + std::to_string(i));
    n *= d;
  }
  return n;
}

Result<TensorDesc> read_tensor_desc(const Memory& mem, uint64_t desc_addr, const std::string& what) {
  if (desc_addr == 0) return desc_error(what, "descriptor address is 0");
  if (!mem.in_bounds(desc_addr, WASM_GRAPH_DLTENSOR_SIZE))
    return desc_error(what, "descriptor at " + hex(desc_addr) + " is outside memory (" + hex(mem.size_bytes()) +
                                " bytes)");
  if (desc_addr % WASM_GRAPH_DLTENSOR_ALIGN)
    return desc_error(what, "descriptor at " + hex(desc_addr) + " is not 8-byte aligned");
  WasmGraphDLTensor32 d;
  if (!mem.read(desc_addr, &d, sizeof d).ok()) return desc_error(what, "descriptor unreadable");
  if (d.device_type != WASM_GRAPH_DEVICE_CPU)
    return desc_error(what, "device.type is " + std::to_string(d.device_type) + " (only CPU = 1)");
  if (d.ndim < 1 || d.ndim > kMaxNdim)
    return desc_error(what, "ndim is " + std::to_string(d.ndim) + " (must be 1.." + std::to_string(kMaxNdim) + ")");
  auto dt = dtype_from_dlpack(d.dtype_code, d.dtype_bits, d.dtype_lanes);
  if (!dt.ok()) return desc_error(what, dt.error().message);
  const size_t esize = dtype_size(*dt);
  const uint64_t nd = uint64_t(d.ndim);

  if (d.shape == 0) return desc_error(what, "shape pointer is 0");
  if (!mem.in_bounds(d.shape, nd * 8))
    return desc_error(what, "shape array at " + hex(d.shape) + " (" + std::to_string(nd) + " x i64) is outside memory");
  if (d.shape % 8) return desc_error(what, "shape array at " + hex(d.shape) + " is not 8-byte aligned");
  TensorDesc out;
  out.desc_addr = uint32_t(desc_addr);
  out.dtype = *dt;
  out.shape.resize(nd);
  if (!mem.read(d.shape, out.shape.data(), nd * 8).ok()) return desc_error(what, "shape unreadable");
  auto count = checked_element_count(out.shape, "shape");
  if (!count.ok()) return desc_error(what, count.error().message);
  out.elements = *count;
  if (out.elements > UINT64_MAX / esize) return desc_error(what, "byte size overflows");
  out.bytes = out.elements * esize;

  if (d.strides != 0) {
    if (!mem.in_bounds(d.strides, nd * 8))
      return desc_error(what, "strides array at " + hex(d.strides) + " is outside memory");
    if (d.strides % 8) return desc_error(what, "strides array at " + hex(d.strides) + " is not 8-byte aligned");
    std::vector<int64_t> strides(nd);
    if (!mem.read(d.strides, strides.data(), nd * 8).ok()) return desc_error(what, "strides unreadable");
    // Only compact row-major strides are accepted: views are contiguous spans.
    int64_t expect = 1;
    for (size_t i = nd; i-- > 0;) {
      if (strides[i] < 0)
        return desc_error(what, "strides[" + std::to_string(i) + "] is negative (" + std::to_string(strides[i]) + ")");
      if (out.shape[i] > 1 && strides[i] != expect)
        return desc_error(what, "strides " + shape_to_string(strides) + " are not compact row-major for shape " +
                                    shape_to_string(out.shape));
      expect *= out.shape[i] > 0 ? out.shape[i] : 1;  // cannot overflow: the element count fitted above
    }
  }

  if (d.data == 0 && out.bytes != 0) return desc_error(what, "data pointer is 0");
  if (d.byte_offset > mem.size_bytes() || uint64_t(d.data) > mem.size_bytes() - d.byte_offset)
    return desc_error(what, "data " + hex(d.data) + " + byte_offset " + hex(d.byte_offset) + " is outside memory");
  const uint64_t start = uint64_t(d.data) + d.byte_offset;
  if (!mem.in_bounds(start, out.bytes))
    return desc_error(what, "data [" + hex(start) + ", +" + std::to_string(out.bytes) + " bytes) is outside memory (" +
                                hex(mem.size_bytes()) + " bytes)");
  if (start % esize)
    return desc_error(what, "data " + hex(start) + " is not aligned to its " + std::to_string(esize) + "-byte elements");
  out.data_addr = uint32_t(start);
  return out;
}

Result<std::string> read_guest_string(const Memory& mem, uint64_t addr, size_t max_len, const std::string& what) {
  if (addr == 0 || addr >= mem.size_bytes())
    return make_error(ErrorKind::Invalid, what + ": name address " + hex(addr) + " is outside memory");
  uint64_t avail = mem.size_bytes() - addr;
  size_t n = size_t(std::min<uint64_t>(avail, max_len));
  auto s = mem.span(addr, n);
  if (!s.ok()) return s.error();
  const void* nul = std::memchr(s->data(), 0, n);
  if (!nul)
    return make_error(ErrorKind::Invalid, what + ": name at " + hex(addr) + " is not NUL-terminated within " +
                                              std::to_string(n) + " bytes");
  return std::string(reinterpret_cast<const char*>(s->data()), static_cast<const uint8_t*>(nul) - s->data());
}

double HostTensor::at(size_t i) const {
  const uint8_t* p = bytes.data() + i * dtype_size(dtype);
  auto load = [p]<class T>(T) { T v; std::memcpy(&v, p, sizeof v); return double(v); };
  switch (dtype) {
    case DType::F32: return load(float{});
    case DType::F64: return load(double{});
    case DType::I8: return load(int8_t{});
    case DType::I16: return load(int16_t{});
    case DType::I32: return load(int32_t{});
    case DType::I64: return load(int64_t{});
    case DType::U8: return load(uint8_t{});
    case DType::U16: return load(uint16_t{});
    case DType::U32: return load(uint32_t{});
    case DType::U64: return load(uint64_t{});
  }
  return 0;
}

HostTensor HostTensor::from_f32(std::vector<int64_t> shape, std::span<const float> values) {
  HostTensor t;
  t.dtype = DType::F32;
  t.shape = std::move(shape);
  t.bytes.resize(values.size() * 4);
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

}  // namespace wasmvm::graph

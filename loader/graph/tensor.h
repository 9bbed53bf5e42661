// Tensor-aware memory API: validated wasm32 DLTensor descriptors and zero-copy typed views of guest memory.
//
// Every descriptor read from a guest is hostile until read_tensor_desc() has checked it: descriptor, shape and
// data extents inside memory (overflow-safe), ndim 1..8, dims >= 0, shape product without wrap-around, dtype
// known, lanes 1, CPU device, alignment, strides absent or compact. A bad one is an Error naming the field; the
// host never dereferences a guest address itself. Views remember Memory::generation() and refuse to give out
// pointers once memory.grow may have moved the base.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "wasmvm/result.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::graph {

enum class DType : uint8_t { F32, F64, I8, I16, I32, I64, U8, U16, U32, U64 };

constexpr int kMaxNdim = 8;

size_t dtype_size(DType t);
const char* dtype_name(DType t);  // "float32", "int8", ... (NumPy names)
// DLPack code/bits/lanes -> DType; errors name the bad field.
Result<DType> dtype_from_dlpack(uint8_t code, uint8_t bits, uint16_t lanes);
template <class T> constexpr bool dtype_matches(DType t);

// "[1, 3, 224, 224]"
std::string shape_to_string(std::span<const int64_t> shape);
// Product of dims with overflow and negative checks; error names `what`.
Result<uint64_t> checked_element_count(std::span<const int64_t> shape, const char* what);

// A descriptor after validation. All addresses are guest addresses inside memory at validation time.
struct TensorDesc {
  uint32_t desc_addr = 0;
  uint32_t data_addr = 0;   // data + byte_offset: address of element 0
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t elements = 0;
  uint64_t bytes = 0;       // elements * dtype_size
};

// Reads and validates the wasm32 DLTensor at desc_addr. `what` prefixes errors ("input 0 \"image\"").
Result<TensorDesc> read_tensor_desc(const Memory& mem, uint64_t desc_addr, const std::string& what);

// Reads a NUL-terminated string at addr; error if no NUL within max_len bytes or memory.
Result<std::string> read_guest_string(const Memory& mem, uint64_t addr, size_t max_len, const std::string& what);

// A zero-copy typed view of a validated tensor in guest memory. Valid until memory grows (generation changes);
// after that every accessor returns an error instead of a dangling pointer.
template <class T>
class TensorView {
 public:
  TensorView(Memory mem, const TensorDesc& d) : mem_(mem), addr_(d.data_addr), shape_(d.shape),
      count_(size_t(d.elements)), generation_(mem.generation()) {}
  bool stale() const { return mem_.generation() != generation_ || !mem_.in_bounds(addr_, count_ * sizeof(T)); }
  const std::vector<int64_t>& shape() const { return shape_; }
  size_t size() const { return count_; }
  uint32_t guest_addr() const { return addr_; }

  Result<std::span<T>> span() const {
    if (stale()) return make_error(ErrorKind::Usage, "tensor view is stale: guest memory grew since it was made");
    return std::span<T>(reinterpret_cast<T*>(mem_.data() + addr_), count_);
  }
  // Column vector over all elements (row-major order of the tensor).
  Result<Eigen::Map<Eigen::Matrix<std::remove_const_t<T>, Eigen::Dynamic, 1>, Eigen::Unaligned>> vector() const {
    auto s = span();
    if (!s.ok()) return s.error();
    using M = Eigen::Map<Eigen::Matrix<std::remove_const_t<T>, Eigen::Dynamic, 1>, Eigen::Unaligned>;
    return M(const_cast<std::remove_const_t<T>*>(s->data()), Eigen::Index(count_));
  }
  // Row-major matrix: leading dims collapsed into rows, last dim = columns.
  Result<Eigen::Map<Eigen::Matrix<std::remove_const_t<T>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
                    Eigen::Unaligned>>
  matrix() const {
    auto s = span();
    if (!s.ok()) return s.error();
    Eigen::Index cols = shape_.empty() ? 1 : Eigen::Index(shape_.back());
    Eigen::Index rows = cols == 0 ? 0 : Eigen::Index(count_) / cols;
    using M = Eigen::Map<Eigen::Matrix<std::remove_const_t<T>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
                         Eigen::Unaligned>;
    return M(const_cast<std::remove_const_t<T>*>(s->data()), rows, cols);
  }

 private:
  Memory mem_;
  uint32_t addr_;
  std::vector<int64_t> shape_;
  size_t count_;
  uint64_t generation_;
};

template <class T> constexpr bool dtype_matches(DType t) {
  using U = std::remove_const_t<T>;
  if constexpr (std::is_same_v<U, float>) return t == DType::F32;
  else if constexpr (std::is_same_v<U, double>) return t == DType::F64;
  else if constexpr (std::is_same_v<U, int8_t>) return t == DType::I8;
  else if constexpr (std::is_same_v<U, int16_t>) return t == DType::I16;
  else if constexpr (std::is_same_v<U, int32_t>) return t == DType::I32;
  else if constexpr (std::is_same_v<U, int64_t>) return t == DType::I64;
  else if constexpr (std::is_same_v<U, uint8_t>) return t == DType::U8;
  else if constexpr (std::is_same_v<U, uint16_t>) return t == DType::U16;
  else if constexpr (std::is_same_v<U, uint32_t>) return t == DType::U32;
  else if constexpr (std::is_same_v<U, uint64_t>) return t == DType::U64;
  else return false;
}

// A tensor owned by the host (inputs from files, outputs copied out of the guest, legacy JSON tensors).
struct HostTensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;  // little-endian, row-major, compact

  uint64_t elements() const { return dtype_size(dtype) ? bytes.size() / dtype_size(dtype) : 0; }
  // Element i converted to double (for top-k, printing).
  double at(size_t i) const;
  static HostTensor from_f32(std::vector<int64_t> shape, std::span<const float> values);
};

}  // namespace wasmvm::graph

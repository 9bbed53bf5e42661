// Legacy TVM protocol driver (see the rule in legacy_driver.h).
#include "loader/graph/legacy_driver.h"

#include <algorithm>
#include <cstring>
#include <span>

#include "loader/graph/legacy_json.h"

namespace wasmvm::graph {

namespace {
bool has_sig(const Func& f, std::initializer_list<ValType> params, std::initializer_list<ValType> results) {
  if (!f.valid()) return false;
  const FuncType& t = f.type();
  return std::equal(t.params.begin(), t.params.end(), params.begin(), params.end()) &&
         std::equal(t.results.begin(), t.results.end(), results.begin(), results.end());
}
constexpr ValType I32 = ValType::I32;
std::string hex(uint64_t v) {
  char b[24];
  snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}
// 64-bit FNV-1a over 8-byte words (then the tail): detects any change with overwhelming probability.
uint64_t hash_bytes(std::span<const uint8_t> b) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= b.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, b.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < b.size(); i++) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}
}  // namespace

Result<LegacyDriver> LegacyDriver::attach(Store& store, const Instance& inst, const LegacyOptions& opt) {
  LegacyDriver d;
  d.store_ = &store;
  d.opt_ = opt;
  d.mem_ = inst.memory("memory");
  if (!d.mem_.valid()) return make_error(ErrorKind::Usage, "legacy wasm_graph module does not export \"memory\"");
  d.run_ = inst.func("run");
  if (!d.run_.valid()) return make_error(ErrorKind::Usage, "legacy wasm_graph module does not export function \"run\"");
  if (!has_sig(d.run_, {I32, I32}, {I32}))
    return make_error(ErrorKind::Usage, "export \"run\" must have type (i32, i32) -> i32");
  if (Global hb = inst.global("__heap_base"); hb.valid() && hb.type().type == I32)
    d.heap_base_ = uint32_t(hb.get().as_i32());
  for (const char* name : {"wasm_graph_alloc", "malloc", "alloc"}) {
    Func f = inst.func(name);
    if (has_sig(f, {I32}, {I32})) { d.alloc_ = f; d.alloc_kind_ = AllocKind::Malloc; d.alloc_name_ = name; break; }
  }
  if (d.alloc_kind_ == AllocKind::None) {
    Func f = inst.func("cabi_realloc");
    if (has_sig(f, {I32, I32, I32, I32}, {I32})) { d.alloc_ = f; d.alloc_kind_ = AllocKind::CabiRealloc; d.alloc_name_ = "cabi_realloc"; }
  }
  for (const char* name : {"wasm_graph_free", "free"}) {
    Func f = inst.func(name);
    if (has_sig(f, {I32}, {})) { d.free_ = f; break; }
  }
  if (!opt.unsafe_tvm && d.alloc_kind_ == AllocKind::None) WASMVM_TRY(d.prime());
  return d;
}

Status LegacyDriver::prime() {
  if (!heap_base_)
    return make_error(ErrorKind::Usage,
                      "legacy wasm_graph module exports no allocator (wasm_graph_alloc, malloc, alloc or "
                      "cabi_realloc) and no __heap_base global: the safe driver cannot check that priming "
                      "initialised the guest heap, so it cannot prove a host-written input stays unclaimed; export "
                      "malloc/free or __heap_base, or use --unsafe-tvm (TVM's original protocol, input may be corrupted)");
  const uint64_t end0 = mem_.size_bytes();
  if (end0 > UINT32_MAX) return make_error(ErrorKind::Limit, "memory too large for a 32-bit address");
  if (*heap_base_ > end0)
    return make_error(ErrorKind::Invalid, "__heap_base " + hex(*heap_base_) + " lies beyond the memory end " + hex(end0));
  // Fingerprint of the heap area (a hash, not a copy: memory may be gigabytes): priming must change it (allocator
  // header) or grow memory (sbrk).
  auto heap_hash = [&]() -> Result<uint64_t> {
    auto sp = mem_.span(*heap_base_, end0 - *heap_base_);
    if (!sp.ok()) return sp.error();
    return hash_bytes(*sp);
  };
  auto before = heap_hash();
  if (!before.ok()) return before.error();
  // Empty input at a valid non-null address (the memory end): the host writes nothing before the allocator runs.
  Value args[2] = {Value::from_i32(int32_t(uint32_t(end0))), Value::from_i32(0)};
  auto r = run_.call(*store_, args);
  priming_note_ = r.ok() ? "priming run(" + hex(end0) + ", 0) returned " + std::to_string((*r)[0].as_i32())
                         : "priming run(" + hex(end0) + ", 0) trapped: " + r.error().message;
  bool touched = mem_.size_bytes() != end0;
  if (!touched) {
    auto now = heap_hash();
    if (!now.ok()) return now.error();
    touched = *now != *before;
  }
  if (!touched)
    return make_error(ErrorKind::Usage,
                      "legacy wasm_graph module exports no allocator and priming did not initialise its heap (" +
                      priming_note_ + ", memory above __heap_base " + hex(*heap_base_) +
                      " unchanged and not grown): the safe driver cannot prove that the guest allocator will not "
                      "claim a host-written input; export malloc/free, or use --unsafe-tvm");
  primed_ = true;
  return Status::Ok();
}

Result<uint32_t> LegacyDriver::grow_region(uint32_t need) {
  const uint64_t end = mem_.size_bytes();
  const uint64_t pages = (uint64_t(need) + 0xffff) >> 16;
  if (end + (pages << 16) > (uint64_t(1) << 32))
    return make_error(ErrorKind::Limit, "input region of " + std::to_string(need) + " bytes at " + hex(end) +
                                            " would exceed the 4 GiB wasm32 address space");
  auto g = mem_.grow(uint32_t(pages));
  if (!g.ok())
    return make_error(ErrorKind::Limit, "memory.grow by " + std::to_string(pages) +
                                            " page(s) for the input failed (memory maximum?): " + g.error().message);
  return uint32_t(end);
}

Result<LegacyPlacement> LegacyDriver::place(const std::string& json) {
  if (json.size() > 0x7fff0000u) return make_error(ErrorKind::Limit, "input JSON larger than 2 GiB");
  const uint32_t size = uint32_t(json.size());
  LegacyPlacement p;
  p.size = size;
  if (opt_.unsafe_tvm) {
    // TVM's host, step by step.
    uint64_t old_end = mem_.size_bytes();
    if (old_end > UINT32_MAX) return make_error(ErrorKind::Limit, "memory too large for a 32-bit address");
    auto g = mem_.grow((size >> 16) + 1);
    if (!g.ok()) return make_error(ErrorKind::Limit, "memory.grow for the input failed: " + g.error().message);
    p.addr = uint32_t(old_end);
    p.capacity = uint32_t(std::min<uint64_t>(mem_.size_bytes() - old_end, UINT32_MAX));
    p.allocator = "none (unsafe TVM protocol)";
  } else {
    const uint32_t need = std::max(size, opt_.output_reserve);
    if (primed_) {
      // Rule 2b: pages grown after the allocator initialised; reused while large enough.
      if (block_ == 0 || block_cap_ < need) {
        auto a = grow_region(need);
        if (!a.ok()) return a.error();
        block_ = *a;
        block_cap_ = uint32_t(std::min<uint64_t>(mem_.size_bytes() - *a, UINT32_MAX));
      }
      alloc_name_ = "none (grown pages after priming)";
    } else if (block_ == 0 || block_cap_ < need) {
      if (block_ && free_.valid()) {
        Value a = Value::from_i32(int32_t(block_));
        WASMVM_TRY(free_.call(*store_, std::span<const Value>(&a, 1)));
      }
      block_ = 0;
      Result<std::vector<Value>> r = make_error(ErrorKind::Usage, "");
      if (alloc_kind_ == AllocKind::Malloc) {
        Value a = Value::from_i32(int32_t(need));
        r = alloc_.call(*store_, std::span<const Value>(&a, 1));
      } else {
        Value a[4] = {Value::from_i32(0), Value::from_i32(0), Value::from_i32(16), Value::from_i32(int32_t(need))};
        r = alloc_.call(*store_, a);
      }
      if (!r.ok()) return std::move(r).error();
      uint32_t addr = uint32_t((*r)[0].as_i32());
      if (addr == 0)
        return make_error(ErrorKind::Limit, "guest allocator " + alloc_name_ + " could not allocate " + std::to_string(need) + " bytes");
      if (!mem_.in_bounds(addr, need))
        return make_error(ErrorKind::Invalid, "guest allocator " + alloc_name_ + " returned " + hex(addr) + " + " +
                                                  std::to_string(need) + " bytes, outside memory");
      if (heap_base_ && addr < *heap_base_)
        return make_error(ErrorKind::Invalid, "guest allocator " + alloc_name_ + " returned " + hex(addr) +
                                                  ", below __heap_base " + hex(*heap_base_));
      block_ = addr;
      block_cap_ = need;
    }
    p.addr = block_;
    p.capacity = block_cap_;
    p.allocator = alloc_name_;
  }
  WASMVM_TRY(mem_.write(p.addr, json.data(), json.size()));
  placement_ = p;
  return p;
}

Result<HostTensor> LegacyDriver::invoke_and_read() {
  const LegacyPlacement& p = placement_;
  Value args[2] = {Value::from_i32(int32_t(p.addr)), Value::from_i32(int32_t(p.size))};
  auto r = run_.call(*store_, args);
  if (!r.ok()) {
    if (primed_) {
      Error e = std::move(r).error();
      e.message += " (" + priming_note_ + ")";
      return e;
    }
    return std::move(r).error();
  }
  const uint32_t out_size = uint32_t((*r)[0].as_i32());
  if (out_size == 0) return make_error(ErrorKind::Trap, "guest run() returned 0 (inference failed: the guest rejected its input or failed; legacy modules do not describe their input, so only --input-shape / ModelOptions::legacy_input_shape lets the host check it)");
  if (out_size > p.capacity)
    return make_error(ErrorKind::Invalid, "guest wrote " + std::to_string(out_size) + " bytes of output JSON at " +
                                              hex(p.addr) + " but only " + std::to_string(p.capacity) +
                                              " bytes were reserved there (raise the output reserve)");
  auto s = mem_.span(p.addr, out_size);
  if (!s.ok()) return make_error(ErrorKind::Invalid, "output JSON [" + hex(p.addr) + ", +" + std::to_string(out_size) +
                                                       ") is outside memory");
  return decode_legacy_tensor(*s);
}

Result<HostTensor> LegacyDriver::run(const HostTensor& input) {
  auto json = encode_legacy_tensor(input);
  if (!json.ok()) return json.error();
  auto p = place(*json);
  if (!p.ok()) return p.error();
  return invoke_and_read();
}

}  // namespace wasmvm::graph

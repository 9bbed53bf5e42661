// Tiny helpers that assemble WebAssembly binaries byte by byte for the decoder tests (so the tests
// never need the spec testsuite or wabt).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "wasmvm/types.h"

namespace wasmvm::test {

using Bytes = std::vector<uint8_t>;

inline void put_u(Bytes& b, uint64_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v) byte |= 0x80;
    b.push_back(byte);
  } while (v);
}

inline void put_s(Bytes& b, int64_t v) {
  for (;;) {
    uint8_t byte = v & 0x7F;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
    if (!done) byte |= 0x80;
    b.push_back(byte);
    if (done) return;
  }
}

// (push_back loop: GCC 12 -O3 warns falsely about vector::insert here)
inline void append(Bytes& b, const Bytes& more) {
  for (uint8_t x : more) b.push_back(x);
}

inline void put_name(Bytes& b, const std::string& s) {
  put_u(b, s.size());
  b.insert(b.end(), s.begin(), s.end());
}

inline Bytes section(uint8_t id, const Bytes& payload) {
  Bytes b{id};
  put_u(b, payload.size());
  append(b, payload);
  return b;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

// Header followed by the given (already framed) sections.
inline Bytes module_of(std::initializer_list<Bytes> sections) {
  Bytes b = header();
  for (const Bytes& s : sections) append(b, s);
  return b;
}

inline uint8_t vt(ValType t) { return static_cast<uint8_t>(t); }

// Builds a well-formed module from declarations; each add_* returns the new item's index.
class ModuleBuilder {
 public:
  uint32_t add_type(std::vector<ValType> params, std::vector<ValType> results) {
    types_.push_back({std::move(params), std::move(results)});
    return static_cast<uint32_t>(types_.size() - 1);
  }
  void import_func(const std::string& mod, const std::string& name, uint32_t type) {
    Bytes b;
    put_name(b, mod);
    put_name(b, name);
    b.push_back(0x00);
    put_u(b, type);
    imports_.push_back(b);
    num_func_imports_++;
  }
  void import_global(const std::string& mod, const std::string& name, ValType t, bool mut) {
    Bytes b;
    put_name(b, mod);
    put_name(b, name);
    b.push_back(0x03);
    b.push_back(vt(t));
    b.push_back(mut ? 1 : 0);
    imports_.push_back(b);
  }
  // `body` is the instruction bytes including the final `end` (0x0B).
  uint32_t add_func(uint32_t type, std::vector<ValType> locals, Bytes body) {
    funcs_.push_back({type, std::move(locals), std::move(body)});
    return num_func_imports_ + static_cast<uint32_t>(funcs_.size() - 1);
  }
  void add_memory(uint32_t min, bool has_max = false, uint32_t max = 0) {
    Bytes b{static_cast<uint8_t>(has_max ? 1 : 0)};
    put_u(b, min);
    if (has_max) put_u(b, max);
    memories_.push_back(b);
  }
  void add_table(ValType elem, uint32_t min) {
    Bytes b{vt(elem), 0x00};
    put_u(b, min);
    tables_.push_back(b);
  }
  // `init` is the constant expression including its `end`.
  void add_global(ValType t, bool mut, Bytes init) {
    Bytes b{vt(t), static_cast<uint8_t>(mut ? 1 : 0)};
    append(b, init);
    globals_.push_back(b);
  }
  void add_export(const std::string& name, uint8_t kind, uint32_t index) {
    Bytes b;
    put_name(b, name);
    b.push_back(kind);
    put_u(b, index);
    exports_.push_back(b);
  }
  void set_start(uint32_t f) { start_ = static_cast<int64_t>(f); }
  void add_elem_raw(Bytes seg) { elems_.push_back(std::move(seg)); }
  void add_data_raw(Bytes seg) { datas_.push_back(std::move(seg)); }
  void set_data_count(uint32_t n) { data_count_ = n; }

  Bytes build() const {
    Bytes out = header();
    auto vec_section = [&](uint8_t id, const std::vector<Bytes>& items) {
      if (items.empty()) return;
      Bytes p;
      put_u(p, items.size());
      for (const Bytes& i : items) append(p, i);
      append(out, section(id, p));
    };
    std::vector<Bytes> types;
    for (const FuncType& ft : types_) {
      Bytes b{0x60};
      put_u(b, ft.params.size());
      for (ValType t : ft.params) b.push_back(vt(t));
      put_u(b, ft.results.size());
      for (ValType t : ft.results) b.push_back(vt(t));
      types.push_back(b);
    }
    vec_section(1, types);
    vec_section(2, imports_);
    std::vector<Bytes> fsec, code;
    for (const Func& f : funcs_) {
      Bytes t;
      put_u(t, f.type);
      fsec.push_back(t);
      Bytes body;
      put_u(body, f.locals.size());
      for (ValType l : f.locals) {
        body.push_back(1);
        body.push_back(vt(l));
      }
      append(body, f.body);
      Bytes framed;
      put_u(framed, body.size());
      append(framed, body);
      code.push_back(framed);
    }
    vec_section(3, fsec);
    vec_section(4, tables_);
    vec_section(5, memories_);
    vec_section(6, globals_);
    vec_section(7, exports_);
    if (start_ >= 0) {
      Bytes p;
      put_u(p, static_cast<uint64_t>(start_));
      append(out, section(8, p));
    }
    vec_section(9, elems_);
    if (data_count_ >= 0) {
      Bytes p;
      put_u(p, static_cast<uint64_t>(data_count_));
      append(out, section(12, p));
    }
    vec_section(10, code);
    vec_section(11, datas_);
    return out;
  }

 private:
  struct Func {
    uint32_t type;
    std::vector<ValType> locals;
    Bytes body;
  };
  std::vector<FuncType> types_;
  std::vector<Bytes> imports_, memories_, tables_, globals_, exports_, elems_, datas_;
  std::vector<Func> funcs_;
  uint32_t num_func_imports_ = 0;
  int64_t start_ = -1;
  int64_t data_count_ = -1;
};

}  // namespace wasmvm::test

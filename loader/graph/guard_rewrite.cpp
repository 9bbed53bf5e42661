// Module rewriter for guard mode (see guard_rewrite.h).
#include "loader/graph/guard_rewrite.h"

#include <array>
#include <cstring>
#include <string_view>

#include "decoder/instr.h"
#include "decoder/module.h"
#include "decoder/opcodes.h"

namespace wasmvm::graph {

namespace {

using Bytes = std::vector<uint8_t>;

void uleb(Bytes& b, uint64_t v) {
  do {
    uint8_t x = v & 0x7f;
    v >>= 7;
    b.push_back(uint8_t(x | (v ? 0x80 : 0)));
  } while (v);
}
void sleb(Bytes& b, int64_t v) {
  for (;;) {
    uint8_t x = v & 0x7f;
    v >>= 7;
    bool done = (v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40));
    b.push_back(uint8_t(x | (done ? 0 : 0x80)));
    if (done) return;
  }
}
void name(Bytes& b, std::string_view s) { uleb(b, s.size()); b.insert(b.end(), s.begin(), s.end()); }
void section(Bytes& out, uint8_t id, const Bytes& payload) {
  out.push_back(id);
  uleb(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}
// Skips a LEB128 at b[pos]; returns the position after it.
size_t skip_leb(std::span<const uint8_t> b, size_t pos) {
  while (pos < b.size() && (b[pos] & 0x80)) pos++;
  return pos + 1;
}

enum class Access : uint8_t { None, Load, StoreI32, StoreI64, StoreF32, StoreF64, StoreV128, LoadLane, StoreLane };
struct OpMem {
  Access kind = Access::None;
  uint8_t size = 0;
};
const std::array<OpMem, kNumOps>& op_table() {
  static const std::array<OpMem, kNumOps> table = [] {
    std::array<OpMem, kNumOps> t{};
#define WASM_OP(Name, prefix, code, text, imm, sig, extra)                                          \
    {                                                                                                \
      std::string_view im = #imm, sg = sig;                                                          \
      OpMem m;                                                                                       \
      m.size = uint8_t(extra);                                                                       \
      if (im == "MemArg" && sg.size() >= 2 && sg[1] == ':') m.kind = Access::Load;                   \
      else if (im == "MemArg" && sg == "ii:") m.kind = Access::StoreI32;                             \
      else if (im == "MemArg" && sg == "il:") m.kind = Access::StoreI64;                             \
      else if (im == "MemArg" && sg == "if:") m.kind = Access::StoreF32;                             \
      else if (im == "MemArg" && sg == "id:") m.kind = Access::StoreF64;                             \
      else if (im == "MemArg" && sg == "iv:") m.kind = Access::StoreV128;                            \
      else if (im == "MemArgLane" && sg == "iv:v") m.kind = Access::LoadLane;                        \
      else if (im == "MemArgLane" && sg == "iv:") m.kind = Access::StoreLane;                        \
      t[size_t(Op::Name)] = m;                                                                       \
    }
#include "decoder/opcodes.def"
#undef WASM_OP
    return t;
  }();
  return table;
}

// Hook function indices relative to the first hook. store_v128 is last so that a module without v128 memory
// accesses can leave it (and its v128 parameter) out: such a module then validates in a build without simd128.
enum Hook : uint32_t { kLoad, kStoreI32, kStoreI64, kFill, kCopy, kInit, kStoreV128 };

bool needs_v128_scratch(Access a) { return a == Access::LoadLane || a == Access::StoreV128 || a == Access::StoreLane; }

// True when some function body has an access that goes through the v128 scratch local or the store_v128 hook.
Result<bool> uses_v128_accesses(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  const auto& table = op_table();
  for (const FunctionDef& f : info.functions) {
    InstrReader r(wasm.data(), f.body_start, f.body_end);
    while (!r.at_end()) {
      Instr in;
      if (Status st = r.next(in); !st.ok()) return std::move(st).error();
      if (needs_v128_scratch(table[size_t(in.op)].kind)) return true;
    }
  }
  return false;
}

void const_expr(Bytes& b, const ConstExpr& e, uint32_t shift_from, uint32_t shift) {
  switch (e.kind) {
    case ConstExpr::Kind::I32: b.push_back(0x41); sleb(b, int32_t(uint32_t(e.bits[0]))); break;
    case ConstExpr::Kind::I64: b.push_back(0x42); sleb(b, int64_t(e.bits[0])); break;
    case ConstExpr::Kind::F32: {
      b.push_back(0x43);
      uint32_t v = uint32_t(e.bits[0]);
      for (int i = 0; i < 4; i++) b.push_back(uint8_t(v >> (8 * i)));
      break;
    }
    case ConstExpr::Kind::F64:
      b.push_back(0x44);
      for (int i = 0; i < 8; i++) b.push_back(uint8_t(e.bits[0] >> (8 * i)));
      break;
    case ConstExpr::Kind::V128:
      b.push_back(0xFD);
      uleb(b, 12);
      for (int w = 0; w < 2; w++)
        for (int i = 0; i < 8; i++) b.push_back(uint8_t(e.bits[w] >> (8 * i)));
      break;
    case ConstExpr::Kind::RefNull: b.push_back(0xD0); b.push_back(uint8_t(e.type)); break;
    case ConstExpr::Kind::RefFunc:
      b.push_back(0xD2);
      uleb(b, e.index >= shift_from ? e.index + shift : e.index);
      break;
    case ConstExpr::Kind::GlobalGet: b.push_back(0x23); uleb(b, e.index); break;
  }
  b.push_back(0x0B);
}

struct FuncRewriter {
  std::span<const uint8_t> wasm;
  uint32_t first_hook, shift_from, nhooks;
  uint32_t la, li32, li64, lf32, lf64, lv128;  // scratch locals

  void get(Bytes& b, uint32_t l) { b.push_back(0x20); uleb(b, l); }
  void set(Bytes& b, uint32_t l) { b.push_back(0x21); uleb(b, l); }
  void i32c(Bytes& b, int64_t v) { b.push_back(0x41); sleb(b, int32_t(uint32_t(v))); }
  void call(Bytes& b, Hook h) { b.push_back(0x10); uleb(b, first_hook + h); }
  void raw(Bytes& b, size_t from, size_t to) { b.insert(b.end(), wasm.begin() + ptrdiff_t(from), wasm.begin() + ptrdiff_t(to)); }

  Status body(const FunctionDef& f, Bytes& out) {
    InstrReader r(wasm.data(), f.body_start, f.body_end);
    const auto& table = op_table();
    while (!r.at_end()) {
      const size_t at = r.pos();
      Instr in;
      if (Status st = r.next(in); !st.ok()) return st;
      const size_t end = r.pos();
      const OpMem m = table[size_t(in.op)];
      const int64_t off = in.mem.offset, code = int64_t(in.offset);
      auto addr_args = [&](int64_t size) { get(out, la); i32c(out, off); i32c(out, size); i32c(out, code); };
      switch (m.kind) {
        case Access::Load:
          set(out, la); addr_args(m.size); call(out, kLoad); get(out, la); raw(out, at, end);
          continue;
        case Access::LoadLane:
          set(out, lv128); set(out, la); addr_args(m.size); call(out, kLoad);
          get(out, la); get(out, lv128); raw(out, at, end);
          continue;
        case Access::StoreI32: case Access::StoreF32: {
          const uint32_t v = m.kind == Access::StoreI32 ? li32 : lf32;
          set(out, v); set(out, la); addr_args(m.size); get(out, v);
          if (m.kind == Access::StoreF32) out.push_back(0xBC);  // i32.reinterpret_f32
          call(out, kStoreI32); get(out, la); get(out, v); raw(out, at, end);
          continue;
        }
        case Access::StoreI64: case Access::StoreF64: {
          const uint32_t v = m.kind == Access::StoreI64 ? li64 : lf64;
          set(out, v); set(out, la); addr_args(m.size); get(out, v);
          if (m.kind == Access::StoreF64) out.push_back(0xBD);  // i64.reinterpret_f64
          call(out, kStoreI64); get(out, la); get(out, v); raw(out, at, end);
          continue;
        }
        case Access::StoreV128: case Access::StoreLane:
          set(out, lv128); set(out, la); addr_args(m.size | (m.kind == Access::StoreLane ? in.lane << 8 : 0));
          get(out, lv128); call(out, kStoreV128); get(out, la); get(out, lv128); raw(out, at, end);
          continue;
        case Access::None: break;
      }
      if (in.op == Op::MemoryFill || in.op == Op::MemoryCopy) {
        // (d, x, n): keep them in i32 scratch locals la, li32 and a reused lane of li64? use three i32 locals.
        set(out, li32 + 1); set(out, li32); set(out, la);
        get(out, la); get(out, li32); get(out, li32 + 1); i32c(out, code);
        call(out, in.op == Op::MemoryFill ? kFill : kCopy);
        get(out, la); get(out, li32); get(out, li32 + 1); raw(out, at, end);
      } else if (in.op == Op::MemoryInit) {
        set(out, li32 + 1); set(out, li32); set(out, la);
        get(out, la); get(out, li32 + 1); i32c(out, code); call(out, kInit);
        get(out, la); get(out, li32); get(out, li32 + 1); raw(out, at, end);
      } else if ((in.op == Op::Call || in.op == Op::RefFunc) && in.index >= shift_from) {
        out.push_back(in.op == Op::Call ? 0x10 : 0xD2);
        uleb(out, in.index + nhooks);
      } else {
        raw(out, at, end);
      }
    }
    return Status::Ok();
  }
};

}  // namespace

Result<std::vector<uint8_t>> instrument_memory_accesses(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  const uint32_t nimp = info.num_imported_funcs;
  const uint32_t ntypes = uint32_t(info.types.size());
  auto with_v128 = uses_v128_accesses(wasm, info);
  if (!with_v128.ok()) return with_v128.error();
  const uint32_t nhooks = *with_v128 ? kGuardHooks : kGuardHooksScalar;
  Bytes out(wasm.begin(), wasm.begin() + 8);
  bool wrote_types = false, wrote_imports = false;

  auto emit_types = [&]() {
    Bytes p;
    uleb(p, ntypes + (*with_v128 ? 5 : 4));
    for (const auto& s : info.sections)
      if (s.id == 1) {
        size_t start = s.offset + 1;
        start = skip_leb(wasm, start);           // section size
        size_t entries = skip_leb(wasm, start);  // type count
        p.insert(p.end(), wasm.begin() + ptrdiff_t(entries), wasm.begin() + ptrdiff_t(start + s.size));
      }
    const uint8_t I = 0x7F, L = 0x7E, V = 0x7B;
    std::vector<std::vector<uint8_t>> params = {{I, I, I, I}, {I, I, I, I, I}, {I, I, I, I, L}, {I, I, I}};
    if (*with_v128) params.push_back({I, I, I, I, V});
    for (const auto& ps : params) {
      p.push_back(0x60);
      uleb(p, ps.size());
      p.insert(p.end(), ps.begin(), ps.end());
      p.push_back(0);
    }
    section(out, 1, p);
    wrote_types = true;
  };
  auto emit_imports = [&]() {
    Bytes p;
    uleb(p, info.imports.size() + nhooks);
    for (const auto& s : info.sections)
      if (s.id == 2) {
        size_t start = skip_leb(wasm, s.offset + 1);
        size_t entries = skip_leb(wasm, start);
        p.insert(p.end(), wasm.begin() + ptrdiff_t(entries), wasm.begin() + ptrdiff_t(start + s.size));
      }
    // Hook order = enum Hook; type indices = ntypes + {0: 4xi32, 1: 5xi32, 2: 4xi32+i64, 3: 3xi32, 4: 4xi32+v128}.
    const std::pair<const char*, uint32_t> hooks[kGuardHooks] = {{"load", 0}, {"store_i32", 1}, {"store_i64", 2},
                                                                 {"fill", 0}, {"copy", 0},      {"init", 3},
                                                                 {"store_v128", 4}};
    for (uint32_t h = 0; h < nhooks; h++) {
      const auto& [n, t] = hooks[h];
      name(p, kGuardModuleName);
      name(p, n);
      p.push_back(0x00);
      uleb(p, ntypes + t);
    }
    section(out, 2, p);
    wrote_imports = true;
  };
  auto shifted = [&](uint32_t f) { return f >= nimp ? f + nhooks : f; };

  for (const auto& s : info.sections) {
    const size_t payload = skip_leb(wasm, s.offset + 1);
    if (s.id != 0 && s.id > 1 && !wrote_types) emit_types();
    if (s.id != 0 && s.id > 2 && s.id != 12 && !wrote_imports) emit_imports();
    switch (s.id) {
      case 0:
        if (s.name == "name") continue;  // function indices in it would be stale
        out.insert(out.end(), wasm.begin() + ptrdiff_t(s.offset), wasm.begin() + ptrdiff_t(payload + s.size));
        break;
      case 1: if (!wrote_types) emit_types(); break;
      case 2: if (!wrote_imports) emit_imports(); break;
      case 6: {  // globals: ref.func initialisers move
        Bytes p;
        uleb(p, info.globals.size());
        for (const auto& g : info.globals) {
          p.push_back(uint8_t(g.type.type));
          p.push_back(g.type.is_mutable ? 1 : 0);
          const_expr(p, g.init, nimp, nhooks);
        }
        section(out, 6, p);
        break;
      }
      case 7: {
        Bytes p;
        uleb(p, info.exports.size());
        for (const auto& e : info.exports) {
          name(p, e.name);
          p.push_back(uint8_t(e.kind));
          uleb(p, e.kind == ExternKind::Func ? shifted(e.index) : e.index);
        }
        section(out, 7, p);
        break;
      }
      case 8: {
        Bytes p;
        uleb(p, shifted(info.start));
        section(out, 8, p);
        break;
      }
      case 9: {  // elements, re-encoded in the expression forms (flags 4..7)
        Bytes p;
        uleb(p, info.elems.size());
        for (const auto& e : info.elems) {
          if (e.mode == SegmentMode::Active && e.table_index == 0 && e.type == ValType::FuncRef) {
            p.push_back(4);
            const_expr(p, e.offset, nimp, nhooks);
          } else if (e.mode == SegmentMode::Active) {
            p.push_back(6);
            uleb(p, e.table_index);
            const_expr(p, e.offset, nimp, nhooks);
            p.push_back(uint8_t(e.type));
          } else {
            p.push_back(e.mode == SegmentMode::Passive ? 5 : 7);
            p.push_back(uint8_t(e.type));
          }
          uleb(p, e.init.size());
          for (const auto& x : e.init) const_expr(p, x, nimp, nhooks);
        }
        section(out, 9, p);
        break;
      }
      case 10: {
        Bytes p;
        uleb(p, info.functions.size());
        for (size_t i = 0; i < info.functions.size(); i++) {
          const FunctionDef& f = info.functions[i];
          const uint32_t nparams = uint32_t(info.types[f.type_index].params.size());
          const uint32_t base = nparams + uint32_t(f.locals.size());
          FuncRewriter fr{wasm, nimp, nimp, nhooks, base, base + 1, base + 3, base + 4, base + 5, base + 6};
          Bytes body;
          // Original local groups, then: 3 x i32 (addr + two i32 temporaries), i64, f32, f64, v128 (only when used).
          size_t groups = 0;
          Bytes decl;
          for (size_t k = 0; k < f.locals.size();) {
            size_t j = k;
            while (j < f.locals.size() && f.locals[j] == f.locals[k]) j++;
            uleb(decl, j - k);
            decl.push_back(uint8_t(f.locals[k]));
            groups++;
            k = j;
          }
          const std::pair<uint32_t, ValType> extra[] = {{3, ValType::I32}, {1, ValType::I64}, {1, ValType::F32},
                                                        {1, ValType::F64}, {1, ValType::V128}};
          for (const auto& [n, t] : extra) {
            if (t == ValType::V128 && !*with_v128) continue;
            uleb(decl, n);
            decl.push_back(uint8_t(t));
            groups++;
          }
          uleb(body, groups);
          body.insert(body.end(), decl.begin(), decl.end());
          if (Status st = fr.body(f, body); !st.ok()) return std::move(st).error();
          uleb(p, body.size());
          p.insert(p.end(), body.begin(), body.end());
        }
        section(out, 10, p);
        break;
      }
      default:
        out.insert(out.end(), wasm.begin() + ptrdiff_t(s.offset), wasm.begin() + ptrdiff_t(payload + s.size));
    }
  }
  if (!wrote_types) emit_types();
  if (!wrote_imports) emit_imports();
  return out;
}

}  // namespace wasmvm::graph

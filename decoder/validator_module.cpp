// Module-level validation (everything outside function bodies) and decode_and_validate.
#include <string>
#include <string_view>
#include <unordered_set>

#include "parser.h"
#include "validator.h"

namespace wasmvm {
namespace {

Error invalid(std::string msg, size_t offset = kNoOffset) {
  return make_error(ErrorKind::Invalid, std::move(msg), offset);
}
std::string with_index(const char* what, uint32_t idx) { return std::string(what) + " " + std::to_string(idx); }

Status check_type_allowed(ValType t, size_t offset) {
#if !WASMVM_SIMD
  if (t == ValType::V128) return invalid("simd128 support disabled in this build", offset);
#else
  (void)t;
  (void)offset;
#endif
  return Status();
}

Status check_table_limits(const Limits& l, size_t offset) {
  if (l.has_max && l.min > l.max) return invalid("size minimum must not be greater than maximum", offset);
  return Status();
}

Status check_memory_limits(const Limits& l, size_t offset) {
  if (l.min > kMaxPages || (l.has_max && l.max > kMaxPages))
    return invalid("memory size must be at most 65536 pages (4GiB)", offset);
  if (l.has_max && l.min > l.max) return invalid("size minimum must not be greater than maximum", offset);
  return Status();
}

// A constant expression must be exactly one constant instruction producing `expected`. Only
// imported globals are visible to it (2.0), and they must be immutable.
Status check_const(const ModuleInfo& m, const ConstExpr& e, ValType expected) {
  if (e.non_constant) return invalid("constant expression required", e.offset);
  ValType actual = e.type;
  if (e.num_instrs == 1) {
    switch (e.kind) {
      case ConstExpr::Kind::GlobalGet:
        if (e.index >= m.num_imported_globals) return invalid(with_index("unknown global", e.index), e.offset);
        if (m.all_globals[e.index].is_mutable) return invalid("constant expression required", e.offset);
        actual = m.all_globals[e.index].type;
        break;
      case ConstExpr::Kind::RefFunc:
        if (e.index >= m.func_type_indices.size())
          return invalid(with_index("unknown function", e.index), e.offset);
        break;
      default:
        break;
    }
    WASMVM_TRY(check_type_allowed(actual, e.offset));
  }
  if (e.num_instrs != 1 || actual != expected) return invalid("type mismatch", e.offset);
  return Status();
}

}  // namespace

Status validate_module(const ModuleInfo& m) {
  for (const FuncType& ft : m.types) {
    for (ValType t : ft.params) WASMVM_TRY(check_type_allowed(t, kNoOffset));
    for (ValType t : ft.results) WASMVM_TRY(check_type_allowed(t, kNoOffset));
  }
  for (const Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func:
        if (im.func_type >= m.types.size()) return invalid(with_index("unknown type", im.func_type), im.offset);
        break;
      case ExternKind::Table: WASMVM_TRY(check_table_limits(im.table.limits, im.offset)); break;
      case ExternKind::Memory: WASMVM_TRY(check_memory_limits(im.memory.limits, im.offset)); break;
      case ExternKind::Global: WASMVM_TRY(check_type_allowed(im.global.type, im.offset)); break;
    }
  }
  for (const FunctionDef& f : m.functions)
    if (f.type_index >= m.types.size()) return invalid(with_index("unknown type", f.type_index), f.decl_offset);
  for (const TableType& t : m.tables) WASMVM_TRY(check_table_limits(t.limits, kNoOffset));
  for (const MemoryType& mem : m.memories) WASMVM_TRY(check_memory_limits(mem.limits, kNoOffset));
  if (m.all_memories.size() > 1) return invalid("multiple memories");
  for (const GlobalDef& g : m.globals) {
    WASMVM_TRY(check_type_allowed(g.type.type, g.init.offset));
    WASMVM_TRY(check_const(m, g.init, g.type.type));
  }

  std::unordered_set<std::string_view> names;
  names.reserve(m.exports.size());
  for (const Export& ex : m.exports) {
    if (!names.insert(ex.name).second) return invalid("duplicate export name", ex.offset);
    switch (ex.kind) {
      case ExternKind::Func:
        if (ex.index >= m.func_type_indices.size()) return invalid(with_index("unknown function", ex.index), ex.offset);
        break;
      case ExternKind::Table:
        if (ex.index >= m.all_tables.size()) return invalid(with_index("unknown table", ex.index), ex.offset);
        break;
      case ExternKind::Memory:
        if (ex.index >= m.all_memories.size()) return invalid(with_index("unknown memory", ex.index), ex.offset);
        break;
      case ExternKind::Global:
        if (ex.index >= m.all_globals.size()) return invalid(with_index("unknown global", ex.index), ex.offset);
        break;
    }
  }

  if (m.has_start) {
    if (m.start >= m.func_type_indices.size()) return invalid(with_index("unknown function", m.start));
    const FuncType& ft = m.func_type(m.start);
    if (!ft.params.empty() || !ft.results.empty()) return invalid("start function");
  }

  for (const ElemSegment& seg : m.elems) {
    if (seg.mode == SegmentMode::Active) {
      if (seg.table_index >= m.all_tables.size())
        return invalid(with_index("unknown table", seg.table_index), seg.pos);
      WASMVM_TRY(check_const(m, seg.offset, ValType::I32));
      if (m.all_tables[seg.table_index].elem != seg.type) return invalid("type mismatch", seg.pos);
    }
    for (const ConstExpr& e : seg.init) WASMVM_TRY(check_const(m, e, seg.type));
  }
  for (const DataSegment& seg : m.datas) {
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.memory_index >= m.all_memories.size())
      return invalid(with_index("unknown memory", seg.memory_index), seg.pos);
    WASMVM_TRY(check_const(m, seg.offset, ValType::I32));
  }
  return Status();
}

namespace {

// Decode-only pass over one body: every malformation (encoding, block structure, data count
// requirement, trailing bytes) is reported before any validation error, as the spec decodes the
// whole module before validating it.
Status check_body_encoding(const ModuleInfo& m, const uint8_t* data, const FunctionDef& f,
                           std::vector<uint8_t>& frames) {
  InstrReader reader(data, f.body_start, f.body_end);
  Instr in;
  frames.clear();
  frames.push_back(0);  // 0 = block/loop/function, 1 = if, 2 = if after its else
  while (!reader.at_end()) {
    Status st = reader.next(in);
    if (!st.ok()) {
      Error e = std::move(st).error();
      if (e.message == "unexpected end") e.message = "unexpected end of section or function";
      return e;
    }
    if (frames.empty()) return make_error(ErrorKind::Malformed, "section size mismatch", in.offset);
    switch (in.op) {
      case Op::Block:
      case Op::Loop: frames.push_back(0); break;
      case Op::If: frames.push_back(1); break;
      case Op::Else:
        if (frames.back() != 1) return make_error(ErrorKind::Malformed, "END opcode expected", in.offset);
        frames.back() = 2;
        break;
      case Op::End: frames.pop_back(); break;
      case Op::MemoryInit:
      case Op::DataDrop:
        // Out-of-range indices are left to validation (see FunctionValidator).
        if (!m.has_data_count && in.index < m.datas.size() &&
            (in.op == Op::DataDrop || !m.all_memories.empty()))
          return make_error(ErrorKind::Malformed, "data count section required", in.offset);
        break;
      default: break;
    }
  }
  if (!frames.empty())
    return make_error(ErrorKind::Malformed, "unexpected end of section or function", f.body_end);
  return Status();
}

Status validate_bodies(const ModuleInfo& m, std::span<const uint8_t> bytes) {
  FunctionValidator v(m);
  for (uint32_t i = 0; i < m.functions.size(); i++) {
    const FunctionDef& f = m.functions[i];
    WASMVM_TRY(v.begin(i));
    InstrReader reader(bytes.data(), f.body_start, f.body_end);
    Instr in;
    while (!reader.at_end()) {
      WASMVM_TRY(reader.next(in));
      WASMVM_TRY(v.step(in));
    }
    if (!v.done()) return make_error(ErrorKind::Malformed, "unexpected end of section or function", f.body_end);
  }
  return Status();
}

}  // namespace

Status validate_function_bodies(const ModuleInfo& m, std::span<const uint8_t> bytes) {
  Status st = validate_bodies(m, bytes);
  if (!st.ok() && st.error().kind == ErrorKind::Invalid) {
    // The spec decodes the whole module before validating: a malformation in any body wins over
    // a validation error. Only this (rare) path pays for a second decoding pass.
    std::vector<uint8_t> frames;
    for (const FunctionDef& f : m.functions) WASMVM_TRY(check_body_encoding(m, bytes.data(), f, frames));
  }
  return st;
}

Result<ModuleInfo> decode_and_validate(std::span<const uint8_t> bytes) {
  Result<ModuleInfo> parsed = parse_module(bytes);
  if (!parsed.ok()) return parsed;
  const ModuleInfo& m = parsed.value();
  Status st = validate_module(m);
  if (st.ok()) st = validate_function_bodies(m, bytes);
  if (!st.ok()) return std::move(st).error();
  return parsed;
}

}  // namespace wasmvm

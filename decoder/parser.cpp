// parse_module: the binary format's module structure (sections, vectors, names, segments, constant
// expressions). Function bodies are located, not decoded. Every error is ErrorKind::Malformed with
// the byte offset where the problem starts.
#include "parser.h"

#include "byte_reader.h"
#include "func_refs.h"
#include "instr.h"
#include "name_section.h"
#include "utf8.h"

namespace wasmvm {
namespace {

constexpr uint8_t kCustom = 0, kType = 1, kImport = 2, kFunction = 3, kTable = 4, kMemory = 5,
                  kGlobal = 6, kExport = 7, kStart = 8, kElem = 9, kCode = 10, kData = 11,
                  kDataCount = 12;

// Engines cap locals per function (V8: 50000); beyond that, expanding them would only waste memory.
constexpr uint64_t kMaxLocals = 50000;
// Locals are stored expanded (one byte each), so a tiny declaration can stand for many bytes:
// bound the whole module's total as well (16 MiB of local types).
constexpr uint64_t kMaxModuleLocals = uint64_t{1} << 24;

const char* section_name(uint8_t id) {
  static const char* const names[] = {"custom", "type",  "import", "function", "table",
                                      "memory", "global", "export", "start",    "elem",
                                      "code",   "data",  "datacount"};
  return id <= kDataCount ? names[id] : "unknown";
}

// Position of a non-custom section in the required order (data count sits between elem and code).
int section_rank(uint8_t id) {
  switch (id) {
    case kDataCount: return 10;
    case kCode: return 11;
    case kData: return 12;
    default: return id;
  }
}

// Records a constant instruction as the expression's value.
void set_const(const Instr& in, ConstExpr& out) {
  switch (in.op) {
    case Op::I32Const: out.kind = ConstExpr::Kind::I32; out.type = ValType::I32;
      out.bits[0] = static_cast<uint32_t>(in.imm); break;
    case Op::I64Const: out.kind = ConstExpr::Kind::I64; out.type = ValType::I64; out.bits[0] = in.imm; break;
    case Op::F32Const: out.kind = ConstExpr::Kind::F32; out.type = ValType::F32; out.bits[0] = in.imm; break;
    case Op::F64Const: out.kind = ConstExpr::Kind::F64; out.type = ValType::F64; out.bits[0] = in.imm; break;
    case Op::V128Const:
      out.kind = ConstExpr::Kind::V128;
      out.type = ValType::V128;
      for (int i = 0; i < 8; i++) {
        out.bits[0] |= static_cast<uint64_t>(in.bytes[i]) << (8 * i);
        out.bits[1] |= static_cast<uint64_t>(in.bytes[8 + i]) << (8 * i);
      }
      break;
    case Op::RefNull: out.kind = ConstExpr::Kind::RefNull; out.type = in.type; break;
    case Op::RefFunc: out.kind = ConstExpr::Kind::RefFunc; out.type = ValType::FuncRef; out.index = in.index; break;
    case Op::GlobalGet: out.kind = ConstExpr::Kind::GlobalGet; out.index = in.index; break;
    default: break;
  }
}

class Parser {
 public:
  explicit Parser(std::span<const uint8_t> bytes) : d_(bytes.data()), n_(bytes.size()) {}

  Status parse(ModuleInfo& m);

 private:
  // Helpers return false after recording the error in `r`.
  bool vec_count(ByteReader& r, uint32_t& count);
  bool name(ByteReader& r, std::string& out);
  bool valtype(ByteReader& r, ValType& out);
  bool reftype(ByteReader& r, ValType& out);
  bool limits(ByteReader& r, Limits& out);
  bool table_type(ByteReader& r, TableType& out);
  bool global_type(ByteReader& r, GlobalType& out);
  bool const_expr(ByteReader& r, ConstExpr& out);

  bool type_section(ByteReader& r, ModuleInfo& m);
  bool import_section(ByteReader& r, ModuleInfo& m);
  bool function_section(ByteReader& r, ModuleInfo& m);
  bool table_section(ByteReader& r, ModuleInfo& m);
  bool memory_section(ByteReader& r, ModuleInfo& m);
  bool global_section(ByteReader& r, ModuleInfo& m);
  bool export_section(ByteReader& r, ModuleInfo& m);
  bool elem_section(ByteReader& r, ModuleInfo& m);
  bool code_section(ByteReader& r, ModuleInfo& m);
  bool data_section(ByteReader& r, ModuleInfo& m);
  bool custom_section(ByteReader& r, ModuleInfo& m, SectionInfo& info);

  const uint8_t* d_;
  size_t n_;
  bool seen_code_ = false;
  uint64_t module_locals_ = 0;  // declared locals of all functions so far
  // An instruction decoding error inside a constant expression (it carries its own message).
  Error instr_error_;
  bool has_instr_error_ = false;
};

bool Parser::vec_count(ByteReader& r, uint32_t& count) {
  size_t at = r.pos();
  if (!r.u32(count)) return false;
  // Each element takes at least one byte: a huge count in a small section fails before allocating.
  if (count > r.remaining()) return r.fail("length out of bounds", at);
  return true;
}

bool Parser::name(ByteReader& r, std::string& out) {
  size_t at = r.pos();
  uint32_t len;
  if (!r.u32(len)) return false;
  if (len > r.remaining()) return r.fail("length out of bounds", at);
  const uint8_t* s = d_ + r.pos();
  if (!is_valid_utf8(s, len)) return r.fail("malformed UTF-8 encoding", at);
  out.assign(reinterpret_cast<const char*>(s), len);
  return r.skip(len);
}

bool Parser::valtype(ByteReader& r, ValType& out) {
  size_t at = r.pos();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (!is_valtype_byte(b)) return r.fail("malformed value type", at);
  out = static_cast<ValType>(b);
  return true;
}

bool Parser::reftype(ByteReader& r, ValType& out) {
  size_t at = r.pos();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (b != 0x70 && b != 0x6F) return r.fail("malformed reference type", at);
  out = static_cast<ValType>(b);
  return true;
}

bool Parser::limits(ByteReader& r, Limits& out) {
  size_t at = r.pos();
  uint8_t flags;
  if (!r.u8(flags)) return false;
  // The flags are a one-byte LEB: a continuation bit is an overlong encoding, other values unknown.
  if (flags & 0x80) return r.fail("integer representation too long", at);
  if (flags > 1) return r.fail("integer too large", at);  // malformed limits flags
  out.has_max = flags == 1;
  if (!r.u32(out.min)) return false;
  out.max = 0;
  if (out.has_max && !r.u32(out.max)) return false;
  return true;
}

bool Parser::table_type(ByteReader& r, TableType& out) {
  return reftype(r, out.elem) && limits(r, out.limits);
}

bool Parser::global_type(ByteReader& r, GlobalType& out) {
  if (!valtype(r, out.type)) return false;
  size_t at = r.pos();
  uint8_t mut;
  if (!r.u8(mut)) return false;
  if (mut > 1) return r.fail("malformed mutability", at);
  out.is_mutable = mut == 1;
  return true;
}

// Decodes an instruction sequence up to its `end`. Only its first instruction is kept; what makes
// it non-constant or the wrong length is recorded for the validator (those are validation errors).
bool Parser::const_expr(ByteReader& r, ConstExpr& out) {
  out = ConstExpr{};
  out.offset = r.pos();
  out.num_instrs = 0;
  InstrReader ir(d_, r.pos(), r.end());
  Instr in;
  uint32_t depth = 0;
  for (;;) {
    Status st = ir.next(in);
    if (!st.ok()) {
      instr_error_ = std::move(st).error();
      if (instr_error_.message == "unexpected end") instr_error_.message = "unexpected end of section or function";
      has_instr_error_ = true;
      return r.fail("", instr_error_.offset);
    }
    if (in.op == Op::End) {
      if (depth == 0) break;
      depth--;
      continue;
    }
    if (in.op == Op::Block || in.op == Op::Loop || in.op == Op::If) depth++;
    if (in.op == Op::Else && depth == 0) return r.fail("END opcode expected", in.offset);
    const bool first = out.num_instrs++ == 0;
    switch (in.op) {
      case Op::I32Const:
      case Op::I64Const:
      case Op::F32Const:
      case Op::F64Const:
      case Op::V128Const:
      case Op::RefNull:
      case Op::RefFunc:
      case Op::GlobalGet:
        if (first) set_const(in, out);
        break;
      default:
        out.non_constant = true;
        break;
    }
  }
  r.set_pos(ir.pos());
  return true;
}

bool Parser::type_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.types.resize(count);
  for (auto& ft : m.types) {
    size_t at = r.pos();
    uint8_t form;
    if (!r.u8(form)) return false;
    if (form != 0x60) return r.fail("malformed function type", at);
    uint32_t np, nr;
    if (!vec_count(r, np)) return false;
    ft.params.resize(np);
    for (auto& t : ft.params) if (!valtype(r, t)) return false;
    if (!vec_count(r, nr)) return false;
    ft.results.resize(nr);
    for (auto& t : ft.results) if (!valtype(r, t)) return false;
  }
  return true;
}

bool Parser::import_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.imports.resize(count);
  for (auto& im : m.imports) {
    im.offset = r.pos();
    if (!name(r, im.module) || !name(r, im.name)) return false;
    size_t at = r.pos();
    uint8_t kind;
    if (!r.u8(kind)) return false;
    switch (kind) {
      case 0: im.kind = ExternKind::Func; if (!r.u32(im.func_type)) return false; break;
      case 1: im.kind = ExternKind::Table; if (!table_type(r, im.table)) return false; break;
      case 2: im.kind = ExternKind::Memory; if (!limits(r, im.memory.limits)) return false; break;
      case 3: im.kind = ExternKind::Global; if (!global_type(r, im.global)) return false; break;
      default: return r.fail("malformed import kind", at);
    }
  }
  return true;
}

bool Parser::function_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.functions.resize(count);
  for (auto& f : m.functions) if (!r.u32(f.type_index)) return false;
  return true;
}

bool Parser::table_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.tables.resize(count);
  for (auto& t : m.tables) if (!table_type(r, t)) return false;
  return true;
}

bool Parser::memory_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.memories.resize(count);
  for (auto& mem : m.memories) if (!limits(r, mem.limits)) return false;
  return true;
}

bool Parser::global_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.globals.resize(count);
  for (auto& g : m.globals) if (!global_type(r, g.type) || !const_expr(r, g.init)) return false;
  return true;
}

bool Parser::export_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.exports.resize(count);
  for (auto& ex : m.exports) {
    ex.offset = r.pos();
    if (!name(r, ex.name)) return false;
    size_t at = r.pos();
    uint8_t kind;
    if (!r.u8(kind)) return false;
    if (kind > 3) return r.fail("malformed export kind", at);
    ex.kind = static_cast<ExternKind>(kind);
    if (!r.u32(ex.index)) return false;
  }
  return true;
}

bool Parser::elem_section(ByteReader& r, ModuleInfo& m) {
  uint32_t count;
  if (!vec_count(r, count)) return false;
  m.elems.resize(count);
  for (auto& seg : m.elems) {
    seg.pos = r.pos();
    uint32_t flags;
    if (!r.u32(flags)) return false;
    if (flags > 7) return r.fail("malformed elements segment kind", seg.pos);
    // bit 0: passive/declarative (vs active); bit 1: explicit table (active) or declarative;
    // bit 2: element expressions (vs function indices) with a reference type (vs elemkind).
    const bool not_active = flags & 1, bit1 = flags & 2, exprs = flags & 4;
    seg.mode = !not_active ? SegmentMode::Active : (bit1 ? SegmentMode::Declarative : SegmentMode::Passive);
    if (seg.mode == SegmentMode::Active) {
      if (bit1 && !r.u32(seg.table_index)) return false;
      if (!const_expr(r, seg.offset)) return false;
    }
    seg.type = ValType::FuncRef;
    if (not_active || bit1) {  // forms 1,2,3 carry an elemkind, 5,6,7 a reftype
      if (exprs) {
        if (!reftype(r, seg.type)) return false;
      } else {
        size_t at = r.pos();
        uint8_t kind;
        if (!r.u8(kind)) return false;
        if (kind != 0x00) return r.fail("malformed element kind", at);
      }
    }
    uint32_t n;
    if (!vec_count(r, n)) return false;
    seg.init.resize(n);
    for (auto& e : seg.init) {
      if (exprs) {
        if (!const_expr(r, e)) return false;
      } else {
        e.offset = r.pos();
        e.kind = ConstExpr::Kind::RefFunc;
        e.type = ValType::FuncRef;
        if (!r.u32(e.index)) return false;
      }
    }
  }
  return true;
}

bool Parser::code_section(ByteReader& r, ModuleInfo& m) {
  seen_code_ = true;
  size_t at = r.pos();
  uint32_t count;
  if (!vec_count(r, count)) return false;
  if (count != m.functions.size())
    return r.fail("function and code section have inconsistent lengths", at);
  for (auto& f : m.functions) {
    f.decl_offset = r.pos();
    uint32_t size;
    if (!r.u32(size)) return false;
    if (size > r.remaining()) return r.fail("unexpected end of section or function", f.decl_offset);
    const size_t body_end = r.pos() + size;
    ByteReader body(d_, r.pos(), body_end);
    body.set_eof_message("unexpected end of section or function");
    uint32_t groups;
    if (!vec_count(body, groups)) return r.fail(body.error_message(), body.error_offset());
    uint64_t total = 0;
    const size_t locals_at = body.pos();
    // First pass: sum the counts so a huge declaration fails before anything is allocated.
    for (uint32_t g = 0; g < groups; g++) {
      uint32_t n;
      ValType t;
      if (!body.u32(n) || !valtype(body, t)) return r.fail(body.error_message(), body.error_offset());
      total += n;
      if (total > kMaxLocals) return r.fail("too many locals", f.decl_offset);
    }
    module_locals_ += total;
    if (module_locals_ > kMaxModuleLocals) return r.fail("too many locals", f.decl_offset);
    body.set_pos(locals_at);
    f.locals.clear();
    f.locals.reserve(total);
    for (uint32_t g = 0; g < groups; g++) {
      uint32_t n;
      ValType t;
      if (!body.u32(n) || !valtype(body, t)) return r.fail(body.error_message(), body.error_offset());
      f.locals.insert(f.locals.end(), n, t);
    }
    f.body_start = body.pos();
    f.body_end = body_end;
    r.set_pos(body_end);
  }
  return true;
}

bool Parser::data_section(ByteReader& r, ModuleInfo& m) {
  size_t at = r.pos();
  uint32_t count;
  if (!vec_count(r, count)) return false;
  if (m.has_data_count && count != m.data_count)
    return r.fail("data count and data section have inconsistent lengths", at);
  m.datas.resize(count);
  for (auto& seg : m.datas) {
    seg.pos = r.pos();
    uint32_t flags;
    if (!r.u32(flags)) return false;
    if (flags > 2) return r.fail("malformed data segment kind", seg.pos);
    seg.mode = flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
    if (flags == 2 && !r.u32(seg.memory_index)) return false;
    if (seg.mode == SegmentMode::Active && !const_expr(r, seg.offset)) return false;
    size_t len_at = r.pos();
    uint32_t len;
    if (!r.u32(len)) return false;
    if (len > r.remaining()) return r.fail("unexpected end of section or function", len_at);
    seg.data_start = r.pos();
    seg.data_size = len;
    if (!r.skip(len)) return false;
  }
  return true;
}

bool Parser::custom_section(ByteReader& r, ModuleInfo& m, SectionInfo& info) {
  if (!name(r, info.name)) return false;
  if (info.name == "name") {
    // Tolerant: a broken name section is ignored, never an error (the spec makes it optional).
    parse_name_section(d_, r.pos(), r.end(), m);
  }
  r.set_pos(r.end());
  return true;
}

Status Parser::parse(ModuleInfo& m) {
  ByteReader r(d_, 0, n_);
  uint32_t magic, version;
  if (!r.fixed32(magic)) return r.error();
  if (magic != 0x6D736100) return make_error(ErrorKind::Malformed, "magic header not detected", 0);
  if (!r.fixed32(version)) return r.error();
  if (version != 1) return make_error(ErrorKind::Malformed, "unknown binary version", 4);

  int last_rank = 0;
  while (!r.at_end()) {
    SectionInfo info;
    info.offset = r.pos();
    uint8_t id;
    if (!r.u8(id)) return r.error();
    if (id > kDataCount) return make_error(ErrorKind::Malformed, "malformed section id", info.offset);
    uint32_t size;
    if (!r.u32(size)) return r.error();
    if (size > r.remaining())
      return make_error(ErrorKind::Malformed, "length out of bounds", info.offset);
    info.id = id;
    info.size = size;
    info.name = section_name(id);
    if (id != kCustom) {
      int rank = section_rank(id);
      if (rank <= last_rank)
        return make_error(ErrorKind::Malformed, "unexpected content after last section", info.offset);
      last_rank = rank;
    }
    const size_t end = r.pos() + size;
    ByteReader s(d_, r.pos(), end);
    s.set_eof_message("unexpected end of section or function");
    bool ok = true;
    switch (id) {
      case kCustom: ok = custom_section(s, m, info); break;
      case kType: ok = type_section(s, m); break;
      case kImport: ok = import_section(s, m); break;
      case kFunction: ok = function_section(s, m); break;
      case kTable: ok = table_section(s, m); break;
      case kMemory: ok = memory_section(s, m); break;
      case kGlobal: ok = global_section(s, m); break;
      case kExport: ok = export_section(s, m); break;
      case kStart: ok = s.u32(m.start); m.has_start = true; break;
      case kElem: ok = elem_section(s, m); break;
      case kCode: ok = code_section(s, m); break;
      case kData: ok = data_section(s, m); break;
      case kDataCount: ok = s.u32(m.data_count); m.has_data_count = true; break;
    }
    if (!ok) return has_instr_error_ ? instr_error_ : s.error();
    if (s.pos() != end) return make_error(ErrorKind::Malformed, "section size mismatch", info.offset);
    m.sections.push_back(std::move(info));
    r.set_pos(end);
  }
  if (!seen_code_ && !m.functions.empty())
    return make_error(ErrorKind::Malformed, "function and code section have inconsistent lengths", n_);
  if (m.has_data_count && m.datas.size() != m.data_count) {
    bool has_data_section = false;
    for (const auto& s : m.sections) has_data_section |= s.id == kData;
    if (!has_data_section)
      return make_error(ErrorKind::Malformed, "data count and data section have inconsistent lengths", n_);
  }

  // Derived index spaces: imports first, then definitions.
  for (const auto& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func: m.num_imported_funcs++; m.func_type_indices.push_back(im.func_type); break;
      case ExternKind::Table: m.num_imported_tables++; m.all_tables.push_back(im.table); break;
      case ExternKind::Memory: m.num_imported_memories++; m.all_memories.push_back(im.memory); break;
      case ExternKind::Global: m.num_imported_globals++; m.all_globals.push_back(im.global); break;
    }
  }
  for (const auto& f : m.functions) m.func_type_indices.push_back(f.type_index);
  m.all_tables.insert(m.all_tables.end(), m.tables.begin(), m.tables.end());
  m.all_memories.insert(m.all_memories.end(), m.memories.begin(), m.memories.end());
  for (const auto& g : m.globals) m.all_globals.push_back(g.type);
  m.declared_func_refs = collect_declared_func_refs(m);
  if (!m.func_names.empty() && m.func_names.size() > m.func_type_indices.size())
    m.func_names.resize(m.func_type_indices.size());
  return Status();
}

}  // namespace

Result<ModuleInfo> parse_module(std::span<const uint8_t> bytes) {
  ModuleInfo m;
  Parser p(bytes);
  Status st = p.parse(m);
  if (!st.ok()) return std::move(st).error();
  return m;
}

}  // namespace wasmvm

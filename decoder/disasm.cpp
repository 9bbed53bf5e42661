// Disassembler: formats what InstrReader decodes, using op_info() for names and immediate kinds.
#include "decoder/disasm.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace wasmvm {
namespace {

// " " + text (written out: GCC 12 warns falsely (-Wrestrict) about `" " + std::string` after inlining).
std::string spaced(const std::string& text) {
  std::string s(1, ' ');
  s += text;
  return s;
}

std::string fmt(const char* f, uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// wat float syntax: "nan" / "nan:0x..." (non-canonical payload), "inf", decimal with round-trip digits.
std::string float_text(bool negative, bool is_nan, bool is_inf, uint64_t payload, uint64_t canonical,
                       double value, int digits) {
  std::string sign = negative ? "-" : "";
  if (is_nan) return sign + (payload == canonical ? "nan" : "nan:" + fmt("0x%" PRIx64, payload));
  if (is_inf) return sign + "inf";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, value);
  return buf;
}

std::string f32_text(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return float_text(bits >> 31, std::isnan(f), std::isinf(f), bits & 0x7FFFFFu, 0x400000u, f, 9);
}

std::string f64_text(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return float_text(bits >> 63, std::isnan(d), std::isinf(d), bits & 0xFFFFFFFFFFFFFull,
                    0x8000000000000ull, d, 17);
}

std::string func_ref_text(uint32_t index, const ModuleInfo* m) {
  if (m && index < m->func_names.size() && !m->func_names[index].empty()) return "$" + m->func_names[index];
  return std::to_string(index);
}

std::string block_type_text(const BlockType& b) {
  switch (b.kind) {
    case BlockType::Kind::Empty: return "";
    case BlockType::Kind::Value: return std::string(" (result ") + valtype_name(b.value) + ")";
    case BlockType::Kind::TypeIndex: return " (type " + std::to_string(b.type_index) + ")";
  }
  return "";
}

// offset= and align= only when they differ from the defaults (0 and the natural alignment).
std::string memarg_text(const MemArg& m, uint32_t natural_bytes) {
  std::string s;
  if (m.offset != 0) s += " offset=" + std::to_string(m.offset);
  if (m.align >= 32) {
    s += " align=2**" + std::to_string(m.align);  // invalid, but still shown as decoded
  } else if ((uint64_t{1} << m.align) != natural_bytes) {
    s += " align=" + std::to_string(uint64_t{1} << m.align);
  }
  return s;
}

std::string v128_text(const uint8_t* b) {
  std::string s = " i32x4";
  for (int i = 0; i < 4; i++) {
    uint32_t w = uint32_t(b[4 * i]) | uint32_t(b[4 * i + 1]) << 8 | uint32_t(b[4 * i + 2]) << 16 |
                 uint32_t(b[4 * i + 3]) << 24;
    s += fmt(" 0x%08" PRIx64, w);
  }
  return s;
}

std::string immediates_text(const Instr& in, const OpInfo& info, const ModuleInfo* m) {
  switch (info.imm) {
    case ImmKind::None:
    case ImmKind::MemoryCopy:
    case ImmKind::Memory:  // the memory index is always 0 in 2.0 (the reader checks the byte)
      return "";
    case ImmKind::BlockType: return block_type_text(in.block);
    case ImmKind::Label:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Data:
    case ImmKind::Elem:
    case ImmKind::MemoryInit:
      return spaced(std::to_string(in.index));
    case ImmKind::Func: return spaced(func_ref_text(in.index, m));
    case ImmKind::BrTable: {
      std::string s;
      if (in.br_table)
        for (uint32_t l : *in.br_table) s += spaced(std::to_string(l));
      return s;
    }
    case ImmKind::CallIndirect:
      return (in.index2 != 0 ? spaced(std::to_string(in.index2)) : std::string()) + " (type " +
             std::to_string(in.index) + ")";
    case ImmKind::TableInit:  // binary order: elem, table; wat order: table, elem
      return (in.index2 != 0 ? spaced(std::to_string(in.index2)) : std::string()) +
             spaced(std::to_string(in.index));
    case ImmKind::TableCopy:
      if (in.index == 0 && in.index2 == 0) return "";
      return spaced(std::to_string(in.index)) + spaced(std::to_string(in.index2));
    case ImmKind::MemArg: return memarg_text(in.mem, info.extra);
    case ImmKind::MemArgLane: return memarg_text(in.mem, info.extra) + spaced(std::to_string(in.lane));
    case ImmKind::I32: return spaced(std::to_string(static_cast<int32_t>(in.imm)));
    case ImmKind::I64: return spaced(std::to_string(static_cast<int64_t>(in.imm)));
    case ImmKind::F32: return spaced(f32_text(static_cast<uint32_t>(in.imm)));
    case ImmKind::F64: return spaced(f64_text(in.imm));
    case ImmKind::SelectT:
      if (in.index == 0) return " (result)";
      return std::string(" (result ") + valtype_name(in.type) + (in.index > 1 ? " ...)" : ")");
    case ImmKind::RefType: return in.type == ValType::FuncRef ? " func" : " extern";
    case ImmKind::V128: return v128_text(in.bytes);
    case ImmKind::Shuffle: {
      std::string s;
      for (uint8_t b : in.bytes) s += spaced(std::to_string(b));
      return s;
    }
    case ImmKind::Lane: return spaced(std::to_string(in.lane));
  }
  return "";
}

}  // namespace

std::string instr_text(const Instr& in, const ModuleInfo* module) {
  const OpInfo& info = op_info(in.op);
  return std::string(info.name) + immediates_text(in, info, module);
}

Status disassemble_code(const uint8_t* data, size_t begin, size_t end, const ModuleInfo* module,
                        const DisasmSink& sink) {
  InstrReader reader(data, begin, end);
  size_t depth = 0;
  Instr in;
  std::string line;
  while (!reader.at_end()) {
    Status st = reader.next(in);
    if (!st.ok()) return st;
    bool closes = in.op == Op::End || in.op == Op::Else;
    size_t indent = closes && depth > 0 ? depth - 1 : depth;
    line = fmt("%06" PRIx64 ":", in.offset);
    line.append(2 + 2 * std::min(indent, kMaxDisasmIndent), ' ');
    if (indent > kMaxDisasmIndent) line += "[depth " + std::to_string(indent) + "] ";
    line += instr_text(in, module);
    line += '\n';
    sink(line);
    if (in.op == Op::End && depth > 0) depth--;
    if (in.op == Op::Block || in.op == Op::Loop || in.op == Op::If) depth++;
  }
  return Status{};
}

Status disassemble_code(const uint8_t* data, size_t begin, size_t end, const ModuleInfo* module,
                        std::string& out) {
  return disassemble_code(data, begin, end, module, [&out](std::string_view l) { out += l; });
}

Status disassemble_function(const uint8_t* bytes, size_t size, const ModuleInfo& m, size_t def_index,
                            const DisasmSink& sink) {
  if (def_index >= m.functions.size())
    return make_error(ErrorKind::Invalid, "no defined function " + std::to_string(def_index));
  const FunctionDef& f = m.functions[def_index];
  uint32_t func_index = m.num_imported_funcs + static_cast<uint32_t>(def_index);
  std::string line = "func[" + std::to_string(func_index) + "]";
  if (func_index < m.func_names.size() && !m.func_names[func_index].empty())
    line += " <" + m.func_names[func_index] + ">";
  line += spaced(f.type_index < m.types.size() ? m.types[f.type_index].to_string()
                                               : "(bad type " + std::to_string(f.type_index) + ")");
  line += "\n";
  sink(line);
  if (!f.locals.empty()) {
    line = "  locals:";
    for (ValType t : f.locals) line += std::string(" ") + valtype_name(t);
    line += "\n";
    sink(line);
  }
  if (f.body_start > f.body_end || f.body_end > size)
    return make_error(ErrorKind::Malformed, "function body out of range", f.decl_offset);
  return disassemble_code(bytes, f.body_start, f.body_end, &m, sink);
}

Status disassemble_function(const uint8_t* bytes, size_t size, const ModuleInfo& m, size_t def_index,
                            std::string& out) {
  return disassemble_function(bytes, size, m, def_index, [&out](std::string_view l) { out += l; });
}

std::string const_expr_text(const ConstExpr& e, const ModuleInfo* module) {
  switch (e.kind) {
    case ConstExpr::Kind::I32: return "i32.const " + std::to_string(static_cast<int32_t>(e.bits[0]));
    case ConstExpr::Kind::I64: return "i64.const " + std::to_string(static_cast<int64_t>(e.bits[0]));
    case ConstExpr::Kind::F32: return "f32.const " + f32_text(static_cast<uint32_t>(e.bits[0]));
    case ConstExpr::Kind::F64: return "f64.const " + f64_text(e.bits[0]);
    case ConstExpr::Kind::V128: {
      uint8_t b[16];
      std::memcpy(b, e.bits, 16);
      return "v128.const" + v128_text(b);
    }
    case ConstExpr::Kind::RefNull: return e.type == ValType::FuncRef ? "ref.null func" : "ref.null extern";
    case ConstExpr::Kind::RefFunc: return "ref.func " + func_ref_text(e.index, module);
    case ConstExpr::Kind::GlobalGet: return "global.get " + std::to_string(e.index);
  }
  return "?";
}

}  // namespace wasmvm

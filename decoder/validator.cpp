// FunctionValidator: the spec appendix's validation algorithm, one instruction at a time.
// Operand types are bytes (the ValType encoding); 0 stands for Unknown (polymorphic stack).
#include <string>

#include "validator.h"

#include "func_refs.h"
#include "opcode_tables.h"

namespace wasmvm {
namespace {

constexpr uint8_t kUnknown = 0;
constexpr uint8_t kI32 = static_cast<uint8_t>(ValType::I32);
constexpr uint8_t kFuncRef = static_cast<uint8_t>(ValType::FuncRef);

inline uint8_t vt(ValType t) { return static_cast<uint8_t>(t); }

// Pre-parsed "params:results" signature of the simple instructions.
struct SimpleSig {
  bool simple = false;
  bool v128 = false;  // mentions v128 or is 0xFD-prefixed (rejected when simd128 is compiled out)
  uint8_t np = 0, nr = 0;
  uint8_t p[3] = {0, 0, 0};
  uint8_t r = 0;
};

uint8_t sig_char_type(char c) {
  switch (c) {
    case 'i': return vt(ValType::I32);
    case 'l': return vt(ValType::I64);
    case 'f': return vt(ValType::F32);
    case 'd': return vt(ValType::F64);
    case 'v': return vt(ValType::V128);
  }
  return kUnknown;
}

struct SigTable {
  SimpleSig sigs[kNumOps];
  SigTable() {
    for (size_t i = 0; i < kNumOps; i++) {
      const OpInfo& info = op_info(static_cast<Op>(i));
      SimpleSig& s = sigs[i];
      s.v128 = info.prefix == 0xFD;
      if (info.sig == "*") continue;
      s.simple = true;
      size_t k = 0;
      for (; k < info.sig.size() && info.sig[k] != ':'; k++) s.p[s.np++] = sig_char_type(info.sig[k]);
      for (k++; k < info.sig.size(); k++) s.r = sig_char_type(info.sig[k]), s.nr++;
    }
  }
};

// Built at static initialization (op_info reads a constant-initialized table, so order is safe).
const SigTable kSigTable;

Error invalid(std::string msg, size_t offset) { return make_error(ErrorKind::Invalid, std::move(msg), offset); }
Error malformed(std::string msg, size_t offset) { return make_error(ErrorKind::Malformed, std::move(msg), offset); }

std::string with_index(const char* what, uint32_t idx) { return std::string(what) + " " + std::to_string(idx); }

}  // namespace

// The operations of the appendix algorithm, with access to the validator's private state.
struct ValidatorOps {
  using V = FunctionValidator;
  using Frame = FunctionValidator::Frame;

  static Frame& top(V& v) { return v.ctrls_[v.depth_ - 1]; }
  static void push(V& v, uint8_t t) { v.vals_.push_back(t); }
  static void push_all(V& v, const std::vector<ValType>& ts) {
    for (ValType t : ts) v.vals_.push_back(vt(t));
  }
  // Pops one operand; false on underflow of a reachable frame. `out` is kUnknown in dead code.
  static bool pop(V& v, uint8_t& out) {
    Frame& f = top(v);
    if (v.vals_.size() == f.height) {
      out = kUnknown;
      return f.unreachable;
    }
    out = v.vals_.back();
    v.vals_.pop_back();
    return true;
  }
  static bool pop_expect(V& v, uint8_t expect) {
    uint8_t actual;
    if (!pop(v, actual)) return false;
    return actual == expect || actual == kUnknown || expect == kUnknown;
  }
  static bool pop_all(V& v, const std::vector<ValType>& ts) {
    for (size_t i = ts.size(); i-- > 0;)
      if (!pop_expect(v, vt(ts[i]))) return false;
    return true;
  }
  static void push_ctrl(V& v, Op op, const std::vector<ValType>& in, const std::vector<ValType>& out) {
    if (v.depth_ == v.ctrls_.size()) v.ctrls_.emplace_back();
    Frame& f = v.ctrls_[v.depth_++];
    f.opcode = op;
    if (&f.start_types != &in) f.start_types.assign(in.begin(), in.end());
    if (&f.end_types != &out) f.end_types.assign(out.begin(), out.end());
    f.height = v.vals_.size();
    f.unreachable = false;
    push_all(v, in);
  }
  // Checks the frame's results and removes it (its storage stays for reuse).
  static bool pop_ctrl(V& v) {
    Frame& f = top(v);
    if (!pop_all(v, f.end_types)) return false;
    if (v.vals_.size() != f.height) return false;
    v.depth_--;
    return true;
  }
  static const std::vector<ValType>& label_types(const Frame& f) {
    return f.opcode == Op::Loop ? f.start_types : f.end_types;
  }
  static void set_unreachable(V& v) {
    Frame& f = top(v);
    v.vals_.resize(f.height);
    f.unreachable = true;
  }
  static bool is_num_or_unknown(uint8_t t) {
    return t == kUnknown || t == vt(ValType::I32) || t == vt(ValType::I64) || t == vt(ValType::F32) ||
           t == vt(ValType::F64);
  }

  static bool is_declared(V& v, uint32_t f) {
    const std::vector<uint8_t>* d = &v.m_.declared_func_refs;
    if (d->size() != v.m_.func_type_indices.size()) {  // ModuleInfo not built by parse_module
      if (v.declared_funcs_.size() != v.m_.func_type_indices.size())
        v.declared_funcs_ = collect_declared_func_refs(v.m_);
      d = &v.declared_funcs_;
    }
    return (*d)[f] != 0;
  }
  static Status block_sig(V& v, const Instr& in, std::vector<ValType>& params, std::vector<ValType>& results);
  static Status step_complex(V& v, const Instr& in);
  static Status check_memory(V& v, const Instr& in);
  static Status check_table(V& v, uint32_t idx, size_t offset);
};

using Ops = ValidatorOps;

// Cheap: compilers may construct one validator per function.
FunctionValidator::FunctionValidator(const ModuleInfo& m) : m_(m) {}

Status FunctionValidator::begin(uint32_t def_index) {
  vals_.clear();
  depth_ = 0;
  done_ = false;
  locals_.clear();
  if (def_index >= m_.functions.size())
    return make_error(ErrorKind::Usage, "unknown function " + std::to_string(def_index));
  const FunctionDef& f = m_.functions[def_index];
  if (f.type_index >= m_.types.size())
    return invalid(with_index("unknown type", f.type_index), f.decl_offset);
  const FuncType& ft = m_.types[f.type_index];
  locals_.reserve(ft.params.size() + f.locals.size());
  locals_.insert(locals_.end(), ft.params.begin(), ft.params.end());
  locals_.insert(locals_.end(), f.locals.begin(), f.locals.end());
#if !WASMVM_SIMD
  for (ValType t : locals_)
    if (t == ValType::V128) return invalid("simd128 support disabled in this build", f.decl_offset);
#endif
  results_ = ft.results;
  static const std::vector<ValType> kNone;
  Ops::push_ctrl(*this, Op::Block, kNone, results_);
  return Status::Ok();
}

bool FunctionValidator::done() const { return done_; }
bool FunctionValidator::unreachable() const { return depth_ > 0 && ctrls_[depth_ - 1].unreachable; }
size_t FunctionValidator::height() const { return vals_.size(); }
ValType FunctionValidator::local_type(uint32_t i) const { return locals_[i]; }
uint32_t FunctionValidator::num_locals() const { return static_cast<uint32_t>(locals_.size()); }

Status FunctionValidator::step(const Instr& in) {
  if (depth_ == 0) {
    if (done_) return malformed("section size mismatch", in.offset);  // bytes after the final `end`
    return make_error(ErrorKind::Usage, "FunctionValidator::step called before begin", in.offset);
  }
  const SimpleSig& s = kSigTable.sigs[static_cast<size_t>(in.op)];
#if !WASMVM_SIMD
  if (s.v128) return invalid("simd128 support disabled in this build", in.offset);
#endif
  if (!s.simple) return Ops::step_complex(*this, in);
  const ImmKind imm = detail::fast_op_info(in.op).imm;
  if (imm != ImmKind::None && imm != ImmKind::I32 && imm != ImmKind::I64 && imm != ImmKind::F32 &&
      imm != ImmKind::F64) {
    WASMVM_TRY(Ops::check_memory(*this, in));
  }
  for (int i = s.np; i-- > 0;)
    if (!Ops::pop_expect(*this, s.p[i])) return invalid("type mismatch", in.offset);
  if (s.nr) vals_.push_back(s.r);
  return Status::Ok();
}

// Immediates of simple instructions: memory existence, alignment, lane indices.
Status ValidatorOps::check_memory(V& v, const Instr& in) {
  const OpInfo& info = op_info(in.op);
  switch (info.imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
    case ImmKind::Memory:
      if (v.m_.all_memories.empty()) return invalid(with_index("unknown memory", 0), in.offset);
      if (info.imm == ImmKind::Memory) break;
      if ((uint64_t{1} << in.mem.align) > info.extra)
        return invalid("alignment must not be larger than natural", in.offset);
      if (info.imm == ImmKind::MemArgLane && in.lane >= 16 / info.extra)
        return invalid("invalid lane index", in.offset);
      break;
    case ImmKind::Lane:
      if (in.lane >= info.extra) return invalid("invalid lane index", in.offset);
      break;
    case ImmKind::Shuffle:
      for (uint8_t b : in.bytes)
        if (b >= 32) return invalid("invalid lane index", in.offset);
      break;
    default:
      break;
  }
  return Status::Ok();
}

Status ValidatorOps::check_table(V& v, uint32_t idx, size_t offset) {
  if (idx >= v.m_.all_tables.size()) return invalid(with_index("unknown table", idx), offset);
  return Status::Ok();
}

Status ValidatorOps::block_sig(V& v, const Instr& in, std::vector<ValType>& params,
                               std::vector<ValType>& results) {
  params.clear();
  results.clear();
  switch (in.block.kind) {
    case BlockType::Kind::Empty:
      break;
    case BlockType::Kind::Value:
#if !WASMVM_SIMD
      if (in.block.value == ValType::V128) return invalid("simd128 support disabled in this build", in.offset);
#endif
      results.push_back(in.block.value);
      break;
    case BlockType::Kind::TypeIndex: {
      if (in.block.type_index >= v.m_.types.size())
        return invalid(with_index("unknown type", in.block.type_index), in.offset);
      const FuncType& ft = v.m_.types[in.block.type_index];
      params = ft.params;
      results = ft.results;
      break;
    }
  }
  return Status::Ok();
}

Status ValidatorOps::step_complex(V& v, const Instr& in) {
  const ModuleInfo& m = v.m_;
  const size_t at = in.offset;
  auto mismatch = [at]() { return invalid("type mismatch", at); };
  uint8_t t;
  switch (in.op) {
    case Op::Unreachable:
      set_unreachable(v);
      return Status::Ok();
    case Op::Block:
    case Op::Loop:
    case Op::If: {
      // Build the new frame's types directly in its (reused) storage.
      if (v.depth_ == v.ctrls_.size()) v.ctrls_.emplace_back();
      Frame& nf = v.ctrls_[v.depth_];
      WASMVM_TRY(block_sig(v, in, nf.start_types, nf.end_types));
      if (in.op == Op::If && !pop_expect(v, kI32)) return mismatch();
      if (!pop_all(v, nf.start_types)) return mismatch();
      push_ctrl(v, in.op, nf.start_types, nf.end_types);
      return Status::Ok();
    }
    case Op::Else: {
      Frame& f = top(v);
      if (f.opcode != Op::If) return malformed("END opcode expected", at);  // `else` outside `if`
      if (!pop_ctrl(v)) return mismatch();
      push_ctrl(v, Op::Else, f.start_types, f.end_types);
      return Status::Ok();
    }
    case Op::End: {
      Frame& f = top(v);
      if (!pop_ctrl(v)) return mismatch();
      // An `if` without `else` must leave its parameters as its results.
      if (f.opcode == Op::If && f.start_types != f.end_types) return mismatch();
      push_all(v, f.end_types);
      if (v.depth_ == 0) {
        v.done_ = true;
        v.vals_.clear();
      }
      return Status::Ok();
    }
    case Op::Br:
    case Op::BrIf: {
      if (in.index >= v.depth_) return invalid(with_index("unknown label", in.index), at);
      const Frame& target = v.ctrls_[v.depth_ - 1 - in.index];
      const std::vector<ValType>& labels = label_types(target);
      if (in.op == Op::BrIf && !pop_expect(v, kI32)) return mismatch();
      if (!pop_all(v, labels)) return mismatch();
      if (in.op == Op::Br) set_unreachable(v);
      else push_all(v, labels);
      return Status::Ok();
    }
    case Op::BrTable: {
      if (!pop_expect(v, kI32)) return mismatch();
      const std::vector<uint32_t>& tbl = *in.br_table;
      const uint32_t def = tbl.back();
      if (def >= v.depth_) return invalid(with_index("unknown label", def), at);
      const size_t arity = label_types(v.ctrls_[v.depth_ - 1 - def]).size();
      for (uint32_t l : tbl) {
        if (l >= v.depth_) return invalid(with_index("unknown label", l), at);
        const std::vector<ValType>& labels = label_types(v.ctrls_[v.depth_ - 1 - l]);
        if (labels.size() != arity) return mismatch();
        // Check in place (pop then push back what was popped, as the appendix does).
        const Frame& f = top(v);
        for (size_t k = 0; k < arity; k++) {
          size_t depth_in_stack = arity - 1 - k;  // labels[k] sits this far below the top
          if (v.vals_.size() < f.height + depth_in_stack + 1) {
            if (!f.unreachable) return mismatch();
            continue;
          }
          uint8_t actual = v.vals_[v.vals_.size() - 1 - depth_in_stack];
          if (actual != kUnknown && actual != vt(labels[k])) return mismatch();
        }
      }
      set_unreachable(v);
      return Status::Ok();
    }
    case Op::Return:
      if (!pop_all(v, v.results_)) return mismatch();
      set_unreachable(v);
      return Status::Ok();
    case Op::Call: {
      if (in.index >= m.func_type_indices.size()) return invalid(with_index("unknown function", in.index), at);
      const uint32_t type_index = m.func_type_indices[in.index];
      if (type_index >= m.types.size()) return invalid(with_index("unknown type", type_index), at);
      const FuncType& ft = m.types[type_index];
      if (!pop_all(v, ft.params)) return mismatch();
      push_all(v, ft.results);
      return Status::Ok();
    }
    case Op::CallIndirect: {
      WASMVM_TRY(check_table(v, in.index2, at));
      if (m.all_tables[in.index2].elem != ValType::FuncRef) return mismatch();
      if (in.index >= m.types.size()) return invalid(with_index("unknown type", in.index), at);
      const FuncType& ft = m.types[in.index];
      if (!pop_expect(v, kI32) || !pop_all(v, ft.params)) return mismatch();
      push_all(v, ft.results);
      return Status::Ok();
    }
    case Op::Drop:
      if (!pop(v, t)) return mismatch();
      return Status::Ok();
    case Op::Select: {
      uint8_t t1, t2;
      if (!pop_expect(v, kI32) || !pop(v, t1) || !pop(v, t2)) return mismatch();
      const bool vec1 = t1 == kUnknown || t1 == vt(ValType::V128);
      const bool vec2 = t2 == kUnknown || t2 == vt(ValType::V128);
      if (!((is_num_or_unknown(t1) && is_num_or_unknown(t2)) || (vec1 && vec2))) return mismatch();
      if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return mismatch();
      push(v, t1 == kUnknown ? t2 : t1);
      return Status::Ok();
    }
    case Op::SelectT: {
      if (in.index != 1) return invalid("invalid result arity", at);
#if !WASMVM_SIMD
      if (in.type == ValType::V128) return invalid("simd128 support disabled in this build", at);
#endif
      if (!pop_expect(v, kI32) || !pop_expect(v, vt(in.type)) || !pop_expect(v, vt(in.type))) return mismatch();
      push(v, vt(in.type));
      return Status::Ok();
    }
    case Op::LocalGet:
    case Op::LocalSet:
    case Op::LocalTee: {
      if (in.index >= v.locals_.size()) return invalid(with_index("unknown local", in.index), at);
      const uint8_t lt = vt(v.locals_[in.index]);
      if (in.op != Op::LocalGet && !pop_expect(v, lt)) return mismatch();
      if (in.op != Op::LocalSet) push(v, lt);
      return Status::Ok();
    }
    case Op::GlobalGet:
    case Op::GlobalSet: {
      if (in.index >= m.all_globals.size()) return invalid(with_index("unknown global", in.index), at);
      const GlobalType& g = m.all_globals[in.index];
      if (in.op == Op::GlobalGet) {
        push(v, vt(g.type));
        return Status::Ok();
      }
      if (!g.is_mutable) return invalid("global is immutable", at);
      if (!pop_expect(v, vt(g.type))) return mismatch();
      return Status::Ok();
    }
    case Op::TableGet:
    case Op::TableSet:
    case Op::TableSize:
    case Op::TableGrow:
    case Op::TableFill: {
      WASMVM_TRY(check_table(v, in.index, at));
      const uint8_t et = vt(m.all_tables[in.index].elem);
      bool ok = true;
      switch (in.op) {
        case Op::TableGet: ok = pop_expect(v, kI32); if (ok) push(v, et); break;
        case Op::TableSet: ok = pop_expect(v, et) && pop_expect(v, kI32); break;
        case Op::TableSize: push(v, kI32); break;
        case Op::TableGrow: ok = pop_expect(v, kI32) && pop_expect(v, et); if (ok) push(v, kI32); break;
        default: ok = pop_expect(v, kI32) && pop_expect(v, et) && pop_expect(v, kI32); break;
      }
      return ok ? Status::Ok() : mismatch();
    }
    case Op::TableCopy: {
      WASMVM_TRY(check_table(v, in.index, at));
      WASMVM_TRY(check_table(v, in.index2, at));
      if (m.all_tables[in.index].elem != m.all_tables[in.index2].elem) return mismatch();
      if (!pop_expect(v, kI32) || !pop_expect(v, kI32) || !pop_expect(v, kI32)) return mismatch();
      return Status::Ok();
    }
    case Op::TableInit: {
      WASMVM_TRY(check_table(v, in.index2, at));
      if (in.index >= m.elems.size()) return invalid(with_index("unknown elem segment", in.index), at);
      if (m.all_tables[in.index2].elem != m.elems[in.index].type) return mismatch();
      if (!pop_expect(v, kI32) || !pop_expect(v, kI32) || !pop_expect(v, kI32)) return mismatch();
      return Status::Ok();
    }
    case Op::ElemDrop:
      if (in.index >= m.elems.size()) return invalid(with_index("unknown elem segment", in.index), at);
      return Status::Ok();
    case Op::MemoryInit:
    case Op::DataDrop:
      if (in.op == Op::MemoryInit && m.all_memories.empty()) return invalid(with_index("unknown memory", 0), at);
      // Without a data count section the index cannot be checked while decoding; an index that
      // is out of range anyway is reported as the validation error the spec's AST check gives.
      if (in.index >= (m.has_data_count ? m.data_count : m.datas.size()))
        return invalid(with_index("unknown data segment", in.index), at);
      if (!m.has_data_count) return malformed("data count section required", at);
      if (in.op == Op::MemoryInit &&
          (!pop_expect(v, kI32) || !pop_expect(v, kI32) || !pop_expect(v, kI32)))
        return mismatch();
      return Status::Ok();
    case Op::MemoryCopy:
    case Op::MemoryFill:
      if (m.all_memories.empty()) return invalid(with_index("unknown memory", 0), at);
      if (!pop_expect(v, kI32) || !pop_expect(v, kI32) || !pop_expect(v, kI32)) return mismatch();
      return Status::Ok();
    case Op::RefNull:
      push(v, vt(in.type));
      return Status::Ok();
    case Op::RefIsNull:
      if (!pop(v, t)) return mismatch();
      if (t != kUnknown && t != kFuncRef && t != vt(ValType::ExternRef)) return mismatch();
      push(v, kI32);
      return Status::Ok();
    case Op::RefFunc:
      if (in.index >= m.func_type_indices.size()) return invalid(with_index("unknown function", in.index), at);
      if (!is_declared(v, in.index)) return invalid("undeclared function reference", at);
      push(v, kFuncRef);
      return Status::Ok();
    default:
      break;
  }
  return invalid(std::string("unhandled instruction ") + std::string(op_name(in.op)), at);
}

}  // namespace wasmvm

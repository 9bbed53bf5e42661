// One-pass compiler core: the per-function driver, the location stack, locals (elision, preservation,
// result retargeting) and the numeric instructions with their immediate variants.
#include "vm/compiler.h"

#include <array>
#include <cstring>

namespace wasmvm::rt {

namespace {


std::array<Isa, kNumOps> make_isa_map() {
  std::array<Isa, kNumOps> map;
  map.fill(Isa::Count_);
#define ISA(Name, words)
#define ISA_W(Name, words) map[static_cast<size_t>(Op::Name)] = Isa::Name;
#include "vm/isa.def"
#undef ISA_W
#undef ISA
  return map;
}
const std::array<Isa, kNumOps> kIsaMap = make_isa_map();

ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}

}  // namespace

Isa isa_for_op(Op op) { return kIsaMap[static_cast<size_t>(op)]; }

FunctionCompiler::FunctionCompiler(const CompileEnv& env) : env_(env), m_(*env.module) {}

void FunctionCompiler::fail(std::string msg) {
  if (error_.empty()) error_ = std::move(msg);
}

Status FunctionCompiler::compile(uint32_t def_index, CompiledFunc& out) {
  const FunctionDef& def = m_.functions[def_index];
  const FuncType& type = m_.types[def.type_index];
  out_ = &out;
  code_ = &out.code;
  out.code.clear();
  out.offsets.clear();
  out.func_index = m_.num_imported_funcs + def_index;
  out.type_id = (*env_.type_ids)[def.type_index];

  local_types_ = type.params;
  local_types_.insert(local_types_.end(), def.locals.begin(), def.locals.end());
  local_slot_.assign(local_types_.size(), 0);
  uint64_t cells = 0;
  for (size_t i = 0; i < local_types_.size(); i++) {
    if (i == type.params.size()) out.param_cells = uint32_t(cells);
    local_slot_[i] = uint32_t(cells);
    cells += cells_of(local_types_[i]);
    if (cells > kMaxSlot) {
      return make_error(ErrorKind::Limit, "function too large (more than 65535 cells of locals; an implementation limit, see README)",
                        def.decl_offset);
    }
  }
  if (type.params.size() == local_types_.size()) out.param_cells = uint32_t(cells);
  out.local_cells = uint32_t(cells);
  uint32_t rc = 0;
  for (ValType t : type.results) rc += cells_of(t);
  out.result_cells = rc;
  local_refs_.assign(local_types_.size(), 0);
  temp_base_ = uint32_t(cells);
  collect_constants(def);
  out.pool.clear();
  for (const PoolEntry& e : pool_) {
    out.pool.push_back(e.bits[0]);
    if (e.type == ValType::V128) out.pool.push_back(e.bits[1]);
  }
  temp_base_ += uint32_t(out.pool.size());
  max_cells_ = std::max<uint32_t>(temp_base_, rc);
  stack_.clear();
  ctrls_.clear();
  forget_last();
  last_instr_ = SIZE_MAX;
  prev_instr_ = SIZE_MAX;
  last_vlma_ = SIZE_MAX;
  last_label_ = 0;
  error_.clear();

  Ctrl fn;
  fn.op = Op::Block;
  fn.results = type.results;
  fn.base_slot = temp_base_;
  ctrls_.push_back(std::move(fn));

  FunctionValidator validator(m_);
  WASMVM_TRY(validator.begin(def_index));
  InstrReader reader(env_.bytes, def.body_start, def.body_end);
  Instr in;
  while (!validator.done()) {
    if (reader.at_end()) return make_error(ErrorKind::Malformed, "unexpected end", def.body_end);
    WASMVM_TRY(reader.next(in));
    WASMVM_TRY(validator.step(in));
    cur_offset_ = in.offset;
    if (ctrls_.empty()) break;
    if (ctrls_.back().dead) {
      compile_dead(in);
    } else {
      WASMVM_TRY(compile_instr(in));
    }
    if (!error_.empty()) return make_error(ErrorKind::Limit, error_, in.offset);
  }
  if (!reader.at_end()) {
    return make_error(ErrorKind::Malformed, "operators remaining after end of function", reader.pos());
  }
  if (max_cells_ > kMaxSlot) {
    return make_error(ErrorKind::Limit, "function too large (frame exceeds 65535 cells; an implementation limit, see README)", def.decl_offset);
  }
  out.publish(max_cells_);
  return Status::Ok();
}

// ---- emission -----------------------------------------------------------------------------------

size_t FunctionCompiler::emit(Isa op, uint64_t w1) {
  size_t at = code_->size();
  if (at > UINT32_MAX / 2) fail("function too large (code size)");
  if (out_->offsets.empty() || out_->offsets.back().wasm_offset != cur_offset_) {
    out_->offsets.push_back({uint32_t(at), uint32_t(cur_offset_)});
  }
  code_->push_back(handler_word(op));
  code_->push_back(w1);
  prev_instr_ = last_instr_;
  last_instr_ = at;
  forget_emitted();
  return at;
}

void FunctionCompiler::set_result(size_t instr, uint16_t home) {
  last_.valid = true;
  last_.instr = instr;
  last_.home = home;
}

// ---- location stack -----------------------------------------------------------------------------

uint32_t FunctionCompiler::next_home() const {
  if (stack_.empty()) return temp_base_;
  const Loc& top = stack_.back();
  return top.home + cells_of(top.type);
}

void FunctionCompiler::push_loc(const Loc& l) {
  stack_.push_back(l);
  Loc& b = stack_.back();
  uint32_t home = stack_.size() == 1 ? temp_base_ : stack_[stack_.size() - 2].home +
                                                        cells_of(stack_[stack_.size() - 2].type);
  uint32_t end = home + cells_of(b.type);
  if (end > kMaxSlot) {
    fail("function too large (operand stack exceeds 65535 cells)");
    home = 0;
  }
  b.home = uint16_t(home);
  if (end > max_cells_) max_cells_ = end;
  if (b.kind == Loc::Local) local_refs_[b.local]++;
}

FunctionCompiler::Loc& FunctionCompiler::push_temp(ValType t) {
  Loc l;
  l.kind = Loc::Temp;
  l.type = t;
  push_loc(l);
  return stack_.back();
}

FunctionCompiler::Loc FunctionCompiler::pop() {
  if (stack_.empty()) {  // cannot happen for validated reachable code; keep going safely
    fail("internal compiler error: operand stack underflow");
    return Loc{};
  }
  Loc l = stack_.back();
  stack_.pop_back();
  if (l.kind == Loc::Local) local_refs_[l.local]--;
  return l;
}

void FunctionCompiler::emit_copy(uint16_t dst, const Loc& src) {
  if (src.kind == Loc::Const) {
    if (src.type == ValType::V128) {
      emit(Isa::Const128, pack_abcd(dst, 0, 0, 0));
      emit_word(src.bits[0]);
      emit_word(src.bits[1]);
    } else if (src.bits[0] <= UINT32_MAX) {
      emit(Isa::Const32, pack_ab_imm(dst, 0, uint32_t(src.bits[0])));
    } else {
      emit(Isa::Const64, pack_abcd(dst, 0, 0, 0));
      emit_word(src.bits[0]);
    }
    return;
  }
  uint16_t from = src.kind == Loc::Local ? uint16_t(local_slot_[src.local]) : src.home;
  if (from == dst) return;
  emit(src.type == ValType::V128 ? Isa::Copy128 : Isa::Copy, pack_abcd(dst, from, 0, 0));
}

void FunctionCompiler::materialize(Loc& l) {
  if (l.kind == Loc::Temp) return;
  emit_copy(l.home, l);
  if (l.kind == Loc::Local) local_refs_[l.local]--;
  l.kind = Loc::Temp;
}

// Constant pool: the function's f32/f64/i64/v128 constants live in read-only slots right after the
// locals (filled at entry), so using one as an operand costs no instruction. i32 constants mostly
// become immediates; they are materialised when needed. Capped to keep the per-call copy small.
void FunctionCompiler::collect_constants(const FunctionDef& def) {
  pool_.clear();
  InstrReader r(env_.bytes, def.body_start, def.body_end);
  Instr in;
  uint32_t cells = 0;
  while (!r.at_end() && r.next(in).ok()) {
    PoolEntry e{ValType::I32, {in.imm, 0}, 0};
    switch (in.op) {
      case Op::F32Const: e.type = ValType::F32; e.bits[0] = uint32_t(in.imm); break;
      case Op::F64Const: e.type = ValType::F64; break;
      case Op::I64Const: e.type = ValType::I64; break;
      case Op::V128Const: e.type = ValType::V128; std::memcpy(e.bits, in.bytes, 16); break;
      default: continue;
    }
    bool dup = false;
    for (const PoolEntry& p : pool_) {
      dup |= p.type == e.type && p.bits[0] == e.bits[0] && p.bits[1] == e.bits[1];
    }
    if (dup) continue;
    if (cells + cells_of(e.type) > kMaxPoolCells || temp_base_ + cells + 2 > kMaxSlot) break;
    e.slot = uint16_t(temp_base_ + cells);
    cells += cells_of(e.type);
    pool_.push_back(e);
  }
}

int FunctionCompiler::pool_slot(const Loc& c) const {
  for (const PoolEntry& p : pool_) {
    if (p.type == c.type && p.bits[0] == c.bits[0] && (c.type != ValType::V128 || p.bits[1] == c.bits[1])) {
      return p.slot;
    }
  }
  return -1;
}

uint16_t FunctionCompiler::slot_of(Loc& l) {
  switch (l.kind) {
    case Loc::Temp: return l.home;
    case Loc::Local: return uint16_t(local_slot_[l.local]);
    case Loc::Const: break;
  }
  int ps = pool_slot(l);
  if (ps >= 0) return uint16_t(ps);
  emit_copy(l.home, l);
  l.kind = Loc::Temp;
  return l.home;
}

// ---- locals -------------------------------------------------------------------------------------

// Stacked references to a local must keep the value they had when pushed: copy them out first.
void FunctionCompiler::preserve_local(uint32_t index) {
  if (local_refs_[index] == 0) return;
  for (Loc& l : stack_) {
    if (l.kind == Loc::Local && l.local == index) materialize(l);
  }
}

void FunctionCompiler::set_local(uint32_t index, Loc v) {
  uint16_t slot = uint16_t(local_slot_[index]);
  if (v.kind == Loc::Local && v.local == index) return;
  preserve_local(index);
  if (v.kind == Loc::Temp && last_.valid && last_.home == v.home && last_.instr == last_instr_ &&
      last_instr_ + kIsaWords[0] <= code_->size()) {
    // Retarget: the value was produced by the immediately preceding instruction; write it into the
    // local directly (field A of word 1).
    uint64_t& w1 = (*code_)[last_.instr + 1];
    w1 = (w1 & ~uint64_t(0xFFFF)) | slot;
    last_.valid = false;
    cmp_.valid = false;
    return;
  }
  emit_copy(slot, v);
}

// ---- instructions -------------------------------------------------------------------------------

Status FunctionCompiler::compile_instr(const Instr& in) {
  bool handled = false;
  WASMVM_TRY(compile_control(in, handled));
  if (handled) return Status::Ok();
  WASMVM_TRY(compile_memory(in, handled));
  if (handled) return Status::Ok();
#if WASMVM_SIMD
  WASMVM_TRY(compile_simd(in, handled));
  if (handled) return Status::Ok();
#endif
  switch (in.op) {
    case Op::Nop: return Status::Ok();
    case Op::Drop: (void)pop(); return Status::Ok();
    case Op::LocalGet: {
      Loc l;
      l.kind = Loc::Local;
      l.type = local_types_[in.index];
      l.local = in.index;
      push_loc(l);
      return Status::Ok();
    }
    case Op::LocalSet: set_local(in.index, pop()); return Status::Ok();
    case Op::LocalTee: {
      Loc v = pop();
      set_local(in.index, v);
      Loc l;
      l.kind = Loc::Local;
      l.type = local_types_[in.index];
      l.local = in.index;
      push_loc(l);
      return Status::Ok();
    }
    case Op::I32Const: case Op::F32Const: {
      Loc l;
      l.kind = Loc::Const;
      l.type = in.op == Op::I32Const ? ValType::I32 : ValType::F32;
      l.bits[0] = uint32_t(in.imm);
      push_loc(l);
      return Status::Ok();
    }
    case Op::I64Const: case Op::F64Const: {
      Loc l;
      l.kind = Loc::Const;
      l.type = in.op == Op::I64Const ? ValType::I64 : ValType::F64;
      l.bits[0] = in.imm;
      push_loc(l);
      return Status::Ok();
    }
    case Op::Select: case Op::SelectT: {
      Loc c = pop(), b = pop(), a = pop();
      uint16_t sc = slot_of(c), sb = slot_of(b), sa = slot_of(a);
      Loc& r = push_temp(a.type);
      size_t at = emit(a.type == ValType::V128 ? Isa::Select128 : Isa::Select, pack_abcd(r.home, sa, sb, sc));
      set_result(at, r.home);
      return Status::Ok();
    }
    default: break;
  }
  if (try_compile_imm(in)) return Status::Ok();
  return compile_simple(in);
}

// Generic three-address form for opcodes with a "params:results" signature.
Status FunctionCompiler::compile_simple(const Instr& in) {
  Isa isa = isa_for_op(in.op);
  const OpInfo& info = op_info(in.op);
  if (isa == Isa::Count_ || !op_is_simple(in.op)) {
    return make_error(ErrorKind::Invalid, std::string("unsupported instruction ") + std::string(info.name),
                      in.offset);
  }
  std::string_view sig = info.sig;
  size_t colon = sig.find(':');
  std::string_view params = sig.substr(0, colon), results = sig.substr(colon + 1);
  Loc ops[3];
  size_t n = params.size();
  for (size_t i = n; i-- > 0;) ops[i] = pop();
  uint16_t slots[3] = {0, 0, 0};
  for (size_t i = 0; i < n; i++) slots[i] = slot_of(ops[i]);
  if (n == 2 && try_fuse_load_binop(in.op, ops[0], ops[1], slots[0], slots[1])) return Status::Ok();
  if (n == 2 && try_fuse_mul_add(in.op, ops[0], ops[1], slots[0], slots[1])) return Status::Ok();
  uint16_t dst = 0;
  if (!results.empty()) dst = push_temp(sig_type(results[0])).home;
  size_t at = emit(isa, pack_abcd(dst, slots[0], slots[1], slots[2]));
  if (!results.empty()) {
    set_result(at, dst);
    note_mul(in.op, at, dst, slots[0], slots[1]);
    // Remember comparisons producing i32 so br_if / if can fuse with them.
    static constexpr struct { Op op; Isa br; } kCmp[] = {
        {Op::I32Eq, Isa::BrI32Eq}, {Op::I32Ne, Isa::BrI32Ne}, {Op::I32LtS, Isa::BrI32LtS},
        {Op::I32LtU, Isa::BrI32LtU}, {Op::I32GtS, Isa::BrI32GtS}, {Op::I32GtU, Isa::BrI32GtU},
        {Op::I32LeS, Isa::BrI32LeS}, {Op::I32LeU, Isa::BrI32LeU}, {Op::I32GeS, Isa::BrI32GeS},
        {Op::I32GeU, Isa::BrI32GeU}, {Op::I64Eq, Isa::BrI64Eq}, {Op::I64Ne, Isa::BrI64Ne},
        {Op::I64LtS, Isa::BrI64LtS}, {Op::I64LtU, Isa::BrI64LtU}, {Op::I64GtS, Isa::BrI64GtS},
        {Op::I64GtU, Isa::BrI64GtU}, {Op::I64LeS, Isa::BrI64LeS}, {Op::I64LeU, Isa::BrI64LeU},
        {Op::I64GeS, Isa::BrI64GeS}, {Op::I64GeU, Isa::BrI64GeU}, {Op::I32Eqz, Isa::BrIfEqz}};
    for (const auto& c : kCmp) {
      if (c.op == in.op) {
        cmp_ = {true, at, dst, c.br, slots[0], slots[1], 0};
        break;
      }
    }
  }
  return Status::Ok();
}

// `x op const` (and `const op x` for commutative/mirrored ops) with the constant in the instruction.
bool FunctionCompiler::try_compile_imm(const Instr& in) {
  struct ImmForm { Op op; Isa isa; Op mirrored; Isa br; };
  static constexpr ImmForm kForms[] = {
      {Op::I32Add, Isa::I32AddImm, Op::I32Add, Isa::Count_},
      {Op::I32Sub, Isa::I32AddImm, Op::Nop, Isa::Count_},
      {Op::I32Mul, Isa::I32MulImm, Op::I32Mul, Isa::Count_},
      {Op::I32And, Isa::I32AndImm, Op::I32And, Isa::Count_},
      {Op::I32Or, Isa::I32OrImm, Op::I32Or, Isa::Count_},
      {Op::I32Xor, Isa::I32XorImm, Op::I32Xor, Isa::Count_},
      {Op::I32Shl, Isa::I32ShlImm, Op::Nop, Isa::Count_},
      {Op::I32ShrS, Isa::I32ShrSImm, Op::Nop, Isa::Count_},
      {Op::I32ShrU, Isa::I32ShrUImm, Op::Nop, Isa::Count_},
      {Op::I32Eq, Isa::I32EqImm, Op::I32Eq, Isa::BrI32EqImm},
      {Op::I32Ne, Isa::I32NeImm, Op::I32Ne, Isa::BrI32NeImm},
      {Op::I32LtS, Isa::I32LtSImm, Op::I32GtS, Isa::BrI32LtSImm},
      {Op::I32LtU, Isa::I32LtUImm, Op::I32GtU, Isa::BrI32LtUImm},
      {Op::I32GtS, Isa::I32GtSImm, Op::I32LtS, Isa::BrI32GtSImm},
      {Op::I32GtU, Isa::I32GtUImm, Op::I32LtU, Isa::BrI32GtUImm},
      {Op::I32LeS, Isa::I32LeSImm, Op::I32GeS, Isa::BrI32LeSImm},
      {Op::I32LeU, Isa::I32LeUImm, Op::I32GeU, Isa::BrI32LeUImm},
      {Op::I32GeS, Isa::I32GeSImm, Op::I32LeS, Isa::BrI32GeSImm},
      {Op::I32GeU, Isa::I32GeUImm, Op::I32LeU, Isa::BrI32GeUImm},
      {Op::I64Add, Isa::I64AddImm, Op::I64Add, Isa::Count_},
      {Op::I64Sub, Isa::I64AddImm, Op::Nop, Isa::Count_},
      {Op::I64Mul, Isa::I64MulImm, Op::I64Mul, Isa::Count_},
      {Op::I64And, Isa::I64AndImm, Op::I64And, Isa::Count_},
      {Op::I64Or, Isa::I64OrImm, Op::I64Or, Isa::Count_},
      {Op::I64Xor, Isa::I64XorImm, Op::I64Xor, Isa::Count_},
      {Op::I64Shl, Isa::I64ShlImm, Op::Nop, Isa::Count_},
      {Op::I64ShrS, Isa::I64ShrSImm, Op::Nop, Isa::Count_},
      {Op::I64ShrU, Isa::I64ShrUImm, Op::Nop, Isa::Count_},
  };
  if (stack_.size() < 2) return false;
  Loc& b = stack_.back();
  Loc& a = stack_[stack_.size() - 2];
  bool b_const = b.kind == Loc::Const, a_const = a.kind == Loc::Const;
  if (b_const == a_const) return false;
  Op op = in.op;
  const ImmForm* form = nullptr;
  for (const auto& f : kForms) {
    if (f.op == op) { form = &f; break; }
  }
  if (!form) return false;
  if (a_const) {  // const op x  ->  x mirrored-op const
    if (form->mirrored == Op::Nop) return false;
    for (const auto& f : kForms) {
      if (f.op == form->mirrored) { form = &f; break; }
    }
  }
  Loc c = a_const ? a : b;
  bool is64 = c.type == ValType::I64;
  int64_t v = is64 ? int64_t(c.bits[0]) : int64_t(int32_t(uint32_t(c.bits[0])));
  if (op == Op::I32Sub) v = int64_t(int32_t(uint32_t(0) - uint32_t(v)));
  if (op == Op::I64Sub) {
    if (v == INT64_MIN) return false;
    v = -v;
  }
  if (is64 && (v < INT32_MIN || v > INT32_MAX)) return false;
  Loc y = pop(), x = pop();
  Loc& var = a_const ? y : x;
  uint16_t sx = slot_of(var);
  Loc& r = push_temp(ValType(is64 && form->br == Isa::Count_ ? ValType::I64 : ValType::I32));
  uint32_t imm = uint32_t(int32_t(v));
  size_t at = emit(form->isa, pack_ab_imm(r.home, sx, imm));
  set_result(at, r.home);
  if (form->br != Isa::Count_) cmp_ = {true, at, r.home, form->br, sx, 0, imm};
  return true;
}

}  // namespace wasmvm::rt

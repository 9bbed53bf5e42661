// Compilation of memory, table, global and reference instructions, and of simd128 opcodes.
#include <cstring>

#include "vm/compiler.h"
#if WASMVM_SIMD
#include "simd/ops.h"
#endif

namespace wasmvm::rt {

namespace {

struct MemOpInfo { Op op; Isa isa; ValType result; bool store; };
constexpr MemOpInfo kMemOps[] = {
    {Op::I32Load, Isa::I32Load, ValType::I32, false},     {Op::I64Load, Isa::I64Load, ValType::I64, false},
    {Op::F32Load, Isa::F32Load, ValType::F32, false},     {Op::F64Load, Isa::F64Load, ValType::F64, false},
    {Op::I32Load8S, Isa::I32Load8S, ValType::I32, false}, {Op::I32Load8U, Isa::I32Load8U, ValType::I32, false},
    {Op::I32Load16S, Isa::I32Load16S, ValType::I32, false}, {Op::I32Load16U, Isa::I32Load16U, ValType::I32, false},
    {Op::I64Load8S, Isa::I64Load8S, ValType::I64, false}, {Op::I64Load8U, Isa::I64Load8U, ValType::I64, false},
    {Op::I64Load16S, Isa::I64Load16S, ValType::I64, false}, {Op::I64Load16U, Isa::I64Load16U, ValType::I64, false},
    {Op::I64Load32S, Isa::I64Load32S, ValType::I64, false}, {Op::I64Load32U, Isa::I64Load32U, ValType::I64, false},
    {Op::I32Store, Isa::I32Store, ValType::I32, true},    {Op::I64Store, Isa::I64Store, ValType::I64, true},
    {Op::F32Store, Isa::F32Store, ValType::F32, true},    {Op::F64Store, Isa::F64Store, ValType::F64, true},
    {Op::I32Store8, Isa::I32Store8, ValType::I32, true},  {Op::I32Store16, Isa::I32Store16, ValType::I32, true},
    {Op::I64Store8, Isa::I64Store8, ValType::I64, true},  {Op::I64Store16, Isa::I64Store16, ValType::I64, true},
    {Op::I64Store32, Isa::I64Store32, ValType::I64, true},
};

}  // namespace

Status FunctionCompiler::compile_memory(const Instr& in, bool& handled) {
  handled = true;
  for (const MemOpInfo& mo : kMemOps) {
    if (mo.op != in.op) continue;
    if (mo.store) {
      Loc v = pop(), addr = pop();
      uint16_t sv = slot_of(v), sa = slot_of(addr);
      if (try_fuse_add_store(in.op, v, sa, in.mem.offset)) return Status::Ok();
      emit(mo.isa, pack_ab_imm(sa, sv, in.mem.offset));
    } else {
      Loc addr = pop();
      uint16_t sa = slot_of(addr);
      Loc& r = push_temp(mo.result);
      uint16_t home = r.home;
      size_t at = emit(mo.isa, pack_ab_imm(home, sa, in.mem.offset));
      set_result(at, home);
      if (in.op == Op::F32Load || in.op == Op::F64Load) note_load(in.op, at, home, addr, sa, in.mem.offset);
    }
    return Status::Ok();
  }
  switch (in.op) {
    case Op::GlobalGet: {
      ValType t = m_.all_globals[in.index].type;
      Loc& r = push_temp(t);
      size_t at = emit(t == ValType::V128 ? Isa::GlobalGet128 : Isa::GlobalGet, pack_ab_imm(r.home, 0, in.index));
      set_result(at, r.home);
      return Status::Ok();
    }
    case Op::GlobalSet: {
      Loc v = pop();
      uint16_t s = slot_of(v);
      emit(v.type == ValType::V128 ? Isa::GlobalSet128 : Isa::GlobalSet, pack_ab_imm(s, 0, in.index));
      return Status::Ok();
    }
    case Op::MemorySize: {
      Loc& r = push_temp(ValType::I32);
      size_t at = emit(Isa::MemorySize, pack_abcd(r.home, 0, 0, 0));
      set_result(at, r.home);
      return Status::Ok();
    }
    case Op::MemoryGrow: {
      Loc n = pop();
      uint16_t s = slot_of(n);
      Loc& r = push_temp(ValType::I32);
      emit(Isa::MemoryGrow, pack_abcd(r.home, s, 0, 0));
      return Status::Ok();
    }
    case Op::MemoryFill: case Op::MemoryCopy: case Op::MemoryInit: case Op::TableFill:
    case Op::TableCopy: case Op::TableInit: {
      Loc n = pop(), b = pop(), a = pop();
      uint16_t sn = slot_of(n), sb = slot_of(b), sa = slot_of(a);
      if (in.op == Op::MemoryFill) emit(Isa::MemoryFill, pack_abcd(sa, sb, sn, 0));
      if (in.op == Op::MemoryCopy) emit(Isa::MemoryCopy, pack_abcd(sa, sb, sn, 0));
      if (in.op == Op::MemoryInit) {
        if (in.index >= kMaxDataSegments) fail("too many data segments for memory.init (limit 65536)");
        emit(Isa::MemoryInit, pack_abcd(sa, sb, sn, uint16_t(in.index)));
      }
      if (in.op == Op::TableFill) {
        emit(Isa::TableFill, pack_abcd(sa, sb, sn, 0));
        emit_word(in.index);
      }
      if (in.op == Op::TableCopy) {
        emit(Isa::TableCopy, pack_abcd(sa, sb, sn, 0));
        emit_word(uint64_t(in.index) | uint64_t(in.index2) << 32);
      }
      if (in.op == Op::TableInit) {
        emit(Isa::TableInit, pack_abcd(sa, sb, sn, 0));
        emit_word(uint64_t(in.index2) | uint64_t(in.index) << 32);
      }
      return Status::Ok();
    }
    case Op::DataDrop:
      emit(Isa::DataDrop, pack_ab_imm(0, 0, in.index));
      return Status::Ok();
    case Op::ElemDrop:
      emit(Isa::ElemDrop, pack_ab_imm(0, 0, in.index));
      return Status::Ok();
    case Op::TableGet: {
      Loc i = pop();
      uint16_t s = slot_of(i);
      Loc& r = push_temp(m_.all_tables[in.index].elem);
      size_t at = emit(Isa::TableGet, pack_ab_imm(r.home, s, in.index));
      set_result(at, r.home);
      return Status::Ok();
    }
    case Op::TableSet: {
      Loc v = pop(), i = pop();
      uint16_t sv = slot_of(v), si = slot_of(i);
      emit(Isa::TableSet, pack_ab_imm(si, sv, in.index));
      return Status::Ok();
    }
    case Op::TableSize: {
      Loc& r = push_temp(ValType::I32);
      size_t at = emit(Isa::TableSize, pack_ab_imm(r.home, 0, in.index));
      set_result(at, r.home);
      return Status::Ok();
    }
    case Op::TableGrow: {
      Loc n = pop(), init = pop();
      uint16_t sn = slot_of(n), si = slot_of(init);
      Loc& r = push_temp(ValType::I32);
      emit(Isa::TableGrow, pack_abcd(r.home, si, sn, 0));
      emit_word(in.index);
      return Status::Ok();
    }
    case Op::RefNull: {
      Loc l;
      l.kind = Loc::Const;
      l.type = in.type;
      push_loc(l);
      return Status::Ok();
    }
    case Op::RefIsNull: {
      Loc v = pop();
      uint16_t s = slot_of(v);
      Loc& r = push_temp(ValType::I32);
      size_t at = emit(Isa::RefIsNull, pack_abcd(r.home, s, 0, 0));
      set_result(at, r.home);
      return Status::Ok();
    }
    case Op::RefFunc: {
      Loc& r = push_temp(ValType::FuncRef);
      size_t at = emit(Isa::RefFunc, pack_ab_imm(r.home, 0, in.index));
      set_result(at, r.home);
      return Status::Ok();
    }
    default:
      handled = false;
      return Status::Ok();
  }
}

#if WASMVM_SIMD
Status FunctionCompiler::compile_simd(const Instr& in, bool& handled) {
  handled = true;
  const OpInfo& info = op_info(in.op);
  if (info.prefix != 0xFD) {
    handled = false;
    return Status::Ok();
  }
  switch (in.op) {
    case Op::V128Const: {
      Loc l;
      l.kind = Loc::Const;
      l.type = ValType::V128;
      std::memcpy(l.bits, in.bytes, 16);
      push_loc(l);
      return Status::Ok();
    }
    case Op::I8x16Shuffle: {
      Loc b = pop(), a = pop();
      uint16_t sb = slot_of(b), sa = slot_of(a);
      Loc& r = push_temp(ValType::V128);
      size_t at = emit(Isa::I8x16Shuffle, pack_abcd(r.home, sa, sb, 0));
      // The lane masks are prepared once here; the handler uses them as an immediate.
      simd::ShuffleImm imm = simd::shuffle_prepare(in.bytes);
      static_assert(sizeof(imm) <= 32, "ShuffleImm must fit the 4 immediate words");
      uint64_t w[4] = {0, 0, 0, 0};
      std::memcpy(w, &imm, sizeof(imm));
      for (uint64_t x : w) emit_word(x);
      set_result(at, r.home);
      return Status::Ok();
    }
    default: break;
  }
  Isa isa = isa_for_op(in.op);
  if (isa == Isa::Count_) {
    return make_error(ErrorKind::Invalid, "unsupported simd instruction", in.offset);
  }
  switch (info.imm) {
    case ImmKind::MemArg: {
      if (info.sig.back() == ':') {  // v128.store: address, value
        Loc v = pop(), addr = pop();
        uint16_t sv = slot_of(v), sa = slot_of(addr);
        emit(isa, pack_ab_imm(sa, sv, in.mem.offset));
      } else {
        Loc addr = pop();
        uint16_t sa = slot_of(addr);
        if (in.op == Op::V128Load32Splat && try_fold_splat_address(addr, in.mem.offset)) return Status::Ok();
        Loc& r = push_temp(ValType::V128);
        uint16_t home = r.home;
        size_t at = emit(isa, pack_ab_imm(home, sa, in.mem.offset));
        set_result(at, home);
        if (in.op == Op::V128Load) note_load(in.op, at, home, addr, sa, in.mem.offset);
      }
      return Status::Ok();
    }
    case ImmKind::MemArgLane: {
      Loc v = pop(), addr = pop();
      uint16_t sv = slot_of(v), sa = slot_of(addr);
      uint16_t dst = 0;
      if (info.sig.back() != ':') dst = push_temp(ValType::V128).home;
      emit(isa, pack_ab_imm(dst, sa, in.mem.offset));
      emit_word(uint64_t(sv) | uint64_t(in.lane) << 16);
      return Status::Ok();
    }
    case ImmKind::Lane: {
      // extract: (v) -> scalar; replace: (v, scalar) -> v. Lane in D.
      std::string_view sig = info.sig;
      bool replace = sig.size() > 2 && sig[1] != ':';
      Loc s, v;
      if (replace) s = pop();
      v = pop();
      uint16_t ss = replace ? slot_of(s) : 0, sv = slot_of(v);
      char rt = sig.back();
      ValType t = rt == 'i' ? ValType::I32 : rt == 'l' ? ValType::I64 : rt == 'f' ? ValType::F32
                : rt == 'd' ? ValType::F64 : ValType::V128;
      Loc& r = push_temp(t);
      size_t at = emit(isa, pack_abcd(r.home, sv, ss, in.lane));
      set_result(at, r.home);
      return Status::Ok();
    }
    default:
      handled = false;  // simple: generic path
      return Status::Ok();
  }
}
#endif

}  // namespace wasmvm::rt

// InstrReader: decodes one instruction and all of its immediates.
#include "instr.h"

#include "byte_reader.h"
#include "opcode_tables.h"

namespace wasmvm {

InstrReader::InstrReader(const uint8_t* data, size_t begin, size_t end)
    : data_(data), pos_(begin), end_(end) {}

namespace {

// Reserved memory-index bytes of 2.0 must be a single 0x00 byte (not an overlong LEB zero).
bool zero_byte(ByteReader& r) {
  size_t at = r.pos();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (b != 0) return r.fail("zero byte expected", at);
  return true;
}

bool read_memarg(ByteReader& r, MemArg& m) {
  size_t at = r.pos();
  if (!r.u32(m.align)) return false;
  // Bit 6 would announce a memory index (multi-memory, not in 2.0); any align >= 32 is malformed.
  if (m.align >= 32) return r.fail("malformed memop flags", at);
  m.memory = 0;
  return r.u32(m.offset);
}

bool read_block_type(ByteReader& r, BlockType& bt) {
  uint8_t b;
  if (!r.peek(b)) return r.fail("unexpected end", r.pos());
  if (b == 0x40) {
    r.set_pos(r.pos() + 1);
    bt.kind = BlockType::Kind::Empty;
    return true;
  }
  if (is_valtype_byte(b)) {
    r.set_pos(r.pos() + 1);
    bt.kind = BlockType::Kind::Value;
    bt.value = static_cast<ValType>(b);
    return true;
  }
  size_t at = r.pos();
  int64_t idx;
  if (!r.s33(idx)) return false;
  if (idx < 0) return r.fail("malformed block type", at);
  bt.kind = BlockType::Kind::TypeIndex;
  bt.type_index = static_cast<uint32_t>(idx);
  return true;
}

}  // namespace

Status InstrReader::next(Instr& out) {
  ByteReader r(data_, pos_, end_);
  out.offset = pos_;
  uint8_t b;
  if (!r.u8(b)) return r.error();
  Op op;
  if (b == 0xFC || b == 0xFD) {
    uint32_t code;
    if (!r.u32(code)) return r.error();
    op = op_from_prefixed(b, code);
  } else {
    op = detail::kSingleByteOps[b];
  }
  if (op == Op::Count_) return make_error(ErrorKind::Malformed, "illegal opcode", out.offset);
  out.op = op;

  bool ok = true;
  switch (detail::fast_op_info(op).imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType:
      ok = read_block_type(r, out.block);
      break;
    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Data:
    case ImmKind::Elem:
      ok = r.u32(out.index);
      break;
    case ImmKind::CallIndirect:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
      ok = r.u32(out.index) && r.u32(out.index2);
      break;
    case ImmKind::BrTable: {
      uint32_t count;
      size_t at = r.pos();
      if (!r.u32(count)) { ok = false; break; }
      // Every label takes at least one byte: reject absurd counts before allocating.
      if (count >= r.remaining()) { ok = r.fail("unexpected end", at); break; }
      table_.resize(static_cast<size_t>(count) + 1);
      for (uint32_t i = 0; ok && i <= count; i++) ok = r.u32(table_[i]);
      out.br_table = &table_;
      break;
    }
    case ImmKind::MemArg:
      ok = read_memarg(r, out.mem);
      break;
    case ImmKind::MemArgLane:
      ok = read_memarg(r, out.mem) && r.u8(out.lane);
      break;
    case ImmKind::Memory:
      out.index = 0;
      ok = zero_byte(r);
      break;
    case ImmKind::MemoryInit:
      ok = r.u32(out.index) && zero_byte(r);
      break;
    case ImmKind::MemoryCopy:
      out.index = out.index2 = 0;
      ok = zero_byte(r) && zero_byte(r);
      break;
    case ImmKind::I32: {
      int32_t v = 0;
      ok = r.s32(v);
      out.imm = static_cast<uint64_t>(static_cast<int64_t>(v));
      break;
    }
    case ImmKind::I64: {
      int64_t v = 0;
      ok = r.s64(v);
      out.imm = static_cast<uint64_t>(v);
      break;
    }
    case ImmKind::F32: {
      uint32_t v = 0;
      ok = r.fixed32(v);
      out.imm = v;
      break;
    }
    case ImmKind::F64:
      ok = r.fixed64(out.imm);
      break;
    case ImmKind::SelectT: {
      // 2.0 requires exactly one type; the validator reports other counts ("invalid result arity"),
      // so the count is passed on in `index`.
      uint32_t count;
      size_t at = r.pos();
      if (!r.u32(count)) { ok = false; break; }
      if (count > r.remaining()) { ok = r.fail("unexpected end", at); break; }
      out.index = count;
      for (uint32_t i = 0; ok && i < count; i++) {
        size_t tat = r.pos();
        uint8_t t;
        if (!r.u8(t)) { ok = false; break; }
        if (!is_valtype_byte(t)) { ok = r.fail("malformed value type", tat); break; }
        if (i == 0) out.type = static_cast<ValType>(t);
      }
      break;
    }
    case ImmKind::RefType: {
      size_t at = r.pos();
      uint8_t t;
      if (!r.u8(t)) { ok = false; break; }
      if (t != 0x70 && t != 0x6F) { ok = r.fail("malformed reference type", at); break; }
      out.type = static_cast<ValType>(t);
      break;
    }
    case ImmKind::V128:
    case ImmKind::Shuffle:
      if (r.remaining() < 16) { ok = r.fail("unexpected end", r.end()); break; }
      for (int i = 0; i < 16; i++) out.bytes[i] = data_[r.pos() + i];
      ok = r.skip(16);
      break;
    case ImmKind::Lane:
      ok = r.u8(out.lane);
      break;
  }
  if (!ok) return r.error();
  pos_ = r.pos();
  return Status::Ok();
}

}  // namespace wasmvm

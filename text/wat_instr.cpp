// Instructions (plain and folded) -> code bytes, with immediates read per ImmKind of opcodes.def.
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "decoder/opcode_tables.h"
#include "decoder/opcodes.h"
#include "text/literals.h"
#include "text/wat_encoder.h"

namespace wasmvm::text {
namespace {

const std::unordered_map<std::string_view, unsigned>& name_table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, unsigned>();
    for (size_t i = 0; i < kNumOps; i++) t->emplace(detail::kOpInfoTable[i].name, unsigned(i));  // first wins
    return t;
  }();
  return *table;
}

const OpInfo& info(unsigned op) { return detail::kOpInfoTable[op]; }

void write_op(ByteWriter& w, unsigned op) {
  const OpInfo& i = info(op);
  if (i.prefix) {
    w.u8(i.prefix);
    w.u32(i.code);
  } else {
    w.u8(uint8_t(i.code));
  }
}

const Node& atom(Cursor& c) {
  const Node& n = c.next();
  if (!n.is_atom()) fail_at(n, "unexpected token");
  return n;
}

// `select (result t)*` with at least one type is the typed select; `(result)` alone is the plain
// one (as wabt writes it).
bool has_select_types(const Cursor& c) {
  for (size_t i = c.pos; i < c.list.kids.size() && c.list.kids[i].is_list_of("result"); i++)
    if (c.list.kids[i].kids.size() > 1) return true;
  return false;
}

void literal_fail(const Node& n, LitStatus st) {
  if (st == LitStatus::OutOfRange) fail_at(n, "constant out of range");
  fail_at(n, "unexpected token");
}

// Atoms that can only be meant as number literals (lanes of v128.const / i8x16.shuffle).
bool literal_like(const Node* n) {
  if (!n || !n->is_atom()) return false;
  std::string_view t = n->text;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  return !t.empty() && ((t[0] >= '0' && t[0] <= '9') || t.rfind("inf", 0) == 0 || t.rfind("nan", 0) == 0 ||
                        !is_known_token(n->text));
}

size_t count_literals(const Cursor& c) {
  size_t n = 0;
  while (c.pos + n < c.list.kids.size() && c.pos + n < c.end && literal_like(&c.list.kids[c.pos + n])) n++;
  return n;
}

uint8_t lane_index(Cursor& c) {
  const Node& n = atom(c);
  uint64_t v = 0;
  LitStatus st = parse_nat(n.text, 8, v);
  if (st == LitStatus::OutOfRange) fail_at(n, "malformed lane index");
  if (st != LitStatus::Ok) fail_at(n, "unexpected token");
  return uint8_t(v);
}

void v128_const(Cursor& c, ByteWriter& w) {
  const Node& shape = atom(c);
  struct Shape {
    const char* name;
    unsigned lanes, bits;
    bool is_float;
  };
  static const Shape shapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
                                 {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  const Shape* s = nullptr;
  for (const Shape& x : shapes)
    if (shape.text == x.name) s = &x;
  if (!s) fail_at(shape, "unexpected token");
  if (count_literals(c) != s->lanes) fail_at(shape, "wrong number of lane literals");
  for (unsigned i = 0; i < s->lanes; i++) {
    const Node* n = &c.next();
    uint64_t bits = 0;
    LitStatus st;
    if (s->is_float && s->bits == 32) {
      uint32_t f = 0;
      st = parse_f32(n->text, f);
      bits = f;
    } else if (s->is_float) {
      st = parse_f64(n->text, bits);
    } else {
      st = parse_int(n->text, s->bits, bits);
    }
    if (st != LitStatus::Ok) literal_fail(*n, st);
    w.raw(&bits, s->bits / 8);  // little-endian host
  }
}

}  // namespace

unsigned op_by_name(std::string_view name) {
  auto it = name_table().find(name);
  return it == name_table().end() ? unsigned(kNumOps) : it->second;
}

bool is_op_name(std::string_view name) { return op_by_name(name) < kNumOps; }

void InstrEncoder::add_local(const Node& at, const std::string& name, uint32_t index) {
  if (!locals_.emplace(name, index).second) fail_at(at, "duplicate local");
}

uint32_t InstrEncoder::label(const Node& n) {
  if (n.is_id()) {
    for (size_t i = labels_.size(); i-- > 0;)
      if (labels_[i] == n.text) return uint32_t(labels_.size() - 1 - i);
    fail_at(n, "unknown label " + n.text);
  }
  return m_.index(n, kFuncs);  // numeric: same u32 rules
}

uint32_t InstrEncoder::local(const Node& n) {
  if (n.is_id()) {
    auto it = locals_.find(n.text);
    if (it == locals_.end()) fail_at(n, "unknown local " + n.text);
    return it->second;
  }
  return m_.index(n, kFuncs);
}

void InstrEncoder::end_label(Cursor& c, const std::string& lbl) {
  if (!c.peek_id()) return;
  const Node& id = c.next();
  if (id.text != lbl) fail_at(id, "mismatching label");
}

void InstrEncoder::block_type(Cursor& c, ByteWriter& w) {
  if (!c.peek_list("type")) {
    size_t save = c.pos;
    FuncSig sig;
    m_.sig_lists(c, sig, nullptr, false);
    if (sig.params.empty() && sig.results.size() <= 1) {
      w.u8(sig.results.empty() ? 0x40 : sig.results[0]);
      return;
    }
    c.pos = save;
  }
  uint32_t idx = m_.typeuse(c, nullptr, false);
  // Like wabt: a referenced type of shape [] -> [t?] is written in the short form.
  const FuncSig* t = m_.type_at(idx);
  if (t && t->params.empty() && t->results.size() <= 1) w.u8(t->results.empty() ? 0x40 : t->results[0]);
  else w.s64(idx);
}

void InstrEncoder::memarg(Cursor& c, ByteWriter& w, uint32_t natural, const Node&) {
  uint64_t offset = 0, align = natural;
  if (const Node* n = c.peek(); n && n->is_atom() && n->text.rfind("offset=", 0) == 0) {
    c.next();
    LitStatus st = parse_nat(std::string_view(n->text).substr(7), 32, offset);
    if (st == LitStatus::OutOfRange) fail_at(*n, "i32 constant out of range");
    if (st != LitStatus::Ok) fail_at(*n, "unknown operator");
  }
  if (const Node* n = c.peek(); n && n->is_atom() && n->text.rfind("align=", 0) == 0) {
    c.next();
    LitStatus st = parse_nat(std::string_view(n->text).substr(6), 32, align);
    if (st == LitStatus::OutOfRange) fail_at(*n, "i32 constant out of range");
    if (st != LitStatus::Ok) fail_at(*n, "unknown operator");
    if (align == 0 || (align & (align - 1))) fail_at(*n, "alignment must be a power of two");
  }
  uint32_t log2 = 0;
  while ((uint64_t(1) << log2) < align) log2++;
  w.u32(log2);
  w.u32(offset);
}

void InstrEncoder::immediates(unsigned op, const Node& kw, Cursor& c, ByteWriter& w) {
  const OpInfo& i = info(op);
  switch (i.imm) {
    case ImmKind::None:
      if (static_cast<Op>(op) == Op::Select)
        while (c.peek_list("result")) c.next();  // empty (result) lists of a plain select
      break;
    case ImmKind::BlockType: break;
    case ImmKind::Label: w.u32(label(atom(c))); break;
    case ImmKind::BrTable: {
      std::vector<uint32_t> ls;
      while (ModuleEncoder::is_index(c.peek())) ls.push_back(label(c.next()));
      if (ls.empty()) fail_at(c.peek() ? *c.peek() : kw, "unexpected token");
      w.u32(ls.size() - 1);
      for (uint32_t l : ls) w.u32(l);
      break;
    }
    case ImmKind::Func: w.u32(m_.index(atom(c), kFuncs)); break;
    case ImmKind::CallIndirect: {
      uint32_t table = ModuleEncoder::is_index(c.peek()) ? m_.index(c.next(), kTables) : 0;
      w.u32(m_.typeuse(c, nullptr, false));
      w.u32(table);
      break;
    }
    case ImmKind::Local: w.u32(local(atom(c))); break;
    case ImmKind::Global: w.u32(m_.index(atom(c), kGlobals)); break;
    case ImmKind::Table: w.u32(ModuleEncoder::is_index(c.peek()) ? m_.index(c.next(), kTables) : 0); break;
    case ImmKind::MemArg: memarg(c, w, i.extra, kw); break;
    case ImmKind::Memory: w.u8(0x00); break;
    case ImmKind::I32:
    case ImmKind::I64: {
      const Node& n = atom(c);
      uint64_t v = 0;
      unsigned bits = i.imm == ImmKind::I32 ? 32 : 64;
      LitStatus st = parse_int(n.text, bits, v);
      if (st != LitStatus::Ok) literal_fail(n, st);
      w.s64(bits == 32 ? int64_t(int32_t(uint32_t(v))) : int64_t(v));
      break;
    }
    case ImmKind::F32: {
      const Node& n = atom(c);
      uint32_t v = 0;
      LitStatus st = parse_f32(n.text, v);
      if (st != LitStatus::Ok) literal_fail(n, st);
      w.raw(&v, 4);
      break;
    }
    case ImmKind::F64: {
      const Node& n = atom(c);
      uint64_t v = 0;
      LitStatus st = parse_f64(n.text, v);
      if (st != LitStatus::Ok) literal_fail(n, st);
      w.raw(&v, 8);
      break;
    }
    case ImmKind::SelectT: {
      std::vector<uint8_t> ts;
      while (c.peek_list("result")) {
        const Node& r = c.next();
        Cursor rc{r, 1};
        while (!rc.done()) ts.push_back(m_.valtype(rc.next()));
      }
      w.u32(ts.size());
      for (uint8_t t : ts) w.u8(t);
      break;
    }
    case ImmKind::RefType: w.u8(m_.heaptype(c.next())); break;
    case ImmKind::Data:
      m_.uses_data_count = true;
      w.u32(m_.index(atom(c), kDatas));
      break;
    case ImmKind::Elem: w.u32(m_.index(atom(c), kElems)); break;
    case ImmKind::MemoryInit:
      m_.uses_data_count = true;
      w.u32(m_.index(atom(c), kDatas));
      w.u8(0x00);
      break;
    case ImmKind::MemoryCopy:
      w.u8(0x00);
      w.u8(0x00);
      break;
    case ImmKind::TableInit: {
      const Node& a = atom(c);
      if (ModuleEncoder::is_index(c.peek())) {
        uint32_t table = m_.index(a, kTables);
        w.u32(m_.index(c.next(), kElems));
        w.u32(table);
      } else {
        w.u32(m_.index(a, kElems));
        w.u32(0);
      }
      break;
    }
    case ImmKind::TableCopy:
      if (ModuleEncoder::is_index(c.peek())) {
        w.u32(m_.index(c.next(), kTables));
        w.u32(m_.index(atom(c), kTables));
      } else {
        w.u32(0);
        w.u32(0);
      }
      break;
    case ImmKind::V128: v128_const(c, w); break;
    case ImmKind::Shuffle:
      if (count_literals(c) != 16) fail_at(kw, "invalid lane length");
      for (int k = 0; k < 16; k++) {
        const Node& n = c.next();
        uint64_t v = 0;
        if (parse_nat(n.text, 8, v) != LitStatus::Ok) fail_at(n, "malformed lane index");
        w.u8(uint8_t(v));
      }
      break;
    case ImmKind::Lane: w.u8(lane_index(c)); break;
    case ImmKind::MemArgLane:
      memarg(c, w, i.extra, kw);
      w.u8(lane_index(c));
      break;
  }
}

void InstrEncoder::plain(const Node& kw, Cursor& c, ByteWriter& w) {
  if (!kw.is_atom()) fail_at(kw, "unexpected token");
  unsigned op = op_by_name(kw.text);
  if (op >= kNumOps) fail_at(kw, "unexpected token");  // "unknown operator x" unless x is a keyword
  Op o = static_cast<Op>(op);
  if (o == Op::Block || o == Op::Loop || o == Op::If) {
    std::string lbl = c.peek_id() ? c.next().text : std::string();
    write_op(w, op);
    block_type(c, w);
    labels_.push_back(lbl);
    seq(c);
    if (o == Op::If && c.peek_keyword("else")) {
      c.next();
      end_label(c, lbl);
      size_t at = w.bytes.size();
      w.u8(0x05);
      seq(c);
      if (w.bytes.size() == at + 1) w.bytes.pop_back();  // an empty else is left out, as wabt does
    }
    if (!c.peek_keyword("end")) fail_at(c.peek() ? *c.peek() : c.list, "unexpected token");
    c.next();
    end_label(c, lbl);
    w.u8(0x0B);
    labels_.pop_back();
    return;
  }
  if (o == Op::Else || o == Op::End) fail_at(kw, "unexpected token");
  if (o == Op::Select && has_select_types(c)) op = unsigned(Op::SelectT);
  write_op(w, op);
  immediates(op, kw, c, w);
}

void InstrEncoder::folded(const Node& list) {
  if (list.kids.empty() || !list.kids[0].is_atom()) fail_at(list, "unexpected token");
  const Node& kw = list.kids[0];
  unsigned op = op_by_name(kw.text);
  if (op >= kNumOps) fail_at(kw, "unexpected token");  // "unknown operator x" unless x is a keyword
  Op o = static_cast<Op>(op);
  Cursor c{list, 1};
  if (o == Op::Block || o == Op::Loop) {
    std::string lbl = c.peek_id() ? c.next().text : std::string();
    write_op(out_, op);
    block_type(c, out_);
    labels_.push_back(lbl);
    seq(c);
    c.expect_done();
    out_.u8(0x0B);
    labels_.pop_back();
    return;
  }
  if (o == Op::If) {
    std::string lbl = c.peek_id() ? c.next().text : std::string();
    ByteWriter bt;
    block_type(c, bt);
    while (!c.done() && !c.peek_list("then")) {
      const Node& n = c.next();
      if (!n.is_list()) fail_at(n, "unexpected token");
      folded(n);
    }
    write_op(out_, op);
    out_.append(bt.bytes);
    labels_.push_back(lbl);
    const Node& t = c.next();
    if (!t.is_list_of("then")) fail_at(t, "unexpected token");
    Cursor tc{t, 1};
    seq(tc);
    tc.expect_done();
    if (c.peek_list("else")) {
      const Node& e = c.next();
      Cursor ec{e, 1};
      size_t at = out_.bytes.size();
      out_.u8(0x05);
      seq(ec);
      ec.expect_done();
      if (out_.bytes.size() == at + 1) out_.bytes.pop_back();  // an empty else is left out, as wabt does
    }
    c.expect_done();
    out_.u8(0x0B);
    labels_.pop_back();
    return;
  }
  if (o == Op::Else || o == Op::End) fail_at(kw, "unexpected token");
  if (o == Op::Select && has_select_types(c)) op = unsigned(Op::SelectT);
  ByteWriter imm;
  immediates(op, kw, c, imm);
  while (!c.done()) {
    const Node& n = c.next();
    if (!n.is_list()) fail_at(n, "unexpected token");
    folded(n);
  }
  write_op(out_, op);
  out_.append(imm.bytes);
}

void InstrEncoder::instr(Cursor& c) {
  const Node& n = c.next();
  if (n.is_list()) folded(n);
  else plain(n, c, out_);
}

void InstrEncoder::seq(Cursor& c) {
  while (!c.done()) {
    const Node& n = *c.peek();
    if (n.is_keyword("end") || n.is_keyword("else")) return;
    instr(c);
  }
}

void InstrEncoder::body(Cursor& c) {
  seq(c);
  c.expect_done();
}

}  // namespace wasmvm::text

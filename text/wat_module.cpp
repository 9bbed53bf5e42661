// Module fields -> binary sections. First pass: explicit types, then every other field declares its
// index (and name) so that references may point forward; second pass: sections in spec order.
#include "decoder/utf8.h"
#include "text/literals.h"
#include "text/wat.h"
#include "text/wat_encoder.h"

namespace wasmvm::text {

// Whether an atom is a token of the grammar (keyword, number, id): a misplaced one is an
// "unexpected token", anything else an "unknown operator" (as the reference interpreter's lexer).
bool is_known_token(const std::string& t) {
  static const char* const keywords[] = {
      "module", "binary", "quote", "type", "func", "param", "result", "local", "import", "export", "table",
      "memory", "global", "elem", "data", "start", "offset", "item", "declare", "mut", "then", "else", "end",
      "funcref", "externref", "extern", "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2",
      "f32x4", "f64x2", "nan:canonical", "nan:arithmetic", "register", "invoke", "get", "either", "ref.extern"};
  for (const char* k : keywords)
    if (t == k) return true;
  if (t[0] == '$' || is_op_name(t)) return true;
  if (t.rfind("offset=", 0) == 0 || t.rfind("align=", 0) == 0) return true;
  uint64_t i = 0;
  if (parse_int(t, 64, i) != LitStatus::BadSyntax || parse_f64(t, i) != LitStatus::BadSyntax) return true;
  return false;
}

void fail_at(const Node& n, std::string message) {
  if (message == "unexpected token" && n.is_atom() && !is_known_token(n.text)) message = "unknown operator " + n.text;
  throw TextFailure{n.error(std::move(message))};
}

const Node& Cursor::next() {
  if (done()) {
    // Point at the list itself: its closing paren is where something was missing.
    fail_at(list, "unexpected token");
  }
  return list.kids[pos++];
}

void Cursor::expect_done() const {
  if (!done()) fail_at(list.kids[pos], "unexpected token");
}

namespace {

const char* space_name(Space s) {
  switch (s) {
    case kFuncs: return "func";
    case kTables: return "table";
    case kMems: return "memory";
    case kGlobals: return "global";
    case kTypes: return "type";
    case kElems: return "elem";
    case kDatas: return "data";
    default: return "index";
  }
}

std::string utf8_name(const Node& n) {
  if (!n.is_string()) fail_at(n, "unexpected token");
  if (!is_valid_utf8(reinterpret_cast<const uint8_t*>(n.text.data()), n.text.size()))
    fail_at(n, "malformed UTF-8 encoding");
  return n.text;
}

void section(ByteWriter& out, uint8_t id, const ByteWriter& content) {
  out.u8(id);
  out.u32(content.bytes.size());
  out.append(content.bytes);
}

uint32_t u32_literal(const Node& n) {
  uint64_t v = 0;
  if (!n.is_atom()) fail_at(n, "unexpected token");
  LitStatus st = parse_nat(n.text, 32, v);
  if (st == LitStatus::OutOfRange) fail_at(n, "i32 constant out of range");
  if (st != LitStatus::Ok) fail_at(n, "unexpected token");
  return uint32_t(v);
}

}  // namespace

uint32_t ModuleEncoder::index(const Node& atom, Space space) {
  if (atom.is_id()) {
    auto it = names_[space].find(atom.text);
    if (it == names_[space].end() && prescan_) return 0;  // the real pass reports it
    if (it == names_[space].end()) fail_at(atom, std::string("unknown ") + space_name(space) + " " + atom.text);
    return it->second;
  }
  if (!is_index(&atom)) fail_at(atom, "unexpected token");
  return u32_literal(atom);
}

uint8_t ModuleEncoder::valtype(const Node& n) {
  if (n.is_atom()) {
    const std::string& t = n.text;
    if (t == "i32") return 0x7F;
    if (t == "i64") return 0x7E;
    if (t == "f32") return 0x7D;
    if (t == "f64") return 0x7C;
    if (t == "v128") return 0x7B;
    if (t == "funcref") return 0x70;
    if (t == "externref") return 0x6F;
  }
  fail_at(n, "unexpected token");
}

uint8_t ModuleEncoder::reftype(const Node& n) {
  if (n.is_keyword("funcref")) return 0x70;
  if (n.is_keyword("externref")) return 0x6F;
  fail_at(n, "unexpected token");
}

uint8_t ModuleEncoder::heaptype(const Node& n) {
  if (n.is_keyword("func")) return 0x70;
  if (n.is_keyword("extern")) return 0x6F;
  fail_at(n, "unexpected token");
}

bool ModuleEncoder::sig_lists(Cursor& c, FuncSig& sig, std::vector<std::string>* names, bool allow_names) {
  bool any = false;
  while (c.peek_list("param")) {
    any = true;
    const Node& p = c.next();
    Cursor pc{p, 1};
    if (pc.peek_id()) {
      const Node& id = pc.next();
      if (!allow_names) fail_at(id, "unexpected token");
      sig.params.push_back(valtype(pc.next()));
      pc.expect_done();
      if (names) names->push_back(id.text);
      continue;
    }
    while (!pc.done()) {
      sig.params.push_back(valtype(pc.next()));
      if (names) names->push_back("");
    }
  }
  while (c.peek_list("result")) {
    any = true;
    const Node& r = c.next();
    Cursor rc{r, 1};
    while (!rc.done()) sig.results.push_back(valtype(rc.next()));
  }
  if (c.peek_list("param") || c.peek_list("type")) fail_at(*c.peek(), "unexpected token");
  return any;
}

uint32_t ModuleEncoder::find_or_add_type(const FuncSig& sig) {
  for (size_t i = 0; i < types_.size(); i++)
    if (types_[i] == sig) return uint32_t(i);
  types_.push_back(sig);
  return uint32_t(types_.size() - 1);
}

uint32_t ModuleEncoder::typeuse(Cursor& c, std::vector<std::string>* names, bool allow_names) {
  std::optional<uint32_t> explicit_index;
  const Node* type_node = nullptr;
  if (c.peek_list("type")) {
    type_node = &c.next();
    Cursor tc{*type_node, 1};
    explicit_index = index(tc.next(), kTypes);
    tc.expect_done();
  }
  FuncSig sig;
  std::vector<std::string> inline_names;
  bool any = sig_lists(c, sig, &inline_names, allow_names);
  if (explicit_index) {
    const FuncSig* t = type_at(*explicit_index);
    if (any) {
      if (!t) fail_at(*type_node, "unknown type");
      if (!(*t == sig)) fail_at(*type_node, "inline function type");
      if (names) *names = std::move(inline_names);
    } else if (names && t) {
      names->assign(t->params.size(), "");
    }
    return *explicit_index;
  }
  if (names) *names = std::move(inline_names);
  return find_or_add_type(sig);
}

// ---- first pass ------------------------------------------------------------------------------

std::optional<std::string> ModuleEncoder::bind_id(Cursor& c, Space space) {
  if (!c.peek_id()) return std::nullopt;
  const Node& id = c.next();
  if (!names_[space].emplace(id.text, counts_[space]).second)
    fail_at(id, std::string("duplicate ") + space_name(space));
  return id.text;
}

void ModuleEncoder::inline_exports(Cursor& c, uint8_t kind, uint32_t index) {
  while (c.peek_list("export")) {
    const Node& e = c.next();
    Cursor ec{e, 1};
    std::string name = utf8_name(ec.next());
    ec.expect_done();
    exports_.push_back(Export{std::move(name), kind, nullptr, index});
  }
}

bool ModuleEncoder::inline_import(Cursor& c, std::string& module, std::string& field) {
  if (!c.peek_list("import")) return false;
  const Node& i = c.next();
  Cursor ic{i, 1};
  module = utf8_name(ic.next());
  field = utf8_name(ic.next());
  ic.expect_done();
  note_import(i);
  return true;
}

void ModuleEncoder::note_definition(const Node&, const char* what) {
  if (!first_definition_) first_definition_ = what;
}

void ModuleEncoder::note_import(const Node& at) {
  if (first_definition_) fail_at(at, std::string("import after ") + first_definition_);
}

void ModuleEncoder::add_import(const std::string& module, const std::string& field, uint8_t kind,
                               const ByteWriter& desc) {
  imports_.name(module);
  imports_.name(field);
  imports_.u8(kind);
  imports_.append(desc.bytes);
  import_count_++;
}

void ModuleEncoder::limits(Cursor& c, ByteWriter& w, const Node& at) {
  const Node* n = c.peek();
  if (!n || !n->is_atom()) fail_at(n ? *n : at, "unexpected token");
  uint32_t min = u32_literal(c.next());
  const Node* m = c.peek();
  if (m && m->is_atom() && !m->text.empty() && m->text[0] >= '0' && m->text[0] <= '9') {
    uint32_t max = u32_literal(c.next());
    w.u8(0x01);
    w.u32(min);
    w.u32(max);
  } else {
    w.u8(0x00);
    w.u32(min);
  }
}

void ModuleEncoder::global_type(Cursor& c, ByteWriter& w) {
  if (c.peek_list("mut")) {
    const Node& m = c.next();
    Cursor mc{m, 1};
    w.u8(valtype(mc.next()));
    mc.expect_done();
    w.u8(0x01);
  } else {
    w.u8(valtype(c.next()));
    w.u8(0x00);
  }
}

void ModuleEncoder::declare_types(const Node& list, size_t first) {
  for (size_t i = first; i < list.kids.size(); i++) {
    const Node& f = list.kids[i];
    if (!f.is_list_of("type")) continue;
    Cursor c{f, 1};
    bind_id(c, kTypes);
    const Node& fn = c.next();
    if (!fn.is_list_of("func")) fail_at(fn, "unexpected token");
    c.expect_done();
    Cursor fc{fn, 1};
    FuncSig sig;
    std::vector<std::string> names;
    sig_lists(fc, sig, &names, true);
    fc.expect_done();
    types_.push_back(std::move(sig));
    counts_[kTypes]++;
  }
}

void ModuleEncoder::declare_func(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kFuncs);
  uint32_t idx = counts_[kFuncs];
  inline_exports(c, 0, idx);
  std::string module, field;
  bool imported = inline_import(c, module, field);
  std::vector<std::string> names;
  uint32_t type = typeuse(c, &names, true);
  if (imported) {
    c.expect_done();
    ByteWriter d;
    d.u32(type);
    add_import(module, field, 0x00, d);
  } else {
    note_definition(f, "function");
    funcs_.push_back(FuncDef{type, &f, c.pos, std::move(names)});
    // Types of block / call_indirect type uses are appended in text order, function by function,
    // as wabt does: walk the body once now (names may be unknown yet; errors come in the real pass).
    ByteWriter discard;
    prescan_ = true;
    try {
      encode_code(discard, funcs_.back());
    } catch (const TextFailure&) {
    }
    prescan_ = false;
  }
  counts_[kFuncs]++;
}

void ModuleEncoder::declare_table(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kTables);
  uint32_t idx = counts_[kTables];
  inline_exports(c, 1, idx);
  std::string module, field;
  bool imported = inline_import(c, module, field);
  ByteWriter t;
  const Node* p = c.peek();
  if (!imported && p && (p->is_keyword("funcref") || p->is_keyword("externref"))) {
    // (table reftype (elem ...)): limits from the element count, plus an active segment at 0.
    uint8_t rt = reftype(c.next());
    const Node& e = c.next();
    if (!e.is_list_of("elem")) fail_at(e, "unexpected token");
    c.expect_done();
    uint32_t n = uint32_t(e.kids.size() - 1);
    t.u8(rt);
    t.u8(0x01);
    t.u32(n);
    t.u32(n);
    SegmentDef s{&e, 1, true, idx, rt};
    elems_.push_back(s);
    counts_[kElems]++;
  } else {
    ByteWriter lim;
    limits(c, lim, f);
    t.u8(reftype(c.next()));
    t.append(lim.bytes);
    c.expect_done();
  }
  if (imported) add_import(module, field, 0x01, t);
  else {
    note_definition(f, "table");
    tables_.push_back(t.bytes);
  }
  counts_[kTables]++;
}

void ModuleEncoder::declare_memory(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kMems);
  uint32_t idx = counts_[kMems];
  inline_exports(c, 2, idx);
  std::string module, field;
  bool imported = inline_import(c, module, field);
  ByteWriter t;
  if (!imported && c.peek_list("data")) {
    const Node& d = c.next();
    c.expect_done();
    uint64_t size = 0;
    for (size_t i = 1; i < d.kids.size(); i++) {
      if (!d.kids[i].is_string()) fail_at(d.kids[i], "unexpected token");
      size += d.kids[i].text.size();
    }
    uint64_t pages = (size + 65535) / 65536;
    t.u8(0x01);
    t.u32(pages);
    t.u32(pages);
    datas_.push_back(SegmentDef{&d, 1, true, idx});
    counts_[kDatas]++;
  } else {
    limits(c, t, f);
    c.expect_done();
  }
  if (imported) add_import(module, field, 0x02, t);
  else {
    note_definition(f, "memory");
    mems_.push_back(t.bytes);
  }
  counts_[kMems]++;
}

void ModuleEncoder::declare_global(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kGlobals);
  uint32_t idx = counts_[kGlobals];
  inline_exports(c, 3, idx);
  std::string module, field;
  bool imported = inline_import(c, module, field);
  ByteWriter t;
  global_type(c, t);
  if (imported) {
    c.expect_done();
    add_import(module, field, 0x03, t);
  } else {
    note_definition(f, "global");
    globals_.push_back(GlobalDef{t.bytes, &f, c.pos});
  }
  counts_[kGlobals]++;
}

void ModuleEncoder::declare_import(const Node& f) {
  Cursor c{f, 1};
  std::string module = utf8_name(c.next());
  std::string field = utf8_name(c.next());
  const Node& d = c.next();
  c.expect_done();
  note_import(f);
  Cursor dc{d, 1};
  ByteWriter w;
  std::string_view kind = d.head();
  if (kind == "func") {
    bind_id(dc, kFuncs);
    w.u32(typeuse(dc, nullptr, true));
    dc.expect_done();
    add_import(module, field, 0x00, w);
    counts_[kFuncs]++;
  } else if (kind == "table") {
    bind_id(dc, kTables);
    ByteWriter lim;
    limits(dc, lim, d);
    w.u8(reftype(dc.next()));
    w.append(lim.bytes);
    dc.expect_done();
    add_import(module, field, 0x01, w);
    counts_[kTables]++;
  } else if (kind == "memory") {
    bind_id(dc, kMems);
    limits(dc, w, d);
    dc.expect_done();
    add_import(module, field, 0x02, w);
    counts_[kMems]++;
  } else if (kind == "global") {
    bind_id(dc, kGlobals);
    global_type(dc, w);
    dc.expect_done();
    add_import(module, field, 0x03, w);
    counts_[kGlobals]++;
  } else {
    fail_at(d, "unexpected token");
  }
}

void ModuleEncoder::declare_export(const Node& f) {
  Cursor c{f, 1};
  std::string name = utf8_name(c.next());
  const Node& d = c.next();
  c.expect_done();
  uint8_t kind;
  std::string_view k = d.head();
  if (k == "func") kind = 0;
  else if (k == "table") kind = 1;
  else if (k == "memory") kind = 2;
  else if (k == "global") kind = 3;
  else fail_at(d, "unexpected token");
  if (d.kids.size() != 2) fail_at(d, "unexpected token");
  exports_.push_back(Export{std::move(name), kind, &d.kids[1], 0});
}

void ModuleEncoder::declare_elem(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kElems);
  elems_.push_back(SegmentDef{&f, c.pos});
  counts_[kElems]++;
}

void ModuleEncoder::declare_data(const Node& f) {
  Cursor c{f, 1};
  bind_id(c, kDatas);
  datas_.push_back(SegmentDef{&f, c.pos});
  counts_[kDatas]++;
}

void ModuleEncoder::declare_field(const Node& f) {
  std::string_view h = f.head();
  if (h == "type") return;  // done by declare_types
  if (h == "func") declare_func(f);
  else if (h == "table") declare_table(f);
  else if (h == "memory") declare_memory(f);
  else if (h == "global") declare_global(f);
  else if (h == "import") declare_import(f);
  else if (h == "export") declare_export(f);
  else if (h == "elem") declare_elem(f);
  else if (h == "data") declare_data(f);
  else if (h == "start") {
    if (start_) fail_at(f, "multiple start sections");
    if (f.kids.size() != 2) fail_at(f, "unexpected token");
    start_ = &f.kids[1];
  } else {
    fail_at(f, "unexpected token");
  }
}

// ---- second pass -----------------------------------------------------------------------------

void ModuleEncoder::const_expr(Cursor& c, ByteWriter& w, const Node&) {
  InstrEncoder enc(*this, w);
  enc.body(c);
  w.u8(0x0B);
}

void ModuleEncoder::offset_expr(Cursor& c, ByteWriter& w, const Node& at) {
  if (c.peek_list("offset")) {
    const Node& o = c.next();
    Cursor oc{o, 1};
    const_expr(oc, w, o);
    return;
  }
  const Node* n = c.peek();
  if (!n || !n->is_list()) fail_at(n ? *n : at, "unexpected token");
  Cursor one{c.list, c.pos, c.pos + 1};
  c.pos++;
  const_expr(one, w, at);
}

void ModuleEncoder::encode_elem(ByteWriter& w, const SegmentDef& s) {
  Cursor c{*s.list, s.pos};
  enum { Passive, Active, Declarative } mode = Passive;
  uint32_t table = 0;
  ByteWriter offset;
  if (s.inline_in_table) {
    mode = Active;
    table = s.target;
    offset.u8(0x41);
    offset.u8(0x00);
    offset.u8(0x0B);
  } else if (c.peek_keyword("declare")) {
    c.next();
    mode = Declarative;
  } else {
    if (c.peek_list("table")) {
      const Node& t = c.next();
      if (t.kids.size() != 2) fail_at(t, "unexpected token");
      table = index(t.kids[1], kTables);
      mode = Active;
    } else if (is_index(c.peek())) {  // legacy (elem 0 (offset ...) ...)
      table = index(c.next(), kTables);
      mode = Active;
    }
    const Node* n = c.peek();
    if (mode == Active || (n && n->is_list())) {
      mode = Active;
      offset_expr(c, offset, *s.list);
    }
  }
  // Element list: `func x*`, a bare x* (active abbreviation), or reftype followed by expressions.
  bool exprs = false;
  uint8_t rt = 0x70;
  if (s.inline_in_table) {
    rt = s.reftype;
    exprs = c.peek() && c.peek()->is_list();
  } else if (c.peek_keyword("func")) {
    c.next();
  } else if (c.peek_keyword("funcref") || c.peek_keyword("externref")) {
    rt = reftype(c.next());
    exprs = true;
  } else if (mode != Active && !c.done()) {
    fail_at(*c.peek(), "unexpected token");
  }
  ByteWriter items;
  std::vector<std::vector<uint8_t>> item_exprs;
  uint32_t count = 0;
  while (!c.done()) {
    const Node& n = *c.peek();
    if (exprs) {
      if (!n.is_list()) fail_at(n, "unexpected token");
      ByteWriter e;
      if (n.is_list_of("item")) {
        c.next();
        Cursor ic{n, 1};
        const_expr(ic, e, n);
      } else {
        Cursor one{c.list, c.pos, c.pos + 1};
        c.pos++;
        const_expr(one, e, n);
      }
      items.append(e.bytes);
      item_exprs.push_back(std::move(e.bytes));
    } else {
      items.u32(index(c.next(), kFuncs));
    }
    count++;
  }
  if (exprs && rt == 0x70) {
    // wabt writes function indices when every item is a lone ref.func.
    ByteWriter indices;
    bool all_ref_func = true;
    for (const auto& e : item_exprs) {
      if (e.size() < 3 || e[0] != 0xD2 || e.back() != 0x0B) { all_ref_func = false; break; }
      size_t k = 1;
      while (k < e.size() && (e[k] & 0x80)) k++;
      if (k + 2 != e.size()) { all_ref_func = false; break; }
      indices.raw(e.data() + 1, k);
    }
    if (all_ref_func) {
      exprs = false;
      items = std::move(indices);
    }
  }
  uint8_t flags;
  if (mode == Passive) flags = exprs ? 5 : 1;
  else if (mode == Declarative) flags = exprs ? 7 : 3;
  else if (table == 0 && (!exprs || rt == 0x70)) flags = exprs ? 4 : 0;
  else flags = exprs ? 6 : 2;
  w.u32(flags);
  if (flags == 2 || flags == 6) w.u32(table);
  if (mode == Active) w.append(offset.bytes);
  if (flags == 1 || flags == 2 || flags == 3) w.u8(0x00);
  if (flags == 5 || flags == 6 || flags == 7) w.u8(rt);
  w.u32(count);
  w.append(items.bytes);
}

void ModuleEncoder::encode_data(ByteWriter& w, const SegmentDef& s) {
  Cursor c{*s.list, s.pos};
  bool active = false;
  uint32_t memory = 0;
  ByteWriter offset;
  if (s.inline_in_table) {
    active = true;
    memory = s.target;
    offset.u8(0x41);
    offset.u8(0x00);
    offset.u8(0x0B);
  } else {
    if (c.peek_list("memory")) {
      const Node& m = c.next();
      if (m.kids.size() != 2) fail_at(m, "unexpected token");
      memory = index(m.kids[1], kMems);
      active = true;
    } else if (is_index(c.peek())) {  // legacy (data 0 (offset ...) ...)
      memory = index(c.next(), kMems);
      active = true;
    }
    const Node* n = c.peek();
    if (active || (n && n->is_list())) {
      active = true;
      offset_expr(c, offset, *s.list);
    }
  }
  std::string bytes;
  while (!c.done()) {
    const Node& n = c.next();
    if (!n.is_string()) fail_at(n, "unexpected token");
    bytes += n.text;
  }
  if (!active) w.u8(0x01);
  else if (memory == 0) w.u8(0x00);
  else {
    w.u8(0x02);
    w.u32(memory);
  }
  if (active) w.append(offset.bytes);
  w.name(bytes);
}

void ModuleEncoder::encode_code(ByteWriter& w, const FuncDef& f) {
  ByteWriter body;
  InstrEncoder enc(*this, body);
  const FuncSig* sig = type_at(f.type);
  uint32_t nparams = sig ? uint32_t(sig->params.size()) : uint32_t(f.param_names.size());
  for (uint32_t i = 0; i < f.param_names.size(); i++)
    if (!f.param_names[i].empty()) enc.add_local(*f.list, f.param_names[i], i);
  Cursor c{*f.list, f.body};
  std::vector<uint8_t> locals;
  while (c.peek_list("local")) {
    const Node& l = c.next();
    Cursor lc{l, 1};
    if (lc.peek_id()) {
      const Node& id = lc.next();
      enc.add_local(id, id.text, nparams + uint32_t(locals.size()));
      locals.push_back(valtype(lc.next()));
      lc.expect_done();
      continue;
    }
    while (!lc.done()) locals.push_back(valtype(lc.next()));
  }
  ByteWriter head;
  uint32_t runs = 0;
  ByteWriter run_bytes;
  for (size_t i = 0; i < locals.size();) {
    size_t j = i;
    while (j < locals.size() && locals[j] == locals[i]) j++;
    run_bytes.u32(j - i);
    run_bytes.u8(locals[i]);
    runs++;
    i = j;
  }
  head.u32(runs);
  head.append(run_bytes.bytes);
  enc.body(c);
  body.u8(0x0B);
  w.u32(head.bytes.size() + body.bytes.size());
  w.append(head.bytes);
  w.append(body.bytes);
}

void ModuleEncoder::encode(const Node& list, size_t first, std::vector<uint8_t>& out) {
  declare_types(list, first);
  for (size_t i = first; i < list.kids.size(); i++) {
    const Node& f = list.kids[i];
    if (!f.is_list()) fail_at(f, "unexpected token");
    declare_field(f);
  }

  // Bodies first: they may add implicit block types and decide whether a data count is needed.
  ByteWriter globals, exports, start, elems, code, data;
  code.u32(funcs_.size());
  for (const FuncDef& f : funcs_) encode_code(code, f);
  globals.u32(globals_.size());
  for (const GlobalDef& g : globals_) {
    globals.append(g.type);
    Cursor c{*g.list, g.init};
    const_expr(c, globals, *g.list);
  }
  exports.u32(exports_.size());
  for (const Export& e : exports_) {
    exports.name(e.name);
    exports.u8(e.kind);
    static const Space spaces[] = {kFuncs, kTables, kMems, kGlobals};
    exports.u32(e.ref ? index(*e.ref, spaces[e.kind]) : e.index);
  }
  if (start_) start.u32(index(*start_, kFuncs));
  elems.u32(elems_.size());
  for (const SegmentDef& s : elems_) encode_elem(elems, s);
  data.u32(datas_.size());
  for (const SegmentDef& s : datas_) encode_data(data, s);

  ByteWriter types, funcs, tables, mems;
  types.u32(types_.size());
  for (const FuncSig& t : types_) {
    types.u8(0x60);
    types.u32(t.params.size());
    types.raw(t.params.data(), t.params.size());
    types.u32(t.results.size());
    types.raw(t.results.data(), t.results.size());
  }
  funcs.u32(funcs_.size());
  for (const FuncDef& f : funcs_) funcs.u32(f.type);
  tables.u32(tables_.size());
  for (const auto& t : tables_) tables.append(t);
  mems.u32(mems_.size());
  for (const auto& m : mems_) mems.append(m);

  ByteWriter w;
  static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  w.raw(header, 8);
  if (!types_.empty()) section(w, 1, types);
  if (import_count_) {
    ByteWriter imports;
    imports.u32(import_count_);
    imports.append(imports_.bytes);
    section(w, 2, imports);
  }
  if (!funcs_.empty()) section(w, 3, funcs);
  if (!tables_.empty()) section(w, 4, tables);
  if (!mems_.empty()) section(w, 5, mems);
  if (!globals_.empty()) section(w, 6, globals);
  if (!exports_.empty()) section(w, 7, exports);
  if (start_) section(w, 8, start);
  if (!elems_.empty()) section(w, 9, elems);
  if (uses_data_count && !datas_.empty()) {  // wabt's rule
    ByteWriter dc;
    dc.u32(datas_.size());
    section(w, 12, dc);
  }
  if (!funcs_.empty()) section(w, 10, code);
  if (!datas_.empty()) section(w, 11, data);
  out = std::move(w.bytes);
}

// ---- entry points ----------------------------------------------------------------------------

bool module_to_binary(const Node& module, std::vector<uint8_t>& out, TextError& err) {
  try {
    Cursor c{module, 1};
    if (c.peek_id()) c.next();
    if (c.peek_keyword("binary") || c.peek_keyword("quote")) {
      bool quote = c.next().text == "quote";
      std::string joined;
      while (!c.done()) {
        const Node& s = c.next();
        if (!s.is_string()) fail_at(s, "unexpected token");
        joined += s.text;
      }
      if (quote) return wat_to_binary(joined, out, err);
      out.assign(joined.begin(), joined.end());
      return true;
    }
    ModuleEncoder().encode(module, c.pos, out);
    return true;
  } catch (const TextFailure& f) {
    err = f.error;
    return false;
  }
}

namespace {

bool encode_root(const Node& root, std::vector<uint8_t>& out, TextError& err) {
  if (root.kids.size() == 1 && root.kids[0].is_list_of("module")) return module_to_binary(root.kids[0], out, err);
  try {
    for (const Node& k : root.kids)
      if (k.is_list_of("module")) fail_at(k, "unexpected token");  // one module per file
    ModuleEncoder().encode(root, 0, out);
    return true;
  } catch (const TextFailure& f) {
    err = f.error;
    return false;
  }
}

}  // namespace

bool wat_to_binary(std::string_view source, std::vector<uint8_t>& out, TextError& err) {
  Node root;
  bool stray_close = false;
  if (parse_sexprs(source, root, err, &stray_close)) return encode_root(root, out, err);
  // A stray ')' comes after everything parsed so far: an error in there is reported first.
  TextError earlier;
  if (stray_close && !encode_root(root, out, earlier)) err = earlier;
  out.clear();
  return false;
}

bool looks_like_text(const uint8_t* bytes, size_t size) {
  if (size == 0) return false;
  uint8_t c = bytes[0];
  return c == '(' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace wasmvm::text

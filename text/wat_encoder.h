// Internal to text/: the module encoder shared by wat_module.cpp (fields, sections) and
// wat_instr.cpp (instructions). Errors are thrown as TextFailure and caught at the wat.h entry points,
// which keeps the recursive descent free of error plumbing.
#pragma once
#include <cstdint>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/sexpr.h"

namespace wasmvm::text {

struct TextFailure {
  TextError error;
};
[[noreturn]] void fail_at(const Node& n, std::string message);

class ByteWriter {
 public:
  std::vector<uint8_t> bytes;
  void u8(uint8_t b) { bytes.push_back(b); }
  void u32(uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      bytes.push_back(v ? (b | 0x80) : b);
    } while (v);
  }
  void s64(int64_t v) {
    bool more = true;
    while (more) {
      uint8_t b = v & 0x7F;
      v >>= 7;  // arithmetic shift
      more = !((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40)));
      bytes.push_back(more ? (b | 0x80) : b);
    }
  }
  void raw(const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    bytes.insert(bytes.end(), b, b + n);
  }
  void append(const std::vector<uint8_t>& v) { bytes.insert(bytes.end(), v.begin(), v.end()); }
  void name(const std::string& s) {
    u32(s.size());
    raw(s.data(), s.size());
  }
};

// Reads the children of a list from a position.
struct Cursor {
  const Node& list;
  size_t pos;
  size_t end = SIZE_MAX;  // exclusive bound (a single-node cursor for folded offsets / items)
  bool done() const { return pos >= list.kids.size() || pos >= end; }
  const Node* peek() const { return done() ? nullptr : &list.kids[pos]; }
  const Node& next();  // fails "unexpected token" at the closing paren when done
  bool peek_list(const char* kw) const { return !done() && list.kids[pos].is_list_of(kw); }
  bool peek_keyword(const char* kw) const { return !done() && list.kids[pos].is_keyword(kw); }
  bool peek_id() const { return !done() && list.kids[pos].is_id(); }
  void expect_done() const;  // fails "unexpected token" on a leftover child
};

struct FuncSig {
  std::vector<uint8_t> params, results;
  bool operator==(const FuncSig&) const = default;
};

enum Space { kFuncs, kTables, kMems, kGlobals, kTypes, kElems, kDatas, kNumSpaces };

class ModuleEncoder {
 public:
  // Fields are list.kids[first..].
  void encode(const Node& list, size_t first, std::vector<uint8_t>& out);

  // ---- shared with wat_instr.cpp ----
  uint32_t index(const Node& atom, Space space);
  static bool is_index(const Node* n) {
    return n && n->is_atom() && (n->is_id() || (!n->text.empty() && n->text[0] >= '0' && n->text[0] <= '9'));
  }
  uint8_t valtype(const Node& n);
  uint8_t reftype(const Node& n);
  uint8_t heaptype(const Node& n);
  // typeuse: (type x)? (param ...)* (result ...)*; param names go to `names` (nullptr: names are an
  // error) and the result is the type index (an existing matching type or a new implicit one).
  uint32_t typeuse(Cursor& c, std::vector<std::string>* names, bool allow_names);
  // (param ...)* (result ...)*; returns whether any list was present.
  bool sig_lists(Cursor& c, FuncSig& sig, std::vector<std::string>* names, bool allow_names);
  uint32_t find_or_add_type(const FuncSig& sig);
  const FuncSig* type_at(uint32_t idx) const { return idx < types_.size() ? &types_[idx] : nullptr; }
  bool uses_data_count = false;  // memory.init / data.drop seen

 private:
  struct Export {
    std::string name;
    uint8_t kind;
    const Node* ref;  // index atom, or nullptr with `index` set
    uint32_t index;
  };
  struct FuncDef {
    uint32_t type;
    const Node* list;
    size_t body;  // position of the first local/instruction
    std::vector<std::string> param_names;
  };
  struct GlobalDef {
    std::vector<uint8_t> type;
    const Node* list;
    size_t init;
  };
  struct SegmentDef {  // elem or data; encoded in the second pass
    const Node* list;
    size_t pos;
    bool inline_in_table = false;  // (table ... (elem ...)) / (memory (data ...)): `list` is that list
    uint32_t target = 0;           // table / memory index for inline segments
    uint8_t reftype = 0x70;        // inline elem segments: the table's element type
  };

  void declare_types(const Node& list, size_t first);
  void declare_field(const Node& field);
  void declare_func(const Node& f);
  void declare_table(const Node& f);
  void declare_memory(const Node& f);
  void declare_global(const Node& f);
  void declare_import(const Node& f);
  void declare_export(const Node& f);
  void declare_elem(const Node& f);
  void declare_data(const Node& f);
  std::optional<std::string> bind_id(Cursor& c, Space space);
  void inline_exports(Cursor& c, uint8_t kind, uint32_t index);
  bool inline_import(Cursor& c, std::string& module, std::string& field);
  void note_definition(const Node& at, const char* what);
  void note_import(const Node& at);
  void limits(Cursor& c, ByteWriter& w, const Node& at);
  void global_type(Cursor& c, ByteWriter& w);
  void add_import(const std::string& module, const std::string& field, uint8_t kind, const ByteWriter& desc);

  void encode_code(ByteWriter& w, const FuncDef& f);
  void encode_elem(ByteWriter& w, const SegmentDef& s);
  void encode_data(ByteWriter& w, const SegmentDef& s);
  void const_expr(Cursor& c, ByteWriter& w, const Node& at);
  void offset_expr(Cursor& c, ByteWriter& w, const Node& at);

  std::map<std::string, uint32_t> names_[kNumSpaces];
  uint32_t counts_[kNumSpaces] = {};
  std::vector<FuncSig> types_;
  std::vector<std::vector<std::string>> type_param_names_;
  ByteWriter imports_;
  uint32_t import_count_ = 0;
  std::vector<FuncDef> funcs_;  // defined (not imported) functions
  std::vector<uint32_t> func_types_;
  std::vector<std::vector<uint8_t>> tables_, mems_;
  std::vector<GlobalDef> globals_;
  std::vector<Export> exports_;
  std::vector<SegmentDef> elems_, datas_;
  const Node* start_ = nullptr;
  bool prescan_ = false;  // declare_func's walk over a body: unknown names resolve to 0
  const char* first_definition_ = nullptr;  // for "import after function" etc.
};

// Encodes function bodies and constant expressions.
class InstrEncoder {
 public:
  InstrEncoder(ModuleEncoder& m, ByteWriter& out) : m_(m), out_(out) {}
  void add_local(const Node& at, const std::string& name, uint32_t index);
  // Instructions until the end of the list (or a stray end/else/then, which fails).
  void body(Cursor& c);

 private:
  void seq(Cursor& c);  // stops before end/else or at the end of the list
  void instr(Cursor& c);
  void folded(const Node& list);
  void plain(const Node& kw, Cursor& c, ByteWriter& w);
  void block_type(Cursor& c, ByteWriter& w);
  void immediates(unsigned op, const Node& kw, Cursor& c, ByteWriter& w);
  uint32_t label(const Node& atom);
  uint32_t local(const Node& atom);
  void memarg(Cursor& c, ByteWriter& w, uint32_t natural, const Node& kw);
  void end_label(Cursor& c, const std::string& label);

  ModuleEncoder& m_;
  ByteWriter& out_;
  std::unordered_map<std::string, uint32_t> locals_;
  std::vector<std::string> labels_;
};

// Op lookup by text name (opcodes.def); returns the number of ops when unknown.
unsigned op_by_name(std::string_view name);
bool is_op_name(std::string_view name);
// A keyword, number or id of the grammar (see fail_at: other atoms are "unknown operator").
bool is_known_token(const std::string& text);

}  // namespace wasmvm::text

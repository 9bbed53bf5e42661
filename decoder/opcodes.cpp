// The OpInfo table and decoding lookup tables, generated from opcodes.def.
#include "opcodes.h"

#include "opcode_tables.h"

#include <array>
#include <string>

#include "wasmvm/types.h"

namespace wasmvm {

constexpr OpInfo detail::kOpInfoTable[kNumOps] = {
#define WASM_OP(Name, prefix, code, text, imm, sig, extra) {prefix, code, text, ImmKind::imm, sig, extra},
#include "opcodes.def"
#undef WASM_OP
};

namespace {

// Sub-opcodes above these bounds are unknown; both prefixes use at most one byte of code space in 2.0.
constexpr uint32_t kMaxPrefixed = 256;

struct Lookup {
  std::array<Op, 256> single;
  std::array<Op, kMaxPrefixed> fc;
  std::array<Op, kMaxPrefixed> fd;
};

constexpr Lookup make_lookup() {
  Lookup t{};
  for (auto& o : t.single) o = Op::Count_;
  for (auto& o : t.fc) o = Op::Count_;
  for (auto& o : t.fd) o = Op::Count_;
  for (size_t i = 0; i < kNumOps; i++) {
    const OpInfo& info = detail::kOpInfoTable[i];
    Op op = static_cast<Op>(i);
    if (info.prefix == 0) t.single[info.code] = op;
    else if (info.prefix == 0xFC) t.fc[info.code] = op;
    else t.fd[info.code] = op;
  }
  return t;
}

constexpr Lookup kLookup = make_lookup();

}  // namespace

constexpr std::array<Op, 256> detail::kSingleByteOps = kLookup.single;

const OpInfo& op_info(Op op) { return detail::kOpInfoTable[static_cast<size_t>(op)]; }

Op op_from_byte(uint8_t byte) { return detail::kSingleByteOps[byte]; }

Op op_from_prefixed(uint8_t prefix, uint32_t code) {
  if (code >= kMaxPrefixed) return Op::Count_;
  if (prefix == 0xFC) return kLookup.fc[code];
  if (prefix == 0xFD) return kLookup.fd[code];
  return Op::Count_;
}

bool op_is_simple(Op op) { return op_info(op).sig != "*"; }

const char* valtype_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "<invalid type>";
}

std::string FuncType::to_string() const {
  std::string s = "(";
  for (size_t i = 0; i < params.size(); i++) {
    if (i) s += ", ";
    s += valtype_name(params[i]);
  }
  s += ") -> (";
  for (size_t i = 0; i < results.size(); i++) {
    if (i) s += ", ";
    s += valtype_name(results[i]);
  }
  s += ")";
  return s;
}

}  // namespace wasmvm

// Internal code listing: maps handler words back to Isa numbers (the words differ per backend).
#include "vm/code_listing.h"

#include <cinttypes>
#include <cstdio>
#include <unordered_map>

namespace wasmvm::rt {
namespace {

std::unordered_map<uint64_t, Isa> handler_table() {
  std::unordered_map<uint64_t, Isa> m;
  for (size_t k = 0; k < kNumIsa; k++) m.emplace(handler_word(Isa(k)), Isa(k));
  return m;
}

}  // namespace

std::vector<ListedInstr> list_code(const CompiledFunc& f) {
  static const std::unordered_map<uint64_t, Isa> handlers = handler_table();
  std::vector<ListedInstr> out;
  size_t i = 0;
  while (i < f.code.size()) {
    ListedInstr li;
    li.index = i;
    auto it = handlers.find(f.code[i]);
    if (it == handlers.end()) {
      out.push_back(li);
      break;
    }
    li.op = it->second;
    li.words = kIsaWords[static_cast<size_t>(li.op)];
    if (li.op == Isa::BrTable && i + 1 < f.code.size()) li.words += (f.code[i + 1] >> 32) + 1;
    if (li.words == 0 || li.words > f.code.size() - i) {  // truncated: report, don't read past the end
      li.op = Isa::Count_;
      out.push_back(li);
      break;
    }
    out.push_back(li);
    i += li.words;
  }
  return out;
}

std::vector<std::string> code_names(const CompiledFunc& f) {
  std::vector<std::string> out;
  for (const ListedInstr& li : list_code(f)) out.push_back(li.op == Isa::Count_ ? "?" : isa_name(li.op));
  return out;
}

std::string code_listing_text(const CompiledFunc& f) {
  std::string out;
  char buf[96];
  for (const ListedInstr& li : list_code(f)) {
    if (li.op == Isa::Count_) {
      std::snprintf(buf, sizeof buf, "%6zu  ? (unknown handler word 0x%016" PRIx64 ")\n", li.index, f.code[li.index]);
      out += buf;
      break;
    }
    std::snprintf(buf, sizeof buf, "%6zu  %-22s", li.index, isa_name(li.op));
    out += buf;
    if (li.words > 1) {
      uint64_t w = f.code[li.index + 1];
      std::snprintf(buf, sizeof buf, " %u %u %u %u", unsigned(w & 0xFFFF), unsigned(w >> 16 & 0xFFFF),
                    unsigned(w >> 32 & 0xFFFF), unsigned(w >> 48));
      out += buf;
    }
    for (size_t k = 2; k < li.words; k++) {
      std::snprintf(buf, sizeof buf, " [0x%" PRIx64 "]", f.code[li.index + k]);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "  ; wasm 0x%x\n", unsigned(f.wasm_offset_at(li.index)));
    out += buf;
  }
  return out;
}

}  // namespace wasmvm::rt

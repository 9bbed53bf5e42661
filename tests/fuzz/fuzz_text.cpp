// libFuzzer harness for the text-format parser (text/): the input is a .wat module or a .wast script.
// Every module it yields must start with the binary preamble and go through decoding and validation
// without crashing. Self-contained (LLVMFuzzerTestOneInput only); register it with the fuzz build as
//   wasmvm_fuzz_target(text fuzz_text.cpp wasmvm_text wasmvm_decoder)
// tests/text runs it over the spec suite's .wast files in every build (test_text_fuzz_replay).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "decoder/validator.h"
#include "text/wat.h"

namespace {

void check_module(const std::vector<uint8_t>& bytes, bool from_text) {
  if (from_text && (bytes.size() < 8 || std::memcmp(bytes.data(), "\0asm\1\0\0\0", 8) != 0)) std::abort();
  (void)wasmvm::decode_and_validate(bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  std::vector<uint8_t> out;
  wasmvm::text::TextError err;
  if (wasmvm::text::wat_to_binary(src, out, err)) check_module(out, true);

  // As a script: every (module ...) command, including binary and quote forms.
  wasmvm::text::Node script;
  if (!wasmvm::text::parse_sexprs(src, script, err)) return 0;
  for (const wasmvm::text::Node& cmd : script.kids) {
    const wasmvm::text::Node* m = cmd.is_list_of("module") ? &cmd : nullptr;
    if (!m && cmd.kids.size() > 1 && cmd.kids[1].is_list_of("module")) m = &cmd.kids[1];
    if (!m) continue;
    size_t k = 1;
    if (k < m->kids.size() && m->kids[k].is_id()) k++;
    bool binary = k < m->kids.size() && m->kids[k].is_keyword("binary");
    out.clear();
    if (wasmvm::text::module_to_binary(*m, out, err)) check_module(out, !binary);
  }
  return 0;
}

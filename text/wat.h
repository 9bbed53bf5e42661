// The WebAssembly 2.0 text format -> binary format, producing the bytes wabt's wat2wasm writes for
// the same module (sections in spec order, implicit function types appended after the explicit
// ones, no name section).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/sexpr.h"

namespace wasmvm::text {

// `source` is a whole .wat file: one `(module ...)` (text, `binary` or `quote` form) or bare module
// fields. Returns false and fills `err` (line:column of the offending token) on a text-format error.
bool wat_to_binary(std::string_view source, std::vector<uint8_t>& out, TextError& err);

// `module` is a (module $id? ...) list of a parsed script: text fields, `binary` strings or `quote`
// strings (the quoted text is parsed here; its error positions are relative to the quoted text).
bool module_to_binary(const Node& module, std::vector<uint8_t>& out, TextError& err);

// True when `bytes` start like text: whitespace, '(' or ';' (a comment). A binary module starts with
// 0x00, so one byte decides; the CLI picks the parser this way, independent of the file name.
bool looks_like_text(const uint8_t* bytes, size_t size);

}  // namespace wasmvm::text

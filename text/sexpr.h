// Lexer and s-expression tree for the WebAssembly text format (.wat / .wast). Strings are decoded
// (escapes resolved) here; atoms keep their source text and are classified by the users.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wasmvm::text {

// A text-format failure: 1-based position and the spec's wording ("unexpected token", ...).
struct TextError {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
  std::string to_string() const { return std::to_string(line) + ":" + std::to_string(column) + ": " + message; }
};

struct Node {
  enum Kind : uint8_t { List, Atom, String } kind = List;
  uint32_t line = 0, column = 0;
  std::string text;        // Atom: source text; String: decoded bytes
  std::vector<Node> kids;  // List only

  bool is_list() const { return kind == List; }
  bool is_atom() const { return kind == Atom; }
  bool is_string() const { return kind == String; }
  bool is_keyword(std::string_view k) const { return kind == Atom && text == k; }
  bool is_id() const { return kind == Atom && text.size() > 1 && text[0] == '$'; }
  // A list whose first element is the keyword `k`, e.g. (param ...).
  bool is_list_of(std::string_view k) const { return kind == List && !kids.empty() && kids[0].is_keyword(k); }
  // The leading keyword of a list ("" when the list is empty or starts with something else).
  std::string_view head() const {
    return kind == List && !kids.empty() && kids[0].kind == Atom ? std::string_view(kids[0].text) : std::string_view();
  }
  TextError error(std::string msg) const { return TextError{line, column, std::move(msg)}; }
};

// Parses `source` into a list of top-level nodes (a synthetic List holding them). Returns false and
// fills `err` on a lexical error or unbalanced parentheses. Nesting deeper than kMaxDepth is an error
// (the consumers recurse over the tree).
constexpr unsigned kMaxDepth = 2000;
// On a stray ')' `out` still holds every complete node before it and `*stray_close` is set, so that
// a caller can report an earlier error inside those nodes first (as a streaming parser would).
bool parse_sexprs(std::string_view source, Node& out, TextError& err, bool* stray_close = nullptr);

}  // namespace wasmvm::text

#include "text/sexpr.h"

#include "decoder/utf8.h"

namespace wasmvm::text {
namespace {

bool is_idchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '/': case ':': case '<': case '=': case '>': case '?': case '@': case '\\': case '^': case '_':
    case '`': case '|': case '~': return true;
    default: return false;
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) s += char(cp);
  else if (cp < 0x800) { s += char(0xC0 | (cp >> 6)); s += char(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    s += char(0xE0 | (cp >> 12)); s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F));
  } else {
    s += char(0xF0 | (cp >> 18)); s += char(0x80 | ((cp >> 12) & 0x3F));
    s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  friend bool wasmvm::text::parse_sexprs(std::string_view, Node&, TextError&, bool*);
  Lexer(std::string_view src, TextError& err) : s_(src), err_(err) {}

  bool run(Node& root) {
    root = Node{};
    std::vector<Node*> stack{&root};
    while (true) {
      if (!skip_space()) return false;
      if (pos_ >= s_.size()) break;
      char c = s_[pos_];
      uint32_t line = line_, col = col_of(pos_);
      if (c == '(') {
        if (stack.size() > kMaxDepth) return fail(line, col, "nesting too deep");
        Node n;
        n.kind = Node::List;
        n.line = line;
        n.column = col;
        stack.back()->kids.push_back(std::move(n));
        stack.push_back(&stack.back()->kids.back());
        pos_++;
      } else if (c == ')') {
        if (stack.size() == 1) {
          stray_close_ = true;
          return fail(line, col, "unexpected token");
        }
        stack.pop_back();
        pos_++;
      } else if (c == '"') {
        Node n;
        n.kind = Node::String;
        n.line = line;
        n.column = col;
        if (!string_literal(n.text)) return false;
        // Tokens are separated by space or parentheses: "a""b" is one bad token.
        if (pos_ < s_.size() && (s_[pos_] == '"' || is_idchar(static_cast<unsigned char>(s_[pos_]))))
          return fail(line, col, "unknown operator");
        stack.back()->kids.push_back(std::move(n));
      } else if (is_idchar(static_cast<unsigned char>(c))) {
        size_t b = pos_;
        while (pos_ < s_.size() && is_idchar(static_cast<unsigned char>(s_[pos_]))) pos_++;
        // An atom running straight into a string or another atom-like character is one bad token.
        if (pos_ < s_.size() && s_[pos_] == '"') return fail(line, col, "unknown operator");
        Node n;
        n.kind = Node::Atom;
        n.line = line;
        n.column = col;
        n.text = std::string(s_.substr(b, pos_ - b));
        stack.back()->kids.push_back(std::move(n));
      } else {
        return fail(line, col, "unexpected character");
      }
    }
    if (stack.size() != 1) return fail(line_, col_of(pos_), "unexpected end");
    return true;
  }

 private:
  uint32_t col_of(size_t p) const { return uint32_t(p - line_start_ + 1); }
  bool fail(uint32_t line, uint32_t col, const char* msg) {
    err_ = TextError{line, col, msg};
    return false;
  }
  void newline() {
    line_++;
    line_start_ = pos_ + 1;
  }

  bool skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') { newline(); pos_++; }
      else if (c == ' ' || c == '\t' || c == '\r') pos_++;
      else if (c == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        while (pos_ < s_.size() && s_[pos_] != '\n') pos_++;
      } else if (c == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        if (!block_comment()) return false;
      } else break;
    }
    return true;
  }

  bool block_comment() {
    uint32_t line = line_, col = col_of(pos_);
    unsigned depth = 0;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') { depth++; pos_ += 2; continue; }
      if (s_[pos_] == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ')') {
        pos_ += 2;
        if (--depth == 0) return true;
        continue;
      }
      if (s_[pos_] == '\n') newline();
      pos_++;
    }
    return fail(line, col, "unclosed comment");
  }

  bool string_literal(std::string& out) {
    uint32_t line = line_, col = col_of(pos_);
    size_t start = ++pos_;
    while (true) {
      if (pos_ >= s_.size()) return fail(line, col, "unclosed string");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') break;
      if (c == '\n' || c < 0x20 || c == 0x7F) return fail(line_, col_of(pos_), "illegal character in string");
      if (c != '\\') { out += char(c); pos_++; continue; }
      if (pos_ + 1 >= s_.size()) return fail(line, col, "unclosed string");
      char e = s_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        case 'u': {
          if (pos_ >= s_.size() || s_[pos_] != '{') return fail(line_, col_of(pos_), "illegal escape");
          pos_++;
          uint32_t cp = 0;
          size_t digits = 0;
          while (pos_ < s_.size() && s_[pos_] != '}') {
            char d = s_[pos_];
            if (d == '_' && digits > 0 && pos_ + 1 < s_.size() && hex_value(s_[pos_ + 1]) >= 0) { pos_++; continue; }
            int v = hex_value(d);
            if (v < 0) return fail(line_, col_of(pos_), "illegal escape");
            cp = cp * 16 + uint32_t(v);
            if (cp > 0x10FFFF) return fail(line_, col_of(pos_), "illegal escape");
            digits++;
            pos_++;
          }
          if (pos_ >= s_.size() || digits == 0 || (cp >= 0xD800 && cp < 0xE000))
            return fail(line_, col_of(pos_), "illegal escape");
          pos_++;
          append_utf8(out, cp);
          break;
        }
        default: {
          int h = hex_value(e), l = pos_ < s_.size() ? hex_value(s_[pos_]) : -1;
          if (h < 0 || l < 0) return fail(line_, col_of(pos_ - 1), "illegal escape");
          out += char(h * 16 + l);
          pos_++;
        }
      }
    }
    // Source characters (not escapes) must be valid UTF-8.
    std::string_view raw = s_.substr(start, pos_ - start);
    if (!is_valid_utf8(reinterpret_cast<const uint8_t*>(raw.data()), raw.size()))
      return fail(line, col, "malformed UTF-8 encoding");
    pos_++;
    return true;
  }

  bool stray_close_ = false;

 private:
  std::string_view s_;
  TextError& err_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

bool parse_sexprs(std::string_view source, Node& out, TextError& err, bool* stray_close) {
  Lexer lexer(source, err);
  bool ok = lexer.run(out);
  if (stray_close) *stray_close = lexer.stray_close_;
  return ok;
}

}  // namespace wasmvm::text

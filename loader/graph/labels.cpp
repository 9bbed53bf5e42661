// Labels file parsing (see labels.h). The format is decided for the whole file: CSV only if every non-empty
// line starts with a decimal id and a comma, so names containing commas in a plain list stay intact.
#include "loader/graph/labels.h"

#include <fstream>
#include <sstream>

namespace wasmvm::graph {

namespace {
constexpr size_t kMaxClasses = 1u << 20;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) i++;
  return s.substr(i);
}
bool csv_id(const std::string& line, size_t& id, std::string& name) {
  size_t i = 0;
  id = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
    if (id > kMaxClasses) return false;
    id = id * 10 + size_t(line[i++] - '0');
  }
  if (i == 0 || i >= line.size() || line[i] != ',') return false;
  name = trim(line.substr(i + 1));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return true;
}
}  // namespace

Result<Labels> parse_labels(const std::string& text, const std::string& what) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(trim(l));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return make_error(ErrorKind::Io, "labels file " + what + " is empty");
  if (lines.size() > kMaxClasses) return make_error(ErrorKind::Io, "labels file " + what + " has too many lines");
  bool csv = true;
  for (const auto& l : lines) {
    size_t id;
    std::string name;
    if (!l.empty() && !csv_id(l, id, name)) { csv = false; break; }
  }
  Labels out;
  if (!csv) {
    for (size_t i = 0; i < lines.size(); i++) {
      if (lines[i].empty())
        return make_error(ErrorKind::Io, "labels file " + what + ": line " + std::to_string(i + 1) + " is empty");
      out.names.push_back(lines[i]);
    }
    return out;
  }
  for (size_t i = 0; i < lines.size(); i++) {
    if (lines[i].empty()) continue;
    size_t id;
    std::string name;
    csv_id(lines[i], id, name);
    if (id >= kMaxClasses) return make_error(ErrorKind::Io, "labels file " + what + ": line " + std::to_string(i + 1) + ": id too large");
    if (name.empty()) return make_error(ErrorKind::Io, "labels file " + what + ": line " + std::to_string(i + 1) + ": empty name");
    if (out.names.size() <= id) out.names.resize(id + 1);
    if (!out.names[id].empty())
      return make_error(ErrorKind::Io, "labels file " + what + ": line " + std::to_string(i + 1) + ": duplicate id " + std::to_string(id));
    out.names[id] = name;
  }
  return out;
}

Result<Labels> read_labels(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return make_error(ErrorKind::Io, "cannot open labels file " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  if (ss.str().size() > (64u << 20)) return make_error(ErrorKind::Io, "labels file " + path + " is too large");
  return parse_labels(ss.str(), path);
}

}  // namespace wasmvm::graph

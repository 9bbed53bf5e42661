// Class labels: one name per line (line i = class i), or `id,name` CSV lines like TVM's synset.csv.
#pragma once
#include <string>
#include <vector>

#include "wasmvm/result.h"

namespace wasmvm::graph {

struct Labels {
  std::vector<std::string> names;  // index = class id; "" for ids a CSV did not name
  std::string name(size_t id) const { return id < names.size() && !names[id].empty() ? names[id] : "class " + std::to_string(id); }
};

Result<Labels> parse_labels(const std::string& text, const std::string& what);
Result<Labels> read_labels(const std::string& path);

}  // namespace wasmvm::graph

#include "func_refs.h"

namespace wasmvm {

std::vector<uint8_t> collect_declared_func_refs(const ModuleInfo& m) {
  std::vector<uint8_t> declared(m.func_type_indices.size(), 0);
  auto declare = [&](uint32_t f) {
    if (f < declared.size()) declared[f] = 1;
  };
  for (const auto& seg : m.elems)
    for (const auto& e : seg.init)
      if (e.kind == ConstExpr::Kind::RefFunc) declare(e.index);
  for (const auto& g : m.globals)
    if (g.init.kind == ConstExpr::Kind::RefFunc) declare(g.init.index);
  for (const auto& ex : m.exports)
    if (ex.kind == ExternKind::Func) declare(ex.index);
  return declared;
}

}  // namespace wasmvm

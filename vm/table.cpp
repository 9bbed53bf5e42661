// Table instances: a vector of reference cells with an effective maximum size.
#include <string>

#include "vm/runtime.h"

namespace wasmvm {

namespace rt {

int64_t TableInst::grow(uint32_t delta, Cell init) {
  uint64_t old_size = elems.size();
  uint64_t new_size = old_size + delta;
  if (new_size > max_elems) return -1;
  elems.resize(size_t(new_size), init);
  return int64_t(old_size);
}

}  // namespace rt

Result<Table> Store::create_table(TableType type, const Value& init) {
  if (!is_ref(type.elem)) {
    return make_error(ErrorKind::Usage, std::string("table element type must be a reference type, got ") +
                                            valtype_name(type.elem));
  }
  if (init.type != type.elem) {
    return make_error(ErrorKind::Usage, std::string("table initial value has type ") +
                                            valtype_name(init.type) + ", expected " +
                                            valtype_name(type.elem));
  }
  if (init.type == ValType::ExternRef && !init.is_null() && init.extern_payload() == UINT64_MAX) {
    return make_error(ErrorKind::Usage, "externref payload UINT64_MAX is reserved");
  }
  const Limits& lim = type.limits;
  if (lim.has_max && lim.max < lim.min) {
    return make_error(ErrorKind::Usage, "size minimum must not be greater than maximum");
  }
  uint32_t cap = impl_->engine.config().max_table_elements;
  if (lim.min > cap) {
    return make_trap(TrapCode::TableLimit, "table of " + std::to_string(lim.min) +
                                               " elements exceeds the configured limit of " +
                                               std::to_string(cap) + " elements");
  }
  auto t = std::make_unique<rt::TableInst>();
  t->type = type;
  uint32_t type_max = lim.has_max ? lim.max : UINT32_MAX;
  t->max_elems = type_max < cap ? type_max : cap;
  rt::Cell cell[2] = {0, 0};
  rt::value_to_cells(init, cell);
  t->elems.assign(lim.min, cell[0]);
  rt::TableInst* raw = t.get();
  impl_->tables.push_back(std::move(t));
  return Table(raw);
}

}  // namespace wasmvm

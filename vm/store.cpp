// Store: owner of every runtime object; host functions, globals, fuel/interrupt control, and the
// process-wide function type interning used for cheap signature checks.
// (Memories and tables are created in memory.cpp / table.cpp.)
#include <mutex>
#include <string>
#include <unordered_map>

#include "vm/runtime.h"

namespace wasmvm {

namespace rt {

namespace {
// A function type as a byte string: params, a separator that is not a valtype byte, results.
std::string func_type_key(const FuncType& t) {
  std::string key;
  key.reserve(t.params.size() + t.results.size() + 1);
  for (ValType v : t.params) key.push_back(char(v));
  key.push_back('\0');
  for (ValType v : t.results) key.push_back(char(v));
  return key;
}
}  // namespace

uint32_t intern_func_type(const FuncType& t) {
  // Never destroyed: other static destructors (or detached threads) may still intern at exit.
  static std::mutex* mu = new std::mutex;
  static auto* ids = new std::unordered_map<std::string, uint32_t>;
  std::string key = func_type_key(t);
  std::lock_guard<std::mutex> lock(*mu);
  auto it = ids->find(key);
  if (it != ids->end()) return it->second;
  // Ids start at 1 so that 0 never matches a real signature.
  uint32_t id = uint32_t(ids->size()) + 1;
  ids->emplace(std::move(key), id);
  return id;
}

}  // namespace rt

Store::Store(const Engine& engine) : impl_(std::make_unique<rt::StoreImpl>(engine)) {
  impl_->owner = this;
  impl_->fuel = engine.config().fuel;
}

// Out of line so that StoreImpl (and the ExecContext deleter) are complete here.
Store::~Store() = default;

const Engine& Store::engine() const { return impl_->engine; }

Func Store::create_host_func(FuncType type, HostFunc fn) {
  auto f = std::make_unique<rt::FuncInst>();
  f->type_id = rt::intern_func_type(type);
  f->type = std::move(type);
  f->host = std::move(fn);
  rt::FuncInst* raw = f.get();
  impl_->funcs.push_back(std::move(f));
  return Func(raw);
}

Result<Global> Store::create_global(GlobalType type, const Value& init) {
  if (init.type != type.type) {
    return make_error(ErrorKind::Usage, std::string("global initial value has type ") +
                                            valtype_name(init.type) + ", expected " +
                                            valtype_name(type.type));
  }
  if (init.type == ValType::ExternRef && !init.is_null() && init.extern_payload() == UINT64_MAX) {
    return make_error(ErrorKind::Usage, "externref payload UINT64_MAX is reserved");
  }
  auto g = std::make_unique<rt::GlobalInst>();
  g->type = type;
  rt::value_to_cells(init, g->value);
  rt::GlobalInst* raw = g.get();
  impl_->globals.push_back(std::move(g));
  return Global(raw);
}

void Store::set_fuel(uint64_t fuel) { impl_->fuel = fuel; }

uint64_t Store::fuel_remaining() const { return impl_->fuel; }

void Store::interrupt() { impl_->interrupt_flag.store(true, std::memory_order_relaxed); }

}  // namespace wasmvm

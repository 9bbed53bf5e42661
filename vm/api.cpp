// Public handle methods (Func, Memory, Table, Global, Instance, Caller, Value) over the runtime
// objects, and the Value <-> cell conversions. Every entry point checks its arguments and reports
// misuse as ErrorKind::Usage; out-of-range accesses report the spec's trap text.
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "vm/runtime.h"

namespace wasmvm {

namespace rt {

void value_to_cells(const Value& v, Cell* out) {
  switch (v.type) {
    case ValType::I32:
    case ValType::F32: out[0] = uint32_t(v.bits[0]); break;
    case ValType::I64:
    case ValType::F64: out[0] = v.bits[0]; break;
    case ValType::V128:
      out[0] = v.bits[0];
      out[1] = v.bits[1];
      break;
    case ValType::FuncRef: out[0] = v.ref_null ? 0 : v.bits[0]; break;
    case ValType::ExternRef: out[0] = v.ref_null ? 0 : externref_cell(v.bits[0]); break;
  }
}

Value cells_to_value(ValType t, const Cell* in) {
  switch (t) {
    case ValType::I32: return Value::from_i32(int32_t(uint32_t(in[0])));
    case ValType::I64: return Value::from_i64(int64_t(in[0]));
    case ValType::F32: return Value::from_f32_bits(uint32_t(in[0]));
    case ValType::F64: return Value::from_f64_bits(in[0]);
    case ValType::V128: {
      Value v;
      v.type = ValType::V128;
      v.bits[0] = in[0];
      v.bits[1] = in[1];
      return v;
    }
    case ValType::FuncRef: {
      if (in[0] == 0) return Value::null_ref(ValType::FuncRef);
      Value v;
      v.type = ValType::FuncRef;
      v.bits[0] = in[0];  // the FuncInst*, opaque to the embedder
      v.ref_null = false;
      return v;
    }
    case ValType::ExternRef:
      if (in[0] == 0) return Value::null_ref(ValType::ExternRef);
      return Value::extern_ref(cell_externref(in[0]));
  }
  return Value();
}

}  // namespace rt

namespace {

Error usage(std::string msg) { return make_error(ErrorKind::Usage, std::move(msg)); }

// A value given to the VM by the embedder: right type, and a representable reference. `what` names
// it in messages ("call: argument" + index when index >= 0); messages are built only on failure.
Status check_value(const Value& v, ValType want, const char* what, int64_t index = -1) {
  auto fail = [&](const std::string& why) {
    std::string name = what;
    if (index >= 0) {
      name += ' ';
      name += std::to_string(index);
    }
    return Status(usage(name + why));
  };
  if (v.type != want) {
    return fail(std::string(" has type ") + valtype_name(v.type) + ", expected " + valtype_name(want));
  }
  if (v.type == ValType::ExternRef && !v.ref_null && v.bits[0] == UINT64_MAX) {
    return fail(": externref payload UINT64_MAX is reserved");
  }
  if (v.type == ValType::FuncRef && !v.ref_null && v.bits[0] == 0) {
    return fail(": non-null funcref without a function");
  }
  return Status::Ok();
}

// A non-null funcref must name a function of this store (it is dereferenced by the interpreter).
bool store_owns_func(const rt::StoreImpl& st, uint64_t handle) {
  for (const auto& f : st.funcs) {
    if (rt::funcref_cell(f.get()) == handle) return true;
  }
  return false;
}

void append_hex(std::string& s, uint64_t v, int digits) {
  static const char* hex = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; i--) s.push_back(hex[(v >> (4 * i)) & 15]);
}

template <class F>
std::string float_text(F f, uint64_t bits, int hex_digits) {
  if (std::isnan(f)) {
    std::string s = std::signbit(f) ? "-nan:0x" : "nan:0x";
    append_hex(s, bits, hex_digits);
    return s;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, f);  // shortest round-trip form
  return std::string(buf, r.ptr);
}

}  // namespace

// ---- Value ----------------------------------------------------------------------------------------

std::string Value::to_string() const {
  std::string s = std::string(valtype_name(type)) + ":";
  switch (type) {
    case ValType::I32: return s + std::to_string(as_i32());
    case ValType::I64: return s + std::to_string(as_i64());
    case ValType::F32: return s + float_text(as_f32(), as_f32_bits(), 8);
    case ValType::F64: return s + float_text(as_f64(), as_f64_bits(), 16);
    case ValType::V128:
      s += "0x";
      append_hex(s, bits[1], 16);
      append_hex(s, bits[0], 16);
      return s;
    case ValType::FuncRef: {
      if (ref_null) return s + "null";
      const rt::FuncInst* f = rt::cell_funcref(bits[0]);
      if (f->instance == nullptr) return s + "host";
      return s + f->instance->module->info().func_name(f->func_index);
    }
    case ValType::ExternRef: return ref_null ? s + "null" : s + std::to_string(bits[0]);
  }
  return s + "?";
}

// ---- Func -----------------------------------------------------------------------------------------

const FuncType& Func::type() const {
  static const FuncType kEmpty;
  return p_ ? p_->type : kEmpty;
}

Result<std::vector<Value>> Func::call(Store& store, std::span<const Value> args) const {
  if (p_ == nullptr) return usage("call: invalid function handle");
  rt::StoreImpl& st = store.impl();
  if (p_->instance != nullptr && p_->instance->store != &st) {
    return usage("call: the function belongs to a different store");
  }
  const FuncType& t = p_->type;
  if (args.size() != t.params.size()) {
    return usage("call: function of type " + t.to_string() + " takes " + std::to_string(t.params.size()) +
                 " argument(s), got " + std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); i++) {
    WASMVM_TRY(check_value(args[i], t.params[i], "call: argument", int64_t(i)));
    if (args[i].type == ValType::FuncRef && !args[i].ref_null && !store_owns_func(st, args[i].bits[0])) {
      return usage("call: argument " + std::to_string(i) + ": funcref does not belong to this store");
    }
  }
  std::vector<Value> results;
  results.reserve(t.results.size());
  for (ValType r : t.results) results.push_back(Value::default_for(r));
  WASMVM_TRY(rt::execute(st, p_, args, results));
  return results;
}

// ---- Memory ---------------------------------------------------------------------------------------

MemoryType Memory::type() const {
  if (p_ == nullptr) return {};
  MemoryType t = p_->type;
  t.limits.min = p_->pages();  // the current size, as the spec's external type reports it
  return t;
}

uint8_t* Memory::data() const { return p_ ? p_->data : nullptr; }
uint64_t Memory::size_bytes() const { return p_ ? p_->size : 0; }
uint32_t Memory::pages() const { return p_ ? p_->pages() : 0; }
uint64_t Memory::generation() const { return p_ ? p_->generation : 0; }

Result<uint32_t> Memory::grow(uint32_t delta_pages) const {
  if (p_ == nullptr) return usage("memory.grow: invalid memory handle");
  int64_t old = p_->grow(delta_pages);
  if (old < 0) {
    Error e = make_error(ErrorKind::Limit, "memory.grow: cannot grow " + std::to_string(p_->pages()) +
                                               " pages by " + std::to_string(delta_pages) + " (maximum " +
                                               std::to_string(p_->max_pages) + " pages)");
    // The host's cap (or allocator) refused, not the memory type's own maximum.
    uint64_t type_max = p_->type.limits.has_max ? p_->type.limits.max : kMaxPages;
    if (uint64_t(p_->pages()) + delta_pages <= type_max) e.code = TrapCode::MemoryLimit;
    return e;
  }
  return uint32_t(old);
}

Result<std::span<uint8_t>> Memory::span(uint64_t addr, uint64_t len) const {
  if (p_ == nullptr) return usage("memory: invalid memory handle");
  if (!in_bounds(addr, len)) return make_trap(TrapCode::MemoryOutOfBounds);
  if (len == 0) return std::span<uint8_t>();
  return std::span<uint8_t>(p_->data + addr, size_t(len));
}

Status Memory::read(uint64_t addr, void* dst, size_t len) const {
  Result<std::span<uint8_t>> s = span(addr, len);
  if (!s.ok()) return std::move(s).error();
  if (len > 0) std::memcpy(dst, s->data(), len);
  return Status::Ok();
}

Status Memory::write(uint64_t addr, const void* src, size_t len) const {
  Result<std::span<uint8_t>> s = span(addr, len);
  if (!s.ok()) return std::move(s).error();
  if (len > 0) std::memcpy(s->data(), src, len);
  return Status::Ok();
}

// ---- Table ----------------------------------------------------------------------------------------

TableType Table::type() const {
  if (p_ == nullptr) return {};
  TableType t = p_->type;
  t.limits.min = uint32_t(p_->elems.size());
  return t;
}

uint32_t Table::size() const { return p_ ? uint32_t(p_->elems.size()) : 0; }

Result<Value> Table::get(uint32_t index) const {
  if (p_ == nullptr) return usage("table.get: invalid table handle");
  if (index >= p_->elems.size()) return make_trap(TrapCode::TableOutOfBounds);
  return rt::cells_to_value(p_->type.elem, &p_->elems[index]);
}

Status Table::set(uint32_t index, const Value& v) const {
  if (p_ == nullptr) return usage("table.set: invalid table handle");
  WASMVM_TRY(check_value(v, p_->type.elem, "table.set: value"));
  if (index >= p_->elems.size()) return make_trap(TrapCode::TableOutOfBounds);
  rt::Cell c[2] = {0, 0};
  rt::value_to_cells(v, c);
  p_->elems[index] = c[0];
  return Status::Ok();
}

Result<uint32_t> Table::grow(uint32_t delta, const Value& init) const {
  if (p_ == nullptr) return usage("table.grow: invalid table handle");
  WASMVM_TRY(check_value(init, p_->type.elem, "table.grow: initial value"));
  rt::Cell c[2] = {0, 0};
  rt::value_to_cells(init, c);
  int64_t old = p_->grow(delta, c[0]);
  if (old < 0) {
    Error e = make_error(ErrorKind::Limit, "table.grow: cannot grow " + std::to_string(p_->elems.size()) +
                                               " elements by " + std::to_string(delta) + " (maximum " +
                                               std::to_string(p_->max_elems) + ")");
    uint64_t type_max = p_->type.limits.has_max ? p_->type.limits.max : UINT32_MAX;
    if (uint64_t(p_->elems.size()) + delta <= type_max) e.code = TrapCode::TableLimit;
    return e;
  }
  return uint32_t(old);
}

// ---- Global ---------------------------------------------------------------------------------------

GlobalType Global::type() const { return p_ ? p_->type : GlobalType{}; }

Value Global::get() const { return p_ ? rt::cells_to_value(p_->type.type, p_->value) : Value(); }

Status Global::set(const Value& v) const {
  if (p_ == nullptr) return usage("global.set: invalid global handle");
  if (!p_->type.is_mutable) return usage("global.set: the global is immutable");
  WASMVM_TRY(check_value(v, p_->type.type, "global.set: value"));
  rt::value_to_cells(v, p_->value);
  return Status::Ok();
}

// ---- Instance -------------------------------------------------------------------------------------

std::optional<Extern> Instance::get_export(std::string_view name) const {
  if (p_ == nullptr) return std::nullopt;
  auto it = p_->exports.find(std::string(name));
  if (it == p_->exports.end()) return std::nullopt;
  return it->second;
}

Func Instance::func(std::string_view name) const {
  auto e = get_export(name);
  return e && e->kind == ExternKind::Func ? e->func : Func();
}

Memory Instance::memory(std::string_view name) const {
  auto e = get_export(name);
  return e && e->kind == ExternKind::Memory ? e->memory : Memory();
}

Table Instance::table(std::string_view name) const {
  auto e = get_export(name);
  return e && e->kind == ExternKind::Table ? e->table : Table();
}

Global Instance::global(std::string_view name) const {
  auto e = get_export(name);
  return e && e->kind == ExternKind::Global ? e->global : Global();
}

Memory Instance::default_memory() const {
  return p_ == nullptr || p_->memories.empty() ? Memory() : Memory(p_->memories[0]);
}

const Module& Instance::module() const { return *p_->module; }

Store& Instance::store() const { return *p_->store->owner; }

Result<std::vector<Value>> Instance::call(std::string_view name, std::span<const Value> args) const {
  if (p_ == nullptr) return usage("call: invalid instance handle");
  auto e = get_export(name);
  if (!e) return usage("call: unknown export \"" + std::string(name) + "\"");
  if (e->kind != ExternKind::Func) return usage("call: export \"" + std::string(name) + "\" is not a function");
  return e->func.call(store(), args);
}

// ---- Caller ---------------------------------------------------------------------------------------

Memory Caller::memory() const { return instance_ ? instance_->default_memory() : Memory(); }

}  // namespace wasmvm

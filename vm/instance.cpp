// Linker and instantiation, following the WebAssembly 2.0 instantiation algorithm: resolve and
// type-check imports, allocate the module's functions/tables/memories/globals, evaluate element
// segments, apply active element then data segments, then run the start function.
#include <algorithm>
#include <cstring>
#include <string>

#include "vm/runtime.h"

namespace wasmvm {

namespace {

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string quoted_import(const Import& imp) { return "\"" + imp.module + "\" \"" + imp.name + "\""; }

std::string limits_text(uint32_t min, bool has_max, uint32_t max) {
  std::string s = std::to_string(min);
  if (has_max) {
    s += ' ';
    s += std::to_string(max);  // (not `" " + to_string()`: GCC 12 -Wrestrict false positive)
  }
  return s;
}

// Limits subtyping of the spec (import matching): the provided object's current size must be at
// least the import's minimum; if the import has a maximum, the object must have one no larger.
bool limits_match(uint32_t actual_min, bool actual_has_max, uint32_t actual_max, const Limits& want) {
  if (actual_min < want.min) return false;
  if (want.has_max && (!actual_has_max || actual_max > want.max)) return false;
  return true;
}

Error incompatible(const Import& imp, const std::string& detail) {
  return make_error(ErrorKind::Link, "incompatible import type for " + quoted_import(imp) + ": " + detail,
                    imp.offset);
}

// Checks one resolved import against its declaration.
Status check_import(const Import& imp, const Extern& ext, const Module::Impl& impl) {
  if (ext.kind != imp.kind) {
    return incompatible(imp, std::string("expected ") + extern_kind_name(imp.kind) + ", got " +
                                 extern_kind_name(ext.kind));
  }
  switch (imp.kind) {
    case ExternKind::Func: {
      const rt::FuncInst* f = ext.func.raw();
      if (f == nullptr) return incompatible(imp, "invalid function handle");
      if (f->type_id != impl.type_ids[imp.func_type]) {
        return incompatible(imp, "expected func " + impl.info.types[imp.func_type].to_string() +
                                     ", got func " + f->type.to_string());
      }
      return Status::Ok();
    }
    case ExternKind::Table: {
      const rt::TableInst* t = ext.table.raw();
      if (t == nullptr) return incompatible(imp, "invalid table handle");
      const Limits& have = t->type.limits;
      uint32_t size = uint32_t(t->elems.size());
      if (t->type.elem != imp.table.elem ||
          !limits_match(size, have.has_max, have.max, imp.table.limits)) {
        return incompatible(imp, std::string("expected table ") +
                                     limits_text(imp.table.limits.min, imp.table.limits.has_max,
                                                 imp.table.limits.max) +
                                     " " + valtype_name(imp.table.elem) + ", got table " +
                                     limits_text(size, have.has_max, have.max) + " " +
                                     valtype_name(t->type.elem));
      }
      return Status::Ok();
    }
    case ExternKind::Memory: {
      const rt::MemoryInst* m = ext.memory.raw();
      if (m == nullptr) return incompatible(imp, "invalid memory handle");
      const Limits& have = m->type.limits;
      if (!limits_match(m->pages(), have.has_max, have.max, imp.memory.limits)) {
        return incompatible(imp, "expected memory " +
                                     limits_text(imp.memory.limits.min, imp.memory.limits.has_max,
                                                 imp.memory.limits.max) +
                                     ", got memory " + limits_text(m->pages(), have.has_max, have.max));
      }
      return Status::Ok();
    }
    case ExternKind::Global: {
      const rt::GlobalInst* g = ext.global.raw();
      if (g == nullptr) return incompatible(imp, "invalid global handle");
      if (g->type.type != imp.global.type || g->type.is_mutable != imp.global.is_mutable) {
        auto text = [](const GlobalType& t) {
          return std::string(t.is_mutable ? "mut " : "") + valtype_name(t.type);
        };
        return incompatible(imp, "expected global " + text(imp.global) + ", got global " + text(g->type));
      }
      return Status::Ok();
    }
  }
  return incompatible(imp, "unknown extern kind");
}

// Evaluates a (validated) constant expression into one or two cells.
Status eval_const(const ConstExpr& e, const rt::InstanceInst& inst, rt::Cell out[2]) {
  out[0] = out[1] = 0;
  switch (e.kind) {
    case ConstExpr::Kind::I32:
    case ConstExpr::Kind::F32:
      out[0] = uint32_t(e.bits[0]);
      return Status::Ok();
    case ConstExpr::Kind::I64:
    case ConstExpr::Kind::F64:
      out[0] = e.bits[0];
      return Status::Ok();
    case ConstExpr::Kind::V128:
      out[0] = e.bits[0];
      out[1] = e.bits[1];
      return Status::Ok();
    case ConstExpr::Kind::RefNull:
      return Status::Ok();
    case ConstExpr::Kind::RefFunc:
      if (e.index >= inst.funcs.size()) {
        return make_error(ErrorKind::Invalid, "unknown function " + std::to_string(e.index), e.offset);
      }
      out[0] = rt::funcref_cell(inst.funcs[e.index]);
      return Status::Ok();
    case ConstExpr::Kind::GlobalGet:
      // Only already-initialised globals may be read (imports, in 2.0).
      if (e.index >= inst.globals.size()) {
        return make_error(ErrorKind::Invalid, "unknown global " + std::to_string(e.index), e.offset);
      }
      out[0] = inst.globals[e.index]->value[0];
      out[1] = inst.globals[e.index]->value[1];
      return Status::Ok();
  }
  return make_error(ErrorKind::Invalid, "constant expression required", e.offset);
}

// Allocates the module's own tables, memories and globals (after the imported ones).
Status allocate_defined(Store& store, const ModuleInfo& info, rt::InstanceInst& inst) {
  for (const TableType& tt : info.tables) {
    Result<Table> t = store.create_table(tt, Value::null_ref(tt.elem));
    if (!t.ok()) return std::move(t).error();
    inst.tables.push_back(t->raw());
  }
  for (const MemoryType& mt : info.memories) {
    Result<Memory> m = store.create_memory(mt);
    if (!m.ok()) return std::move(m).error();
    inst.memories.push_back(m->raw());
  }
  rt::StoreImpl& st = store.impl();
  for (const GlobalDef& gd : info.globals) {
    auto g = std::make_unique<rt::GlobalInst>();
    g->type = gd.type;
    WASMVM_TRY(eval_const(gd.init, inst, g->value));
    inst.globals.push_back(g.get());
    st.globals.push_back(std::move(g));
  }
  return Status::Ok();
}

void build_exports(const ModuleInfo& info, rt::InstanceInst& inst) {
  for (const Export& ex : info.exports) {
    Extern e;
    switch (ex.kind) {
      case ExternKind::Func: e = Extern::of(Func(inst.funcs[ex.index])); break;
      case ExternKind::Table: e = Extern::of(Table(inst.tables[ex.index])); break;
      case ExternKind::Memory: e = Extern::of(Memory(inst.memories[ex.index])); break;
      case ExternKind::Global: e = Extern::of(Global(inst.globals[ex.index])); break;
    }
    inst.exports.emplace(ex.name, e);
  }
}

// Applies active element segments (table.init + elem.drop) and drops declarative ones.
Status init_tables(const ModuleInfo& info, rt::InstanceInst& inst) {
  for (size_t i = 0; i < info.elems.size(); i++) {
    const ElemSegment& seg = info.elems[i];
    if (seg.mode == SegmentMode::Passive) continue;
    if (seg.mode == SegmentMode::Active) {
      rt::Cell off[2];
      WASMVM_TRY(eval_const(seg.offset, inst, off));
      if (seg.table_index >= inst.tables.size()) {
        return make_error(ErrorKind::Invalid, "unknown table " + std::to_string(seg.table_index), seg.pos);
      }
      rt::TableInst& table = *inst.tables[seg.table_index];
      const std::vector<rt::Cell>& vals = inst.elem_values[i];
      uint64_t start = uint32_t(off[0]);
      if (start + vals.size() > table.elems.size()) return make_trap(TrapCode::TableOutOfBounds);
      std::copy(vals.begin(), vals.end(), table.elems.begin() + ptrdiff_t(start));
    }
    inst.elem_dropped[i] = true;
    inst.elem_values[i].clear();
    inst.elem_values[i].shrink_to_fit();
  }
  return Status::Ok();
}

// Applies active data segments (memory.init + data.drop).
Status init_memories(const Module::Impl& impl, rt::InstanceInst& inst) {
  const ModuleInfo& info = impl.info;
  for (size_t i = 0; i < info.datas.size(); i++) {
    const DataSegment& seg = info.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    rt::Cell off[2];
    WASMVM_TRY(eval_const(seg.offset, inst, off));
    if (seg.memory_index >= inst.memories.size()) {
      return make_error(ErrorKind::Invalid, "unknown memory " + std::to_string(seg.memory_index), seg.pos);
    }
    if (seg.data_start > impl.bytes.size() || seg.data_size > impl.bytes.size() - seg.data_start) {
      return make_error(ErrorKind::Malformed, "data segment out of the module's bytes", seg.pos);
    }
    rt::MemoryInst& mem = *inst.memories[seg.memory_index];
    uint64_t start = uint32_t(off[0]);
    if (start + seg.data_size > mem.size) return make_trap(TrapCode::MemoryOutOfBounds);
    if (seg.data_size > 0) std::memcpy(mem.data + start, impl.bytes.data() + seg.data_start, seg.data_size);
    inst.data_dropped[i] = true;
  }
  return Status::Ok();
}

}  // namespace

// ---- Linker ---------------------------------------------------------------------------------------

void Linker::define(std::string module, std::string name, Extern ext) {
  // A later definition of the same name replaces the earlier one.
  for (Entry& e : entries_) {
    if (e.module == module && e.name == name) {
      e.ext = ext;
      return;
    }
  }
  entries_.push_back(Entry{std::move(module), std::move(name), ext});
}

void Linker::define_func(std::string module, std::string name, FuncType type, HostFunc fn) {
  define(std::move(module), std::move(name), Extern::of(store_.create_host_func(std::move(type), std::move(fn))));
}

void Linker::define_instance(std::string module, const Instance& instance) {
  for (const auto& [name, ext] : instance.raw()->exports) define(module, name, ext);
}

std::optional<Extern> Linker::lookup(std::string_view module, std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.module == module && e.name == name) return e.ext;
  }
  return std::nullopt;
}

Result<Instance> Linker::instantiate(const std::shared_ptr<const Module>& module) {
  if (!module) return make_error(ErrorKind::Usage, "instantiate: null module");
  const Module::Impl& impl = module->impl();
  const ModuleInfo& info = impl.info;
  if (impl.code.size() != info.functions.size() || impl.type_ids.size() != info.types.size()) {
    return make_error(ErrorKind::Usage, "instantiate: module is not compiled");
  }
  rt::StoreImpl& st = store_.impl();

  // 1. Resolve and check every import before allocating anything.
  std::vector<Extern> resolved;
  resolved.reserve(info.imports.size());
  for (const Import& imp : info.imports) {
    std::optional<Extern> ext = lookup(imp.module, imp.name);
    if (!ext) return make_error(ErrorKind::Link, "unknown import " + quoted_import(imp), imp.offset);
    WASMVM_TRY(check_import(imp, *ext, impl));
    resolved.push_back(*ext);
  }

  // 2. Allocate. The instance joins the store now: even if a segment traps below, functions it
  // already wrote into imported tables must stay callable (2.0 keeps partial initialisation).
  auto owned = std::make_unique<rt::InstanceInst>();
  rt::InstanceInst& inst = *owned;
  inst.module = module;
  inst.store = &st;
  inst.handle = std::make_unique<Instance>(&inst);
  st.instances.push_back(std::move(owned));

  for (const Extern& e : resolved) {
    switch (e.kind) {
      case ExternKind::Func: inst.funcs.push_back(e.func.raw()); break;
      case ExternKind::Table: inst.tables.push_back(e.table.raw()); break;
      case ExternKind::Memory: inst.memories.push_back(e.memory.raw()); break;
      case ExternKind::Global: inst.globals.push_back(e.global.raw()); break;
    }
  }
  for (size_t i = 0; i < info.functions.size(); i++) {
    auto f = std::make_unique<rt::FuncInst>();
    uint32_t type_index = info.functions[i].type_index;
    f->type = info.types[type_index];
    f->type_id = impl.type_ids[type_index];
    f->instance = &inst;
    f->code = impl.code[i].get();
    f->func_index = info.num_imported_funcs + uint32_t(i);
    inst.funcs.push_back(f.get());
    st.funcs.push_back(std::move(f));
  }
  WASMVM_TRY(allocate_defined(store_, info, inst));
  build_exports(info, inst);

  inst.elem_values.resize(info.elems.size());
  for (size_t i = 0; i < info.elems.size(); i++) {
    const ElemSegment& seg = info.elems[i];
    std::vector<rt::Cell>& vals = inst.elem_values[i];
    vals.resize(seg.init.size());
    for (size_t j = 0; j < seg.init.size(); j++) {
      rt::Cell c[2];
      WASMVM_TRY(eval_const(seg.init[j], inst, c));
      vals[j] = c[0];
    }
  }
  inst.elem_dropped.assign(info.elems.size(), false);
  inst.data_dropped.assign(info.datas.size(), false);

  // 3. Segments, then the start function.
  WASMVM_TRY(init_tables(info, inst));
  WASMVM_TRY(init_memories(impl, inst));
  if (info.has_start) {
    if (info.start >= inst.funcs.size()) {
      return make_error(ErrorKind::Invalid, "unknown function " + std::to_string(info.start));
    }
    WASMVM_TRY(rt::execute(st, inst.funcs[info.start], {}, {}));
  }
  return Instance(&inst);
}

}  // namespace wasmvm

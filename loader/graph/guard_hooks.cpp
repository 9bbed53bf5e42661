// Guard hooks (see guard_hooks.h). Accesses outside the watched window return at once; inside it the access is
// clipped to the window so fills/copies of any length cost only the watched bytes.
#include "loader/graph/guard_hooks.h"

#include <algorithm>
#include <cstring>

#include "decoder/module.h"

namespace wasmvm::graph {

namespace {

struct HookContext {
  std::shared_ptr<InputGuard> guard;
  std::shared_ptr<const Module> original;

  std::string function_at(uint32_t code_offset) const {
    const ModuleInfo& info = original->info();
    const auto& fs = info.functions;
    auto it = std::upper_bound(fs.begin(), fs.end(), size_t(code_offset),
                               [](size_t off, const FunctionDef& f) { return off < f.body_start; });
    if (it == fs.begin()) return "?";
    --it;
    const uint32_t index = info.num_imported_funcs + uint32_t(it - fs.begin());
    if (index < info.func_names.size() && !info.func_names[index].empty()) return info.func_names[index];
    for (const auto& e : info.exports)  // no name section: an export name is the next best thing
      if (e.kind == ExternKind::Func && e.index == index) return e.name + " (func[" + std::to_string(index) + "])";
    return info.func_name(index);
  }

  // Reports [ea, ea+len) (clipped to the window); `src` gives the new bytes for stores (nullptr: unknown).
  Status access(Caller& caller, uint64_t ea, uint64_t len, bool store, const uint8_t* src, uint32_t code) {
    auto [lo, hi] = guard->window();
    const uint64_t a = std::max(ea, lo), b = std::min(ea + len, hi);
    if (a >= b) return Status::Ok();
    Memory mem = caller.memory();
    if (!mem.valid() || !mem.in_bounds(ea, len)) return Status::Ok();  // the real access traps by itself
    GuardAccess acc;
    acc.function = function_at(code);
    acc.code_offset = code;
    acc.addr = a;
    acc.size = uint32_t(b - a);
    acc.is_store = store;
    std::vector<uint8_t> old_bytes;
    if (store) {
      old_bytes.assign(mem.data() + a, mem.data() + b);
      acc.old_bytes = old_bytes.data();
      acc.new_bytes = src ? src + (a - ea) : nullptr;
    }
    return guard->on_access(acc);
  }
};

uint64_t ea_of(std::span<const Value> args) { return uint64_t(uint32_t(args[0].as_i32())) + uint32_t(args[1].as_i32()); }

}  // namespace

void define_guard_hooks(Linker& linker, std::shared_ptr<InputGuard> guard, std::shared_ptr<const Module> original) {
  auto ctx = std::make_shared<HookContext>(HookContext{std::move(guard), std::move(original)});
  const ValType I = ValType::I32;
  linker.define_func(kGuardModuleName, "load", FuncType{{I, I, I, I}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       return ctx->access(c, ea_of(a), uint32_t(a[2].as_i32()), false, nullptr, uint32_t(a[3].as_i32()));
                     });
  linker.define_func(kGuardModuleName, "store_i32", FuncType{{I, I, I, I, I}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       uint8_t v[4];
                       uint32_t x = uint32_t(a[4].as_i32());
                       std::memcpy(v, &x, 4);
                       // The size argument never exceeds the value's width: `v` is all the new bytes there are.
                       return ctx->access(c, ea_of(a), std::min(uint32_t(a[2].as_i32()), 4u), true, v, uint32_t(a[3].as_i32()));
                     });
  linker.define_func(kGuardModuleName, "store_i64", FuncType{{I, I, I, I, ValType::I64}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       uint8_t v[8];
                       uint64_t x = uint64_t(a[4].as_i64());
                       std::memcpy(v, &x, 8);
                       return ctx->access(c, ea_of(a), std::min(uint32_t(a[2].as_i32()), 8u), true, v, uint32_t(a[3].as_i32()));
                     });
  linker.define_func(kGuardModuleName, "store_v128", FuncType{{I, I, I, I, ValType::V128}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       const uint32_t sl = uint32_t(a[2].as_i32()), size = sl & 0xff, lane = sl >> 8;
                       V128 v = a[4].as_v128();
                       if (size == 0 || size > 16 || (lane + 1) * size > 16) return Status::Ok();
                       return ctx->access(c, ea_of(a), size, true, v.bytes + lane * size, uint32_t(a[3].as_i32()));
                     });
  linker.define_func(kGuardModuleName, "fill", FuncType{{I, I, I, I}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       const uint64_t d = uint32_t(a[0].as_i32()), n = uint32_t(a[2].as_i32());
                       auto [lo, hi] = ctx->guard->window();
                       const uint64_t s = std::max(d, lo), e = std::min(d + n, hi);
                       if (s >= e) return Status::Ok();
                       std::vector<uint8_t> v(size_t(e - s), uint8_t(a[1].as_i32()));
                       return ctx->access(c, s, e - s, true, v.data(), uint32_t(a[3].as_i32()));
                     });
  linker.define_func(kGuardModuleName, "copy", FuncType{{I, I, I, I}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       const uint64_t d = uint32_t(a[0].as_i32()), s = uint32_t(a[1].as_i32()), n = uint32_t(a[2].as_i32());
                       const uint32_t code = uint32_t(a[3].as_i32());
                       Memory mem = c.memory();
                       if (!mem.valid() || !mem.in_bounds(d, n) || !mem.in_bounds(s, n)) return Status::Ok();
                       WASMVM_TRY(ctx->access(c, s, n, false, nullptr, code));
                       auto [lo, hi] = ctx->guard->window();
                       const uint64_t ds = std::max(d, lo), de = std::min(d + n, hi);
                       if (ds >= de) return Status::Ok();
                       std::vector<uint8_t> v(mem.data() + s + (ds - d), mem.data() + s + (de - d));
                       return ctx->access(c, ds, de - ds, true, v.data(), code);
                     });
  linker.define_func(kGuardModuleName, "init", FuncType{{I, I, I}, {}},
                     [ctx](Caller& c, std::span<const Value> a, std::span<Value>) -> Status {
                       return ctx->access(c, uint32_t(a[0].as_i32()), uint32_t(a[1].as_i32()), true, nullptr,
                                          uint32_t(a[2].as_i32()));
                     });
}

}  // namespace wasmvm::graph

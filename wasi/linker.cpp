// Registers the wasi_snapshot_preview1 imports: decodes wasm arguments, builds the guest memory
// view for the call and returns the errno as the i32 result.
#include <initializer_list>

#include "wasi/calls.h"
#include "wasi/wasi.h"

namespace wasmvm::wasi {
namespace {

constexpr const char* kModule = "wasi_snapshot_preview1";
constexpr ValType I = ValType::I32;
constexpr ValType L = ValType::I64;

GuestMemory guest_memory(const Caller& caller) {
  Memory m = caller.memory();
  if (!m.valid()) return GuestMemory();  // no memory: every pointer faults (EFAULT)
  return GuestMemory(m.data(), m.size_bytes());
}

// `body` is a captureless lambda (Context&, const GuestMemory&, args) -> Errno; taking it as a
// template parameter lets it inline into the HostFunc.
template <class Body>
void define(Linker& linker, const std::shared_ptr<Context>& ctx, const char* name,
            std::initializer_list<ValType> params, Body body) {
  FuncType type;
  type.params = params;
  type.results = {ValType::I32};
  linker.define_func(kModule, name, std::move(type),
                     [ctx, body](Caller& caller, std::span<const Value> args,
                                                   std::span<Value> results) -> Status {
                       Errno e = body(*ctx, guest_memory(caller), args);
                       results[0] = Value::from_i32(int32_t(e));
                       return Status::Ok();
                     });
}

inline uint32_t a32(std::span<const Value> a, size_t i) { return uint32_t(a[i].as_i32()); }
inline uint64_t a64(std::span<const Value> a, size_t i) { return uint64_t(a[i].as_i64()); }

}  // namespace

void add_to_linker(Linker& linker, std::shared_ptr<Context> ctx) {
  using namespace calls;
  using A = std::span<const Value>;
  using C = Context&;
  using M = const GuestMemory&;

  define(linker, ctx, "args_get", {I, I}, [](C c, M m, A a) { return args_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "args_sizes_get", {I, I},
         [](C c, M m, A a) { return args_sizes_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "environ_get", {I, I}, [](C c, M m, A a) { return environ_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "environ_sizes_get", {I, I},
         [](C c, M m, A a) { return environ_sizes_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "clock_res_get", {I, I},
         [](C c, M m, A a) { return clock_res_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "clock_time_get", {I, L, I},
         [](C c, M m, A a) { return clock_time_get(c, m, a32(a, 0), a64(a, 1), a32(a, 2)); });
  define(linker, ctx, "random_get", {I, I}, [](C c, M m, A a) { return random_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "sched_yield", {}, [](C c, M m, A) { return sched_yield(c, m); });
  define(linker, ctx, "proc_raise", {I}, [](C c, M m, A a) { return proc_raise(c, m, a32(a, 0)); });
  define(linker, ctx, "poll_oneoff", {I, I, I, I},
         [](C c, M m, A a) { return poll_oneoff(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3)); });

  define(linker, ctx, "fd_advise", {I, L, L, I},
         [](C c, M m, A a) { return fd_advise(c, m, a32(a, 0), a64(a, 1), a64(a, 2), a32(a, 3) & 0xff); });
  define(linker, ctx, "fd_allocate", {I, L, L},
         [](C c, M m, A a) { return fd_allocate(c, m, a32(a, 0), a64(a, 1), a64(a, 2)); });
  define(linker, ctx, "fd_close", {I}, [](C c, M m, A a) { return fd_close(c, m, a32(a, 0)); });
  define(linker, ctx, "fd_datasync", {I}, [](C c, M m, A a) { return fd_datasync(c, m, a32(a, 0)); });
  define(linker, ctx, "fd_sync", {I}, [](C c, M m, A a) { return fd_sync(c, m, a32(a, 0)); });
  define(linker, ctx, "fd_fdstat_get", {I, I},
         [](C c, M m, A a) { return fd_fdstat_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "fd_fdstat_set_flags", {I, I},
         [](C c, M m, A a) { return fd_fdstat_set_flags(c, m, a32(a, 0), a32(a, 1) & 0xffff); });
  define(linker, ctx, "fd_fdstat_set_rights", {I, L, L},
         [](C c, M m, A a) { return fd_fdstat_set_rights(c, m, a32(a, 0), a64(a, 1), a64(a, 2)); });
  define(linker, ctx, "fd_filestat_get", {I, I},
         [](C c, M m, A a) { return fd_filestat_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "fd_filestat_set_size", {I, L},
         [](C c, M m, A a) { return fd_filestat_set_size(c, m, a32(a, 0), a64(a, 1)); });
  define(linker, ctx, "fd_filestat_set_times", {I, L, L, I}, [](C c, M m, A a) {
    return fd_filestat_set_times(c, m, a32(a, 0), a64(a, 1), a64(a, 2), a32(a, 3) & 0xffff);
  });
  define(linker, ctx, "fd_pread", {I, I, I, L, I},
         [](C c, M m, A a) { return fd_pread(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a64(a, 3), a32(a, 4)); });
  define(linker, ctx, "fd_pwrite", {I, I, I, L, I},
         [](C c, M m, A a) { return fd_pwrite(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a64(a, 3), a32(a, 4)); });
  define(linker, ctx, "fd_read", {I, I, I, I},
         [](C c, M m, A a) { return fd_read(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3)); });
  define(linker, ctx, "fd_write", {I, I, I, I},
         [](C c, M m, A a) { return fd_write(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3)); });
  define(linker, ctx, "fd_prestat_get", {I, I},
         [](C c, M m, A a) { return fd_prestat_get(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "fd_prestat_dir_name", {I, I, I},
         [](C c, M m, A a) { return fd_prestat_dir_name(c, m, a32(a, 0), a32(a, 1), a32(a, 2)); });
  define(linker, ctx, "fd_readdir", {I, I, I, L, I},
         [](C c, M m, A a) { return fd_readdir(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a64(a, 3), a32(a, 4)); });
  define(linker, ctx, "fd_renumber", {I, I}, [](C c, M m, A a) { return fd_renumber(c, m, a32(a, 0), a32(a, 1)); });
  define(linker, ctx, "fd_seek", {I, L, I, I}, [](C c, M m, A a) {
    return fd_seek(c, m, a32(a, 0), int64_t(a64(a, 1)), a32(a, 2) & 0xff, a32(a, 3));
  });
  define(linker, ctx, "fd_tell", {I, I}, [](C c, M m, A a) { return fd_tell(c, m, a32(a, 0), a32(a, 1)); });

  define(linker, ctx, "path_create_directory", {I, I, I},
         [](C c, M m, A a) { return path_create_directory(c, m, a32(a, 0), a32(a, 1), a32(a, 2)); });
  define(linker, ctx, "path_filestat_get", {I, I, I, I, I}, [](C c, M m, A a) {
    return path_filestat_get(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4));
  });
  define(linker, ctx, "path_filestat_set_times", {I, I, I, I, L, L, I}, [](C c, M m, A a) {
    return path_filestat_set_times(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a64(a, 4), a64(a, 5),
                                   a32(a, 6) & 0xffff);
  });
  define(linker, ctx, "path_link", {I, I, I, I, I, I, I}, [](C c, M m, A a) {
    return path_link(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4), a32(a, 5), a32(a, 6));
  });
  define(linker, ctx, "path_open", {I, I, I, I, I, L, L, I, I}, [](C c, M m, A a) {
    return path_open(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4) & 0xffff, a64(a, 5), a64(a, 6),
                     a32(a, 7) & 0xffff, a32(a, 8));
  });
  define(linker, ctx, "path_readlink", {I, I, I, I, I, I}, [](C c, M m, A a) {
    return path_readlink(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4), a32(a, 5));
  });
  define(linker, ctx, "path_remove_directory", {I, I, I},
         [](C c, M m, A a) { return path_remove_directory(c, m, a32(a, 0), a32(a, 1), a32(a, 2)); });
  define(linker, ctx, "path_rename", {I, I, I, I, I, I}, [](C c, M m, A a) {
    return path_rename(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4), a32(a, 5));
  });
  define(linker, ctx, "path_symlink", {I, I, I, I, I}, [](C c, M m, A a) {
    return path_symlink(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3), a32(a, 4));
  });
  define(linker, ctx, "path_unlink_file", {I, I, I},
         [](C c, M m, A a) { return path_unlink_file(c, m, a32(a, 0), a32(a, 1), a32(a, 2)); });

  define(linker, ctx, "sock_accept", {I, I, I},
         [](C c, M m, A a) { return sock_accept(c, m, a32(a, 0), a32(a, 1) & 0xffff, a32(a, 2)); });
  define(linker, ctx, "sock_recv", {I, I, I, I, I, I}, [](C c, M m, A a) {
    return sock_recv(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3) & 0xffff, a32(a, 4), a32(a, 5));
  });
  define(linker, ctx, "sock_send", {I, I, I, I, I}, [](C c, M m, A a) {
    return sock_send(c, m, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3) & 0xffff, a32(a, 4));
  });
  define(linker, ctx, "sock_shutdown", {I, I},
         [](C c, M m, A a) { return sock_shutdown(c, m, a32(a, 0), a32(a, 1) & 0xff); });

  // proc_exit has no result: it ends the run with an Exit outcome carrying the code.
  FuncType exit_type;
  exit_type.params = {ValType::I32};
  linker.define_func(kModule, "proc_exit", std::move(exit_type),
                     [ctx](Caller&, std::span<const Value> args, std::span<Value>) -> Status {
                       int32_t code = args[0].as_i32();
                       ctx->exit_code = code;
                       Error err = make_trap(TrapCode::Exit, "exit with code " + std::to_string(code));
                       err.exit_code = code;
                       return err;
                     });
}

}  // namespace wasmvm::wasi

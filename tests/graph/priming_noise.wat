;; Legacy-ABI guest whose `run` prints to stderr and never touches its heap: the safe driver refuses it after
;; priming, and the refusal must show what the guest printed (tests/graph/test_legacy_priming.cpp).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 1024))
  (data (i32.const 64) "priming-noise: EOF while parsing a value\n")
  (func (export "run") (param i32 i32) (result i32)
    (i32.store (i32.const 0) (i32.const 64))   ;; iovec below __heap_base: base
    (i32.store (i32.const 4) (i32.const 41))   ;; length
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.const 0)))

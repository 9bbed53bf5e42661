;; Runner fixture with a v128 result, for runner_simd.json (used only when WASMVM_SIMD is ON).
(module
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 -1)))

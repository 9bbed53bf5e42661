;; Runner fixture: functions with known results for runner_pass.json / runner_fail.json. Scalar only, so the
;; runner tests also run in WASMVM_SIMD=OFF builds; v128 results are in runner_simd.wat.
(module
  (import "spectest" "global_i32" (global $g i32))
  (import "spectest" "print_i32" (func $print (param i32)))
  (global (export "g") i32 (i32.const 7))
  (func (export "id32") (param i32) (result i32) (call $print (local.get 0)) (local.get 0))
  (func (export "spectest666") (result i32) (global.get $g))
  (func (export "nan32") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "arith_nan64") (result f64) (f64.const nan:0xc000000000000))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "nullfunc") (result funcref) (ref.null func))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const -2))
  (func (export "trap") (result i32) unreachable)
  (func $deep (export "deep") (result i32) (call $deep))
  (elem declare func $deep)
  (func (export "somefunc") (result funcref) (ref.func $deep)))

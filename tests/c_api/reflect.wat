(module
  (import "env" "log" (func (param i32 f64)))
  (import "env" "mem" (memory 1 4))
  (import "other" "counter" (global (mut i64)))
  (import "other" "refs" (table 3 externref))
  (func (export "func") (param i32 f32 i64 f64) (result i32 externref funcref) (i32.const 0) (ref.null extern) (ref.null func))
  (global (export "global") f32 (f32.const 1))
  (table (export "table") 2 7 funcref)
  (export "memory" (memory 0)))

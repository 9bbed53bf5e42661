(module
  (func $fail (import "" "fail") (result i32))
  (func (export "callback") (result i32) (call $fail))
  (func $inner (i32.div_s (i32.const 1) (i32.const 0)) (drop))
  (func $middle (call $inner))
  (func (export "divide") (call $middle))
  (func (export "unreachable") (unreachable)))

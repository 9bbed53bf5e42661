(module
  (func (import "" "f"))
  (func (export "g") (call 0))
  (global (export "x") (mut i32) (i32.const 0)))

(module
  (func $hello (import "" "hello") (param i32) (result i32))
  (func (export "run") (result i32) (call $hello (i32.const 41))))

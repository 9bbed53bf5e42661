(module
  (table (export "table") 2 10 funcref)
  (type $i32_to_i32 (func (param i32) (result i32)))
  (func $f (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $g (param i32 i32) (result i32) (local.get 0))
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $i32_to_i32) (local.get 0) (local.get 1)))
  (elem (i32.const 1) $g))

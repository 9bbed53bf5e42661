;; Fixture: well-formed but invalid (i32.add on an i64 operand). Built with wat2wasm --no-check.
(module (func (export "bad") (result i32) (i32.add (i64.const 1) (i32.const 2))))

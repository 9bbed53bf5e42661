;; Runner fixture: imports from the module registered as "m" in runner_pass.json.
(module
  (import "m" "id32" (func $id (param i32) (result i32)))
  (func (export "via_m") (param i32) (result i32) (call $id (local.get 0))))

;; CLI fixture: imports a function nobody provides (link error).
(module
  (import "nowhere" "missing" (func $m (param i32)))
  (func (export "go") (call $m (i32.const 1))))

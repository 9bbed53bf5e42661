;; Runner fixture: instantiation traps in the start function (assert_trap on a module,
;; assert_uninstantiable).
(module (func $s unreachable) (start $s))

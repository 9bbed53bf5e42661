(module
  (func $report (import "" "report") (param i32))
  (global $counter (mut i32) (i32.const 0))
  (func (export "run") (param $id i32)
    (local $i i32)
    (loop $l
      (global.set $counter (i32.add (global.get $counter) (local.get $id)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    (call $report (global.get $counter))))

;; Tiny module for the API micro-benchmarks (built with wat2wasm at build time).
(module
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  ;; Counts down from n: about 10 interpreter instructions per iteration (dispatch cost).
  (func (export "count") (param $n i32) (result i32) (local $acc i32)
    block $done
      loop $next
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const -1
        i32.add
        local.set $n
        local.get $acc
        i32.const 3
        i32.add
        local.set $acc
        br $next
      end
    end
    local.get $acc)
  ;; Direct call in a loop: per-call overhead inside the VM (no host transition).
  (func $leaf (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func (export "calls") (param $n i32) (result i32) (local $acc i32)
    block $done
      loop $next
        local.get $n
        i32.eqz
        br_if $done
        local.get $acc
        call $leaf
        local.set $acc
        local.get $n
        i32.const -1
        i32.add
        local.set $n
        br $next
      end
    end
    local.get $acc))

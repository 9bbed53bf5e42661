#!/usr/bin/python3
"""Writes a WebAssembly text module with N varied functions of which `_start` calls only a few.

Stands in for a large real program (e.g. a 30 MB Yosys build has 34,000 functions) when measuring
start-up: every function is valid, non-trivial code (a loop, loads, stores, arithmetic, a call to the
previous function), so validating or translating it costs what real code costs.

usage: gen_many_funcs.py N OUT.wat

Each function has LOOPS loops (~100 bytes of code each), ~1 KB per function as in Yosys.
"""
import sys

LOOPS = 10


def func(i: int) -> str:
    k = i * 2654435761 % 1000 + 1
    call = f"(call $f{i - 1} (local.get $acc))" if i > 0 else "(local.get $acc)"
    loops = "".join(f"""
    (local.set $i (i32.const 0))
    (block $done{j}
      (loop $l{j}
        (br_if $done{j} (i32.ge_u (local.get $i) (i32.and (local.get $n) (i32.const {7 + j}))))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const {(k + j) | 1}))
                                 (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 1020)))))
        (i32.store (i32.and (i32.add (local.get $acc) (i32.const {k * 4 + j})) (i32.const 4092)) (local.get $acc))
        (local.set $t (i64.add (local.get $t) (i64.extend_i32_u (local.get $acc))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l{j})))""" for j in range(LOOPS))
    return f"""  (func $f{i} (param $n i32) (result i32) (local $i i32) (local $acc i32) (local $t i64)
    (local.set $acc (i32.const {k})){loops}
    (if (i32.gt_u (local.get $n) (i32.const {k % 5 + 100}))
      (then (local.set $acc {call})))
    (i32.xor (local.get $acc) (i32.wrap_i64 (i64.shr_u (local.get $t) (i64.const 7)))))
"""


def main() -> None:
    n = int(sys.argv[1])
    with open(sys.argv[2], "w") as out:
        out.write("(module\n  (memory 1)\n")
        for i in range(n):
            out.write(func(i))
        out.write('  (func (export "_start") (local $s i32)\n')
        for i in range(0, n, max(1, n // 10)):
            out.write(f"    (local.set $s (i32.add (local.get $s) (call $f{i} (i32.const 5))))\n")
        out.write("    (i32.store (i32.const 0) (local.get $s)))\n)\n")


if __name__ == "__main__":
    main()

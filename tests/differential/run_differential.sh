#!/bin/bash
# Differential test wasmvm vs V8 (node). Modules: binaryen `wasm-opt -ttf` from deterministic seeds
# (--seeds N [--first S]), restricted to Wasm 2.0 features and instrumented with --denan, and/or every .wasm
# under a directory (--dir D, e.g. the converted spec suite). Both drivers log every fuzzing-support/spectest
# import call and every export's result or trap; the logs must match exactly (NaNs print as "nan").
# Prints one line per mismatching module, then "N passed, N failed" (modules). Exit 1 on any mismatch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
driver="" seeds=0 first=0 dir="" work="" keep=0 nosimd=0
while [ $# -gt 0 ]; do
  case "$1" in
    --driver) driver="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --first) first="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-simd) nosimd=1; shift ;;
    *) echo "usage: $0 --driver WASMVM_DIFF_DRIVER [--seeds N [--first S]] [--dir DIR] [--work DIR] [--keep] [--no-simd]" >&2; exit 64 ;;
  esac
done
for tool in node wasm-opt; do
  command -v "$tool" > /dev/null || { echo "error: $tool not found (Debian packages nodejs, binaryen)"; echo "0 passed, 1 failed"; exit 1; }
done
[ -x "$driver" ] || { echo "error: driver '$driver' not built"; echo "0 passed, 1 failed"; exit 1; }
if [ -n "$dir" ] && [ ! -d "$dir" ]; then echo "error: no directory $dir"; echo "0 passed, 1 failed"; exit 1; fi
[ -n "$work" ] || work="$(mktemp -d /tmp/wasmvm-diff-XXXXXX)"
mkdir -p "$work/modules"
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT

# Wasm 2.0 = MVP + sign-ext, non-trapping float-to-int, multi-value, bulk memory, reference types, simd128.
# Reference types stay off for -ttf: binaryen 108 generates them with GC-era subtyping (a funcref where an
# externref is expected), which 2.0 engines, V8 included, reject; the spec modules cover reference types.
features=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue
  --enable-bulk-memory --disable-reference-types --enable-simd --disable-threads --disable-exception-handling
  --disable-tail-call --disable-gc --disable-memory64 --disable-typed-function-references --disable-gc-nn-locals
  --disable-relaxed-simd --disable-extended-const)

[ "$nosimd" = 0 ] || features=("${features[@]/--enable-simd/--disable-simd}")  # a WASMVM_SIMD=OFF build

modules=()
if [ "$seeds" -gt 0 ]; then
  # Deterministic seed bytes: seed i -> 16 KiB from a 64-bit LCG seeded with i.
  python3 - "$work/modules" "$first" "$seeds" <<'PY'
import sys
out, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(first, first + n):
    x = (i * 0x9E3779B97F4A7C15 + 1) & (2**64 - 1)
    b = bytearray()
    for _ in range(16384):
        x = (x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        b.append(x >> 56)
    open(f"{out}/seed{i}.dat", "wb").write(b)
PY
  for ((i = first; i < first + seeds; i++)); do echo "$i"; done |
    xargs -P 2 -I{} wasm-opt "$work/modules/seed{}.dat" -ttf --denan "${features[@]}" -o "$work/modules/ttf{}.wasm" 2> /dev/null
  for ((i = first; i < first + seeds; i++)); do
    [ -f "$work/modules/ttf$i.wasm" ] || { echo "error: wasm-opt produced no module for seed $i"; exit 1; }
    modules+=("$work/modules/ttf$i.wasm")
  done
fi
if [ -n "$dir" ]; then
  while IFS= read -r f; do modules+=("$f"); done < <(find "$dir" -name '*.wasm' | sort)
fi
[ "${#modules[@]}" -gt 0 ] || { echo "error: no modules (give --seeds and/or --dir)"; echo "0 passed, 1 failed"; exit 1; }

# Batches keep command lines short; wasmvm first, so node can stop where wasmvm ran out of fuel.
: > "$work/wasmvm.log"; : > "$work/node.log"
for ((k = 0; k < ${#modules[@]}; k += 200)); do
  batch=("${modules[@]:k:200}")
  "$driver" --stops-out "$work/stops.txt" "${batch[@]}" >> "$work/wasmvm.log"
  node "$here/node_driver.js" --stops "$work/stops.txt" "${batch[@]}" >> "$work/node.log"
done

python3 - "$work/wasmvm.log" "$work/node.log" <<'PY'
import sys
def split(path):
    mods, cur = {}, None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("module "):
            cur = line[7:]; mods[cur] = []
        elif cur is not None:
            mods[cur].append(line)
    return mods
a, b = split(sys.argv[1]), split(sys.argv[2])
passed = failed = 0
for m in a.keys() | b.keys():
    if a.get(m) == b.get(m):
        passed += 1
        continue
    failed += 1
    la, lb = a.get(m, ["<missing>"]), b.get(m, ["<missing>"])
    i = next((k for k in range(max(len(la), len(lb))) if k >= len(la) or k >= len(lb) or la[k] != lb[k]), 0)
    print(f"MISMATCH {m}: line {i + 1}: wasmvm '{la[i] if i < len(la) else '<end>'}' node '{lb[i] if i < len(lb) else '<end>'}'")
calls = sum(1 for v in a.values() for l in v if l.startswith("call "))
logs = sum(1 for v in a.values() for l in v if not l.startswith(("call ", "skip ", "hang ")))
print(f"modules {len(a)}, export calls {calls}, import log lines {logs}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

#!/bin/bash
# Start-up time and peak RSS of `wasmvm run` on a generated module with many functions of which few
# run, lazy (default) vs --eager-translation. Prints a Markdown table for bench/RESULTS.md.
#
# usage: bench/startup/run_startup.sh [BUILD_DIR] [FUNCTIONS] [REPS]
#   BUILD_DIR defaults to build/, FUNCTIONS to 30000, REPS to 5 (median reported).
# CPU time (user+sys) is reported next to wall time because wall time is noisy on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build}"
N="${2:-30000}"
REPS="${3:-5}"
WASMVM="$BUILD/bin/wasmvm"
[ -x "$WASMVM" ] || { echo "run_startup: $WASMVM not built" >&2; exit 1; }
WORK="$BUILD/bench-startup"
mkdir -p "$WORK"
MOD="$WORK/many_$N.wasm"
if [ ! -f "$MOD" ]; then
  python3 bench/startup/gen_many_funcs.py "$N" "$WORK/many_$N.wat"
  wat2wasm "$WORK/many_$N.wat" -o "$MOD"
fi
SIZE=$(stat -c %s "$MOD")

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "module: $MOD ($N functions, $SIZE bytes)"
echo
echo "| mode | wall s (median of $REPS) | CPU s user+sys | peak RSS MB | RSS / module size |"
echo "|---|---|---|---|---|"
for mode in lazy eager; do
  flag=""
  [ "$mode" = eager ] && flag="--eager-translation"
  walls=(); cpus=(); rss=()
  for _ in $(seq "$REPS"); do
    out=$( { /usr/bin/time -f "%e %U %S %M" "$WASMVM" run $flag "$MOD" >/dev/null; } 2>&1 | tail -1)
    read -r w u s m <<<"$out"
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); rss+=("$m")
  done
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk -v mode="$mode" -v w="$w" -v c="$c" -v m="$m" -v size="$SIZE" \
    'BEGIN {printf "| %s | %s | %.2f | %.1f | %.2f |\n", mode, w, c, m / 1024, m * 1024 / size}'
done

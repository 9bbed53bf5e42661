#!/bin/bash
# differential/spec: converts every .wast of the spec suite with wabt's wast2json into OUT_DIR/<name>/
# (the spec runner reads .wast directly, so nothing else produces these modules), then runs
# run_differential.sh over them. A missing suite or wast2json is a failure, not a skip.
# usage: spec_modules.sh SUITE_DIR OUT_DIR DRIVER RUN_DIFFERENTIAL [EXTRA ARGS...]
set -euo pipefail
suite="$1" out="$2" driver="$3" run="$4"
shift 4
command -v wast2json > /dev/null || { echo "error: wast2json not found (Debian package wabt)"; echo "0 passed, 1 failed"; exit 1; }
ls "$suite"/*.wast > /dev/null 2>&1 || { echo "error: no .wast files in $suite (set WASMVM_TESTSUITE)"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$out"
for f in "$suite"/*.wast; do
  name="$(basename "$f" .wast)"
  if [ ! -f "$out/$name/$name.json" ] || [ "$f" -nt "$out/$name/$name.json" ]; then
    mkdir -p "$out/$name"
    # wast2json reports an error for elem.wast but exits 0 with correct output: only the status counts.
    wast2json "$f" -o "$out/$name/$name.json" > /dev/null 2>&1 || { echo "error: wast2json failed on $f"; echo "0 passed, 1 failed"; exit 1; }
  fi
done
exec bash "$run" --driver "$driver" --dir "$out" "$@"

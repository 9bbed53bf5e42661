#!/usr/bin/python3
"""bench-smoke check: run one corpus program once on wasmvm and once natively and fail unless
both print the same checksum. Catches VM miscompilations; says nothing about speed.

usage: check_checksum.py <wasmvm-bench> <prog.wasm> <native binary>
"""
import re
import subprocess
import sys

RESULT = re.compile(r"^RESULT .*\bchecksum=(0x[0-9a-f]{16})\b", re.M)


def checksum(cmd):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"FAIL: {' '.join(cmd)}: {e}")
    match = RESULT.search(proc.stdout)
    if proc.returncode != 0 or not match:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return match.group(1)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    wasmvm_bench, wasm, native = sys.argv[1:]
    got = checksum([wasmvm_bench, wasm, "1"])
    want = checksum([native, "1"])
    if got != want:
        sys.exit(f"FAIL: {wasm}: wasmvm checksum {got} != native checksum {want}")
    print(f"ok: {wasm}: checksum {got}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Every function include/wasm.h declares is defined in the C API library, and the library defines no
other public wasm_* function. Usage: check_symbols.py WASM_H LIBRARY.a NM"""
import re
import subprocess
import sys

header, library, nm = sys.argv[1:4]
text = re.sub(r"\s+", " ", open(header).read())
declared = set(re.findall(r"WASM_API_EXTERN [^;(]*?\b(wasm_\w+)\s*\(", text))
out = subprocess.run([nm, "-g", "--defined-only", library], capture_output=True, text=True, check=True).stdout
defined = {line.split()[-1] for line in out.splitlines() if " T " in line}
missing = sorted(declared - defined)
extra = sorted(n for n in defined if n.startswith("wasm_") and n not in declared)
for n in missing:
    print("declared but not defined:", n)
for n in extra:
    print("defined but not declared:", n)
failed = len(missing) + len(extra)
if not declared:
    print("no declarations found in", header)
    failed += 1
print(f"{len(declared) - len(missing)} passed, {failed} failed")
sys.exit(1 if failed else 0)

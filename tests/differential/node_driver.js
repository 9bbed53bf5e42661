// Differential-test driver for V8 (node): for each .wasm file given, compiles and instantiates it with the
// binaryen fuzzing-support imports (and a spectest stub), calls every exported function with zero arguments
// (hangLimitInitializer first, when exported) and prints one line per import call and per export outcome.
// Output format is shared with wasmvm_diff_driver.cpp (see README.md); NaNs print as "nan" (canonicalised).
// Usage: node node_driver.js [--stops STOPS_FILE] FILE.wasm...   (STOPS_FILE: "INDEX FILE" lines from
// wasmvm_diff_driver --stops-out: stop before that export, printing "hang NAME")
'use strict';
const fs = require('fs');

const f32buf = new Float32Array(1), u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1), u64buf = new BigUint64Array(f64buf.buffer);
function hex(v, width) { return '0x' + v.toString(16).padStart(width, '0'); }
function text(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v | 0);
    case 'i64': return 'i64:' + BigInt.asIntN(64, BigInt(v)).toString();
    case 'f32': f32buf[0] = v; return Number.isNaN(f32buf[0]) ? 'f32:nan' : 'f32:' + hex(u32buf[0], 8);
    case 'f64': f64buf[0] = v; return Number.isNaN(v) ? 'f64:nan' : 'f64:' + hex(u64buf[0], 16);
    case 'externref': case 'funcref': case 'anyfunc': return (v === null ? 'ref:null' : 'ref:nonnull');
  }
  return type + ':?';
}

const out = [];
function log(s) { out.push(s); }

// Types of an export, from the module's own type section (JS does not expose them): parsed minimally.
function exportSignatures(bytes) {
  const b = bytes; let p = 8; const types = [], funcTypes = [], exports = new Map(); let imported = 0;
  function u32() { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; }
  const vt = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
  function limits() { const f = u32(); u32(); if (f & 1) u32(); }
  while (p < b.length) {
    const id = b[p++], size = u32(), end = p + size;
    if (id === 1) { for (let n = u32(); n--;) { p++; const ps = [], rs = []; for (let k = u32(); k--;) ps.push(vt[b[p++]]); for (let k = u32(); k--;) rs.push(vt[b[p++]]); types.push({ ps, rs }); } }
    else if (id === 2) { for (let n = u32(); n--;) { let l = u32(); p += l; l = u32(); p += l; const k = b[p++];
        if (k === 0) { funcTypes.push(types[u32()]); imported++; } else if (k === 1) { p++; limits(); } else if (k === 2) limits(); else p += 2; } }
    else if (id === 3) { for (let n = u32(); n--;) funcTypes.push(types[u32()]); }
    else if (id === 7) { for (let n = u32(); n--;) { const l = u32(); const name = Buffer.from(b.subarray(p, p + l)).toString('utf8'); p += l; const k = b[p++]; const i = u32(); if (k === 0) exports.set(name, funcTypes[i]); } }
    p = end;
  }
  return exports;
}

function imports() {
  const fs_ = {};
  for (const t of ['i32', 'i64', 'f32', 'f64']) fs_['log-' + t] = (v) => log('log-' + t + ' ' + text(t, v));
  fs_['log-v128'] = () => { throw new TypeError('log-v128 cannot be called from JS'); };
  const spectest = {
    print: () => log('print'), print_i32: (v) => log('print_i32 ' + text('i32', v)),
    print_i64: (v) => log('print_i64 ' + text('i64', v)), print_f32: (v) => log('print_f32 ' + text('f32', v)),
    print_f64: (v) => log('print_f64 ' + text('f64', v)),
    print_i32_f32: (a, b) => log('print_i32_f32 ' + text('i32', a) + ' ' + text('f32', b)),
    print_f64_f64: (a, b) => log('print_f64_f64 ' + text('f64', a) + ' ' + text('f64', b)),
    global_i32: new WebAssembly.Global({ value: 'i32' }, 666), global_i64: new WebAssembly.Global({ value: 'i64' }, 666n),
    global_f32: new WebAssembly.Global({ value: 'f32' }, 666.6), global_f64: new WebAssembly.Global({ value: 'f64' }, 666.6),
    table: new WebAssembly.Table({ initial: 10, maximum: 20, element: 'anyfunc' }),
    memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
  };
  return { 'fuzzing-support': fs_, spectest };
}

const stops = new Map();
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--stops') {
    for (const line of fs.readFileSync(argv[++i], 'utf8').split('\n')) {
      const m = /^([0-9]+) (.*)$/.exec(line);
      if (m) stops.set(m[2], Number(m[1]));
    }
  }
  else files.push(argv[i]);
}
for (const file of files) {
  log('module ' + file);
  const bytes = fs.readFileSync(file);
  let instance;
  try { instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports()); }
  catch (e) { log(e instanceof WebAssembly.CompileError ? 'compile-failed' : 'instantiate-failed'); continue; }
  const sigs = exportSignatures(bytes);
  const ex = instance.exports;
  let index = 0;
  for (const [name, sig] of sigs) {
    if (stops.has(file) && index === stops.get(file)) { log('hang ' + name); break; }
    index++;
    if (!sig || sig.ps.concat(sig.rs).some((t) => t === 'v128' || t === undefined)) { log('skip ' + name); continue; }
    if (typeof ex.hangLimitInitializer === 'function') ex.hangLimitInitializer();
    const args = sig.ps.map((t) => (t === 'i64' ? 0n : t === 'externref' || t === 'funcref' ? null : 0));
    let r;
    try { r = ex[name](...args); } catch (e) { log('call ' + name + ' trap'); continue; }
    const rs = sig.rs.length > 1 ? Array.from(r) : sig.rs.length === 1 ? [r] : [];
    log('call ' + name + ' ->' + rs.map((v, k) => ' ' + text(sig.rs[k], v)).join(''));
  }
}
process.stdout.write(out.join('\n') + '\n');

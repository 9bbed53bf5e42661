// node drive_graph.mjs digits_graph.wasm digits_test.bin
// Drives a wasm_graph tensor-ABI guest (include/wasmvm/wasm_graph_abi.h) under V8 as an independent host:
// discovers and validates the descriptors, feeds every held-out digit, and prints the same summary lines as
// digits_eval (samples / correct / logits_fnv1a / probs_fnv1a) so the outputs can be compared byte for byte.
import { readFile } from 'node:fs/promises';
import process from 'node:process';

const [wasmPath, testPath] = process.argv.slice(2);
if (!wasmPath || !testPath) {
  console.error('usage: node drive_graph.mjs GRAPH.wasm digits_test.bin');
  process.exit(64);
}
const fail = (msg) => { console.error(`drive_graph: ${msg}`); process.exit(1); };

const module = await WebAssembly.compile(await readFile(wasmPath));
if (WebAssembly.Module.imports(module).length !== 0) fail('expected a module without imports');
const { exports: ex } = await WebAssembly.instantiate(module, {});
if (ex._initialize) ex._initialize();
if (ex.wasm_graph_abi_version() !== 1) fail('unsupported ABI version');

const u8 = () => new Uint8Array(ex.memory.buffer);
const dv = () => new DataView(ex.memory.buffer);
const cstr = (addr) => { const m = u8(); let e = addr; while (e < m.length && m[e]) ++e; return new TextDecoder().decode(m.subarray(addr, e)); };

// Reads and validates one descriptor at the documented wasm32 offsets.
function readDesc(addr, what) {
  const size = ex.memory.buffer.byteLength;
  if (addr === 0 || addr % 8 !== 0 || addr + 40 > size) fail(`${what}: bad descriptor address ${addr}`);
  const d = dv();
  const t = { data: d.getUint32(addr, true), devType: d.getInt32(addr + 4, true), ndim: d.getInt32(addr + 12, true),
              code: d.getUint8(addr + 16), bits: d.getUint8(addr + 17), lanes: d.getUint16(addr + 18, true),
              shapeAddr: d.getUint32(addr + 20, true), strides: d.getUint32(addr + 24, true),
              byteOffset: d.getBigUint64(addr + 32, true) };
  if (t.devType !== 1 || t.code !== 2 || t.bits !== 32 || t.lanes !== 1) fail(`${what}: expected f32 on CPU`);
  if (t.ndim < 1 || t.ndim > 8 || t.strides !== 0 || t.byteOffset !== 0n) fail(`${what}: unsupported layout`);
  if (t.shapeAddr + 8 * t.ndim > size) fail(`${what}: shape out of bounds`);
  t.shape = [];
  let n = 1n;
  for (let i = 0; i < t.ndim; ++i) { const s = d.getBigInt64(t.shapeAddr + 8 * i, true); t.shape.push(Number(s)); n *= s; }
  t.count = Number(n);
  if (t.data % 4 !== 0 || t.data + 4 * t.count > size) fail(`${what}: data out of bounds`);
  return t;
}

const inputs = [], outputs = [];
for (let i = 0; i < ex.wasm_graph_num_inputs(); ++i) inputs.push({ name: cstr(ex.wasm_graph_input_name(i)), desc: readDesc(ex.wasm_graph_input_desc(i), `input ${i}`) });
for (let i = 0; i < ex.wasm_graph_num_outputs(); ++i) outputs.push({ name: cstr(ex.wasm_graph_output_name(i)), desc: readDesc(ex.wasm_graph_output_desc(i), `output ${i}`) });
console.error(`inputs: ${inputs.map((t) => `${t.name}[${t.desc.shape}]`).join(' ')}  outputs: ${outputs.map((t) => `${t.name}[${t.desc.shape}]`).join(' ')}`);
if (inputs.length !== 1 || inputs[0].desc.count !== 64 || outputs.length !== 2) fail('not the digits graph');

const test = await readFile(testPath);
if (test.subarray(0, 4).toString('latin1') !== 'DGT1') fail('bad test set magic');
const count = test.readUInt32LE(4);
const pixels = test.subarray(16, 16 + count * 64), labels = test.subarray(16 + count * 64, 16 + count * 65);

const fnv = (h, bytes) => { for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0; return h; };
let correct = 0, logitHash = 0x811c9dc5, probHash = 0x811c9dc5;
for (let s = 0; s < count; ++s) {
  const inp = new Float32Array(ex.memory.buffer, inputs[0].desc.data, 64);
  for (let i = 0; i < 64; ++i) inp[i] = Math.fround(pixels[s * 64 + i] / 16);
  const rc = ex.wasm_graph_run();
  if (rc !== 0) fail(`wasm_graph_run returned ${rc}`);
  const logits = readDesc(ex.wasm_graph_output_desc(0), 'logits');
  const probs = readDesc(ex.wasm_graph_output_desc(1), 'probabilities');
  const l = new Float32Array(ex.memory.buffer, logits.data, 10);
  let best = 0;
  for (let k = 1; k < 10; ++k) if (l[k] > l[best]) best = k;
  correct += best === labels[s];
  logitHash = fnv(logitHash, u8().subarray(logits.data, logits.data + 40));
  probHash = fnv(probHash, u8().subarray(probs.data, probs.data + 40));
}
const hex = (h) => h.toString(16).padStart(8, '0');
console.log(`samples ${count}`);
console.log(`correct ${correct} (${Math.floor(correct * 100 / count)}.${String(Math.floor(correct * 10000 / count) % 100).padStart(2, '0')}%)`);
console.log(`logits_fnv1a ${hex(logitHash)}`);
console.log(`probs_fnv1a ${hex(probHash)}`);

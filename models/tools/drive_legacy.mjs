// node drive_legacy.mjs digits_legacy.wasm digits_test.bin
// Drives a TVM-legacy wasm_graph module (exports memory + run(addr, size) -> out_size) exactly like TVM's
// wasmtime host: addr = old end of memory, grow by (size >> 16) + 1 pages, write the compact JSON input at addr,
// call run, parse out_size bytes of JSON at addr. Prints the digits_eval summary lines for comparison.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [wasmPath, testPath] = process.argv.slice(2);
if (!wasmPath || !testPath) {
  console.error('usage: node drive_legacy.mjs LEGACY.wasm digits_test.bin');
  process.exit(64);
}
const fail = (msg) => { console.error(`drive_legacy: ${msg}`); process.exit(1); };
const wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
wasi.initialize(instance);  // marks WASI as started; the module has no _start/_initialize
const { memory, run } = instance.exports;

const test = await readFile(testPath);
if (test.subarray(0, 4).toString('latin1') !== 'DGT1') fail('bad test set magic');
const count = test.readUInt32LE(4);
const pixels = test.subarray(16, 16 + count * 64), labels = test.subarray(16 + count * 64, 16 + count * 65);

const fnv = (h, bytes) => { for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0; return h; };
let correct = 0, logitHash = 0x811c9dc5;
for (let s = 0; s < count; ++s) {
  const input = new Float32Array(64);
  for (let i = 0; i < 64; ++i) input[i] = Math.fround(pixels[s * 64 + i] / 16);
  const json = JSON.stringify({ dtype: 'FP32', shape: [1, 1, 8, 8], strides: null,
                                data: Array.from(new Uint8Array(input.buffer)) });
  const bytes = new TextEncoder().encode(json);
  const addr = memory.buffer.byteLength;
  memory.grow((bytes.length >> 16) + 1);
  new Uint8Array(memory.buffer).set(bytes, addr);
  const outSize = run(addr, bytes.length);
  if (outSize <= 0) fail(`run returned ${outSize} for sample ${s}`);
  const out = JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, addr, outSize)));
  if (out.dtype !== 'FP32' || out.shape.join() !== '1,10' || out.data.length !== 40) fail('unexpected output tensor');
  const logits = new Float32Array(new Uint8Array(out.data).buffer);
  let best = 0;
  for (let k = 1; k < 10; ++k) if (logits[k] > logits[best]) best = k;
  correct += best === labels[s];
  logitHash = fnv(logitHash, out.data);
}
const hex = (h) => h.toString(16).padStart(8, '0');
console.log(`samples ${count}`);
console.log(`correct ${correct} (${Math.floor(correct * 100 / count)}.${String(Math.floor(correct * 10000 / count) % 100).padStart(2, '0')}%)`);
console.log(`logits_fnv1a ${hex(logitHash)}`);

/**
 * Can YAMNet (../shared/models/yamnet/yamnet-int8.tflite) run in Node through the only TFLite
 * runtime on npm, @tensorflow/tfjs-tflite 0.0.1-alpha.10? It is a browser package: it loads its
 * Emscripten build with importScripts/<script> and reads self.location and navigator. This script
 * shims those browser globals (what a library must not do to its host), then times one 0.975 s
 * window and prints the top AudioSet classes. Findings: docs/front-ends.md, "YAMNet (TFLite)".
 *
 * The package is not a dependency (its peer @tensorflow/tfjs-core is pinned to 4.9.0). To run:
 *   mkdir -p /tmp/tflite && cd /tmp/tflite && npm pack @tensorflow/tfjs-tflite@0.0.1-alpha.10 && tar xzf tensorflow-tfjs-tflite-0.0.1-alpha.10.tgz
 *   TFJS_TFLITE_DIR=/tmp/tflite/package node scripts/experiments/yamnet-tflite-node.cjs
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const PKG = process.env.TFJS_TFLITE_DIR;
const ROOT = path.resolve(__dirname, '..', '..');
const MODEL = path.join(ROOT, '..', 'shared', 'models', 'yamnet', 'yamnet-int8.tflite');
const CLIP = path.join(ROOT, '..', 'shared', 'data', 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav');
if (!PKG || !fs.existsSync(path.join(PKG, 'dist', 'tf-tflite.node.js'))) {
  console.log('skipped: set TFJS_TFLITE_DIR to an unpacked @tensorflow/tfjs-tflite 0.0.1-alpha.10 (see the header)');
  process.exit(0);
}
if (!fs.existsSync(MODEL)) {
  console.log(`skipped: ${MODEL} not found`);
  process.exit(0);
}
require('@tensorflow/tfjs-backend-cpu');
const tf = require('@tensorflow/tfjs-core');

// The shims: a worker-like global scope whose importScripts runs the Emscripten loader in this
// context and hands it the .wasm bytes; no MessageChannel during feature detection, so the
// single-threaded build is chosen (the threaded one needs pthread workers from blob: URLs).
const WASM_DIR = path.join(PKG, 'wasm') + path.sep;
globalThis.self = globalThis;
globalThis.location = { origin: '', href: WASM_DIR + 'index' };
const savedChannel = globalThis.MessageChannel;
globalThis.MessageChannel = undefined;
globalThis.importScripts = (file) => {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
  const factory = globalThis.tflite_web_api_ModuleFactory;
  globalThis.tflite_web_api_ModuleFactory = (opts) => factory({ ...opts, wasmBinary: fs.readFileSync(file.replace(/\.js$/, '.wasm')) });
};

function readWav16(file) {
  const b = fs.readFileSync(file);
  const d = b.indexOf('data');
  const n = b.readUInt32LE(d + 4) / 2;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = b.readInt16LE(d + 8 + 2 * i) / 32768;
  return x;
}

(async () => {
  await tf.setBackend('cpu');
  const tflite = require(path.join(PKG, 'dist', 'tf-tflite.node.js'));
  tflite.setWasmPath(WASM_DIR);
  const bytes = fs.readFileSync(MODEL);
  let t = performance.now();
  // numThreads must be given: the package reads navigator.hardwareConcurrency otherwise (no navigator in Node 20).
  const model = await tflite.loadTFLiteModel(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { numThreads: 1 });
  globalThis.MessageChannel = savedChannel;
  const loadMs = performance.now() - t;
  const x = readWav16(CLIP);
  const win = x.subarray(16000, 16000 + 15600);
  const times = [];
  let top = [];
  for (let k = 0; k < 6; k++) {
    t = performance.now();
    const y = model.predict(tf.tensor1d(win));
    const s = y.dataSync();
    times.push(performance.now() - t);
    if (k === 0) top = [...s.keys()].sort((a, b) => s[b] - s[a]).slice(0, 3).map((i) => [i, Math.round(s[i] * 1000) / 1000]);
    y.dispose();
  }
  const silence = model.predict(tf.zeros([15600])).dataSync();
  const silenceTop = [...silence.keys()].sort((a, b) => silence[b] - silence[a])[0];
  const sorted = times.slice(1).sort((a, b) => a - b);
  console.log(JSON.stringify({
    bench: 'frontEnd', model: 'yamnet-int8-tflite', runtime: '@tensorflow/tfjs-tflite 0.0.1-alpha.10 (shimmed)',
    inputs: model.inputs, outputs: model.outputs, loadMs: Math.round(loadMs),
    firstCallMs: Math.round(times[0]), msPerWindow: Math.round(sorted[sorted.length >> 1]),
    topClassesSpeech: top, topClassSilence: silenceTop,
  }));
})().catch((e) => {
  console.log(`failed: ${String((e && e.stack) || e).slice(0, 600)}`);
  process.exitCode = 1;
});

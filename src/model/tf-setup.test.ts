/**
 * The stock-tfjs traps are fixed in the BUILT library, under both `import` (ESM) and `require`
 * (CJS): we bundle the tf-facing module with tsup exactly like the package build (tfjs external)
 * and run it in fresh Node processes that use only tfjs-core + tfjs-layers + tfjs-backend-cpu.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers.js';

const OUT = join(ROOT, 'test-output', `tf-setup-dist-${process.pid}`);
const run = promisify(execFile);

// The same probe in both module systems: `LOAD` is import() or require() of the built module.
const PROBE = (load: string) => `
const out = {};
out.flattenBefore = typeof tf.Tensor.prototype.flatten;
out.gradients = ['Conv2D', 'BatchMatMul', 'Tanh', 'Sigmoid', 'MaxPool', 'Softmax'].filter((k) => !tf.getGradient(k));
try { tfl.sequential({ layers: [tfl.layers.lstm({ units: 2, inputShape: [3, 2] })] }); out.stockBefore = 'built'; }
catch (e) { out.stockBefore = String(e && e.message); }
const lib = ${load};
out.flattenAfter = typeof tf.Tensor.prototype.flatten;
// An LSTM with tfjs-layers' DEFAULT recurrent initializer (Orthogonal, which calls flatten()).
const m = tfl.sequential({ layers: [tfl.layers.lstm({ units: 3, inputShape: [4, 2] })] });
const r = m.getWeights()[1];
const rrt = tf.matMul(r, r, false, true).arraySync();
out.orthoErr = Math.max(...rrt.flatMap((row, i) => row.map((v, j) => Math.abs(v - (i === j ? 1 : 0)))));
m.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
const x = tf.randomNormal([4, 4, 2], 0, 1, 'float32', 1);
const h = await m.fit(x, tf.fill([4, 3], 0.5), { epochs: 5, verbose: 0 });
out.losses = h.history.loss;
const c = lib.buildCnnLstm({ inputFrames: 6, inputBins: 2, filters: 2, lstmLayers: 1, lstmUnits: 2, denseUnits: 0, numClasses: 2 });
out.cnnLstmWeights = c.getWeights().map((w) => w.shape);
out.config = lib.cnnLstmConfigOf(c).lstmUnits;
console.log(JSON.stringify(out));
`;

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entry: {
      'cnn-lstm': join(ROOT, 'src/model/cnn-lstm.ts'),
      'model-bundle': join(ROOT, 'src/model/model-bundle.ts'),
      select: join(ROOT, 'src/backends/select.ts'),
    },
    format: ['esm', 'cjs'],
    outDir: OUT,
    external: [/^@tensorflow\//, 'fft.js'],
    target: 'es2022',
    shims: true,
    dts: false,
    sourcemap: false,
    splitting: false,
    silent: true,
    config: false,
  });
  const head = `import * as tf from '@tensorflow/tfjs-core';\nimport * as tfl from '@tensorflow/tfjs-layers';\nimport '@tensorflow/tfjs-backend-cpu';\nawait tf.setBackend('cpu');\n`;
  writeFileSync(join(OUT, 'probe.mjs'), head + PROBE(`await import('./cnn-lstm.js')`));
  const cjsHead = `const tf = require('@tensorflow/tfjs-core');\nconst tfl = require('@tensorflow/tfjs-layers');\nrequire('@tensorflow/tfjs-backend-cpu');\n(async () => {\nawait tf.setBackend('cpu');\n`;
  writeFileSync(join(OUT, 'probe.cjs'), cjsHead + PROBE(`require('./cnn-lstm.cjs')`) + TAIL);
  writeFileSync(join(OUT, 'io-probe.mjs'), `import * as tf from '@tensorflow/tfjs-core';\n` + IO_PROBE('.js', (m) => `await import('./${m}.js')`));
  writeFileSync(join(OUT, 'io-probe.cjs'), `const tf = require('@tensorflow/tfjs-core');\n(async () => {\n` + IO_PROBE('.cjs', (m) => `require('./${m}.cjs')`) + TAIL);
}, 120_000);

const TAIL = '\n})().catch((e) => { console.error(e); process.exit(1); });\n';

// Backend selection (dynamic imports, wasm binary lookup via import.meta.url) and bundle IO
// (node:fs loaded at run time) from the built files.
const IO_PROBE = (ext: string, load: (m: string) => string) => `
const out = {};
const { initBackend } = ${load('select')};
const { buildCnnLstm } = ${load('cnn-lstm')};
const { saveBundle, loadBundle } = ${load('model-bundle')};
out.backend = await initBackend('auto');
out.tfBackend = tf.getBackend();
const model = buildCnnLstm({ inputFrames: 6, inputBins: 2, filters: 2, lstmLayers: 1, lstmUnits: 2, numClasses: 2 });
const dir = ${JSON.stringify(OUT)} + '/bundle' + ${JSON.stringify(ext)};
await saveBundle(dir, { model, metadata: { libraryVersion: '0.0.0', labels: ['a', 'b'], audio: {}, features: {}, input: { frames: 6, bins: 2 } } });
const loaded = await loadBundle(dir);
const x = tf.randomNormal([3, 6, 2], 0, 1, 'float32', 2);
out.maxDiff = Math.max(...tf.sub(model.predict(x), loaded.model.predict(x)).abs().dataSync());
out.labels = loaded.metadata.labels;
console.log(JSON.stringify(out));
`;

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe.each(['io-probe.mjs', 'io-probe.cjs'])('built backends and bundle IO under %s', (probe) => {
  it("initBackend('auto') falls back to wasm without tfjs-node; a bundle round-trips through a folder", async () => {
    const { stdout } = await run(process.execPath, [join(OUT, probe)], { cwd: OUT, timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.backend).toEqual({ name: 'wasm', tfName: 'wasm' });
    expect(out.tfBackend).toBe('wasm');
    expect(out.maxDiff).toBe(0);
    expect(out.labels).toEqual(['a', 'b']);
  });
});

describe.each(['probe.mjs', 'probe.cjs'])('built library under %s', (probe) => {
  it('fixes the Orthogonal `flatten is not a function` trap; gradients are registered; models train', async () => {
    mkdirSync(OUT, { recursive: true });
    const { stdout } = await run(process.execPath, [join(OUT, probe)], { cwd: OUT, timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    // The trap is real with stock tfjs-core + tfjs-layers ...
    expect(out.flattenBefore).toBe('undefined');
    expect(out.stockBefore).toMatch(/flatten is not a function/);
    // ... gradients come with tfjs-layers under both module systems ...
    expect(out.gradients).toEqual([]);
    // ... and loading the library installs the chained ops, so the default LSTM init works.
    expect(out.flattenAfter).toBe('function');
    expect(out.orthoErr).toBeLessThan(1e-5);
    expect(out.losses).toHaveLength(5);
    expect(out.losses[4]).toBeLessThan(out.losses[0]);
    expect(out.cnnLstmWeights).toEqual([[5, 2, 2], [2], [2, 8], [2, 8], [8], [2, 2], [2]]);
    expect(out.config).toBe(2);
  });
});

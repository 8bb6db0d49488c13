/**
 * loadTfjsFrontEnd: framing and normalisation checked exactly on a small dense model written to
 * a folder as tfjs files; sources (folder, http URL, IOHandler, IndexedDB), SHA-256 of every file,
 * the typed errors, and tensor hygiene on CREPE tiny (../shared/models).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import { SHARED, expectSerErrorAsync } from '../../test/helpers.js';
import { loadCrepe } from './crepe.js';
import { loadTfjsFrontEnd, type TfjsFrontEndOptions } from './tfjs-front-end.js';

const MODEL = join(SHARED, 'models', 'crepe-tiny-tfjs');
const hasModels = existsSync(join(MODEL, 'model.json'));
if (!hasModels) console.warn(`tfjs front-end tests on CREPE skipped: ${MODEL} is missing`);

const tmp = mkdtempSync(join(tmpdir(), 'tfjs-fe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Write a tfjs layers model to `dir` as model.json + one shard, as the converter lays it out. */
async function writeModel(model: tfl.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData as ArrayBuffer;
      writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(data));
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

const W = 4;
const KERNEL = [1, 0.5, -2, 0, 0.25, 1, 3, -1]; // [4, 2] row-major
const BIAS = [0.1, -0.2];
/** Reference of the dense model on one window. */
function dense(win: ArrayLike<number>): [number, number] {
  let a = BIAS[0]!;
  let b = BIAS[1]!;
  for (let i = 0; i < W; i++) {
    a += win[i]! * KERNEL[2 * i]!;
    b += win[i]! * KERNEL[2 * i + 1]!;
  }
  return [a, b];
}

describe('loadTfjsFrontEnd on a small dense model', () => {
  const dir = join(tmp, 'dense');
  const base: TfjsFrontEndOptions = { name: 'dense', sampleRate: 16000, windowSamples: W, hopSamples: 3, dim: 2 };
  beforeAll(async () => {
    await initBackend('cpu');
    const m = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [W], name: 'proj' })] });
    m.setWeights([tf.tensor2d(KERNEL, [W, 2]), tf.tensor1d(BIAS)]);
    await writeModel(m, dir);
    m.dispose();
  });
  const x = Float32Array.from([0.5, -1, 2, 0.25, 3, -0.5, 1, 1.5, -2, 0.75, 0]); // 11 samples
  const frames = 1 + Math.floor((x.length - W) / 3); // 3

  it("frames as the contract says and applies no normalisation with 'none'", async () => {
    const fe = await loadTfjsFrontEnd(dir, { ...base, batchSize: 2 });
    const e = await fe.embed(x);
    expect([e.frames, e.dim]).toEqual([frames, 2]);
    for (let i = 0; i < frames; i++) {
      const [a, b] = dense(x.subarray(3 * i, 3 * i + W));
      expect(e.data[2 * i]).toBeCloseTo(a, 5);
      expect(e.data[2 * i + 1]).toBeCloseTo(b, 5);
    }
    expect(fe.info).toMatchObject({ name: 'dense', runtime: 'tfjs-layers', inputNormalization: 'none' });
    expect(fe.info.files).toEqual([
      { name: 'model.json', sha256: sha(join(dir, 'model.json')) },
      { name: 'group1-shard1of1.bin', sha256: sha(join(dir, 'group1-shard1of1.bin')) },
    ]);
    // A signal shorter than a window: zero-padded to one window.
    const short = await fe.embed(Float32Array.of(1, 2));
    expect(short.frames).toBe(1);
    expect(short.data[0]).toBeCloseTo(dense([1, 2, 0, 0])[0], 5);
    await fe.dispose();
  });

  it("normalises each window ('per-frame') or the whole signal ('per-utterance') before the model", async () => {
    const pf = await loadTfjsFrontEnd(dir, { ...base, inputNormalization: 'per-frame' });
    const pu = await loadTfjsFrontEnd(dir, { ...base, inputNormalization: 'per-utterance', batchSize: 1 });
    const ef = await pf.embed(x);
    const eu = await pu.embed(x);
    const stats = (v: ArrayLike<number>) => {
      const m = Array.from(v).reduce((s, t) => s + t, 0) / v.length;
      return [m, Array.from(v).reduce((s, t) => s + (t - m) ** 2, 0) / v.length] as const;
    };
    const [mu, varU] = stats(x);
    for (let i = 0; i < frames; i++) {
      const win = Array.from(x.subarray(3 * i, 3 * i + W));
      const [m, v] = stats(win);
      expect(ef.data[2 * i]).toBeCloseTo(dense(win.map((t) => (t - m) / Math.sqrt(v)))[0], 4);
      expect(eu.data[2 * i + 1]).toBeCloseTo(dense(win.map((t) => (t - mu) / Math.sqrt(varU + 1e-7)))[1], 4);
    }
    await pf.dispose();
    await pu.dispose();
  });

  it('picks a layer by name, loads from an IOHandler, and leaves no tensor behind', async () => {
    const n0 = tf.memory().numTensors;
    const fe = await loadTfjsFrontEnd(dir, { ...base, output: 'proj' });
    const artifacts = await tf.io.fromMemory({
      modelTopology: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology,
      weightSpecs: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0].weights,
      weightData: new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))).buffer,
    });
    const viaHandler = await loadTfjsFrontEnd(artifacts, base);
    expect(viaHandler.info.files.map((f) => f.name)).toEqual(['topology.json', 'weights.bin']);
    expect(viaHandler.info.files[1]!.sha256).toBe(sha(join(dir, 'group1-shard1of1.bin')));
    const a = await fe.embed(x);
    const b = await viaHandler.embed(x);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const n1 = tf.memory().numTensors;
    await fe.embed(x);
    expect(tf.memory().numTensors).toBe(n1);
    await fe.dispose();
    await viaHandler.dispose();
    await viaHandler.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('refuses wrong declarations and broken files with typed errors', async () => {
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, dim: 3 }), 'SER_SHAPE_MISMATCH', /declared 3, the model gives 2/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, windowSamples: 5 }), 'SER_SHAPE_MISMATCH', /windowSamples = 5/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, output: 'nope' }), 'SER_INVALID_ARGUMENT', /layers: proj/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, hopSamples: 1.5 }), 'SER_INVALID_ARGUMENT', /hopSamples/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, name: '' }), 'SER_INVALID_ARGUMENT', /name/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, inputNormalization: 'global' as 'none' }), 'SER_INVALID_ARGUMENT', /inputNormalization/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(join(tmp, 'missing'), base), 'SER_IO', /must exist/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd('indexeddb://crepe', base), 'SER_INVALID_ARGUMENT', /only a browser/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd('s3://bucket/model.json', base), 'SER_INVALID_ARGUMENT', /source must be/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(dir, { ...base, expectedFiles: [{ name: 'model.json', sha256: 'ab'.repeat(32) }] }), 'SER_FRONT_END_MISMATCH', /model\.json must have SHA-256 abab/);
    // A truncated shard, a missing shard, a manifest escaping its folder, a file that is not model.json.
    const bad = (name: string, edit: (d: string) => void) => {
      const d = join(tmp, name);
      mkdirSync(d);
      for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join(d, f));
      edit(d);
      return d;
    };
    await expectSerErrorAsync(() => loadTfjsFrontEnd(bad('trunc', (d) => truncateSync(join(d, 'group1-shard1of1.bin'), 20)), base), 'SER_MODEL_FORMAT', /hold 20 bytes but the manifest describes 40/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(bad('noshard', (d) => rmSync(join(d, 'group1-shard1of1.bin'))), base), 'SER_MODEL_FORMAT', /must exist beside model\.json/);
    const escape = bad('escape', (d) => {
      const j = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8'));
      j.weightsManifest[0].paths = ['../dense/group1-shard1of1.bin'];
      writeFileSync(join(d, 'model.json'), JSON.stringify(j));
    });
    await expectSerErrorAsync(() => loadTfjsFrontEnd(escape, base), 'SER_MODEL_FORMAT', /no '\.\.'/);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(bad('notjson', (d) => writeFileSync(join(d, 'model.json'), '{"a": 1}')), base), 'SER_MODEL_FORMAT', /modelTopology/);
    const fe = await loadTfjsFrontEnd(dir, base);
    await expectSerErrorAsync(() => fe.embed(Float32Array.of(1, Number.POSITIVE_INFINITY)), 'SER_INVALID_ARGUMENT', /non-finite/);
    await fe.dispose();
    await expectSerErrorAsync(() => fe.embed(x), 'SER_INVALID_ARGUMENT', /after dispose/);
  });

  it('runs a graph model through tfjs-converter (a stand-in converter here): output by node name, batches, dim checked, tensors freed', async () => {
    const d = join(tmp, 'graph-fake');
    mkdirSync(d);
    writeFileSync(join(d, 'w.bin'), new Uint8Array(Float32Array.from(KERNEL).buffer));
    const weights = [{ name: 'k', shape: [W, 2], dtype: 'float32' }];
    writeFileSync(join(d, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [{ name: 'x' }, { name: 'emb' }] }, weightsManifest: [{ paths: ['w.bin'], weights }] }));
    const asked: string[] = [];
    const calls: number[] = [];
    const converter = {
      loadGraphModel: async (h: tf.io.IOHandler) => {
        const a = await h.load!();
        expect(a.weightSpecs).toEqual(weights);
        const k = tf.tensor2d(new Float32Array(a.weightData as ArrayBuffer), [W, 2]);
        return {
          inputs: [{ name: 'x', shape: [-1, W] }],
          outputs: [{ name: 'emb' }],
          execute: (x: tf.Tensor, names?: string | string[]) => {
            expect(names).toEqual(['emb']);
            calls.push(x.shape[0]!);
            return tf.matMul(x as tf.Tensor2D, k);
          },
          dispose: () => k.dispose(),
        };
      },
    };
    const importModule = async (s: string) => {
      asked.push(s);
      return converter;
    };
    const n0 = tf.memory().numTensors;
    const fe = await loadTfjsFrontEnd(d, { ...base, output: 'emb', batchSize: 2, importModule });
    expect(asked).toEqual(['@tensorflow/tfjs-converter']);
    expect(fe.info.runtime).toBe('tfjs-graph');
    const e = await fe.embed(x);
    expect(calls).toEqual([2, 1]);
    for (let i = 0; i < frames; i++) {
      const [a, b] = dense(x.subarray(3 * i, 3 * i + W));
      expect(e.data[2 * i]).toBeCloseTo(a - BIAS[0]!, 5);
      expect(e.data[2 * i + 1]).toBeCloseTo(b - BIAS[1]!, 5);
    }
    await fe.dispose();
    expect(tf.memory().numTensors).toBe(n0);
    // A graph model declares no output size: a wrong dim is found on the first call.
    const wrong = await loadTfjsFrontEnd(d, { ...base, dim: 3, output: 'emb', importModule });
    await expectSerErrorAsync(() => wrong.embed(x), 'SER_SHAPE_MISMATCH', /dim = 3/);
    await wrong.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it.skipIf(existsSync(join('node_modules', '@tensorflow', 'tfjs-converter')))('needs @tensorflow/tfjs-converter for a graph model (MissingDependencyError naming it)', async () => {
    const d = join(tmp, 'graph');
    mkdirSync(d);
    writeFileSync(join(d, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }));
    const err = await expectSerErrorAsync(() => loadTfjsFrontEnd(d, base), 'SER_MISSING_DEPENDENCY', /npm install @tensorflow\/tfjs-converter/);
    expect(err).toMatchObject({ packageName: '@tensorflow/tfjs-converter' });
  });
});

describe.skipIf(!hasModels)('loadTfjsFrontEnd on CREPE tiny (folder and http)', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    await initBackend('wasm');
    server = createServer((req, res) => {
      const name = (req.url ?? '/').replace(/^\/crepe\//, '');
      const p = join(MODEL, name);
      if (!/^[\w.-]+$/.test(name) || !existsSync(p)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(readFileSync(p));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crepe`;
  });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const opts: TfjsFrontEndOptions = { name: 'crepe-tiny', sampleRate: 16000, windowSamples: 1024, hopSamples: 256, dim: 256, inputNormalization: 'per-frame', output: 'crepe_flatten' };

  it("the penultimate layer by name equals loadCrepe's embedding; a URL gives the same files and output", async () => {
    let s = 7;
    const x = Float32Array.from({ length: 6000 }, (_, i) => 0.3 * Math.sin(i / 9) + 0.05 * (((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1));
    const n0 = tf.memory().numTensors;
    const viaFolder = await loadTfjsFrontEnd(MODEL, opts);
    const viaUrl = await loadTfjsFrontEnd(url, opts);
    const crepe = await loadCrepe(MODEL, { hopSamples: 256 });
    try {
      expect(viaUrl.info.files).toEqual(viaFolder.info.files);
      expect(viaFolder.info.files).toEqual(crepe.info.files);
      const a = await viaFolder.embed(x);
      const b = await viaUrl.embed(x);
      const c = await crepe.embed(x);
      expect([a.frames, a.dim]).toEqual([1 + Math.floor((6000 - 1024) / 256), 256]);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      expect(Array.from(c.data)).toEqual(Array.from(a.data));
    } finally {
      await viaFolder.dispose();
      await viaUrl.dispose();
      await crepe.dispose();
    }
    expect(tf.memory().numTensors).toBe(n0);
    await expectSerErrorAsync(() => loadTfjsFrontEnd(`${url}/nothing-here`, opts), 'SER_IO', /HTTP 404/);
    await expectSerErrorAsync(() => loadCrepe(join(tmp, 'dense')), 'SER_MODEL_FORMAT', /crepe_flatten/);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSerError, maxAbsDiff } from '../../test/helpers.js';
import { createRng, randn } from '../internal/rng.js';
import { CNN_LSTM_DEFAULTS, resolveCnnLstmConfig, type CnnLstmConfig, type CnnLstmOptions } from './cnn-lstm-config.js';
import { buildCnnLstm, cnnLstmConfigOf } from './cnn-lstm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Expected getWeights() shapes, in the documented order, from the config alone. */
function expectedShapes(c: CnnLstmConfig): number[][] {
  const s: number[][] = [[c.kernelSize, c.inputBins, c.filters], [c.filters]];
  let width = c.filters;
  for (let i = 0; i < c.lstmLayers; i++) {
    for (let d = 0; d < (c.bidirectional ? 2 : 1); d++) s.push([width, 4 * c.lstmUnits], [c.lstmUnits, 4 * c.lstmUnits], [4 * c.lstmUnits]);
    width = c.lstmUnits * (c.bidirectional ? 2 : 1);
  }
  if (c.denseUnits > 0) {
    s.push([width, c.denseUnits], [c.denseUnits]);
    width = c.denseUnits;
  }
  s.push([width, c.numClasses], [c.numClasses]);
  return s;
}

// ---- float64 reference forward pass (Keras semantics), independent of tfjs ----
type Mat = number[][]; // [time][channel]
const sig = (x: number) => 1 / (1 + Math.exp(-x));

function conv1dSameRelu(x: Mat, w: Float32Array, b: Float32Array, k: number, cin: number, f: number): Mat {
  const padL = Math.floor((k - 1) / 2);
  return x.map((_, t) =>
    Array.from({ length: f }, (_, o) => {
      let acc = b[o]!;
      for (let j = 0; j < k; j++) {
        const src = t + j - padL;
        if (src < 0 || src >= x.length) continue;
        for (let c = 0; c < cin; c++) acc += x[src]![c]! * w[(j * cin + c) * f + o]!;
      }
      return Math.max(0, acc);
    }),
  );
}

function maxPool(x: Mat, p: number): Mat {
  return Array.from({ length: Math.floor(x.length / p) }, (_, t) =>
    x[0]!.map((_, c) => Math.max(...Array.from({ length: p }, (_, j) => x[t * p + j]![c]!))),
  );
}

function lstm(x: Mat, k: Float32Array, r: Float32Array, b: Float32Array, u: number, reverse: boolean): Mat {
  const seq = reverse ? [...x].reverse() : x;
  const cin = x[0]!.length;
  let h = new Array<number>(u).fill(0);
  let c = new Array<number>(u).fill(0);
  const out: Mat = [];
  for (const xt of seq) {
    const z = Array.from({ length: 4 * u }, (_, g) => {
      let acc = b[g]!;
      for (let i = 0; i < cin; i++) acc += xt[i]! * k[i * 4 * u + g]!;
      for (let i = 0; i < u; i++) acc += h[i]! * r[i * 4 * u + g]!;
      return acc;
    });
    c = c.map((cv, j) => sig(z[u + j]!) * cv + sig(z[j]!) * Math.tanh(z[2 * u + j]!));
    h = c.map((cv, j) => sig(z[3 * u + j]!) * Math.tanh(cv));
    out.push(h);
  }
  return reverse ? out.reverse() : out;
}

function dense(v: number[], w: Float32Array, b: Float32Array, out: number): number[] {
  return Array.from({ length: out }, (_, o) => v.reduce((acc, vi, i) => acc + vi * w[i * out + o]!, b[o]!));
}

function referenceForward(c: CnnLstmConfig, weights: Float32Array[], x: Mat): number[] {
  let k = 0;
  const w = () => weights[k++]!;
  let seq = conv1dSameRelu(x, w(), w(), c.kernelSize, c.inputBins, c.filters);
  if (c.pooling === 'max') seq = maxPool(seq, c.poolSize);
  for (let l = 0; l < c.lstmLayers; l++) {
    const fwd = lstm(seq, w(), w(), w(), c.lstmUnits, false);
    if (c.bidirectional) {
      const bwd = lstm(seq, w(), w(), w(), c.lstmUnits, true);
      seq = fwd.map((h, t) => [...h, ...bwd[t]!]);
    } else seq = fwd;
  }
  let v: number[];
  if (c.readout === 'mean') v = seq[0]!.map((_, j) => seq.reduce((a, s) => a + s[j]!, 0) / seq.length);
  else if (c.lstmLayers > 0 && c.bidirectional) {
    // Forward direction's last step; backward direction's state after reading the whole sequence.
    v = [...seq[seq.length - 1]!.slice(0, c.lstmUnits), ...seq[0]!.slice(c.lstmUnits)];
  } else v = seq[seq.length - 1]!;
  if (c.denseUnits > 0) v = dense(v, w(), w(), c.denseUnits).map((a) => Math.max(0, a));
  const logits = dense(v, w(), w(), c.numClasses);
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((z) => z / s);
}

const TINY: CnnLstmOptions = { inputFrames: 9, inputBins: 3, filters: 4, kernelSize: 3, lstmLayers: 2, lstmUnits: 3, denseUnits: 5, numClasses: 3 };

describe('buildCnnLstm', () => {
  it('lists weights in the documented order with the documented shapes (default config)', () => {
    const model = buildCnnLstm();
    const shapes = model.getWeights().map((w) => w.shape);
    expect(shapes).toEqual(expectedShapes(CNN_LSTM_DEFAULTS));
    expect(shapes).toHaveLength(18);
    expect(model.inputs[0]!.shape).toEqual([null, 108, 40]);
    expect(model.outputs[0]!.shape).toEqual([null, 6]);
    expect(model.weights.map((w) => w.name)).toEqual([
      'conv/kernel', 'conv/bias',
      ...[1, 2, 3, 4].flatMap((i) => [`lstm_${i}/kernel`, `lstm_${i}/recurrent_kernel`, `lstm_${i}/bias`]),
      'dense/kernel', 'dense/bias', 'output/kernel', 'output/bias',
    ]);
    model.dispose();
  });

  it.each<[string, CnnLstmOptions]>([
    ['bidirectional, mean readout', { ...TINY, bidirectional: true, readout: 'mean' }],
    ['no dense layer, no pooling', { ...TINY, denseUnits: 0, pooling: 'none' }],
    ['no LSTM, last readout', { ...TINY, lstmLayers: 0 }],
    ['no LSTM, mean readout', { ...TINY, lstmLayers: 0, readout: 'mean' }],
    ['single bidirectional LSTM, l2', { ...TINY, lstmLayers: 1, bidirectional: true, l2: 0.01 }],
  ])('orders weights forward-then-backward and sizes them from the config (%s)', (_name, options) => {
    const model = buildCnnLstm(options);
    const c = resolveCnnLstmConfig(options);
    expect(model.getWeights().map((w) => w.shape)).toEqual(expectedShapes(c));
    if (c.bidirectional) {
      expect(model.weights[2]!.name).toMatch(/forward_lstm_1\/kernel/);
      expect(model.weights[5]!.name).toMatch(/backward_lstm_1\/kernel/);
    }
    model.dispose();
  });

  it.each<[string, CnnLstmOptions]>([
    ['seed design, last readout', { ...TINY }],
    ['bidirectional, last readout', { ...TINY, bidirectional: true }],
    ['bidirectional, mean readout, no pooling', { ...TINY, bidirectional: true, readout: 'mean', pooling: 'none' }],
    ['no LSTM, last frame', { ...TINY, lstmLayers: 0 }],
    ['no dense, pool 3', { ...TINY, denseUnits: 0, poolSize: 3, lstmLayers: 1 }],
  ])('computes what the documented architecture computes (float64 reference, %s)', (_name, options) => {
    const c = resolveCnnLstmConfig(options);
    const model = buildCnnLstm(options);
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const rng = createRng(7);
    const batch = Array.from({ length: 3 }, () => Array.from({ length: c.inputFrames }, () => Array.from({ length: c.inputBins }, () => randn(rng))));
    const y = tf.tidy(() => (model.predict(tf.tensor3d(batch)) as tf.Tensor).arraySync() as number[][]);
    const expected = batch.map((x) => referenceForward(c, weights, x));
    expect(maxAbsDiff(y.flat(), expected.flat())).toBeLessThan(2e-6);
    for (const row of y) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('draws initial weights from the seed: glorot-uniform kernels, orthogonal recurrent kernels, forget bias 1', () => {
    const u = 16;
    const c = resolveCnnLstmConfig({ ...TINY, lstmUnits: u, lstmLayers: 1, bidirectional: true, filters: 24, kernelSize: 5 });
    const model = buildCnnLstm(c);
    const w = model.getWeights().map((t) => t.dataSync() as Float32Array);
    // Conv kernel [5, 3, 24]: fanIn 15, fanOut 120.
    const limit = Math.sqrt(6 / (5 * 3 + 5 * 24));
    const conv = w[0]!;
    expect(Math.max(...conv.map(Math.abs))).toBeLessThanOrEqual(limit);
    const std = Math.sqrt(conv.reduce((a, v) => a + v * v, 0) / conv.length);
    expect(std).toBeGreaterThan(0.85 * (limit / Math.sqrt(3)));
    expect(std).toBeLessThan(1.15 * (limit / Math.sqrt(3)));
    expect([...w[1]!]).toEqual(new Array(24).fill(0));
    for (const d of [0, 1]) {
      const [, r, b] = [w[2 + 3 * d]!, w[3 + 3 * d]!, w[4 + 3 * d]!];
      // R is [u, 4u] with orthonormal rows: R·Rᵀ = I.
      const rt = tf.tidy(() => {
        const R = tf.tensor2d(r, [u, 4 * u]);
        return tf.matMul(R, R, false, true).arraySync() as number[][];
      });
      rt.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-5)));
      expect([...b]).toEqual([...new Array(u).fill(0), ...new Array(u).fill(1), ...new Array(2 * u).fill(0)]);
    }
    // The two directions get their own draws.
    expect(maxAbsDiff(w[2]!, w[5]!)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(w[3]!, w[6]!)).toBeGreaterThan(0.01);
    model.dispose();
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = buildCnnLstm({ ...TINY, seed: 3 });
    const b = buildCnnLstm({ ...TINY, seed: 3 });
    const d = buildCnnLstm({ ...TINY, seed: 4 });
    const wa = a.getWeights().map((t) => [...t.dataSync()]);
    expect(b.getWeights().map((t) => [...t.dataSync()])).toEqual(wa);
    expect(maxAbsDiff(d.getWeights()[0]!.dataSync(), wa[0]!)).toBeGreaterThan(0.01);
    [a, b, d].forEach((m) => m.dispose());
  });

  it('serialises with stock class names only, so plain tfjs can rebuild it', () => {
    const model = buildCnnLstm({ ...TINY, bidirectional: true });
    const json = JSON.stringify(model.toJSON(null, false));
    expect(json).toContain('"class_name":"Orthogonal"');
    expect(json).toContain('"recurrent_activation":"sigmoid"');
    expect(json).toContain('"unit_forget_bias":true');
    const classNames = [...json.matchAll(/"class_name":"([^"]+)"/g)].map((m) => m[1]);
    const registered = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of classNames) expect(registered[name!], name).toBeDefined();
    model.dispose();
  });

  it('adds L2 kernel regularisers (l2 · Σw² per kernel) only when l2 > 0', () => {
    const plain = buildCnnLstm(TINY);
    const reg = buildCnnLstm({ ...TINY, l2: 0.01 });
    expect(plain.calculateLosses()).toHaveLength(0);
    const losses = reg.calculateLosses();
    const values = losses.map((l) => l.dataSync()[0]!);
    tf.dispose(losses);
    // conv, lstm_1, lstm_2, dense and output kernels; recurrent kernels and biases are not penalised.
    const kernels = reg.weights.filter((w) => /\/kernel$/.test(w.originalName));
    expect(kernels.map((w) => w.originalName)).toEqual(['conv/kernel', 'lstm_1/kernel', 'lstm_2/kernel', 'dense/kernel', 'output/kernel']);
    const expected = kernels.map((w) => 0.01 * (w.read().dataSync() as Float32Array).reduce((a, v) => a + v * v, 0));
    expect(values).toHaveLength(5);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // Bidirectional: both directions' kernels are penalised.
    const bi = buildCnnLstm({ ...TINY, l2: 0.01, bidirectional: true });
    const biLosses = bi.calculateLosses();
    expect(biLosses).toHaveLength(7);
    tf.dispose(biLosses);
    [plain, reg, bi].forEach((m) => m.dispose());
  });

  it('records its config for cnnLstmConfigOf and nothing for other models', () => {
    const model = buildCnnLstm({ ...TINY, seed: 9 });
    expect(cnnLstmConfigOf(model)).toEqual(resolveCnnLstmConfig({ ...TINY, seed: 9 }));
    expect(Object.isFrozen(cnnLstmConfigOf(model))).toBe(true);
    const other = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    expect(cnnLstmConfigOf(other)).toBeUndefined();
    model.dispose();
    other.dispose();
  });

  it('frees every tensor it creates once the model is disposed', () => {
    const cycle = () => {
      const model = buildCnnLstm({ ...TINY, bidirectional: true });
      tf.dispose(tf.tidy(() => model.predict(tf.zeros([2, 9, 3]))));
      model.dispose();
    };
    cycle(); // warm-up: tfjs-layers caches a few scalars on first use
    const before = tf.memory().numTensors;
    cycle();
    cycle();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each<[CnnLstmOptions, RegExp]>([
    [{ filters: 0 }, /filters/],
    [{ readout: 'max' as 'mean' }, /readout/],
    [{ inputFrames: 1, poolSize: 2 }, /inputFrames/],
    [{ dropout: 1 }, /dropout/],
    [{ numClasses: 1 }, /numClasses/],
  ])('throws SER_INVALID_ARGUMENT for bad options (%o)', (options, pattern) => {
    expectSerError(() => buildCnnLstm(options), 'SER_INVALID_ARGUMENT', pattern);
  });
});

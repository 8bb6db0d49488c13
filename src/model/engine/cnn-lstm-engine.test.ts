import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, randn } from '../../internal/rng.js';
import { resolveCnnLstmConfig, type CnnLstmConfig, type CnnLstmOptions } from '../cnn-lstm-config.js';
import { buildCnnLstm } from '../cnn-lstm.js';
import { CnnLstmEngine, cnnLstmWeightShapes, initCnnLstmWeights } from './cnn-lstm-engine.js';
import {
  buildReferenceModel,
  referenceGradients,
  relErr,
  setReferenceWeights,
  tf,
  tfl,
} from './tfjs-reference.js';
import { expectSerError, expectSerErrorAsync } from '../../../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function randomInput(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = randn(rng) * scale;
  return x;
}

function randomLabels(n: number, classes: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(rng() * classes));
}

/** Init weights with non-zero biases so every bias gradient path is exercised. */
function weightsFor(c: CnnLstmConfig, seed: number): Float32Array[] {
  const w = initCnnLstmWeights(c, seed);
  const rng = createRng(seed + 7);
  cnnLstmWeightShapes(c).forEach((shape, i) => {
    if (shape.length === 1) for (let j = 0; j < w[i]!.length; j++) w[i]![j]! += (rng() - 0.5) * 0.2;
  });
  return w;
}

const SMALL: CnnLstmOptions = {
  inputFrames: 12, inputBins: 8, filters: 16, kernelSize: 5, pooling: 'max', poolSize: 2,
  lstmLayers: 2, lstmUnits: 8, denseUnits: 16, dropout: 0.3, numClasses: 6,
};

const VARIANTS: [string, CnnLstmOptions][] = [
  ['seed architecture, small', SMALL],
  ['bidirectional, mean readout, no pooling, no dense, L2, even kernel, odd frames', {
    ...SMALL, inputFrames: 11, kernelSize: 4, pooling: 'none', bidirectional: true, readout: 'mean', denseUnits: 0, l2: 0.01, lstmUnits: 6, numClasses: 3,
  }],
  ['pool 3 on 13 frames, bidirectional last, 3 layers, units not a multiple of 4', {
    ...SMALL, inputFrames: 13, poolSize: 3, bidirectional: true, lstmLayers: 3, lstmUnits: 5, filters: 12, l2: 0.001,
  }],
];

describe('CnnLstmEngine vs stock tfjs-layers (cpu backend)', () => {
  const engines: CnnLstmEngine[] = [];
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
  });

  for (const [name, opts] of VARIANTS) {
    describe(name, () => {
      const c = resolveCnnLstmConfig(opts);
      const B = 5;
      let engine: CnnLstmEngine;
      let ref: tfl.Sequential;
      let weights: Float32Array[];
      const x = randomInput(B * c.inputFrames * c.inputBins, 11);
      const labels = randomLabels(B, c.numClasses, 12);
      const sw = Float32Array.from({ length: B }, (_, i) => 0.5 + i * 0.25);

      beforeAll(async () => {
        engine = await CnnLstmEngine.create(c, { threads: 1 });
        engines.push(engine);
        weights = weightsFor(c, 3);
        engine.setWeights(weights);
        ref = buildReferenceModel(c);
        setReferenceWeights(ref, weights);
      });

      it('has the getWeights() shapes of the tfjs model', () => {
        expect(cnnLstmWeightShapes(c)).toEqual(ref.getWeights().map((w) => w.shape));
        const back = engine.getWeights();
        back.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(weights[i]!)));
      });

      it('forward probabilities match (≤ 1e-4 relative)', () => {
        const got = engine.predict(x, B);
        const want = tf.tidy(() => (ref.predict(tf.tensor3d(x, [B, c.inputFrames, c.inputBins])) as tf.Tensor).dataSync());
        expect(relErr(got, want)).toBeLessThan(1e-4);
        for (let b = 0; b < B; b++) {
          let s = 0;
          for (let j = 0; j < c.numClasses; j++) s += got[b * c.numClasses + j]!;
          expect(s).toBeCloseTo(1, 5);
        }
      });

      it('intermediate layer outputs (conv, pooling, every LSTM layer) match', () => {
        engine.predict(x, B);
        const k = engine['k'];
        const e = k.exports;
        const outs = tf.tidy(() => {
          const xt = tf.tensor3d(x, [B, c.inputFrames, c.inputBins]);
          const sub = tfl.model({ inputs: ref.inputs, outputs: ref.layers.map((l) => l.output as tfl.SymbolicTensor) } as never) as tfl.LayersModel;
          return (sub.predict(xt) as tf.Tensor[]).map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
        });
        // conv (post-ReLU): engine [B, T + k - 1, F], valid rows t < T
        const T = c.inputFrames, F = c.filters, TP = T + c.kernelSize - 1;
        const conv = k.f32(e.convOutPtr(), B * TP * F);
        const convE = new Float32Array(B * T * F);
        for (let b = 0; b < B; b++) convE.set(conv.subarray(b * TP * F, b * TP * F + T * F), b * T * F);
        expect(relErr(convE, outs[0]!.data)).toBeLessThan(1e-5);
        let li = 1;
        const T1 = e.pooledFrames();
        const seqToBatchMajor = (p: number, D: number): Float32Array => {
          const s = k.f32(p, T1 * B * D);
          const out = new Float32Array(B * T1 * D);
          for (let t = 0; t < T1; t++) for (let b = 0; b < B; b++) out.set(s.subarray((t * B + b) * D, (t * B + b + 1) * D), (b * T1 + t) * D);
          return out;
        };
        if (c.pooling === 'max') {
          expect(relErr(seqToBatchMajor(e.seq0Ptr(), F), outs[li]!.data)).toBeLessThan(1e-5);
          li++;
        }
        const D = c.lstmUnits * (c.bidirectional ? 2 : 1);
        for (let l = 0; l < c.lstmLayers; l++, li++) {
          const seq = seqToBatchMajor(e.layerOutPtr(l), D);
          const want = outs[li]!;
          if (want.shape.length === 3) {
            expect(relErr(seq, want.data), `LSTM layer ${l}`).toBeLessThan(1e-4);
          } else {
            expect(relErr(k.f32(e.readoutPtr(), B * D), want.data), `LSTM layer ${l} (last step)`).toBeLessThan(1e-4);
          }
        }
      });

      it('batches larger than a micro-batch (37 samples: 16 + 16 + 5) match too', () => {
        const n = 37;
        const xb = randomInput(n * c.inputFrames * c.inputBins, 31);
        const yb = randomLabels(n, c.numClasses, 32);
        const got = engine.computeGradients(xb, yb);
        const want = referenceGradients(ref, xb, yb, c);
        expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
        got.grads.forEach((g, i) => expect(relErr(g, want.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
        const p = engine.predict(xb, n);
        const q = tf.tidy(() => (ref.predict(tf.tensor3d(xb, [n, c.inputFrames, c.inputBins])) as tf.Tensor).dataSync());
        expect(relErr(p, q)).toBeLessThan(1e-4);
      });

      it('loss and gradients of every weight tensor match (≤ 1e-4 relative)', () => {
        const got = engine.computeGradients(x, labels, { sampleWeights: sw });
        const want = referenceGradients(ref, x, labels, c, sw);
        expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
        expect(got.grads.length).toBe(want.grads.length);
        got.grads.forEach((g, i) => {
          const err = relErr(g, want.grads[i]!);
          expect(err, `grad ${i} shape [${cnnLstmWeightShapes(c)[i]!.join(',')}]`).toBeLessThan(1e-4);
        });
      });
    });
  }

  it('full seed size (T=108, 40 bins, 256 filters, 4×128 LSTM): forward matches', async () => {
    const c = resolveCnnLstmConfig({});
    const B = 2;
    const engine = await CnnLstmEngine.create(c, { threads: 1 });
    engines.push(engine);
    const w = initCnnLstmWeights(c, 5);
    engine.setWeights(w);
    const ref = buildReferenceModel(c);
    setReferenceWeights(ref, w);
    const x = randomInput(B * 108 * 40, 21);
    const got = engine.predict(x, B);
    const want = tf.tidy(() => (ref.predict(tf.tensor3d(x, [B, 108, 40])) as tf.Tensor).dataSync());
    expect(relErr(got, want)).toBeLessThan(1e-4);
    // readout (last LSTM step) as well, which is far more sensitive than the softmax
    engine.predict(x, B);
    const e = engine['k'].exports;
    const readout = engine['k'].f32(e.readoutPtr(), B * 128);
    const sub = tfl.model({ inputs: ref.inputs, outputs: ref.layers[5]!.output as tfl.SymbolicTensor });
    const r = tf.tidy(() => (sub.predict(tf.tensor3d(x, [B, 108, 40])) as tf.Tensor).dataSync());
    expect(relErr(readout, r)).toBeLessThan(1e-4);
  });
});

describe('engine vs the library tfjs model (buildCnnLstm)', () => {
  for (const bidirectional of [false, true]) {
    it(`trainOnBatch with Adam + L2 on every kernel equals trainBatch over 3 steps (bidirectional: ${bidirectional})`, async () => {
      const c = resolveCnnLstmConfig({ ...SMALL, dropout: 0, l2: 0.01, bidirectional, seed: 17 });
      const model = buildCnnLstm(c);
      const engine = await CnnLstmEngine.create(c, { threads: 1 });
      try {
        const w = model.getWeights().map((t) => t.dataSync() as Float32Array);
        expect(w.map((t) => t.length)).toEqual(cnnLstmWeightShapes(c).map((s) => s.reduce((a, b) => a * b, 1)));
        engine.setWeights(w.map((t) => t.slice()));
        model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy' });
        const B = 4;
        for (let s = 0; s < 3; s++) {
          const x = randomInput(B * c.inputFrames * c.inputBins, 300 + s);
          const y = randomLabels(B, c.numClasses, 400 + s);
          const xt = tf.tensor3d(x, [B, c.inputFrames, c.inputBins]);
          const yt = tf.oneHot(tf.tensor1d(y, 'int32'), c.numClasses);
          const want = (await model.trainOnBatch(xt, yt)) as number;
          const got = await engine.trainBatch(x, y, { learningRate: 0.005 });
          expect(Math.abs(got.loss - want) / want).toBeLessThan(1e-5);
          tf.dispose([xt, yt]);
        }
        const after = model.getWeights().map((t) => t.dataSync() as Float32Array);
        engine.getWeights().forEach((g, i) => expect(relErr(g, after[i]!), `weight ${i}`).toBeLessThan(1e-5));
      } finally {
        model.dispose();
        await engine.dispose();
      }
    });
  }
});

describe('kernel builds', () => {
  it('baseline SIMD and relaxed SIMD (FMA) engines agree on outputs and gradients', async () => {
    const c = resolveCnnLstmConfig({ ...SMALL, bidirectional: true, l2: 0.01 });
    const a = await CnnLstmEngine.create(c, { threads: 1, simd: 'baseline' });
    const b = await CnnLstmEngine.create(c, { threads: 1, simd: 'relaxed' });
    try {
      expect([a.relaxedSimd, b.relaxedSimd]).toEqual([false, true]);
      const w = weightsFor(c, 21);
      a.setWeights(w);
      b.setWeights(w);
      const B = 6;
      const x = randomInput(B * c.inputFrames * c.inputBins, 22);
      const y = randomLabels(B, c.numClasses, 23);
      expect(relErr(a.predict(x, B), b.predict(x, B))).toBeLessThan(1e-5);
      const ga = a.computeGradients(x, y), gb = b.computeGradients(x, y);
      expect(Math.abs(ga.loss - gb.loss)).toBeLessThan(1e-5 * gb.loss);
      ga.grads.forEach((g, i) => expect(relErr(g, gb.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('Adam step', () => {
  it('equals tf.train.adam applied to the same gradients, over three steps', async () => {
    const c = resolveCnnLstmConfig({ ...SMALL, dropout: 0, l2: 0.002 });
    const engine = await CnnLstmEngine.create(c, { threads: 1 });
    try {
      const w = weightsFor(c, 9);
      engine.setWeights(w);
      const vars = w.map((t) => tf.variable(tf.tensor(t)));
      const opt = tf.train.adam(0.01);
      const B = 4;
      for (let s = 0; s < 3; s++) {
        const x = randomInput(B * c.inputFrames * c.inputBins, 100 + s);
        const labels = randomLabels(B, c.numClasses, 200 + s);
        const { grads } = engine.computeGradients(x, labels);
        opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i]!) })));
        await engine.trainBatch(x, labels, { learningRate: 0.01 });
      }
      const got = engine.getWeights();
      got.forEach((g, i) => expect(relErr(g, vars[i]!.dataSync()), `weight ${i}`).toBeLessThan(1e-6));
      const st = engine.getOptimizerState();
      expect(st.step).toBe(3);
      const m0 = opt.getWeights();
      expect(m0).toBeDefined();
      opt.dispose();
      tf.dispose(vars);
    } finally {
      await engine.dispose();
    }
  });

  it('optimizer state round-trips: restoring state reproduces the next step exactly', async () => {
    const c = resolveCnnLstmConfig({ ...SMALL, dropout: 0 });
    const a = await CnnLstmEngine.create(c, { threads: 1 });
    const b = await CnnLstmEngine.create(c, { threads: 1 });
    try {
      a.setWeights(initCnnLstmWeights(c, 1));
      const B = 3;
      const x = randomInput(B * c.inputFrames * c.inputBins, 5);
      const y = randomLabels(B, c.numClasses, 6);
      await a.trainBatch(x, y, { learningRate: 0.005 });
      await a.trainBatch(x, y, { learningRate: 0.005 });
      b.setWeights(a.getWeights());
      b.setOptimizerState(a.getOptimizerState());
      await a.trainBatch(x, y, { learningRate: 0.005 });
      await b.trainBatch(x, y, { learningRate: 0.005 });
      const wa = a.getWeights(), wb = b.getWeights();
      wa.forEach((t, i) => expect(Array.from(wb[i]!)).toEqual(Array.from(t)));
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('training', () => {
  it('learns a separable synthetic task (one class per frequency band of energy)', async () => {
    const c = resolveCnnLstmConfig({ inputFrames: 16, inputBins: 6, filters: 12, kernelSize: 3, lstmLayers: 1, lstmUnits: 12, denseUnits: 16, dropout: 0.1, numClasses: 3 });
    const engine = await CnnLstmEngine.create(c, { threads: 1 });
    try {
      engine.setWeights(initCnnLstmWeights(c, 4));
      const rng = createRng(8);
      const make = (n: number): { x: Float32Array; y: Int32Array } => {
        const x = new Float32Array(n * 16 * 6);
        const y = new Int32Array(n);
        for (let s = 0; s < n; s++) {
          const cls = Math.floor(rng() * 3);
          y[s] = cls;
          for (let t = 0; t < 16; t++) for (let f = 0; f < 6; f++) x[(s * 16 + t) * 6 + f] = randn(rng) * 0.5 + (Math.floor(f / 2) === cls ? 1.5 : 0);
        }
        return { x, y };
      };
      const test = make(60);
      let first = 0, last = 0;
      for (let step = 0; step < 80; step++) {
        const { x, y } = make(16);
        const { loss } = await engine.trainBatch(x, y, { learningRate: 0.01 });
        if (step === 0) first = loss;
        last = loss;
      }
      const p = engine.predict(test.x, 60);
      let correct = 0;
      for (let s = 0; s < 60; s++) {
        let best = 0;
        for (let j = 1; j < 3; j++) if (p[s * 3 + j]! > p[s * 3 + best]!) best = j;
        if (best === test.y[s]) correct++;
      }
      expect(last).toBeLessThan(first * 0.5);
      expect(correct / 60).toBeGreaterThan(0.9);
    } finally {
      await engine.dispose();
    }
  });
});

describe('errors', () => {
  it('rejects bad shapes, labels, learning rates and use after dispose', async () => {
    const c = resolveCnnLstmConfig({ ...SMALL });
    const engine = await CnnLstmEngine.create(c, { threads: 1 });
    const n = c.inputFrames * c.inputBins;
    expectSerError(() => engine.setWeights([new Float32Array(3)]), 'SER_SHAPE_MISMATCH', /weights must be/);
    expectSerError(() => engine.predict(new Float32Array(n + 1), 1), 'SER_SHAPE_MISMATCH', /x must be/);
    expectSerError(() => engine.predict(new Float32Array(n), 0), 'SER_INVALID_ARGUMENT', /batch must be/);
    expectSerError(() => engine.computeGradients(new Float32Array(n), Int32Array.of(6)), 'SER_INVALID_ARGUMENT', /labels\[0\]/);
    await expectSerErrorAsync(() => engine.trainBatch(new Float32Array(n), Int32Array.of(1), { learningRate: -1 }), 'SER_INVALID_ARGUMENT', /learningRate/);
    await expectSerErrorAsync(
      () => engine.trainBatch(new Float32Array(n), Int32Array.of(1), { learningRate: 0.1, sampleWeights: new Float32Array(2) }),
      'SER_SHAPE_MISMATCH',
      /sampleWeights/,
    );
    await expectSerErrorAsync(() => CnnLstmEngine.create(c, { threads: 0 }), 'SER_INVALID_ARGUMENT', /threads/);
    engine.setWeights(initCnnLstmWeights(c, 1));
    const step = engine.trainBatch(new Float32Array(n), Int32Array.of(1), { learningRate: 0.01 });
    expectSerError(() => engine.setWeights(engine.getWeights()), 'SER_INVALID_ARGUMENT', /while trainBatch is pending/);
    expectSerError(() => engine.computeGradients(new Float32Array(n), Int32Array.of(1)), 'SER_INVALID_ARGUMENT', /while trainBatch is pending/);
    await step;
    engine.setWeights(engine.getWeights());
    await engine.dispose();
    expectSerError(() => engine.getWeights(), 'SER_INVALID_ARGUMENT', /after dispose/);
  });
});

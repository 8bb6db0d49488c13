import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { synthetic, tinyModel, useCpu, weightsOf } from '../../test/train/tiny.js';
import { gatherBatch } from './data.js';
import { TfjsTrainingBackend } from './tfjs-training-backend.js';

beforeAll(useCpu);

function batchOf(n: number, seed = 3) {
  const d = synthetic(n, { seed });
  const x = gatherBatch(d.x, d.y.map((_, i) => i), 0, n, new Float32Array(n * 24));
  return { x, labels: Int32Array.from(d.y), y: d.y };
}

describe('TfjsTrainingBackend', () => {
  it('takes exactly the steps of tf.train.adam + weighted categorical cross-entropy (bit-equal weights)', async () => {
    const a = tinyModel({ l2: 0.01 });
    const b = tinyModel({ l2: 0.01 });
    const { x, labels } = batchOf(6);
    const sw = new Float32Array([1, 2, 0.5, 1, 1.5, 1]);
    const lr = 0.01;
    const opt = tf.train.adam(lr);
    const backend = new TfjsTrainingBackend(b);
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const xs = tf.tensor3d(x, [6, 8, 3]);
        const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
        const vars = a.trainableWeights.map((w) => w.read() as tf.Variable);
        opt.minimize(
          () => {
            const p = tf.clipByValue(a.apply(xs, { training: true }) as tf.Tensor, 1e-7, 1 - 1e-7);
            const ce = tf.neg(tf.sum(tf.mul(ys, tf.log(p)), -1));
            let loss = tf.mean(tf.mul(ce, tf.tensor1d(sw)));
            for (const r of a.calculateLosses()) loss = tf.add(loss, r);
            return loss as tf.Scalar;
          },
          false,
          vars,
        );
      });
      await backend.trainBatch(x, labels, { learningRate: lr, sampleWeights: sw });
    }
    const wa = weightsOf(a);
    const wb = weightsOf(b);
    expect(wb.length).toBe(wa.length);
    wa.forEach((w, i) => expect(Array.from(wb[i]!)).toEqual(Array.from(w)));
    // and training did move the weights
    expect(Array.from(wb[0]!)).not.toEqual(Array.from(weightsOf(tinyModel({ l2: 0.01 }))[0]!));
    opt.dispose();
    await backend.dispose();
    a.dispose();
    b.dispose();
  });

  it('restores { step, m, v } exactly: 2 steps + state transfer + 1 step equals 3 steps', async () => {
    const { x, labels } = batchOf(6);
    const ref = tinyModel();
    const refB = new TfjsTrainingBackend(ref);
    for (let s = 0; s < 3; s++) await refB.trainBatch(x, labels, { learningRate: 0.02 });

    const first = tinyModel();
    const firstB = new TfjsTrainingBackend(first);
    for (let s = 0; s < 2; s++) await firstB.trainBatch(x, labels, { learningRate: 0.02 });
    const weights = firstB.getWeights();
    const state = firstB.getOptimizerState();
    expect(state.step).toBe(2);
    expect(state.m).toHaveLength(weights.length);

    const second = tinyModel({ seed: 99 }); // different init: everything must come from the state
    const secondB = new TfjsTrainingBackend(second);
    secondB.setWeights(weights);
    secondB.setOptimizerState(state);
    await secondB.trainBatch(x, labels, { learningRate: 0.02 });
    const w1 = weightsOf(ref);
    const w2 = weightsOf(second);
    w1.forEach((w, i) => expect(Array.from(w2[i]!)).toEqual(Array.from(w)));
    for (const b of [refB, firstB, secondB]) await b.dispose();
    for (const m of [ref, first, second]) m.dispose();
  });

  it('reports loss and training-mode correct count; predict returns softmax rows', async () => {
    const model = tinyModel();
    const backend = new TfjsTrainingBackend(model);
    const { x, labels } = batchOf(9);
    const r = await backend.trainBatch(x, labels, { learningRate: 1e-3 });
    expect(r.loss).toBeGreaterThan(0.5); // ≈ ln 3 for an untrained 3-class model
    expect(r.loss).toBeLessThan(2);
    expect(r.correct).toBeGreaterThanOrEqual(0);
    expect(r.correct).toBeLessThanOrEqual(9);
    const p = await backend.predict(x, 9);
    expect(p).toHaveLength(27);
    for (let i = 0; i < 9; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
    await backend.dispose();
    model.dispose();
  });

  it('leaves tf.memory().numTensors unchanged after train, predict and dispose', async () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const backend = new TfjsTrainingBackend(model);
    const { x, labels } = batchOf(6);
    await backend.trainBatch(x, labels, { learningRate: 1e-3, sampleWeights: new Float32Array(6).fill(1) });
    await backend.predict(x, 6);
    backend.setOptimizerState(backend.getOptimizerState());
    backend.setWeights(backend.getWeights());
    await backend.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('throws SER_MODEL_FORMAT for weights of another architecture', () => {
    const model = tinyModel();
    const backend = new TfjsTrainingBackend(model);
    expectSerError(() => backend.setWeights([new Float32Array(3)]), 'SER_MODEL_FORMAT', /weights must be 7 arrays/);
    model.dispose();
  });
});

/**
 * The CNN-LSTM trains (model.fit and optimizer.minimize) and predicts on the cpu AND wasm
 * backends, without leaking tensors. On stock tfjs the wasm backend cannot train it at all
 * (no Conv2DBackpropFilter kernel); `model/wasm-kernels.ts` adds it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import { createRng, randn } from '../internal/rng.js';
import { buildCnnLstm } from './cnn-lstm.js';

const OPTS = {
  inputFrames: 12, inputBins: 6, filters: 8, kernelSize: 3, lstmLayers: 2, lstmUnits: 8,
  denseUnits: 8, dropout: 0, numClasses: 3, l2: 0.001, seed: 5,
} as const;

/** Class k has extra energy in bin 2k: separable, so a working trainer must fit it. */
function toyData(n: number, seed: number): { x: tf.Tensor3D; y: tf.Tensor2D; labels: number[] } {
  const rng = createRng(seed);
  const labels = Array.from({ length: n }, (_, i) => i % OPTS.numClasses);
  const x = new Float32Array(n * OPTS.inputFrames * OPTS.inputBins);
  labels.forEach((k, i) => {
    for (let t = 0; t < OPTS.inputFrames; t++) {
      for (let b = 0; b < OPTS.inputBins; b++) {
        x[(i * OPTS.inputFrames + t) * OPTS.inputBins + b] = 0.3 * randn(rng) + (b === 2 * k ? 1.5 : 0);
      }
    }
  });
  return {
    x: tf.tensor3d(x, [n, OPTS.inputFrames, OPTS.inputBins]),
    y: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), OPTS.numClasses), 'float32')) as tf.Tensor2D,
    labels,
  };
}

describe.each(['cpu', 'wasm'] as const)('CNN-LSTM training on the %s backend', (backend) => {
  it('fits a separable toy set with model.fit, then predicts it, leaking no tensors', async () => {
    await initBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const { x, y, labels } = toyData(24, 1);
    const model = buildCnnLstm({ ...OPTS, bidirectional: true });
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
    // Warm-up epoch creates the optimizer's slot variables.
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 25, batchSize: 8, shuffle: false, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const losses = history.history['loss'] as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * losses[0]!);
    const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, -1).arraySync() as number[]);
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / labels.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(tf.memory().numTensors).toBe(before);
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });

  it('trains with optimizer.minimize (custom loop) and decreases the loss', async () => {
    await initBackend(backend);
    const { x, y } = toyData(12, 2);
    const model = buildCnnLstm(OPTS);
    const optimizer = tf.train.adam(0.02);
    const step = () =>
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.log(model.apply(x, { training: true }) as tf.Tensor)), true)!;
    const first = step();
    const firstLoss = first.dataSync()[0]!;
    first.dispose();
    const before = tf.memory().numTensors;
    let last = firstLoss;
    for (let i = 0; i < 20; i++) {
      const l = step();
      last = l.dataSync()[0]!;
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(0.7 * firstLoss);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});

it('gives the same predictions on cpu and wasm for the same weights', async () => {
  const rng = createRng(3);
  const input = Float32Array.from({ length: 2 * OPTS.inputFrames * OPTS.inputBins }, () => randn(rng));
  const out: Float32Array[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    await initBackend(backend);
    const model = buildCnnLstm({ ...OPTS, bidirectional: true, readout: 'mean' });
    out.push(tf.tidy(() => (model.predict(tf.tensor3d(input, [2, OPTS.inputFrames, OPTS.inputBins])) as tf.Tensor).dataSync() as Float32Array));
    model.dispose();
  }
  for (let i = 0; i < out[0]!.length; i++) expect(Math.abs(out[0]![i]! - out[1]![i]!)).toBeLessThan(1e-5);
});

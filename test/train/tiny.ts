/** Tiny models and separable synthetic data for the Trainer tests (tfjs cpu backend). */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, randn } from '../../src/internal/rng.js';
import type { FeatureMatrix } from '../../src/types.js';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export interface TinyOptions {
  frames?: number;
  bins?: number;
  classes?: number;
  seed?: number;
  dropout?: number;
  l2?: number;
}

/**
 * Conv1D(4) → LSTM(4) → [Dropout] → Dense(k, softmax), every initializer seeded (so two calls give
 * identical weights) and the LSTM's recurrent initializer explicit (the stock orthogonal one needs
 * chained ops that core + layers alone do not register).
 */
export function tinyModel(o: TinyOptions = {}): tfl.LayersModel {
  const { frames = 8, bins = 3, classes = 3, seed = 1, dropout = 0, l2 = 0 } = o;
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + s });
  const reg = l2 > 0 ? { kernelRegularizer: tfl.regularizers.l2({ l2 }) } : {};
  const input = tfl.input({ shape: [frames, bins] });
  let h = tfl.layers
    .conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1), ...reg })
    .apply(input) as tfl.SymbolicTensor;
  h = tfl.layers
    .lstm({ units: 4, kernelInitializer: init(2), recurrentInitializer: init(3) })
    .apply(h) as tfl.SymbolicTensor;
  if (dropout > 0) h = tfl.layers.dropout({ rate: dropout }).apply(h) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: init(4), ...reg })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

/**
 * n samples of a separable task: class c raises bin (c mod bins) by `gap` over the whole clip,
 * on top of unit Gaussian noise; labels cycle 0..k-1 (or follow `counts`).
 */
export function synthetic(
  n: number,
  o: { frames?: number; bins?: number; classes?: number; seed?: number; gap?: number; labels?: number[] } = {},
): { x: FeatureMatrix[]; y: number[] } {
  const { frames = 8, bins = 3, classes = 3, seed = 7, gap = 2 } = o;
  const rng = createRng(seed);
  const x: FeatureMatrix[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = o.labels ? o.labels[i]! : i % classes;
    const data = new Float32Array(frames * bins);
    for (let t = 0; t < frames; t++) {
      for (let b = 0; b < bins; b++) data[t * bins + b] = 0.5 * randn(rng) + (b === c % bins ? gap : 0) - (c >= bins ? gap : 0) * (b === 0 ? 1 : 0);
    }
    x.push({ data, frames, bins });
    y.push(c);
  }
  return { x, y };
}

export function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
}

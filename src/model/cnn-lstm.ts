/**
 * The CNN-LSTM classifier as a tfjs-layers model: Conv1D → (MaxPool1D) → LSTM stack → readout →
 * (Dense + Dropout) → softmax. Shapes and options are those of `cnn-lstm-config.ts`, shared with
 * the fast engine in `engine/`, which reads the weights in {@link CNN_LSTM_WEIGHT_ORDER} order.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, type Rng } from '../internal/rng.js';
import {
  pooledFrames,
  resolveCnnLstmConfig,
  type CnnLstmConfig,
  type CnnLstmOptions,
} from './cnn-lstm-config.js';
import { glorotUniformValues, orthogonalValues, seededOrthogonal, withSeededOrthogonal } from './initializers.js';
import { ensureTfSetup } from './tf-setup.js';

export { CNN_LSTM_DEFAULTS, resolveCnnLstmConfig, type CnnLstmConfig, type CnnLstmOptions } from './cnn-lstm-config.js';

/**
 * Order and meaning of `model.getWeights()` for a model from {@link buildCnnLstm}; `u` is
 * lstmUnits, `in` the LSTM input width (filters for the first layer, u or 2u after it).
 * Bidirectional layers list the forward direction's three tensors, then the backward's.
 * Dense entries are absent when denseUnits is 0.
 */
export const CNN_LSTM_WEIGHT_ORDER = Object.freeze([
  'conv/kernel [kernelSize, inputBins, filters]',
  'conv/bias [filters]',
  'lstm_i/kernel [in, 4u] (gates i, f, c, o)',
  'lstm_i/recurrent_kernel [u, 4u]',
  'lstm_i/bias [4u]',
  'dense/kernel [lastWidth, denseUnits]',
  'dense/bias [denseUnits]',
  'output/kernel [denseUnits or lastWidth, numClasses]',
  'output/bias [numClasses]',
] as const);

const configs = new WeakMap<tfl.LayersModel, CnnLstmConfig>();

/**
 * The resolved config of a model built by {@link buildCnnLstm} or loaded by `loadBundle`
 * (when the bundle's metadata records it); `undefined` for any other model.
 */
export function cnnLstmConfigOf(model: tfl.LayersModel): CnnLstmConfig | undefined {
  return configs.get(model);
}

/** @internal Associate a config with a model (used by `loadBundle`). */
export function setCnnLstmConfig(model: tfl.LayersModel, config: CnnLstmConfig): void {
  configs.set(model, config);
}

/**
 * Build the CNN-LSTM classifier (uncompiled).
 *
 * Layers: `Conv1D(filters, kernelSize, padding 'same', ReLU)` → `MaxPooling1D(poolSize)` when
 * pooling is 'max' → `lstmLayers` × `LSTM(lstmUnits, sigmoid recurrent activation, unitForgetBias)` (each wrapped in a
 * concat `Bidirectional` when bidirectional; every one returns sequences except the last when
 * readout is 'last') → `GlobalAveragePooling1D` when readout is 'mean' → `Dense(denseUnits, ReLU)`
 * + `Dropout(dropout)` unless denseUnits is 0 → `Dense(numClasses, softmax)`. With lstmLayers 0
 * the readout applies to the conv sequence ('last' takes its final frame). L2 kernel regularisers
 * on every kernel when l2 > 0.
 *
 * Initial weights are drawn in TypeScript from `seed` (glorot-uniform kernels, orthogonal
 * recurrent kernels, zero biases with forget-gate bias 1), so they are identical on every backend.
 *
 * @param options - see {@link CnnLstmOptions}; defaults in `CNN_LSTM_DEFAULTS`.
 * @returns a `tf.LayersModel` with input `[batch, inputFrames, inputBins]` and output
 *   `[batch, numClasses]` (softmax probabilities).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when an option is out of range.
 * @example
 * const model = buildCnnLstm({ inputFrames: 108, inputBins: 40, lstmLayers: 2 });
 * model.outputs[0].shape; // => [null, 6]
 */
export function buildCnnLstm(options: CnnLstmOptions = {}): tfl.LayersModel {
  const c = resolveCnnLstmConfig(options);
  ensureTfSetup();
  // tidy: tfjs-layers' unitForgetBias initializer leaks its 4 intermediate tensors per LSTM cell;
  // the weights themselves are variables, which tidy keeps.
  let model: tfl.Sequential | undefined;
  tf.tidy(() => {
    model = withSeededOrthogonal(() => buildLayers(c));
  });
  if (!model) throw new Error('buildCnnLstm: model construction returned nothing.');
  initialiseWeights(model, c);
  attachRecurrentRegularizers(model);
  configs.set(model, c);
  return model;
}

type LossFn = () => tf.Scalar;
interface LayerInternals {
  readonly losses: LossFn[];
  addLoss(losses: LossFn | LossFn[]): void;
  readonly cell?: LayerInternals;
  readonly forwardLayer?: LayerInternals;
  readonly backwardLayer?: LayerInternals;
}

/**
 * tfjs-layers 4.x registers an LSTM's kernel regulariser on its *cell*, which no model-level
 * loss collection visits, so `l2` on LSTM kernels would silently do nothing in `model.fit` /
 * `calculateLosses()`. Re-attach each cell's losses to its top-level layer (LSTM or
 * Bidirectional). Idempotent. `loadBundle` calls it too.
 * @internal
 */
export function attachRecurrentRegularizers(model: tfl.LayersModel): void {
  for (const layer of model.layers as unknown as LayerInternals[]) {
    const inner = [layer.cell, layer.forwardLayer, layer.forwardLayer?.cell, layer.backwardLayer, layer.backwardLayer?.cell];
    for (const part of inner) {
      if (!part) continue;
      for (const fn of part.losses) if (!layer.losses.includes(fn)) layer.addLoss(fn);
    }
  }
}

function buildLayers(c: CnnLstmConfig): tfl.Sequential {
  const reg = () => (c.l2 > 0 ? { kernelRegularizer: tfl.regularizers.l2({ l2: c.l2 }) } : {});
  const glorot = (k: number) => tfl.initializers.glorotUniform({ seed: c.seed + k });
  const model = tfl.sequential({ name: 'cnn_lstm' });
  model.add(
    tfl.layers.conv1d({
      name: 'conv',
      inputShape: [c.inputFrames, c.inputBins],
      filters: c.filters,
      kernelSize: c.kernelSize,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: glorot(0),
      biasInitializer: 'zeros',
      ...reg(),
    }),
  );
  if (c.pooling === 'max') model.add(tfl.layers.maxPooling1d({ name: 'pool', poolSize: c.poolSize, strides: c.poolSize, padding: 'valid' }));
  for (let i = 0; i < c.lstmLayers; i++) {
    const last = i === c.lstmLayers - 1;
    const lstm = tfl.layers.lstm({
      name: `lstm_${i + 1}`,
      units: c.lstmUnits,
      returnSequences: !(last && c.readout === 'last'),
      // Keras 2.3+/TF2 semantics (tfjs-layers still defaults to hardSigmoid); the engine matches.
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      kernelInitializer: glorot(1 + i),
      recurrentInitializer: seededOrthogonal({ seed: c.seed + 1 + i }),
      biasInitializer: 'zeros',
      ...reg(),
    });
    model.add(c.bidirectional ? tfl.layers.bidirectional({ name: `bilstm_${i + 1}`, layer: lstm as tfl.RNN, mergeMode: 'concat' }) : lstm);
  }
  if (c.readout === 'mean') {
    model.add(tfl.layers.globalAveragePooling1d({ name: 'mean_over_time' }));
  } else if (c.lstmLayers === 0) {
    // Final frame of the conv sequence: [T, F] → [T, F, 1] → crop to [1, F, 1] → [F].
    const t = pooledFrames(c);
    model.add(tfl.layers.reshape({ name: 'as_image', targetShape: [t, c.filters, 1] }));
    model.add(tfl.layers.cropping2D({ name: 'last_frame', cropping: [[t - 1, 0], [0, 0]] }));
    model.add(tfl.layers.flatten({ name: 'flatten' }));
  }
  if (c.denseUnits > 0) {
    model.add(
      tfl.layers.dense({
        name: 'dense',
        units: c.denseUnits,
        activation: 'relu',
        kernelInitializer: glorot(100),
        biasInitializer: 'zeros',
        ...reg(),
      }),
    );
    // No dropout seed: tfjs reuses a seeded mask on every call, which would defeat dropout.
    if (c.dropout > 0) model.add(tfl.layers.dropout({ name: 'dropout', rate: c.dropout }));
  }
  model.add(
    tfl.layers.dense({
      name: 'output',
      units: c.numClasses,
      activation: 'softmax',
      kernelInitializer: glorot(101),
      biasInitializer: 'zeros',
      ...reg(),
    }),
  );
  return model;
}

/**
 * Overwrite every weight with values drawn from one mulberry32 stream seeded by `c.seed`, in
 * `getWeights()` order, so each tensor (including the two directions of a Bidirectional) gets
 * its own draws and the result does not depend on the backend.
 */
function initialiseWeights(model: tfl.LayersModel, c: CnnLstmConfig): void {
  const rng = createRng(c.seed);
  const current = model.getWeights();
  const values: tf.Tensor[] = [];
  let k = 0;
  const next = (make: (shape: number[]) => Float32Array) => {
    const shape = current[k++]!.shape;
    values.push(tf.tensor(make(shape), shape, 'float32'));
  };
  const zeros = (shape: number[]) => new Float32Array(shape.reduce((p, d) => p * d, 1));
  const glorot = (r: Rng) => (shape: number[]) => glorotUniformValues(shape, r);
  next(glorot(rng)); // conv kernel
  next(zeros); // conv bias
  const directions = c.bidirectional ? 2 : 1;
  for (let i = 0; i < c.lstmLayers * directions; i++) {
    next(glorot(rng));
    next((shape) => orthogonalValues(shape, rng));
    next((shape) => {
      const b = zeros(shape);
      b.fill(1, c.lstmUnits, 2 * c.lstmUnits); // unitForgetBias: forget gate (i, f, c, o) starts at 1
      return b;
    });
  }
  if (c.denseUnits > 0) {
    next(glorot(rng));
    next(zeros);
  }
  next(glorot(rng));
  next(zeros);
  if (k !== current.length) throw new Error(`buildCnnLstm: internal weight count mismatch (${k} vs ${current.length}).`);
  model.setWeights(values);
  tf.dispose(values);
}

/**
 * Test helper: the same architecture built from stock tfjs-layers (cpu backend), used as the
 * numerical reference for the WebAssembly engine. Only tests and benchmarks import this file.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import type { CnnLstmConfig } from '../cnn-lstm-config.js';
import { attachRecurrentRegularizers } from '../cnn-lstm.js';

export { tf, tfl };

/** Stock tfjs-layers model with the engine's architecture (weights must be copied in). */
export function buildReferenceModel(c: CnnLstmConfig, opts: { lstmOnly?: boolean } = {}): tfl.Sequential {
  const m = tfl.sequential();
  const reg = c.l2 > 0 ? () => tfl.regularizers.l2({ l2: c.l2 }) : () => undefined;
  const init = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
  if (!opts.lstmOnly) {
    m.add(
      tfl.layers.conv1d({
        inputShape: [c.inputFrames, c.inputBins],
        filters: c.filters,
        kernelSize: c.kernelSize,
        padding: 'same',
        activation: 'relu',
        ...init,
        ...(c.l2 > 0 ? { kernelRegularizer: reg()! } : {}),
      }),
    );
    if (c.pooling === 'max') m.add(tfl.layers.maxPooling1d({ poolSize: c.poolSize }));
  }
  for (let l = 0; l < c.lstmLayers; l++) {
    const returnSequences = l < c.lstmLayers - 1 || c.readout === 'mean';
    const cfg = {
      units: c.lstmUnits,
      returnSequences,
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      ...init,
      recurrentInitializer: 'zeros',
      ...(c.l2 > 0 ? { kernelRegularizer: reg()! } : {}),
      ...(opts.lstmOnly && l === 0 && !c.bidirectional ? { inputShape: [Math.floor(c.inputFrames / (c.pooling === 'max' ? c.poolSize : 1)), c.filters] } : {}),
    } as const;
    if (c.bidirectional) {
      m.add(
        tfl.layers.bidirectional({
          layer: tfl.layers.lstm(cfg) as unknown as tfl.RNN,
          mergeMode: 'concat',
          ...(opts.lstmOnly && l === 0 ? { inputShape: [Math.floor(c.inputFrames / (c.pooling === 'max' ? c.poolSize : 1)), c.filters] } : {}),
        }),
      );
    } else {
      m.add(tfl.layers.lstm(cfg));
    }
  }
  if (c.readout === 'mean') m.add(tfl.layers.globalAveragePooling1d());
  if (c.denseUnits > 0) {
    m.add(tfl.layers.dense({ units: c.denseUnits, activation: 'relu', ...init, ...(c.l2 > 0 ? { kernelRegularizer: reg()! } : {}) }));
    if (c.dropout > 0) m.add(tfl.layers.dropout({ rate: c.dropout }));
  }
  m.add(tfl.layers.dense({ units: c.numClasses, activation: 'softmax', ...init, ...(c.l2 > 0 ? { kernelRegularizer: reg()! } : {}) }));
  // As buildCnnLstm: make the LSTM cells' kernel regularisers count (tfjs-layers drops them).
  attachRecurrentRegularizers(m);
  return m;
}

/** Copy Float32Array weights (getWeights order) into a tfjs model. */
export function setReferenceWeights(m: tfl.LayersModel, weights: Float32Array[]): void {
  const shapes = m.getWeights().map((w) => w.shape);
  tf.tidy(() => m.setWeights(weights.map((w, i) => tf.tensor(w, shapes[i]))));
}

/** tfjs categoricalCrossentropy (renormalise, clip to [1e-7, 1-1e-7]) weighted, mean over batch. */
export function referenceLoss(probs: tf.Tensor2D, labels: Int32Array, numClasses: number, sampleWeights?: Float32Array): tf.Scalar {
  return tf.tidy(() => {
    const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses), 'float32');
    const p = tf.div(probs, tf.sum(probs, -1, true));
    const pc = tf.clipByValue(p, 1e-7, 1 - 1e-7);
    let l: tf.Tensor = tf.neg(tf.sum(tf.mul(y, tf.log(pc)), -1));
    if (sampleWeights) l = tf.mul(l, tf.tensor1d(sampleWeights));
    return tf.mean(l) as tf.Scalar;
  });
}

/** Loss (incl. L2 on regularised kernels) and gradients w.r.t. all trainable weights. */
export function referenceGradients(
  m: tfl.LayersModel,
  x: Float32Array,
  labels: Int32Array,
  c: CnnLstmConfig,
  sampleWeights?: Float32Array,
): { loss: number; grads: Float32Array[] } {
  const vars = m.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
  const xt = tf.tensor3d(x, [labels.length, c.inputFrames, c.inputBins]);
  const { value, grads } = tf.variableGrads(() => {
    const probs = m.apply(xt, { training: false }) as tf.Tensor2D;
    let loss = referenceLoss(probs, labels, c.numClasses, sampleWeights);
    // Regularisation exactly as tfjs-layers training collects it (Container.calculateLosses over
    // the layers; LSTM cell losses are re-attached by attachRecurrentRegularizers).
    for (const layer of m.layers) for (const r of layer.calculateLosses()) loss = tf.add(loss, r);
    return loss;
  }, vars);
  const out = vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  const loss = value.dataSync()[0]!;
  tf.dispose([xt, value, ...Object.values(grads)]);
  return { loss, grads: out };
}

/** max |a - b| / max |b| (norm-wise relative error; 0 when both are 0). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}

/**
 * `TrainingBackend` for any tf.LayersModel on any tfjs backend (cpu, wasm, webgl, tensorflow).
 *
 * Each step runs the model in training mode (dropout active) inside `tf.variableGrads`, minimises
 * the sample-weighted categorical cross-entropy plus the model's regularisation losses (what
 * `model.fit` with `classWeight` minimises), and applies Adam.
 *
 * Why not `tf.train.adam()` itself: its state cannot be restored exactly (`setWeights` rebuilds
 * `beta^t` with `pow`, while training multiplies it step by step, so a resumed run drifts by an ulp)
 * and its learning rate is a protected field. The update below is `tf.train.adam`'s, op for op
 * and in the same order (a test checks bit-equality), with `beta^t` tracked in float32 on the JS
 * side so that {@link OptimizerState} `{ step, m, v }` restores it exactly.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFormatError } from '../errors.js';
import { modelIo } from './data.js';
import type { OptimizerState, TrainStepOptions, TrainBatchResult, TrainingBackend } from './training-backend.js';

/** Keras' epsilon() used to clip probabilities in categorical cross-entropy. */
const CE_EPSILON = 1e-7;

/** Adam hyper-parameters (Keras / tfjs defaults). */
export interface AdamOptions {
  /** @defaultValue 0.9 */
  readonly beta1?: number;
  /** @defaultValue 0.999 */
  readonly beta2?: number;
  /** @defaultValue the tfjs backend's epsilon (1e-7 for float32 backends), as tf.train.adam */
  readonly epsilon?: number;
}

/** `beta^step` as tf.train.adam accumulates it: float32 multiply, one step at a time. */
function accumulatedBeta(beta: number, step: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 0; i < step && acc !== 0; i++) acc = Math.fround(acc * b);
  return acc;
}

/** Trains a tf.LayersModel in place (its own variables are updated). */
export class TfjsTrainingBackend implements TrainingBackend {
  readonly name = 'tfjs' as const;
  private readonly model: tfl.LayersModel;
  private readonly frames: number | null;
  private readonly bins: number;
  private readonly classes: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  /** Model weights in getWeights() order. */
  private readonly weights: tfl.LayerVariable[];
  /** Index (into `weights`) of every trainable weight. */
  private readonly trainableIdx: number[];
  private m: tf.Variable[] | null = null;
  private v: tf.Variable[] | null = null;
  private step = 0;
  private accBeta1: number;
  private accBeta2: number;

  /**
   * @param model - a model with one `[batch, frames, bins]` input and one softmax output.
   * @param adam - optional Adam hyper-parameters.
   */
  constructor(model: tfl.LayersModel, adam: AdamOptions = {}) {
    const io = modelIo(model, 'TfjsTrainingBackend');
    this.model = model;
    this.frames = io.frames;
    this.bins = io.bins;
    this.classes = io.classes;
    this.beta1 = adam.beta1 ?? 0.9;
    this.beta2 = adam.beta2 ?? 0.999;
    this.epsilon = adam.epsilon ?? tf.backend().epsilon();
    this.weights = model.weights;
    this.trainableIdx = [];
    this.weights.forEach((w, i) => {
      if (w.trainable) this.trainableIdx.push(i);
    });
    this.accBeta1 = accumulatedBeta(this.beta1, 0);
    this.accBeta2 = accumulatedBeta(this.beta2, 0);
  }

  private ensureMoments(): { m: tf.Variable[]; v: tf.Variable[] } {
    if (!this.m || !this.v) {
      this.m = this.trainableIdx.map((i) => tf.tidy(() => tf.zerosLike(this.weights[i]!.read()).variable(false)));
      this.v = this.trainableIdx.map((i) => tf.tidy(() => tf.zerosLike(this.weights[i]!.read()).variable(false)));
    }
    return { m: this.m, v: this.v };
  }

  async trainBatch(x: Float32Array, labels: Int32Array, options: TrainStepOptions): Promise<TrainBatchResult> {
    const batch = labels.length;
    const frames = this.frames ?? x.length / (batch * this.bins);
    const { m, v } = this.ensureMoments();
    // LayerVariable.read() is typed Tensor but returns the backing tf.Variable.
    const vars = this.trainableIdx.map((i) => this.weights[i]!.read() as tf.Variable);
    const lr = options.learningRate;
    const { beta1, beta2, epsilon } = this;
    const oneMinusAccBeta1 = Math.fround(1 - this.accBeta1);
    const oneMinusAccBeta2 = Math.fround(1 - this.accBeta2);
    const out = tf.tidy(() => {
      const xs = tf.tensor3d(x, [batch, frames, this.bins]);
      const lab = tf.tensor1d(labels, 'int32');
      const ys = tf.cast(tf.oneHot(lab, this.classes), 'float32');
      const sw = options.sampleWeights ? tf.tensor1d(options.sampleWeights) : null;
      let correct: tf.Tensor = tf.scalar(0, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const probs = this.model.apply(xs, { training: true }) as tf.Tensor;
        correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), lab), 'int32')));
        const clipped = tf.clipByValue(probs, CE_EPSILON, 1 - CE_EPSILON);
        const ce = tf.neg(tf.sum(tf.mul(ys, tf.log(clipped)), -1));
        let loss: tf.Tensor = sw ? tf.mean(tf.mul(ce, sw)) : tf.mean(ce);
        for (const r of this.model.calculateLosses()) loss = tf.add(loss, r);
        return loss as tf.Scalar;
      }, vars);
      // tf.train.adam's applyGradients, op for op.
      const omb1 = tf.scalar(oneMinusAccBeta1);
      const omb2 = tf.scalar(oneMinusAccBeta2);
      vars.forEach((value, j) => {
        const gradient = grads[value.name];
        if (gradient == null) return;
        const firstMoment = m[j]!;
        const secondMoment = v[j]!;
        const newFirstMoment = tf.add(tf.mul(firstMoment, beta1), tf.mul(gradient, 1 - beta1));
        const newSecondMoment = tf.add(tf.mul(secondMoment, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        const biasCorrectedFirstMoment = tf.div(newFirstMoment, omb1);
        const biasCorrectedSecondMoment = tf.div(newSecondMoment, omb2);
        firstMoment.assign(newFirstMoment);
        secondMoment.assign(newSecondMoment);
        const newValue = tf.add(
          tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), epsilon)), -lr),
          value,
        );
        value.assign(newValue);
      });
      return { value, correct };
    });
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(beta2));
    this.step++;
    try {
      const [lossV, correctV] = await Promise.all([out.value.data(), out.correct.data()]);
      return { loss: lossV[0]!, correct: correctV[0]! };
    } finally {
      out.value.dispose();
      out.correct.dispose();
    }
  }

  async predict(x: Float32Array, batch: number): Promise<Float32Array> {
    const frames = this.frames ?? x.length / (batch * this.bins);
    const probs = tf.tidy(
      () => this.model.predict(tf.tensor3d(x, [batch, frames, this.bins]), { batchSize: batch }) as tf.Tensor,
    );
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  getWeights(): Float32Array[] {
    return this.weights.map((w) => (w.read().dataSync() as Float32Array).slice());
  }

  setWeights(weights: readonly Float32Array[]): void {
    this.assertLayout('weights', weights);
    tf.tidy(() => {
      this.weights.forEach((w, i) => w.write(tf.tensor(weights[i]!, w.shape as number[])));
    });
  }

  getOptimizerState(): OptimizerState {
    const zeros = (i: number) => new Float32Array(this.weights[i]!.read().size);
    const m = this.weights.map((_, i) => zeros(i));
    const v = this.weights.map((_, i) => zeros(i));
    if (this.m && this.v) {
      this.trainableIdx.forEach((wi, j) => {
        m[wi] = (this.m![j]!.dataSync() as Float32Array).slice();
        v[wi] = (this.v![j]!.dataSync() as Float32Array).slice();
      });
    }
    return { step: this.step, m, v };
  }

  setOptimizerState(state: OptimizerState): void {
    this.assertLayout('optimizer m', state.m);
    this.assertLayout('optimizer v', state.v);
    const { m, v } = this.ensureMoments();
    tf.tidy(() => {
      this.trainableIdx.forEach((wi, j) => {
        const shape = this.weights[wi]!.shape as number[];
        m[j]!.assign(tf.tensor(state.m[wi]!, shape));
        v[j]!.assign(tf.tensor(state.v[wi]!, shape));
      });
    });
    this.step = state.step;
    this.accBeta1 = accumulatedBeta(this.beta1, state.step);
    this.accBeta2 = accumulatedBeta(this.beta2, state.step);
  }

  async dispose(): Promise<void> {
    if (this.m) tf.dispose(this.m);
    if (this.v) tf.dispose(this.v);
    this.m = null;
    this.v = null;
  }

  private assertLayout(what: string, arrays: readonly Float32Array[]): void {
    const sizes = this.weights.map((w) => w.read().size);
    const ok = arrays.length === sizes.length && arrays.every((a, i) => a.length === sizes[i]);
    if (!ok) {
      throw new ModelFormatError(
        what,
        `TfjsTrainingBackend: ${what} must be ${sizes.length} arrays of sizes [${sizes.join(', ')}] (got ${arrays.length} arrays of sizes [${arrays.map((a) => a.length).join(', ')}]). Use weights saved from the same architecture.`,
      );
    }
  }
}

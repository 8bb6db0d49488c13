/**
 * The small interface the Trainer drives: one optimiser step on a batch, batched inference, and
 * weight / optimiser-state transfer (for best-weight restore and checkpoints).
 *
 * Two implementations exist: `TfjsTrainingBackend` (any tf.LayersModel on any tfjs backend) and
 * `EngineTrainingBackend` (the WASM SIMD CNN-LSTM engine). Both use the same weight order
 * (tfjs `model.getWeights()`) and the same Adam state layout, so a checkpoint written by one can
 * be resumed by the other.
 * @module
 */

/** Adam optimiser state in a backend-neutral layout. */
export interface OptimizerState {
  /** Number of optimiser steps taken so far (Adam's `t`). */
  readonly step: number;
  /** First moments, one per weight in `getWeights()` order (zeros for non-trainable weights). */
  readonly m: readonly Float32Array[];
  /** Second moments, same layout as `m`. */
  readonly v: readonly Float32Array[];
}

/** Options of one training step. */
export interface TrainStepOptions {
  /** Adam step size for this batch. */
  readonly learningRate: number;
  /** Per-sample loss weights (class weights), length = batch; omitted = all 1. */
  readonly sampleWeights?: Float32Array;
  /** Seed for this batch's dropout masks (honoured by backends that support seeded dropout). */
  readonly dropoutSeed?: number;
}

/** What one training step reports. */
export interface TrainBatchResult {
  /** Mean sample-weighted cross-entropy of the batch plus regularisation losses. */
  readonly loss: number;
  /** Number of samples whose training-mode prediction was correct, when the backend knows it. */
  readonly correct?: number;
}

/** What the Trainer needs from a compute engine. */
export interface TrainingBackend {
  /** Short name for logs and the training history. */
  readonly name: 'tfjs' | 'wasm-kernels';
  /**
   * One Adam step on a batch.
   * @param x - inputs, row-major `[batch, frames, bins]`.
   * @param labels - class indices, length = batch.
   */
  trainBatch(x: Float32Array, labels: Int32Array, options: TrainStepOptions): Promise<TrainBatchResult>;
  /** Inference (dropout off): `x` `[batch, frames, bins]` → probabilities `[batch, classes]`. */
  predict(x: Float32Array, batch: number): Promise<Float32Array>;
  /** Copies of the current weights in tfjs `model.getWeights()` order. */
  getWeights(): Float32Array[];
  /** Replace every weight (same order and sizes as `getWeights()`). */
  setWeights(weights: readonly Float32Array[]): void;
  /** A copy of the optimiser state. */
  getOptimizerState(): OptimizerState;
  /** Replace the optimiser state (e.g. from a checkpoint). */
  setOptimizerState(state: OptimizerState): void;
  /** Release the backend's own resources (never the model the caller passed in). */
  dispose(): Promise<void>;
}

/**
 * Training-set plumbing shared by the Trainer, evaluate() and crossValidate(): the data shape,
 * the model's input/output contract, boundary validation and batch gathering.
 * @module
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import type { FeatureMatrix } from '../types.js';

/** A labelled set: one fixed-size feature matrix and one class index per sample. */
export interface TrainingData {
  /** Feature matrices, each `[inputFrames, bins]`, frame-major. */
  readonly x: readonly FeatureMatrix[];
  /** Class indices in [0, numClasses), one per matrix. */
  readonly y: readonly number[];
}

/** Input and output sizes a model expects. */
export interface ModelIo {
  /** Frames per sample, or null when the model accepts any length. */
  readonly frames: number | null;
  /** Features per frame. */
  readonly bins: number;
  /** Number of output classes. */
  readonly classes: number;
}

/** Read `[batch, frames, bins] → [batch, classes]` from a tf.LayersModel. */
export function modelIo(model: tfl.LayersModel, component: string): ModelIo {
  const inShape = model.inputs.length === 1 ? model.inputs[0]!.shape : null;
  const outShape = model.outputs.length === 1 ? model.outputs[0]!.shape : null;
  if (!inShape || inShape.length !== 3 || typeof inShape[2] !== 'number') {
    throw new InvalidArgumentError(
      'model',
      inShape ? `[${inShape.join(', ')}]` : `${model.inputs.length} inputs`,
      'one input of shape [batch, frames, bins]',
      `${component}: model must have one input of shape [batch, frames, bins] (got ${inShape ? `[${inShape.map(String).join(', ')}]` : `${model.inputs.length} inputs`}). Build it with buildCnnLstm() or an equivalent tf.LayersModel.`,
    );
  }
  if (!outShape || outShape.length !== 2 || typeof outShape[1] !== 'number' || outShape[1] < 2) {
    throw new InvalidArgumentError(
      'model',
      outShape ? `[${outShape.join(', ')}]` : `${model.outputs.length} outputs`,
      'one softmax output of shape [batch, classes]',
      `${component}: model must have one softmax output of shape [batch, classes >= 2] (got ${outShape ? `[${outShape.map(String).join(', ')}]` : `${model.outputs.length} outputs`}). End the model with a Dense(classes, softmax) layer.`,
    );
  }
  return { frames: typeof inShape[1] === 'number' ? inShape[1] : null, bins: inShape[2], classes: outShape[1] };
}

/**
 * Validate a labelled set against the model contract; returns the frame count every sample has.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH naming the expected `[frames, bins]`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on empty sets, x/y length mismatch or bad labels.
 */
export function validateData(
  component: string,
  name: string,
  data: TrainingData,
  io: ModelIo,
  requireLabels = true,
): number {
  if (!data || !Array.isArray(data.x) || data.x.length === 0) {
    throw new InvalidArgumentError(
      `${name}.x`,
      data?.x?.length,
      'a non-empty array of FeatureMatrix',
      `${component}: ${name}.x must be a non-empty array of feature matrices (got ${data?.x?.length ?? String(data?.x)}). Extract features first.`,
    );
  }
  if (requireLabels && (!Array.isArray(data.y) || data.y.length !== data.x.length)) {
    throw new InvalidArgumentError(
      `${name}.y`,
      data.y?.length,
      `${data.x.length} labels`,
      `${component}: ${name}.y must hold one class index per sample (got ${data.y?.length ?? String(data.y)} labels for ${data.x.length} samples).`,
    );
  }
  const frames = io.frames ?? data.x[0]!.frames;
  for (let i = 0; i < data.x.length; i++) {
    const m = data.x[i]!;
    if (!m || m.frames !== frames || m.bins !== io.bins || !(m.data instanceof Float32Array) || m.data.length !== frames * io.bins) {
      throw new ShapeMismatchError(
        [frames, io.bins],
        m ? [m.frames, m.bins] : [],
        `${component}: ${name}.x[${i}] has shape [${m?.frames}, ${m?.bins}] but the model expects [${frames}, ${io.bins}] (frames, bins). Pad or crop every clip to ${frames} frames with the feature config the model was built for.`,
      );
    }
  }
  if (requireLabels) {
    for (let i = 0; i < data.y.length; i++) {
      const v = data.y[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= io.classes) {
        throw new InvalidArgumentError(
          `${name}.y`,
          v,
          `integer in [0, ${io.classes - 1}]`,
          `${component}: ${name}.y[${i}] must be a class index in [0, ${io.classes - 1}] (got ${String(v)}). The model has ${io.classes} outputs; encode labels as indices.`,
        );
      }
    }
  }
  return frames;
}

/** Copy the matrices `x[order[start..end)]` into `out` (row-major `[end - start, frames, bins]`). */
export function gatherBatch(
  x: readonly FeatureMatrix[],
  order: ArrayLike<number>,
  start: number,
  end: number,
  out: Float32Array,
): Float32Array {
  const size = x[order[start]!]!.data.length;
  for (let i = start; i < end; i++) out.set(x[order[i]!]!.data, (i - start) * size);
  return out.length === (end - start) * size ? out : out.subarray(0, (end - start) * size);
}

/**
 * Score a labelled set with a trained model: batched inference → predictions → classification report.
 * @module
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';
import { assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';
import { type TrainingData, modelIo, validateData } from './data.js';
import { type ClassificationReport, argMaxRows, classificationReport, crossEntropy } from './metrics.js';
import { TfjsTrainingBackend } from './tfjs-training-backend.js';
import type { TrainingBackend } from './training-backend.js';
import { predictAll } from './trainer.js';

const COMPONENT = 'evaluate';

/** Options of {@link evaluate} and {@link predictProbabilities}. */
export interface EvaluateOptions {
  /** Class names for the report (index = class). @defaultValue `['0', '1', …]` */
  readonly labels?: readonly string[];
  /** Samples per inference batch. @defaultValue 64 */
  readonly batchSize?: number;
}

/** What {@link evaluate} returns. */
export interface Evaluation {
  /** Accuracy, UAR, macro-F1, per-class metrics, confusion matrix. */
  readonly report: ClassificationReport;
  /** Mean cross-entropy of the probabilities (unweighted; Keras clipping). */
  readonly loss: number;
  /** Predicted class per sample. */
  readonly predictions: Int32Array;
  /** Probabilities, row-major `[n, classes]`. */
  readonly probabilities: Float32Array;
}

function isLayersModel(m: unknown): m is tfl.LayersModel {
  return typeof m === 'object' && m !== null && 'inputs' in m && 'outputs' in m && typeof (m as tfl.LayersModel).predict === 'function';
}

/**
 * Class probabilities for every matrix, predicted in batches (dropout off).
 *
 * @param model - a tf.LayersModel or a {@link TrainingBackend}.
 * @param x - fixed-size `[frames, bins]` matrices.
 * @returns row-major `[x.length, classes]` probabilities.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when a matrix does not fit the model.
 */
export async function predictProbabilities(
  model: tfl.LayersModel | TrainingBackend,
  x: readonly FeatureMatrix[],
  options: EvaluateOptions = {},
): Promise<Float32Array> {
  const batchSize = options.batchSize ?? 64;
  assertPositiveInt(COMPONENT, 'batchSize', batchSize);
  let backend: TrainingBackend;
  let frameSize: number;
  if (isLayersModel(model)) {
    const io = modelIo(model, COMPONENT);
    const frames = validateData(COMPONENT, 'data', { x, y: [] }, io, false);
    frameSize = frames * io.bins;
    backend = new TfjsTrainingBackend(model);
  } else {
    const first = x[0];
    if (!first) {
      throw new InvalidArgumentError('data.x', 0, 'a non-empty array', `${COMPONENT}: data.x must be a non-empty array of feature matrices (got 0).`);
    }
    validateData(COMPONENT, 'data', { x, y: [] }, { frames: first.frames, bins: first.bins, classes: 2 }, false);
    frameSize = first.frames * first.bins;
    backend = model;
  }
  try {
    return await predictAll(backend, x, frameSize, batchSize);
  } finally {
    // A TfjsTrainingBackend made here holds no tensors of its own; a caller's backend stays open.
    if (backend !== model) await backend.dispose();
  }
}

/**
 * Predict a labelled set and report accuracy, UAR, macro-F1, per-class metrics and the confusion matrix.
 *
 * @param model - a tf.LayersModel or a {@link TrainingBackend}.
 * @param data - matrices and true class indices.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when a matrix does not fit the model.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for bad labels or a label list of the wrong size.
 * @example
 * const { report } = await evaluate(model, { x: testX, y: testY }, { labels: EMOTIONS });
 * report.uar; // => e.g. 0.62
 */
export async function evaluate(
  model: tfl.LayersModel | TrainingBackend,
  data: TrainingData,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  if (!data || !Array.isArray(data.y) || !Array.isArray(data.x) || data.y.length !== data.x.length) {
    throw new InvalidArgumentError(
      'data.y',
      data?.y?.length,
      `${data?.x?.length} labels`,
      `${COMPONENT}: data.y must hold one class index per sample (got ${data?.y?.length} labels for ${data?.x?.length} samples).`,
    );
  }
  const probabilities = await predictProbabilities(model, data.x, options);
  const k = probabilities.length / data.x.length;
  const labels = options.labels ?? Array.from({ length: k }, (_, i) => String(i));
  if (labels.length !== k) {
    throw new InvalidArgumentError(
      'labels',
      labels.length,
      `${k} labels`,
      `${COMPONENT}: labels must name every model output (got ${labels.length} labels for ${k} outputs). Pass the label list the model was trained with.`,
    );
  }
  const predictions = argMaxRows(probabilities, k);
  const report = classificationReport(data.y, predictions, labels);
  return { report, loss: crossEntropy(probabilities, data.y, k), predictions, probabilities };
}

/**
 * Classification metrics: confusion matrix, accuracy, UAR (unweighted average recall, the
 * standard speech-emotion metric), macro-F1 and per-class precision / recall / F1 / support.
 *
 * Pure TypeScript (no tfjs), so reports can be computed anywhere. Conventions follow sklearn
 * (`confusion_matrix`, `classification_report`, `balanced_accuracy_score`) with `zero_division=0`:
 * - a ratio whose denominator is 0 is defined as 0 (never NaN) and a note says so;
 * - UAR averages recall over classes that occur in `yTrue` (sklearn's balanced accuracy);
 * - macro precision / F1 average over classes that occur in `yTrue` or `yPred`
 *   (sklearn's default label set, `unique_labels(y_true, y_pred)`).
 * @module
 */
import { InvalidArgumentError } from '../errors.js';

/** Metrics of one class. */
export interface ClassMetrics {
  /** Class name. */
  readonly label: string;
  /** tp / (tp + fp); 0 when the class was never predicted. */
  readonly precision: number;
  /** tp / (tp + fn); 0 when the class has no support. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Number of true samples of this class. */
  readonly support: number;
  /** Number of samples predicted as this class. */
  readonly predicted: number;
}

/** What {@link classificationReport} returns. All ratios are in [0, 1]. */
export interface ClassificationReport {
  /** Class names, index = class index. */
  readonly labels: readonly string[];
  /** Number of samples. */
  readonly total: number;
  /** Fraction of samples predicted correctly. */
  readonly accuracy: number;
  /** Unweighted average recall (macro recall) over classes with support > 0. */
  readonly uar: number;
  /** Macro-averaged F1 over classes present in `yTrue` or `yPred`. */
  readonly macroF1: number;
  /** Macro-averaged precision over classes present in `yTrue` or `yPred`. */
  readonly macroPrecision: number;
  /** Per-class metrics, in label order. */
  readonly perClass: readonly ClassMetrics[];
  /** `confusion[t][p]` = number of samples of true class `t` predicted as `p`. */
  readonly confusion: readonly (readonly number[])[];
  /** Human-readable notes on conventions applied (e.g. classes with no support). */
  readonly notes: readonly string[];
}

function assertLabels(component: string, name: string, y: ArrayLike<number>, k: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) {
      throw new InvalidArgumentError(
        name,
        v,
        `integer class index in [0, ${k - 1}]`,
        `${component}: ${name}[${i}] must be an integer class index in [0, ${k - 1}] (got ${String(v)}). Encode labels as indices into the label list.`,
      );
    }
  }
}

function assertSameLength(component: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) {
    throw new InvalidArgumentError(
      'yPred',
      yPred.length,
      `length ${yTrue.length}`,
      `${component}: yPred must have the same length as yTrue (got ${yPred.length} vs ${yTrue.length}). Pass one prediction per sample.`,
    );
  }
}

/**
 * Count how often each true class was predicted as each class.
 *
 * @param yTrue - true class indices in [0, k).
 * @param yPred - predicted class indices in [0, k), same length.
 * @param k - number of classes (≥ 1).
 * @returns `k × k` counts, `m[t][p]` (rows = true, columns = predicted, as sklearn).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on length mismatch or an index outside [0, k).
 * @example
 * confusionMatrix([0, 0, 1], [0, 1, 1], 2); // => [[1, 1], [0, 1]]
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  const C = 'confusionMatrix';
  if (!Number.isInteger(k) || k < 1) {
    throw new InvalidArgumentError('k', k, 'integer >= 1', `${C}: k must be an integer >= 1 (got ${String(k)}).`);
  }
  assertSameLength(C, yTrue, yPred);
  assertLabels(C, 'yTrue', yTrue, k);
  assertLabels(C, 'yPred', yPred, k);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]! += 1;
  return m;
}

/**
 * Metrics of a confusion matrix (rows = true, columns = predicted) — the core of
 * {@link classificationReport}, also used to report a summed cross-validation matrix.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the matrix is not `labels.length` square
 *   or holds no samples.
 */
export function reportFromConfusion(
  confusion: readonly (readonly number[])[],
  labels: readonly string[],
): ClassificationReport {
  const C = 'classificationReport';
  const k = labels.length;
  if (k < 1) {
    throw new InvalidArgumentError('labels', k, 'at least 1 label', `${C}: labels must hold at least 1 class name (got 0).`);
  }
  if (confusion.length !== k || confusion.some((row) => row.length !== k)) {
    throw new InvalidArgumentError(
      'confusion',
      confusion.length,
      `${k}×${k} matrix`,
      `${C}: confusion must be a ${k}×${k} matrix, one row and column per label (got ${confusion.length} rows).`,
    );
  }
  let total = 0;
  let correct = 0;
  const support = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const c = confusion[t]![p]!;
      total += c;
      support[t]! += c;
      predicted[p]! += c;
      if (t === p) correct += c;
    }
  }
  if (total === 0) {
    throw new InvalidArgumentError(
      'yTrue',
      0,
      'at least 1 sample',
      `${C}: yTrue must hold at least 1 sample (got 0). Evaluate on a non-empty set.`,
    );
  }
  const notes: string[] = [];
  const perClass: ClassMetrics[] = [];
  let recallSum = 0;
  let recallCount = 0;
  let f1Sum = 0;
  let precisionSum = 0;
  let presentCount = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    const sup = support[c]!;
    const pred = predicted[c]!;
    const precision = pred > 0 ? tp / pred : 0;
    const recall = sup > 0 ? tp / sup : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ label: labels[c]!, precision, recall, f1, support: sup, predicted: pred });
    if (sup > 0) {
      recallSum += recall;
      recallCount++;
    }
    if (sup > 0 || pred > 0) {
      f1Sum += f1;
      precisionSum += precision;
      presentCount++;
    }
    if (sup === 0 && pred === 0) {
      notes.push(
        `class '${labels[c]}' has no samples and was never predicted: precision, recall and F1 are defined as 0 and it is left out of UAR and the macro averages.`,
      );
    } else if (sup === 0) {
      notes.push(
        `class '${labels[c]}' has no support: its recall is defined as 0 and it is left out of UAR; its precision (0) counts in macro-F1.`,
      );
    } else if (pred === 0) {
      notes.push(`class '${labels[c]}' was never predicted: its precision is defined as 0.`);
    }
  }
  return {
    labels: [...labels],
    total,
    accuracy: correct / total,
    uar: recallCount > 0 ? recallSum / recallCount : 0,
    macroF1: presentCount > 0 ? f1Sum / presentCount : 0,
    macroPrecision: presentCount > 0 ? precisionSum / presentCount : 0,
    perClass,
    confusion: confusion.map((row) => [...row]),
    notes,
  };
}

/**
 * Accuracy, UAR, macro-F1, per-class precision / recall / F1 / support and the confusion matrix.
 *
 * @param yTrue - true class indices in [0, labels.length).
 * @param yPred - predicted class indices, same length.
 * @param labels - class names; index = class index.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on empty input, length mismatch or bad indices.
 * @example
 * const r = classificationReport([0, 0, 1, 1], [0, 1, 1, 1], ['a', 'b']);
 * r.accuracy; // => 0.75
 * r.uar;      // => 0.75  (recall a = 0.5, b = 1)
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  labels: readonly string[],
): ClassificationReport {
  if (labels.length < 1) {
    throw new InvalidArgumentError(
      'labels',
      0,
      'at least 1 label',
      'classificationReport: labels must hold at least 1 class name (got 0).',
    );
  }
  return reportFromConfusion(confusionMatrix(yTrue, yPred, labels.length), labels);
}

/** Index of the largest value in each row of a row-major `[rows, k]` matrix (first wins on ties). */
export function argMaxRows(values: Float32Array, k: number): Int32Array {
  const rows = Math.floor(values.length / k);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = values[r * k]!;
    for (let c = 1; c < k; c++) {
      const v = values[r * k + c]!;
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/**
 * Mean categorical cross-entropy of probabilities against class indices, with probabilities
 * clipped to [1e-7, 1 − 1e-7] as Keras' `categorical_crossentropy` does (so a confident wrong
 * answer costs ≈ 16.1, not Infinity).
 */
export function crossEntropy(probs: Float32Array, y: ArrayLike<number>, k: number): number {
  const eps = 1e-7;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = probs[i * k + y[i]!]!;
    sum -= Math.log(Math.min(1 - eps, Math.max(eps, p)));
  }
  return y.length > 0 ? sum / y.length : 0;
}

/** Mean and population standard deviation (ddof = 0, as numpy's default) of `values`. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: 0, std: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

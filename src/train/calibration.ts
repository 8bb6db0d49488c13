/**
 * Calibration of predicted probabilities: the top-label expected calibration error (ECE, Guo et
 * al. 2017, equal-width confidence bins) and temperature scaling (one scalar T fitted by
 * negative log-likelihood on held-out scores, applied as `p^(1/T)` renormalised, i.e. logits
 * `log p` divided by T). Pure TypeScript (no tfjs): probabilities are row-major `[n, k]` arrays.
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';

const C = 'calibration';

/** Row-major `[n, k]` class probabilities (each row sums to 1). */
export type ProbabilityRows = Float32Array | Float64Array;

/** One confidence bin of {@link expectedCalibrationError}. */
export interface CalibrationBin {
  /** Lower edge of the bin (exclusive, except 0 for the first bin), in [0, 1]. */
  readonly lo: number;
  /** Upper edge of the bin (inclusive), in [0, 1]. */
  readonly hi: number;
  /** Samples whose top probability falls in the bin. */
  readonly count: number;
  /** Mean top probability of those samples; 0 when the bin is empty. */
  readonly confidence: number;
  /** Fraction of those samples whose top class is the label; 0 when the bin is empty. */
  readonly accuracy: number;
}

/** What {@link expectedCalibrationError} returns. */
export interface CalibrationReport {
  /** Σ_b (count_b / n) · |accuracy_b − confidence_b|, in [0, 1]. */
  readonly ece: number;
  /** The bins, from [0, 1/bins] up to ((bins − 1)/bins, 1]. */
  readonly bins: readonly CalibrationBin[];
}

/** Options of {@link expectedCalibrationError}. */
export interface EceOptions {
  /** Number of equal-width confidence bins over [0, 1]. @defaultValue 15 */
  readonly bins?: number;
}

/** Options of {@link fitTemperature}. */
export interface FitTemperatureOptions {
  /** Smallest temperature searched. @defaultValue 0.05 */
  readonly min?: number;
  /** Largest temperature searched. @defaultValue 20 */
  readonly max?: number;
}

/** Options of {@link applyTemperature}. */
export interface ApplyTemperatureOptions {
  /** Classes per row (k). */
  readonly classes: number;
}

/** Frozen defaults of {@link EceOptions} and {@link FitTemperatureOptions}. */
export const CALIBRATION_DEFAULTS = Object.freeze({ bins: 15, min: 0.05, max: 20 });

/** Probabilities below this are floored before taking logs (a zero would be −∞ logit). */
const P_FLOOR = 1e-12;

/** Check `[n, k]` rows against `labels`; returns k. */
function checkInput(probabilities: ProbabilityRows, labels: readonly number[]): number {
  if (!(probabilities instanceof Float32Array || probabilities instanceof Float64Array)) {
    throw new InvalidArgumentError('probabilities', probabilities, 'Float32Array | Float64Array', `${C}: probabilities must be a Float32Array or Float64Array of row-major [n, k] scores (got ${Object.prototype.toString.call(probabilities)}).`);
  }
  const n = labels.length;
  if (n === 0) throw new InvalidArgumentError('labels', labels, 'at least one label', `${C}: labels is empty. Pass one class index per row of probabilities.`);
  if (probabilities.length === 0 || probabilities.length % n !== 0) {
    throw new InvalidArgumentError('probabilities', probabilities.length, `a multiple of ${n} (labels.length)`, `${C}: probabilities must hold labels.length × k values (got ${probabilities.length} values for ${n} labels). Pass row-major [n, k] scores.`);
  }
  const k = probabilities.length / n;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (typeof y !== 'number' || !Number.isInteger(y) || y < 0 || y >= k) {
      throw new InvalidArgumentError('labels', y, `integer class index in [0, ${k - 1}]`, `${C}: labels[${i}] must be an integer class index in [0, ${k - 1}] (got ${String(y)}).`);
    }
  }
  for (let j = 0; j < probabilities.length; j++) {
    const p = probabilities[j]!;
    if (!(p >= 0 && p <= 1 + 1e-6)) {
      throw new InvalidArgumentError('probabilities', p, 'probabilities in [0, 1]', `${C}: probabilities[${j}] must be a probability in [0, 1] (got ${p}). Pass softmax outputs, not logits.`);
    }
  }
  return k;
}

/**
 * Top-label expected calibration error with equal-width bins: each sample falls in the bin of
 * its highest probability (bin b = (b/B, (b+1)/B], the first bin including 0); the ECE is the
 * count-weighted mean gap between accuracy and mean confidence over the bins.
 *
 * @param probabilities - row-major `[n, k]` class probabilities.
 * @param labels - the true class index of each row (length n).
 * @param options - `bins` (default 15).
 * @returns `{ ece, bins }`; ties of the top probability go to the lowest class index.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for mismatched sizes, labels out of range,
 *   values outside [0, 1] or a bad bin count.
 * @example
 * expectedCalibrationError(Float32Array.of(0.9, 0.1, 0.2, 0.8), [0, 0], { bins: 10 }).ece
 * // => 0.45: bin (0.8, 0.9] holds row 0 (accuracy 1, confidence 0.9), bin (0.7, 0.8] row 1
 * //    (its top class 1 is wrong: accuracy 0, confidence 0.8); ½·0.1 + ½·0.8
 * @see Guo et al., "On Calibration of Modern Neural Networks" (2017)
 */
export function expectedCalibrationError(probabilities: ProbabilityRows, labels: readonly number[], options: EceOptions = {}): CalibrationReport {
  const nBins = options.bins ?? CALIBRATION_DEFAULTS.bins;
  assertPositiveInt(C, 'bins', nBins, 1);
  const k = checkInput(probabilities, labels);
  const n = labels.length;
  const count = new Float64Array(nBins);
  const conf = new Float64Array(nBins);
  const correct = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probabilities[i * k + j]! > probabilities[i * k + best]!) best = j;
    const p = Math.min(1, probabilities[i * k + best]!);
    // (b/B, (b+1)/B]: ceil(p·B) − 1, with p = 0 in the first bin.
    const b = Math.min(nBins - 1, Math.max(0, Math.ceil(p * nBins) - 1));
    count[b]!++;
    conf[b]! += p;
    if (best === labels[i]) correct[b]!++;
  }
  let ece = 0;
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    const c = count[b]!;
    const confidence = c > 0 ? conf[b]! / c : 0;
    const accuracy = c > 0 ? correct[b]! / c : 0;
    ece += (c / n) * Math.abs(accuracy - confidence);
    bins.push({ lo: b / nBins, hi: (b + 1) / nBins, count: c, confidence, accuracy });
  }
  return { ece, bins };
}

/** Mean negative log-likelihood of `labels` under `softmax(log p / T)`. */
function temperatureNll(logP: Float64Array, labels: readonly number[], k: number, temperature: number): number {
  const inv = 1 / temperature;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logP[row + j]! * inv);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logP[row + j]! * inv - max);
    total += max + Math.log(sum) - logP[row + labels[i]!]! * inv;
  }
  return total / labels.length;
}

/**
 * Fit the temperature T that minimises the negative log-likelihood of `labels` under
 * `p^(1/T)` renormalised (logits `log p` divided by T; T > 1 softens over-confident scores, T < 1
 * sharpens). Golden-section search on log T over [min, max] (the NLL is smooth and, for
 * temperature scaling, unimodal in log T); the result is within ~1e-6 relative of the optimum,
 * and at a bound when the optimum lies beyond it.
 *
 * @param probabilities - row-major `[n, k]` held-out class probabilities (not the training set's).
 * @param labels - true class index per row.
 * @param options - search range `{ min = 0.05, max = 20 }`.
 * @returns the temperature T.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for bad input or a bad range.
 * @example
 * const t = fitTemperature(valProbs, valLabels); // => 1.8 for an over-confident model
 * const calibrated = applyTemperature(testProbs, t);
 */
export function fitTemperature(probabilities: ProbabilityRows, labels: readonly number[], options: FitTemperatureOptions = {}): number {
  const min = options.min ?? CALIBRATION_DEFAULTS.min;
  const max = options.max ?? CALIBRATION_DEFAULTS.max;
  assertInRange(C, 'min', min, 1e-6, 1e6, 'Pass the smallest temperature to search, e.g. 0.05.');
  assertInRange(C, 'max', max, min, 1e6, 'max must be at least min, e.g. 20.');
  const k = checkInput(probabilities, labels);
  const logP = Float64Array.from(probabilities, (p) => Math.log(Math.max(p, P_FLOOR)));
  const f = (u: number) => temperatureNll(logP, labels, k, Math.exp(u));
  let a = Math.log(min);
  let b = Math.log(max);
  if (b - a < 1e-12) return min;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-7) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  // The bracket ends are candidates too (the optimum may sit on a bound).
  const candidates = [[Math.log(min), f(Math.log(min))], [Math.log(max), f(Math.log(max))], [(a + b) / 2, f((a + b) / 2)]] as const;
  let best = candidates[2];
  for (const cand of candidates) if (cand[1] < best[1]) best = cand;
  return Math.exp(best[0]);
}

/**
 * Rescale probabilities by a temperature: each row becomes `p^(1/T) / Σ p^(1/T)` (softmax of
 * `log p / T`), computed stably in log space. T = 1 returns the (renormalised) input.
 *
 * @param probabilities - row-major `[n, k]` class probabilities.
 * @param temperature - T > 0, e.g. from {@link fitTemperature}.
 * @param options - `classes`: k, the number of classes per row (needed to renormalise each row).
 * @returns a new Float32Array `[n, k]`, rows summing to 1.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a non-positive temperature or a bad `classes`.
 * @example
 * applyTemperature(Float32Array.of(0.9, 0.1), 2, { classes: 2 }) // => [0.75, 0.25]
 */
export function applyTemperature(probabilities: ProbabilityRows, temperature: number, options: ApplyTemperatureOptions): Float32Array {
  assertInRange(C, 'temperature', temperature, 1e-9, 1e9, 'Pass a positive temperature, e.g. from fitTemperature().');
  const k = options?.classes;
  assertPositiveInt(C, 'classes', k, 1);
  if (probabilities.length % k !== 0) {
    throw new InvalidArgumentError('classes', k, `a divisor of ${probabilities.length}`, `${C}: probabilities must hold whole rows of ${k} classes (got ${probabilities.length} values). Pass the number of classes per row as classes.`);
  }
  const out = new Float32Array(probabilities.length);
  const inv = 1 / temperature;
  const row = new Float64Array(k);
  for (let r = 0; r < probabilities.length; r += k) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      row[j] = Math.log(Math.max(probabilities[r + j]!, P_FLOOR)) * inv;
      if (row[j]! > max) max = row[j]!;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      row[j] = Math.exp(row[j]! - max);
      sum += row[j]!;
    }
    for (let j = 0; j < k; j++) out[r + j] = row[j]! / sum;
  }
  return out;
}

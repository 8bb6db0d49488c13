/**
 * Per-feature standardisation of feature matrices (sklearn's `StandardScaler`).
 *
 * Layer 3 (preprocess): plain TypeScript over `Float32Array`s; imports only layer 0.
 * @module
 */
import { InvalidArgumentError, ModelFormatError, NotFittedError, ShapeMismatchError } from '../errors.js';
import type { FeatureMatrix } from '../types.js';

const COMPONENT = 'StandardScaler';
const EPS64 = 2.220446049250313e-16; // np.finfo(np.float64).eps

/** Options of {@link StandardScaler}; all optional. */
export interface StandardScalerOptions {
  /** Subtract the per-feature mean (sklearn `with_mean`). @defaultValue true */
  readonly withMean?: boolean;
  /** Divide by the per-feature population standard deviation (sklearn `with_std`). @defaultValue true */
  readonly withStd?: boolean;
}

/** Defaults of {@link StandardScalerOptions} (sklearn's). */
export const STANDARD_SCALER_DEFAULTS = Object.freeze({
  withMean: true,
  withStd: true,
} as const satisfies Required<StandardScalerOptions>);

/** Resolved, frozen {@link StandardScalerOptions}. */
export type StandardScalerConfig = Readonly<Required<StandardScalerOptions>>;

/** Merge, validate and freeze {@link StandardScalerOptions}. */
export function resolveStandardScalerConfig(options: StandardScalerOptions = {}): StandardScalerConfig {
  const cfg = { ...STANDARD_SCALER_DEFAULTS, ...options };
  for (const key of ['withMean', 'withStd'] as const) {
    if (typeof cfg[key] !== 'boolean') {
      throw new InvalidArgumentError(
        key,
        cfg[key],
        'boolean',
        `${COMPONENT}: ${key} must be a boolean (got ${String(cfg[key])}).`,
      );
    }
  }
  return Object.freeze(cfg);
}

/**
 * Serialised form of a fitted {@link StandardScaler} (what {@link StandardScaler.toJSON} returns and
 * {@link StandardScaler.fromJSON} accepts). Numbers are float64, so a round trip is exact.
 */
export interface StandardScalerJson {
  readonly type: 'StandardScaler';
  readonly version: 1;
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Number of features (`bins` of the matrices it standardises). */
  readonly bins: number;
  /** Number of frames seen by fit/partialFit (sklearn `n_samples_seen_`). */
  readonly nSamplesSeen: number;
  /** Per-feature mean, length `bins` (zeros when `withMean` is false and nothing was fitted). */
  readonly mean: readonly number[];
  /** Per-feature population variance, length `bins`. */
  readonly var: readonly number[];
  /** Per-feature divisor, length `bins`: `sqrt(var)`, or 1 for constant features / `withStd: false`. */
  readonly scale: readonly number[];
}

function asList(x: FeatureMatrix | readonly FeatureMatrix[]): readonly FeatureMatrix[] {
  return Array.isArray(x) ? (x as readonly FeatureMatrix[]) : [x as FeatureMatrix];
}

function checkMatrix(m: FeatureMatrix, name: string, bins: number | null): void {
  if (
    m === null ||
    typeof m !== 'object' ||
    !(m.data instanceof Float32Array) ||
    !Number.isInteger(m.frames) ||
    !Number.isInteger(m.bins) ||
    m.frames < 0 ||
    m.bins < 1
  ) {
    throw new InvalidArgumentError(
      name,
      m,
      'FeatureMatrix { data: Float32Array, frames, bins }',
      `${COMPONENT}: ${name} must be a FeatureMatrix { data: Float32Array, frames: integer >= 0, bins: integer >= 1 } (got ${Object.prototype.toString.call(m)}). Pass the output of Mfcc.compute().`,
    );
  }
  if (m.data.length !== m.frames * m.bins) {
    throw new ShapeMismatchError(
      [m.frames, m.bins],
      [m.data.length],
      `${COMPONENT}: ${name}.data must hold frames * bins = ${m.frames * m.bins} values (got ${m.data.length}). Build the matrix with data.length === frames * bins.`,
    );
  }
  if (bins !== null && m.bins !== bins) {
    throw new ShapeMismatchError(
      [null, bins],
      [m.frames, m.bins],
      `${COMPONENT}: ${name} has shape [${m.frames}, ${m.bins}] but the scaler was fitted on ${bins} features. Use the feature config the scaler was fitted with.`,
    );
  }
}

/**
 * Standardises every feature (column `k` of a frame-major `[frames, bins]` matrix) to zero mean and
 * unit variance: `z = (x - mean[k]) / scale[k]`, exactly like sklearn's `StandardScaler` applied to the
 * frames of all matrices stacked row-wise.
 *
 * - Statistics are accumulated in float64 (two-pass for `fit`, Chan et al.'s pairwise update for
 *   `partialFit`), so millions of frames do not lose precision.
 * - The standard deviation is the population one (`ddof = 0`), as in sklearn.
 * - A constant (zero-variance) feature gets `scale = 1` (sklearn `_handle_zeros_in_scale`), so the
 *   output is never NaN or Inf.
 * - Non-finite inputs are rejected rather than propagated.
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler().fit(trainMatrices);
 * const z = scaler.transform(mfcc);          // new matrix, same shape
 * const saved = JSON.stringify(scaler);      // toJSON()
 * const again = StandardScaler.fromJSON(JSON.parse(saved));
 * ```
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.StandardScaler.html
 */
export class StandardScaler {
  /** Resolved options. */
  readonly config: StandardScalerConfig;
  #bins: number | null = null;
  #n = 0;
  #mean: Float64Array | null = null;
  /** Sum of squared deviations from the mean (M2), per feature. */
  #m2: Float64Array | null = null;
  #scale: Float64Array | null = null;

  constructor(options: StandardScalerOptions = {}) {
    this.config = resolveStandardScalerConfig(options);
  }

  /** True once fit(), partialFit() or fromJSON() has set the statistics. */
  get fitted(): boolean {
    return this.#scale !== null;
  }

  /** Number of features the scaler was fitted on. @throws {NotFittedError} before fit. */
  get bins(): number {
    this.#assertFitted('bins');
    return this.#bins!;
  }

  /** Frames seen so far (sklearn `n_samples_seen_`). 0 before fit. */
  get nSamplesSeen(): number {
    return this.#n;
  }

  /** Per-feature mean (a copy, float64, length `bins`). @throws {NotFittedError} before fit. */
  get mean(): Float64Array {
    this.#assertFitted('mean');
    return Float64Array.from(this.#mean!);
  }

  /** Per-feature population variance (a copy). @throws {NotFittedError} before fit. */
  get variance(): Float64Array {
    this.#assertFitted('variance');
    const v = new Float64Array(this.#bins!);
    for (let k = 0; k < v.length; k++) v[k] = this.#n > 0 ? this.#m2![k]! / this.#n : 0;
    return v;
  }

  /** Per-feature divisor (a copy): population std, or 1 for constant features. @throws {NotFittedError} before fit. */
  get scale(): Float64Array {
    this.#assertFitted('scale');
    return Float64Array.from(this.#scale!);
  }

  /**
   * Compute mean and scale over all frames of `x` (one matrix or many), replacing earlier statistics.
   * @param x - one `[frames, bins]` matrix or a list of them with the same `bins`.
   * @returns `this`, for chaining.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when there are no frames or a value is NaN/Inf.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when the matrices disagree on `bins`.
   */
  fit(x: FeatureMatrix | readonly FeatureMatrix[]): this {
    const list = asList(x);
    const stats = batchStats(list, null);
    this.#bins = stats.bins;
    this.#n = stats.n;
    this.#mean = stats.mean;
    this.#m2 = stats.m2;
    this.#updateScale();
    return this;
  }

  /**
   * Update the statistics with more frames (sklearn `partial_fit`), e.g. when the training set does
   * not fit in memory. Equivalent to `fit` on everything seen so far, up to float64 rounding.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `bins` differs from earlier batches.
   */
  partialFit(x: FeatureMatrix | readonly FeatureMatrix[]): this {
    const list = asList(x);
    const b = batchStats(list, this.#bins);
    if (this.#mean === null || this.#m2 === null || this.#n === 0) {
      this.#bins = b.bins;
      this.#n = b.n;
      this.#mean = b.mean;
      this.#m2 = b.m2;
    } else {
      // Chan, Golub & LeVeque pairwise combination of (n, mean, M2).
      const n = this.#n + b.n;
      for (let k = 0; k < b.bins; k++) {
        const delta = b.mean[k]! - this.#mean[k]!;
        this.#mean[k] = this.#mean[k]! + (delta * b.n) / n;
        this.#m2[k] = this.#m2[k]! + b.m2[k]! + (delta * delta * this.#n * b.n) / n;
      }
      this.#n = n;
    }
    this.#updateScale();
    return this;
  }

  /**
   * Standardise one matrix into a new one (input untouched).
   * @returns a new `[frames, bins]` matrix.
   * @throws {NotFittedError} SER_NOT_FITTED before fit() / fromJSON().
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `x.bins` differs from the fitted `bins`.
   */
  transform(x: FeatureMatrix): FeatureMatrix;
  /** Standardise each matrix of a list into new matrices. */
  transform(x: readonly FeatureMatrix[]): FeatureMatrix[];
  transform(x: FeatureMatrix | readonly FeatureMatrix[]): FeatureMatrix | FeatureMatrix[] {
    if (Array.isArray(x)) return (x as readonly FeatureMatrix[]).map((m) => this.transform(m));
    const m = x as FeatureMatrix;
    this.#assertFitted('transform()');
    checkMatrix(m, 'x', this.#bins);
    const out = new Float32Array(m.data.length);
    this.#apply(m.data, out);
    return { data: out, frames: m.frames, bins: m.bins };
  }

  /**
   * Standardise `x.data` in place (no allocation) and return `x`. Use in training loops over many
   * clips where the unscaled matrix is not needed afterwards.
   * @throws {NotFittedError} SER_NOT_FITTED before fit() / fromJSON().
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH on a `bins` mismatch.
   */
  transformInPlace<M extends FeatureMatrix>(x: M): M {
    this.#assertFitted('transformInPlace()');
    checkMatrix(x, 'x', this.#bins);
    this.#apply(x.data, x.data);
    return x;
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: FeatureMatrix): FeatureMatrix;
  fitTransform(x: readonly FeatureMatrix[]): FeatureMatrix[];
  fitTransform(x: FeatureMatrix | readonly FeatureMatrix[]): FeatureMatrix | FeatureMatrix[] {
    this.fit(x);
    return Array.isArray(x)
      ? this.transform(x as readonly FeatureMatrix[])
      : this.transform(x as FeatureMatrix);
  }

  /**
   * Undo the standardisation: `x = z * scale + mean` (new matrix).
   * @throws {NotFittedError} SER_NOT_FITTED before fit() / fromJSON().
   */
  inverseTransform(z: FeatureMatrix): FeatureMatrix {
    this.#assertFitted('inverseTransform()');
    checkMatrix(z, 'z', this.#bins);
    const bins = this.#bins!;
    const mean = this.#mean!;
    const scale = this.#scale!;
    const src = z.data;
    const out = new Float32Array(src.length);
    const useMean = this.config.withMean;
    for (let i = 0; i < src.length; i += bins) {
      for (let k = 0; k < bins; k++) {
        out[i + k] = src[i + k]! * scale[k]! + (useMean ? mean[k]! : 0);
      }
    }
    return { data: out, frames: z.frames, bins: z.bins };
  }

  /**
   * Serialise the fitted statistics (float64 numbers; exact round trip through JSON).
   * @throws {NotFittedError} SER_NOT_FITTED before fit.
   */
  toJSON(): StandardScalerJson {
    this.#assertFitted('toJSON()');
    return {
      type: 'StandardScaler',
      version: 1,
      withMean: this.config.withMean,
      withStd: this.config.withStd,
      bins: this.#bins!,
      nSamplesSeen: this.#n,
      mean: Array.from(this.#mean!),
      var: Array.from(this.variance),
      scale: Array.from(this.#scale!),
    };
  }

  /**
   * Rebuild a fitted scaler from {@link StandardScaler.toJSON} output (object or JSON string).
   * @throws {ModelFormatError} SER_MODEL_FORMAT when a field is missing, has the wrong length, is
   * not finite, or a scale is not positive; `error.field` names the field.
   */
  static fromJSON(json: unknown): StandardScaler {
    let obj: unknown = json;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch (e) {
        throw new ModelFormatError('scaler', `${COMPONENT}.fromJSON: the text is not valid JSON. Pass the object saved from scaler.toJSON().`, {
          cause: e,
        });
      }
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new ModelFormatError('scaler', `${COMPONENT}.fromJSON: json must be an object (got ${obj === null ? 'null' : typeof obj}). Pass the object saved from scaler.toJSON().`);
    }
    const o = obj as Record<string, unknown>;
    if (o.type !== 'StandardScaler') {
      throw new ModelFormatError('scaler.type', `${COMPONENT}.fromJSON: type must be 'StandardScaler' (got ${JSON.stringify(o.type)}). Pass the object saved from scaler.toJSON().`);
    }
    if (o.version !== 1) {
      throw new ModelFormatError('scaler.version', `${COMPONENT}.fromJSON: version must be 1 (got ${JSON.stringify(o.version)}). The bundle was written by an incompatible library version.`);
    }
    const bins = o.bins;
    if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1) {
      throw new ModelFormatError('scaler.bins', `${COMPONENT}.fromJSON: bins must be an integer >= 1 (got ${JSON.stringify(bins)}). The saved scaler is damaged.`);
    }
    const n = o.nSamplesSeen ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new ModelFormatError('scaler.nSamplesSeen', `${COMPONENT}.fromJSON: nSamplesSeen must be an integer >= 0 (got ${JSON.stringify(n)}). The saved scaler is damaged.`);
    }
    const withMean = o.withMean ?? true;
    const withStd = o.withStd ?? true;
    if (typeof withMean !== 'boolean' || typeof withStd !== 'boolean') {
      throw new ModelFormatError('scaler.withMean', `${COMPONENT}.fromJSON: withMean and withStd must be booleans (got ${JSON.stringify(withMean)}, ${JSON.stringify(withStd)}). The saved scaler is damaged.`);
    }
    const vector = (field: 'mean' | 'var' | 'scale', positive: boolean, optional: boolean): Float64Array | null => {
      const v = o[field];
      if (v === undefined && optional) return null;
      if (!Array.isArray(v) || v.length !== bins) {
        throw new ModelFormatError(`scaler.${field}`, `${COMPONENT}.fromJSON: ${field} must be an array of ${bins} numbers (got ${Array.isArray(v) ? `${v.length} entries` : JSON.stringify(v)}). The saved scaler is damaged.`);
      }
      const out = new Float64Array(bins);
      for (let k = 0; k < bins; k++) {
        const x = v[k] as unknown;
        if (typeof x !== 'number' || !Number.isFinite(x) || (positive ? x <= 0 : field === 'var' && x < 0)) {
          throw new ModelFormatError(`scaler.${field}`, `${COMPONENT}.fromJSON: ${field}[${k}] must be a finite${positive ? ' positive' : field === 'var' ? ' non-negative' : ''} number (got ${JSON.stringify(x)}). The saved scaler is damaged.`);
        }
        out[k] = x;
      }
      return out;
    };
    const mean = vector('mean', false, false)!;
    const scale = vector('scale', true, false)!;
    const variance = vector('var', false, true);
    const s = new StandardScaler({ withMean, withStd });
    s.#bins = bins;
    s.#n = n;
    s.#mean = mean;
    s.#scale = scale;
    const m2 = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      // Keep var so partialFit can continue from a loaded scaler; fall back to scale² if absent.
      m2[k] = (variance ? variance[k]! : scale[k]! * scale[k]!) * n;
    }
    s.#m2 = m2;
    return s;
  }

  #apply(src: Float32Array, dst: Float32Array): void {
    const bins = this.#bins!;
    const mean = this.#mean!;
    const scale = this.#scale!;
    const useMean = this.config.withMean;
    // Multiply by the float64 reciprocal; (x - m) is formed in float64 before rounding to float32.
    const inv = new Float64Array(bins);
    for (let k = 0; k < bins; k++) inv[k] = 1 / scale[k]!;
    for (let i = 0; i < src.length; i += bins) {
      for (let k = 0; k < bins; k++) {
        dst[i + k] = (src[i + k]! - (useMean ? mean[k]! : 0)) * inv[k]!;
      }
    }
  }

  #updateScale(): void {
    const bins = this.#bins!;
    const scale = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      if (!this.config.withStd || this.#n === 0) {
        scale[k] = 1;
        continue;
      }
      const v = this.#m2![k]! / this.#n;
      const m = this.#mean![k]!;
      // sklearn _is_constant_feature: variance indistinguishable from float64 rounding noise.
      const upper = this.#n * EPS64 * v + (this.#n * m * EPS64) ** 2;
      const sd = Math.sqrt(v);
      scale[k] = v <= upper || sd < 10 * EPS64 ? 1 : sd;
    }
    this.#scale = scale;
  }

  #assertFitted(method: string): void {
    if (this.#scale === null) {
      throw new NotFittedError(
        COMPONENT,
        `${COMPONENT}: ${method.endsWith(')') ? `${method} was called` : `${method} was read`} before fit(). Call fit(x) or StandardScaler.fromJSON(saved).`,
      );
    }
  }
}

/** Two-pass float64 statistics over all frames of `list`. */
function batchStats(
  list: readonly FeatureMatrix[],
  expectedBins: number | null,
): { bins: number; n: number; mean: Float64Array; m2: Float64Array } {
  if (list.length === 0) {
    throw new InvalidArgumentError('x', list, 'at least one matrix', `${COMPONENT}: x must hold at least one matrix (got an empty list). Pass the training feature matrices.`);
  }
  let bins = expectedBins;
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    checkMatrix(m, list.length > 1 ? `x[${i}]` : 'x', bins);
    bins = m.bins;
    n += m.frames;
  }
  if (n === 0 || bins === null) {
    throw new InvalidArgumentError('x', 0, 'at least one frame', `${COMPONENT}: x must contain at least one frame (got 0 frames). Fit on non-empty feature matrices.`);
  }
  const sum = new Float64Array(bins);
  for (const m of list) {
    const d = m.data;
    for (let i = 0; i < d.length; i += bins) {
      for (let k = 0; k < bins; k++) sum[k] = sum[k]! + d[i + k]!;
    }
  }
  const mean = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    mean[k] = sum[k]! / n;
    if (!Number.isFinite(mean[k]!)) {
      throw new InvalidArgumentError('x', mean[k], 'finite values', `${COMPONENT}: x contains a non-finite value (NaN or Inf) in feature ${k}. Remove or repair those frames before fit().`);
    }
  }
  const m2 = new Float64Array(bins);
  const comp = new Float64Array(bins);
  for (const m of list) {
    const d = m.data;
    for (let i = 0; i < d.length; i += bins) {
      for (let k = 0; k < bins; k++) {
        const dev = d[i + k]! - mean[k]!;
        m2[k] = m2[k]! + dev * dev;
        comp[k] = comp[k]! + dev;
      }
    }
  }
  // Corrected two-pass (Chan, Golub & LeVeque 1983): subtract the rounding error of the mean.
  for (let k = 0; k < bins; k++) m2[k] = Math.max(0, m2[k]! - (comp[k]! * comp[k]!) / n);
  return { bins, n, mean, m2 };
}

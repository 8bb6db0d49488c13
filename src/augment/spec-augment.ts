/**
 * SpecAugment time and frequency masking on feature matrices (Park et al., 2019), without time
 * warping.
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { randInt } from '../internal/rng.js';
import { assertFiniteArray, assertPositiveInt, describeValue } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';
import { toRng, type RngLike } from './signal.js';

/** Options of {@link specAugment}. */
export interface SpecAugmentOptions {
  /** Number of time masks (frames set to `maskValue` across all bins). @defaultValue 2 */
  readonly timeMasks?: number;
  /** Largest time-mask width in frames; each width is drawn uniformly from `0 … min(this, frames)`. @defaultValue 12 */
  readonly timeMaskMaxFrames?: number;
  /** Number of frequency masks (bins set to `maskValue` across all frames). @defaultValue 2 */
  readonly freqMasks?: number;
  /** Largest frequency-mask width in bins; each width is drawn uniformly from `0 … min(this, bins)`. @defaultValue 6 */
  readonly freqMaskMaxBins?: number;
  /** Value written into masked cells: a number, or `'mean'` (the mean of the input matrix; 0 after standardisation). @defaultValue 'mean' */
  readonly maskValue?: number | 'mean';
}

/** Defaults of {@link specAugment}: mild masks sized for ~100 frames × 40 MFCC. */
export const SPEC_AUGMENT_DEFAULTS = Object.freeze({
  timeMasks: 2,
  timeMaskMaxFrames: 12,
  freqMasks: 2,
  freqMaskMaxBins: 6,
  maskValue: 'mean',
} as const satisfies Required<SpecAugmentOptions>);

/** Resolved {@link SpecAugmentOptions}. */
export type SpecAugmentConfig = Readonly<{ [K in keyof SpecAugmentOptions]-?: Exclude<SpecAugmentOptions[K], undefined> }>;

/** Merge with {@link SPEC_AUGMENT_DEFAULTS}, validate and freeze. */
export function resolveSpecAugmentConfig(
  options: SpecAugmentOptions = {},
  component = 'specAugment',
  prefix = '',
): SpecAugmentConfig {
  const o = options as Record<string, unknown>;
  const c = {
    timeMasks: o['timeMasks'] ?? SPEC_AUGMENT_DEFAULTS.timeMasks,
    timeMaskMaxFrames: o['timeMaskMaxFrames'] ?? SPEC_AUGMENT_DEFAULTS.timeMaskMaxFrames,
    freqMasks: o['freqMasks'] ?? SPEC_AUGMENT_DEFAULTS.freqMasks,
    freqMaskMaxBins: o['freqMaskMaxBins'] ?? SPEC_AUGMENT_DEFAULTS.freqMaskMaxBins,
    maskValue: o['maskValue'] ?? SPEC_AUGMENT_DEFAULTS.maskValue,
  };
  assertPositiveInt(component, `${prefix}timeMasks`, c.timeMasks, 0);
  assertPositiveInt(component, `${prefix}timeMaskMaxFrames`, c.timeMaskMaxFrames, 0);
  assertPositiveInt(component, `${prefix}freqMasks`, c.freqMasks, 0);
  assertPositiveInt(component, `${prefix}freqMaskMaxBins`, c.freqMaskMaxBins, 0);
  const mv = c.maskValue;
  if (mv !== 'mean' && !(typeof mv === 'number' && Number.isFinite(mv))) {
    throw new InvalidArgumentError(
      `${prefix}maskValue`,
      mv,
      "finite number or 'mean'",
      `${component}: ${prefix}maskValue must be a finite number or 'mean' (got ${describeValue(mv)}).`,
    );
  }
  // Only the known keys are kept, so unknown extras never reach the saved config.
  return Object.freeze({ ...c, maskValue: mv as number | 'mean' }) as SpecAugmentConfig;
}

/** Check a FeatureMatrix at a public boundary. */
export function assertFeatureMatrix(component: string, m: unknown, name = 'features'): asserts m is FeatureMatrix {
  const f = m as FeatureMatrix | null;
  if (typeof f !== 'object' || f === null || !(f.data instanceof Float32Array)) {
    throw new InvalidArgumentError(
      name,
      m,
      'FeatureMatrix { data: Float32Array, frames, bins }',
      `${component}: ${name} must be a FeatureMatrix { data: Float32Array, frames, bins } (got ${describeValue(m)}).`,
    );
  }
  assertPositiveInt(component, `${name}.frames`, f.frames);
  assertPositiveInt(component, `${name}.bins`, f.bins);
  if (f.data.length !== f.frames * f.bins) {
    throw new ShapeMismatchError(
      [f.frames * f.bins],
      [f.data.length],
      `${component}: ${name}.data has ${f.data.length} values but frames × bins = ${f.frames} × ${f.bins} = ${f.frames * f.bins}. Build the matrix frame-major with data.length === frames * bins.`,
    );
  }
  assertFiniteArray(component, `${name}.data`, f.data);
}

/**
 * Mask random bands of frames and of bins in a feature matrix (SpecAugment without time warp).
 *
 * Each of the `timeMasks` masks draws a width `w` uniformly from `0 … min(timeMaskMaxFrames, frames)`
 * and a start uniformly from `0 … frames − w`, then sets those frames (all bins) to `maskValue`;
 * frequency masks do the same on bins. Masks may overlap. The input is not modified.
 *
 * @param features - frame-major matrix (`data[t * bins + k]`), finite values.
 * @param options - see {@link SpecAugmentOptions}.
 * @param rng - a `() => number` in [0, 1) or an integer seed.
 * @returns a new FeatureMatrix of the same shape.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf values.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `data.length !== frames * bins`.
 * @example
 * const masked = specAugment(mfcc, { timeMasks: 2, timeMaskMaxFrames: 10, freqMasks: 2, freqMaskMaxBins: 5 }, 1);
 * // => same shape; a few bands of frames and of bins hold the matrix mean
 */
export function specAugment(features: FeatureMatrix, options: SpecAugmentOptions, rng: RngLike): FeatureMatrix {
  const C = 'specAugment';
  assertFeatureMatrix(C, features);
  const c = resolveSpecAugmentConfig(options, C);
  return specAugmentKernel(features, c, toRng(C, rng));
}

/** {@link specAugment} without validation (the Augmenter validates once). */
export function specAugmentKernel(features: FeatureMatrix, c: SpecAugmentConfig, rng: () => number): FeatureMatrix {
  const { frames, bins } = features;
  const data = features.data.slice();
  let value: number;
  if (c.maskValue === 'mean') {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i]!;
    value = s / data.length;
  } else {
    value = c.maskValue;
  }
  for (let m = 0; m < c.timeMasks; m++) {
    const w = randInt(rng, Math.min(c.timeMaskMaxFrames, frames) + 1);
    const t0 = randInt(rng, frames - w + 1);
    data.fill(value, t0 * bins, (t0 + w) * bins);
  }
  for (let m = 0; m < c.freqMasks; m++) {
    const w = randInt(rng, Math.min(c.freqMaskMaxBins, bins) + 1);
    const k0 = randInt(rng, bins - w + 1);
    for (let t = 0; t < frames; t++) data.fill(value, t * bins + k0, t * bins + k0 + w);
  }
  return { data, frames, bins };
}

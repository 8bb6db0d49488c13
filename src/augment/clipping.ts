/**
 * Hard clipping: an overloaded microphone preamp or ADC, which flattens every peak at a rail.
 */
import { InvalidArgumentError } from '../errors.js';
import { describeValue } from '../internal/validate.js';
import { assertSignal, peakAbs } from './signal.js';
import { quickselect } from '../internal/select.js';

/**
 * Options of {@link clip}: exactly one of `clipFraction` and `thresholdDb`, both relative to the
 * clip's own peak (so the result does not depend on the recording level).
 */
export type ClipOptions =
  | {
      /**
       * Fraction of samples to clip, in (0, 0.5]: the threshold is the `round(fraction · n)`-th
       * largest |sample|, so that many samples end on the rails (more if others tie with it).
       * Audible distortion starts around 0.1–1 %.
       */
      readonly clipFraction: number;
      readonly thresholdDb?: never;
    }
  | {
      /** Threshold in dB relative to the peak, in [−60, 0]: `threshold = peak · 10^(thresholdDb/20)`; 0 leaves the clip unchanged. */
      readonly thresholdDb: number;
      readonly clipFraction?: never;
    };

/**
 * Threshold of {@link clip} for a signal: the `k`-th largest |sample| with `k = max(1,
 * round(clipFraction · n))` (quickselect, O(n)), or `peak · 10^(thresholdDb / 20)`.
 * @throws {InvalidArgumentError} as {@link clip}.
 */
export function clipThreshold(samples: Float32Array, options: ClipOptions): number {
  const C = 'clip';
  assertSignal(C, samples);
  const o = options as { clipFraction?: unknown; thresholdDb?: unknown } | undefined;
  const hasF = o?.clipFraction !== undefined;
  const hasT = o?.thresholdDb !== undefined;
  if (hasF === hasT) {
    throw new InvalidArgumentError(
      'options',
      o,
      'exactly one of clipFraction and thresholdDb',
      `${C}: options must give exactly one of clipFraction and thresholdDb (got ${hasF ? 'both' : 'neither'}). Pass e.g. { clipFraction: 0.01 } or { thresholdDb: -6 }.`,
    );
  }
  if (hasT) {
    const t = o!.thresholdDb;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < -60 || t > 0) {
      throw new InvalidArgumentError('thresholdDb', t, 'number in [-60, 0]', `${C}: thresholdDb must be a number in [-60, 0] dB relative to the peak (got ${describeValue(t)}).`);
    }
    return peakAbs(samples) * Math.pow(10, t / 20);
  }
  const f = o!.clipFraction;
  if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0 || f > 0.5) {
    throw new InvalidArgumentError('clipFraction', f, 'number in (0, 0.5]', `${C}: clipFraction must be a number in (0, 0.5] (got ${describeValue(f)}). Typical values are 0.001 to 0.05.`);
  }
  const n = samples.length;
  const k = Math.max(1, Math.round(f * n));
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.abs(samples[i]!);
  return quickselect(a, a.length - k); // the k-th largest (1-based)
}

/**
 * Hard-clip a signal at a threshold relative to its peak.
 *
 * Every sample beyond ±threshold is set to ±threshold, so the output peak is exactly the
 * threshold (within float32 rounding) and the samples on the rails are those whose |x| was at
 * least the threshold. With `clipFraction` the threshold is the `round(fraction · n)`-th largest
 * |sample|: that many samples end on the rails (measured within 0.1 % of n on real speech,
 * where 16-bit ties are rare). The level is not restored (follow with a gain step for a "loud
 * and clipped" recording).
 *
 * @param samples - mono signal, finite values.
 * @param options - `{ clipFraction }` or `{ thresholdDb }` (see {@link ClipOptions}).
 * @returns a new Float32Array of the same length (all zeros stay all zeros).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when both or neither option is given, a
 *   value is out of range, or on NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const y = clip(x, { clipFraction: 0.01 });
 * // => 1 % of the samples sit at ±max|y|
 * const z = clip(x, { thresholdDb: -6 });
 * // => max|z| = max|x| / 2
 */
export function clip(samples: Float32Array, options: ClipOptions): Float32Array {
  const t = clipThreshold(samples, options);
  const out = new Float32Array(samples.length);
  const tf = Math.fround(t);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    out[i] = v > tf ? tf : v < -tf ? -tf : v;
  }
  return out;
}

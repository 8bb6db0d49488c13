/**
 * Gain in decibels, with clip protection.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertFinite, assertSignal, peakAbs } from './signal.js';

/** Options of {@link gain}. */
export interface GainOptions {
  /** Gain in dB: the output is `samples · 10^(db/20)`. Range [-100, 100]. */
  readonly db: number;
  /**
   * When false (default), a gain that would push any sample beyond [-1, 1] is refused with an
   * InvalidArgumentError naming the largest allowed gain ({@link headroomDb}); the requested gain is
   * never changed silently. When true, the scaled samples are returned as they are and may exceed
   * [-1, 1] (a 16-bit writer would then clip them).
   * @defaultValue false
   */
  readonly allowClipping?: boolean;
}

/** Defaults of {@link gain}. */
export const GAIN_DEFAULTS = Object.freeze({ allowClipping: false } as const satisfies Omit<Required<GainOptions>, 'db'>);

/**
 * The largest gain in dB that keeps every sample within [-1, 1]: `-20·log10(max |x|)`.
 * `Infinity` for an all-zero signal; negative when the signal already exceeds [-1, 1].
 *
 * @example
 * headroomDb(Float32Array.of(0.5, -0.25)); // => 6.0206
 */
export function headroomDb(samples: Float32Array): number {
  assertSignal('headroomDb', samples);
  const pk = peakAbs(samples);
  return pk === 0 ? Infinity : -20 * Math.log10(pk);
}

/**
 * Multiply a signal by `10^(db/20)`.
 *
 * The gain is exact to float32 rounding (measured `20·log10(rms(out)/rms(in))` within 1e-5 dB).
 * Clip protection is a check, not a limiter: with `allowClipping: false` a gain above the clip's
 * headroom throws, so callers who want "as loud as allowed" cap the gain themselves:
 * `gain(x, { db: Math.min(db, headroomDb(x)) })` (the Augmenter does exactly that).
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link GainOptions}.
 * @returns a new Float32Array of the same length.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `db` is not finite/in range, when the
 *   result would exceed [-1, 1] without `allowClipping`, or on NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const quieter = gain(x, { db: -6 });
 * // => every sample × 0.501
 */
export function gain(samples: Float32Array, options: GainOptions): Float32Array {
  const C = 'gain';
  assertSignal(C, samples);
  const db = options.db;
  assertFinite(C, 'db', db);
  if (db < -100 || db > 100) {
    throw new InvalidArgumentError('db', db, 'number in [-100, 100]', `${C}: db must be a number in [-100, 100] (got ${db}).`);
  }
  const allowClipping = options.allowClipping ?? GAIN_DEFAULTS.allowClipping;
  const g = Math.pow(10, db / 20);
  const pk = peakAbs(samples);
  // Decide on the exact (float64) headroom, not on float32-rounded output, so that
  // gain(x, { db: headroomDb(x) }) is accepted and lands on a peak of exactly 1.
  const head = pk === 0 ? Infinity : -20 * Math.log10(pk);
  const tooLoud = db > head + 1e-9;
  if (tooLoud && !allowClipping) {
    throw new InvalidArgumentError(
      'db',
      db,
      `number <= ${head.toFixed(2)} (this clip's headroom)`,
      `${C}: db must be <= ${head.toFixed(2)} for this clip to stay within [-1, 1] (got ${db}). Lower db, cap it with Math.min(db, headroomDb(samples)), or pass allowClipping: true.`,
    );
  }
  const out = new Float32Array(samples.length);
  if (allowClipping) {
    for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * g;
  } else {
    // Within the headroom the product can only pass ±1 by float rounding: pin it to ±1.
    for (let i = 0; i < samples.length; i++) out[i] = Math.max(-1, Math.min(1, samples[i]! * g));
  }
  return out;
}

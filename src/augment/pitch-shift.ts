/**
 * Pitch shifting by semitones with unchanged duration: time-stretch, then band-limited resampling.
 */
import { resample, type ResampleQuality } from '../audio/resample.js';
import { assertInRange, assertOneOf } from '../internal/validate.js';
import { assertPositive, assertSignal, fixLength } from './signal.js';
import { TIME_STRETCH_DEFAULTS, TIME_STRETCH_METHODS, timeStretch, timeStretchFrames, type TimeStretchMethod } from './time-stretch.js';

/** Relative tolerance of the rational pitch ratio: 2e-4 ≈ 0.0035 semitones. */
const RATIO_TOLERANCE = 2e-4;
/** Largest denominator tried (every ratio in [1/4, 4] is met within tolerance below 1400). */
const MAX_DENOMINATOR = 2048;

/**
 * The fraction `up/down` with the smallest denominator whose relative error to `ratio` is below
 * `tolerance` (or the best one with `down <= maxDown`). Over [-24, 24] semitones the median
 * denominator at 2e-4 is 64, so the resampler's polyphase table stays small.
 */
export function nearestFraction(ratio: number, tolerance = RATIO_TOLERANCE, maxDown = MAX_DENOMINATOR): { up: number; down: number } {
  let best = { up: Math.max(1, Math.round(ratio)), down: 1 };
  let bestErr = Math.abs(best.up / ratio - 1);
  for (let down = 2; down <= maxDown && bestErr >= tolerance; down++) {
    const up = Math.max(1, Math.round(ratio * down));
    const err = Math.abs(up / down / ratio - 1);
    if (err < bestErr) {
      best = { up, down };
      bestErr = err;
    }
  }
  return best;
}

/** Options of {@link pitchShift}. */
export interface PitchShiftOptions {
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Shift in semitones (equal temperament): F0 × 2^(semitones/12). Range [-24, 24]; fractions allowed. */
  readonly semitones: number;
  /** Time-stretch algorithm used for the duration step. @defaultValue 'wsola' */
  readonly method?: TimeStretchMethod;
  /** Resampler quality (`src/audio/resample.ts`). @defaultValue 'high' */
  readonly quality?: ResampleQuality;
}

/** Defaults of {@link pitchShift}. */
export const PITCH_SHIFT_DEFAULTS = Object.freeze({
  method: TIME_STRETCH_DEFAULTS.method,
  quality: 'high',
} as const satisfies Pick<Required<PitchShiftOptions>, 'method' | 'quality'>);

/**
 * Raise or lower the pitch by `semitones` while keeping the duration, as librosa does:
 * time-stretch by `rate = 2^(−semitones/12)` (length × 1/rate, pitch kept), then resample by
 * `rate` (length back to n, every frequency × 1/rate), then fix the length to exactly
 * `samples.length`. The ratio is realised as a fraction of small integers within 2e-4, so the
 * shift is exact to 0.0035 semitones. Formants move with the pitch (no formant preservation).
 *
 * @param samples - mono signal, finite values, at least one stretch frame long (32 ms for WSOLA).
 * @param options - see {@link PitchShiftOptions}.
 * @returns a new Float32Array of `samples.length` samples (a copy when semitones is 0).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when the input is empty or shorter than one frame.
 * @example
 * const up = pitchShift(x, { sampleRate: 16000, semitones: 2 });
 * // => up.length === x.length, F0 × 1.122
 * @see librosa.effects.pitch_shift
 */
export function pitchShift(samples: Float32Array, options: PitchShiftOptions): Float32Array {
  const C = 'pitchShift';
  const o = { ...PITCH_SHIFT_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  assertInRange(C, 'semitones', o.semitones, -24, 24, 'Speech augmentation typically uses -4 to 4.');
  assertOneOf(C, 'method', o.method, TIME_STRETCH_METHODS);
  assertOneOf(C, 'quality', o.quality, ['high', 'fast'] as const);
  // Validate the signal here (empty, too short, NaN) so the errors name pitchShift.
  const f = timeStretchFrames(o.sampleRate);
  assertSignal(C, samples, o.method === 'wsola' ? f.wsolaFrame : f.nFft);
  if (o.semitones === 0) {
    return timeStretch(samples, { rate: 1, sampleRate: o.sampleRate, method: o.method });
  }
  // Pitch ratio 2^(n/12) as a fraction up/down within 2e-4 (0.0035 semitones), so the resampler
  // runs its exact polyphase path with a small table instead of the ~4x slower
  // interpolated-kernel path an irrational ratio would need.
  const { up, down } = nearestFraction(Math.pow(2, o.semitones / 12));
  const stretched = timeStretch(samples, { rate: down / up, sampleRate: o.sampleRate, method: o.method });
  const shifted = resample(stretched, up, down, { quality: o.quality });
  return fixLength(shifted, samples.length);
}

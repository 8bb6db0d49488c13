/**
 * Time shifting (circular or zero-filled) and fixed-length crop/pad.
 */
import { InvalidArgumentError } from '../errors.js';
import { randInt } from '../internal/rng.js';
import { assertInRange, assertOneOf, describeValue } from '../internal/validate.js';
import { assertPositive, assertSignal, toRng, type RngLike } from './signal.js';

/** How {@link timeShift} fills the samples shifted in. */
export const SHIFT_MODES = Object.freeze(['roll', 'zero'] as const);
/** One of {@link SHIFT_MODES}. */
export type ShiftMode = (typeof SHIFT_MODES)[number];

/** Options of {@link timeShift}. */
export interface TimeShiftOptions {
  /** Largest shift in seconds; the shift is drawn uniformly from the integers in `[-round(maxShiftSec·sampleRate), +…]`. Range [0, 60]. */
  readonly maxShiftSec: number;
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /**
   * `'roll'`: circular shift (what falls off one end re-enters at the other; nothing is lost).
   * `'zero'`: samples shifted in are zeros (what falls off is dropped).
   * @defaultValue 'roll'
   */
  readonly mode?: ShiftMode;
}

/** Defaults of {@link timeShift}. */
export const TIME_SHIFT_DEFAULTS = Object.freeze({ mode: 'roll' } as const satisfies Pick<Required<TimeShiftOptions>, 'mode'>);

/**
 * Shift `samples` by exactly `shift` samples (positive = later/delay). Internal building block of
 * {@link timeShift}; no validation.
 */
export function shiftBy(samples: Float32Array, shift: number, mode: ShiftMode): Float32Array {
  const n = samples.length;
  const out = new Float32Array(n);
  if (mode === 'roll') {
    const s = ((shift % n) + n) % n;
    out.set(samples.subarray(n - s), 0);
    out.set(samples.subarray(0, n - s), s);
  } else if (shift >= 0) {
    if (shift < n) out.set(samples.subarray(0, n - shift), shift);
  } else if (-shift < n) {
    out.set(samples.subarray(-shift), 0);
  }
  return out;
}

/**
 * Shift a signal in time by a random whole number of samples, keeping its length.
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link TimeShiftOptions}.
 * @param rng - a `() => number` in [0, 1) or an integer seed.
 * @returns a new Float32Array of the same length; a positive draw delays the content.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const y = timeShift(x, { maxShiftSec: 0.2, sampleRate: 16000, mode: 'zero' }, 7);
 * // => y.length === x.length; content moved by at most 3200 samples
 */
export function timeShift(samples: Float32Array, options: TimeShiftOptions, rng: RngLike): Float32Array {
  const C = 'timeShift';
  assertSignal(C, samples);
  const o = { ...TIME_SHIFT_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  assertInRange(C, 'maxShiftSec', o.maxShiftSec, 0, 60);
  assertOneOf(C, 'mode', o.mode, SHIFT_MODES);
  const r = toRng(C, rng);
  const max = Math.round(o.maxShiftSec * o.sampleRate);
  const shift = randInt(r, 2 * max + 1) - max;
  return shiftBy(samples, shift, o.mode);
}

/** Options of {@link cropOrPad}. */
export interface CropOrPadOptions {
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Target duration in seconds; output length is `round(durationSec · sampleRate)` (≥ 1). */
  readonly durationSec: number;
  /**
   * false (default): keep the start and crop or zero-pad at the end (librosa `fix_length`).
   * true: crop at a uniformly random offset, or place the clip at a uniformly random offset
   * inside the zero padding (needs `rng`).
   * @defaultValue false
   */
  readonly random?: boolean;
}

/** Defaults of {@link cropOrPad}. */
export const CROP_OR_PAD_DEFAULTS = Object.freeze({ random: false } as const);

/**
 * Crop or zero-pad a signal to a fixed duration.
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link CropOrPadOptions}.
 * @param rng - required when `random` is true: a `() => number` in [0, 1) or an integer seed.
 * @returns a new Float32Array of `round(durationSec · sampleRate)` samples.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options, a missing rng, or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * cropOrPad(x, { sampleRate: 16000, durationSec: 3 }).length; // => 48000
 * @see librosa.util.fix_length
 */
export function cropOrPad(samples: Float32Array, options: CropOrPadOptions, rng?: RngLike): Float32Array {
  const C = 'cropOrPad';
  assertSignal(C, samples);
  const o = { ...CROP_OR_PAD_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  assertPositive(C, 'durationSec', o.durationSec);
  if (typeof o.random !== 'boolean') {
    throw new InvalidArgumentError('random', o.random, 'boolean', `${C}: random must be a boolean (got ${describeValue(o.random)}).`);
  }
  const len = Math.max(1, Math.round(o.durationSec * o.sampleRate));
  const n = samples.length;
  let offset = 0;
  if (o.random && n !== len) {
    if (rng === undefined) {
      throw new InvalidArgumentError('rng', rng, 'rng or seed', `${C}: rng must be given when random is true (got undefined). Pass a seed, e.g. cropOrPad(x, opts, 42).`);
    }
    offset = randInt(toRng(C, rng), Math.abs(n - len) + 1);
  }
  const out = new Float32Array(len);
  if (n >= len) out.set(samples.subarray(offset, offset + len));
  else out.set(samples, offset);
  return out;
}

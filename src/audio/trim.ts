/**
 * Fixed-length windows (crop / zero-pad) and energy-based silence trimming.
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { quickselect } from '../internal/select.js';
import { assertInRange, assertOneOf, assertPositiveInt, describeValue } from '../internal/validate.js';

function assertSignal(component: string, signal: unknown): asserts signal is Float32Array {
  if (!(signal instanceof Float32Array)) {
    throw new InvalidArgumentError('signal', signal, 'Float32Array', `${component}: signal must be a Float32Array (got ${describeValue(signal)}). Wrap arrays with Float32Array.from(x).`);
  }
}

/** How {@link trimOrPad} places the window when the signal is longer or shorter than it. */
export type TrimMode = 'start' | 'center';

/** Options of {@link trimOrPad}. */
export interface TrimOrPadOptions {
  /** Sample rate of the signal in Hz (required). */
  readonly sampleRate: number;
  /** Length of the result in seconds (required); the result has `round(durationSec · sampleRate)` samples. */
  readonly durationSec: number;
  /** Seconds skipped at the start before the window, like `librosa.load(offset=)`. @defaultValue 0 */
  readonly offsetSec?: number;
  /**
   * `start`: keep the first `durationSec` after the offset, zero-pad at the end.
   * `center`: crop the middle / pad zeros equally on both sides.
   * @defaultValue 'start'
   */
  readonly mode?: TrimMode;
}

/** Resolved {@link TrimOrPadOptions}. */
export type TrimOrPadConfig = Readonly<Required<TrimOrPadOptions>>;

/** Defaults of the optional {@link TrimOrPadOptions}. */
export const TRIM_OR_PAD_DEFAULTS = Object.freeze({ offsetSec: 0, mode: 'start' as TrimMode });

/** Merge, validate and freeze {@link TrimOrPadOptions}. */
export function resolveTrimOrPadConfig(options: TrimOrPadOptions): TrimOrPadConfig {
  const c = { ...TRIM_OR_PAD_DEFAULTS, ...options };
  const C = 'trimOrPad';
  assertInRange(C, 'sampleRate', c.sampleRate, Number.MIN_VALUE, Number.MAX_VALUE, 'Pass the signal sample rate in Hz.');
  assertInRange(C, 'durationSec', c.durationSec, 0, 86_400, 'Pass the wanted length in seconds.');
  assertInRange(C, 'offsetSec', c.offsetSec, 0, Number.MAX_VALUE, 'Pass seconds to skip at the start (0 for none).');
  assertOneOf(C, 'mode', c.mode, ['start', 'center'] as const);
  return Object.freeze(c);
}

/**
 * Cut or zero-pad `signal` to exactly `round(durationSec · sampleRate)` samples, after skipping
 * `offsetSec`. The fixed-length input a CNN-LSTM needs (the common SER recipe is
 * `librosa.load(duration=2.5, offset=0.6)` plus padding of short clips).
 *
 * @returns a new Float32Array of `round(durationSec · sampleRate)` samples.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a bad option or a non-Float32Array.
 * @example
 * trimOrPad(new Float32Array(10), { sampleRate: 4, durationSec: 3 }).length // => 12
 */
export function trimOrPad(signal: Float32Array, options: TrimOrPadOptions): Float32Array {
  assertSignal('trimOrPad', signal);
  const { sampleRate, durationSec, offsetSec, mode } = resolveTrimOrPadConfig(options);
  const target = Math.round(durationSec * sampleRate);
  const skip = Math.min(signal.length, Math.round(offsetSec * sampleRate));
  const rest = signal.subarray(skip);
  const out = new Float32Array(target);
  if (rest.length >= target) {
    const from = mode === 'center' ? Math.floor((rest.length - target) / 2) : 0;
    out.set(rest.subarray(from, from + target));
  } else {
    const at = mode === 'center' ? Math.floor((target - rest.length) / 2) : 0;
    out.set(rest, at);
  }
  return out;
}

/** Options of {@link trimSilence} (librosa.effects.trim's parameters). */
export interface TrimSilenceOptions {
  /** Frames quieter than `max − topDb` (RMS, dB) count as silence. @defaultValue 60 */
  readonly topDb?: number;
  /** RMS frame length in samples. @defaultValue 2048 */
  readonly frameLength?: number;
  /** Hop between RMS frames in samples. @defaultValue 512 */
  readonly hopLength?: number;
  /**
   * Also count as silence the frames within this many dB of the clip's noise floor (the 10th
   * percentile of frame power), so a steady background noise louder than `max − topDb` is trimmed
   * like silence (not in librosa). Applied only when the loud frames (95th percentile) are more
   * than twice the margin above the floor; a steady sound is trimmed by `topDb` alone.
   * `null`: librosa's rule alone. @defaultValue null
   */
  readonly noiseMarginDb?: number | null;
}

/** Resolved {@link TrimSilenceOptions}. */
export type TrimSilenceConfig = Readonly<{ topDb: number; frameLength: number; hopLength: number; noiseMarginDb: number | null }>;

/** Defaults of {@link trimSilence}, librosa's. */
export const TRIM_SILENCE_DEFAULTS: TrimSilenceConfig = Object.freeze({ topDb: 60, frameLength: 2048, hopLength: 512, noiseMarginDb: null });

/** Merge, validate and freeze {@link TrimSilenceOptions}. */
export function resolveTrimSilenceConfig(options: TrimSilenceOptions = {}): TrimSilenceConfig {
  const c = { ...TRIM_SILENCE_DEFAULTS, ...options };
  const C = 'trimSilence';
  assertInRange(C, 'topDb', c.topDb, 0, 1000, 'librosa uses 60.');
  assertPositiveInt(C, 'frameLength', c.frameLength);
  assertPositiveInt(C, 'hopLength', c.hopLength);
  if (c.noiseMarginDb !== null) assertInRange(C, 'noiseMarginDb', c.noiseMarginDb, 0, 60, 'Use e.g. 10, or null for librosa behaviour.');
  return Object.freeze(c);
}

/** What {@link trimSilence} returns. */
export interface TrimSilenceResult {
  /** The non-silent part, a copy of `signal[start:end]`. */
  readonly trimmed: Float32Array;
  /** First kept sample (inclusive). */
  readonly start: number;
  /** End of the kept part (exclusive). */
  readonly end: number;
}

/**
 * Remove leading and trailing silence, as `librosa.effects.trim` does: frame RMS with
 * `center=True` (zero padding), in dB relative to the loudest frame; the kept span runs from the
 * first to the last frame louder than `−topDb`, in samples `[first · hop, min(n, (last + 1) · hop))`.
 * An all-zero signal is kept whole (every frame equals the maximum), as in librosa.
 *
 * @returns the trimmed copy and its `[start, end)` sample indices in `signal`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a bad option or a non-Float32Array.
 * @see librosa.effects.trim
 */
export function trimSilence(signal: Float32Array, options: TrimSilenceOptions = {}): TrimSilenceResult {
  assertSignal('trimSilence', signal);
  const { topDb, frameLength, hopLength, noiseMarginDb } = resolveTrimSilenceConfig(options);
  const n = signal.length;
  const pad = Math.floor(frameLength / 2);
  const frames = 1 + Math.floor((n + 2 * pad - frameLength) / hopLength);
  // Prefix sums of x² (float64) give each frame's energy in O(1): O(n) overall for any frameLength.
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + signal[i]! * signal[i]!;
  const ms = new Float64Array(Math.max(frames, 0));
  let maxMs = 0;
  for (let t = 0; t < frames; t++) {
    const a = Math.min(n, Math.max(0, t * hopLength - pad));
    const b = Math.min(n, Math.max(0, t * hopLength - pad + frameLength));
    const v = (cum[b]! - cum[a]!) / frameLength;
    ms[t] = v;
    if (v > maxMs) maxMs = v;
  }
  // amplitude_to_db(rms, ref=max, amin=1e-5) > −topDb, i.e. in power: max(ms, 1e-10) / max(maxMs, 1e-10) > 10^(−topDb/10).
  const amin = 1e-10;
  let threshold = Math.max(maxMs, amin) * 10 ** (-topDb / 10);
  if (noiseMarginDb !== null && frames > 0) {
    const order = Float64Array.from(ms);
    const floor = quickselect(order, Math.floor(0.1 * (frames - 1)));
    const loud = quickselect(order, Math.floor(0.95 * (frames - 1)));
    // Only where the loud frames stand well clear of the floor (twice the margin): a steady sound
    // (a tone, constant noise) has no floor of its own and is trimmed by topDb alone.
    if (loud > floor * 10 ** ((2 * noiseMarginDb) / 10)) threshold = Math.max(threshold, floor * 10 ** (noiseMarginDb / 10));
  }
  let first = -1;
  let last = -1;
  for (let t = 0; t < frames; t++) {
    if (Math.max(ms[t]!, amin) > threshold) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0) return { trimmed: new Float32Array(0), start: 0, end: 0 };
  const start = Math.min(n, first * hopLength);
  const end = Math.min(n, (last + 1) * hopLength);
  return { trimmed: signal.slice(start, end), start, end };
}

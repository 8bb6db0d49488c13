/**
 * Lossy-codec bandwidth limit: a steep linear-phase low-pass, like the brick-wall filter an
 * MP3/AAC/Opus encoder applies before coding at low bit rates.
 */
import { InvalidArgumentError } from '../errors.js';
import { describeValue } from '../internal/validate.js';
import { fftConvolve, kaiserBandpass, kaiserTaps } from './fir.js';
import { assertPositive, assertSignal } from './signal.js';

/** Options of {@link lossyLowpass}. */
export interface LossyLowpassOptions {
  /** Sample rate of `samples` in Hz (> 0). */
  readonly sampleRate: number;
  /**
   * Passband edge in Hz: flat (±0.01 dB) up to here. Range [100, 0.95 · sampleRate / 2] (the
   * transition band needs room below the Nyquist rate). Codecs at low bit rates cut at
   * 3–8 kHz (e.g. MP3 at 32 kbit/s ≈ 5.5 kHz, 8-kbit/s wideband codecs 4–7 kHz).
   */
  readonly cutoffHz: number;
}

/** Stopband rejection in dB. */
const ATTENUATION_DB = 60;
/** Transition band width as a fraction of cutoffHz (stopband from 1.1 × cutoffHz). */
const TRANSITION = 0.1;

/**
 * Stopband edge in Hz of {@link lossyLowpass} for a cutoff: `min(1.1 · cutoffHz, sampleRate / 2)`.
 */
export function lossyLowpassStopHz(cutoffHz: number, sampleRate: number): number {
  return Math.min((1 + TRANSITION) * cutoffHz, sampleRate / 2);
}

/**
 * Remove everything above a codec-like bandwidth limit.
 *
 * A Kaiser-window FIR, linear-phase and compensated (zero delay), flat to ±0.01 dB up to
 * `cutoffHz` and attenuating by ≥ 60 dB from `min(1.1 · cutoffHz, sampleRate / 2)` on. The
 * transition is 10 % of the cutoff wide, as steep as an encoder's brick wall (measured: > 55 dB
 * down half an octave above the cutoff; ≥ 40 dB one octave above is what the tests require).
 * Output is not rescaled (a low-pass cannot raise the level, but Gibbs ripple can raise a
 * full-scale peak by a few percent).
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link LossyLowpassOptions}.
 * @returns a new Float32Array of the same length, aligned with the input.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on a bad sampleRate or cutoffHz, or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const y = lossyLowpass(x, { sampleRate: 16000, cutoffHz: 4000 });
 * // => a 3 kHz tone unchanged (±0.01 dB), an 8 kHz tone gone (< −60 dB)
 */
export function lossyLowpass(samples: Float32Array, options: LossyLowpassOptions): Float32Array {
  const C = 'lossyLowpass';
  assertSignal(C, samples);
  const sampleRate = options?.sampleRate;
  assertPositive(C, 'sampleRate', sampleRate, 'Pass lossyLowpass(x, { sampleRate: 16000, cutoffHz: 4000 }).');
  const cutoffHz = options.cutoffHz;
  const max = 0.95 * (sampleRate / 2);
  if (typeof cutoffHz !== 'number' || !Number.isFinite(cutoffHz) || cutoffHz < 100 || cutoffHz > max) {
    throw new InvalidArgumentError(
      'cutoffHz',
      cutoffHz,
      `number in [100, ${max}]`,
      `${C}: cutoffHz must be a number in [100, ${max}] (0.95 × Nyquist at ${sampleRate} Hz) (got ${describeValue(cutoffHz)}). Lower cutoffHz; to leave the clip unchanged, skip the filter.`,
    );
  }
  const stop = lossyLowpassStopHz(cutoffHz, sampleRate);
  const taps = kaiserTaps(ATTENUATION_DB, (stop - cutoffHz) / sampleRate);
  const h = kaiserBandpass(0, (cutoffHz + stop) / 2 / sampleRate, taps, ATTENUATION_DB);
  return fftConvolve(samples, h, (taps - 1) / 2);
}

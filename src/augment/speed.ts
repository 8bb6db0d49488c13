/**
 * Speed perturbation (Ko et al., 2015): play the clip faster or slower, changing tempo and pitch
 * together, by band-limited resampling.
 */
import { resample, type ResampleQuality } from '../audio/resample.js';
import { assertInRange, assertOneOf } from '../internal/validate.js';
import { assertPositive, assertSignal } from './signal.js';

/** Options of {@link speedPerturb}. */
export interface SpeedPerturbOptions {
  /** Sample rate of the input (and output) in Hz. */
  readonly sampleRate: number;
  /** Speed factor: 1.1 plays 10 % faster (shorter, pitch × 1.1); 0.9 slower. Range [0.5, 2]. */
  readonly factor: number;
  /** Resampler quality (`src/audio/resample.ts`). @defaultValue 'high' */
  readonly quality?: ResampleQuality;
}

/** Defaults of {@link speedPerturb}. */
export const SPEED_PERTURB_DEFAULTS = Object.freeze({ quality: 'high' } as const satisfies Pick<Required<SpeedPerturbOptions>, 'quality'>);

/**
 * Change speed by `factor`: duration × 1/factor and every frequency (F0, formants) × factor,
 * like Kaldi/sox `speed`. The signal is treated as if recorded at `sampleRate · factor` and
 * resampled to `sampleRate` with the band-limited resampler (no aliasing when speeding up).
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link SpeedPerturbOptions}.
 * @returns a new Float32Array of `ceil(samples.length / factor)` samples (a copy when factor is 1).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const fast = speedPerturb(x, { sampleRate: 16000, factor: 1.1 });
 * // => fast.length === Math.ceil(x.length / 1.1), pitch up by 10 %
 */
export function speedPerturb(samples: Float32Array, options: SpeedPerturbOptions): Float32Array {
  const C = 'speedPerturb';
  assertSignal(C, samples);
  const o = { ...SPEED_PERTURB_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  assertInRange(C, 'factor', o.factor, 0.5, 2, 'Typical values are 0.9, 1.0 and 1.1.');
  assertOneOf(C, 'quality', o.quality, ['high', 'fast'] as const);
  if (o.factor === 1) return samples.slice();
  return resample(samples, o.sampleRate * o.factor, o.sampleRate, { quality: o.quality });
}

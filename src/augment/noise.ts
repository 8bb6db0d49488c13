/**
 * Additive noise at a target signal-to-noise ratio: white, pink, or a recorded noise clip.
 */
import { InvalidArgumentError } from '../errors.js';
import { randn, randInt, type Rng } from '../internal/rng.js';
import { describeValue } from '../internal/validate.js';
import { assertFinite, assertSignal, meanPower, peakAbs, toRng, type RngLike } from './signal.js';

/** Noise colour, or a recorded noise clip (looped from a random offset, cropped to length). */
export type NoiseType = 'white' | 'pink' | { readonly clip: Float32Array };

/** Options of {@link addNoise}. */
export interface AddNoiseOptions {
  /**
   * Target signal-to-noise ratio in dB, measured over the WHOLE clip: `10·log10(mean(x²) / mean(n²))`.
   * Leading/trailing silence counts as signal time, so the SNR during speech alone is higher by
   * `10·log10(1 / speechFraction)` (about 2–3 dB on RAVDESS, whose clips are ~40 % silence).
   * Range [-30, 100].
   */
  readonly snrDb: number;
  /** `'white'` (flat spectrum), `'pink'` (1/f, equal power per octave) or `{ clip }`. @defaultValue 'white' */
  readonly type?: NoiseType;
  /**
   * When false (default) and the noisy mix would exceed [-1, 1], the whole mix (signal and noise
   * together) is scaled down so its peak is 1: the SNR stays exact, the level drops. When true the
   * mix is returned as is and may exceed [-1, 1].
   * @defaultValue false
   */
  readonly allowClipping?: boolean;
}

/** Defaults of {@link addNoise}. */
export const ADD_NOISE_DEFAULTS = Object.freeze({
  type: 'white',
  allowClipping: false,
} as const satisfies Omit<Required<AddNoiseOptions>, 'snrDb'>);

/** Samples discarded before pink noise is used, so the slowest filter pole (τ ≈ 880 samples) has settled. */
const PINK_WARMUP = 4096;

/**
 * Gaussian noise of `n` samples (float64). `'pink'` uses Paul Kellet's refined 1/f filter
 * (7 first-order sections, within ±0.05 dB of 1/f above ~0.0002·fs) over white Gaussian noise.
 */
export function generateNoise(n: number, type: 'white' | 'pink', rng: Rng): Float64Array {
  const out = new Float64Array(n);
  if (type === 'white') {
    for (let i = 0; i < n; i++) out[i] = randn(rng);
    return out;
  }
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (let i = -PINK_WARMUP; i < n; i++) {
    const w = randn(rng);
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    const p = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
    if (i >= 0) out[i] = p;
  }
  return out;
}

/**
 * Add noise to a signal at an exact signal-to-noise ratio.
 *
 * The noise is generated (or cut from `type.clip`, looped from a random offset), then scaled so
 * that `10·log10(mean(samples²) / mean(noise²))` equals `snrDb` over the whole clip (see
 * {@link AddNoiseOptions.snrDb} for why this is not the speech-only SNR). The measured SNR of the
 * result matches `snrDb` to float32 rounding (≪ 0.01 dB).
 *
 * @param samples - mono signal, finite, not silent (the SNR of a silent clip is undefined).
 * @param options - see {@link AddNoiseOptions}.
 * @param rng - a `() => number` in [0, 1) or an integer seed; same rng state → same noise.
 * @returns a new Float32Array of the same length.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options, NaN/Inf, a silent signal or a silent noise clip.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` (or the noise clip) is empty.
 * @example
 * const noisy = addNoise(x, { snrDb: 20, type: 'pink' }, 42);
 * // => 10·log10(Σx² / Σ(noisy − x)²) ≈ 20
 */
export function addNoise(samples: Float32Array, options: AddNoiseOptions, rng: RngLike): Float32Array {
  const C = 'addNoise';
  assertSignal(C, samples);
  const o = { ...ADD_NOISE_DEFAULTS, ...options };
  assertFinite(C, 'snrDb', o.snrDb);
  if (o.snrDb < -30 || o.snrDb > 100) {
    throw new InvalidArgumentError(
      'snrDb',
      o.snrDb,
      'number in [-30, 100]',
      `${C}: snrDb must be a number in [-30, 100] (got ${o.snrDb}). Typical augmentation uses 5 to 30 dB.`,
    );
  }
  const r = toRng(C, rng);
  const n = samples.length;
  const ps = meanPower(samples);
  if (ps === 0) {
    throw new InvalidArgumentError(
      'samples',
      0,
      'non-silent signal',
      `${C}: samples must not be silent (got signal power 0), so the SNR is undefined. Skip noise for silent clips or use a fixed noise level.`,
    );
  }
  let noise: Float64Array;
  const type = o.type;
  if (type === 'white' || type === 'pink') {
    noise = generateNoise(n, type, r);
  } else if (typeof type === 'object' && type !== null && 'clip' in type) {
    const clip = type.clip;
    assertSignal(C, clip, 1, 'type.clip');
    if (meanPower(clip) === 0) {
      throw new InvalidArgumentError(
        'type.clip',
        0,
        'non-silent noise clip',
        `${C}: type.clip must not be silent (got power 0). Pass a recording of noise.`,
      );
    }
    noise = new Float64Array(n);
    let j = randInt(r, clip.length);
    for (let i = 0; i < n; i++) {
      noise[i] = clip[j]!;
      if (++j === clip.length) j = 0;
    }
    // A crop of a sparse clip can be silent even if the clip is not: fall back to its start.
    if (meanPower64(noise) === 0) for (let i = 0; i < n; i++) noise[i] = clip[i % clip.length]!;
    if (meanPower64(noise) === 0) {
      throw new InvalidArgumentError(
        'type.clip',
        0,
        'noise clip with energy over the signal length',
        `${C}: type.clip is silent over the ${n} samples used (got power 0). Pass a denser noise recording.`,
      );
    }
  } else {
    throw new InvalidArgumentError(
      'type',
      type,
      "'white', 'pink' or { clip: Float32Array }",
      `${C}: type must be 'white', 'pink' or { clip: Float32Array } (got ${describeValue(type)}).`,
    );
  }
  const pn = meanPower64(noise);
  const scale = Math.sqrt(ps / (pn * Math.pow(10, o.snrDb / 10)));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = samples[i]! + scale * noise[i]!;
  if (!o.allowClipping) {
    const pk = peakAbs(out);
    if (pk > 1) {
      // Scale signal and noise together (in float64, from the sources) so the SNR is unchanged.
      const g = 1 / pk;
      for (let i = 0; i < n; i++) out[i] = Math.max(-1, Math.min(1, g * (samples[i]! + scale * noise[i]!)));
    }
  }
  return out;
}

function meanPower64(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s / x.length;
}

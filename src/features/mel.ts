/**
 * Mel scale conversions and the triangular mel filter bank, equal to `librosa.filters.mel`
 * (librosa 0.10: Slaney's Auditory-Toolbox scale by default, HTK optional, Slaney area
 * normalisation), in a dense row-major form and a sparse form used by the fast projection.
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix, Logger } from '../types.js';
import { assertBoolean, assertKnownKeys, assertNumberAbove, DEFAULT_LOGGER } from './shared.js';

/** Options of {@link hzToMel} / {@link melToHz}. */
export interface MelScaleOptions {
  /** Use the HTK formula `2595·log10(1 + f/700)` instead of Slaney's. @defaultValue false */
  readonly htk?: boolean;
}

const F_SP = 200.0 / 3;
const MIN_LOG_HZ = 1000.0;
const MIN_LOG_MEL = (MIN_LOG_HZ - 0.0) / F_SP;
const LOGSTEP = Math.log(6.4) / 27.0;

/**
 * Hz → mel, as `librosa.hz_to_mel`. Slaney (default): linear `f / (200/3)` below 1 kHz,
 * logarithmic above (`15 + ln(f/1000) / (ln 6.4 / 27)`); HTK: `2595·log10(1 + f/700)`.
 * @param hz - frequency in Hz (≥ 0).
 */
export function hzToMel(hz: number, options: MelScaleOptions = {}): number {
  if (options.htk) return 2595.0 * Math.log10(1.0 + hz / 700.0);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP;
  return (hz - 0.0) / F_SP;
}

/**
 * Mel → Hz, the inverse of {@link hzToMel} (`librosa.mel_to_hz`).
 * @param mel - value on the chosen mel scale.
 */
export function melToHz(mel: number, options: MelScaleOptions = {}): number {
  if (options.htk) return 700.0 * (10.0 ** (mel / 2595.0) - 1.0);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL));
  return 0.0 + F_SP * mel;
}

/** `numpy.linspace(start, stop, num)` with numpy's exact arithmetic (`i·step + start`, last = stop). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/**
 * `n` frequencies (Hz) evenly spaced on the mel scale from `fMin` to `fMax`, as
 * `librosa.mel_frequencies`. The filter bank uses `nMels + 2` of them: filter `m` rises from
 * point `m`, peaks at point `m + 1` (its centre) and falls to point `m + 2`.
 */
export function melFrequencies(n: number, options: { fMin?: number; fMax?: number; htk?: boolean } = {}): Float64Array {
  assertPositiveInt('melFrequencies', 'n', n);
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? 11025;
  const scale = { htk: options.htk ?? false };
  const mels = linspace(hzToMel(fMin, scale), hzToMel(fMax, scale), n);
  for (let i = 0; i < n; i++) mels[i] = melToHz(mels[i]!, scale);
  return mels;
}

/** Centre frequencies (Hz) of the `1 + nFft/2` rFFT bins, `k · sampleRate / nFft` (`librosa.fft_frequencies`). */
export function fftFrequencies(sampleRate: number, nFft: number): Float64Array {
  const bins = 1 + Math.floor(nFft / 2);
  const out = new Float64Array(bins);
  const val = 1.0 / (nFft * (1.0 / sampleRate)); // numpy.fft.rfftfreq(n, d=1/sr)
  for (let k = 0; k < bins; k++) out[k] = k * val;
  return out;
}

/** Options of {@link melFilterBank} (librosa.filters.mel parameters, camelCased). */
export interface MelFilterBankOptions {
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** FFT length; the bank has `1 + floor(nFft/2)` columns. */
  readonly nFft: number;
  /** Number of mel bands. @defaultValue 128 */
  readonly nMels?: number;
  /** Lowest edge in Hz. @defaultValue 0 */
  readonly fMin?: number;
  /** Highest edge in Hz; `null` → `sampleRate / 2`. @defaultValue null */
  readonly fMax?: number | null;
  /** HTK mel scale instead of Slaney's. @defaultValue false */
  readonly htk?: boolean;
  /** `'slaney'`: divide each triangle by its width in Hz (`2 / (f[m+2] − f[m])`); `null`: peak 1. @defaultValue 'slaney' */
  readonly norm?: 'slaney' | null;
  /** Receives librosa's "Empty filters detected" warning. @defaultValue console.warn */
  readonly logger?: Logger;
}

/** Sparse filter bank: filter `m` covers bins `start[m] … start[m] + length[m] - 1` with weights `weights[offset[m] + j]`. */
export interface SparseMelFilterBank {
  readonly nMels: number;
  readonly bins: number;
  readonly start: Int32Array;
  readonly length: Int32Array;
  readonly offset: Int32Array;
  readonly weights: Float32Array;
}

/** A mel filter bank in both layouts. */
export interface MelFilterBank {
  /** Dense weights, row-major `[nMels, bins]`: `data[m * bins + k]` (librosa's `mel_basis`, float32). */
  readonly data: Float32Array;
  readonly nMels: number;
  readonly bins: number;
  /** The same weights without the zeros. */
  readonly sparse: SparseMelFilterBank;
  /** The `nMels + 2` band edges in Hz (filter `m` peaks at `edges[m + 1]`). */
  readonly edges: Float64Array;
}

const MEL_KEYS = ['sampleRate', 'nFft', 'nMels', 'fMin', 'fMax', 'htk', 'norm', 'logger'];

/**
 * Build the mel filter bank, number-for-number `librosa.filters.mel(sr, n_fft, n_mels, fmin,
 * fmax, htk, norm)` in float32 (within float32 rounding).
 *
 * Legal-but-suspicious settings (e.g. `fMax` above Nyquist or so many bands that a triangle
 * falls between two FFT bins) give librosa's "Empty filters detected" warning through `logger`.
 *
 * @returns `{ data: [nMels, 1 + nFft/2] row-major, nMels, bins, sparse, edges }`; weights ≥ 0
 *   (Slaney-normalised filters have unit area in Hz: weights ≈ 2/width, e.g. ≈ 0.03 at 64 Hz).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT naming the bad option.
 * @example
 * ```ts
 * const bank = melFilterBank({ sampleRate: 16000, nFft: 512, nMels: 64 });
 * bank.data.length === 64 * 257;
 * ```
 */
export function melFilterBank(options: MelFilterBankOptions): MelFilterBank {
  const C = 'melFilterBank';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', options, 'object', `${C}: options must be an object with sampleRate and nFft (got ${String(options)}). Pass { sampleRate, nFft }.`);
  }
  assertKnownKeys(C, options, MEL_KEYS);
  const { sampleRate, nFft } = options;
  assertNumberAbove(C, 'sampleRate', sampleRate, 0);
  assertPositiveInt(C, 'nFft', nFft);
  const nMels = options.nMels ?? 128;
  assertPositiveInt(C, 'nMels', nMels);
  const fMin = options.fMin ?? 0;
  assertNumberAbove(C, 'fMin', fMin, 0, true);
  const fMax = options.fMax ?? sampleRate / 2;
  assertNumberAbove(C, 'fMax', fMax, fMin, false, 'fMax must exceed fMin.');
  const htk = options.htk ?? false;
  assertBoolean(C, 'htk', htk);
  const norm = options.norm === undefined ? 'slaney' : options.norm;
  if (norm !== null) assertOneOf(C, 'norm', norm, ['slaney'] as const);
  const logger = options.logger ?? DEFAULT_LOGGER;

  const bins = 1 + Math.floor(nFft / 2);
  const fftFreqs = fftFrequencies(sampleRate, nFft);
  const melF = melFrequencies(nMels + 2, { fMin, fMax, htk });
  const data = new Float32Array(nMels * bins);
  let empty = false;
  for (let m = 0; m < nMels; m++) {
    const f0 = melF[m]!;
    const f1 = melF[m + 1]!;
    const f2 = melF[m + 2]!;
    const d0 = f1 - f0; // fdiff[m]
    const d1 = f2 - f1; // fdiff[m + 1]
    const enorm = norm === 'slaney' ? 2.0 / (f2 - f0) : 1;
    let peak = 0;
    for (let k = 0; k < bins; k++) {
      const f = fftFreqs[k]!;
      // ramps = mel_f - fftfreqs; lower = -ramps[m] / fdiff[m]; upper = ramps[m+2] / fdiff[m+1]
      const lower = -(f0 - f) / d0;
      const upper = (f2 - f) / d1;
      const w = Math.max(0, Math.min(lower, upper));
      if (w > 0) {
        // librosa stores the triangle in float32, then multiplies by enorm (float64) into float32.
        const v = norm === 'slaney' ? Math.fround(w) * enorm : w;
        data[m * bins + k] = v;
        if (v > peak) peak = v;
      }
    }
    if (!(f0 === 0 || peak > 0)) empty = true;
  }
  if (empty) {
    logger.warn(
      `${C}: Empty filters detected in mel frequency basis. Some channels will produce empty responses. Try increasing your sampling rate (and fmax) or reducing n_mels.`,
    );
  }
  return { data, nMels, bins, sparse: sparsify(data, nMels, bins), edges: melF };
}

/** Build the sparse form of a dense `[nMels, bins]` bank (first to last non-zero weight per row). */
export function sparsify(data: Float32Array, nMels: number, bins: number): SparseMelFilterBank {
  const start = new Int32Array(nMels);
  const length = new Int32Array(nMels);
  const offset = new Int32Array(nMels);
  let total = 0;
  for (let m = 0; m < nMels; m++) {
    let lo = -1;
    let hi = -1;
    for (let k = 0; k < bins; k++) {
      if (data[m * bins + k] !== 0) {
        if (lo < 0) lo = k;
        hi = k;
      }
    }
    start[m] = lo < 0 ? 0 : lo;
    length[m] = lo < 0 ? 0 : hi - lo + 1;
    offset[m] = total;
    total += length[m]!;
  }
  const weights = new Float32Array(total);
  for (let m = 0; m < nMels; m++) {
    const s = start[m]!;
    const o = offset[m]!;
    for (let j = 0; j < length[m]!; j++) weights[o + j] = data[m * bins + s + j]!;
  }
  return { nMels, bins, start, length, offset, weights };
}

/**
 * Project one spectrum row onto the sparse bank: `out[outOffset + m] = Σ_k W[m, k] · S[sOffset + k]`.
 * Accumulates in double precision. Trusted inputs (internal kernel).
 */
export function projectMel(
  bank: SparseMelFilterBank,
  s: ArrayLike<number>,
  sOffset: number,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const { start, length, offset, weights } = bank;
  for (let m = 0; m < bank.nMels; m++) {
    const base = sOffset + start[m]!;
    const o = offset[m]!;
    const len = length[m]!;
    let acc = 0;
    for (let j = 0; j < len; j++) acc += weights[o + j]! * s[base + j]!;
    out[outOffset + m] = acc;
  }
}

/**
 * Mel spectrogram from a power spectrogram: `S · Wᵀ` (librosa's `einsum("...ft,mf->...mt")`).
 *
 * @param spectrogram - `[frames, 1 + nFft/2]` power (or magnitude) spectrogram.
 * @param bank - from {@link melFilterBank} with the same nFft.
 * @returns `[frames, nMels]` frame-major, float32, same units as the input.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when the bin counts differ.
 */
export function applyMelFilterBank(spectrogram: FeatureMatrix, bank: MelFilterBank): FeatureMatrix {
  if (spectrogram.bins !== bank.bins || spectrogram.data.length !== spectrogram.frames * spectrogram.bins) {
    throw new ShapeMismatchError(
      [null, bank.bins],
      [spectrogram.frames, spectrogram.bins],
      `applyMelFilterBank: spectrogram has shape [${spectrogram.frames}, ${spectrogram.bins}] but the filter bank expects [frames, ${bank.bins}]. Use the same nFft for the STFT and the filter bank.`,
    );
  }
  const { frames, bins } = spectrogram;
  const nMels = bank.nMels;
  const out = new Float32Array(frames * nMels);
  for (let t = 0; t < frames; t++) projectMel(bank.sparse, spectrogram.data, t * bins, out, t * nMels);
  return { data: out, frames, bins: nMels };
}

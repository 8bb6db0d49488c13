/**
 * YIN fundamental-frequency (F0) estimator (de Cheveigné & Kawahara, 2002). Used by the augment
 * tests to check that time stretching keeps pitch and pitch shifting moves it by 2^(n/12), and
 * useful on its own as a pitch tracker for speech. Plain TypeScript, O(winLength · sampleRate/fMin)
 * per frame.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';
import { assertPositive, assertSignal } from './signal.js';

/** Options of {@link yin}; all but `sampleRate` are optional. */
export interface YinOptions {
  /** Sample rate of the input in Hz. */
  readonly sampleRate: number;
  /** Lowest F0 searched, Hz. @defaultValue 60 */
  readonly fMin?: number;
  /** Highest F0 searched, Hz. @defaultValue 800 */
  readonly fMax?: number;
  /** Integration window of the difference function, samples. @defaultValue max(sampleRate/fMin, 25 ms) */
  readonly winLength?: number | null;
  /** Samples between frame centres. @defaultValue 10 ms (160 at 16 kHz) */
  readonly hopLength?: number | null;
  /** First dip of the normalised difference below this is taken as the period (YIN step 4). @defaultValue 0.1 */
  readonly troughThreshold?: number;
  /** Frames whose aperiodicity (normalised difference at the chosen lag) is above this are unvoiced (F0 = NaN). @defaultValue 0.25 */
  readonly voicingThreshold?: number;
}

/** Defaults of {@link yin} (`null` means derived from `sampleRate`, see {@link YinOptions}). */
export const YIN_DEFAULTS = Object.freeze({
  fMin: 60,
  fMax: 800,
  winLength: null,
  hopLength: null,
  troughThreshold: 0.1,
  voicingThreshold: 0.25,
} as const);

/** Result of {@link yin}: one value per frame; frame `t` is centred on sample `t * hopLength`. */
export interface YinResult {
  /** F0 in Hz per frame; NaN where the frame is unvoiced or silent. */
  readonly f0: Float32Array;
  /** Cumulative-mean-normalised difference at the chosen lag, in [0, ~1]: low = periodic. */
  readonly aperiodicity: Float32Array;
  /** Hop between frames, samples. */
  readonly hopLength: number;
  /** Sample rate of the analysed signal, Hz. */
  readonly sampleRate: number;
}

/**
 * Estimate F0 per frame with YIN and parabolic interpolation of the lag.
 *
 * Frames are centred (`center=True` with zero padding, as librosa), so frame `t` describes the
 * signal around sample `t * hopLength`, and there are `1 + floor(samples.length / hopLength)` frames.
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link YinOptions}; `sampleRate` is required.
 * @returns per-frame F0 (Hz, NaN when unvoiced) and aperiodicity.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const { f0 } = yin(tone220Hz, { sampleRate: 16000 });
 * // => f0[50] ≈ 220
 * @see librosa.yin
 */
export function yin(samples: Float32Array, options: YinOptions): YinResult {
  const C = 'yin';
  assertSignal(C, samples);
  const o = { ...YIN_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  const sr = o.sampleRate;
  assertInRange(C, 'fMin', o.fMin, 1e-3, sr / 4);
  assertInRange(C, 'fMax', o.fMax, o.fMin, sr / 2, 'fMax must lie between fMin and sampleRate/2.');
  assertInRange(C, 'troughThreshold', o.troughThreshold, 0, 1);
  assertInRange(C, 'voicingThreshold', o.voicingThreshold, 0, 10);
  const tauMax = Math.floor(sr / o.fMin);
  const tauMin = Math.max(2, Math.floor(sr / o.fMax));
  if (tauMax <= tauMin + 1) {
    throw new InvalidArgumentError(
      'fMin',
      o.fMin,
      'fMin well below fMax',
      `${C}: fMin must be well below fMax so that the lag range has room (got fMin=${o.fMin}, fMax=${o.fMax}). Widen the range.`,
    );
  }
  const win = o.winLength ?? Math.max(tauMax, Math.round(0.025 * sr));
  const hop = o.hopLength ?? Math.max(1, Math.round(0.01 * sr));
  assertPositiveInt(C, 'winLength', win, 2);
  assertPositiveInt(C, 'hopLength', hop);

  const n = samples.length;
  const frameLen = win + tauMax + 1;
  const half = Math.floor(frameLen / 2);
  const nFrames = 1 + Math.floor(n / hop);
  const f0 = new Float32Array(nFrames);
  const aper = new Float32Array(nFrames);
  const frame = new Float64Array(frameLen);
  const d = new Float64Array(tauMax + 2);
  const dn = new Float64Array(tauMax + 2);
  // Prefix sums of squares make the energy terms of d(tau) O(1) per lag:
  // d(tau) = e(0, W) + e(tau, tau + W) - 2 * sum_j x_j x_{j+tau}.
  const sq = new Float64Array(frameLen + 1);

  for (let t = 0; t < nFrames; t++) {
    const start = t * hop - half;
    for (let j = 0; j < frameLen; j++) {
      const i = start + j;
      frame[j] = i >= 0 && i < n ? samples[i]! : 0;
    }
    sq[0] = 0;
    for (let j = 0; j < frameLen; j++) sq[j + 1] = sq[j]! + frame[j]! * frame[j]!;
    const e0 = sq[win]!;
    d[0] = 0;
    for (let tau = 1; tau <= tauMax + 1 && tau + win <= frameLen; tau++) {
      let r = 0;
      for (let j = 0; j < win; j++) r += frame[j]! * frame[j + tau]!;
      d[tau] = Math.max(0, e0 + (sq[tau + win]! - sq[tau]!) - 2 * r);
    }
    const top = Math.min(tauMax + 1, frameLen - win);
    // Cumulative mean normalised difference (YIN step 3).
    dn[0] = 1;
    let run = 0;
    let silent = true;
    for (let tau = 1; tau <= top; tau++) {
      run += d[tau]!;
      if (run > 1e-20) silent = false;
      dn[tau] = run > 1e-20 ? (d[tau]! * tau) / run : 1;
    }
    if (silent) {
      f0[t] = NaN;
      aper[t] = 1;
      continue;
    }
    // Absolute threshold (step 4): first dip below the threshold, walked down to its minimum.
    let best = -1;
    for (let tau = tauMin; tau <= tauMax; tau++) {
      if (dn[tau]! < o.troughThreshold) {
        while (tau + 1 <= tauMax && dn[tau + 1]! < dn[tau]!) tau++;
        best = tau;
        break;
      }
    }
    if (best < 0) {
      let m = Infinity;
      for (let tau = tauMin; tau <= tauMax; tau++) {
        if (dn[tau]! < m) {
          m = dn[tau]!;
          best = tau;
        }
      }
    }
    // Parabolic interpolation (step 5) on the normalised difference.
    let lag = best;
    if (best > 1 && best < top) {
      const a = dn[best - 1]!;
      const b = dn[best]!;
      const c = dn[best + 1]!;
      const den = a - 2 * b + c;
      if (den > 0) lag = best + (0.5 * (a - c)) / den;
    }
    aper[t] = dn[best]!;
    const voiced = dn[best]! <= o.voicingThreshold && best > tauMin && best < tauMax;
    f0[t] = voiced ? sr / lag : NaN;
  }
  return { f0, aperiodicity: aper, hopLength: hop, sampleRate: sr };
}

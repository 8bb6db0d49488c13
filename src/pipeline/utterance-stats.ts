/**
 * Utterance-level statistics ("functionals") of a speech signal: per-band means, spread and
 * percentiles of the log-mel spectrogram, MFCC means/spread and their frame-to-frame change,
 * and prosody — F0 level, range and movement in semitones, voicing, loudness dynamics and
 * duration. A linear classifier on these is a model family of its own (eGeMAPS-style): it
 * errs differently from the CNN-LSTM, so the two fused beat either alone (see docs/model-card.md).
 * With a pretrained front end (`frontEnd`), the mean and standard deviation of its embeddings over
 * the speech are appended (`computeAsync`).
 * Pure TypeScript over typed arrays (layer 3).
 */
import { resample } from '../audio/resample.js';
import { yin } from '../augment/f0.js';
import { EmptyAudioError, InvalidArgumentError } from '../errors.js';
import type { FrontEnd, FrontEndInfo } from '../features/front-end.js';
import { Mfcc } from '../features/mfcc.js';
import { quickselect } from '../internal/select.js';
import { assertFiniteArray, assertInRange, assertPositiveInt } from '../internal/validate.js';
import { checkEmbeddings, checkFrontEndInfo, resolveFrontEndSpec } from './front-end-features.js';

const C = 'UtteranceStats';

/** Options of {@link UtteranceStats} (librosa names); all optional. */
export interface UtteranceStatsOptions {
  /** Sample rate of the signals passed to `compute`, Hz. @defaultValue 16000 */
  readonly sampleRate?: number;
  /** FFT size of the spectrogram, samples. @defaultValue 512 */
  readonly nFft?: number;
  /** Hop between frames, samples (also the F0 hop). @defaultValue 160 (10 ms at 16 kHz) */
  readonly hopLength?: number;
  /** Mel bands. @defaultValue 64 */
  readonly nMels?: number;
  /** Cepstral coefficients. @defaultValue 40 */
  readonly nMfcc?: number;
  /** Lowest F0 searched, Hz. @defaultValue 60 */
  readonly fMin?: number;
  /** Highest F0 searched, Hz. @defaultValue 600 */
  readonly fMax?: number;
  /** Rate the signal is resampled to for F0 tracking, Hz (pitch needs no more; YIN dominates the cost). @defaultValue 8000 */
  readonly f0SampleRate?: number;
  /** Hop of the F0 track in samples at `f0SampleRate`. @defaultValue 160 (20 ms at 8 kHz) */
  readonly f0HopLength?: number;
  /**
   * Pool a pretrained front end's embeddings into the vector: their mean and standard deviation
   * over the speech (`2 · info.dim` values after the prosody). The model is attached with
   * {@link UtteranceStats.attachFrontEnd}; the vector then comes from `computeAsync`. @defaultValue none
   */
  readonly frontEnd?: { readonly info: FrontEndInfo };
}

/** Resolved configuration (stored in model bundles); `frontEnd` only when pooling one. */
export type UtteranceStatsConfig = Readonly<Required<Omit<UtteranceStatsOptions, 'frontEnd'>>> & { readonly frontEnd?: { readonly info: FrontEndInfo } };

/** Defaults of {@link UtteranceStats}. */
export const UTTERANCE_STATS_DEFAULTS: UtteranceStatsConfig = Object.freeze({
  sampleRate: 16_000,
  nFft: 512,
  hopLength: 160,
  nMels: 64,
  nMfcc: 40,
  fMin: 60,
  fMax: 600,
  f0SampleRate: 8000,
  f0HopLength: 160,
});

/** Number of prosody values at the end of the vector (see {@link UtteranceStats.names}). */
const PROSODY = [
  'f0Mean', 'f0Std', 'f0P5', 'f0P50', 'f0P95', 'f0Range', 'voicedFraction', 'f0Movement', 'aperiodicity', 'energyMean', 'energyStd', 'energyRange', 'durationSec',
  'f0Slope', 'f0P25', 'f0P75', 'pauseFraction', 'fluxMean', 'fluxStd', 'aperiodicityP25', 'aperiodicityP75',
] as const;

/** Merge with {@link UTTERANCE_STATS_DEFAULTS} and validate. */
export function resolveUtteranceStatsConfig(options: UtteranceStatsOptions = {}): UtteranceStatsConfig {
  const c = { ...UTTERANCE_STATS_DEFAULTS, ...options };
  assertPositiveInt(C, 'sampleRate', c.sampleRate, 1000);
  assertPositiveInt(C, 'nFft', c.nFft, 16);
  assertPositiveInt(C, 'hopLength', c.hopLength, 1);
  assertPositiveInt(C, 'nMels', c.nMels, 2);
  assertInRange(C, 'nMfcc', c.nMfcc, 1, c.nMels);
  assertPositiveInt(C, 'nMfcc', c.nMfcc, 1);
  assertInRange(C, 'fMin', c.fMin, 20, c.sampleRate / 4);
  assertInRange(C, 'fMax', c.fMax, c.fMin + 1, c.sampleRate / 2);
  assertInRange(C, 'f0SampleRate', c.f0SampleRate, 4 * c.fMax, c.sampleRate);
  assertPositiveInt(C, 'f0SampleRate', c.f0SampleRate, 1);
  assertPositiveInt(C, 'f0HopLength', c.f0HopLength, 1);
  if (options.frontEnd === undefined) {
    const { frontEnd: _none, ...plain } = c as typeof c & { frontEnd?: unknown };
    return Object.freeze(plain);
  }
  const { info } = resolveFrontEndSpec({ use: 'concat', info: options.frontEnd?.info as FrontEndInfo });
  return Object.freeze({ ...c, frontEnd: Object.freeze({ info }) });
}

/** Linear-interpolated percentile (numpy's default) of a sorted array; `q` in [0, 100]. */
function percentileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** numpy-style (linear) percentile without a full sort; reorders `a`. Same value as {@link percentileSorted}. */
function percentile(a: Float64Array, q: number): number {
  if (a.length === 0) return 0;
  const pos = (q / 100) * (a.length - 1);
  const lo = Math.floor(pos);
  const v = quickselect(a, lo);
  if (pos === lo) return v;
  // the next order statistic is the minimum of the part above lo
  let next = Infinity;
  for (let i = lo + 1; i < a.length; i++) if (a[i]! < next) next = a[i]!;
  return v + (next - v) * (pos - lo);
}

function meanStd(x: ArrayLike<number>): [number, number] {
  const n = x.length;
  if (n === 0) return [0, 0];
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i]! - m) ** 2;
  return [m, Math.sqrt(v / n)];
}

/** Least-squares slope of y over x (0 with fewer than 4 points). */
function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 4) return 0;
  const [mx] = meanStd(x);
  const [my] = meanStd(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/**
 * Fixed-length statistics vector of one utterance. The layout (see {@link names}): log-mel mean,
 * std (nMels each); MFCC mean, std, mean |Δ|, Δ std (nMfcc each); log-mel 10th/50th/90th
 * percentiles, mean over voiced frames and std of its frame-to-frame change (nMels each); then
 * 21 prosody and rhythm values (F0 in semitones re 100 Hz and its slope in semitones/s, energy
 * and spectral flux in dB, pause fraction = frames 25 dB below the loud (95th percentile) level).
 * @example
 * const stats = new UtteranceStats();
 * const v = stats.compute(speech16k); // Float32Array(stats.dims)
 */
export class UtteranceStats {
  readonly config: UtteranceStatsConfig;
  /** The configuration as a string: equal keys compute equal vectors (lets callers share them). */
  readonly key: string;
  readonly #mfcc: Mfcc;
  #frontEnd: FrontEnd | null = null;

  constructor(options: UtteranceStatsOptions = {}) {
    this.config = resolveUtteranceStatsConfig(options);
    this.key = JSON.stringify(this.config);
    const { sampleRate, nFft, hopLength, nMels, nMfcc } = this.config;
    // Speech shorter than nFft is legitimate here (zero-padded like librosa); no console warning.
    this.#mfcc = new Mfcc({ sampleRate, nFft, hopLength, nMels, nMfcc, logger: { warn: () => {} } });
  }

  /** Length of the vector `compute` returns (+ 2 · dim pooled embedding values with a front end). */
  get dims(): number {
    const { nMels, nMfcc } = this.config;
    return 7 * nMels + 4 * nMfcc + PROSODY.length + 2 * (this.config.frontEnd?.info.dim ?? 0);
  }

  /** True when the vector pools a front end's embeddings (use `computeAsync`, with the model attached). */
  get needsFrontEnd(): boolean {
    return this.config.frontEnd !== undefined;
  }

  /**
   * Attach the front-end model the config names; its declared info must equal the recorded one.
   * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH for another front end.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the config pools none.
   */
  attachFrontEnd(frontEnd: FrontEnd): this {
    const spec = this.config.frontEnd;
    if (!spec) throw new InvalidArgumentError('frontEnd', frontEnd?.info?.name, 'statistics configured with frontEnd', `${C}: these statistics pool no front end, so a front-end model cannot be attached. Create them with options.frontEnd = { info }.`);
    checkFrontEndInfo(spec.info, frontEnd.info, C);
    this.#frontEnd = frontEnd;
    return this;
  }

  /** Name of every element of the vector, in order (for reports and feature importance). */
  names(): string[] {
    const { nMels, nMfcc } = this.config;
    const band = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}[${i}]`);
    return [
      ...band('logMelMean', nMels), ...band('logMelStd', nMels),
      ...band('mfccMean', nMfcc), ...band('mfccStd', nMfcc), ...band('mfccDeltaAbsMean', nMfcc), ...band('mfccDeltaStd', nMfcc),
      ...band('logMelP10', nMels), ...band('logMelP50', nMels), ...band('logMelP90', nMels),
      ...band('logMelVoicedMean', nMels), ...band('logMelDeltaStd', nMels),
      ...PROSODY,
      ...(this.config.frontEnd ? [...band('embeddingMean', this.config.frontEnd.info.dim), ...band('embeddingStd', this.config.frontEnd.info.dim)] : []),
    ];
  }

  /** JSON form of the configuration. */
  toJSON(): UtteranceStatsConfig {
    return this.config;
  }

  /**
   * Statistics of a speech signal at `config.sampleRate` (trimmed of silence, no padding).
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO for an empty signal.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for NaN/Inf samples.
   */
  compute(signal: Float32Array): Float32Array {
    if (this.config.frontEnd !== undefined)
      throw new InvalidArgumentError('frontEnd', this.config.frontEnd.info.name, 'computeAsync', `${C}: these statistics pool the front end '${this.config.frontEnd.info.name}', which runs asynchronously. Call computeAsync instead.`);
    return this.#compute(signal);
  }

  /**
   * {@link compute} for every configuration: with a front end, the signal is resampled to its
   * rate and embedded, and the mean and (population) standard deviation of each embedding
   * dimension over the frames are appended.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the front end is not attached.
   */
  async computeAsync(signal: Float32Array): Promise<Float32Array> {
    const spec = this.config.frontEnd;
    if (spec === undefined) return this.compute(signal);
    const fe = this.#frontEnd;
    if (!fe)
      throw new InvalidArgumentError('frontEnd', null, `the front end '${spec.info.name}'`, `${C}: these statistics need the front end '${spec.info.name}' (${spec.info.runtime}), which is not attached. Load the recognizer with { frontEnd } or call stats.attachFrontEnd(model).`);
    const dim = spec.info.dim;
    const out = this.#compute(signal);
    const input = spec.info.sampleRate === this.config.sampleRate ? signal : resample(signal, this.config.sampleRate, spec.info.sampleRate);
    const e = await fe.embed(input);
    checkEmbeddings(spec.info, e, input.length);
    const o = out.length - 2 * dim;
    for (let k = 0; k < dim; k++) {
      let sum = 0;
      let sq = 0;
      for (let t = 0; t < e.frames; t++) {
        const v = e.data[t * dim + k]!;
        sum += v;
        sq += v * v;
      }
      const mean = sum / e.frames;
      out[o + k] = mean;
      out[o + dim + k] = Math.sqrt(Math.max(0, sq / e.frames - mean * mean));
    }
    return out;
  }

  /** The statistics in a vector of {@link dims} values (the pooled embedding values, if any, left for computeAsync). */
  #compute(signal: Float32Array): Float32Array {
    if (signal.length === 0) throw new EmptyAudioError(`${C}: the signal has no samples. Pass at least one frame of speech.`);
    assertFiniteArray(C, 'signal', signal);
    const { nMels, nMfcc, sampleRate, hopLength, fMin, fMax, f0SampleRate, f0HopLength } = this.config;
    const { logMel: lm, mfcc: mf } = this.#mfcc.logMelAndMfcc(signal);
    const T = lm.frames;
    const out = new Float32Array(this.dims);
    let o = 0;
    const column = new Float64Array(T);
    // log-mel mean and std per band, then percentiles (written after the MFCC block)
    const pct = new Float64Array(3 * nMels);
    for (let b = 0; b < nMels; b++) {
      for (let t = 0; t < T; t++) column[t] = lm.data[t * nMels + b]!;
      const [m, s] = meanStd(column);
      out[o + b] = m;
      out[o + nMels + b] = s;
      pct[b] = percentile(column, 10);
      pct[nMels + b] = percentile(column, 50);
      pct[2 * nMels + b] = percentile(column, 90);
    }
    o += 2 * nMels;
    const d = new Float64Array(Math.max(0, T - 1));
    const absD = new Float64Array(d.length);
    for (let k = 0; k < nMfcc; k++) {
      for (let t = 0; t < T; t++) column[t] = mf.data[t * nMfcc + k]!;
      const [m, s] = meanStd(column);
      out[o + k] = m;
      out[o + nMfcc + k] = s;
      for (let t = 1; t < T; t++) {
        d[t - 1] = column[t]! - column[t - 1]!;
        absD[t - 1] = Math.abs(d[t - 1]!);
      }
      out[o + 2 * nMfcc + k] = meanStd(absD)[0];
      out[o + 3 * nMfcc + k] = meanStd(d)[1];
    }
    o += 4 * nMfcc;
    out.set(pct, o);
    o += 3 * nMels;
    const f0Signal = f0SampleRate === sampleRate ? signal : resample(signal, sampleRate, f0SampleRate);
    const { f0, aperiodicity } = yin(f0Signal, { sampleRate: f0SampleRate, fMin, fMax, hopLength: f0HopLength });
    const f0Hop = f0HopLength / f0SampleRate; // seconds
    // log-mel mean over voiced frames (spectrogram frame t ↔ the F0 frame nearest in time; all
    // frames when fewer than 4 are voiced), std of its frame-to-frame change
    const voiced = new Uint8Array(T);
    let voicedFrames = 0;
    for (let t = 0; t < T; t++) {
      const v = Number.isFinite(f0[Math.min(f0.length - 1, Math.round((t * hopLength) / sampleRate / f0Hop))]!);
      voiced[t] = v ? 1 : 0;
      voicedFrames += voiced[t]!;
    }
    const useAll = voicedFrames < 4;
    for (let b = 0; b < nMels; b++) {
      let sum = 0;
      for (let t = 0; t < T; t++) if (useAll || voiced[t]) sum += lm.data[t * nMels + b]!;
      out[o + b] = sum / (useAll ? T : voicedFrames);
      for (let t = 1; t < T; t++) d[t - 1] = lm.data[t * nMels + b]! - lm.data[(t - 1) * nMels + b]!;
      out[o + nMels + b] = meanStd(d)[1];
    }
    o += 2 * nMels;
    // prosody
    const st: number[] = [];
    const stTime: number[] = [];
    for (let t = 0; t < f0.length; t++)
      if (Number.isFinite(f0[t]!)) {
        st.push(12 * Math.log2(f0[t]! / 100));
        stTime.push(t * f0Hop);
      }
    const sorted = Float64Array.from(st).sort();
    const [stMean, stStd] = meanStd(st);
    let move = 0;
    for (let i = 1; i < st.length; i++) move += Math.abs(st[i]! - st[i - 1]!);
    const energy = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let b = 0; b < nMels; b++) s += lm.data[t * nMels + b]!;
      energy[t] = s / nMels;
    }
    const [eMean, eStd] = meanStd(energy);
    // spectral flux: RMS change of the log-mel frame, dB
    const flux = new Float64Array(Math.max(0, T - 1));
    for (let t = 1; t < T; t++) {
      let s = 0;
      for (let b = 0; b < nMels; b++) s += (lm.data[t * nMels + b]! - lm.data[(t - 1) * nMels + b]!) ** 2;
      flux[t - 1] = Math.sqrt(s / nMels);
    }
    energy.sort();
    const ePeak = percentileSorted(energy, 95);
    let pauses = 0;
    for (let t = 0; t < T; t++) if (energy[t]! < ePeak - 25) pauses++;
    const ap = Float64Array.from(aperiodicity).sort();
    const p5 = percentileSorted(sorted, 5);
    const p95 = percentileSorted(sorted, 95);
    const prosody = [
      stMean, stStd, p5, percentileSorted(sorted, 50), p95, p95 - p5,
      st.length / f0.length, st.length > 1 ? move / (st.length - 1) : 0, meanStd(aperiodicity)[0],
      eMean, eStd, ePeak - percentileSorted(energy, 20), signal.length / sampleRate,
      slope(stTime, st), percentileSorted(sorted, 25), percentileSorted(sorted, 75), pauses / T,
      ...meanStd(flux), percentileSorted(ap, 25), percentileSorted(ap, 75),
    ];
    out.set(prosody, o);
    return out;
  }
}

/**
 * The feature pipeline shared by training and prediction: mono signal at the model rate →
 * (silence trim) → fixed-length window → MFCC (+ deltas) → a `[frames, bins]` matrix. One config,
 * serialised in the model bundle, so prediction rebuilds exactly the features the model learnt.
 * With a pretrained front end (`frontEnd`), its frame embeddings join or replace the MFCC/log-mel
 * frames through the async methods (`featuresAsync`, `windowFeaturesAsync`, `segmentsAsync`);
 * without one the synchronous path is exactly as before.
 * Pure TypeScript (layer 3): audio + features only, no tfjs.
 */
import { resample } from '../audio/resample.js';
import { normalizeSpeechLevel } from '../audio/level.js';
import { trimSilence } from '../audio/trim.js';
import { EmptyAudioError, InvalidArgumentError } from '../errors.js';
import { delta } from '../features/delta.js';
import type { FrontEnd } from '../features/front-end.js';
import { Mfcc, SER16K_MFCC, type MfccOptions } from '../features/mfcc.js';
import { assertFiniteArray, assertInRange, assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';
import { alignEmbeddings, checkEmbeddings, checkFrontEndInfo, resolveFrontEndSpec, type FrontEndSpec } from './front-end-features.js';

/** Options of {@link FeaturePipeline}; all optional. */
export interface FeaturePipelineOptions {
  /** Model sample rate in Hz; inputs at other rates are resampled. @defaultValue 16000 */
  readonly sampleRate?: number;
  /** MFCC parameters (librosa names); `sampleRate` is taken from the pipeline. @defaultValue SER16K_MFCC (nFft 512, hop 160, 64 mels, 40 MFCC) */
  readonly mfcc?: Omit<MfccOptions, 'sampleRate' | 'logger'>;
  /** Frame features: MFCCs (`nMfcc` per frame) or the log-mel spectrogram in dB (`nMels` per frame). @defaultValue 'mfcc' */
  readonly feature?: 'mfcc' | 'logmel';
  /** Append delta (1) or delta + delta-delta (2) features (librosa.feature.delta, width 9). @defaultValue 0 */
  readonly deltas?: 0 | 1 | 2;
  /** Trim leading/trailing silence quieter than `topDb` below the peak before windowing; `null` disables. @defaultValue 30 */
  readonly trimTopDb?: number | null;
  /**
   * With `trimTopDb`: also trim frames within this many dB of the clip's noise floor, so a noisy
   * recording's speech-free start and end are cut like silence (as the clean training clips
   * were; in pink noise at 10–20 dB SNR this recovers about 10 points on unseen corpora, and clean
   * clips keep their span); `null` trims by `trimTopDb` alone (librosa). @defaultValue 6
   */
  readonly trimNoiseMarginDb?: number | null;
  /** Model input length in frames; the signal is cropped or zero-padded to exactly this many. @defaultValue 108 */
  readonly frames?: number;
  /** Where a long signal is cropped at prediction time. @defaultValue 'center' */
  readonly align?: 'center' | 'start';
  /**
   * Per-utterance normalisation: 'utterance' subtracts each coefficient's mean and divides by its
   * standard deviation over the frames that hold signal (not padding), removing much of the
   * speaker's and channel's fixed colouring (cepstral mean and variance normalisation). @defaultValue 'none'
   */
  readonly normalize?: 'none' | 'utterance';
  /**
   * Level normalisation before features: 'speech' scales each clip (each window in `segments`)
   * so its active speech level is `levelTargetDb`, which makes every feature independent of the
   * recording level (any gain, peak normalisation) while keeping the loud/soft dynamics inside
   * the clip; 'none' keeps the level as recorded (bundles saved before this option existed).
   * @defaultValue 'speech'
   */
  readonly level?: 'speech' | 'none';
  /** Active speech level the clip is brought to, dBFS (see audio/level.ts). @defaultValue -26 */
  readonly levelTargetDb?: number;
  /**
   * A pretrained front end's embeddings beside (`use: 'concat'`) or in place of (`'replace'`)
   * the MFCC/log-mel frames, put on this pipeline's frame grid (see {@link FrontEndSpec}). The
   * model (a {@link FrontEnd} with this `info`) is attached with the constructor's second
   * argument or {@link FeaturePipeline.attachFrontEnd}; features then come from the async
   * methods. With 'replace', `deltas` must be 0. @defaultValue none
   */
  readonly frontEnd?: FrontEndSpec;
}

/** Resolved pipeline configuration (what the model bundle stores). */
export interface FeaturePipelineConfig {
  readonly sampleRate: number;
  readonly mfcc: Readonly<Omit<MfccOptions, 'sampleRate' | 'logger'>>;
  readonly feature: 'mfcc' | 'logmel';
  readonly deltas: 0 | 1 | 2;
  readonly trimTopDb: number | null;
  readonly trimNoiseMarginDb: number | null;
  readonly frames: number;
  readonly align: 'center' | 'start';
  readonly normalize: 'none' | 'utterance';
  readonly level: 'speech' | 'none';
  readonly levelTargetDb: number;
  /** Present only when a front end is used (bundles without one are unchanged). */
  readonly frontEnd?: FrontEndSpec;
}

export const FEATURE_PIPELINE_DEFAULTS: FeaturePipelineConfig = Object.freeze({
  sampleRate: 16_000,
  mfcc: Object.freeze({ nFft: SER16K_MFCC.nFft!, hopLength: SER16K_MFCC.hopLength!, nMels: SER16K_MFCC.nMels!, nMfcc: SER16K_MFCC.nMfcc! }),
  feature: 'mfcc',
  deltas: 0,
  trimTopDb: 30,
  trimNoiseMarginDb: 6,
  frames: 108,
  align: 'center',
  normalize: 'none',
  level: 'speech',
  levelTargetDb: -26,
});

const C = 'FeaturePipeline';

/** Merge with defaults, validate, freeze. */
export function resolveFeaturePipelineConfig(options: FeaturePipelineOptions = {}): FeaturePipelineConfig {
  const c = { ...FEATURE_PIPELINE_DEFAULTS, ...options, mfcc: Object.freeze({ ...FEATURE_PIPELINE_DEFAULTS.mfcc, ...(options.mfcc ?? {}) }) };
  assertPositiveInt(C, 'sampleRate', c.sampleRate, 1000);
  if (c.deltas !== 0 && c.deltas !== 1 && c.deltas !== 2)
    throw new InvalidArgumentError('deltas', c.deltas, '0, 1 or 2', `${C}: deltas must be 0, 1 or 2 (got ${String(c.deltas)}).`);
  if (c.trimTopDb !== null) assertInRange(C, 'trimTopDb', c.trimTopDb, 1, 200, 'Use null to disable trimming.');
  if (c.trimNoiseMarginDb !== null) assertInRange(C, 'trimNoiseMarginDb', c.trimNoiseMarginDb, 0, 60, 'Use e.g. 10, or null to trim by trimTopDb alone.');
  assertPositiveInt(C, 'frames', c.frames);
  assertOneOf(C, 'align', c.align, ['center', 'start'] as const);
  assertOneOf(C, 'feature', c.feature, ['mfcc', 'logmel'] as const);
  assertOneOf(C, 'normalize', c.normalize, ['none', 'utterance'] as const);
  assertOneOf(C, 'level', c.level, ['speech', 'none'] as const);
  assertInRange(C, 'levelTargetDb', c.levelTargetDb, -60, 0);
  if (options.frontEnd === undefined) return Object.freeze(c);
  const frontEnd = resolveFrontEndSpec(options.frontEnd);
  if (frontEnd.use === 'replace' && c.deltas !== 0)
    throw new InvalidArgumentError('deltas', c.deltas, "0 with frontEnd.use 'replace'", `${C}: deltas apply to the MFCC/log-mel frames, which frontEnd.use 'replace' drops; pass deltas: 0 (got ${c.deltas}) or use 'concat'.`);
  return Object.freeze({ ...c, frontEnd });
}

/** Turns audio into fixed-size model inputs. */
export class FeaturePipeline {
  readonly config: FeaturePipelineConfig;
  readonly mfcc: Mfcc;
  #frontEnd: FrontEnd | null = null;

  /**
   * @param options - the pipeline settings (see {@link FeaturePipelineOptions}).
   * @param runtime - `frontEnd`: the model for `options.frontEnd` (see {@link attachFrontEnd}).
   */
  constructor(options: FeaturePipelineOptions = {}, runtime: { readonly frontEnd?: FrontEnd } = {}) {
    this.config = resolveFeaturePipelineConfig(options);
    this.mfcc = new Mfcc({ ...this.config.mfcc, sampleRate: this.config.sampleRate, logger: { warn: () => {} } });
    if (runtime.frontEnd) this.attachFrontEnd(runtime.frontEnd);
  }

  /** Features per frame: (nMfcc or nMels) × (1 + deltas), plus the front end's `dim` ('concat') or `dim` alone ('replace'). */
  get bins(): number {
    const base = (this.config.feature === 'mfcc' ? this.mfcc.config.nMfcc : this.mfcc.config.nMels) * (1 + this.config.deltas);
    const fe = this.config.frontEnd;
    return fe === undefined || fe.use === 'stats' ? base : fe.use === 'replace' ? fe.info.dim : base + fe.info.dim;
  }

  /**
   * True when the frame features use a front end ('concat', 'replace'): they come from the async
   * methods, with the model attached. With 'stats' the frames do not (the statistics head does).
   */
  get needsFrontEnd(): boolean {
    return this.config.frontEnd !== undefined && this.config.frontEnd.use !== 'stats';
  }

  /** The attached front-end model, or null. */
  get frontEnd(): FrontEnd | null {
    return this.#frontEnd;
  }

  /**
   * Attach the front-end model the config names (after loading a bundle, say). Its declared info
   * must equal `config.frontEnd.info`: same files (SHA-256), rate, window, hop, dim, normalisation.
   * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH for another front end.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the config uses no front end.
   */
  attachFrontEnd(frontEnd: FrontEnd): this {
    const spec = this.config.frontEnd;
    if (!spec)
      throw new InvalidArgumentError('frontEnd', frontEnd?.info?.name, 'a pipeline configured with frontEnd', `${C}: this pipeline uses no front end, so a front-end model cannot be attached. Create it with options.frontEnd = { use, info: frontEnd.info }.`);
    checkFrontEndInfo(spec.info, frontEnd.info, C);
    this.#frontEnd = frontEnd;
    return this;
  }

  /** Samples in one model window: (frames − 1) · hop, so a centred STFT gives exactly `frames` frames. */
  get windowSamples(): number {
    return (this.config.frames - 1) * this.mfcc.config.hopLength;
  }

  /** Window length in seconds. */
  get windowSec(): number {
    return this.windowSamples / this.config.sampleRate;
  }

  /**
   * Resample to the model rate (when needed), trim silence and bring the speech to the target
   * level (`level: 'speech'`): the signal windows are cut from.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO for an empty signal.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for NaN/Inf samples.
   */
  prepare(samples: Float32Array, sampleRate: number): Float32Array {
    if (samples.length === 0) throw new EmptyAudioError(`${C}: the audio has no samples. Pass at least ${this.mfcc.config.nFft} samples of speech.`);
    assertPositiveInt(C, 'sampleRate', sampleRate, 1);
    assertFiniteArray(C, 'samples', samples);
    let x = sampleRate === this.config.sampleRate ? samples : resample(samples, sampleRate, this.config.sampleRate);
    if (this.config.trimTopDb !== null) {
      const t = trimSilence(x, { topDb: this.config.trimTopDb, frameLength: 512, hopLength: 128, noiseMarginDb: this.config.trimNoiseMarginDb });
      if (t.trimmed.length > 0) x = t.trimmed;
    }
    return this.normalizeLevel(x);
  }

  /**
   * Level-normalise a signal at the model rate (returned as is with `level: 'none'`). Training
   * calls it again after augmenting a prepared clip, as a recording through that channel would be.
   */
  normalizeLevel(x: Float32Array): Float32Array {
    if (this.config.level === 'none') return x;
    return normalizeSpeechLevel(x, { sampleRate: this.config.sampleRate, targetDb: this.config.levelTargetDb }).samples;
  }

  /**
   * Cut one window of exactly `windowSamples` from a prepared signal: centred (or from `offset`
   * when given), zero-padded symmetrically when the signal is shorter.
   */
  window(prepared: Float32Array, offset?: number): Float32Array {
    const n = this.windowSamples;
    const out = new Float32Array(n);
    if (prepared.length <= n) {
      out.set(prepared, (n - prepared.length) >> 1);
      return out;
    }
    const start = this.#windowStart(prepared.length, offset);
    out.set(prepared.subarray(start, start + n));
    return out;
  }

  /**
   * The speech a window cut by {@link window} holds, without padding: the whole prepared signal
   * when it is shorter than a window, else the same `windowSamples` slice (a view, not a copy).
   * Utterance statistics (statistics heads) are computed on this.
   */
  windowSpeech(prepared: Float32Array, offset?: number): Float32Array {
    const n = this.windowSamples;
    if (prepared.length <= n) return prepared;
    const start = this.#windowStart(prepared.length, offset);
    return prepared.subarray(start, start + n);
  }

  #windowStart(length: number, offset: number | undefined): number {
    const maxStart = length - this.windowSamples;
    return offset !== undefined ? Math.max(0, Math.min(maxStart, Math.round(offset))) : this.config.align === 'center' ? maxStart >> 1 : 0;
  }

  /** The `[start, end)` samples of a window cut by {@link window} that hold signal rather than padding. */
  windowSpan(preparedLength: number): [number, number] {
    const n = this.windowSamples;
    if (preparedLength >= n) return [0, n];
    const start = (n - preparedLength) >> 1;
    return [start, start + preparedLength];
  }

  /**
   * Features of one window (exactly `frames` × `bins`). `span` = the samples holding signal,
   * used by `normalize: 'utterance'` to take statistics over speech, not padding.
   */
  features(window: Float32Array, span: readonly [number, number] = [0, window.length]): FeatureMatrix {
    if (this.needsFrontEnd)
      throw new InvalidArgumentError('frontEnd', this.config.frontEnd!.info.name, 'the async feature methods', `${C}: this pipeline uses the front end '${this.config.frontEnd!.info.name}', which runs asynchronously. Call featuresAsync / windowFeaturesAsync / segmentsAsync instead.`);
    return this.#normalized(this.#baseFeatures(window), span);
  }

  /** MFCC or log-mel (+ deltas) of one window. */
  #baseFeatures(window: Float32Array): FeatureMatrix {
    const m = this.config.feature === 'mfcc' ? this.mfcc.compute(window) : this.mfcc.logMel(window);
    const parts = [m];
    if (this.config.deltas >= 1) parts.push(delta(m, { order: 1 }));
    if (this.config.deltas === 2) parts.push(delta(m, { order: 2 }));
    return parts.length === 1 ? m : concatBins(parts);
  }

  /** Apply `normalize: 'utterance'` (in place) over the frames of `span`. */
  #normalized(out: FeatureMatrix, span: readonly [number, number]): FeatureMatrix {
    if (this.config.normalize === 'utterance') {
      const hop = this.mfcc.config.hopLength;
      const t0 = Math.min(out.frames - 1, Math.ceil(span[0] / hop));
      const t1 = Math.max(t0 + 1, Math.min(out.frames, Math.floor(span[1] / hop) + 1));
      normalizeRows(out, t0, t1);
    }
    return out;
  }

  /**
   * {@link features} for every pipeline, front end or not. With a front end, the speech part of
   * the window (`span`; padding is not sent) is resampled to the front end's rate and embedded,
   * the embeddings are put on the frame grid ({@link alignEmbeddings}) and appended to the
   * MFCC/log-mel frames ('concat') or used alone ('replace'); `normalize: 'utterance'` then
   * applies to every channel.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the front end is not attached or
   *   returns embeddings that disagree with its declared info.
   */
  async featuresAsync(window: Float32Array, span: readonly [number, number] = [0, window.length]): Promise<FeatureMatrix> {
    const spec = this.config.frontEnd;
    if (spec === undefined || spec.use === 'stats') return this.features(window, span);
    const fe = this.#frontEnd;
    if (!fe)
      throw new InvalidArgumentError('frontEnd', null, `the front end '${spec.info.name}'`, `${C}: this pipeline needs the front end '${spec.info.name}' (${spec.info.runtime}), which is not attached. Load the recognizer with { frontEnd } or call pipeline.attachFrontEnd(model).`);
    const speech = window.subarray(span[0], Math.max(span[0] + 1, span[1]));
    const rate = spec.info.sampleRate;
    const input = rate === this.config.sampleRate ? speech : resample(speech, this.config.sampleRate, rate);
    const e = await fe.embed(input);
    checkEmbeddings(spec.info, e, input.length);
    const aligned = alignEmbeddings(e, spec.info, { frames: this.config.frames, hop: this.mfcc.config.hopLength, sampleRate: this.config.sampleRate, span });
    const out = spec.use === 'replace' ? aligned : concatBins([this.#baseFeatures(window), aligned]);
    return this.#normalized(out, span);
  }

  /** {@link windowFeatures} for every pipeline, front end or not (see {@link featuresAsync}). */
  windowFeaturesAsync(prepared: Float32Array, offset?: number): Promise<FeatureMatrix> {
    return this.featuresAsync(this.window(prepared, offset), this.windowSpan(prepared.length));
  }

  /** Cut a window from a prepared signal (see {@link window}) and compute its features. */
  windowFeatures(prepared: Float32Array, offset?: number): FeatureMatrix {
    return this.features(this.window(prepared, offset), this.windowSpan(prepared.length));
  }

  /** Signal at any rate → one fixed-size feature matrix (the centred window). */
  extract(samples: Float32Array, sampleRate: number): FeatureMatrix {
    return this.windowFeatures(this.prepare(samples, sampleRate));
  }

  /**
   * Sliding windows over long audio (no trimming, so times refer to the input): one matrix per
   * hop with its start and end in seconds. A clip shorter than one window gives one padded window.
   */
  segments(samples: Float32Array, sampleRate: number, options: { hopSec?: number } = {}): { startSec: number; endSec: number; features: FeatureMatrix; speech: Float32Array }[] {
    return this.#segmentWindows(samples, sampleRate, options).map(({ startSec, endSec, speech, whole }) => ({
      startSec,
      endSec,
      features: whole ? this.features(speech) : this.windowFeatures(speech),
      speech,
    }));
  }

  /** {@link segments} for every pipeline, front end or not (see {@link featuresAsync}). */
  async segmentsAsync(samples: Float32Array, sampleRate: number, options: { hopSec?: number } = {}): Promise<{ startSec: number; endSec: number; features: FeatureMatrix; speech: Float32Array }[]> {
    const out: { startSec: number; endSec: number; features: FeatureMatrix; speech: Float32Array }[] = [];
    for (const { startSec, endSec, speech, whole } of this.#segmentWindows(samples, sampleRate, options))
      out.push({ startSec, endSec, features: whole ? await this.featuresAsync(speech) : await this.windowFeaturesAsync(speech), speech });
    return out;
  }

  /** The levelled windows of {@link segments}; `whole` = exactly one model window long. */
  #segmentWindows(samples: Float32Array, sampleRate: number, options: { hopSec?: number }): { startSec: number; endSec: number; speech: Float32Array; whole: boolean }[] {
    if (samples.length === 0) throw new EmptyAudioError(`${C}: the audio has no samples.`);
    assertFiniteArray(C, 'samples', samples);
    const x = sampleRate === this.config.sampleRate ? samples : resample(samples, sampleRate, this.config.sampleRate);
    const sr = this.config.sampleRate;
    const hopSec = options.hopSec ?? this.windowSec / 2;
    assertInRange(C, 'hopSec', hopSec, 0.01, 3600);
    const n = this.windowSamples;
    const hop = Math.max(1, Math.round(hopSec * sr));
    const out: { startSec: number; endSec: number; speech: Float32Array; whole: boolean }[] = [];
    if (x.length <= n) {
      const speech = this.normalizeLevel(x);
      out.push({ startSec: 0, endSec: x.length / sr, speech, whole: false });
      return out;
    }
    for (let start = 0; ; start += hop) {
      const last = start + n >= x.length;
      const s = last ? x.length - n : start;
      // each window is levelled on its own, as a clip of that length would be
      const speech = this.normalizeLevel(x.slice(s, s + n));
      out.push({ startSec: s / sr, endSec: (s + n) / sr, speech, whole: true });
      if (last) break;
    }
    return out;
  }

  toJSON(): FeaturePipelineConfig {
    return this.config;
  }
}

/** In place: per column, subtract the mean and divide by the std (floored) of rows [t0, t1). */
function normalizeRows(m: FeatureMatrix, t0: number, t1: number): void {
  const { data, frames, bins } = m;
  const n = t1 - t0;
  for (let k = 0; k < bins; k++) {
    let sum = 0;
    let sq = 0;
    for (let t = t0; t < t1; t++) {
      const v = data[t * bins + k]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
    const inv = 1 / Math.max(std, 1e-3);
    for (let t = 0; t < frames; t++) data[t * bins + k] = (data[t * bins + k]! - mean) * inv;
  }
}

/** Concatenate matrices of equal frame count along the feature axis. */
function concatBins(parts: FeatureMatrix[]): FeatureMatrix {
  const frames = parts[0]!.frames;
  const bins = parts.reduce((s, p) => s + p.bins, 0);
  const data = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) {
    let o = t * bins;
    for (const p of parts) {
      data.set(p.data.subarray(t * p.bins, (t + 1) * p.bins), o);
      o += p.bins;
    }
  }
  return { data, frames, bins };
}

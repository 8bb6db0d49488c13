/**
 * Predictor: signal | features → scaler → model → per-class scores. Runs the fast WASM engine
 * when the model is a buildCnnLstm model (metadata.model is known), else the tfjs model on the
 * active backend. Holds no tensors between calls; tfjs work runs inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ModelFormatError, ShapeMismatchError } from '../errors.js';
import type { FrontEnd } from '../features/front-end.js';
import { resolveCnnLstmConfig, type CnnLstmConfig } from '../model/cnn-lstm-config.js';
import { CnnLstmEngine } from '../model/engine/cnn-lstm-engine.js';
import type { ModelBundle } from '../model/model-bundle.js';
import { StatsHead } from '../model/stats-head.js';
import { FeaturePipeline, type FeaturePipelineOptions } from '../pipeline/feature-pipeline.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { applyTemperature } from '../train/calibration.js';
import type { FeatureMatrix, Logger } from '../types.js';

const C = 'Predictor';

/** Which compute path predicts. */
export type PredictEngine = 'auto' | 'wasm-kernels' | 'tfjs';

/** Class scores for one input: `scores` in label order, summing to 1. */
export interface ScoredPrediction {
  /** The most likely label. */
  readonly label: string;
  /** Its probability. */
  readonly confidence: number;
  /** Probability of every label, in the model's label order. */
  readonly scores: Readonly<Record<string, number>>;
}

/** A prediction for one window of a longer recording. */
export interface SegmentPrediction extends ScoredPrediction {
  readonly startSec: number;
  readonly endSec: number;
}

/** One trained model with the scaler it was trained behind. */
export interface PredictorMember {
  readonly model: tfl.LayersModel;
  readonly scaler: StandardScaler;
  /** Fast path; when absent the tfjs model predicts. */
  readonly engine?: CnnLstmEngine | undefined;
  /** Statistics head fused with the model: `p ∝ model^(1 − w) · head^w` (needs the window's speech). */
  readonly head?: StatsHead | undefined;
}

/** The parts a Predictor runs: one member, or several whose probabilities are averaged (an ensemble). */
export interface PredictorParts {
  readonly pipeline: FeaturePipeline;
  readonly labels: readonly string[];
  readonly members: readonly PredictorMember[];
}

/** Options of {@link Predictor.fromBundle}. */
export interface PredictorOptions {
  /** Compute path. @defaultValue 'auto' */
  readonly engine?: PredictEngine;
  readonly logger?: Logger;
  /** The pretrained front end the bundle's features name (`metadata.features.frontEnd`); checked against it. */
  readonly frontEnd?: FrontEnd;
}

/** Runs a trained model (or an ensemble of models sharing one feature pipeline) on audio or features. */
export class Predictor {
  readonly pipeline: FeaturePipeline;
  readonly labels: readonly string[];
  #members: readonly PredictorMember[];
  readonly #frameSize: number;
  /** Calibration temperature applied to the ensemble's probabilities (1 = none). */
  #temperature = 1;

  constructor(parts: PredictorParts) {
    if (parts.members.length === 0) throw new InvalidArgumentError('members', 0, 'at least one model', `${C}: members must hold at least one model.`);
    this.pipeline = parts.pipeline;
    this.labels = Object.freeze([...parts.labels]);
    this.#members = Object.freeze([...parts.members]);
    this.#frameSize = this.pipeline.config.frames * this.pipeline.bins;
  }

  /** The members: one model, or several whose probabilities are averaged. */
  get members(): readonly PredictorMember[] {
    return this.#members;
  }

  /** Replace (or remove) member `index`'s statistics head, e.g. after refitting it on new data. */
  setHead(index: number, head: StatsHead | undefined): void {
    const m = this.#members[index];
    if (!m) throw new InvalidArgumentError('index', index, `a member index in [0, ${this.#members.length})`, `${C}: setHead index must be in [0, ${this.#members.length}) (got ${index}).`);
    this.#members = Object.freeze(this.#members.map((x, i) => (i === index ? { ...x, head } : x)));
  }

  /** Calibration temperature: output probabilities are `p^(1/T)` renormalised (T > 1 softens over-confident answers). */
  get temperature(): number {
    return this.#temperature;
  }

  /**
   * Set the calibration temperature (fitted on held-out predictions, see train/calibration.ts).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT outside [0.01, 100].
   */
  setTemperature(temperature: number): void {
    if (!(temperature >= 0.01 && temperature <= 100))
      throw new InvalidArgumentError('temperature', temperature, 'a number in [0.01, 100]', `${C}: temperature must be in [0.01, 100] (got ${temperature}). Fit one with fitTemperature().`);
    this.#temperature = temperature;
  }

  /**
   * Domain adaptation from unlabelled audio: every member's feature scaler and statistics-head
   * standardisation are re-measured on the given windows (one microphone, room or speaker group),
   * so that domain's feature statistics line up with the training data's. Returns the members
   * before adaptation (pass them to {@link setMembers} to undo).
   * @param matrices - raw feature matrices of the domain's windows (at least 2).
   * @param speech - each window's speech (for the statistics heads).
   */
  adapt(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[]): readonly PredictorMember[] {
    return this.#adaptWith(matrices, speech, new Map());
  }

  /** {@link adapt} for every model, also with statistics heads that pool a front end's embeddings. */
  async adaptAsync(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[]): Promise<readonly PredictorMember[]> {
    return this.#adaptWith(matrices, speech, await this.#pooledStats(speech));
  }

  #adaptWith(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[], statsCache: Map<string, Float32Array[]>): readonly PredictorMember[] {
    if (matrices.length < 2 || speech.length !== matrices.length)
      throw new InvalidArgumentError('clips', matrices.length, 'at least 2 windows, each with its speech', `${C}: adapt needs at least 2 windows of the new domain, each with its speech (got ${matrices.length} windows, ${speech.length} signals). Pass a few dozen clips.`);
    const before = this.#members;
    this.#members = Object.freeze(
      before.map((m) => {
        const scaler = new StandardScaler(m.scaler.config).fit(matrices);
        let head = m.head;
        if (head) {
          const h = head;
          const rows = statsCache.get(h.stats.key) ?? speech.map((s) => h.stats.compute(s));
          statsCache.set(h.stats.key, rows);
          head = h.adapted(rows);
        }
        return { ...m, scaler, head };
      }),
    );
    return before;
  }

  /** Replace the members' scalers and heads (same models), e.g. to undo {@link adapt}. */
  setMembers(members: readonly PredictorMember[]): void {
    if (members.length !== this.#members.length || members.some((m, i) => m.model !== this.#members[i]!.model))
      throw new InvalidArgumentError('members', members.length, 'the same models as now', `${C}: setMembers must keep the same models (only scalers and heads change).`);
    this.#members = Object.freeze([...members]);
  }

  /** The first member's model (the only one unless this is an ensemble). */
  get model(): tfl.LayersModel {
    return this.members[0]!.model;
  }

  /** The first member's scaler. */
  get scaler(): StandardScaler {
    return this.members[0]!.scaler;
  }

  /** The first member's WASM engine, when it runs on one. */
  get engine(): CnnLstmEngine | undefined {
    return this.members[0]!.engine;
  }

  /**
   * Build from a loaded bundle: the feature pipeline and scaler come from its metadata; the
   * engine is started when the bundle records a CnnLstm config and `engine` allows it.
   */
  static async fromBundle(bundle: ModelBundle, options: PredictorOptions = {}): Promise<Predictor> {
    const { model, metadata } = bundle;
    // Bundles saved before level normalisation existed were trained on signals at their recorded level.
    const pipeline = new FeaturePipeline({ level: 'none', ...(metadata.features as FeaturePipelineOptions) }, options.frontEnd ? { frontEnd: options.frontEnd } : {});
    if (pipeline.config.frames !== metadata.input.frames || pipeline.bins !== metadata.input.bins) {
      throw new ShapeMismatchError(
        [metadata.input.frames, metadata.input.bins],
        [pipeline.config.frames, pipeline.bins],
        `${C}: the bundle's feature config gives [${pipeline.config.frames}, ${pipeline.bins}] inputs but the model expects [${metadata.input.frames}, ${metadata.input.bins}]. Re-save the bundle with the pipeline it was trained with.`,
      );
    }
    const scaler = StandardScaler.fromJSON(metadata.scaler);
    const head = metadata.statsHead ? StatsHead.fromJSON(metadata.statsHead, { classes: metadata.labels.length, sampleRate: pipeline.config.sampleRate }) : undefined;
    if (head?.stats.needsFrontEnd && options.frontEnd) head.stats.attachFrontEnd(options.frontEnd);
    const engine = await startEngine(model, metadata.model, options.engine ?? 'auto', options.logger);
    const predictor = new Predictor({ pipeline, labels: metadata.labels, members: [{ model, scaler, engine, head }] });
    const t = metadata.calibration?.temperature;
    if (t !== undefined) predictor.setTemperature(t);
    return predictor;
  }

  /**
   * An ensemble: bundles trained with the same feature pipeline and labels (e.g. different seeds);
   * their class probabilities are averaged.
   * @throws {ModelFormatError} SER_MODEL_FORMAT when the members disagree on labels or features.
   */
  static async fromBundles(bundles: readonly ModelBundle[], options: PredictorOptions = {}): Promise<Predictor> {
    const parts: Predictor[] = [];
    try {
      for (const b of bundles) parts.push(await Predictor.fromBundle(b, options));
      const first = parts[0];
      if (!first) throw new ModelFormatError('members', `${C}: an ensemble needs at least one member bundle.`);
      const key = (p: Predictor) => JSON.stringify([p.labels, p.pipeline.config]);
      const bad = parts.findIndex((p) => key(p) !== key(first));
      if (bad >= 0)
        throw new ModelFormatError('members', `${C}: ensemble member ${bad} has other labels or feature settings than member 0. Every member must be trained with the same labels and feature pipeline.`);
      const ensemble = new Predictor({ pipeline: first.pipeline, labels: first.labels, members: parts.flatMap((p) => p.members) });
      ensemble.setTemperature(first.temperature);
      return ensemble;
    } catch (e) {
      await Promise.all(parts.map((p) => p.dispose()));
      throw e;
    }
  }

  /** True when some member has a statistics head, which needs each window's speech as well as its features. */
  get needsSpeech(): boolean {
    return this.members.some((m) => m.head);
  }

  /**
   * Scores for raw (unscaled) feature matrices of the model's input size. When members carry a
   * statistics head ({@link needsSpeech}), pass each window's speech too
   * (`pipeline.windowSpeech(prepared)`), else the heads cannot run.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH for matrices of another shape.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when heads need speech that was not given.
   */
  predictFeatures(matrices: readonly FeatureMatrix[], speech?: readonly Float32Array[]): ScoredPrediction[] {
    return this.#predictWith(matrices, speech, new Map());
  }

  /**
   * True when prediction needs the async methods: the frames use a front end, or a statistics
   * head pools one (see FeaturePipeline.needsFrontEnd, UtteranceStats.needsFrontEnd).
   */
  get needsAsync(): boolean {
    return this.pipeline.needsFrontEnd || this.members.some((m) => m.head?.stats.needsFrontEnd);
  }

  /** {@link predictFeatures} for every model, also with statistics heads that pool a front end's embeddings. */
  async predictFeaturesAsync(matrices: readonly FeatureMatrix[], speech?: readonly Float32Array[]): Promise<ScoredPrediction[]> {
    const cache = speech && speech.length === matrices.length ? await this.#pooledStats(speech) : new Map<string, Float32Array[]>();
    return this.#predictWith(matrices, speech, cache);
  }

  /** Statistics rows of the heads that pool a front end (async), keyed like the heads' caches. */
  async #pooledStats(speech: readonly Float32Array[]): Promise<Map<string, Float32Array[]>> {
    const cache = new Map<string, Float32Array[]>();
    for (const m of this.members) {
      const h = m.head;
      if (!h?.stats.needsFrontEnd || cache.has(h.stats.key)) continue;
      const rows: Float32Array[] = [];
      for (const s of speech) rows.push(await h.stats.computeAsync(s));
      cache.set(h.stats.key, rows);
    }
    return cache;
  }

  #predictWith(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[] | undefined, statsCache: Map<string, Float32Array[]>): ScoredPrediction[] {
    if (matrices.length === 0) return [];
    const x = new Float32Array(matrices.length * this.#frameSize);
    matrices.forEach((m) => {
      if (m.frames !== this.pipeline.config.frames || m.bins !== this.pipeline.bins) {
        throw new ShapeMismatchError(
          [this.pipeline.config.frames, this.pipeline.bins],
          [m.frames, m.bins],
          `${C}: features have shape [${m.frames}, ${m.bins}] but the model expects [${this.pipeline.config.frames}, ${this.pipeline.bins}]. Use the feature pipeline saved with the model (recognizer.pipeline).`,
        );
      }
    });
    if (this.needsSpeech && speech?.length !== matrices.length)
      throw new InvalidArgumentError(
        'speech',
        speech?.length ?? 0,
        `${matrices.length} signals, one per matrix`,
        `${C}: this model fuses a statistics head, which needs the speech of every window (got ${speech?.length ?? 0} signals for ${matrices.length} matrices). Pass pipeline.windowSpeech(prepared) for each, or use predictSignal().`,
      );
    const k = this.labels.length;
    const probs = new Float32Array(matrices.length * k);
    // members trained alike share their statistics (statsCache)
    for (const member of this.members) {
      matrices.forEach((m, i) => x.set(member.scaler.transform(m).data, i * this.#frameSize));
      const p = this.#run(member, x, matrices.length);
      const head = member.head;
      if (!head) {
        for (let j = 0; j < probs.length; j++) probs[j]! += p[j]! / this.members.length;
        continue;
      }
      const stats = statsCache.get(head.stats.key) ?? speech!.map((s) => head.stats.compute(s));
      statsCache.set(head.stats.key, stats);
      stats.forEach((v, i) => {
        const fused = fuseGeometric(p.subarray(i * k, (i + 1) * k), head.classifier.predictProba(v), head.weight);
        for (let j = 0; j < k; j++) probs[i * k + j]! += fused[j]! / this.members.length;
      });
    }
    const out = this.#temperature === 1 ? probs : applyTemperature(probs, this.#temperature, { classes: k });
    return matrices.map((_, i) => this.#scored(out.subarray(i * k, (i + 1) * k)));
  }

  /**
   * Scores for a mono signal at `sampleRate` (resampled, trimmed, centred window).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the pipeline uses a front end (use {@link predictSignalAsync}).
   */
  predictSignal(samples: Float32Array, sampleRate: number): ScoredPrediction {
    const prepared = this.pipeline.prepare(samples, sampleRate);
    return this.predictFeatures([this.pipeline.windowFeatures(prepared)], [this.pipeline.windowSpeech(prepared)])[0]!;
  }

  /** {@link predictSignal} for every model, with a pretrained front end or not. */
  async predictSignalAsync(samples: Float32Array, sampleRate: number): Promise<ScoredPrediction> {
    if (!this.needsAsync) return this.predictSignal(samples, sampleRate);
    const prepared = this.pipeline.prepare(samples, sampleRate);
    return (await this.predictFeaturesAsync([await this.pipeline.windowFeaturesAsync(prepared)], [this.pipeline.windowSpeech(prepared)]))[0]!;
  }

  /** {@link predictSegments} for every model, with a pretrained front end or not. */
  async predictSegmentsAsync(samples: Float32Array, sampleRate: number, options: { hopSec?: number } = {}): Promise<SegmentPrediction[]> {
    if (!this.needsAsync) return this.predictSegments(samples, sampleRate, options);
    const segs = await this.pipeline.segmentsAsync(samples, sampleRate, options);
    const preds = await this.predictFeaturesAsync(
      segs.map((s) => s.features),
      segs.map((s) => s.speech),
    );
    return segs.map((s, i) => ({ ...preds[i]!, startSec: s.startSec, endSec: s.endSec }));
  }

  /** Per-window scores over a long signal, `hopSec` apart (default half a window). */
  predictSegments(samples: Float32Array, sampleRate: number, options: { hopSec?: number } = {}): SegmentPrediction[] {
    const segs = this.pipeline.segments(samples, sampleRate, options);
    const preds = this.predictFeatures(
      segs.map((s) => s.features),
      segs.map((s) => s.speech),
    );
    return segs.map((s, i) => ({ ...preds[i]!, startSec: s.startSec, endSec: s.endSec }));
  }

  /** Copy the tfjs model's current weights into the engine (call after training the model in place). */
  syncEngine(): void {
    for (const m of this.members) m.engine?.setWeights(m.model.getWeights().map((w) => w.dataSync() as Float32Array));
  }

  /** Release the engine's workers (the tfjs model is owned by the caller). */
  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.engine?.dispose()));
  }

  #run(member: PredictorMember, x: Float32Array, batch: number): Float32Array {
    if (member.engine) return member.engine.predict(x, batch);
    const frames = this.pipeline.config.frames;
    const bins = this.pipeline.bins;
    return tf.tidy(() => {
      const out = member.model.predict(tf.tensor3d(x, [batch, frames, bins])) as tf.Tensor;
      return out.dataSync() as Float32Array;
    });
  }

  #scored(p: Float32Array): ScoredPrediction {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    const scores: Record<string, number> = {};
    this.labels.forEach((l, k) => (scores[l] = p[k]!));
    return { label: this.labels[best]!, confidence: p[best]!, scores };
  }
}

/**
 * Weighted geometric mean of two probability vectors, renormalised: `p ∝ a^(1 − w) · b^w`
 * (a product of experts: a class both models doubt stays unlikely). Floors at 1e-7 so one
 * model's zero cannot veto the other entirely.
 */
export function fuseGeometric(a: ArrayLike<number>, b: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(a.length);
  let max = -Infinity;
  for (let j = 0; j < a.length; j++) {
    out[j] = (1 - w) * Math.log(Math.max(a[j]!, 1e-7)) + w * Math.log(Math.max(b[j]!, 1e-7));
    if (out[j]! > max) max = out[j]!;
  }
  let sum = 0;
  for (let j = 0; j < out.length; j++) sum += out[j] = Math.exp(out[j]! - max);
  for (let j = 0; j < out.length; j++) out[j]! /= sum;
  return out;
}

/** Start the engine with the model's weights when possible; null config or engine 'tfjs' → none. */
async function startEngine(model: tfl.LayersModel, config: CnnLstmConfig | undefined, choice: PredictEngine, logger?: Logger): Promise<CnnLstmEngine | undefined> {
  if (choice === 'tfjs') return undefined;
  if (!config) {
    if (choice === 'wasm-kernels')
      throw new InvalidArgumentError('engine', choice, "'auto' or 'tfjs'", `${C}: engine 'wasm-kernels' needs a buildCnnLstm model, and this bundle records no model config. Use engine 'auto' or 'tfjs'.`);
    return undefined;
  }
  try {
    const engine = await CnnLstmEngine.create(resolveCnnLstmConfig(config), { threads: 1 });
    engine.setWeights(model.getWeights().map((w) => w.dataSync() as Float32Array));
    return engine;
  } catch (e) {
    if (choice === 'wasm-kernels') throw e;
    logger?.warn(`${C}: the WASM engine could not start (${String(e)}); predicting with tfjs.`);
    return undefined;
  }
}

/**
 * Predictor: signal | features → scaler → model → per-class scores. Runs the fast WASM engine
 * when the model is a buildCnnLstm model (metadata.model is known), else the tfjs model on the
 * active backend. Holds no tensors between calls; tfjs work runs inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { resolveCnnLstmConfig, type CnnLstmConfig } from '../model/cnn-lstm-config.js';
import { CnnLstmEngine } from '../model/engine/cnn-lstm-engine.js';
import type { ModelBundle } from '../model/model-bundle.js';
import { FeaturePipeline, type FeaturePipelineOptions } from '../pipeline/feature-pipeline.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
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

/** The parts a Predictor runs. */
export interface PredictorParts {
  readonly model: tfl.LayersModel;
  readonly pipeline: FeaturePipeline;
  readonly scaler: StandardScaler;
  readonly labels: readonly string[];
  /** Fast path; when absent the tfjs model predicts. */
  readonly engine?: CnnLstmEngine | undefined;
}

/** Runs a trained model on audio or features. */
export class Predictor {
  readonly model: tfl.LayersModel;
  readonly pipeline: FeaturePipeline;
  readonly scaler: StandardScaler;
  readonly labels: readonly string[];
  readonly engine: CnnLstmEngine | undefined;
  readonly #frameSize: number;

  constructor(parts: PredictorParts) {
    this.model = parts.model;
    this.pipeline = parts.pipeline;
    this.scaler = parts.scaler;
    this.labels = Object.freeze([...parts.labels]);
    this.engine = parts.engine;
    this.#frameSize = this.pipeline.config.frames * this.pipeline.bins;
  }

  /**
   * Build from a loaded bundle: the feature pipeline and scaler come from its metadata; the
   * engine is started when the bundle records a CnnLstm config and `engine` allows it.
   */
  static async fromBundle(bundle: ModelBundle, options: { engine?: PredictEngine; logger?: Logger } = {}): Promise<Predictor> {
    const { model, metadata } = bundle;
    const pipeline = new FeaturePipeline(metadata.features as FeaturePipelineOptions);
    if (pipeline.config.frames !== metadata.input.frames || pipeline.bins !== metadata.input.bins) {
      throw new ShapeMismatchError(
        [metadata.input.frames, metadata.input.bins],
        [pipeline.config.frames, pipeline.bins],
        `${C}: the bundle's feature config gives [${pipeline.config.frames}, ${pipeline.bins}] inputs but the model expects [${metadata.input.frames}, ${metadata.input.bins}]. Re-save the bundle with the pipeline it was trained with.`,
      );
    }
    const scaler = StandardScaler.fromJSON(metadata.scaler);
    const engine = await startEngine(model, metadata.model, options.engine ?? 'auto', options.logger);
    return new Predictor({ model, pipeline, scaler, labels: metadata.labels, engine });
  }

  /** Scores for raw (unscaled) feature matrices of the model's input size. */
  predictFeatures(matrices: readonly FeatureMatrix[]): ScoredPrediction[] {
    if (matrices.length === 0) return [];
    const x = new Float32Array(matrices.length * this.#frameSize);
    matrices.forEach((m, i) => {
      if (m.frames !== this.pipeline.config.frames || m.bins !== this.pipeline.bins) {
        throw new ShapeMismatchError(
          [this.pipeline.config.frames, this.pipeline.bins],
          [m.frames, m.bins],
          `${C}: features have shape [${m.frames}, ${m.bins}] but the model expects [${this.pipeline.config.frames}, ${this.pipeline.bins}]. Use the feature pipeline saved with the model (recognizer.pipeline).`,
        );
      }
      x.set(this.scaler.transform(m).data, i * this.#frameSize);
    });
    const probs = this.#run(x, matrices.length);
    return matrices.map((_, i) => this.#scored(probs.subarray(i * this.labels.length, (i + 1) * this.labels.length)));
  }

  /** Scores for a mono signal at `sampleRate` (resampled, trimmed, centred window). */
  predictSignal(samples: Float32Array, sampleRate: number): ScoredPrediction {
    return this.predictFeatures([this.pipeline.extract(samples, sampleRate)])[0]!;
  }

  /** Per-window scores over a long signal, `hopSec` apart (default half a window). */
  predictSegments(samples: Float32Array, sampleRate: number, options: { hopSec?: number } = {}): SegmentPrediction[] {
    const segs = this.pipeline.segments(samples, sampleRate, options);
    const preds = this.predictFeatures(segs.map((s) => s.features));
    return segs.map((s, i) => ({ ...preds[i]!, startSec: s.startSec, endSec: s.endSec }));
  }

  /** Copy the tfjs model's current weights into the engine (call after training the model in place). */
  syncEngine(): void {
    this.engine?.setWeights(this.model.getWeights().map((w) => w.dataSync() as Float32Array));
  }

  /** Release the engine's workers (the tfjs model is owned by the caller). */
  async dispose(): Promise<void> {
    await this.engine?.dispose();
  }

  #run(x: Float32Array, batch: number): Float32Array {
    if (this.engine) return this.engine.predict(x, batch);
    const frames = this.pipeline.config.frames;
    const bins = this.pipeline.bins;
    return tf.tidy(() => {
      const out = this.model.predict(tf.tensor3d(x, [batch, frames, bins])) as tf.Tensor;
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

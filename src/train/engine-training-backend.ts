/**
 * `TrainingBackend` over the WASM SIMD CNN-LSTM engine (`src/model/engine/cnn-lstm-engine.ts`).
 *
 * The engine keeps its own copy of the weights; the Trainer copies the tf.LayersModel's weights in
 * at the start and writes the trained weights back with `model.setWeights` at the end, so tfjs
 * save/predict keep working. The engine module is imported lazily: models the engine cannot run
 * (or environments where its kernels fail to load) fall back to the tfjs backend.
 * @module
 */
import type { CnnLstmConfig } from '../model/cnn-lstm-config.js';
import type { OptimizerState, TrainStepOptions, TrainBatchResult, TrainingBackend } from './training-backend.js';

/** The part of `CnnLstmEngine` this adapter uses (structural, so tests can inject a fake). */
export interface CnnLstmEngineLike {
  readonly config: CnnLstmConfig;
  setWeights(weights: Float32Array[]): void;
  getWeights(): Float32Array[];
  predict(x: Float32Array, batch: number): Float32Array | Promise<Float32Array>;
  trainBatch(
    x: Float32Array,
    labels: Int32Array,
    options: { learningRate: number; sampleWeights?: Float32Array; dropoutSeed?: number },
  ): Promise<{ loss: number; correct?: number }>;
  getOptimizerState(): { step: number; m: Float32Array[]; v: Float32Array[] };
  setOptimizerState(state: { step: number; m: Float32Array[]; v: Float32Array[] }): void;
  dispose(): Promise<void> | void;
}

/** Adapts a CnnLstmEngine to the Trainer's {@link TrainingBackend} interface. */
export class EngineTrainingBackend implements TrainingBackend {
  readonly name = 'wasm-kernels' as const;

  /** @param engine - a created engine; this backend disposes it. */
  constructor(private readonly engine: CnnLstmEngineLike) {}

  /**
   * Load the engine module and create an engine for `config` initialised with `weights`.
   * Rejects when the engine module or its WASM kernels cannot be loaded.
   */
  static async create(
    config: CnnLstmConfig,
    weights: Float32Array[],
    options: { threads?: number } = {},
  ): Promise<EngineTrainingBackend> {
    const mod = await import('../model/engine/cnn-lstm-engine.js');
    const engine = await mod.CnnLstmEngine.create(config, options.threads !== undefined ? { threads: options.threads } : {});
    engine.setWeights(weights);
    return new EngineTrainingBackend(engine as unknown as CnnLstmEngineLike);
  }

  async trainBatch(x: Float32Array, labels: Int32Array, options: TrainStepOptions): Promise<TrainBatchResult> {
    const opts: { learningRate: number; sampleWeights?: Float32Array; dropoutSeed?: number } = {
      learningRate: options.learningRate,
    };
    if (options.sampleWeights) opts.sampleWeights = options.sampleWeights;
    if (options.dropoutSeed !== undefined) opts.dropoutSeed = options.dropoutSeed;
    const r = await this.engine.trainBatch(x, labels, opts);
    return typeof r.correct === 'number' ? { loss: r.loss, correct: r.correct } : { loss: r.loss };
  }

  async predict(x: Float32Array, batch: number): Promise<Float32Array> {
    return await this.engine.predict(x, batch);
  }

  getWeights(): Float32Array[] {
    return this.engine.getWeights().map((w) => w.slice());
  }

  setWeights(weights: readonly Float32Array[]): void {
    this.engine.setWeights(weights.map((w) => w.slice()));
  }

  getOptimizerState(): OptimizerState {
    const s = this.engine.getOptimizerState();
    return { step: s.step, m: s.m.map((a) => a.slice()), v: s.v.map((a) => a.slice()) };
  }

  setOptimizerState(state: OptimizerState): void {
    this.engine.setOptimizerState({
      step: state.step,
      m: state.m.map((a) => a.slice()),
      v: state.v.map((a) => a.slice()),
    });
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }
}

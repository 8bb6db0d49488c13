/**
 * The Trainer: mini-batch Adam training of a CNN-LSTM (or any `[batch, frames, bins] → softmax`
 * tf.LayersModel) with seeded shuffling, class weights, early stopping with best-weight restore,
 * reduce-LR-on-plateau, progress callbacks, and crash-safe checkpoints that resume exactly.
 *
 * Compute runs on a {@link TrainingBackend}: the WASM SIMD CNN-LSTM engine when the model was built
 * by `buildCnnLstm` and the kernels load (`engine: 'auto'`), else tfjs on the active tfjs backend.
 * Either way the trained weights end up in the tf.LayersModel that was passed in.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { BackendUnavailableError, InvalidArgumentError, ModelFormatError } from '../errors.js';
import { createRng, shuffleInPlace } from '../internal/rng.js';
import { assertInRange, assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { CnnLstmConfig } from '../model/cnn-lstm-config.js';
import type { Logger } from '../types.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { type ClassWeightOption, computeClassWeights } from './class-weights.js';
import { type TrainingData, gatherBatch, modelIo, validateData } from './data.js';
import { EngineTrainingBackend } from './engine-training-backend.js';
import { argMaxRows, classificationReport, crossEntropy } from './metrics.js';
import { TfjsTrainingBackend } from './tfjs-training-backend.js';
import type { OptimizerState, TrainingBackend } from './training-backend.js';

export type { ClassWeightOption } from './class-weights.js';
export type { TrainingData } from './data.js';

const COMPONENT = 'Trainer';

/** Quantity watched by early stopping and the LR scheduler. `val_*` need validation data. */
export type Monitor = 'val_loss' | 'val_uar' | 'loss';

/** Early-stopping options (Keras `EarlyStopping`). */
export interface EarlyStoppingOptions {
  /** @defaultValue 'val_loss' */
  readonly monitor?: Monitor;
  /** Epochs without improvement before stopping. @defaultValue 10 */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. @defaultValue 0 */
  readonly minDelta?: number;
  /** At the end, put back the weights of the best epoch. @defaultValue true */
  readonly restoreBestWeights?: boolean;
}

/** Reduce-LR-on-plateau options (Keras `ReduceLROnPlateau`). */
export interface ReduceLrOnPlateauOptions {
  /** @defaultValue 'val_loss' */
  readonly monitor?: Monitor;
  /** Multiply the learning rate by this on a plateau, in (0, 1). @defaultValue 0.5 */
  readonly factor?: number;
  /** Epochs without improvement before reducing. @defaultValue 4 */
  readonly patience?: number;
  /** Lower bound of the learning rate. @defaultValue 1e-5 */
  readonly minLr?: number;
  /** Smallest change that counts as an improvement. @defaultValue 0 */
  readonly minDelta?: number;
}

/** Which compute engine trains: see the module doc. */
export type TrainerEngine = 'auto' | 'wasm-kernels' | 'tfjs';

/** What callers pass to `new Trainer()` (all optional). */
export interface TrainerOptions {
  /** Maximum number of epochs. @defaultValue 50 */
  readonly epochs?: number;
  /** Samples per optimiser step (the last batch of an epoch may be smaller). @defaultValue 32 */
  readonly batchSize?: number;
  /** Initial Adam learning rate. @defaultValue 1e-3 */
  readonly learningRate?: number;
  /** Seed of shuffling and dropout masks. @defaultValue 42 */
  readonly seed?: number;
  /** Reshuffle the training set every epoch. @defaultValue true */
  readonly shuffle?: boolean;
  /** Per-class loss weights. @defaultValue 'balanced' */
  readonly classWeight?: ClassWeightOption;
  /** Early stopping, or `false` to train all epochs. */
  readonly earlyStopping?: EarlyStoppingOptions | false;
  /** Learning-rate reduction on plateaus, or `false` to keep it constant. */
  readonly reduceLrOnPlateau?: ReduceLrOnPlateauOptions | false;
  /**
   * Learning-rate schedule over the epochs: 'constant' (with reduceLrOnPlateau, if any) or 'cosine',
   * which anneals from `learningRate` to `minLearningRate` along half a cosine over `epochs`
   * (set `reduceLrOnPlateau: false` with it). @defaultValue 'constant'
   */
  readonly lrSchedule?: 'constant' | 'cosine';
  /** Floor of the cosine schedule. @defaultValue 1e-5 */
  readonly minLearningRate?: number;
  /** Directory for a checkpoint after every epoch (Node only). @defaultValue undefined (none) */
  readonly checkpointDir?: string | undefined;
  /** Continue from the checkpoint in `checkpointDir` when there is one. @defaultValue false */
  readonly resume?: boolean;
  /** Compute engine. @defaultValue 'auto' */
  readonly engine?: TrainerEngine;
  /** Worker threads for the WASM engine (engine default when undefined). */
  readonly engineThreads?: number | undefined;
  /** Receives warnings (fallbacks, monitor substitutions). Never the console. */
  readonly logger?: Logger | undefined;
}

/** Resolved, frozen Trainer configuration. */
export interface TrainerConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly classWeight: ClassWeightOption;
  readonly earlyStopping: Readonly<Required<EarlyStoppingOptions>> | null;
  readonly reduceLrOnPlateau: Readonly<Required<ReduceLrOnPlateauOptions>> | null;
  readonly lrSchedule: 'constant' | 'cosine';
  readonly minLearningRate: number;
  readonly checkpointDir: string | undefined;
  readonly resume: boolean;
  readonly engine: TrainerEngine;
  readonly engineThreads: number | undefined;
}

/** Trainer defaults. */
export const TRAINER_DEFAULTS = Object.freeze({
  epochs: 50,
  batchSize: 32,
  learningRate: 1e-3,
  seed: 42,
  shuffle: true,
  classWeight: 'balanced' as ClassWeightOption,
  earlyStopping: Object.freeze({ monitor: 'val_loss' as Monitor, patience: 10, minDelta: 0, restoreBestWeights: true }),
  reduceLrOnPlateau: Object.freeze({ monitor: 'val_loss' as Monitor, factor: 0.5, patience: 4, minLr: 1e-5, minDelta: 0 }),
  lrSchedule: 'constant' as 'constant' | 'cosine',
  minLearningRate: 1e-5,
  checkpointDir: undefined as string | undefined,
  resume: false,
  engine: 'auto' as TrainerEngine,
  engineThreads: undefined as number | undefined,
});

const MONITORS = ['val_loss', 'val_uar', 'loss'] as const;

/** Merge with {@link TRAINER_DEFAULTS}, validate, freeze. */
export function resolveTrainerConfig(options: TrainerOptions = {}): TrainerConfig {
  const o = { ...TRAINER_DEFAULTS, ...options };
  assertPositiveInt(COMPONENT, 'epochs', o.epochs);
  assertPositiveInt(COMPONENT, 'batchSize', o.batchSize);
  assertInRange(COMPONENT, 'learningRate', o.learningRate, 1e-12, 10);
  assertPositiveInt(COMPONENT, 'seed', o.seed, 0);
  for (const key of ['shuffle', 'resume'] as const) {
    if (typeof o[key] !== 'boolean') {
      throw new InvalidArgumentError(key, o[key], 'boolean', `${COMPONENT}: ${key} must be a boolean (got ${String(o[key])}).`);
    }
  }
  assertOneOf(COMPONENT, 'engine', o.engine, ['auto', 'wasm-kernels', 'tfjs'] as const);
  if (o.engineThreads !== undefined) assertPositiveInt(COMPONENT, 'engineThreads', o.engineThreads);
  if (o.checkpointDir !== undefined && (typeof o.checkpointDir !== 'string' || o.checkpointDir === '')) {
    throw new InvalidArgumentError(
      'checkpointDir',
      o.checkpointDir,
      'non-empty string',
      `${COMPONENT}: checkpointDir must be a non-empty directory path (got ${JSON.stringify(o.checkpointDir)}).`,
    );
  }
  if (o.resume && o.checkpointDir === undefined) {
    throw new InvalidArgumentError(
      'resume',
      true,
      'checkpointDir set',
      `${COMPONENT}: resume must be used with checkpointDir (got resume: true without a checkpointDir). Pass the directory the interrupted run wrote to.`,
    );
  }
  if (o.classWeight !== 'balanced' && o.classWeight !== 'none' && (typeof o.classWeight !== 'object' || o.classWeight === null)) {
    throw new InvalidArgumentError(
      'classWeight',
      o.classWeight,
      "'balanced' | 'none' | weights",
      `${COMPONENT}: classWeight must be 'balanced', 'none', an array or a record of weights (got ${JSON.stringify(o.classWeight)}).`,
    );
  }
  let earlyStopping: TrainerConfig['earlyStopping'] = null;
  if (o.earlyStopping !== false) {
    const e = { ...TRAINER_DEFAULTS.earlyStopping, ...o.earlyStopping };
    assertOneOf(COMPONENT, 'earlyStopping.monitor', e.monitor, MONITORS);
    assertPositiveInt(COMPONENT, 'earlyStopping.patience', e.patience);
    assertInRange(COMPONENT, 'earlyStopping.minDelta', e.minDelta, 0, Number.MAX_VALUE);
    if (typeof e.restoreBestWeights !== 'boolean') {
      throw new InvalidArgumentError(
        'earlyStopping.restoreBestWeights',
        e.restoreBestWeights,
        'boolean',
        `${COMPONENT}: earlyStopping.restoreBestWeights must be a boolean (got ${String(e.restoreBestWeights)}).`,
      );
    }
    earlyStopping = Object.freeze(e);
  }
  let reduceLrOnPlateau: TrainerConfig['reduceLrOnPlateau'] = null;
  if (o.reduceLrOnPlateau !== false) {
    const r = { ...TRAINER_DEFAULTS.reduceLrOnPlateau, ...o.reduceLrOnPlateau };
    assertOneOf(COMPONENT, 'reduceLrOnPlateau.monitor', r.monitor, MONITORS);
    assertInRange(COMPONENT, 'reduceLrOnPlateau.factor', r.factor, 1e-6, 0.999999, 'Use a factor below 1, e.g. 0.5.');
    assertPositiveInt(COMPONENT, 'reduceLrOnPlateau.patience', r.patience);
    assertInRange(COMPONENT, 'reduceLrOnPlateau.minLr', r.minLr, 0, o.learningRate);
    assertInRange(COMPONENT, 'reduceLrOnPlateau.minDelta', r.minDelta, 0, Number.MAX_VALUE);
    reduceLrOnPlateau = Object.freeze(r);
  }
  assertOneOf(COMPONENT, 'lrSchedule', o.lrSchedule, ['constant', 'cosine'] as const);
  assertInRange(COMPONENT, 'minLearningRate', o.minLearningRate, 0, o.learningRate);
  if (o.lrSchedule === 'cosine' && reduceLrOnPlateau)
    throw new InvalidArgumentError('reduceLrOnPlateau', o.reduceLrOnPlateau ?? 'default', 'false with a cosine schedule', `${COMPONENT}: lrSchedule 'cosine' sets the learning rate every epoch; pass reduceLrOnPlateau: false with it.`);
  return Object.freeze({
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    seed: o.seed,
    shuffle: o.shuffle,
    classWeight: o.classWeight,
    earlyStopping,
    reduceLrOnPlateau,
    lrSchedule: o.lrSchedule,
    minLearningRate: o.minLearningRate,
    checkpointDir: o.checkpointDir,
    resume: o.resume,
    engine: o.engine,
    engineThreads: o.engineThreads,
  });
}

/** Metrics of one finished epoch. Validation fields are null without validation data. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean training loss (class-weighted cross-entropy + regularisation), over the epoch's batches. */
  readonly loss: number;
  /** Training accuracy (of the training-mode predictions, as Keras reports it). */
  readonly acc: number;
  /** Validation cross-entropy (unweighted, dropout off). */
  readonly valLoss: number | null;
  /** Validation accuracy. */
  readonly valAcc: number | null;
  /** Validation unweighted average recall. */
  readonly valUar: number | null;
  /** Learning rate used during this epoch. */
  readonly lr: number;
  /** Wall-clock seconds of the epoch (training + validation). */
  readonly seconds: number;
  /** Training throughput in samples per second (training part only). */
  readonly samplesPerSec: number;
}

/** Progress of one optimiser step. */
export interface BatchLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** 0-based batch index within the epoch. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batches: number;
  /** Samples in this batch. */
  readonly size: number;
  /** Loss of this batch. */
  readonly loss: number;
}

/** Why training ended. */
export type StopReason = 'completed' | 'early-stopping' | 'aborted';

/** What {@link Trainer.fit} resolves to. */
export interface TrainingHistory {
  /** One log per finished epoch (including those before a resume). */
  readonly epochs: readonly EpochLog[];
  /** Monitored quantity actually used (after the no-validation fallback), or null without early stopping. */
  readonly monitor: Monitor | null;
  /** Epoch with the best monitored value, or null. */
  readonly bestEpoch: number | null;
  /** Best monitored value, or null. */
  readonly bestValue: number | null;
  /** True when the best epoch's weights were put back at the end. */
  readonly restoredBestWeights: boolean;
  readonly stopReason: StopReason;
  /** Engine that ran the epochs of this call. */
  readonly engine: 'tfjs' | 'wasm-kernels';
  /** Class weights applied to the loss, by class index. */
  readonly classWeights: readonly number[];
  /** Epochs already done in the checkpoint this call resumed from (0 for a fresh run). */
  readonly resumedFromEpoch: number;
  /** Learning rate at the end. */
  readonly finalLearningRate: number;
}

/** Options of one {@link Trainer.fit} call. */
export interface FitOptions {
  /** Held-out set for val_loss / val_acc / val_uar (early stopping and the LR scheduler watch it). */
  readonly validation?: TrainingData;
  /** Called after every epoch (after its checkpoint is written); may return a promise. */
  readonly onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Called after every optimiser step. */
  readonly onBatchEnd?: (log: BatchLog) => void;
  /** Stops training at the next batch boundary; fit resolves with stopReason 'aborted'. */
  readonly signal?: AbortSignal;
  /**
   * Advanced: train on this backend instead of choosing one. It must already hold the model's
   * starting weights; the Trainer writes its final weights into the model and disposes it.
   */
  readonly backend?: TrainingBackend;
}

/** Monitored-quantity tracker shared by early stopping and the LR scheduler. */
interface PlateauState {
  best: number | null;
  bestEpoch: number | null;
  wait: number;
}

/** JSON part of a Trainer checkpoint. */
export interface TrainerCheckpointMeta {
  readonly format: 'emotion-recog.trainer-checkpoint';
  readonly version: 1;
  /** Epochs completed. */
  readonly epoch: number;
  readonly stopReason: StopReason | null;
  readonly learningRate: number;
  /** Shuffling and dropout are derived from (seed, epoch[, batch]): the epoch is the RNG position. */
  readonly rng: { readonly algorithm: 'mulberry32'; readonly seed: number; readonly nextEpoch: number };
  readonly early: PlateauState;
  readonly plateau: PlateauState;
  readonly monitor: Monitor | null;
  readonly history: EpochLog[];
  readonly data: { readonly n: number; readonly frames: number; readonly bins: number; readonly classes: number; readonly fingerprint: string };
  readonly config: { readonly batchSize: number; readonly shuffle: boolean; readonly classWeights: number[] };
  readonly engine: 'tfjs' | 'wasm-kernels';
}

/** murmur3's 32-bit finaliser over a sequence of integers: decorrelated seeds per epoch / batch. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function dataFingerprint(data: TrainingData): string {
  let h = 0x811c9dc5;
  const step = (v: number) => {
    h = Math.imul(h ^ v, 0x01000193) >>> 0;
  };
  for (let i = 0; i < data.x.length; i++) {
    step(data.y[i]!);
    const d = data.x[i]!.data;
    const u = new Uint32Array(d.buffer, d.byteOffset, d.length);
    // A strided sample of the features: cheap, and any re-extraction or reordering changes it.
    for (let j = i % 31; j < u.length; j += 31) step(u[j]!);
  }
  return h.toString(16).padStart(8, '0');
}

/** Learning rate of (0-based) `epoch` under the cosine schedule. */
export function cosineLr(cfg: Pick<TrainerConfig, 'learningRate' | 'minLearningRate' | 'epochs'>, epoch: number): number {
  return cfg.learningRate - (cfg.learningRate - cfg.minLearningRate) * 0.5 * (1 - Math.cos((Math.PI * epoch) / cfg.epochs));
}

function isImprovement(monitor: Monitor, value: number, best: number | null, minDelta: number): boolean {
  if (best === null) return true;
  return monitor === 'val_uar' ? value > best + minDelta : value < best - minDelta;
}

function monitoredValue(monitor: Monitor, log: EpochLog): number {
  if (monitor === 'loss') return log.loss;
  if (monitor === 'val_uar') return log.valUar!;
  return log.valLoss!;
}

/** Write plain float arrays into a LayersModel (shapes taken from the model). */
export function setModelWeights(model: tfl.LayersModel, weights: readonly Float32Array[]): void {
  const vars = model.weights;
  if (vars.length !== weights.length || vars.some((v, i) => v.read().size !== weights[i]!.length)) {
    throw new ModelFormatError(
      'weights',
      `${COMPONENT}: weights must be ${vars.length} arrays matching the model's variables (got ${weights.length}). Use weights from the same architecture.`,
    );
  }
  tf.tidy(() => model.setWeights(vars.map((v, i) => tf.tensor(weights[i]!, v.shape as number[]))));
}

/** Copies of a LayersModel's weights, in getWeights() order. */
export function getModelWeights(model: tfl.LayersModel): Float32Array[] {
  return model.weights.map((v) => (v.read().dataSync() as Float32Array).slice());
}

/**
 * Trains tf.LayersModels: `new Trainer(options).fit(model, { x, y }, { validation })`.
 *
 * @example
 * const trainer = new Trainer({ epochs: 30, batchSize: 32, checkpointDir: 'runs/a', resume: true });
 * const history = await trainer.fit(model, { x: trainX, y: trainY }, {
 *   validation: { x: valX, y: valY },
 *   onEpochEnd: (e) => logger.info?.(`epoch ${e.epoch} val_uar ${e.valUar}`),
 * });
 * history.bestEpoch; // => e.g. 17
 */
export class Trainer {
  /** The resolved, frozen configuration. */
  readonly config: TrainerConfig;
  private readonly logger: Logger | undefined;

  /** @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for any invalid option, naming it. */
  constructor(options: TrainerOptions = {}) {
    this.config = resolveTrainerConfig(options);
    this.logger = options.logger;
  }

  /**
   * Train `model` in place on `train`; resolves when training ends.
   *
   * @param model - `[batch, frames, bins]` input, softmax `[batch, classes]` output.
   * @param train - fixed-size `[frames, bins]` matrices and class indices.
   * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when a matrix is not `[frames, bins]` of the model.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for bad labels or options.
   * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE when engine 'wasm-kernels' cannot load.
   * @throws {ModelFormatError} SER_MODEL_FORMAT when a checkpoint to resume does not fit the model or data.
   */
  async fit(model: tfl.LayersModel, train: TrainingData, options: FitOptions = {}): Promise<TrainingHistory> {
    const cfg = this.config;
    const io = modelIo(model, COMPONENT);
    const frames = validateData(COMPONENT, 'train', train, io);
    const validation = options.validation;
    if (validation) validateData(COMPONENT, 'validation', validation, { ...io, frames });
    const n = train.x.length;
    const k = io.classes;
    const classWeights = computeClassWeights(train.y, k, cfg.classWeight);
    const labels = Array.from({ length: k }, (_, i) => String(i));

    const monitorFor = (m: Monitor, what: string): Monitor => {
      if (m !== 'loss' && !validation) {
        this.logger?.warn(`${COMPONENT}: ${what} monitors '${m}' but fit() got no validation data; monitoring 'loss' instead. Pass { validation } to watch held-out data.`);
        return 'loss';
      }
      return m;
    };
    const esMonitor = cfg.earlyStopping ? monitorFor(cfg.earlyStopping.monitor, 'earlyStopping') : null;
    const lrMonitor = cfg.reduceLrOnPlateau ? monitorFor(cfg.reduceLrOnPlateau.monitor, 'reduceLrOnPlateau') : null;

    // ---- state (fresh, or from the checkpoint) ----
    let epoch = 0;
    let lr = cfg.learningRate;
    let history: EpochLog[] = [];
    let early: PlateauState = { best: null, bestEpoch: null, wait: 0 };
    let plateau: PlateauState = { best: null, bestEpoch: null, wait: 0 };
    let bestWeights: Float32Array[] | null = null;
    let stopReason: StopReason | null = null;
    let resumedFromEpoch = 0;
    const fingerprint = cfg.checkpointDir ? dataFingerprint(train) : '';

    let startWeights: Float32Array[] | null = null;
    let startOptimizer: OptimizerState | null = null;
    if (cfg.resume && cfg.checkpointDir) {
      const ckpt = await loadCheckpoint<TrainerCheckpointMeta>(cfg.checkpointDir);
      if (ckpt) {
        const meta = ckpt.meta;
        if (meta.format !== 'emotion-recog.trainer-checkpoint' || meta.version !== 1) {
          throw new ModelFormatError('checkpoint', `${COMPONENT}: checkpoint in ${JSON.stringify(cfg.checkpointDir)} has format ${JSON.stringify(meta.format)} v${meta.version}, expected emotion-recog.trainer-checkpoint v1. Delete it or pass resume: false.`);
        }
        const d = meta.data;
        if (d.n !== n || d.frames !== frames || d.bins !== io.bins || d.classes !== k || d.fingerprint !== fingerprint) {
          throw new ModelFormatError(
            'checkpoint',
            `${COMPONENT}: the checkpoint in ${JSON.stringify(cfg.checkpointDir)} was written for other training data (n=${d.n}, [${d.frames}, ${d.bins}], ${d.classes} classes, fingerprint ${d.fingerprint}; got n=${n}, [${frames}, ${io.bins}], ${k} classes, fingerprint ${fingerprint}). Resume with the same data, or use a new checkpointDir.`,
          );
        }
        const sizes = model.weights.map((w) => w.read().size);
        if (ckpt.weights.length !== sizes.length || ckpt.weights.some((w, i) => w.length !== sizes[i])) {
          throw new ModelFormatError(
            'checkpoint',
            `${COMPONENT}: the checkpoint's weights (${ckpt.weights.length} tensors) do not fit this model (${sizes.length} tensors of sizes [${sizes.join(', ')}]). Resume with the same architecture, or use a new checkpointDir.`,
          );
        }
        if (meta.config.batchSize !== cfg.batchSize || meta.rng.seed !== cfg.seed || meta.config.shuffle !== cfg.shuffle) {
          this.logger?.warn(`${COMPONENT}: resuming with batchSize/seed/shuffle different from the checkpoint's (${meta.config.batchSize}/${meta.rng.seed}/${meta.config.shuffle}); the run will not match an uninterrupted one.`);
        }
        epoch = meta.epoch;
        lr = meta.learningRate;
        history = [...meta.history];
        early = { ...meta.early };
        plateau = { ...meta.plateau };
        bestWeights = ckpt.bestWeights ? [...ckpt.bestWeights] : null;
        // An early stop is final; a completed run continues when `epochs` was raised.
        stopReason = meta.stopReason === 'early-stopping' ? 'early-stopping' : epoch >= cfg.epochs ? 'completed' : null;
        resumedFromEpoch = epoch;
        startWeights = [...ckpt.weights];
        startOptimizer = ckpt.optimizer;
      }
    }

    const backend = options.backend ?? (await this.createBackend(model));
    const ownsModelVariables = backend instanceof TfjsTrainingBackend;
    try {
      if (startWeights) backend.setWeights(startWeights);
      if (startOptimizer) backend.setOptimizerState(startOptimizer);

      const order = Array.from({ length: n }, (_, i) => i);
      const bs = Math.min(cfg.batchSize, n);
      const batches = Math.ceil(n / bs);
      const frameSize = frames * io.bins;
      const xBuf = new Float32Array(bs * frameSize);
      const yBuf = new Int32Array(bs);
      const wBuf = new Float32Array(bs);
      const useWeights = classWeights.some((w) => w !== 1);

      while (stopReason === null && epoch < cfg.epochs) {
        if (options.signal?.aborted) {
          stopReason = 'aborted';
          break;
        }
        if (cfg.lrSchedule === 'cosine') lr = cosineLr(cfg, epoch);
        const t0 = performance.now();
        for (let i = 0; i < n; i++) order[i] = i;
        if (cfg.shuffle) shuffleInPlace(order, createRng(mixSeed(cfg.seed, epoch)));
        let lossSum = 0;
        let correct = 0;
        let correctKnown = true;
        let aborted = false;
        for (let b = 0; b < batches; b++) {
          const start = b * bs;
          const end = Math.min(n, start + bs);
          const size = end - start;
          const xb = gatherBatch(train.x, order, start, end, xBuf);
          const yb = size === bs ? yBuf : yBuf.subarray(0, size);
          const wb = size === bs ? wBuf : wBuf.subarray(0, size);
          for (let i = 0; i < size; i++) {
            const label = train.y[order[start + i]!]!;
            yb[i] = label;
            wb[i] = classWeights[label]!;
          }
          const r = await backend.trainBatch(xb, yb, {
            learningRate: lr,
            ...(useWeights ? { sampleWeights: wb } : {}),
            dropoutSeed: mixSeed(cfg.seed, epoch, b),
          });
          lossSum += r.loss * size;
          if (r.correct === undefined) correctKnown = false;
          else correct += r.correct;
          options.onBatchEnd?.({ epoch: epoch + 1, batch: b, batches, size, loss: r.loss });
          if (options.signal?.aborted) {
            aborted = true;
            break;
          }
        }
        if (aborted) {
          stopReason = 'aborted';
          break;
        }
        const trainSeconds = (performance.now() - t0) / 1000;
        let acc: number;
        if (correctKnown) {
          acc = correct / n;
        } else {
          // The backend does not report training-mode predictions: score the set in inference mode.
          const probs = await predictAll(backend, train.x, frameSize, cfg.batchSize);
          const pred = argMaxRows(probs, k);
          let c = 0;
          for (let i = 0; i < n; i++) if (pred[i] === train.y[i]) c++;
          acc = c / n;
        }
        let valLoss: number | null = null;
        let valAcc: number | null = null;
        let valUar: number | null = null;
        if (validation) {
          const probs = await predictAll(backend, validation.x, frameSize, cfg.batchSize);
          valLoss = crossEntropy(probs, validation.y, k);
          const rep = classificationReport(validation.y, argMaxRows(probs, k), labels);
          valAcc = rep.accuracy;
          valUar = rep.uar;
        }
        const log: EpochLog = {
          epoch: epoch + 1,
          loss: lossSum / n,
          acc,
          valLoss,
          valAcc,
          valUar,
          lr,
          seconds: (performance.now() - t0) / 1000,
          samplesPerSec: trainSeconds > 0 ? n / trainSeconds : 0,
        };
        history.push(log);
        epoch++;

        if (cfg.earlyStopping && esMonitor) {
          const value = monitoredValue(esMonitor, log);
          if (isImprovement(esMonitor, value, early.best, cfg.earlyStopping.minDelta)) {
            early = { best: value, bestEpoch: log.epoch, wait: 0 };
            if (cfg.earlyStopping.restoreBestWeights) bestWeights = backend.getWeights();
          } else {
            early = { ...early, wait: early.wait + 1 };
            if (early.wait >= cfg.earlyStopping.patience) stopReason = 'early-stopping';
          }
        }
        if (cfg.reduceLrOnPlateau && lrMonitor) {
          const r = cfg.reduceLrOnPlateau;
          const value = monitoredValue(lrMonitor, log);
          if (isImprovement(lrMonitor, value, plateau.best, r.minDelta)) {
            plateau = { best: value, bestEpoch: log.epoch, wait: 0 };
          } else {
            plateau = { ...plateau, wait: plateau.wait + 1 };
            if (plateau.wait >= r.patience && lr > r.minLr) {
              lr = Math.max(lr * r.factor, r.minLr);
              plateau = { ...plateau, wait: 0 };
            }
          }
        }
        if (stopReason === null && epoch >= cfg.epochs) stopReason = 'completed';

        if (cfg.checkpointDir) {
          const meta: TrainerCheckpointMeta = {
            format: 'emotion-recog.trainer-checkpoint',
            version: 1,
            epoch,
            stopReason,
            learningRate: lr,
            rng: { algorithm: 'mulberry32', seed: cfg.seed, nextEpoch: epoch },
            early,
            plateau,
            monitor: esMonitor,
            history,
            data: { n, frames, bins: io.bins, classes: k, fingerprint },
            config: { batchSize: cfg.batchSize, shuffle: cfg.shuffle, classWeights },
            engine: backend.name,
          };
          await saveCheckpoint(cfg.checkpointDir, {
            meta,
            weights: backend.getWeights(),
            optimizer: backend.getOptimizerState(),
            bestWeights,
          });
        }
        await options.onEpochEnd?.(log);
      }
      if (stopReason === null) stopReason = 'completed';

      const lastEpoch = history.length > 0 ? history[history.length - 1]!.epoch : null;
      let restored = false;
      if (cfg.earlyStopping?.restoreBestWeights && bestWeights && early.bestEpoch !== null && early.bestEpoch !== lastEpoch) {
        backend.setWeights(bestWeights);
        restored = true;
      }
      if (!ownsModelVariables) setModelWeights(model, backend.getWeights());
      return {
        epochs: history,
        monitor: esMonitor,
        bestEpoch: early.bestEpoch,
        bestValue: early.best,
        restoredBestWeights: restored,
        stopReason,
        engine: backend.name,
        classWeights,
        resumedFromEpoch,
        finalLearningRate: lr,
      };
    } finally {
      await backend.dispose();
    }
  }

  /** Pick the engine: the WASM kernels when possible (auto) or required, else tfjs. */
  private async createBackend(model: tfl.LayersModel): Promise<TrainingBackend> {
    const want = this.config.engine;
    if (want === 'tfjs') return new TfjsTrainingBackend(model);
    let cnnConfig: CnnLstmConfig | null = null;
    try {
      const mod = await import('../model/cnn-lstm.js');
      cnnConfig = mod.cnnLstmConfigOf(model) ?? null;
    } catch (cause) {
      if (want === 'wasm-kernels') {
        throw new BackendUnavailableError('wasm-kernels', `${COMPONENT}: engine 'wasm-kernels' could not read the model's CNN-LSTM config. Use engine: 'tfjs'.`, { cause });
      }
    }
    if (!cnnConfig) {
      if (want === 'wasm-kernels') {
        throw new InvalidArgumentError(
          'engine',
          want,
          "'auto' or 'tfjs' for models not built by buildCnnLstm",
          `${COMPONENT}: engine must be 'auto' or 'tfjs' for this model (got 'wasm-kernels', but the model was not built by buildCnnLstm so the kernels cannot run it). Build it with buildCnnLstm() or use engine: 'tfjs'.`,
        );
      }
      return new TfjsTrainingBackend(model);
    }
    try {
      return await EngineTrainingBackend.create(
        cnnConfig,
        getModelWeights(model),
        this.config.engineThreads !== undefined ? { threads: this.config.engineThreads } : {},
      );
    } catch (cause) {
      if (want === 'wasm-kernels') {
        throw new BackendUnavailableError(
          'wasm-kernels',
          `${COMPONENT}: the WASM CNN-LSTM kernels could not be loaded (${(cause as Error)?.message ?? String(cause)}). Use engine: 'tfjs' or 'auto'.`,
          { cause },
        );
      }
      this.logger?.warn(`${COMPONENT}: WASM CNN-LSTM kernels unavailable (${(cause as Error)?.message ?? String(cause)}); training with tfjs.`);
      return new TfjsTrainingBackend(model);
    }
  }
}

/** Predict a whole set in batches of `batchSize`: probabilities `[n, classes]`, row-major. */
export async function predictAll(
  backend: TrainingBackend,
  x: TrainingData['x'],
  frameSize: number,
  batchSize: number,
): Promise<Float32Array> {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const buf = new Float32Array(Math.min(batchSize, n) * frameSize);
  let out: Float32Array | null = null;
  let k = 0;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const probs = await backend.predict(gatherBatch(x, order, start, end, buf), end - start);
    if (!out) {
      k = probs.length / (end - start);
      out = new Float32Array(n * k);
    }
    out.set(probs, start * k);
  }
  return out ?? new Float32Array(0);
}

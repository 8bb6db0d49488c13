/**
 * Fast CNN-LSTM training and inference engine on WebAssembly SIMD kernels.
 *
 * Computes exactly what stock tfjs-layers computes for the model `buildCnnLstm(config)` builds
 * (Conv1D 'same' + ReLU → MaxPooling1D → LSTM stack (sigmoid recurrent activation, unit forget
 * bias, optional Bidirectional concat) → last step | GlobalAveragePooling1D → Dense + ReLU →
 * Dropout → Dense + softmax; categorical cross-entropy with sample weights; Keras L2 on kernels;
 * tfjs Adam), but as whole-sequence kernels instead of hundreds of small tensor ops: the forward
 * pass, backpropagation through time and the optimizer step all run inside one WebAssembly module.
 *
 * In Node, training splits each batch across `threads` replicas (the main thread plus worker
 * threads); gradients are summed through a SharedArrayBuffer in a fixed order and every replica
 * applies the same Adam step, so replicas stay bit-identical. Browsers use the main thread only.
 */
import { BackendUnavailableError, InvalidArgumentError, ShapeMismatchError } from '../../errors.js';
import { createRng, randn } from '../../internal/rng.js';
import { Kernels, loadKernelModule, type SimdMode } from '../../kernels/kernels.js';
import { resolveCnnLstmConfig, type CnnLstmConfig } from '../cnn-lstm-config.js';
import { WORKER_SOURCE } from './worker-source.js';
import { isNode, nodeBuiltin } from '../../internal/runtime.js';

/** Options for `CnnLstmEngine.create`. */
export interface CnnLstmEngineOptions {
  /**
   * Training threads (data parallel). Node: default min(2, available cores), using
   * worker_threads; browsers: always 1.
   */
  readonly threads?: number;
  /** Kernel build: 'auto' (relaxed SIMD/FMA when available), 'relaxed' or 'baseline'. @defaultValue 'auto' */
  readonly simd?: SimdMode;
}

/** Options of one training step. */
export interface TrainBatchOptions {
  /** Adam learning rate (> 0). */
  readonly learningRate: number;
  /** Per-sample loss weights (class weighting); default all 1. */
  readonly sampleWeights?: Float32Array;
  /** Seed of this step's dropout masks; default derived from config.seed and the step count. */
  readonly dropoutSeed?: number;
}

/** Adam state in getWeights() order. */
export interface EngineOptimizerState {
  readonly step: number;
  readonly m: Float32Array[];
  readonly v: Float32Array[];
}

/** Adam hyper-parameters (tfjs defaults: `tf.train.adam(lr)` with epsilon = backend epsilon 1e-7). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Input samples staged per predict() round (forward passes run in the kernel's micro-batches). */
const PREDICT_CHUNK = 16;
const C = 'CnnLstmEngine';

/** Shapes of the weight tensors in tfjs `model.getWeights()` order for `buildCnnLstm(config)`. */
export function cnnLstmWeightShapes(config: CnnLstmConfig): number[][] {
  const shapes: number[][] = [[config.kernelSize, config.inputBins, config.filters], [config.filters]];
  const u = config.lstmUnits;
  const dirs = config.bidirectional ? 2 : 1;
  for (let l = 0; l < config.lstmLayers; l++) {
    const din = l === 0 ? config.filters : u * dirs;
    for (let d = 0; d < dirs; d++) shapes.push([din, 4 * u], [u, 4 * u], [4 * u]);
  }
  const dr = config.lstmLayers > 0 ? u * dirs : config.filters;
  let head = dr;
  if (config.denseUnits > 0) {
    shapes.push([dr, config.denseUnits], [config.denseUnits]);
    head = config.denseUnits;
  }
  shapes.push([head, config.numClasses], [config.numClasses]);
  return shapes;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

interface WorkerLike {
  postMessage(msg: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(ev: 'message', fn: (msg: WorkerMessage) => void): void;
  on(ev: 'error', fn: (err: Error) => void): void;
  on(ev: 'exit', fn: (code: number) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

type WorkerMessage = { type: 'ready' } | { type: 'grads'; gen: number; loss: number; correct: number } | { type: 'probs'; probs: Float32Array } | { type: 'error'; message: string };

interface WorkerHandle {
  readonly worker: WorkerLike;
  waiter: ((msg: WorkerMessage) => void) | undefined;
  failure: Error | undefined;
}

/** The WebAssembly CNN-LSTM engine. Create with `CnnLstmEngine.create(config)`. */
export class CnnLstmEngine {
  /** The resolved model configuration. */
  readonly config: CnnLstmConfig;
  /** Replicas used by trainBatch (1 = main thread only). */
  readonly threads: number;
  /** Whether the relaxed-SIMD (FMA) kernel build is in use. */
  readonly relaxedSimd: boolean;

  private readonly k: Kernels;
  private readonly shapes: number[][];
  private readonly offsets: number[];
  private readonly nParams: number;
  private readonly frames: number;
  private readonly frameSize: number;
  private readonly workers: WorkerHandle[];
  private readonly gradSlots: Float32Array | undefined;
  private readonly ctrl: Int32Array | undefined;
  private step = 0;
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);
  private gen = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private disposed = false;

  private constructor(
    config: CnnLstmConfig,
    k: Kernels,
    relaxed: boolean,
    workers: WorkerHandle[],
    gradSlots: Float32Array | undefined,
    ctrl: Int32Array | undefined,
  ) {
    this.config = config;
    this.k = k;
    this.relaxedSimd = relaxed;
    this.workers = workers;
    this.threads = workers.length + 1;
    this.gradSlots = gradSlots;
    this.ctrl = ctrl;
    this.shapes = cnnLstmWeightShapes(config);
    const e = k.exports;
    this.nParams = e.paramCount();
    this.offsets = this.shapes.map((_, i) => e.tensorOffset(i));
    this.frames = config.inputFrames;
    this.frameSize = config.inputFrames * config.inputBins;
    this.shapes.forEach((s, i) => {
      if (e.tensorSize(i) !== size(s)) throw new Error(`${C}: internal weight layout mismatch at tensor ${i}`);
    });
  }

  /**
   * Compile the kernels, allocate the network and (Node, threads > 1) start worker replicas.
   * Weights start at zero: call setWeights (e.g. with initCnnLstmWeights) before training.
   */
  static async create(config: CnnLstmConfig, options: CnnLstmEngineOptions = {}): Promise<CnnLstmEngine> {
    const cfg = resolveCnnLstmConfig(config);
    if (cfg.lstmLayers > 32) {
      throw new InvalidArgumentError('lstmLayers', cfg.lstmLayers, '<= 32', `${C}: lstmLayers must be <= 32 (got ${cfg.lstmLayers}). Use fewer layers.`);
    }
    const node = isNode();
    let threads = 1;
    if (options.threads !== undefined) {
      if (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > 64) {
        throw new InvalidArgumentError('threads', options.threads, 'an integer in [1, 64]', `${C}: threads must be an integer in [1, 64] (got ${String(options.threads)}). Pass 1 for single-threaded training.`);
      }
      threads = node ? options.threads : 1;
    } else if (node) {
      const os = await nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>('os');
      threads = Math.min(2, os.availableParallelism?.() ?? os.cpus().length);
    }
    const km = await loadKernelModule(options.simd ?? 'auto');
    const k = await Kernels.instantiate(km.module);
    k.exports.netInit(...initArgs(cfg));
    let pool: WorkerPool = { workers: [], gradSlots: undefined, ctrl: undefined };
    if (threads > 1) {
      try {
        pool = await startWorkers(threads, km.module, initArgs(cfg), k.exports.paramCount());
      } catch (err) {
        // Default thread count: fall back to the main thread. An explicit request must not be
        // silently downgraded.
        if (options.threads !== undefined) {
          throw new BackendUnavailableError('worker_threads', `${C}: threads must be startable as worker_threads (starting ${threads - 1} failed: ${String(err)}). Pass threads: 1.`, { cause: err });
        }
      }
    }
    return new CnnLstmEngine(cfg, k, km.relaxed, pool.workers, pool.gradSlots, pool.ctrl);
  }

  // ---- weights ---------------------------------------------------------------------------------

  /** Replace all weights (tfjs `model.getWeights()` order and shapes, see cnnLstmWeightShapes). */
  setWeights(weights: Float32Array[]): void {
    this.assertIdle('setWeights');
    if (!Array.isArray(weights) || weights.length !== this.shapes.length) {
      throw new ShapeMismatchError([this.shapes.length], [Array.isArray(weights) ? weights.length : 0], `${C}: weights must be ${this.shapes.length} tensors in getWeights() order (got ${Array.isArray(weights) ? weights.length : typeof weights}). Build them with initCnnLstmWeights(config, seed) or model.getWeights().`);
    }
    weights.forEach((w, i) => {
      const n = size(this.shapes[i]!);
      if (!(w instanceof Float32Array) || w.length !== n) {
        throw new ShapeMismatchError(this.shapes[i]!, [w?.length ?? 0], `${C}: weights[${i}] must be a Float32Array of ${n} values for shape [${this.shapes[i]!.join(', ')}] (got ${w?.length ?? typeof w}). Pass tensors in getWeights() order.`);
      }
    });
    const P = this.k.f32(this.k.exports.paramsPtr(), this.nParams);
    weights.forEach((w, i) => P.set(w, this.offsets[i]!));
    this.broadcast({ type: 'params', params: P.slice() });
  }

  /** Copies of all weights in tfjs `model.getWeights()` order. */
  getWeights(): Float32Array[] {
    this.assertAlive();
    return this.unflatten(this.k.exports.paramsPtr());
  }

  /** Adam state (step count and moments, getWeights() order). */
  getOptimizerState(): EngineOptimizerState {
    this.assertAlive();
    return { step: this.step, m: this.unflatten(this.k.exports.adamMPtr()), v: this.unflatten(this.k.exports.adamVPtr()) };
  }

  /** Restore Adam state saved with getOptimizerState (e.g. to resume training). */
  setOptimizerState(state: EngineOptimizerState): void {
    this.assertIdle('setOptimizerState');
    if (!Number.isInteger(state?.step) || state.step < 0) {
      throw new InvalidArgumentError('step', state?.step, 'a non-negative integer', `${C}: state.step must be a non-negative integer (got ${String(state?.step)}). Pass an object from getOptimizerState().`);
    }
    const M = this.flatten(state.m, 'state.m');
    const V = this.flatten(state.v, 'state.v');
    this.k.f32(this.k.exports.adamMPtr(), this.nParams).set(M);
    this.k.f32(this.k.exports.adamVPtr(), this.nParams).set(V);
    this.step = state.step;
    let a1 = Math.fround(BETA1);
    let a2 = Math.fround(BETA2);
    for (let s = 0; s < state.step; s++) {
      a1 = Math.fround(a1 * Math.fround(BETA1));
      a2 = Math.fround(a2 * Math.fround(BETA2));
    }
    this.accBeta1 = a1;
    this.accBeta2 = a2;
    this.broadcast({ type: 'state', m: M, v: V });
  }

  // ---- inference -------------------------------------------------------------------------------

  /** x: [batch, inputFrames, inputBins] frame-major. Returns softmax probabilities [batch, numClasses]. */
  predict(x: Float32Array, batch: number): Float32Array {
    this.assertAlive();
    this.checkInput(x, batch);
    const e = this.k.exports;
    const nc = this.config.numClasses;
    const out = new Float32Array(batch * nc);
    e.reserve(Math.min(PREDICT_CHUNK, batch));
    const chunk = Math.min(e.activationCapacity(), batch);
    for (let s = 0; s < batch; s += chunk) {
      const b = Math.min(chunk, batch - s);
      this.k.f32(e.inputPtr(), b * this.frameSize).set(x.subarray(s * this.frameSize, (s + b) * this.frameSize));
      e.forward(b, 0, 0, 0);
      out.set(this.k.f32(e.probsPtr(), b * nc), s * nc);
    }
    return out;
  }

  /**
   * {@link predict} with the batch split across the engine's threads (the main thread and its
   * worker replicas, see `threads`): the same probabilities, in about 1/threads of the time for
   * large batches. Runs after any pending training step. With one thread it is `predict`.
   */
  predictParallel(x: Float32Array, batch: number): Promise<Float32Array> {
    this.pending++;
    const run = this.queue.then(() => this.predictParallelNow(x, batch)).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async predictParallelNow(x: Float32Array, batch: number): Promise<Float32Array> {
    this.assertAlive();
    this.checkInput(x, batch);
    const T = Math.min(this.threads, batch);
    if (T < 2) return this.predict(x, batch);
    const nc = this.config.numClasses;
    const fs = this.frameSize;
    const bounds: number[] = [];
    for (let i = 0; i <= T; i++) bounds.push(Math.round((i * batch) / T));
    const out = new Float32Array(batch * nc);
    const pending: Promise<[number, WorkerMessage]>[] = [];
    try {
      for (let i = 1; i < T; i++) {
        const h = this.workers[i - 1]!;
        if (h.failure) throw h.failure;
        const from = bounds[i]!;
        const bt = bounds[i + 1]! - from;
        const xs = x.slice(from * fs, (from + bt) * fs);
        pending.push(new Promise<WorkerMessage>((resolve) => (h.waiter = resolve)).then((m) => [from, m]));
        h.worker.ref();
        h.worker.postMessage({ type: 'predict', bt, nc, x: xs }, [xs.buffer]);
      }
      out.set(this.predict(x.subarray(0, bounds[1]! * fs), bounds[1]!), 0);
      for (const [from, m] of await Promise.all(pending)) {
        if (m.type !== 'probs') throw new Error(`${C}: worker failed: ${m.type === 'error' ? m.message : m.type}`);
        out.set(m.probs, from * nc);
      }
    } finally {
      for (const h of this.workers) h.worker.unref();
    }
    return out;
  }

  // ---- training --------------------------------------------------------------------------------

  /**
   * Loss and gradients (getWeights() order) on a batch without updating anything, on the main
   * thread. `training` applies dropout (default false). Loss = mean(w_i · CE_i) + L2 term.
   */
  computeGradients(
    x: Float32Array,
    labels: Int32Array,
    options: { sampleWeights?: Float32Array; training?: boolean; dropoutSeed?: number } = {},
  ): { loss: number; grads: Float32Array[] } {
    this.assertIdle('computeGradients');
    const batch = labels?.length ?? 0;
    this.checkBatch(x, labels, options.sampleWeights);
    const loss = this.localGradients(x, labels, options.sampleWeights, 0, batch, batch, options.training ?? false, options.dropoutSeed ?? 0);
    let total = loss / batch;
    if (this.config.l2 > 0) total += this.config.l2 * this.k.exports.applyL2(Math.fround(this.config.l2));
    return { loss: total, grads: this.unflatten(this.k.exports.gradsPtr()) };
  }

  /**
   * One Adam step (forward, backward, optimizer) on a batch. labels are class indices.
   * Returns the mean weighted loss (cross-entropy + L2) before the update and how many samples
   * the (dropout-perturbed) forward pass classified correctly.
   */
  trainBatch(x: Float32Array, labels: Int32Array, options: TrainBatchOptions): Promise<{ loss: number; correct: number }> {
    this.pending++;
    const run = this.queue.then(() => this.trainBatchNow(x, labels, options)).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async trainBatchNow(x: Float32Array, labels: Int32Array, options: TrainBatchOptions): Promise<{ loss: number; correct: number }> {
    this.assertAlive();
    const lr = options?.learningRate;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
      throw new InvalidArgumentError('learningRate', lr, 'a finite number > 0', `${C}: learningRate must be a finite number > 0 (got ${String(lr)}). Pass e.g. { learningRate: 1e-3 }.`);
    }
    this.checkBatch(x, labels, options.sampleWeights);
    const batch = labels.length;
    const seed = options.dropoutSeed !== undefined ? options.dropoutSeed >>> 0 : (Math.imul(this.config.seed + 1, 0x9e3779b1) + Math.imul(this.step + 1, 0x85ebca77)) >>> 0;
    const omAcc1 = Math.fround(1 - this.accBeta1);
    const omAcc2 = Math.fround(1 - this.accBeta2);
    const adam = [
      Math.fround(-lr), Math.fround(BETA1), Math.fround(1 - BETA1), Math.fround(BETA2), Math.fround(1 - BETA2),
      omAcc1, omAcc2, Math.fround(EPSILON),
    ];
    const l2 = this.config.l2;
    const e = this.k.exports;
    let lossSum: number;
    let correct: number;
    if (this.workers.length === 0) {
      lossSum = this.localGradients(x, labels, options.sampleWeights, 0, batch, batch, true, seed);
      correct = e.lastCorrect();
    } else {
      [lossSum, correct] = await this.parallelGradients(x, labels, options.sampleWeights, batch, seed, l2, adam);
    }
    let loss = lossSum / batch;
    if (l2 > 0) loss += l2 * e.applyL2(Math.fround(l2));
    e.adamStep(adam[0]!, adam[1]!, adam[2]!, adam[3]!, adam[4]!, adam[5]!, adam[6]!, adam[7]!);
    this.step++;
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
    return { loss, correct };
  }

  /** Forward + loss + backward on samples [from, to) of the batch, on the main replica. */
  private localGradients(
    x: Float32Array, labels: Int32Array, sw: Float32Array | undefined,
    from: number, to: number, batch: number, training: boolean, seed: number,
  ): number {
    const e = this.k.exports;
    const b = to - from;
    e.reserve(b);
    this.k.f32(e.inputPtr(), b * this.frameSize).set(x.subarray(from * this.frameSize, to * this.frameSize));
    this.k.i32(e.labelsPtr(), b).set(labels.subarray(from, to));
    const w = this.k.f32(e.sampleWeightsPtr(), b);
    if (sw) w.set(sw.subarray(from, to));
    else w.fill(1);
    return e.gradients(b, Math.fround(1 / batch), training ? 1 : 0, seed, from);
  }

  private async parallelGradients(
    x: Float32Array, labels: Int32Array, sw: Float32Array | undefined,
    batch: number, seed: number, l2: number, adam: number[],
  ): Promise<[number, number]> {
    const e = this.k.exports;
    const slots = this.gradSlots!;
    const ctrl = this.ctrl!;
    const n = this.nParams;
    const T = this.threads;
    const gen = ++this.gen;
    const invB = Math.fround(1 / batch);
    // Even split; replica 0 (main) takes the first slice.
    const bounds: number[] = [];
    for (let i = 0; i <= T; i++) bounds.push(Math.round((i * batch) / T));
    const pending: Promise<WorkerMessage>[] = [];
    this.workers.forEach((h, wi) => {
      const i = wi + 1;
      const from = bounds[i]!, to = bounds[i + 1]!;
      const bt = to - from;
      const xs = x.slice(from * this.frameSize, to * this.frameSize);
      const ls = labels.slice(from, to);
      const ss = sw ? sw.slice(from, to) : new Float32Array(bt).fill(1);
      if (h.failure) throw h.failure;
      pending.push(
        new Promise<WorkerMessage>((resolve) => {
          h.waiter = resolve;
        }),
      );
      h.worker.ref();
      h.worker.postMessage({ type: 'step', gen, bt, x: xs, labels: ls, sw: ss, base: from, invB, seed, l2, adam }, [xs.buffer, ls.buffer, ss.buffer]);
    });
    let loss = 0;
    let correct = 0;
    const b0 = bounds[1]!;
    try {
      if (b0 > 0) {
        loss = this.localGradients(x, labels, sw, 0, b0, batch, true, seed);
        correct = e.lastCorrect();
      }
      // Workers must have finished reading the previous step's slots before slot 0 is rewritten.
      for (let i = 1; i < T; i++) {
        for (;;) {
          const acked = Atomics.load(ctrl, 1 + i);
          if (acked >= gen - 1) break;
          if (this.workers[i - 1]!.failure) throw this.workers[i - 1]!.failure;
          Atomics.wait(ctrl, 1 + i, acked, 50);
        }
      }
      if (b0 > 0) slots.set(this.k.f32(e.gradsPtr(), n), 0);
      else {
        slots.fill(0, 0, n);
        this.k.f32(e.gradsPtr(), n).fill(0);
      }
      const msgs = await Promise.all(pending);
      for (const m of msgs) {
        if (m.type !== 'grads') throw new Error(`${C}: worker failed: ${m.type === 'error' ? m.message : m.type}`);
        loss += m.loss;
        correct += m.correct;
      }
      Atomics.store(ctrl, 0, gen);
      Atomics.notify(ctrl, 0);
    } finally {
      for (const h of this.workers) h.worker.unref();
    }
    for (let s = 1; s < T; s++) {
      this.k.f32(e.scratchPtr(), n).set(slots.subarray(s * n, (s + 1) * n));
      e.addScratchToGrads();
    }
    return [loss, correct];
  }

  /** Stop worker threads and release the module. The engine is unusable afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await Promise.all(this.workers.map((h) => h.worker.terminate()));
  }

  /** Number of live worker threads (0 after dispose). */
  get workerCount(): number {
    return this.disposed ? 0 : this.workers.length;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private broadcast(msg: { type: 'params'; params: Float32Array } | { type: 'state'; m: Float32Array; v: Float32Array }): void {
    for (const h of this.workers) h.worker.postMessage(msg);
  }

  private unflatten(ptr: number): Float32Array[] {
    const all = this.k.f32(ptr, this.nParams);
    return this.shapes.map((s, i) => all.slice(this.offsets[i]!, this.offsets[i]! + size(s)));
  }

  private flatten(ws: Float32Array[], name: string): Float32Array {
    const out = new Float32Array(this.nParams);
    if (!Array.isArray(ws) || ws.length !== this.shapes.length) {
      throw new ShapeMismatchError([this.shapes.length], [Array.isArray(ws) ? ws.length : 0], `${C}: ${name} must be ${this.shapes.length} tensors in getWeights() order (got ${Array.isArray(ws) ? ws.length : typeof ws}). Pass an object from getOptimizerState().`);
    }
    ws.forEach((w, i) => {
      const n = size(this.shapes[i]!);
      if (!(w instanceof Float32Array) || w.length !== n) {
        throw new ShapeMismatchError(this.shapes[i]!, [w?.length ?? 0], `${C}: ${name}[${i}] must be a Float32Array of ${n} values (got ${w?.length ?? typeof w}). Pass an object from getOptimizerState().`);
      }
      out.set(w, this.offsets[i]!);
    });
    return out;
  }

  private checkInput(x: Float32Array, batch: number): void {
    if (!Number.isInteger(batch) || batch < 1) {
      throw new InvalidArgumentError('batch', batch, 'a positive integer', `${C}: batch must be a positive integer (got ${String(batch)}). Pass the number of samples in x.`);
    }
    if (!(x instanceof Float32Array) || x.length !== batch * this.frameSize) {
      throw new ShapeMismatchError([batch, this.frames, this.config.inputBins], [x?.length ?? 0], `${C}: x must be a Float32Array of batch × inputFrames × inputBins = ${batch * this.frameSize} values (got ${x?.length ?? typeof x}). Pad or trim features to ${this.frames} frames of ${this.config.inputBins} bins.`);
    }
  }

  private checkBatch(x: Float32Array, labels: Int32Array, sw: Float32Array | undefined): void {
    if (!(labels instanceof Int32Array) || labels.length < 1) {
      throw new InvalidArgumentError('labels', labels, 'a non-empty Int32Array', `${C}: labels must be a non-empty Int32Array of class indices (got ${labels?.length ?? typeof labels}). Encode labels with OneHot/indices first.`);
    }
    this.checkInput(x, labels.length);
    const nc = this.config.numClasses;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      if (y < 0 || y >= nc) {
        throw new InvalidArgumentError('labels', y, `an integer in [0, ${nc})`, `${C}: labels[${i}] must be a class index in [0, ${nc}) (got ${y}). Check the label encoding.`);
      }
    }
    if (sw !== undefined) {
      if (!(sw instanceof Float32Array) || sw.length !== labels.length) {
        throw new ShapeMismatchError([labels.length], [sw?.length ?? 0], `${C}: sampleWeights must be a Float32Array with one weight per sample (${labels.length}) (got ${sw?.length ?? typeof sw}). Omit it for equal weights.`);
      }
      for (let i = 0; i < sw.length; i++) {
        if (!Number.isFinite(sw[i]!) || sw[i]! < 0) {
          throw new InvalidArgumentError('sampleWeights', sw[i], 'finite and >= 0', `${C}: sampleWeights[${i}] must be finite and >= 0 (got ${sw[i]}). Fix the class weights.`);
        }
      }
    }
  }

  /** Methods that rewrite weights or gradients must not interleave with queued training steps. */
  private assertIdle(method: string): void {
    this.assertAlive();
    if (this.pending > 0) {
      throw new InvalidArgumentError('engine', 'training', 'no pending trainBatch', `${C}: ${method} must not be called while trainBatch is pending (got ${this.pending} pending step(s)). Await trainBatch first.`);
    }
  }

  private assertAlive(): void {
    if (this.disposed) {
      throw new InvalidArgumentError('engine', 'disposed', 'a live engine', `${C}: engine must not be used after dispose() (got a disposed engine). Create a new engine.`);
    }
  }
}

interface WorkerPool {
  workers: WorkerHandle[];
  gradSlots: Float32Array | undefined;
  ctrl: Int32Array | undefined;
}

/** Start `threads - 1` worker replicas sharing gradient slots through a SharedArrayBuffer. */
async function startWorkers(threads: number, module: WebAssembly.Module, init: number[], n: number): Promise<WorkerPool> {
  const { Worker } = await nodeBuiltin<{
    Worker: new (src: string, opts: { eval: boolean; workerData: unknown }) => WorkerLike;
  }>('worker_threads');
  const gradsSab = new SharedArrayBuffer(threads * n * 4);
  const ctrlSab = new SharedArrayBuffer(4 * (threads + 1));
  const workers: WorkerHandle[] = [];
  const ready: Promise<void>[] = [];
  try {
    for (let i = 1; i < threads; i++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, init, gradsSab, ctrlSab, index: i, threads },
      });
      const h: WorkerHandle = { worker, waiter: undefined, failure: undefined };
      workers.push(h);
      ready.push(
        new Promise<void>((resolve, reject) => {
          h.waiter = (msg) => (msg.type === 'ready' ? resolve() : reject(new Error(msg.type === 'error' ? msg.message : 'unexpected message')));
          worker.on('error', (err) => {
            h.failure = err;
            const w = h.waiter;
            h.waiter = undefined;
            if (w) w({ type: 'error', message: String(err) });
            reject(err);
          });
        }),
      );
      worker.on('message', (msg) => {
        if (msg.type === 'error') h.failure = new Error(`${C}: worker failed: ${msg.message}`);
        const w = h.waiter;
        h.waiter = undefined;
        if (w) w(msg);
      });
      worker.on('exit', () => {
        h.failure ??= new Error(`${C}: worker exited`);
        const w = h.waiter;
        h.waiter = undefined;
        if (w) w({ type: 'error', message: 'worker exited' });
      });
    }
    await Promise.all(ready);
  } catch (err) {
    await Promise.all(workers.map((h) => h.worker.terminate()));
    throw err;
  }
  for (const h of workers) h.worker.unref();
  return { workers, gradSlots: new Float32Array(gradsSab), ctrl: new Int32Array(ctrlSab) };
}

/** Arguments of the kernel module's netInit for a config. */
function initArgs(c: CnnLstmConfig): [number, number, number, number, number, number, number, number, number, number, number] {
  const flags = (c.pooling === 'max' ? 1 : 0) | (c.bidirectional ? 2 : 0) | (c.readout === 'mean' ? 4 : 0);
  return [c.inputFrames, c.inputBins, c.filters, c.kernelSize, c.poolSize, c.lstmLayers, c.lstmUnits, c.denseUnits, c.numClasses, flags, Math.fround(c.dropout)];
}

/**
 * Keras-like initial weights in getWeights() order: glorot_uniform kernels (conv fans include
 * the kernel size), orthogonal recurrent kernels, zero biases with LSTM forget-gate bias 1.
 * Deterministic for a given seed.
 */
export function initCnnLstmWeights(config: CnnLstmConfig, seed: number): Float32Array[] {
  const cfg = resolveCnnLstmConfig(config);
  const rng = createRng(seed);
  const glorot = (fanIn: number, fanOut: number, n: number): Float32Array => {
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (rng() * 2 - 1) * lim;
    return a;
  };
  const out: Float32Array[] = [];
  for (const shape of cnnLstmWeightShapes(cfg)) {
    const n = size(shape);
    if (shape.length === 3) {
      out.push(glorot(shape[0]! * shape[1]!, shape[0]! * shape[2]!, n));
    } else if (shape.length === 1) {
      out.push(new Float32Array(n));
    } else if (shape[1] === 4 * shape[0]! && cfg.lstmLayers > 0 && shape[0] === cfg.lstmUnits && isRecurrent(out.length, cfg)) {
      out.push(orthogonal(shape[0]!, shape[1]!, rng));
    } else {
      out.push(glorot(shape[0]!, shape[1]!, n));
    }
  }
  // unit forget bias: LSTM biases [4u] get 1 in the forget block.
  const dirs = cfg.bidirectional ? 2 : 1;
  for (let l = 0; l < cfg.lstmLayers; l++) {
    for (let d = 0; d < dirs; d++) {
      out[2 + (l * dirs + d) * 3 + 2]!.fill(1, cfg.lstmUnits, 2 * cfg.lstmUnits);
    }
  }
  return out;
}

function isRecurrent(index: number, cfg: CnnLstmConfig): boolean {
  const dirs = cfg.bidirectional ? 2 : 1;
  return index >= 2 && index < 2 + cfg.lstmLayers * dirs * 3 && (index - 2) % 3 === 1;
}

/** [rows, cols] matrix with orthonormal rows (rows <= cols), Keras Orthogonal(gain 1). */
function orthogonal(rows: number, cols: number, rng: () => number): Float32Array {
  // Gram–Schmidt on `rows` random normal vectors of length `cols`.
  const q: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const v = new Float64Array(cols);
    for (let j = 0; j < cols; j++) v[j] = randn(rng);
    for (let pass = 0; pass < 2; pass++) {
      for (const p of q) {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += v[j]! * p[j]!;
        for (let j = 0; j < cols; j++) v[j]! -= dot * p[j]!;
      }
    }
    let norm = 0;
    for (let j = 0; j < cols; j++) norm += v[j]! * v[j]!;
    norm = Math.sqrt(norm);
    for (let j = 0; j < cols; j++) v[j]! /= norm;
    q.push(v);
  }
  const out = new Float32Array(rows * cols);
  q.forEach((v, r) => out.set(v, r * cols));
  return out;
}

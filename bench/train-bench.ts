/**
 * Training / inference throughput of the seed CNN-LSTM (T=108 frames × 40 MFCC, Conv1D 256 k5 →
 * MaxPool 2 → 4×LSTM 128 → Dense 64 → softmax 6, batch 32, random data) on:
 *   - emotion-recog's WebAssembly SIMD engine, 2 threads and 1 thread;
 *   - stock tfjs-layers on the tfjs wasm backend (training: LSTM stack only, because the wasm
 *     backend has no Conv2DBackpropFilter kernel; inference: the full model);
 *   - PyTorch CPU (../shared/ref/pytorch/torch_cnnlstm.py) when `import torch` works.
 * Prints one JSON line per measurement. The machine is shared, so each measurement is repeated
 * and the best is kept.
 *
 *   npx tsx bench/train-bench.ts [--seconds 3] [--repeats 3] [--only engine|tfjs|torch] [--profile]
 *
 * --profile adds per-stage times of the engine (ms/sample) and GEMM GFLOP/s at the seed shapes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCnnLstmConfig, type CnnLstmConfig } from '../src/model/cnn-lstm-config.js';
import { CnnLstmEngine, initCnnLstmWeights } from '../src/model/engine/cnn-lstm-engine.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : dflt;
};
const SECONDS = Number(opt('seconds', '3'));
const REPEATS = Number(opt('repeats', '3'));
const ONLY = opt('only', 'all');
const PROFILE = args.includes('--profile');
const B = 32;
const here = dirname(fileURLToPath(import.meta.url));

const cfg = resolveCnnLstmConfig({});
const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));
const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

function randomBatch(n: number, c: CnnLstmConfig): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(n * c.inputFrames * c.inputBins);
  for (let i = 0; i < x.length; i++) x[i] = Math.random() * 2 - 1;
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % c.numClasses) };
}

/** Best samples/s of `step` (which trains one batch of B) over REPEATS windows of SECONDS. */
async function throughput(step: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 2; i++) await step();
  let best = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < SECONDS * 1000) {
      await step();
      n++;
    }
    best = Math.max(best, (n * B) / ((performance.now() - t0) / 1000));
  }
  return best;
}

/** Median ms of `fn` over `n` runs after a warm-up, best of REPEATS. */
function latency(fn: () => unknown, n: number): number {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      fn();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    best = Math.min(best, t[t.length >> 1]!);
  }
  return best;
}

async function benchEngine(): Promise<void> {
  const { x, y } = randomBatch(B, cfg);
  for (const threads of [2, 1]) {
    const e = await CnnLstmEngine.create(cfg, { threads });
    e.setWeights(initCnnLstmWeights(cfg, 1));
    const sps = await throughput(() => e.trainBatch(x, y, { learningRate: 1e-3 }));
    emit({ bench: 'train', impl: 'emotion-recog', backend: 'wasm-simd', threads, samplesPerSec: round(sps, 1) });
    if (threads === 1) {
      const x1 = x.subarray(0, cfg.inputFrames * cfg.inputBins);
      emit({ bench: 'infer', impl: 'emotion-recog', batch: 1, msPerBatch: round(latency(() => e.predict(x1, 1), 50)) });
      emit({ bench: 'infer', impl: 'emotion-recog', batch: 32, msPerBatch: round(latency(() => e.predict(x, B), 10)) });
      if (PROFILE) profileEngine(e);
    }
    await e.dispose();
  }
}

/** Per-stage engine times (ms/sample) for micro-batches of 8 and 16 samples. */
function profileEngine(engine: CnnLstmEngine): void {
  const k = engine['k'];
  const e = k.exports;
  const T1 = e.pooledFrames();
  for (const b of [8, 16]) {
    e.reserve(b);
    k.f32(e.inputPtr(), b * cfg.inputFrames * cfg.inputBins).set(randomBatch(b, cfg).x);
    k.i32(e.labelsPtr(), b).fill(1);
    k.f32(e.sampleWeightsPtr(), b).fill(1);
    const L = cfg.lstmLayers;
    const names = ['convFwd', ...Array.from({ length: L }, (_, l) => `lstm${l}Fwd`), 'headFwd', 'headBwd', ...Array.from({ length: L }, (_, l) => `lstm${L - 1 - l}Bwd`), 'convBwd'];
    const best = new Array<number>(names.length).fill(Infinity);
    for (let r = 0; r < 5; r++) {
      const t = [performance.now()];
      e.forwardConv(b);
      t.push(performance.now());
      for (let l = 0; l < L; l++) {
        e.forwardLayer(b, l);
        t.push(performance.now());
      }
      e.forwardHead(b, 1, 1, 0);
      t.push(performance.now());
      e.lossGrad(b, 1 / b);
      e.backwardHead(b);
      t.push(performance.now());
      for (let l = L - 1; l >= 0; l--) {
        e.backwardLayer(b, l);
        t.push(performance.now());
      }
      e.backwardConv(b);
      t.push(performance.now());
      for (let i = 0; i < names.length; i++) best[i] = Math.min(best[i]!, t[i + 1]! - t[i]!);
    }
    const total = best.reduce((a, v) => a + v, 0);
    const stages: Record<string, number> = {};
    names.forEach((n, i) => (stages[n] = round(best[i]! / b, 3)));
    emit({ bench: 'profile', impl: 'emotion-recog', relaxedSimd: engine.relaxedSimd, batchPerThread: b, msPerSample: round(total / b, 3), samplesPerSecPerCore: round((1000 * b) / total, 1), stages });
  }
  // GEMM GFLOP/s at the seed shapes (per-thread batch 16)
  const bt = 16, T = T1, G = 4 * cfg.lstmUnits, u = cfg.lstmUnits, F = cfg.filters, KC = cfg.kernelSize * cfg.inputBins;
  const mark = e.heapTop();
  const buf = (n: number): number => {
    const p = k.allocF32(n);
    k.f32(p, n).fill(0.01);
    return p;
  };
  const x = buf(T * bt * F), w = buf(F * G), z = buf(T * bt * G), h = buf(T * bt * u), uu = buf(u * G), xp = buf(bt * 112 * 40 + 400), c = buf(bt * 112 * F), wc = buf(KC * F);
  const gf = (flops: number, fn: () => void): number => round(flops / latency(fn, 5) / 1e6, 1);
  emit({
    bench: 'profile', impl: 'emotion-recog', kind: 'gemm GFLOP/s (1 core)',
    convFwd: gf(2 * bt * 108 * F * KC, () => e.gemm(bt * 112 - 4, F, KC, xp, 40, 1, wc, F, c, F, 6, wc)),
    convDW: gf(2 * bt * 108 * F * KC, () => e.gemm(KC, F, bt * 112 - 4, xp, 1, 40, c, F, wc, F, 0, 0)),
    lstmInputProj: gf(2 * T * bt * F * G, () => e.gemm(T * bt, G, F, x, F, 1, w, G, z, G, 2, w)),
    lstmRecurrentStep: gf(2 * T * bt * u * G, () => { for (let t = 0; t < T; t++) e.gemm(bt, G, u, h, u, 1, uu, G, z, G, 1, 0); }),
    lstmRecurrentStepBwd: gf(2 * T * bt * u * G, () => { for (let t = 0; t < T; t++) e.gemm(bt, u, G, z, G, 1, uu, u, h, u, 0, 0); }),
    lstmDW: gf(2 * T * bt * F * G, () => e.gemm(F, G, T * bt, x, 1, F, z, G, w, G, 0, 0)),
    lstmDX: gf(2 * T * bt * F * G, () => e.gemm(T * bt, F, G, z, G, 1, w, F, x, F, 0, 0)),
  });
  e.heapReset(mark);
}

async function benchTfjs(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  const T1 = Math.floor(cfg.inputFrames / cfg.poolSize);
  const lstmStack = (withConv: boolean): InstanceType<typeof tfl.Sequential> => {
    const m = tfl.sequential();
    if (withConv) {
      m.add(tfl.layers.conv1d({ inputShape: [cfg.inputFrames, cfg.inputBins], filters: cfg.filters, kernelSize: cfg.kernelSize, padding: 'same', activation: 'relu' }));
      m.add(tfl.layers.maxPooling1d({ poolSize: cfg.poolSize }));
    }
    for (let l = 0; l < cfg.lstmLayers; l++) {
      m.add(tfl.layers.lstm({
        units: cfg.lstmUnits, returnSequences: l < cfg.lstmLayers - 1, recurrentActivation: 'sigmoid', unitForgetBias: true,
        recurrentInitializer: 'glorotUniform', ...(l === 0 && !withConv ? { inputShape: [T1, cfg.filters] } : {}),
      }));
    }
    m.add(tfl.layers.dense({ units: cfg.denseUnits, activation: 'relu' }));
    m.add(tfl.layers.dropout({ rate: cfg.dropout }));
    m.add(tfl.layers.dense({ units: cfg.numClasses, activation: 'softmax' }));
    return m;
  };
  const m = lstmStack(false);
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const xs = tf.randomUniform([B, T1, cfg.filters], -1, 1);
  const ys = tf.tensor2d(Array.from({ length: B }, (_, i) => i % cfg.numClasses), [B, 1]);
  const sps = await throughput(() => m.trainOnBatch(xs, ys));
  emit({ bench: 'train', impl: 'tfjs-layers', backend: 'wasm', samplesPerSec: round(sps, 1), note: 'lstm stack only' });
  const full = lstmStack(true);
  for (const n of [1, 32]) {
    const x = tf.randomUniform([n, cfg.inputFrames, cfg.inputBins], -1, 1);
    const ms = latency(() => tf.tidy(() => (full.predict(x) as InstanceType<typeof tf.Tensor>).dataSync()), n === 1 ? 10 : 3);
    emit({ bench: 'infer', impl: 'tfjs-layers', batch: n, msPerBatch: round(ms) });
    x.dispose();
  }
  tf.dispose([xs, ys]);
}

function benchTorch(): void {
  const py = '/usr/bin/python3';
  const script = resolve(here, '..', '..', 'shared', 'ref', 'pytorch', 'torch_cnnlstm.py');
  const probe = existsSync(py) ? spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' }) : undefined;
  if (!probe || probe.status !== 0 || !existsSync(script)) {
    emit({ bench: 'train', impl: 'pytorch', skipped: true, note: 'torch not installed (apt-get install -y python3-torch) or reference script missing' });
    return;
  }
  let best: { sps: number; lat: number; infer: number } | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const out = spawnSync(py, [script, '--threads', '1', '--blas-threads', '2', '--T', '108', '--pool', 'on'], { encoding: 'utf8' });
    const m = /^\s*pytorch\s+True\s+108\s+\d+\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\/\s*[\d.]+\s*\|\s*([\d.]+)/m.exec(out.stdout ?? '');
    if (!m) continue;
    const cur = { sps: Number(m[1]), lat: Number(m[2]), infer: Number(m[3]) };
    if (!best || cur.sps > best.sps) best = cur;
  }
  if (!best) {
    emit({ bench: 'train', impl: 'pytorch', skipped: true, note: 'could not parse torch_cnnlstm.py output' });
    return;
  }
  emit({ bench: 'train', impl: 'pytorch', backend: 'cpu', threads: 1, blasThreads: 2, samplesPerSec: best.sps });
  emit({ bench: 'infer', impl: 'pytorch', batch: 1, msPerBatch: best.lat });
  emit({ bench: 'infer', impl: 'pytorch', batch: 32, msPerBatch: round((1000 * B) / best.infer) });
}

if (ONLY === 'all' || ONLY === 'engine') await benchEngine();
if (ONLY === 'all' || ONLY === 'torch') benchTorch();
if (ONLY === 'all' || ONLY === 'tfjs') await benchTfjs();

/**
 * Batch inference of the shipped model (one member of models/default: 300 × 64 log-mels →
 * Conv1D 96 k5 → MaxPool 4 → BiLSTM 64 → mean → Dense 64 → 6) on a batch of 32 real clips'
 * features: the WASM engine against PyTorch CPU running the SAME model with the SAME weights
 * (bench/torch-infer.py; it also reports the largest difference between the two outputs),
 * measured in the same run; then the same for the seed design of the training table (random
 * weights). Prints JSON lines {"bench":"infer","impl":…,"threads":…,"batch":32,"msPerBatch":…}
 * and a summary {"bench":"infer-vs-pytorch",…} with the ratios.
 *   npx tsx bench/batch-infer-bench.ts [--batch 32] [--repeats 30]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { createRng, randn } from '../src/internal/rng.js';
import { resolveCnnLstmConfig } from '../src/model/cnn-lstm-config.js';
import { CnnLstmEngine, cnnLstmWeightShapes, initCnnLstmWeights } from '../src/model/engine/cnn-lstm-engine.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const B = arg('batch', 32);
const REPEATS = arg('repeats', 30);
const emit = (o: Record<string, unknown>) => console.log(JSON.stringify(o));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const r = await EmotionRecognizer.load();
const member = r.predictor.members[0]!;
const engine = member.engine;
if (!engine) throw new Error('the shipped model does not run on the WASM engine here');
const config = engine.config;
const pipeline = r.predictor.pipeline;

// A batch of real features: B RAVDESS clips (actors 01–20), scaled as the predictor scales them.
const DATA = resolve(here, '..', '..', 'shared', 'data', 'ravdess-16k');
const clips = readdirSync(join(DATA, 'Actor_07')).sort().slice(0, B).map((f) => join(DATA, 'Actor_07', f));
const decoder = new AudioDecoder({ sampleRate: pipeline.config.sampleRate });
const frameSize = config.inputFrames * config.inputBins;
const x = new Float32Array(B * frameSize);
for (const [i, c] of clips.entries()) {
  const { samples, sampleRate } = await decoder.decodeFile(c);
  x.set(member.scaler.transform(pipeline.windowFeatures(pipeline.prepare(samples, sampleRate))).data, i * frameSize);
}

function time(f: () => unknown): number {
  for (let k = 0; k < 3; k++) f();
  const t: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return +median(t).toFixed(2);
}

const py = '/usr/bin/python3';
const probe = existsSync(py) ? spawnSync(py, ['-c', 'import torch, numpy'], { encoding: 'utf8' }) : undefined;
const hasTorch = probe?.status === 0;

/** The engine on 1 thread, then PyTorch with the same weights and input, in this run. */
async function timeAsync(f: () => Promise<unknown>): Promise<number> {
  for (let k = 0; k < 3; k++) await f();
  const t: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return +median(t).toFixed(2);
}

async function compare(model: string, eng: CnnLstmEngine, weights: Float32Array[], input: Float32Array): Promise<void> {
  const cfg = eng.config;
  const fs = cfg.inputFrames * cfg.inputBins;
  const probs = eng.predict(input, B);
  const engine1 = time(() => eng.predict(input, B));
  emit({ bench: 'infer', impl: 'emotion-recog-wasm', model, threads: 1, batch: B, msPerBatch: engine1 });
  emit({ bench: 'infer', impl: 'emotion-recog-wasm', model, threads: 1, batch: 1, msPerBatch: time(() => eng.predict(input.subarray(0, fs), 1)) });
  // The batch split across 2 threads (predictParallel: main thread + one worker replica).
  const par = await CnnLstmEngine.create(cfg, { threads: 2 });
  par.setWeights(weights);
  const engine2 = await timeAsync(() => par.predictParallel(input, B));
  await par.dispose();
  emit({ bench: 'infer', impl: 'emotion-recog-wasm', model, threads: 2, batch: B, msPerBatch: engine2 });
  if (!hasTorch) {
    emit({ bench: 'infer', impl: 'pytorch', model, skipped: 'skipped: no torch', note: 'apt-get install -y python3-torch libopenblas0-pthread' });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'infer-bench-'));
  try {
    const flat = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
    let off = 0;
    for (const w of weights) {
      flat.set(w, off);
      off += w.length;
    }
    writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
    writeFileSync(join(dir, 'shapes.json'), JSON.stringify(cnnLstmWeightShapes(cfg)));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(flat.buffer));
    writeFileSync(join(dir, 'x.bin'), new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    writeFileSync(join(dir, 'probs.bin'), new Uint8Array(probs.buffer));
    const torch: { threads: number; blasThreads: number; msPerBatch: number; maxAbsDiff: number; blas: string }[] = [];
    // torch threads × OpenBLAS threads ≤ 2: (1, 1), (2, 1) and (1, 2).
    for (const [threads, blas] of [['1,2', 1], ['1', 2]] as const) {
      const out = spawnSync(py, [join(here, 'torch-infer.py'), '--dir', dir, '--threads', threads, '--blas-threads', String(blas), '--repeats', String(REPEATS)], { encoding: 'utf8' });
      if (out.status !== 0) {
        emit({ bench: 'infer', impl: 'pytorch', model, skipped: true, note: out.stderr.trim().split('\n').pop() });
        continue;
      }
      for (const line of out.stdout.trim().split('\n')) {
        const o = JSON.parse(line) as (typeof torch)[number];
        torch.push(o);
        emit({ ...o, model });
      }
    }
    const best = (n: number) => Math.min(...torch.filter((t) => t.threads * t.blasThreads === n).map((t) => t.msPerBatch));
    if (torch.length > 0)
      emit({
        bench: 'infer-vs-pytorch',
        model,
        batch: B,
        engineMs1Thread: engine1,
        engineMs2Threads: engine2,
        pytorchMs1Thread: best(1),
        pytorchMs2Threads: best(2),
        // > 1: the engine is faster (1 thread against 1, 2 against PyTorch's best 2-thread setting)
        speedupVsPytorch1Thread: +(best(1) / engine1).toFixed(2),
        speedupVsPytorch2Threads: +(best(2) / engine2).toFixed(2),
        pytorchBlas: torch[0]!.blas,
        // the same model: PyTorch's probabilities against the engine's
        sameModelMaxAbsDiff: Math.max(...torch.map((t) => t.maxAbsDiff)),
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await compare(
  'models/default member-0',
  engine,
  member.model.getWeights().map((w) => w.dataSync() as Float32Array),
  x,
);
await r.dispose();

// The seed design of docs/benchmarks.md's training table (108 × 40 MFCC → Conv1D 256 → MaxPool 2 →
// 4 × LSTM 128 → last step → Dense 64 → 6), seeded random weights and input.
const seedCfg = resolveCnnLstmConfig({});
const seed = await CnnLstmEngine.create(seedCfg, { threads: 1 });
const seedWeights = initCnnLstmWeights(seedCfg, 1);
seed.setWeights(seedWeights);
const rng = createRng(7);
const xs = Float32Array.from({ length: B * seedCfg.inputFrames * seedCfg.inputBins }, () => randn(rng));
await compare('seed CNN-LSTM (108x40, 4xLSTM 128)', seed, seedWeights, xs);
await seed.dispose();

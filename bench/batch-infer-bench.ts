/**
 * Batch inference of the shipped model (one member of models/default: 300 × 64 log-mels →
 * Conv1D 96 k5 → MaxPool 4 → BiLSTM 64 → mean → Dense 64 → 6) on a batch of 32 real clips'
 * features: the WASM engine against PyTorch CPU running the SAME model with the SAME weights
 * (bench/torch-infer.py; it also reports the largest difference between the two outputs),
 * measured in the same run. Prints JSON lines {"bench":"infer","impl":…,"threads":…,"batch":32,"msPerBatch":…}
 * and a summary {"bench":"infer-vs-pytorch",…} with the ratios.
 *   npx tsx bench/batch-infer-bench.ts [--batch 32] [--repeats 30]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { cnnLstmWeightShapes } from '../src/model/engine/cnn-lstm-engine.js';
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

const probs = engine.predict(x, B);
const engine1 = time(() => engine.predict(x, B));
emit({ bench: 'infer', impl: 'emotion-recog-wasm', model: 'models/default member-0', threads: 1, batch: B, msPerBatch: engine1 });
const batch1 = time(() => engine.predict(x.subarray(0, frameSize), 1));
emit({ bench: 'infer', impl: 'emotion-recog-wasm', model: 'models/default member-0', threads: 1, batch: 1, msPerBatch: batch1 });

// PyTorch, same model and weights, in the same run.
const py = '/usr/bin/python3';
const probe = existsSync(py) ? spawnSync(py, ['-c', 'import torch, numpy'], { encoding: 'utf8' }) : undefined;
if (!probe || probe.status !== 0) {
  emit({ bench: 'infer', impl: 'pytorch', skipped: 'skipped: no torch', note: 'apt-get install -y python3-torch libopenblas0-pthread' });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'infer-bench-'));
  try {
    const weights = member.model.getWeights().map((w) => w.dataSync() as Float32Array);
    const flat = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
    let off = 0;
    for (const w of weights) {
      flat.set(w, off);
      off += w.length;
    }
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'shapes.json'), JSON.stringify(cnnLstmWeightShapes(config)));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(flat.buffer));
    writeFileSync(join(dir, 'x.bin'), new Uint8Array(x.buffer));
    writeFileSync(join(dir, 'probs.bin'), new Uint8Array(probs.buffer));
    const torch: { threads: number; blasThreads: number; msPerBatch: number; maxAbsDiff: number }[] = [];
    // torch threads × OpenBLAS threads ≤ 2: (1, 1), (2, 1) and (1, 2).
    for (const [threads, blas] of [['1,2', 1], ['1', 2]] as const) {
      const out = spawnSync(py, [join(here, 'torch-infer.py'), '--dir', dir, '--threads', threads, '--blas-threads', String(blas), '--repeats', String(REPEATS)], { encoding: 'utf8' });
      if (out.status !== 0) {
        emit({ bench: 'infer', impl: 'pytorch', skipped: true, note: out.stderr.trim().split('\n').pop() });
        continue;
      }
      for (const line of out.stdout.trim().split('\n')) {
        const o = JSON.parse(line) as (typeof torch)[number];
        torch.push(o);
        console.log(line);
      }
    }
    const best = (n: number) => Math.min(...torch.filter((t) => t.threads * t.blasThreads === n).map((t) => t.msPerBatch));
    if (torch.length > 0)
      emit({
        bench: 'infer-vs-pytorch',
        batch: B,
        engineMs1Thread: engine1,
        pytorchMs1Thread: best(1),
        pytorchMs2Threads: best(2),
        // > 1: the engine is faster
        speedupVsPytorch1Thread: +(best(1) / engine1).toFixed(2),
        speedupVsPytorch2Threads: +(best(2) / engine1).toFixed(2),
        sameModelMaxAbsDiff: Math.max(...torch.map((t) => t.maxAbsDiff)),
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await r.dispose();

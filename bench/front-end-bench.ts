/**
 * Pretrained front-end speed: embeddings of one 3.7 s RAVDESS clip (16 kHz) per model and hop.
 *
 *   npx tsx bench/front-end-bench.ts [--rounds 3]
 *
 * One JSON line per model and hop:
 *   {"bench":"frontEnd","model":…,"hopSamples":…,"msPerClip":…,"framesPerSec":…,"xRealtime":…,"vsYin":…,"backend":…}
 * msPerClip is the median over rounds after one warm-up call; framesPerSec = output frames / s;
 * xRealtime = clip duration / msPerClip; vsYin = msPerClip / the library's YIN (10 ms hop) on the
 * same clip in the same run, the baseline that makes figures comparable across machines.
 * A model whose files or runtime are missing prints {"bench":"frontEnd","model":…,"skipped":reason}.
 * To add a model, append to MODELS (name, hops, what it needs, how to load it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { yin } from '../src/augment/f0.js';
import { initBackend } from '../src/backends/select.js';
import type { FrontEnd } from '../src/features/front-end.js';
import { loadCrepe } from '../src/front-ends/crepe.js';
import { loadSpeechEmbedding } from '../src/front-ends/speech-embedding.js';
import { readWav } from '../test/read-pcm16.js';

const SR = 16_000;
const CLIP_SEC = 3.7;
// ../shared beside the checkout (test/helpers.ts imports vitest, so not reused here).
const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const DATA = join(SHARED, 'data');
const MODELS_DIR = join(SHARED, 'models');

interface BenchModel {
  readonly model: string;
  /** Hops to measure, samples at 16 kHz (the first is the model's native step). */
  readonly hops: readonly number[];
  /** Why it cannot run here (files or runtime missing), or null. */
  readonly missing: () => Promise<string | null>;
  readonly load: (hopSamples: number) => Promise<FrontEnd>;
  /** The runtime's engine, for the report (e.g. tfjs backend). */
  readonly backend: () => string;
}

const MODELS: BenchModel[] = [
  {
    model: 'crepe-tiny',
    // 10 ms: CREPE's own step (pitch tracking); 40 ms: the hop for emotion features (4 MFCC frames, 4× fewer windows).
    hops: [160, 640],
    missing: async () => (existsSync(join(MODELS_DIR, 'crepe-tiny-tfjs', 'model.json')) ? null : `${join(MODELS_DIR, 'crepe-tiny-tfjs')} not found`),
    load: (hop) => loadCrepe(join(MODELS_DIR, 'crepe-tiny-tfjs'), { hopSamples: hop }),
    backend: () => `tfjs-${tf.getBackend()}`,
  },
  ...(['onnxruntime-node', 'onnxruntime-web'] as const).map((runtime): BenchModel => ({
    // Google speech_embedding: one 96-d embedding every 80 ms (its fixed step); onnxruntime-web runs its WebAssembly build in Node.
    model: runtime === 'onnxruntime-node' ? 'speech-embedding' : 'speech-embedding-wasm',
    hops: [1280],
    missing: async () => (existsSync(join(MODELS_DIR, 'speech-embedding', 'embedding_model.onnx')) ? null : `${join(MODELS_DIR, 'speech-embedding')} not found`),
    load: async () => loadSpeechEmbedding(join(MODELS_DIR, 'speech-embedding'), runtime === 'onnxruntime-web' ? { ort: await import('onnxruntime-web'), wasmThreads: 1 } : {}),
    backend: () => (runtime === 'onnxruntime-node' ? 'onnxruntime-node-cpu' : 'onnxruntime-web-wasm'),
  })),
];

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('--rounds', 3);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

async function timeMs(fn: () => unknown | Promise<unknown>, n: number): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  return median(runs);
}

const src = readWav(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')).samples;
const clip = new Float32Array(Math.round(CLIP_SEC * SR));
clip.set(src.subarray(0, clip.length));
const yinMs = await timeMs(() => yin(clip, { sampleRate: SR }), Math.max(rounds, 10));
await initBackend('auto');

for (const m of MODELS) {
  const why = await m.missing();
  if (why) {
    console.log(JSON.stringify({ bench: 'frontEnd', model: m.model, skipped: why }));
    continue;
  }
  for (const hop of m.hops) {
    let fe: FrontEnd;
    try {
      fe = await m.load(hop);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SER_MISSING_DEPENDENCY' || code === 'SER_BACKEND_UNAVAILABLE') {
        console.log(JSON.stringify({ bench: 'frontEnd', model: m.model, skipped: (e as Error).message }));
        break;
      }
      throw e;
    }
    try {
      let frames = 0;
      const ms = await timeMs(async () => {
        frames = (await fe.embed(clip)).frames;
      }, rounds);
      console.log(
        JSON.stringify({
          bench: 'frontEnd',
          model: m.model,
          clipSec: CLIP_SEC,
          hopSamples: hop,
          frames,
          dim: fe.info.dim,
          msPerClip: round(ms),
          framesPerSec: Math.round((frames * 1000) / ms),
          xRealtime: round((CLIP_SEC * 1000) / ms, 2),
          vsYin: round(ms / yinMs),
          yinMs: round(yinMs, 2),
          backend: m.backend(),
        }),
      );
    } finally {
      await fe.dispose();
    }
  }
}

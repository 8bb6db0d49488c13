/**
 * File → emotion latency with the shipped model: read + decode + trim + MFCC + scaler + model,
 * for a 3.7 s RAVDESS clip, after warm-up. Prints
 * {"bench":"recognize","backend":…,"clipSec":3.7,"msPerClip":…} and the batch throughput of
 * `predict` over a folder.
 *   npx tsx bench/recognize-bench.ts [--model DIR]
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { normalizeSpeechLevel } from '../src/audio/level.js';
import { detectSpeech } from '../src/pipeline/speech-detector.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '..', '..', 'shared', 'data', 'ravdess-16k');
const i = process.argv.indexOf('--model');
const r = await EmotionRecognizer.load(i > 0 ? process.argv[i + 1] : undefined);
// 03-01-05-01-01-01-01.wav is 3.7 s long (RAVDESS mean clip length).
const clip = join(DATA, 'Actor_01', '03-01-05-01-01-01-01.wav');
const first = await r.recognize(clip);
for (let k = 0; k < 5; k++) await r.recognize(clip);
const times: number[] = [];
for (let k = 0; k < 30; k++) {
  const t0 = performance.now();
  await r.recognize(clip);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const engine = r.predictor.engine ? 'wasm-kernels' : (r.backend?.name ?? 'tfjs');
console.log(JSON.stringify({ bench: 'recognize', backend: engine, clipSec: 3.7, msPerClip: +times[times.length >> 1]!.toFixed(2), p90: +times[Math.floor(times.length * 0.9)]!.toFixed(2), emotion: first.emotion }));
// Where the time goes, in the same run: the speech gate, the level normalisation, and the rest.
const { samples } = await new AudioDecoder().decodeFile(clip);
const median = (f: () => unknown): number => {
  for (let k = 0; k < 5; k++) f();
  const t: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t1 = performance.now();
    f();
    t.push(performance.now() - t1);
  }
  return +t.sort((a, b) => a - b)[15]!.toFixed(2);
};
const gateMs = median(() => detectSpeech(samples, { sampleRate: 16000 }));
const levelMs = median(() => normalizeSpeechLevel(samples, { sampleRate: 16000 }));
const predictMs = median(() => r.predictor.predictSignal(samples, 16000));
console.log(JSON.stringify({ bench: 'recognize-parts', clipSec: 3.7, speechGateMs: gateMs, levelMs, predictSignalMs: predictMs, members: r.predictor.members.length }));
const files = readdirSync(DATA).sort().flatMap((a) => readdirSync(join(DATA, a)).sort().map((f) => join(DATA, a, f)));
const t0 = performance.now();
for (const f of files) await r.recognize(f);
const sec = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ bench: 'recognize-folder', backend: engine, files: files.length, seconds: +sec.toFixed(2), filesPerSec: +(files.length / sec).toFixed(1) }));
await r.dispose();

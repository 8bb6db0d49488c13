/**
 * MFCC-only throughput on RAVDESS (16 kHz mono PCM16, ../shared/data/ravdess-16k), ser16k preset.
 * Decoding is done before timing (test-only PCM16 reader); the timed loop is `Mfcc.compute`.
 *
 *   npx tsx bench/mfcc-bench.ts [--files 300] [--rounds 3] [--preset ser16k] [--engine wasm|js|both]
 *
 * Prints one JSON line per round and a summary line per engine:
 *   {"bench":"mfcc","preset":"ser16k","engine":"wasm","files":300,"audioSec":…,"filesPerSec":…,"xRealtime":…}
 */
import { readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MFCC_PRESETS, Mfcc, type MfccEngine, type MfccPresetName } from '../src/features/index.js';
import { readWav } from '../test/read-pcm16.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '..', '..', 'shared', 'data', 'ravdess-16k');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const maxFiles = Number(arg('files', '300'));
const rounds = Number(arg('rounds', '3'));
const preset = arg('preset', 'ser16k') as MfccPresetName;
const engineArg = arg('engine', 'both');
const engines: MfccEngine[] = engineArg === 'both' ? ['wasm', 'js'] : [engineArg as MfccEngine];

const files: string[] = [];
for (const actor of readdirSync(DATA).sort()) {
  if (!actor.startsWith('Actor_')) continue;
  for (const f of readdirSync(join(DATA, actor)).sort()) if (f.endsWith('.wav')) files.push(join(DATA, actor, f));
}
// Spread the sample over every actor.
const step = Math.max(1, Math.floor(files.length / maxFiles));
const chosen = files.filter((_, i) => i % step === 0).slice(0, maxFiles);
const signals = chosen.map((f) => readWav(f).samples);
const options = MFCC_PRESETS[preset];
const sampleRate = options.sampleRate ?? 22050;
const audioSec = signals.reduce((s, x) => s + x.length, 0) / sampleRate;

let sink = 0;
for (const engine of engines) {
  const mfcc = new Mfcc({ ...options, engine, logger: { warn() {} } });
  for (const s of signals.slice(0, 20)) sink += mfcc.compute(s).data[0]!; // warm-up (JIT)
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const s of signals) sink += mfcc.compute(s).data[0]!;
    const sec = (performance.now() - t0) / 1000;
    results.push(sec);
    console.log(JSON.stringify({ bench: 'mfcc', preset, engine: mfcc.engine, round: r, files: signals.length, sec: +sec.toFixed(4), filesPerSec: +(signals.length / sec).toFixed(1), xRealtime: +(audioSec / sec).toFixed(0) }));
  }
  const best = Math.min(...results);
  console.log(
    JSON.stringify({
      bench: 'mfcc',
      preset,
      engine: mfcc.engine,
      files: signals.length,
      audioSec: +audioSec.toFixed(1),
      meanFileSec: +(audioSec / signals.length).toFixed(2),
      filesPerSec: +(signals.length / best).toFixed(1),
      xRealtime: +(audioSec / best).toFixed(0),
      msPerFile: +((best / signals.length) * 1000).toFixed(3),
      node: process.version,
      checksum: Number.isFinite(sink),
    }),
  );
}

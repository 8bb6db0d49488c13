/**
 * `predict` throughput on every core: recognizeMany over the same RAVDESS clips (16 kHz, mean
 * 3.7 s) on 1 worker thread and on all cores, in the same run, plus the in-process loop
 * (`recognizer.recognize` file after file on the main thread) as the baseline. Each pool is
 * started and warmed on a few clips first; clips/s counts the timed clips only. Prints
 *   {"bench":"predict-threads","threads":T,"clips":N,"clipsPerSec":…,"xRealTime":…,"startupSec":…,"peakRssMB":…}
 * (peak resident memory of the whole process, workers included: flat in the number of clips;
 * cpuMsPerClip: CPU time of all threads per clip; coresUsed: CPU seconds per second the run got,
 * less than its threads when other processes held the cores)
 * per setting and {"bench":"predict-threads-summary",…,"speedupAllVs1":…}.
 *   npx tsx bench/predict-threads-bench.ts [--clips 480] [--threads N]
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';
import { recognizeMany } from '../src/scale/recognize-many.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('clips', 480);
const ALL = arg('threads', availableParallelism());
const WARM = 8;
const emit = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

const DATA = resolve(here, '..', '..', 'shared', 'data', 'ravdess-16k');
const all = readdirSync(DATA)
  .sort()
  .flatMap((a) => readdirSync(join(DATA, a)).sort().map((f) => join(DATA, a, f)));
// Every k-th clip over the 20 actors, so each setting sees the same mix of speakers and lengths.
const step = Math.max(1, Math.floor(all.length / (N + WARM)));
const picked = all.filter((_, i) => i % step === 0).slice(0, N + WARM);
const warm = picked.slice(0, WARM);
const files = picked.slice(WARM);
// 16-bit mono 16 kHz WAVs: audio seconds from the data size (header 44 bytes).
const audioSec = files.reduce((s, f) => s + (statSync(f).size - 44) / 2 / 16000, 0);
const round = (x: number, d = 1) => +x.toFixed(d);

/** Warm a pool on a few clips, then time the rest through the same pool (one input stream). */
async function pool(threads: number): Promise<{ clipsPerSec: number; startupSec: number; failed: number; rssMB: number; cpuMsPerClip: number }> {
  let t0 = performance.now();
  const tStart = t0;
  let startupSec = 0;
  let n = 0;
  let failed = 0;
  let rss = 0;
  let cpu0 = process.cpuUsage();
  // One stream: warm-up clips first, then the timed ones; the clock restarts at the last warm-up result.
  for await (const r of recognizeMany([...warm, ...files], { threads, maxInFlight: 4 * threads })) {
    n++;
    if (!r.ok) failed++;
    rss = Math.max(rss, process.memoryUsage().rss);
    if (n === 1) startupSec = (performance.now() - tStart) / 1000;
    if (n === WARM) {
      t0 = performance.now();
      cpu0 = process.cpuUsage();
    }
  }
  const sec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { clipsPerSec: files.length / sec, startupSec, failed, rssMB: Math.round(rss / 1e6), cpuMsPerClip: (cpu.user + cpu.system) / 1000 / files.length };
}

const r = await EmotionRecognizer.load();
for (const f of warm) await r.recognize(f).catch(() => undefined);
const t0 = performance.now();
const c0 = process.cpuUsage();
for (const f of files) await r.recognize(f).catch(() => undefined);
const inProcess = files.length / ((performance.now() - t0) / 1000);
const c1 = process.cpuUsage(c0);
await r.dispose();
const cpuMs = (c: { cpuMsPerClip: number }) => round(c.cpuMsPerClip, 2);
/** CPU seconds per second that the run got: < threads when other processes held the cores. */
const cores = (c: { cpuMsPerClip: number; clipsPerSec: number }) => round((c.cpuMsPerClip * c.clipsPerSec) / 1000, 2);
emit({ bench: 'predict-threads', mode: 'in-process', threads: 1, clips: files.length, clipsPerSec: round(inProcess), xRealTime: round((inProcess * audioSec) / files.length, 0), cpuMsPerClip: cpuMs({ cpuMsPerClip: (c1.user + c1.system) / 1000 / files.length }) });

const one = await pool(1);
emit({ bench: 'predict-threads', mode: 'recognizeMany', threads: 1, clips: files.length, clipsPerSec: round(one.clipsPerSec), xRealTime: round((one.clipsPerSec * audioSec) / files.length, 0), startupSec: round(one.startupSec, 2), peakRssMB: one.rssMB, cpuMsPerClip: cpuMs(one), coresUsed: cores(one), failed: one.failed });
const many = await pool(ALL);
emit({ bench: 'predict-threads', mode: 'recognizeMany', threads: ALL, clips: files.length, clipsPerSec: round(many.clipsPerSec), xRealTime: round((many.clipsPerSec * audioSec) / files.length, 0), startupSec: round(many.startupSec, 2), peakRssMB: many.rssMB, cpuMsPerClip: cpuMs(many), coresUsed: cores(many), failed: many.failed });
emit({
  bench: 'predict-threads-summary',
  cores: availableParallelism(),
  clips: files.length,
  meanClipSec: round(audioSec / files.length, 2),
  clipsPerSec1: round(one.clipsPerSec),
  clipsPerSecAll: round(many.clipsPerSec),
  threadsAll: ALL,
  speedupAllVs1: round(many.clipsPerSec / one.clipsPerSec, 2),
  xRealTimeAll: round((many.clipsPerSec * audioSec) / files.length, 0),
  inProcessClipsPerSec: round(inProcess),
  // CPU time per clip (all threads) on 1 thread over all threads: the speed-up an otherwise idle
  // machine would give, whatever else was running during this measurement.
  cpuEfficiencyAllVs1: round(one.cpuMsPerClip / many.cpuMsPerClip, 2),
  coresUsed1: cores(one),
  coresUsedAll: cores(many),
  loadAverage1m: round(loadavg()[0]!, 1),
});

/**
 * YIN pitch tracker speed (src/augment/f0.ts), one core.
 *
 *   npx tsx bench/yin-bench.ts
 *
 * One JSON line per case: {"bench":"yin","case":…,"sec":…,"frames":…,"msMedian":…,"msMin":…,"xRealtime":…}
 * where xRealtime = audio duration / median processing time. The "synthetic" case is the 3 s
 * two-sine signal used when the FFT difference function replaced the direct sum (goal ≤ 4 ms).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { yin, type YinOptions } from '../src/augment/f0.js';
import { DATA, readWav } from '../test/augment/helpers.js';

const SR = 16_000;

function time(x: Float32Array, options: YinOptions): { frames: number; msMedian: number; msMin: number } {
  let frames = 0;
  for (let k = 0; k < 10; k++) frames = yin(x, options).f0.length; // warm-up (JIT)
  const runs: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t = performance.now();
    yin(x, options);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { frames, msMedian: runs[runs.length >> 1]!, msMin: runs[0]! };
}

function report(name: string, x: Float32Array, options: YinOptions): void {
  const r = time(x, options);
  const sec = x.length / options.sampleRate;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  console.log(
    JSON.stringify({
      bench: 'yin',
      case: name,
      sec: round(sec),
      frames: r.frames,
      msMedian: round(r.msMedian),
      msMin: round(r.msMin),
      xRealtime: Math.round((sec * 1000) / r.msMedian),
    }),
  );
}

// Deterministic version of the synthetic signal (the original used Math.random for the noise).
const synthetic = new Float32Array(3 * SR);
let s = 1;
for (let i = 0; i < synthetic.length; i++) {
  s = (s * 16807) % 2147483647;
  synthetic[i] = Math.sin(i * 0.1) + 0.3 * Math.sin(i * 0.37) + 0.01 * (s / 2147483647);
}
report('synthetic 3 s, fMin 60, fMax 700', synthetic, { sampleRate: SR, fMin: 60, fMax: 700 });

const dir = join(DATA, 'ravdess-16k', 'Actor_01');
const file = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort()[0]!;
const clip = readWav(join(dir, file)).samples;
report(`ravdess ${file}, defaults`, clip, { sampleRate: SR });
report(`ravdess ${file}, hopLength 40`, clip, { sampleRate: SR, hopLength: 40 });

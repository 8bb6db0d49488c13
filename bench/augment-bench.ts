/**
 * Augmentation throughput on 3.7 s RAVDESS clips (16 kHz), one core.
 *
 *   npx tsx bench/augment-bench.ts            # speed: one JSON line per transform
 *   npx tsx bench/augment-bench.ts --quality  # plus listening-free quality of the two stretch methods
 *
 * Speed lines: {"bench":"augment","transform":…,"msPerClip":…,"augPerSec":…,"xRealtime":…}
 * where xRealtime = clip duration / processing time (goal: stretch and shift ≥ 100×).
 * Quality lines ("bench":"augment-quality") compare WSOLA and the phase vocoder on:
 *   f0ErrPct       |median F0 change| of sustained voiced regions (%)
 *   toneSnrDb      purity of a stretched 220 Hz tone (residual after a per-20 ms sinusoid fit)
 *   clickSpreadMs  energy spread of 2 ms clicks after stretching (input ≈ 0.37 ms): transient smearing
 *   ltasDb         long-term spectrum change vs the input (dB RMS over bins): colouration
 *   aperiodicity   median YIN aperiodicity of voiced frames (input value alongside): periodicity kept
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  addNoise,
  Augmenter,
  cropOrPad,
  gain,
  pitchShift,
  specAugment,
  speedPerturb,
  timeShift,
  timeStretch,
  TIME_STRETCH_METHODS,
  yin,
} from '../src/augment/index.js';
import { RealFft } from '../src/features/fft.js';
import { DATA, median, medianF0, readWav, sustainedVoicedRegion, tone } from '../test/augment/helpers.js';

const SR = 16_000;
const CLIP_SEC = 3.7;
const quality = process.argv.includes('--quality');

// Eight real clips from different actors, cropped/padded to exactly 3.7 s.
const names = ['Actor_01', 'Actor_02', 'Actor_05', 'Actor_08', 'Actor_11', 'Actor_14', 'Actor_17', 'Actor_20'].map((a) => {
  const dir = join(DATA, 'ravdess-16k', a);
  return join(dir, readdirSync(dir).filter((f) => f.endsWith('.wav')).sort()[12]!);
});
const clips = names.map((p) => cropOrPad(readWav(p).samples, { sampleRate: SR, durationSec: CLIP_SEC }));

function bench(transform: string, extra: Record<string, unknown>, fn: (x: Float32Array, i: number) => unknown, budgetMs = 600): void {
  for (let i = 0; i < 2; i++) fn(clips[i % clips.length]!, i); // warm-up (JIT, filter tables)
  let runs = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < budgetMs || runs < 4) {
    fn(clips[runs % clips.length]!, runs);
    runs++;
    t = performance.now();
  }
  const msPerClip = (t - t0) / runs;
  console.log(
    JSON.stringify({
      bench: 'augment',
      transform,
      ...extra,
      clipSec: CLIP_SEC,
      runs,
      msPerClip: +msPerClip.toFixed(3),
      augPerSec: +(1000 / msPerClip).toFixed(1),
      xRealtime: +((CLIP_SEC * 1000) / msPerClip).toFixed(1),
    }),
  );
}

for (const method of TIME_STRETCH_METHODS) {
  for (const rate of [0.8, 1.25]) bench('timeStretch', { method, rate }, (x) => timeStretch(x, { rate, method, sampleRate: SR }));
}
for (const semitones of [-2, 2]) bench('pitchShift', { method: 'wsola', semitones }, (x) => pitchShift(x, { sampleRate: SR, semitones }));
for (const factor of [0.9, 1.1]) bench('speedPerturb', { factor }, (x) => speedPerturb(x, { sampleRate: SR, factor }));
for (const type of ['white', 'pink'] as const) bench('addNoise', { type, snrDb: 20 }, (x, i) => addNoise(x, { snrDb: 20, type }, i));
bench('gain', { db: -3 }, (x) => gain(x, { db: -3 }));
bench('timeShift', { mode: 'roll', maxShiftSec: 0.25 }, (x, i) => timeShift(x, { maxShiftSec: 0.25, sampleRate: SR, mode: 'roll' }, i));
bench('cropOrPad', { durationSec: 3, random: true }, (x, i) => cropOrPad(x, { sampleRate: SR, durationSec: 3, random: true }, i));
// SpecAugment on the MFCC matrix of a 3.7 s clip (hop 512 → 116 frames × 40 coefficients).
const mfccLike = { data: Float32Array.from({ length: 116 * 40 }, (_, i) => Math.sin(i)), frames: 116, bins: 40 };
bench('specAugment', { frames: 116, bins: 40 }, (_x, i) => specAugment(mfccLike, {}, i));
const aug = new Augmenter({ seed: 1 });
bench('Augmenter.apply', { recipe: 'DEFAULT_SPEECH_EMOTION_RECIPE' }, (x, i) => aug.apply(x, { sampleRate: SR, seed: i }), 1500);

if (quality) {
  const ravdessClips = names.map((p) => readWav(p).samples);
  for (const method of TIME_STRETCH_METHODS) {
    for (const rate of [0.8, 1.25]) {
      const outs = ravdessClips.map((x) => timeStretch(x, { rate, method, sampleRate: SR }));
      const f0Err = ravdessClips.map((x, i) => {
        const r = sustainedVoicedRegion(x, SR);
        const y = medianF0(outs[i]!, SR, r.fromSec / rate + 0.02, r.toSec / rate - 0.02).f0;
        return Math.abs(y / r.f0 - 1) * 100;
      });
      console.log(
        JSON.stringify({
          bench: 'augment-quality',
          transform: 'timeStretch',
          method,
          rate,
          lengthExact: outs.every((y, i) => y.length === Math.round(ravdessClips[i]!.length / rate)),
          f0ErrPct: +median(f0Err).toFixed(3),
          toneSnrDb: +toneSnrDb(timeStretch(tone(220, SR, 2), { rate, method }), 220).toFixed(1),
          clickSpreadMs: +clickSpreadMs(rate, method).toFixed(2),
          ltasDb: +median(ravdessClips.map((x, i) => ltasDistanceDb(x, outs[i]!))).toFixed(2),
          aperiodicity: +median(outs.map(voicedAperiodicity)).toFixed(3),
          inputAperiodicity: +median(ravdessClips.map(voicedAperiodicity)).toFixed(3),
        }),
      );
    }
  }
}

function toneSnrDb(y: Float32Array, f: number): number {
  const B = 320;
  let sig = 0;
  let res = 0;
  for (let s = 1600; s + B <= y.length - 1600; s += B) {
    let cc = 0, ss = 0, cs = 0, yc = 0, ys = 0;
    for (let j = 0; j < B; j++) {
      const c = Math.cos((2 * Math.PI * f * (s + j)) / SR);
      const si = Math.sin((2 * Math.PI * f * (s + j)) / SR);
      cc += c * c; ss += si * si; cs += c * si; yc += y[s + j]! * c; ys += y[s + j]! * si;
    }
    const det = cc * ss - cs * cs;
    const a = (yc * ss - ys * cs) / det;
    const b = (ys * cc - yc * cs) / det;
    for (let j = 0; j < B; j++) {
      const m = a * Math.cos((2 * Math.PI * f * (s + j)) / SR) + b * Math.sin((2 * Math.PI * f * (s + j)) / SR);
      sig += m * m;
      res += (y[s + j]! - m) ** 2;
    }
  }
  return 10 * Math.log10(sig / res);
}

function clickSpreadMs(rate: number, method: (typeof TIME_STRETCH_METHODS)[number]): number {
  const x = new Float32Array(SR * 2);
  const period = 2000;
  for (let c = period; c < x.length - period; c += period) {
    for (let j = 0; j < 32; j++) x[c + j] = 0.5 * Math.sin((2 * Math.PI * 1000 * j) / SR) * Math.sin((Math.PI * j) / 32);
  }
  const y = timeStretch(x, { rate, method });
  const P = period / rate;
  let spread = 0;
  let n = 0;
  for (let c = 2; c * P < y.length - 2 * P; c++) {
    const lo = Math.round(c * P - P / 2);
    const hi = Math.round(c * P + P / 2);
    let e = 0, m1 = 0, m2 = 0;
    for (let j = lo; j < hi; j++) { e += y[j]! ** 2; m1 += y[j]! ** 2 * j; }
    const cen = m1 / e;
    for (let j = lo; j < hi; j++) m2 += y[j]! ** 2 * (j - cen) ** 2;
    spread += Math.sqrt(m2 / e);
    n++;
  }
  return ((spread / n) / SR) * 1000;
}

function ltasDistanceDb(x: Float32Array, y: Float32Array): number {
  const n = 512;
  const fft = new RealFft(n);
  const avg = (s: Float32Array): Float64Array => {
    const acc = new Float64Array(n / 2 + 1);
    const p = new Float64Array(n / 2 + 1);
    const f = new Float64Array(n);
    for (let o = 0; o + n <= s.length; o += n / 4) {
      for (let j = 0; j < n; j++) f[j] = s[o + j]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * j) / n));
      fft.powerInto(f, p);
      for (let k = 0; k < p.length; k++) acc[k] = acc[k]! + p[k]!;
    }
    return acc;
  };
  const a = avg(x);
  const b = avg(y);
  let ea = 0, eb = 0;
  for (let k = 0; k < a.length; k++) { ea += a[k]!; eb += b[k]!; }
  let d = 0;
  for (let k = 1; k < a.length; k++) d += (10 * Math.log10((a[k]! / ea + 1e-12) / (b[k]! / eb + 1e-12))) ** 2;
  return Math.sqrt(d / (a.length - 1));
}

function voicedAperiodicity(x: Float32Array): number {
  const r = yin(x, { sampleRate: SR });
  return median(Array.from(r.aperiodicity).filter((_, t) => Number.isFinite(r.f0[t]!)));
}


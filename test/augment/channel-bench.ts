/**
 * Channel augmentations: time per 3.7 s 16 kHz RAVDESS clip (best of N, so a busy machine reads
 * close to an idle one) and the measured properties quoted in docs/augment/*.md.
 *
 *   npx tsx test/augment/channel-bench.ts
 *
 * One JSON line per transform: {"bench":"augment-channel","transform":…,"msPerClip":…,"xRealtime":…}
 * then one line of measurements per transform ("bench":"augment-channel-measure").
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  addNoise,
  aLaw,
  Augmenter,
  babbleNoise,
  CHANNEL_ROBUSTNESS_RECIPE,
  clip,
  cropOrPad,
  eqTilt,
  lossyLowpass,
  muLaw,
  reverberate,
  syntheticImpulseResponse,
  telephoneBand,
} from '../../src/augment/index.js';
import { bandEnergy, bestMs, DATA, readWav, tone, toneGainDb, welchPsd, whiteNoise } from './helpers.js';

const SR = 16_000;
const CLIP_SEC = 3.7;
const names = ['Actor_01', 'Actor_02', 'Actor_05', 'Actor_08', 'Actor_11', 'Actor_14', 'Actor_17', 'Actor_20'].map((a) => {
  const dir = join(DATA, 'ravdess-16k', a);
  return join(dir, readdirSync(dir).filter((f) => f.endsWith('.wav')).sort()[12]!);
});
const clips = names.map((p) => cropOrPad(readWav(p).samples, { sampleRate: SR, durationSec: CLIP_SEC }));
const pool = clips.slice(4);
let k = 0;
const next = () => clips[k++ % 4]!;

function bench(transform: string, fn: (x: Float32Array) => unknown): void {
  const ms = bestMs(() => fn(next()), 20);
  console.log(JSON.stringify({ bench: 'augment-channel', transform, msPerClip: +ms.toFixed(2), xRealtime: Math.round((CLIP_SEC * 1000) / ms) }));
}

bench('telephoneBand (8 kHz round trip)', (x) => telephoneBand(x, { sampleRate: SR }));
bench('telephoneBand (resampleTo null)', (x) => telephoneBand(x, { sampleRate: SR, resampleTo: null }));
bench('muLaw', (x) => muLaw(x));
bench('aLaw', (x) => aLaw(x));
bench('lossyLowpass 3 kHz', (x) => lossyLowpass(x, { sampleRate: SR, cutoffHz: 3000 }));
bench('lossyLowpass 7 kHz', (x) => lossyLowpass(x, { sampleRate: SR, cutoffHz: 7000 }));
bench('reverberate rt60 0.2 s', (x) => reverberate(x, { sampleRate: SR, rt60Sec: 0.2 }, 1));
bench('reverberate rt60 1 s', (x) => reverberate(x, { sampleRate: SR, rt60Sec: 1 }, 1));
bench('babbleNoise (4–6 talkers)', (x) => babbleNoise(pool, { length: x.length }, 1));
bench('babbleNoise + addNoise', (x) => addNoise(x, { snrDb: 10, type: { clip: babbleNoise(pool, { length: x.length }, 1) } }, 1));
bench('eqTilt ±3 dB/oct', (x) => eqTilt(x, { sampleRate: SR, dbPerOctave: 3 }));
bench('clip clipFraction 0.01', (x) => clip(x, { clipFraction: 0.01 }));
bench('clip thresholdDb -6', (x) => clip(x, { thresholdDb: -6 }));
{
  // Random effects per copy: report the mean over 200 seeds, not the best (the best is "no effect").
  const aug = new Augmenter({ seed: 1, recipe: CHANNEL_ROBUSTNESS_RECIPE });
  for (let s = 0; s < 10; s++) aug.apply(next(), { sampleRate: SR, seed: s });
  const t0 = performance.now();
  for (let s = 0; s < 200; s++) aug.apply(next(), { sampleRate: SR, seed: s });
  const ms = (performance.now() - t0) / 200;
  console.log(JSON.stringify({ bench: 'augment-channel', transform: 'Augmenter CHANNEL_ROBUSTNESS_RECIPE (mean of 200 copies)', msPerClip: +ms.toFixed(2), xRealtime: Math.round((CLIP_SEC * 1000) / ms) }));
}

// --- measurements ------------------------------------------------------------------------
const m = (transform: string, values: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'augment-channel-measure', transform, ...values }));
const r2 = (v: number) => Math.round(v * 100) / 100;
const drop = (x: Float32Array, y: Float32Array, lo: number, hi: number) =>
  10 * Math.log10(bandEnergy(welchPsd(x), SR, lo, hi) / bandEnergy(welchPsd(y), SR, lo, hi));
const noise = whiteNoise(SR * 4, 11);
const speech = clips[1]!;
for (const [what, x] of [['white noise', noise], ['speech', speech]] as const) {
  const y = telephoneBand(x, { sampleRate: SR });
  m('telephoneBand', { on: what, dropAbove3600Db: r2(drop(x, y, 3600, 8001)), dropBelow200Db: r2(drop(x, y, 0, 200)) });
}
m('telephoneBand', { tone1kGainDb: r2(toneGainDb(tone(1000, SR, 1), telephoneBand(tone(1000, SR, 1), { sampleRate: SR }))) });
{
  let pk = 0;
  for (const v of speech) pk = Math.max(pk, Math.abs(v));
  const full = speech.map((v) => (0.99 * v) / pk);
  const snr = (y: Float32Array) => {
    let ps = 0, pn = 0;
    for (let i = 0; i < full.length; i++) { ps += full[i]! ** 2; pn += (y[i]! - full[i]!) ** 2; }
    return r2(10 * Math.log10(ps / pn));
  };
  m('companding', { muLawSnrDb: snr(muLaw(full)), aLawSnrDb: snr(aLaw(full)), muLawDistinct: new Set(muLaw(full)).size });
}
for (const c of [3000, 4000, 7000]) {
  const x = tone(2 * Math.min(c, 3900), SR, 1);
  m('lossyLowpass', { cutoffHz: c, octaveAboveGainDb: c <= 3900 ? r2(toneGainDb(x, lossyLowpass(x, { sampleRate: SR, cutoffHz: c }))) : null, passbandMaxDevDb: r2(Math.max(...[0.1, 0.5, 0.9, 1].map((f) => Math.abs(toneGainDb(tone(f * c, SR, 1), lossyLowpass(tone(f * c, SR, 1), { sampleRate: SR, cutoffHz: c })))))) });
}
for (const rt of [0.2, 0.5, 1]) {
  const errs: number[] = [];
  for (let seed = 0; seed < 10; seed++) {
    const h = syntheticImpulseResponse({ sampleRate: SR, rt60Sec: rt }, seed);
    const edc = new Float64Array(h.length);
    let acc = 0;
    for (let i = h.length - 1; i >= 0; i--) { acc += h[i]! ** 2; edc[i] = acc; }
    let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let i = 0; i < h.length; i++) {
      const db = 10 * Math.log10(edc[i]! / edc[0]!);
      if (db > -5 || db < -25) continue;
      const t = i / SR; n++; sx += t; sy += db; sxx += t * t; sxy += t * db;
    }
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    errs.push(Math.abs((-60 / slope) / rt - 1) * 100);
  }
  const y = reverberate(speech, { sampleRate: SR, rt60Sec: rt }, 3);
  let px = 0, py = 0;
  for (let i = 0; i < speech.length; i++) { px += speech[i]! ** 2; py += y[i]! ** 2; }
  m('reverberate', { rt60Sec: rt, maxRt60ErrPct: r2(Math.max(...errs)), levelChangeDb: r2(10 * Math.log10(py / px)) });
}
{
  const b = babbleNoise(pool, { length: 4 * SR }, 2);
  const p = welchPsd(b);
  m('babbleNoise', { speechBandFraction: r2(bandEnergy(p, SR, 100, 4000) / bandEnergy(p, SR, 0, SR)), whiteNoiseFraction: r2(bandEnergy(welchPsd(noise), SR, 100, 4000) / bandEnergy(welchPsd(noise), SR, 0, SR)) });
}
{
  const t = (f: number, d: number) => r2(toneGainDb(tone(f, SR, 1), eqTilt(tone(f, SR, 1), { sampleRate: SR, dbPerOctave: d })));
  m('eqTilt', { dbPerOctave: 3, at250: t(250, 3), at1k: t(1000, 3), at4k: t(4000, 3) });
}
{
  for (const f of [0.001, 0.01, 0.05]) {
    const y = clip(speech, { clipFraction: f });
    let pk = 0;
    for (const v of y) pk = Math.max(pk, Math.abs(v));
    let n = 0;
    for (const v of y) if (Math.abs(v) === pk) n++;
    m('clip', { clipFraction: f, measured: +(n / y.length).toFixed(5) });
  }
}

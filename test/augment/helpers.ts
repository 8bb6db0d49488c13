/**
 * Test-only helpers for the augment tests: real RAVDESS clips (read with src/audio/wav.ts),
 * tones, and F0 / SNR measurements.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWav } from '../../src/audio/wav.js';
import { yin } from '../../src/augment/f0.js';
import { RealFft } from '../../src/features/fft.js';
import { createRng, randn } from '../../src/internal/rng.js';

// Not imported from ../helpers.ts: that module imports vitest, and these helpers also serve the
// bench and ad-hoc scripts run with tsx.
/** ../shared/data beside the project root. */
export const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

/** A sine of `freqHz`, `durationSec` long, peak `amplitude`. */
export function tone(freqHz: number, sampleRate: number, durationSec: number, amplitude = 0.5): Float32Array {
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate);
  return out;
}

/** Read a mono WAV with the library's parser (src/audio/wav.ts). */
export function readWav(path: string): { samples: Float32Array; sampleRate: number } {
  const wav = parseWav(new Uint8Array(readFileSync(path)));
  return { samples: wav.channelData[0]!, sampleRate: wav.sampleRate };
}

/** A RAVDESS 16 kHz clip by file name, e.g. '03-01-05-01-01-01-02.wav' (actor inferred). */
export function ravdess(name: string): { samples: Float32Array; sampleRate: number } {
  const actor = name.replace(/\.wav$/, '').split('-')[6]!;
  return readWav(join(DATA, 'ravdess-16k', `Actor_${actor}`, name));
}

/** Median of the finite values of `a`. */
export function median(a: ArrayLike<number>): number {
  const v = Array.from(a).filter(Number.isFinite).sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Median YIN F0 (Hz) of `x` between `fromSec` and `toSec`, with the fraction of voiced frames. */
export function medianF0(
  x: Float32Array,
  sampleRate: number,
  fromSec = 0,
  toSec = x.length / sampleRate,
): { f0: number; voicedFraction: number } {
  const r = yin(x, { sampleRate });
  const t0 = Math.ceil((fromSec * sampleRate) / r.hopLength);
  const t1 = Math.min(r.f0.length - 1, Math.floor((toSec * sampleRate) / r.hopLength));
  const seg = r.f0.subarray(t0, t1 + 1);
  let voiced = 0;
  for (const v of seg) if (Number.isFinite(v)) voiced++;
  return { f0: median(seg), voicedFraction: voiced / Math.max(1, seg.length) };
}

/**
 * Longest run of voiced YIN frames whose F0 stays within ±4 % of the run's median: a sustained
 * voiced region. Returns its bounds in seconds and its median F0.
 */
export function sustainedVoicedRegion(
  x: Float32Array,
  sampleRate: number,
): { fromSec: number; toSec: number; f0: number } {
  const r = yin(x, { sampleRate });
  let best = { a: 0, b: -1 };
  let a = 0;
  for (let t = 0; t <= r.f0.length; t++) {
    const v = t < r.f0.length ? r.f0[t]! : NaN;
    const seg = r.f0.subarray(a, t);
    const m = median(seg);
    const ok = Number.isFinite(v) && (seg.length === 0 || Math.abs(v / m - 1) < 0.04);
    if (!ok) {
      if (t - a > best.b - best.a + 1) best = { a, b: t - 1 };
      a = t + 1;
    }
  }
  const hopSec = r.hopLength / sampleRate;
  return { fromSec: best.a * hopSec, toSec: best.b * hopSec, f0: median(r.f0.subarray(best.a, best.b + 1)) };
}

/** 10·log10(P(signal) / P(noise)) in dB. */
export function snrDb(signal: Float32Array, noise: ArrayLike<number>): number {
  let ps = 0;
  let pn = 0;
  for (let i = 0; i < signal.length; i++) {
    ps += signal[i]! * signal[i]!;
    pn += noise[i]! * noise[i]!;
  }
  return 10 * Math.log10(ps / pn);
}

/** True when every value is finite. */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** Largest |x|. */
export function peak(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/**
 * Welch power spectrum of `x`: mean of Hann-windowed `nFft`-point periodograms at hop nFft/2,
 * bins 0 … nFft/2 (bin k is k·sampleRate/nFft Hz). Plain DFT-free O(n log n) via RealFft.
 */
export function welchPsd(x: ArrayLike<number>, nFft = 2048): Float64Array {
  const fft = new RealFft(nFft);
  const acc = new Float64Array(nFft / 2 + 1);
  const p = new Float64Array(nFft / 2 + 1);
  const frame = new Float64Array(nFft);
  let frames = 0;
  for (let s = 0; s + nFft <= x.length; s += nFft / 2) {
    for (let j = 0; j < nFft; j++) frame[j] = x[s + j]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * j) / nFft));
    fft.powerInto(frame, p);
    for (let k = 0; k < p.length; k++) acc[k] = acc[k]! + p[k]!;
    frames++;
  }
  for (let k = 0; k < acc.length; k++) acc[k] = acc[k]! / Math.max(1, frames);
  return acc;
}

/** Energy of `psd` (from {@link welchPsd}) in the bins whose centre lies in [loHz, hiHz). */
export function bandEnergy(psd: Float64Array, sampleRate: number, loHz: number, hiHz: number): number {
  const nFft = 2 * (psd.length - 1);
  let e = 0;
  for (let k = 0; k < psd.length; k++) {
    const f = (k * sampleRate) / nFft;
    if (f >= loHz && f < hiHz) e += psd[k]!;
  }
  return e;
}

/** Gain in dB of a system on a steady tone: 20·log10(rms(y) / rms(x)) over the middle half. */
export function toneGainDb(x: Float32Array, y: Float32Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let px = 0;
  let py = 0;
  for (let i = a; i < b; i++) {
    px += x[i]! * x[i]!;
    py += y[i]! * y[i]!;
  }
  return 10 * Math.log10(py / px);
}

/** Gaussian white noise (seeded), `n` samples, standard deviation `sigma`. */
export function whiteNoise(n: number, seed: number, sigma = 0.1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * randn(rng);
  return out;
}

/** Best time of `runs` calls of `fn` in ms (after 3 warm-up calls): robust to a busy machine. */
export function bestMs(fn: () => unknown, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

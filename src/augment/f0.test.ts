import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { median, ravdess, tone } from '../../test/augment/helpers.js';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { createRng, randn } from '../internal/rng.js';
import { YIN_DEFAULTS, yin, type YinOptions, type YinResult } from './f0.js';

const SR = 16_000;

describe('yin', () => {
  it('has one frame per hop, centred: 1 + floor(n / hopLength) frames', () => {
    const r = yin(tone(200, SR, 0.5), { sampleRate: SR });
    expect(r.hopLength).toBe(160);
    expect(r.f0.length).toBe(1 + Math.floor(8000 / 160));
    expect(r.aperiodicity.length).toBe(r.f0.length);
  });

  it.each([80, 110, 220, 440, 700])('finds the F0 of a %d Hz tone within 0.3 %%', (f) => {
    const r = yin(tone(f, SR, 0.6), { sampleRate: SR });
    const inner = r.f0.subarray(5, r.f0.length - 5);
    expect(Array.from(inner).every(Number.isFinite)).toBe(true);
    expect(Math.abs(median(inner) / f - 1)).toBeLessThan(0.003);
  });

  it('reports silence and white noise as unvoiced (NaN)', () => {
    expect(Array.from(yin(new Float32Array(8000), { sampleRate: SR }).f0).every(Number.isNaN)).toBe(true);
    let s = 1;
    const noise = Float32Array.from({ length: 8000 }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const f0 = yin(noise, { sampleRate: SR }).f0;
    const voiced = Array.from(f0).filter(Number.isFinite).length;
    expect(voiced / f0.length).toBeLessThan(0.1);
  });

  itShared('tracks a female RAVDESS voice in the 120–500 Hz range and leaves the leading silence unvoiced', () => {
    const { samples } = ravdess('03-01-05-01-01-01-02.wav');
    const r = yin(samples, { sampleRate: SR });
    const voiced = Array.from(r.f0).filter(Number.isFinite);
    expect(voiced.length).toBeGreaterThan(30);
    const m = median(voiced);
    expect(m).toBeGreaterThan(120);
    expect(m).toBeLessThan(500);
    // The first 0.3 s of every RAVDESS clip is near-silence.
    expect(Array.from(r.f0.subarray(0, 30)).filter(Number.isFinite).length).toBe(0);
  });

  it.each([
    ['sampleRate', { sampleRate: 0 }],
    ['fMin', { sampleRate: SR, fMin: -5 }],
    ['fMax', { sampleRate: SR, fMin: 300, fMax: 200 }],
    ['hopLength', { sampleRate: SR, hopLength: 0 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => yin(tone(200, SR, 0.2), opts), 'SER_INVALID_ARGUMENT', new RegExp(name));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on empty input and SER_INVALID_ARGUMENT on NaN', () => {
    expectSerError(() => yin(new Float32Array(0), { sampleRate: SR }), 'SER_EMPTY_AUDIO', /empty/);
    expectSerError(() => yin(Float32Array.of(0, NaN, 0), { sampleRate: SR }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

/**
 * YIN with the difference function summed directly, d(tau) = Σ_{j<W} (x_j − x_{j+tau})², in
 * O(W · sampleRate/fMin) per frame: the definition the FFT implementation must reproduce (same
 * framing, normalisation, threshold, voicing and parabolic-interpolation rules).
 */
function yinDirect(x: Float32Array, options: YinOptions): YinResult {
  const o = { ...YIN_DEFAULTS, ...options };
  const sr = o.sampleRate;
  const tauMax = Math.floor(sr / o.fMin);
  const tauMin = Math.max(2, Math.floor(sr / o.fMax));
  const win = o.winLength ?? Math.max(tauMax, Math.round(0.025 * sr));
  const hop = o.hopLength ?? Math.max(1, Math.round(0.01 * sr));
  const frameLen = win + tauMax + 1;
  const half = Math.floor(frameLen / 2);
  const nFrames = 1 + Math.floor(x.length / hop);
  const f0 = new Float32Array(nFrames);
  const aperiodicity = new Float32Array(nFrames);
  const frame = new Float64Array(frameLen);
  const dn = new Float64Array(tauMax + 2);
  for (let t = 0; t < nFrames; t++) {
    for (let j = 0; j < frameLen; j++) {
      const i = t * hop - half + j;
      frame[j] = i >= 0 && i < x.length ? x[i]! : 0;
    }
    let run = 0;
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      let d = 0;
      for (let j = 0; j < win; j++) {
        const e = frame[j]! - frame[j + tau]!;
        d += e * e;
      }
      run += d;
      dn[tau] = run > 1e-20 ? (d * tau) / run : 1;
    }
    if (!(run > 1e-20)) {
      f0[t] = NaN;
      aperiodicity[t] = 1;
      continue;
    }
    let best = -1;
    for (let tau = tauMin; tau <= tauMax && best < 0; tau++) {
      if (dn[tau]! < o.troughThreshold) {
        while (tau + 1 <= tauMax && dn[tau + 1]! < dn[tau]!) tau++;
        best = tau;
      }
    }
    if (best < 0) {
      best = tauMin;
      for (let tau = tauMin; tau <= tauMax; tau++) if (dn[tau]! < dn[best]!) best = tau;
    }
    let lag = best;
    const den = dn[best - 1]! - 2 * dn[best]! + dn[best + 1]!;
    if (den > 0) lag = best + (0.5 * (dn[best - 1]! - dn[best + 1]!)) / den;
    aperiodicity[t] = dn[best]!;
    f0[t] = dn[best]! <= o.voicingThreshold && best > tauMin && best < tauMax ? sr / lag : NaN;
  }
  return { f0, aperiodicity, hopLength: hop, sampleRate: sr };
}

/** Agreement of two YIN results: voicing, F0 where both are voiced, aperiodicity. */
function agreement(a: YinResult, b: YinResult): { voiced: number; sameVoicing: number; maxF0Diff: number; maxAperDiff: number } {
  expect(a.f0.length).toBe(b.f0.length);
  let same = 0;
  let voiced = 0;
  let maxF0Diff = 0;
  let maxAperDiff = 0;
  for (let t = 0; t < a.f0.length; t++) {
    const va = Number.isFinite(a.f0[t]!);
    const vb = Number.isFinite(b.f0[t]!);
    if (va === vb) same++;
    if (va && vb) {
      voiced++;
      maxF0Diff = Math.max(maxF0Diff, Math.abs(a.f0[t]! - b.f0[t]!));
    }
    maxAperDiff = Math.max(maxAperDiff, Math.abs(a.aperiodicity[t]! - b.aperiodicity[t]!));
  }
  return { voiced, sameVoicing: same / a.f0.length, maxF0Diff, maxAperDiff };
}

describe('yin (FFT difference function) against the direct sum', () => {
  itShared('matches on a male RAVDESS utterance (voicing, F0 within 0.05 Hz, aperiodicity within 1e-3)', async () => {
    const audio = await new AudioDecoder({ sampleRate: SR }).decodeFile(
      join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav'),
    );
    for (const opts of [{ sampleRate: SR }, { sampleRate: SR, fMin: 60, fMax: 700 }]) {
      const fast = yin(audio.samples, opts);
      const ref = yinDirect(audio.samples, opts);
      const m = agreement(fast, ref);
      // A real utterance: a few dozen voiced frames between leading and trailing near-silence.
      expect(m.voiced).toBeGreaterThan(40);
      expect(m.voiced).toBeLessThan(fast.f0.length - 40);
      expect(m.sameVoicing).toBeGreaterThanOrEqual(0.99);
      expect(m.maxF0Diff).toBeLessThan(0.05);
      expect(m.maxAperDiff).toBeLessThan(1e-3);
    }
  });

  // Frame layouts that take the different chunk paths: full chunks + remainder (default), full
  // chunks only (winLength a multiple of hopLength), remainder only (hop > window), > 3 summed
  // chunk spectra (small hop, long lag range).
  it.each([
    ['defaults', {}],
    ['winLength 3·hop', { winLength: 480, hopLength: 160 }],
    ['hop longer than the window', { hopLength: 500 }],
    ['small hop, fMin 40 Hz', { fMin: 40, hopLength: 10 }],
  ])('matches on a gliding harmonic tone in noise with digital silence (%s)', (_name, extra) => {
    const rng = createRng(7);
    const n = Math.round(SR * 0.9);
    const x = new Float32Array(n);
    let phase = 0;
    for (let i = 0; i < n; i++) {
      const f = 110 + (230 * i) / n; // 110 → 340 Hz
      phase += (2 * Math.PI * f) / SR;
      const env = i < 0.15 * SR || (i > 0.45 * SR && i < 0.55 * SR) ? 0 : 0.5; // exact zeros
      x[i] = env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)) + (env > 0 ? 0.02 * randn(rng) : 0);
    }
    const opts = { sampleRate: SR, ...extra };
    const fast = yin(x, opts);
    const ref = yinDirect(x, opts);
    const m = agreement(fast, ref);
    expect(m.voiced).toBeGreaterThan(0.5 * fast.f0.length);
    expect(m.sameVoicing).toBeGreaterThanOrEqual(0.99);
    expect(m.maxF0Diff).toBeLessThan(0.05);
    expect(m.maxAperDiff).toBeLessThan(1e-3);
    // Frames entirely inside the digital silence stay silent: NaN with aperiodicity exactly 1.
    const mid = Math.round((0.5 * SR) / fast.hopLength);
    expect(Number.isNaN(fast.f0[mid]!)).toBe(true);
    expect(fast.aperiodicity[mid]).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, peak, ravdess, tone } from '../../test/augment/helpers.js';
import { createRng } from '../internal/rng.js';
import { reverberate, syntheticImpulseResponse } from './reverb.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const rms = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / x.length);
};

/**
 * RT60 by Schroeder backward integration (ISO 3382 T20): energy-decay curve
 * EDC(t) = Σ_{i≥t} h², in dB re EDC(0); least-squares line through the points between −5 and
 * −25 dB; RT60 = 3 × the time the line takes to fall 20 dB.
 */
function schroederRt60(h: ArrayLike<number>, sampleRate: number): number {
  const edc = new Float64Array(h.length);
  let acc = 0;
  for (let i = h.length - 1; i >= 0; i--) {
    acc += h[i]! * h[i]!;
    edc[i] = acc;
  }
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < h.length; i++) {
    const db = 10 * Math.log10(edc[i]! / edc[0]!);
    if (db > -5 || db < -25) continue;
    const t = i / sampleRate;
    n++;
    sx += t;
    sy += db;
    sxx += t * t;
    sxy += t * db;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // dB per second
  return 3 * (-20 / slope);
}

describe('syntheticImpulseResponse', () => {
  it.each([0.2, 0.35, 0.5, 0.75, 1])('rt60Sec %s: Schroeder RT60 (T20 × 3) within 10 %% of requested, for 5 seeds and DRR −5 / 0 / 10 dB', (rt60Sec) => {
    for (const directToReverbDb of [-5, 0, 10]) {
      for (let seed = 0; seed < 5; seed++) {
        const h = syntheticImpulseResponse({ sampleRate: SR, rt60Sec, directToReverbDb }, seed);
        expect(Math.abs(schroederRt60(h, SR) / rt60Sec - 1)).toBeLessThan(0.1);
      }
    }
  });

  it('has unit energy, the requested direct-to-reverberant ratio, a direct path at 0 and length rt60 · fs', () => {
    for (const drr of [-10, 0, 6, 20]) {
      const h = syntheticImpulseResponse({ sampleRate: SR, rt60Sec: 0.4, directToReverbDb: drr }, 3);
      expect(h.length).toBe(6400);
      let e = 0;
      for (const v of h) e += v * v;
      expect(Math.abs(e - 1)).toBeLessThan(1e-5);
      expect(Math.abs(10 * Math.log10(h[0]! ** 2 / (e - h[0]! ** 2)) - drr)).toBeLessThan(0.01);
      expect(h[0]!).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const o = { sampleRate: SR, rt60Sec: 0.3 };
    expect(syntheticImpulseResponse(o, 5)).toEqual(syntheticImpulseResponse(o, createRng(5)));
    expect(syntheticImpulseResponse(o, 5)).not.toEqual(syntheticImpulseResponse(o, 6));
  });
});

describe('reverberate', () => {
  itShared.each([0.2, 0.5, 1])('rt60Sec %s on real speech: same length, level within 1 dB (measured < 0.01 dB), finite, within [-1, 1]', (rt60Sec) => {
    for (let seed = 0; seed < 3; seed++) {
      const y = reverberate(speech, { sampleRate: SR, rt60Sec }, seed);
      expect(y.length).toBe(speech.length);
      expect(allFinite(y)).toBe(true);
      expect(peak(y)).toBeLessThanOrEqual(1);
      const levelDb = 20 * Math.log10(rms(y) / rms(speech));
      expect(Math.abs(levelDb)).toBeLessThan(1);
      expect(Math.abs(levelDb)).toBeLessThan(0.01);
    }
  });

  it('a click comes out as the impulse response: its measured RT60 is the requested one (±10 %)', () => {
    const click = new Float32Array(2 * SR);
    click[100] = 0.5;
    for (const rt60Sec of [0.3, 0.8]) {
      const y = reverberate(click, { sampleRate: SR, rt60Sec }, 9);
      expect(peak(y.subarray(0, 100))).toBeLessThan(1e-6); // causal: nothing before the click (FFT rounding only)
      expect(Math.abs(schroederRt60(y.subarray(100), SR) / rt60Sec - 1)).toBeLessThan(0.1);
    }
  });

  itShared('smears speech in time: within the utterance, the quietest quarter of the frames gains energy, more with a longer RT60', () => {
    const frames = (x: Float32Array) => {
      const e: number[] = [];
      for (let s = 0; s + 320 <= x.length; s += 320) e.push(rms(x.subarray(s, s + 320)) ** 2); // 20 ms
      return e;
    };
    // The utterance: first to last frame within 30 dB of the loudest (the clip's silent lead-in and tail excluded).
    const e0 = frames(speech);
    const top = Math.max(...e0);
    const a = e0.findIndex((v) => v > top * 1e-3);
    const b = e0.length - [...e0].reverse().findIndex((v) => v > top * 1e-3);
    const quietShare = (x: Float32Array) => {
      const e = frames(x).slice(a, b).sort((u, v) => u - v);
      return e.slice(0, e.length >> 2).reduce((s, v) => s + v, 0) / e.reduce((s, v) => s + v, 0);
    };
    const q0 = quietShare(speech);
    const q = [0.3, 0.5, 1].map((rt60Sec) => quietShare(reverberate(speech, { sampleRate: SR, rt60Sec }, 1)));
    expect(q[0]!).toBeGreaterThan(1.2 * q0);
    expect(q[1]!).toBeGreaterThan(q[0]!);
    expect(q[2]!).toBeGreaterThan(q[1]!);
    expect(q[2]!).toBeGreaterThan(3 * q0);
  });

  itShared('wet = 0 returns the input; a steady tone keeps its level', () => {
    const y = reverberate(speech, { sampleRate: SR, rt60Sec: 0.5, wet: 0 }, 1);
    let err = 0;
    for (let i = 0; i < y.length; i++) err = Math.max(err, Math.abs(y[i]! - speech[i]!));
    expect(err).toBeLessThan(1e-6);
    const x = tone(500, SR, 2, 0.3);
    expect(Math.abs(20 * Math.log10(rms(reverberate(x, { sampleRate: SR, rt60Sec: 0.7, wet: 0.5 }, 2)) / rms(x)))).toBeLessThan(0.01);
  });

  it('scales a full-scale result down to peak 1 instead of clipping; an all-zero clip stays zero', () => {
    const loud = tone(300, SR, 0.5, 1);
    const y = reverberate(loud, { sampleRate: SR, rt60Sec: 0.2, directToReverbDb: -10 }, 4);
    expect(peak(y)).toBeLessThanOrEqual(1);
    expect(reverberate(new Float32Array(1000), { sampleRate: SR, rt60Sec: 0.2 }, 1)).toEqual(new Float32Array(1000));
  });

  itShared('is deterministic for a seed', () => {
    const o = { sampleRate: SR, rt60Sec: 0.6 };
    expect(reverberate(speech, o, 3)).toEqual(reverberate(speech, o, 3));
    expect(reverberate(speech, o, 3)).not.toEqual(reverberate(speech, o, 4));
  });

  itShared.each([
    ['sampleRate', { sampleRate: 0, rt60Sec: 0.5 }],
    ['rt60Sec', { sampleRate: SR, rt60Sec: 0 }],
    ['rt60Sec', { sampleRate: SR, rt60Sec: 10 }],
    ['directToReverbDb', { sampleRate: SR, rt60Sec: 0.5, directToReverbDb: 100 }],
    ['wet', { sampleRate: SR, rt60Sec: 0.5, wet: 1.5 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => reverberate(speech, opts as never, 1), 'SER_INVALID_ARGUMENT', new RegExp(`reverberate: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  itShared('throws on bad rng, empty and NaN input', () => {
    expectSerError(() => reverberate(speech, { sampleRate: SR, rt60Sec: 0.5 }, 0.5), 'SER_INVALID_ARGUMENT', /rng/);
    expectSerError(() => syntheticImpulseResponse({ sampleRate: SR, rt60Sec: 0.5 }, 'x' as never), 'SER_INVALID_ARGUMENT', /syntheticImpulseResponse: rng/);
    expectSerError(() => reverberate(new Float32Array(0), { sampleRate: SR, rt60Sec: 0.5 }, 1), 'SER_EMPTY_AUDIO');
    expectSerError(() => reverberate(Float32Array.of(NaN), { sampleRate: SR, rt60Sec: 0.5 }, 1), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

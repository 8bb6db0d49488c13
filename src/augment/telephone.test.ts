import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, bandEnergy, ravdess, tone, toneGainDb, welchPsd, whiteNoise } from '../../test/augment/helpers.js';
import { telephoneBand } from './telephone.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const male = ifShared(() => ravdess('03-01-01-01-01-01-01.wav').samples, new Float32Array(0)); // Actor 01: F0 ≈ 100–150 Hz, energy below 200 Hz
const noise = whiteNoise(SR * 4, 11);

/** Drop in dB of the energy in [lo, hi) Hz from x to y. */
function dropDb(x: Float32Array, y: Float32Array, lo: number, hi: number): number {
  return 10 * Math.log10(bandEnergy(welchPsd(x), SR, lo, hi) / bandEnergy(welchPsd(y), SR, lo, hi));
}

describe('telephoneBand', () => {
  itShared.each([
    ['white noise', noise],
    ['real speech (female)', speech],
    ['real speech (male)', male],
  ])('%s: energy above 3.6 kHz and below 200 Hz drops by >= 30 dB, 300–3400 Hz within 0.5 dB; length kept', (_, x) => {
    for (const resampleTo of [8000, null]) {
      const y = telephoneBand(x, { sampleRate: SR, resampleTo });
      expect(y.length).toBe(x.length);
      expect(allFinite(y)).toBe(true);
      expect(dropDb(x, y, 3600, 8001)).toBeGreaterThanOrEqual(30);
      expect(dropDb(x, y, 0, 200)).toBeGreaterThanOrEqual(30);
      expect(Math.abs(dropDb(x, y, 350, 3350))).toBeLessThan(0.5);
    }
  });

  it('white noise: the stopbands are at least 50 dB down (filter spec 60 dB)', () => {
    const y = telephoneBand(noise, { sampleRate: SR });
    expect(dropDb(noise, y, 3600, 8001)).toBeGreaterThan(50);
    expect(dropDb(noise, y, 20, 200)).toBeGreaterThan(50);
  });

  it.each([1000, 500, 3000])('a %s Hz passband tone keeps its level within ±1 dB (measured ≤ 0.05 dB)', (f) => {
    const x = tone(f, SR, 1, 0.5);
    for (const resampleTo of [8000, null]) {
      const g = toneGainDb(x, telephoneBand(x, { sampleRate: SR, resampleTo }));
      expect(Math.abs(g)).toBeLessThan(1);
      expect(Math.abs(g)).toBeLessThan(0.05);
    }
  });

  it('stopband tones (100 Hz, 5 kHz) drop by >= 50 dB', () => {
    for (const f of [100, 5000]) {
      const x = tone(f, SR, 1, 0.5);
      expect(toneGainDb(x, telephoneBand(x, { sampleRate: SR }))).toBeLessThan(-50);
    }
  });

  it('is zero-phase: a 1 kHz tone comes out aligned with the input (error < 1 % of amplitude)', () => {
    const x = tone(1000, SR, 0.5, 0.5);
    const y = telephoneBand(x, { sampleRate: SR });
    let err = 0;
    for (let i = 2000; i < 6000; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
    expect(err).toBeLessThan(0.005);
  });

  it('honours custom band edges and other input rates (44.1 kHz → 8 kHz → 44.1 kHz)', () => {
    const x = whiteNoise(44_100 * 2, 3);
    const y = telephoneBand(x, { sampleRate: 44_100, lowHz: 600, highHz: 3000 });
    expect(y.length).toBe(x.length);
    const px = welchPsd(x);
    const py = welchPsd(y);
    const d = (lo: number, hi: number) => 10 * Math.log10(bandEnergy(px, 44_100, lo, hi) / bandEnergy(py, 44_100, lo, hi));
    expect(d(0, 500)).toBeGreaterThan(30);
    expect(d(3100, 22_050)).toBeGreaterThan(30);
    expect(Math.abs(d(650, 2950))).toBeLessThan(0.5);
  });

  itShared('does not modify its input', () => {
    const copy = speech.slice();
    telephoneBand(speech, { sampleRate: SR });
    expect(speech).toEqual(copy);
  });

  itShared.each([
    ['sampleRate', { sampleRate: 0 }],
    ['lowHz', { sampleRate: SR, lowHz: 10 }],
    ['highHz', { sampleRate: SR, highHz: 200 }],
    ['highHz', { sampleRate: SR, highHz: 3950 }],
    ['highHz', { sampleRate: SR, highHz: 7950, resampleTo: null }],
    ['resampleTo', { sampleRate: 8000, resampleTo: 16000 }],
    ['resampleTo', { sampleRate: SR, resampleTo: -1 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => telephoneBand(speech, opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`telephoneBand: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws on empty and NaN input', () => {
    expectSerError(() => telephoneBand(new Float32Array(0), { sampleRate: SR }), 'SER_EMPTY_AUDIO');
    expectSerError(() => telephoneBand(Float32Array.of(0.1, NaN), { sampleRate: SR }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

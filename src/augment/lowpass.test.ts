import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, bandEnergy, ravdess, tone, toneGainDb, welchPsd, whiteNoise } from '../../test/augment/helpers.js';
import { lossyLowpass } from './lowpass.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const noise = whiteNoise(SR * 4, 21);

describe('lossyLowpass', () => {
  it.each([1000, 2000, 3000, 3500])('cutoff %s Hz: a tone one octave above is down >= 40 dB (measured > 60 dB)', (cutoffHz) => {
    const x = tone(2 * cutoffHz, SR, 1, 0.5);
    const g = toneGainDb(x, lossyLowpass(x, { sampleRate: SR, cutoffHz }));
    expect(g).toBeLessThan(-40);
    expect(g).toBeLessThan(-60);
  });

  it.each([3000, 4000, 5500, 7000])('cutoff %s Hz: passband tones (0.05–1 × cutoff) within ±1 dB (measured ±0.01 dB)', (cutoffHz) => {
    for (const frac of [0.05, 0.25, 0.5, 0.9, 1]) {
      const x = tone(frac * cutoffHz, SR, 1, 0.5);
      const g = toneGainDb(x, lossyLowpass(x, { sampleRate: SR, cutoffHz }));
      expect(Math.abs(g)).toBeLessThan(1);
      expect(Math.abs(g)).toBeLessThan(0.01);
    }
  });

  itShared.each([
    ['white noise', noise],
    ['real speech', speech],
  ])('%s: band energy above 1.1 × cutoff drops >= 40 dB, below the cutoff within 0.2 dB; length kept', (_, x) => {
    const cutoffHz = 4000;
    const y = lossyLowpass(x, { sampleRate: SR, cutoffHz });
    expect(y.length).toBe(x.length);
    expect(allFinite(y)).toBe(true);
    const px = welchPsd(x);
    const py = welchPsd(y);
    const drop = (lo: number, hi: number) => 10 * Math.log10(bandEnergy(px, SR, lo, hi) / bandEnergy(py, SR, lo, hi));
    expect(drop(4500, 8001)).toBeGreaterThan(40);
    expect(drop(8000, 8001)).toBeGreaterThan(40); // Nyquist bin
    expect(Math.abs(drop(50, 3900))).toBeLessThan(0.2);
  });

  it('is zero-phase: a passband tone comes out aligned with the input', () => {
    const x = tone(700, SR, 0.5, 0.5);
    const y = lossyLowpass(x, { sampleRate: SR, cutoffHz: 3000 });
    let err = 0;
    for (let i = 1000; i < 7000; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
    expect(err).toBeLessThan(0.005);
  });

  it('works near the upper limit (0.95 × Nyquist) and at other rates', () => {
    const x = tone(15_000, 44_100, 1, 0.5);
    expect(toneGainDb(x, lossyLowpass(x, { sampleRate: 44_100, cutoffHz: 11_025 }))).toBeLessThan(-60);
    const y = tone(7000, SR, 1, 0.5);
    expect(Math.abs(toneGainDb(y, lossyLowpass(y, { sampleRate: SR, cutoffHz: 7600 })))).toBeLessThan(0.05);
  });

  itShared.each([
    ['sampleRate', { sampleRate: -1, cutoffHz: 3000 }],
    ['cutoffHz', { sampleRate: SR, cutoffHz: 7700 }],
    ['cutoffHz', { sampleRate: SR, cutoffHz: 50 }],
    ['cutoffHz', { sampleRate: SR }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => lossyLowpass(speech, opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`lossyLowpass: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws on empty and NaN input', () => {
    expectSerError(() => lossyLowpass(new Float32Array(0), { sampleRate: SR, cutoffHz: 3000 }), 'SER_EMPTY_AUDIO');
    expectSerError(() => lossyLowpass(Float32Array.of(NaN), { sampleRate: SR, cutoffHz: 3000 }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

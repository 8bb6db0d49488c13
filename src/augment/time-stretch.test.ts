import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, medianF0, peak, ravdess, sustainedVoicedRegion, tone } from '../../test/augment/helpers.js';
import { timeStretch, TIME_STRETCH_METHODS } from './time-stretch.js';

const SR = 16_000;
const RATES = [0.8, 0.9, 1.1, 1.25];
const cases = TIME_STRETCH_METHODS.flatMap((method) => RATES.map((rate) => [method, rate] as const));
const CLIPS = ifShared(() => ['03-01-05-01-01-01-02.wav', '03-01-04-02-02-02-07.wav'].map((name) => {
  const { samples } = ravdess(name);
  return { name, samples, region: sustainedVoicedRegion(samples, SR) };
}), []);

describe('timeStretch', () => {
  itShared.each(cases)('%s rate %s: output has exactly round(n / rate) samples, finite, no louder than the input', (method, rate) => {
    for (const { samples } of CLIPS) {
      const y = timeStretch(samples, { rate, method, sampleRate: SR });
      expect(y.length).toBe(Math.round(samples.length / rate));
      expect(Math.abs(y.length - samples.length / rate) / (samples.length / rate)).toBeLessThan(0.01);
      expect(allFinite(y)).toBe(true);
      // WSOLA is a convex mix of input frames; the phase vocoder may overshoot slightly
      // (1e-6: float32 rounding of the window sum).
      expect(peak(y)).toBeLessThanOrEqual(peak(samples) * (method === 'wsola' ? 1 + 1e-6 : 1.3));
    }
  });

  it.each(cases)('%s rate %s: a 220 Hz tone keeps its F0 within 2 %%', (method, rate) => {
    const x = tone(220, SR, 1.2);
    const y = timeStretch(x, { rate, method });
    const { f0, voicedFraction } = medianF0(y, SR, 0.1, y.length / SR - 0.1);
    expect(voicedFraction).toBeGreaterThan(0.95);
    expect(Math.abs(f0 / 220 - 1)).toBeLessThan(0.02);
  });

  itShared.each(cases)('%s rate %s: a sustained voiced region of real speech keeps its F0 within 2 %%', (method, rate) => {
    for (const { samples, region } of CLIPS) {
      expect(region.toSec - region.fromSec).toBeGreaterThan(0.1);
      const y = timeStretch(samples, { rate, method, sampleRate: SR });
      // The region moves to [from / rate, to / rate]; stay 20 ms inside it.
      const { f0, voicedFraction } = medianF0(y, SR, region.fromSec / rate + 0.02, region.toSec / rate - 0.02);
      expect(voicedFraction).toBeGreaterThan(0.8);
      expect(Math.abs(f0 / region.f0 - 1)).toBeLessThan(0.02);
    }
  });

  it.each(cases)('%s rate %s: a tone burst at 0.5–1.0 s moves to 0.5/rate–1.0/rate s', (method, rate) => {
    const x = new Float32Array(1.5 * SR);
    x.set(tone(300, SR, 0.5), 0.5 * SR);
    const y = timeStretch(x, { rate, method });
    // Energy centroid and energy-weighted spread (duration) of the burst.
    let e = 0, m1 = 0, m2 = 0;
    for (let i = 0; i < y.length; i++) { const p = y[i]! * y[i]!; e += p; m1 += p * i; m2 += p * i * i; }
    const centre = m1 / e / SR;
    const sd = Math.sqrt(m2 / e - (m1 / e) ** 2) / SR;
    expect(Math.abs(centre - 0.75 / rate)).toBeLessThan(0.01);
    // A uniform burst of duration D has sd = D / sqrt(12).
    expect(Math.abs(sd * Math.sqrt(12) - 0.5 / rate)).toBeLessThan(0.02);
  });

  it.each(TIME_STRETCH_METHODS)('%s handles the extreme rates 0.1 and 10 (and 3, past the phase-vocoder hop limit)', (method) => {
    const x = tone(300, SR, 0.5);
    for (const rate of [0.1, 3, 10]) {
      const y = timeStretch(x, { rate, method });
      expect(y.length).toBe(Math.round(x.length / rate));
      expect(allFinite(y)).toBe(true);
      expect(peak(y)).toBeGreaterThan(0.3);
      expect(peak(y)).toBeLessThan(0.7);
    }
  });

  itShared('returns an identical copy at rate 1 and the same output on repeated calls', () => {
    const { samples } = CLIPS[0]!;
    const same = timeStretch(samples, { rate: 1 });
    expect(same).not.toBe(samples);
    expect(same).toEqual(samples);
    for (const method of TIME_STRETCH_METHODS) {
      expect(timeStretch(samples, { rate: 0.85, method })).toEqual(timeStretch(samples, { rate: 0.85, method }));
    }
  });

  it.each([
    ['rate', { rate: 0 }],
    ['rate', { rate: Number.NaN }],
    ['rate', { rate: 20 }],
    ['method', { rate: 1.1, method: 'resample' }],
    ['sampleRate', { rate: 1.1, sampleRate: -1 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => timeStretch(tone(200, SR, 0.3), opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`timeStretch: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on empty or shorter-than-a-frame input, SER_INVALID_ARGUMENT on NaN or a non-array', () => {
    expectSerError(() => timeStretch(new Float32Array(0), { rate: 1.1 }), 'SER_EMPTY_AUDIO', /empty/);
    expectSerError(() => timeStretch(new Float32Array(100), { rate: 1.1 }), 'SER_EMPTY_AUDIO', /at least 512 samples/);
    expectSerError(() => timeStretch(new Float32Array(600), { rate: 1.1, method: 'phase-vocoder' }), 'SER_EMPTY_AUDIO', /at least 1024/);
    const x = tone(200, SR, 0.3);
    x[100] = Number.NaN;
    expectSerError(() => timeStretch(x, { rate: 1.1 }), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => timeStretch([0, 1] as never, { rate: 1.1 }), 'SER_INVALID_ARGUMENT', /Float32Array/);
  });
});

import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, medianF0, peak, ravdess, sustainedVoicedRegion, tone } from '../../test/augment/helpers.js';
import { nearestFraction, pitchShift } from './pitch-shift.js';
import { TIME_STRETCH_METHODS } from './time-stretch.js';

const SR = 16_000;
const STEPS = [-4, -2, 2, 4];
const cases = TIME_STRETCH_METHODS.flatMap((method) => STEPS.map((n) => [method, n] as const));
const CLIPS = ifShared(() => ['03-01-05-01-01-01-02.wav', '03-01-04-02-02-02-07.wav'].map((name) => {
  const { samples } = ravdess(name);
  return { samples, region: sustainedVoicedRegion(samples, SR) };
}), []);

describe('pitchShift', () => {
  it.each(cases)('%s %s semitones: a 220 Hz tone moves to 220·2^(n/12) within 2 %%, length unchanged', (method, n) => {
    const x = tone(220, SR, 1.2);
    const y = pitchShift(x, { sampleRate: SR, semitones: n, method });
    expect(y.length).toBe(x.length);
    const { f0, voicedFraction } = medianF0(y, SR, 0.1, 1.1);
    expect(voicedFraction).toBeGreaterThan(0.95);
    expect(Math.abs(f0 / (220 * 2 ** (n / 12)) - 1)).toBeLessThan(0.02);
  });

  itShared.each(cases)('%s %s semitones: a sustained voiced region of real speech moves by 2^(n/12) within 2 %%', (method, n) => {
    for (const { samples, region } of CLIPS) {
      const y = pitchShift(samples, { sampleRate: SR, semitones: n, method });
      expect(y.length).toBe(samples.length);
      expect(allFinite(y)).toBe(true);
      expect(peak(y)).toBeLessThan(1);
      const { f0, voicedFraction } = medianF0(y, SR, region.fromSec + 0.02, region.toSec - 0.02);
      expect(voicedFraction).toBeGreaterThan(0.8);
      expect(Math.abs(f0 / (region.f0 * 2 ** (n / 12)) - 1)).toBeLessThan(0.02);
    }
  });

  it('realises every ratio in [-24, 24] semitones as a fraction within 2e-4 (0.0035 semitones)', () => {
    for (let n = -24; n <= 24; n += 0.01) {
      const r = 2 ** (n / 12);
      const { up, down } = nearestFraction(r);
      expect(Number.isInteger(up) && Number.isInteger(down) && down <= 2048).toBe(true);
      expect(Math.abs(up / down / r - 1)).toBeLessThan(2e-4);
    }
  });

  itShared('returns a copy at 0 semitones and the same output on repeated calls', () => {
    const { samples } = CLIPS[0]!;
    const y = pitchShift(samples, { sampleRate: SR, semitones: 0 });
    expect(y).not.toBe(samples);
    expect(y).toEqual(samples);
    expect(pitchShift(samples, { sampleRate: SR, semitones: 1.5 })).toEqual(pitchShift(samples, { sampleRate: SR, semitones: 1.5 }));
  });

  it.each([
    ['semitones', { sampleRate: SR, semitones: 30 }],
    ['semitones', { sampleRate: SR, semitones: Number.NaN }],
    ['sampleRate', { sampleRate: 0, semitones: 2 }],
    ['method', { sampleRate: SR, semitones: 2, method: 'x' }],
    ['quality', { sampleRate: SR, semitones: 2, quality: 'best' }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => pitchShift(tone(200, SR, 0.3), opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`pitchShift: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on empty or too-short input and SER_INVALID_ARGUMENT on NaN', () => {
    expectSerError(() => pitchShift(new Float32Array(0), { sampleRate: SR, semitones: 2 }), 'SER_EMPTY_AUDIO', /pitchShift: samples is empty/);
    expectSerError(() => pitchShift(new Float32Array(50), { sampleRate: SR, semitones: 2 }), 'SER_EMPTY_AUDIO', /pitchShift/);
    expectSerError(() => pitchShift(Float32Array.from({ length: 1000 }, (_, i) => (i === 5 ? Infinity : 0)), { sampleRate: SR, semitones: 2 }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

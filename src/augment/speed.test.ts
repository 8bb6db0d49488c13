import { describe, expect, it } from 'vitest';
import { expectSerError, itShared } from '../../test/helpers.js';
import { allFinite, medianF0, ravdess, sustainedVoicedRegion, tone } from '../../test/augment/helpers.js';
import { speedPerturb } from './speed.js';

const SR = 16_000;

describe('speedPerturb', () => {
  it.each([0.9, 1.1, 0.8, 1.25])('factor %s: length ceil(n / factor), tone F0 × factor within 1 %%', (factor) => {
    const x = tone(220, SR, 1.2);
    const y = speedPerturb(x, { sampleRate: SR, factor });
    expect(y.length).toBe(Math.ceil(x.length / factor));
    const { f0 } = medianF0(y, SR, 0.1, y.length / SR - 0.1);
    expect(Math.abs(f0 / (220 * factor) - 1)).toBeLessThan(0.01);
  });

  itShared.each([0.9, 1.1])('factor %s: real speech changes tempo and F0 together', (factor) => {
    const { samples } = ravdess('03-01-05-01-01-01-02.wav');
    const region = sustainedVoicedRegion(samples, SR);
    const y = speedPerturb(samples, { sampleRate: SR, factor });
    expect(allFinite(y)).toBe(true);
    const { f0 } = medianF0(y, SR, region.fromSec / factor + 0.02, region.toSec / factor - 0.02);
    expect(Math.abs(f0 / (region.f0 * factor) - 1)).toBeLessThan(0.02);
  });

  it('does not alias when speeding up: a 7.5 kHz tone (above 8000/1.1 Hz) is removed', () => {
    const y = speedPerturb(tone(7500, SR, 0.5), { sampleRate: SR, factor: 1.1 });
    let e = 0;
    for (let i = 500; i < y.length - 500; i++) e += y[i]! * y[i]!;
    const rms = Math.sqrt(e / (y.length - 1000));
    expect(20 * Math.log10(rms / (0.5 / Math.SQRT2))).toBeLessThan(-60);
  });

  it('returns a copy at factor 1', () => {
    const x = tone(200, SR, 0.2);
    const y = speedPerturb(x, { sampleRate: SR, factor: 1 });
    expect(y).not.toBe(x);
    expect(y).toEqual(x);
  });

  it.each([
    ['factor', { sampleRate: SR, factor: 3 }],
    ['factor', { sampleRate: SR, factor: 0 }],
    ['sampleRate', { sampleRate: Number.NaN, factor: 1.1 }],
    ['quality', { sampleRate: SR, factor: 1.1, quality: 'x' }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => speedPerturb(tone(200, SR, 0.2), opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`speedPerturb: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on empty input and SER_INVALID_ARGUMENT on NaN', () => {
    expectSerError(() => speedPerturb(new Float32Array(0), { sampleRate: SR, factor: 1.1 }), 'SER_EMPTY_AUDIO');
    expectSerError(() => speedPerturb(Float32Array.of(0, NaN), { sampleRate: SR, factor: 1.1 }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

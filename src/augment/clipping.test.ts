import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { peak, ravdess, tone, whiteNoise } from '../../test/augment/helpers.js';
import { clip, clipThreshold } from './clipping.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const male = ifShared(() => ravdess('03-01-01-01-01-01-01.wav').samples, new Float32Array(0));

/** Fraction of samples sitting on the rails (|y| equal to the output peak). */
function railFraction(y: Float32Array): number {
  const pk = peak(y);
  let n = 0;
  for (const v of y) if (Math.abs(v) === pk) n++;
  return n / y.length;
}

describe('clip', () => {
  itShared.each([0.001, 0.005, 0.01, 0.05, 0.1, 0.3])('clipFraction %s on real speech and noise: that fraction on the rails (±1 % relative, ±0.1 % of n)', (clipFraction) => {
    for (const x of [speech, male, whiteNoise(SR * 2, 4)]) {
      const y = clip(x, { clipFraction });
      expect(y.length).toBe(x.length);
      const f = railFraction(y);
      expect(Math.abs(f - clipFraction)).toBeLessThanOrEqual(Math.max(0.01 * clipFraction, 1 / x.length) + 0.001);
      expect(Math.abs(f - clipFraction)).toBeLessThan(0.01);
      // Output peak = threshold, and only samples beyond it changed.
      const t = clipThreshold(x, { clipFraction });
      expect(peak(y)).toBe(Math.fround(t));
      for (let i = 0; i < x.length; i++) if (Math.abs(x[i]!) <= t) expect(y[i]).toBe(x[i]);
    }
  });

  itShared.each([-1, -3, -6, -12, -20])('thresholdDb %s: output peak = input peak · 10^(dB/20)', (thresholdDb) => {
    const y = clip(speech, { thresholdDb });
    expect(Math.abs(20 * Math.log10(peak(y) / peak(speech)) - thresholdDb)).toBeLessThan(1e-4);
    // Same sign as the input everywhere, never larger in magnitude.
    for (let i = 0; i < y.length; i++) {
      expect(Math.abs(y[i]!)).toBeLessThanOrEqual(Math.abs(speech[i]!));
      expect(y[i]! * speech[i]!).toBeGreaterThanOrEqual(0);
    }
  });

  it('a sine clipped 6 dB below its peak is a flat-topped wave: about a third of it on the rails', () => {
    const x = tone(100, SR, 1, 0.8);
    const y = clip(x, { thresholdDb: -20 * Math.log10(2) });
    // |sin| >= 1/2 for 2/3 of the period.
    expect(Math.abs(railFraction(y) - 2 / 3)).toBeLessThan(0.01);
    expect(Math.abs(peak(y) - 0.4)).toBeLessThan(1e-6);
  });

  itShared('thresholdDb 0 leaves the clip unchanged; all zeros stay zeros; the input is untouched', () => {
    expect(clip(speech, { thresholdDb: 0 })).toEqual(speech);
    expect(clip(new Float32Array(50), { clipFraction: 0.1 })).toEqual(new Float32Array(50));
    const copy = speech.slice();
    clip(speech, { clipFraction: 0.2 });
    expect(speech).toEqual(copy);
  });

  itShared.each([
    ['options', {}],
    ['options', { clipFraction: 0.1, thresholdDb: -3 }],
    ['clipFraction', { clipFraction: 0 }],
    ['clipFraction', { clipFraction: 0.9 }],
    ['thresholdDb', { thresholdDb: 3 }],
    ['thresholdDb', { thresholdDb: Number.NaN }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => clip(speech, opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`clip: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws on empty and NaN input', () => {
    expectSerError(() => clip(new Float32Array(0), { clipFraction: 0.1 }), 'SER_EMPTY_AUDIO');
    expectSerError(() => clip(Float32Array.of(0.1, NaN), { thresholdDb: -3 }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { delta, savgolCoeffs, type DeltaMode, type DeltaOptions } from './delta.js';

/** One feature column as a [frames, 1] matrix. */
const col = (v: number[]) => ({ data: Float32Array.from(v), frames: v.length, bins: 1 });
const round = (a: Float32Array) => Array.from(a).map((v) => +v.toFixed(5));

describe('savgolCoeffs (scipy.signal.savgol_coeffs, use="dot")', () => {
  it('gives j / Σj² for the first derivative (width 9: j / 60)', () => {
    expect(Array.from(savgolCoeffs(9, 1, 1)).map((v) => +v.toFixed(12))).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4].map((j) => +(j / 60).toFixed(12)));
  });

  it('gives [2, −1, −2, −1, 2] / 7 for the second derivative with width 5', () => {
    expect(Array.from(savgolCoeffs(5, 2, 2)).map((v) => +v.toFixed(12))).toEqual([2, -1, -2, -1, 2].map((v) => +(v / 7).toFixed(12)));
  });
});

describe('delta (librosa.feature.delta)', () => {
  // Hand-computed with width 3: interior (x[t+1] − x[t−1]) / 2; the edges depend on the mode.
  it.each<[DeltaMode, number[]]>([
    ['interp', [1.5, 1.5, 3, 6, 6]], // slope of the LS line through the first / last 3 points
    ['nearest', [0.5, 1.5, 3, 6, 4]],
    ['constant', [1, 1.5, 3, 6, -4]],
    ['mirror', [0, 1.5, 3, 6, 0]],
    ['wrap', [-7, 1.5, 3, 6, -3.5]],
  ])("width 3, mode '%s' on [1, 2, 4, 8, 16]", (mode, want) => {
    expect(round(delta(col([1, 2, 4, 8, 16]), { width: 3, mode }).data)).toEqual(want);
  });

  it('returns the slope of a ramp everywhere, edges included (default width 9, interp)', () => {
    const d = delta(col(Array.from({ length: 20 }, (_, t) => 3 * t - 7)));
    for (const v of d.data) expect(v).toBeCloseTo(3, 5);
  });

  it('returns 2t for t² inside and the window-centre value at the edges', () => {
    const d = delta(col(Array.from({ length: 20 }, (_, t) => t * t)));
    const want = Array.from({ length: 20 }, (_, t) => 2 * Math.min(Math.max(t, 4), 15));
    expect(round(d.data)).toEqual(want);
  });

  it('order 2 returns 6t for t³ inside and is constant over each edge', () => {
    const d = delta(col(Array.from({ length: 20 }, (_, t) => t ** 3)), { order: 2 });
    const want = Array.from({ length: 20 }, (_, t) => 6 * Math.min(Math.max(t, 4), 15));
    for (let t = 0; t < 20; t++) expect(d.data[t]).toBeCloseTo(want[t]!, 2);
  });

  it('works on every bin independently, along frames', () => {
    const frames = 12;
    const data = new Float32Array(frames * 2);
    for (let t = 0; t < frames; t++) {
      data[t * 2] = t; // slope 1
      data[t * 2 + 1] = -2 * t; // slope −2
    }
    const d = delta({ data, frames, bins: 2 });
    expect([d.frames, d.bins]).toEqual([12, 2]);
    for (let t = 0; t < frames; t++) {
      expect(d.data[t * 2]).toBeCloseTo(1, 5);
      expect(d.data[t * 2 + 1]).toBeCloseTo(-2, 5);
    }
  });

  it.each<[string, DeltaOptions, string, RegExp]>([
    ['even width', { width: 4 }, 'width', /odd integer >= 3/],
    ['width 1', { width: 1 }, 'width', /odd integer >= 3/],
    ['order 0', { order: 0 }, 'order', /integer >= 1/],
    ['order ≥ width', { width: 3, order: 3 }, 'order', /order must be < width/],
    ['unknown mode', { mode: 'reflect' as DeltaMode }, 'mode', /one of/],
    ['width > frames in interp mode', { width: 11 }, 'width', /width must be <= the number of frames/],
  ])('throws SER_INVALID_ARGUMENT for %s', (_l, opts, parameter, message) => {
    const err = expectSerError(() => delta(col([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), opts), 'SER_INVALID_ARGUMENT', message);
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });

  it('accepts a short input in a non-interp mode', () => {
    expect(round(delta(col([1, 3]), { width: 3, mode: 'nearest' }).data)).toEqual([1, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import type { FeatureMatrix } from '../types.js';
import { createRng } from '../internal/rng.js';
import { specAugment } from './spec-augment.js';

function matrix(frames: number, bins: number): FeatureMatrix {
  // Distinct, non-zero values, mean 0.5·(1 + frames·bins)/1000 ≠ any cell.
  const data = Float32Array.from({ length: frames * bins }, (_, i) => (i + 1) / 1000 + 0.0004);
  return { data, frames, bins };
}
const mean = (m: FeatureMatrix) => m.data.reduce((s, v) => s + v, 0) / m.data.length;

/** Which frames and bins are entirely set to `value`. */
function masked(m: FeatureMatrix, value: number) {
  const isV = (v: number) => Math.abs(v - value) < 1e-6;
  const frames: number[] = [];
  const bins: number[] = [];
  for (let t = 0; t < m.frames; t++) if (m.data.subarray(t * m.bins, (t + 1) * m.bins).every(isV)) frames.push(t);
  for (let k = 0; k < m.bins; k++) {
    let all = true;
    for (let t = 0; t < m.frames; t++) all &&= isV(m.data[t * m.bins + k]!);
    if (all) bins.push(k);
  }
  return { frames, bins };
}

describe('specAugment', () => {
  it('masks at most timeMasks bands of ≤ timeMaskMaxFrames frames and freqMasks bands of ≤ freqMaskMaxBins bins with the mean; every other cell is untouched', () => {
    const m = matrix(100, 40);
    const mu = mean(m);
    const rng = createRng(21);
    let sawTime = false, sawFreq = false;
    for (let k = 0; k < 50; k++) {
      const y = specAugment(m, { timeMasks: 1, timeMaskMaxFrames: 10, freqMasks: 1, freqMaskMaxBins: 5 }, rng);
      expect(y.frames).toBe(100);
      expect(y.bins).toBe(40);
      const { frames, bins } = masked(y, mu);
      expect(frames.length).toBeLessThanOrEqual(10);
      expect(bins.length).toBeLessThanOrEqual(5);
      if (frames.length) expect(frames.at(-1)! - frames[0]!).toBe(frames.length - 1); // contiguous
      if (bins.length) expect(bins.at(-1)! - bins[0]!).toBe(bins.length - 1);
      sawTime ||= frames.length > 0;
      sawFreq ||= bins.length > 0;
      for (let t = 0; t < 100; t++) for (let b = 0; b < 40; b++) {
        if (frames.includes(t) || bins.includes(b)) continue;
        expect(y.data[t * 40 + b]).toBe(m.data[t * 40 + b]);
      }
    }
    expect(sawTime && sawFreq).toBe(true);
  });

  it('uses a numeric maskValue, does not modify the input, and is deterministic for a seed', () => {
    const m = matrix(50, 20);
    const before = m.data.slice();
    const o = { timeMasks: 2, timeMaskMaxFrames: 50, freqMasks: 2, freqMaskMaxBins: 20, maskValue: -7 };
    const y = specAugment(m, o, 8);
    expect(m.data).toEqual(before);
    expect(y.data.some((v) => v === -7)).toBe(true);
    expect(specAugment(m, o, 8)).toEqual(y);
  });

  it('with zero masks returns an equal copy', () => {
    const m = matrix(10, 4);
    const y = specAugment(m, { timeMasks: 0, freqMasks: 0 }, 1);
    expect(y.data).not.toBe(m.data);
    expect(y).toEqual(m);
  });

  it('throws SER_SHAPE_MISMATCH on inconsistent shape and SER_INVALID_ARGUMENT on NaN or bad options', () => {
    expectSerError(() => specAugment({ data: new Float32Array(10), frames: 3, bins: 4 }, {}, 1), 'SER_SHAPE_MISMATCH', /frames × bins/);
    expectSerError(() => specAugment({ data: Float32Array.of(NaN, 1), frames: 1, bins: 2 }, {}, 1), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => specAugment(matrix(4, 4), { timeMasks: -1 }, 1), 'SER_INVALID_ARGUMENT', /timeMasks/);
    expectSerError(() => specAugment(matrix(4, 4), { maskValue: 'median' as never }, 1), 'SER_INVALID_ARGUMENT', /maskValue/);
    expectSerError(() => specAugment({ data: new Float32Array(0), frames: 0, bins: 4 }, {}, 1), 'SER_INVALID_ARGUMENT', /frames/);
  });
});

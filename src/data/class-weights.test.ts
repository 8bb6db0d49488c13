import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { classCounts, classWeights } from './class-weights.js';
import { loadDataset } from './load-dataset.js';

describe('classWeights', () => {
  itShared('gives sklearn balanced weights n / (k · count) on RAVDESS (neutral has half the clips)', async () => {
    const { items } = await loadDataset('ravdess', join(DATA, 'ravdess-16k'));
    expect(classCounts(items)).toEqual({ angry: 160, disgust: 160, fear: 160, happy: 160, neutral: 80, sad: 160 });
    const w = classWeights(items);
    expect(Object.keys(w)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    expect(w.neutral).toBeCloseTo(880 / (6 * 80), 12);
    expect(w.angry).toBeCloseTo(880 / (6 * 160), 12);
    // The count-weighted mean weight is 1: the loss scale is unchanged.
    const total = Object.entries(classCounts(items)).reduce((acc, [c, n]) => acc + n * w[c as keyof typeof w], 0);
    expect(total / 880).toBeCloseTo(1, 12);
  });

  it('accepts plain labels and explicit classes', () => {
    expect(classWeights(['sad', 'sad', 'sad', 'happy'])).toEqual({ happy: 2, sad: 4 / 6 });
    expect(classWeights(['b', 'a', 'b'], { classes: ['b', 'a'] })).toEqual({ b: 0.75, a: 1.5 });
    expect(classCounts(['x'], { classes: ['x', 'y'] })).toEqual({ x: 1, y: 0 });
  });

  it('throws on an absent class, an unknown label or no items', () => {
    expectSerError(() => classWeights(['a'], { classes: ['a', 'b'] }), 'SER_INVALID_ARGUMENT', /no 'b' item/);
    expectSerError(() => classWeights(['a', 'c'], { classes: ['a'] }), 'SER_UNKNOWN_LABEL', /\(got "c"\)/);
    expectSerError(() => classWeights([]), 'SER_INVALID_ARGUMENT', /non-empty/);
  });
});

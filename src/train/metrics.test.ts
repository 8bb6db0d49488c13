import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { argMaxRows, classificationReport, confusionMatrix, crossEntropy, meanStd, reportFromConfusion } from './metrics.js';

describe('confusionMatrix', () => {
  it('counts true rows against predicted columns', () => {
    expect(confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('throws SER_INVALID_ARGUMENT for out-of-range indices and length mismatch', () => {
    expectSerError(() => confusionMatrix([0, 3], [0, 1], 3), 'SER_INVALID_ARGUMENT', /yTrue\[1\].*\[0, 2\].*got 3/);
    expectSerError(() => confusionMatrix([0, 1], [0, 1.5], 3), 'SER_INVALID_ARGUMENT', /yPred\[1\]/);
    expectSerError(() => confusionMatrix([0, 1], [0], 3), 'SER_INVALID_ARGUMENT', /same length/);
  });
});

describe('classificationReport', () => {
  it('matches a hand-computed 3-class example', () => {
    const r = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c']);
    expect(r.total).toBe(6);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
    // recall a=2/3, b=1/2, c=1
    expect(r.uar).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3, 12);
    // precision a=1, b=1/2, c=1/2 ; F1 a=0.8, b=0.5, c=2/3
    expect(r.perClass.map((c) => c.precision)).toEqual([1, 0.5, 0.5]);
    expect(r.perClass[0]!.f1).toBeCloseTo(0.8, 12);
    expect(r.perClass[1]!.f1).toBeCloseTo(0.5, 12);
    expect(r.perClass[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(r.macroF1).toBeCloseTo(59 / 90, 12);
    expect(r.macroPrecision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.map((c) => c.support)).toEqual([3, 2, 1]);
    expect(r.perClass.map((c) => c.predicted)).toEqual([2, 2, 2]);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('defines metrics of classes without support as 0 (no NaN) and says so', () => {
    // c: no support, never predicted (excluded); d: no support but predicted once.
    const r = classificationReport([0, 1, 1], [0, 1, 3], ['a', 'b', 'c', 'd']);
    for (const c of r.perClass) for (const v of [c.precision, c.recall, c.f1]) expect(Number.isNaN(v)).toBe(false);
    expect(r.perClass[2]).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0, predicted: 0 });
    expect(r.perClass[3]).toEqual({ label: 'd', precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    expect(r.uar).toBeCloseTo((1 + 0.5) / 2, 12); // over a, b only
    expect(r.macroF1).toBeCloseTo((1 + 2 / 3 + 0) / 3, 12); // a, b, d
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.notes).toHaveLength(2);
    expect(r.notes[0]).toMatch(/'c' has no samples and was never predicted/);
    expect(r.notes[1]).toMatch(/'d' has no support/);
  });

  it('notes a class that is never predicted (precision defined as 0)', () => {
    const r = classificationReport([0, 1], [0, 0], ['a', 'b']);
    expect(r.perClass[1]!.precision).toBe(0);
    expect(r.perClass[0]!.precision).toBe(0.5);
    expect(r.uar).toBe(0.5);
    expect(r.notes).toEqual(["class 'b' was never predicted: its precision is defined as 0."]);
  });

  it('throws SER_INVALID_ARGUMENT for an empty set or no labels', () => {
    expectSerError(() => classificationReport([], [], ['a', 'b']), 'SER_INVALID_ARGUMENT', /at least 1 sample/);
    expectSerError(() => classificationReport([0], [0], []), 'SER_INVALID_ARGUMENT', /labels/);
    expectSerError(() => reportFromConfusion([[1, 0]], ['a', 'b']), 'SER_INVALID_ARGUMENT', /2×2/);
  });
});

describe('helpers', () => {
  it('argMaxRows picks the first maximum of each row', () => {
    expect(Array.from(argMaxRows(new Float32Array([0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0, 1]), 3))).toEqual([1, 0, 2]);
  });

  it('crossEntropy is the mean -log p(true) with Keras clipping', () => {
    const p = new Float32Array([0.5, 0.5, 0.25, 0.75, 1, 0]);
    expect(crossEntropy(p, [0, 1, 1], 2)).toBeCloseTo((Math.log(2) + -Math.log(0.75) + -Math.log(1e-7)) / 3, 5);
  });

  it('meanStd uses the population std', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});

import { describe, expect, it } from 'vitest';
import { createRng, randn, type Rng } from '../internal/rng.js';
import { expectSerError } from '../../test/helpers.js';
import { applyTemperature, expectedCalibrationError, fitTemperature } from './calibration.js';

/**
 * n samples of k classes drawn from a known model: logits z ~ N(0, scale²), the label drawn from
 * softmax(z / trueT) — so softmax(z / trueT) is perfectly calibrated and softmax(z) is the
 * "model" output (over-confident when trueT > 1).
 */
function synthetic(n: number, k: number, trueT: number, scale: number, rng: Rng): { model: Float64Array; calibrated: Float64Array; labels: number[] } {
  const model = new Float64Array(n * k);
  const calibrated = new Float64Array(n * k);
  const labels: number[] = [];
  const softmax = (z: number[], t: number) => {
    const m = Math.max(...z.map((v) => v / t));
    const e = z.map((v) => Math.exp(v / t - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: k }, () => scale * randn(rng));
    const p = softmax(z, 1);
    const q = softmax(z, trueT);
    p.forEach((v, j) => (model[i * k + j] = v));
    q.forEach((v, j) => (calibrated[i * k + j] = v));
    let u = rng();
    let y = 0;
    while (y < k - 1 && (u -= q[y]!) > 0) y++;
    labels.push(y);
  }
  return { model, calibrated, labels };
}

describe('expectedCalibrationError', () => {
  it('matches a hand-computed small example', () => {
    // Rows: top 0.9 correct → bin (0.8, 0.9]; top 0.8 (class 1) wrong → bin (0.7, 0.8];
    // top 0.6 correct and top 0.7 wrong → bins (0.5, 0.6] and (0.6, 0.7].
    const p = Float64Array.of(0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7);
    const r = expectedCalibrationError(p, [0, 0, 0, 0], { bins: 10 });
    // ¼·|1 − 0.9| + ¼·|0 − 0.8| + ¼·|1 − 0.6| + ¼·|0 − 0.7| = ¼·(0.1 + 0.8 + 0.4 + 0.7) = 0.5
    expect(r.ece).toBeCloseTo(0.5, 12);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[8]).toEqual({ lo: 0.8, hi: 0.9, count: 1, confidence: 0.9, accuracy: 1 });
    expect(r.bins[7]).toMatchObject({ count: 1, accuracy: 0 });
    expect(r.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
  });

  it('is close to 0 for perfectly calibrated probabilities (within the sampling error of the bins)', () => {
    const n = 20000;
    const { calibrated, labels } = synthetic(n, 6, 2, 3, createRng(1));
    const r = expectedCalibrationError(calibrated, labels);
    // Each bin's accuracy is a binomial mean: its standard error is sqrt(a(1 − a)/count) ≤ 0.5/sqrt(count).
    // The expected |gap| is about 0.8 standard errors, so ECE ≲ Σ (count/n) · 3 · 0.5/sqrt(count).
    const bound = r.bins.reduce((s, b) => s + (b.count > 0 ? (b.count / n) * (1.5 / Math.sqrt(b.count)) : 0), 0);
    expect(r.ece).toBeLessThan(bound);
    expect(bound).toBeLessThan(0.05);
  });

  it('rejects mismatched shapes, bad labels and logits with SER_INVALID_ARGUMENT', () => {
    expectSerError(() => expectedCalibrationError(Float32Array.of(0.5, 0.5, 1), [0, 1]), 'SER_INVALID_ARGUMENT', /labels\.length × k/);
    expectSerError(() => expectedCalibrationError(Float32Array.of(0.5, 0.5), [2]), 'SER_INVALID_ARGUMENT', /labels\[0\]/);
    expectSerError(() => expectedCalibrationError(Float32Array.of(2.5, -1), [0]), 'SER_INVALID_ARGUMENT', /not logits/);
    expectSerError(() => expectedCalibrationError(Float32Array.of(0.5, 0.5), [0], { bins: 0 }), 'SER_INVALID_ARGUMENT', /bins/);
  });
});

describe('fitTemperature / applyTemperature', () => {
  it('recovers a known temperature within 5 %', () => {
    for (const trueT of [0.5, 1, 2.5]) {
      const { model, labels } = synthetic(20000, 6, trueT, 2, createRng(7));
      const t = fitTemperature(model, labels);
      expect(Math.abs(t - trueT) / trueT).toBeLessThan(0.05);
    }
  });

  it('lowers the ECE of an over-confident model (fitted T > 1, applied to fresh data)', () => {
    const fit = synthetic(5000, 6, 2.5, 3, createRng(11));
    const test = synthetic(5000, 6, 2.5, 3, createRng(12));
    const t = fitTemperature(fit.model, fit.labels);
    expect(t).toBeGreaterThan(1);
    const before = expectedCalibrationError(test.model, test.labels).ece;
    const after = expectedCalibrationError(applyTemperature(test.model, t, { classes: 6 }), test.labels).ece;
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(before / 3);
  });

  it('applyTemperature softens with T > 1, keeps the argmax and rows summing to 1; T = 1 is the identity', () => {
    const p = Float32Array.of(0.7, 0.2, 0.1, 0.05, 0.05, 0.9);
    const soft = applyTemperature(p, 2, { classes: 3 });
    expect(soft[0]).toBeLessThan(0.7);
    expect(soft[5]).toBeLessThan(0.9);
    expect(soft[0]! + soft[1]! + soft[2]!).toBeCloseTo(1, 6);
    expect(soft[3]! + soft[4]! + soft[5]!).toBeCloseTo(1, 6);
    expect(applyTemperature(Float32Array.of(0.9, 0.1), 2, { classes: 2 })[0]).toBeCloseTo(0.75, 6);
    const same = applyTemperature(p, 1, { classes: 3 });
    for (let i = 0; i < p.length; i++) expect(same[i]).toBeCloseTo(p[i]!, 6);
    expectSerError(() => applyTemperature(p, 0, { classes: 3 }), 'SER_INVALID_ARGUMENT', /temperature/);
    expectSerError(() => applyTemperature(p, 1, { classes: 4 }), 'SER_INVALID_ARGUMENT', /classes/);
  });

  it('stops at the search bound when the optimum lies beyond it', () => {
    const { model, labels } = synthetic(2000, 4, 8, 3, createRng(3));
    expect(fitTemperature(model, labels, { min: 0.5, max: 2 })).toBeCloseTo(2, 5);
  });
});

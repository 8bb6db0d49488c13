import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, expectSerError, ifShared, itShared, REF } from '../../test/helpers.js';
import { readWavInt16 } from '../../test/write-wav.js';
import { ModelFormatError } from '../errors.js';
import type { FeatureMatrix } from '../types.js';
import { StandardScaler } from './standard-scaler.js';

function matrix(rows: number[][]): FeatureMatrix {
  const bins = rows[0]!.length;
  return { data: Float32Array.from(rows.flat()), frames: rows.length, bins };
}

/** librosa's band-major mfcc [nMfcc][T] → our frame-major [T, nMfcc]. */
function frameMajor(mfcc: number[][]): FeatureMatrix {
  const bins = mfcc.length;
  const frames = mfcc[0]!.length;
  const data = new Float32Array(frames * bins);
  for (let k = 0; k < bins; k++) for (let t = 0; t < frames; t++) data[t * bins + k] = mfcc[k]![t]!;
  return { data, frames, bins };
}

function columnStats(m: FeatureMatrix): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let k = 0; k < m.bins; k++) {
    let s = 0;
    for (let t = 0; t < m.frames; t++) s += m.data[t * m.bins + k]!;
    const mu = s / m.frames;
    let q = 0;
    for (let t = 0; t < m.frames; t++) q += (m.data[t * m.bins + k]! - mu) ** 2;
    mean.push(mu);
    std.push(Math.sqrt(q / m.frames));
  }
  return { mean, std };
}

interface RefFile {
  name: string;
  n_frames: number;
  mfcc: number[][];
  mfcc_mean: number[];
}
const ref = ifShared(() => JSON.parse(readFileSync(join(REF, 'librosa_ser16k.json'), 'utf8')) as { files: RefFile[] }, { files: [] });
const ravdessRefs = ref.files.filter((f) => f.name.startsWith('ravdess_'));

describe('StandardScaler', () => {
  it('matches hand-computed population mean and std on a small matrix', () => {
    // column 0: 1, 2, 3, 6 → mean 3, var (4 + 1 + 0 + 9) / 4 = 3.5; column 1: -2, 2, -2, 2 → mean 0, std 2
    const x = matrix([
      [1, -2],
      [2, 2],
      [3, -2],
      [6, 2],
    ]);
    const s = new StandardScaler().fit(x);
    expect(Array.from(s.mean)).toEqual([3, 0]);
    expect(Array.from(s.variance)).toEqual([3.5, 4]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(3.5), 15);
    expect(s.scale[1]).toBe(2);
    expect(s.nSamplesSeen).toBe(4);
    const z = s.transform(x);
    expect(z.frames).toBe(4);
    expect(z.bins).toBe(2);
    const r = 1 / Math.sqrt(3.5);
    const expected = [-2 * r, -1, -1 * r, 1, 0, -1, 3 * r, 1];
    for (let i = 0; i < expected.length; i++) expect(z.data[i]).toBeCloseTo(expected[i]!, 6);
    expect(x.data[0]).toBe(1); // input untouched
  });

  it('fits over all frames of a list of matrices (frame-weighted, not matrix-weighted)', () => {
    const a = matrix([[0], [0], [0]]);
    const b = matrix([[4]]);
    const s = new StandardScaler().fit([a, b]);
    expect(s.mean[0]).toBe(1); // (0+0+0+4)/4, not (0+4)/2
    expect(s.variance[0]).toBe(3); // (1+1+1+9)/4
  });

  itShared('reproduces librosa mfcc_mean over real RAVDESS MFCC matrices', () => {
    expect(ravdessRefs.length).toBe(3);
    const mats = ravdessRefs.map((f) => frameMajor(f.mfcc));
    const s = new StandardScaler().fit(mats);
    const nTotal = ravdessRefs.reduce((acc, f) => acc + f.n_frames, 0);
    expect(s.nSamplesSeen).toBe(nTotal);
    expect(s.bins).toBe(40);
    const mean = s.mean;
    for (let k = 0; k < 40; k++) {
      // Weighted average of numpy's per-file float32 means (9 significant digits in the JSON).
      const expected = ravdessRefs.reduce((acc, f) => acc + f.mfcc_mean[k]! * f.n_frames, 0) / nTotal;
      expect(Math.abs(mean[k]! - expected)).toBeLessThan(1e-4);
    }
    // Output is standardised: every coefficient has mean 0 and std 1 over the stacked frames.
    const z = s.transform(mats);
    const stacked: FeatureMatrix = {
      data: Float32Array.from(z.flatMap((m) => Array.from(m.data))),
      frames: nTotal,
      bins: 40,
    };
    const st = columnStats(stacked);
    for (let k = 0; k < 40; k++) {
      expect(Math.abs(st.mean[k]!)).toBeLessThan(1e-5);
      expect(Math.abs(st.std[k]! - 1)).toBeLessThan(1e-5);
    }
  });

  itShared('computes mean and variance of real 16-bit speech exactly (checked with BigInt arithmetic)', () => {
    const { samples } = readWavInt16(readFileSync(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')));
    const bins = 40;
    const frames = Math.floor(samples.length / bins);
    expect(frames).toBeGreaterThan(1000);
    const x: FeatureMatrix = { data: Float32Array.from(samples.subarray(0, frames * bins)), frames, bins };
    const s = new StandardScaler().fit(x);
    const mean = s.mean;
    const variance = s.variance;
    const n = BigInt(frames);
    for (let k = 0; k < bins; k++) {
      let S = 0n;
      let Q = 0n;
      for (let t = 0; t < frames; t++) {
        const v = BigInt(samples[t * bins + k]!);
        S += v;
        Q += v * v;
      }
      const exactMean = Number(S) / frames; // S fits in 2^53: exact numerator
      const exactVar = Number(n * Q - S * S) / Number(n * n);
      expect(Math.abs(mean[k]! - exactMean)).toBeLessThanOrEqual(Math.abs(exactMean) * 1e-12 + 1e-12);
      expect(Math.abs(variance[k]! - exactVar) / exactVar).toBeLessThan(1e-12);
    }
  });

  itShared('partialFit over chunks equals fit over everything', () => {
    const mats = ravdessRefs.map((f) => frameMajor(f.mfcc));
    const full = new StandardScaler().fit(mats);
    const inc = new StandardScaler();
    for (const m of mats) inc.partialFit(m);
    expect(inc.nSamplesSeen).toBe(full.nSamplesSeen);
    for (let k = 0; k < 40; k++) {
      expect(Math.abs(inc.mean[k]! - full.mean[k]!)).toBeLessThan(1e-9 * Math.abs(full.mean[k]!) + 1e-12);
      expect(Math.abs(inc.scale[k]! - full.scale[k]!) / full.scale[k]!).toBeLessThan(1e-9);
    }
  });

  it('gives a constant feature scale 1 and a finite (zero) output, never NaN', () => {
    const c = Math.fround(0.1);
    const rows = Array.from({ length: 1001 }, (_, t) => [c, t % 7, 5]);
    const s = new StandardScaler().fit(matrix(rows));
    expect(s.scale[0]).toBe(1);
    expect(s.scale[2]).toBe(1);
    expect(s.scale[1]).toBeGreaterThan(1);
    const z = s.transform(matrix(rows));
    for (let i = 0; i < z.data.length; i++) expect(Number.isFinite(z.data[i]!)).toBe(true);
    for (let t = 0; t < 1001; t++) {
      expect(Math.abs(z.data[t * 3]!)).toBeLessThan(1e-7);
      expect(z.data[t * 3 + 2]).toBe(0);
    }
    // A single frame: every feature is constant.
    const one = new StandardScaler().fit(matrix([[3, -4]]));
    expect(Array.from(one.scale)).toEqual([1, 1]);
    expect(Array.from(one.transform(matrix([[3, -2]])).data)).toEqual([0, 2]);
  });

  itShared('round-trips through JSON exactly', () => {
    const mats = ravdessRefs.map((f) => frameMajor(f.mfcc));
    const s = new StandardScaler().fit(mats);
    const text = JSON.stringify(s);
    const back = StandardScaler.fromJSON(JSON.parse(text));
    expect(Array.from(back.mean)).toEqual(Array.from(s.mean));
    expect(Array.from(back.scale)).toEqual(Array.from(s.scale));
    expect(back.nSamplesSeen).toBe(s.nSamplesSeen);
    expect(Array.from(back.transform(mats[0]!).data)).toEqual(Array.from(s.transform(mats[0]!).data));
    // JSON text is accepted too.
    expect(Array.from(StandardScaler.fromJSON(text).mean)).toEqual(Array.from(s.mean));
    // A loaded scaler can keep learning.
    const a = new StandardScaler().fit(mats.slice(0, 2));
    const cont = StandardScaler.fromJSON(a.toJSON()).partialFit(mats[2]!);
    for (let k = 0; k < 40; k++) expect(cont.scale[k]! / s.scale[k]!).toBeCloseTo(1, 9);
  });

  it('transformInPlace writes into the same matrix and equals transform', () => {
    const x = matrix([
      [1, 10],
      [4, 30],
      [7, 20],
    ]);
    const s = new StandardScaler().fit(x);
    const expected = Array.from(s.transform(x).data);
    const same = s.transformInPlace(x);
    expect(same).toBe(x);
    expect(Array.from(x.data)).toEqual(expected);
    const back = s.inverseTransform(x);
    expect(Array.from(back.data).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([1, 10, 4, 30, 7, 20]);
  });

  it('honours withMean: false and withStd: false', () => {
    const x = matrix([[2], [4], [6]]);
    const noMean = new StandardScaler({ withMean: false }).fit(x);
    const sd = Math.sqrt(8 / 3);
    expect(noMean.transform(x).data[0]).toBeCloseTo(2 / sd, 6);
    const noStd = new StandardScaler({ withStd: false }).fit(x);
    expect(Array.from(noStd.transform(x).data)).toEqual([-2, 0, 2]);
    expectSerError(() => new StandardScaler({ withStd: 'yes' as unknown as boolean }), 'SER_INVALID_ARGUMENT', /withStd/);
  });

  it('throws SER_NOT_FITTED when used before fit()', () => {
    const s = new StandardScaler();
    expect(s.fitted).toBe(false);
    expectSerError(() => s.transform(matrix([[1]])), 'SER_NOT_FITTED', /transform\(\) was called before fit\(\)\. Call fit\(x\) or StandardScaler\.fromJSON/);
    expectSerError(() => s.transformInPlace(matrix([[1]])), 'SER_NOT_FITTED');
    expectSerError(() => s.toJSON(), 'SER_NOT_FITTED');
    expectSerError(() => s.mean, 'SER_NOT_FITTED', /mean was read before fit/);
  });

  it('throws SER_SHAPE_MISMATCH on a bins mismatch or inconsistent data length', () => {
    const s = new StandardScaler().fit(matrix([[1, 2, 3]]));
    expectSerError(() => s.transform(matrix([[1, 2]])), 'SER_SHAPE_MISMATCH', /shape \[1, 2\].*fitted on 3 features/);
    expectSerError(() => new StandardScaler().fit([matrix([[1, 2]]), matrix([[1, 2, 3]])]), 'SER_SHAPE_MISMATCH', /x\[1\]/);
    expectSerError(
      () => new StandardScaler().fit({ data: new Float32Array(5), frames: 2, bins: 3 }),
      'SER_SHAPE_MISMATCH',
      /frames \* bins = 6/,
    );
    expectSerError(() => s.partialFit(matrix([[1]])), 'SER_SHAPE_MISMATCH');
  });

  it('throws SER_INVALID_ARGUMENT on NaN/Inf, no frames, or no matrices', () => {
    expectSerError(() => new StandardScaler().fit(matrix([[1, NaN]])), 'SER_INVALID_ARGUMENT', /non-finite.*feature 1/);
    expectSerError(() => new StandardScaler().fit(matrix([[Infinity]])), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => new StandardScaler().fit({ data: new Float32Array(0), frames: 0, bins: 4 }), 'SER_INVALID_ARGUMENT', /at least one frame/);
    expectSerError(() => new StandardScaler().fit([]), 'SER_INVALID_ARGUMENT', /at least one matrix/);
  });

  it.each([
    ['not an object', 42, 'scaler'],
    ['wrong type tag', { type: 'MinMax', version: 1, bins: 1, mean: [0], scale: [1] }, 'scaler.type'],
    ['missing mean', { type: 'StandardScaler', version: 1, bins: 2, scale: [1, 1] }, 'scaler.mean'],
    ['short scale', { type: 'StandardScaler', version: 1, bins: 2, mean: [0, 0], scale: [1] }, 'scaler.scale'],
    ['NaN serialised as null', { type: 'StandardScaler', version: 1, bins: 1, mean: [null], scale: [1] }, 'scaler.mean'],
    ['zero scale', { type: 'StandardScaler', version: 1, bins: 1, mean: [0], scale: [0] }, 'scaler.scale'],
    ['negative variance', { type: 'StandardScaler', version: 1, bins: 1, mean: [0], scale: [1], var: [-1] }, 'scaler.var'],
    ['bad bins', { type: 'StandardScaler', version: 1, bins: 0, mean: [], scale: [] }, 'scaler.bins'],
    ['future version', { type: 'StandardScaler', version: 2, bins: 1, mean: [0], scale: [1] }, 'scaler.version'],
    ['invalid JSON text', '{"type":', 'scaler'],
  ])('fromJSON rejects %s with SER_MODEL_FORMAT', (_name, json, field) => {
    const err = expectSerError(() => StandardScaler.fromJSON(json), 'SER_MODEL_FORMAT', /StandardScaler\.fromJSON: /);
    expect((err as ModelFormatError).field).toBe(field);
  });
});

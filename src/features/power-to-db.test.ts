import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { powerToDb, type PowerToDbOptions } from './power-to-db.js';

const m = (...v: number[]) => ({ data: Float32Array.from(v), frames: 1, bins: v.length });

describe('powerToDb', () => {
  it('computes 10·log10(max(S, amin)) relative to ref = 1', () => {
    const out = powerToDb(m(1, 10, 100, 0.001), { topDb: null });
    expect(Array.from(out.data).map((v) => +v.toFixed(5))).toEqual([0, 10, 20, -30]);
  });

  it('clamps at amin (1e-10 → −100 dB) before the log', () => {
    const out = powerToDb(m(0, 1e-12, 1e-10), { topDb: null });
    for (const v of out.data) expect(v).toBeCloseTo(-100, 4);
  });

  it('floors at max − topDb with the max taken over the whole matrix', () => {
    const x = { data: Float32Array.of(1e4, 1, 1e-3, 1e-6, 1e-8, 0), frames: 2, bins: 3 };
    const out = powerToDb(x); // max = 40 dB → floor −40 dB
    expect(Array.from(out.data).map((v) => +v.toFixed(4))).toEqual([40, 0, -30, -40, -40, -40]);
    const out2 = powerToDb(x, { topDb: 10 });
    expect(Math.min(...out2.data)).toBeCloseTo(30, 4);
  });

  it("uses the maximum as 0 dB with ref 'max' and subtracts 10·log10(ref) otherwise", () => {
    expect(Array.from(powerToDb(m(10, 1000), { ref: 'max' }).data).map((v) => +v.toFixed(4))).toEqual([-20, 0]);
    expect(Array.from(powerToDb(m(10, 1000), { ref: 10 }).data).map((v) => +v.toFixed(4))).toEqual([0, 20]);
  });

  it.each<[string, PowerToDbOptions, string]>([
    ['amin 0', { amin: 0 }, 'amin'],
    ['negative topDb', { topDb: -1 }, 'topDb'],
    ['NaN ref', { ref: Number.NaN }, 'ref'],
    ['snake_case top_db', { top_db: 80 } as PowerToDbOptions, 'top_db'],
  ])('throws SER_INVALID_ARGUMENT for %s', (_l, opts, parameter) => {
    const err = expectSerError(() => powerToDb(m(1, 2), opts), 'SER_INVALID_ARGUMENT');
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });

  it('throws SER_SHAPE_MISMATCH when data does not hold frames × bins values', () => {
    expectSerError(() => powerToDb({ data: new Float32Array(5), frames: 2, bins: 3 }), 'SER_SHAPE_MISMATCH');
  });
});

import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { FastDct, dctMatrix } from './dct.js';

describe('dctMatrix', () => {
  it('is orthonormal with norm ortho (D·Dᵀ = I for a square basis)', () => {
    const N = 16;
    const D = dctMatrix(N, N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let n = 0; n < N; n++) s += D[i * N + n]! * D[j * N + n]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it("equals scipy.fftpack.dct(type=2, norm='ortho') on a hand-computed vector", () => {
    // x = [1, 2, 3, 4]: c0 = sum / sqrt(4) = 5; c1 = sqrt(2/4)·Σ x cos(π(2n+1)/8) = −2.2304425…
    const D = dctMatrix(4, 4);
    const x = [1, 2, 3, 4];
    const c = [0, 1, 2, 3].map((k) => x.reduce((s, v, n) => s + D[k * 4 + n]! * v, 0));
    expect(c[0]).toBeCloseTo(5, 12);
    expect(c[1]).toBeCloseTo(-2.230442497387663, 12);
    expect(c[2]).toBeCloseTo(0, 12);
    expect(c[3]).toBeCloseTo(-0.15851266778110726, 12);
  });

  it('is 2·Σ x cos(πk(2n+1)/2N) without normalisation', () => {
    const D = dctMatrix(3, 5, { norm: null });
    expect(D[0]).toBe(2);
    expect(D[1 * 5 + 2]).toBeCloseTo(2 * Math.cos((Math.PI * 5) / 10), 14);
  });

  it.each([
    [() => dctMatrix(41, 40), 'nMfcc', /nMfcc must be <= nMels/],
    [() => dctMatrix(0, 40), 'nMfcc', /integer >= 1/],
    [() => dctMatrix(13, 2.5), 'nMels', /integer >= 1/],
    [() => dctMatrix(13, 40, { norm: 'l2' as 'ortho' }), 'norm', /one of/],
  ])('throws SER_INVALID_ARGUMENT naming %#', (fn, parameter, message) => {
    const err = expectSerError(fn, 'SER_INVALID_ARGUMENT', message);
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });
});

describe('FastDct (Lee)', () => {
  it.each([1, 2, 4, 8, 64, 128])('equals the unnormalised DCT-II matrix product for N = %i', (N) => {
    const D = dctMatrix(N, N, { norm: null }); // 2·cos(…)
    const x = Float64Array.from({ length: N + 3 }, (_, i) => Math.sin(i * 1.7) * 40 - 20);
    const out = new Float64Array(N);
    new FastDct(N).transform(x, 3, out);
    for (let k = 0; k < N; k++) {
      let want = 0;
      for (let n = 0; n < N; n++) want += (D[k * N + n]! / 2) * x[3 + n]!;
      expect(Math.abs(out[k]! - want)).toBeLessThan(1e-14 * 60 * N * N); // ~1e-15 relative to Σ|x|·N
    }
  });

  it('clamps the inputs at the floor before transforming', () => {
    const x = Float64Array.of(-100, 5, -3, 7);
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    new FastDct(4).transform(x, 0, a, -2);
    new FastDct(4).transform(Float64Array.of(-2, 5, -2, 7), 0, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('rejects sizes that are not powers of two', () => {
    expectSerError(() => new FastDct(40), 'SER_INVALID_ARGUMENT', /power of two/);
  });
});

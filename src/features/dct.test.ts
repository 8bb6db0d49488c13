import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { dctMatrix } from './dct.js';

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

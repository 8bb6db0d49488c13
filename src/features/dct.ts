/**
 * DCT-II basis used by MFCC (`scipy.fftpack.dct(type=2, norm=…)`, what librosa's `mfcc` calls),
 * precomputed once as a matrix.
 */
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import { InvalidArgumentError } from '../errors.js';

/** DCT normalisation: `'ortho'` (orthonormal, librosa's default) or `null` (scipy's unnormalised `2Σ…`). */
export type DctNorm = 'ortho' | null;

/**
 * DCT-II basis matrix `D` (row-major `[nMfcc, nMels]`) such that `c = D · x` equals
 * `scipy.fftpack.dct(x, type=2, norm)[:nMfcc]`:
 * `D[k][n] = 2 cos(π k (2n + 1) / (2N)) · f_k` with `f_0 = sqrt(1/(4N))`, `f_k = sqrt(1/(2N))`
 * when `norm = 'ortho'`, and `f_k = 1` when `norm = null`.
 *
 * @param nMfcc - number of coefficients kept (rows), 1 … nMels.
 * @param nMels - input length N (columns).
 * @returns `Float64Array` of `nMfcc · nMels` (double precision keeps MFCCs within float32 rounding of librosa).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `nMfcc > nMels` or a size is not a positive integer.
 * @example
 * ```ts
 * const D = dctMatrix(13, 40); // D.length === 520
 * ```
 */
export function dctMatrix(nMfcc: number, nMels: number, options: { norm?: DctNorm } = {}): Float64Array {
  assertPositiveInt('dctMatrix', 'nMels', nMels);
  assertPositiveInt('dctMatrix', 'nMfcc', nMfcc);
  if (nMfcc > nMels) {
    throw new InvalidArgumentError('nMfcc', nMfcc, `integer in [1, ${nMels}]`, `dctMatrix: nMfcc must be <= nMels (got nMfcc=${nMfcc}, nMels=${nMels}). Lower nMfcc or raise nMels.`);
  }
  const norm = options.norm === undefined ? 'ortho' : options.norm;
  if (norm !== null) assertOneOf('dctMatrix', 'norm', norm, ['ortho'] as const);
  const out = new Float64Array(nMfcc * nMels);
  const f0 = norm === 'ortho' ? Math.sqrt(1 / (4 * nMels)) : 1;
  const fk = norm === 'ortho' ? Math.sqrt(1 / (2 * nMels)) : 1;
  for (let k = 0; k < nMfcc; k++) {
    const f = k === 0 ? f0 : fk;
    for (let n = 0; n < nMels; n++) out[k * nMels + n] = 2 * f * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * nMels));
  }
  return out;
}

/**
 * Fast unnormalised DCT-II, `X[k] = Σ_n x[n] cos(πk(2n+1)/(2N))`, for power-of-two `N`
 * (Byeong Gi Lee's recursive algorithm: `N/2·log2 N` multiplies instead of `N²`). `Mfcc` uses it
 * when `nMels` is a power of two; results equal the matrix product to ~1e-14 relative (tested).
 * Precomputes the per-level factors `1 / (2 cos(π(2i+1)/(2L)))` and all scratch buffers.
 */
export class FastDct {
  /** Transform length (power of two). */
  readonly size: number;
  private readonly inv: Float64Array[] = [];
  private readonly work: Float64Array[] = [];
  private readonly tmp: Float64Array[] = [];

  /** @throws {InvalidArgumentError} SER_INVALID_ARGUMENT unless `size` is a power of two. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
      throw new InvalidArgumentError('size', size, 'power of two', `FastDct: size must be a power of two (got ${String(size)}). Use dctMatrix() for other sizes.`);
    }
    this.size = size;
    for (let L = size; L >= 1; L >>= 1) {
      const h = L >> 1;
      const c = new Float64Array(Math.max(h, 1));
      for (let i = 0; i < h; i++) c[i] = 1 / (2 * Math.cos((Math.PI * (2 * i + 1)) / (2 * L)));
      this.inv.push(c);
      this.work.push(new Float64Array(L));
      this.tmp.push(new Float64Array(L));
    }
  }

  /**
   * Transform `max(x[xo … xo+N), floor)` into `out[0 … N)`.
   * @param floor - lower clamp applied to the inputs (the top-dB floor); `-Infinity` for none.
   */
  transform(x: ArrayLike<number>, xo: number, out: Float64Array, floor = -Infinity): void {
    const L = this.size;
    if (L <= 2) {
      const a = Math.max(x[xo]!, floor);
      if (L === 1) {
        out[0] = a;
        return;
      }
      const b = Math.max(x[xo + 1]!, floor);
      out[0] = a + b;
      out[1] = (a - b) * Math.SQRT1_2;
      return;
    }
    // First level with the floor applied while loading, then the recursion on scratch.
    const h = L >> 1;
    const inv = this.inv[0]!;
    const w = this.work[0]!;
    for (let i = 0; i < h; i++) {
      let a = x[xo + i]!;
      let b = x[xo + L - 1 - i]!;
      if (a < floor) a = floor;
      if (b < floor) b = floor;
      w[i] = a + b;
      w[h + i] = (a - b) * inv[i]!;
    }
    this.combine(w, L, 0, out, 0);
  }

  /** Transform both halves of level `level`'s scratch `w` (length L) and interleave into out. */
  private combine(w: Float64Array, L: number, level: number, out: Float64Array, oo: number): void {
    const h = L >> 1;
    const t = this.tmp[level]!;
    this.rec(w, 0, h, level + 1, t, 0);
    this.rec(w, h, h, level + 1, t, h);
    for (let k = 0; k < h - 1; k++) {
      out[oo + 2 * k] = t[k]!;
      out[oo + 2 * k + 1] = t[h + k]! + t[h + k + 1]!;
    }
    out[oo + L - 2] = t[h - 1]!;
    out[oo + L - 1] = t[L - 1]!;
  }

  private rec(x: Float64Array, xo: number, L: number, level: number, out: Float64Array, oo: number): void {
    if (L === 2) {
      const a = x[xo]!;
      const b = x[xo + 1]!;
      out[oo] = a + b;
      out[oo + 1] = (a - b) * Math.SQRT1_2;
      return;
    }
    if (L === 1) {
      out[oo] = x[xo]!;
      return;
    }
    const h = L >> 1;
    const inv = this.inv[level]!;
    const w = this.work[level]!;
    for (let i = 0; i < h; i++) {
      const a = x[xo + i]!;
      const b = x[xo + L - 1 - i]!;
      w[i] = a + b;
      w[h + i] = (a - b) * inv[i]!;
    }
    this.combine(w, L, level, out, oo);
  }
}

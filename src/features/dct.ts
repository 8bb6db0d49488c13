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

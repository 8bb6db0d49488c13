/**
 * Delta (derivative) features, equal to `librosa.feature.delta`: a Savitzky–Golay filter
 * (`scipy.signal.savgol_filter(x, width, polyorder=order, deriv=order)`) along the time axis.
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';
import { assertKnownKeys } from './shared.js';

/** Edge handling (scipy.signal.savgol_filter modes); librosa's default is `'interp'`. */
export type DeltaMode = 'interp' | 'nearest' | 'mirror' | 'constant' | 'wrap';

/** Supported delta modes. */
export const DELTA_MODES = Object.freeze(['interp', 'nearest', 'mirror', 'constant', 'wrap'] as const);

/** Options of {@link delta}. */
export interface DeltaOptions {
  /** Number of frames in the fitting window; odd, ≥ 3 (and ≤ frames in `'interp'` mode). @defaultValue 9 */
  readonly width?: number;
  /** Derivative order (1 = delta, 2 = delta-delta), a positive integer < width. @defaultValue 1 */
  readonly order?: number;
  /** How edges are handled. @defaultValue 'interp' */
  readonly mode?: DeltaMode;
}

/** librosa's defaults for {@link delta}. */
export const DELTA_DEFAULTS = Object.freeze({ width: 9, order: 1, mode: 'interp' } as const);

/** Solve the small dense system `G z = y` (Gaussian elimination with partial pivoting). */
function solve(G: number[][], y: number[]): number[] {
  const n = y.length;
  const a = G.map((row, i) => [...row, y[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * z[k]!;
    z[r] = s / a[r]![r]!;
  }
  return z;
}

/**
 * Savitzky–Golay coefficients for "dot" use, as `scipy.signal.savgol_coeffs(w, polyorder,
 * deriv, pos=pos, use='dot')` with `delta = 1`: `y(pos) = Σ_j c[j] · x[j]` is the `deriv`-th
 * derivative, at window position `pos`, of the least-squares polynomial through `x[0 … w-1]`.
 */
export function savgolCoeffs(windowLength: number, polyorder: number, deriv: number, pos = (windowLength - 1) / 2): Float64Array {
  const p = polyorder;
  const xs: number[] = [];
  for (let j = 0; j < windowLength; j++) xs.push(j - pos);
  // A[i][j] = xs[j]^i ; minimum-norm solution of A c = y is c = Aᵀ (A Aᵀ)⁻¹ y.
  const A = Array.from({ length: p + 1 }, (_, i) => xs.map((x) => x ** i));
  const G = A.map((ri) => A.map((rk) => ri.reduce((s, v, j) => s + v * rk[j]!, 0)));
  let fact = 1;
  for (let i = 2; i <= deriv; i++) fact *= i;
  const y = new Array<number>(p + 1).fill(0);
  y[deriv] = fact;
  const z = solve(G, y);
  const c = new Float64Array(windowLength);
  for (let j = 0; j < windowLength; j++) {
    let s = 0;
    for (let i = 0; i <= p; i++) s += A[i]![j]! * z[i]!;
    c[j] = s;
  }
  return c;
}

/** scipy.ndimage boundary index (for the non-interp modes); -1 means "constant 0". */
function boundaryIndex(i: number, n: number, mode: Exclude<DeltaMode, 'interp'>): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'mirror': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      let j = ((i % period) + period) % period;
      if (j >= n) j = period - j;
      return j;
    }
  }
}

/**
 * Local estimate of the `order`-th time derivative of every feature, as
 * `librosa.feature.delta(data, width, order, axis=-1, mode)`.
 *
 * @param features - `[frames, bins]` frame-major (e.g. MFCCs `[frames, nMfcc]`); the derivative
 *   runs along frames, independently for each bin.
 * @returns a new `[frames, bins]` matrix, in feature units per frame^order.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when width is not odd ≥ 3, order is not a
 *   positive integer < width, or (`'interp'`) width exceeds the number of frames.
 * @example
 * ```ts
 * const d1 = delta(mfccs);               // Δ
 * const d2 = delta(mfccs, { order: 2 }); // ΔΔ
 * ```
 */
export function delta(features: FeatureMatrix, options: DeltaOptions = {}): FeatureMatrix {
  const C = 'delta';
  assertKnownKeys(C, options, ['width', 'order', 'mode']);
  const width = options.width ?? DELTA_DEFAULTS.width;
  const order = options.order ?? DELTA_DEFAULTS.order;
  const mode = options.mode ?? DELTA_DEFAULTS.mode;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 3 || width % 2 !== 1) {
    throw new InvalidArgumentError('width', width, 'odd integer >= 3', `${C}: width must be an odd integer >= 3 (got ${String(width)}). Use 9 (librosa's default) or another odd value.`);
  }
  assertPositiveInt(C, 'order', order);
  if (order >= width) {
    throw new InvalidArgumentError('order', order, `integer in [1, ${width - 1}]`, `${C}: order must be < width (got order=${order}, width=${width}). Use a wider window.`);
  }
  assertOneOf(C, 'mode', mode, DELTA_MODES);
  const { data, frames, bins } = features;
  if (data.length !== frames * bins) {
    throw new ShapeMismatchError([frames, bins], [data.length], `${C}: features.data must hold frames*bins = ${frames * bins} values (got ${data.length}). Keep data, frames and bins consistent.`);
  }
  if (mode === 'interp' && width > frames) {
    throw new InvalidArgumentError('width', width, `odd integer <= ${frames}`, `${C}: width must be <= the number of frames when mode is 'interp' (got width=${width}, frames=${frames}). Use a smaller odd width or mode 'nearest'.`);
  }
  const h = (width - 1) / 2;
  const c = savgolCoeffs(width, order, order);
  const out = new Float64Array(data.length);
  // Interior frames: every mode agrees there.
  const lo = mode === 'interp' ? h : 0;
  const hi = mode === 'interp' ? frames - h : frames;
  for (let t = lo; t < hi; t++) {
    const o = t * bins;
    for (let j = 0; j < width; j++) {
      const src = t + j - h;
      let idx = src;
      if (src < 0 || src >= frames) {
        idx = boundaryIndex(src, frames, mode as Exclude<DeltaMode, 'interp'>);
        if (idx < 0) continue;
      }
      const cj = c[j]!;
      if (cj === 0) continue;
      const s = idx * bins;
      for (let k = 0; k < bins; k++) out[o + k]! += cj * data[s + k]!;
    }
  }
  if (mode === 'interp') {
    // scipy's _fit_edges_polyfit: fit the polynomial to the first / last `width` frames and
    // evaluate its derivative at each edge position.
    const acc = new Float64Array(bins);
    for (let t = 0; t < h; t++) {
      for (const [target, base, pos] of [
        [t, 0, t],
        [frames - 1 - t, frames - width, width - 1 - t],
      ] as const) {
        const ce = savgolCoeffs(width, order, order, pos);
        acc.fill(0);
        for (let j = 0; j < width; j++) {
          const s = (base + j) * bins;
          for (let k = 0; k < bins; k++) acc[k]! += ce[j]! * data[s + k]!;
        }
        for (let k = 0; k < bins; k++) out[target * bins + k] = acc[k]!;
      }
    }
  }
  return { data: new Float32Array(out), frames, bins };
}

/**
 * Analysis windows with `scipy.signal.get_window` semantics (which librosa uses), plus librosa's
 * `pad_center` for windows shorter than the FFT.
 *
 * Windows are returned as `Float64Array`: scipy computes them in float64 and librosa multiplies the
 * float32 frames by that float64 window before a float64 FFT, so keeping the window in double
 * precision is what makes the spectrum match librosa's to the last float32 digit.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';

/** Names of the supported windows (scipy / librosa spelling). */
export const WINDOW_NAMES = Object.freeze(['hann', 'hamming', 'rectangular', 'blackman'] as const);

/** One of the supported window names. `'rectangular'` is scipy's `'boxcar'`. */
export type WindowName = (typeof WINDOW_NAMES)[number];

/** Options of {@link getWindow}. */
export interface WindowOptions {
  /**
   * `true` (default): periodic window for spectral analysis (scipy `fftbins=True`, what
   * librosa's `stft` uses) — the symmetric window of length `n + 1` with its last sample dropped.
   * `false`: symmetric window (scipy `sym=True`), for filter design.
   * @defaultValue true
   */
  readonly periodic?: boolean;
}

/** Cosine-sum coefficients of scipy's `general_cosine` for each window. */
const COSINE_SUMS: Readonly<Record<Exclude<WindowName, 'rectangular'>, readonly number[]>> = {
  hann: [0.5, 0.5],
  hamming: [0.54, 0.46],
  blackman: [0.42, 0.5, 0.08],
};

/**
 * Compute an analysis window of `n` samples, exactly as `scipy.signal.get_window(name, n,
 * fftbins=periodic)` does (same formula and the same float64 rounding: scipy evaluates
 * `Σ a_k cos(k · x)` on `x = linspace(-π, π, M)`).
 *
 * @param name - `'hann'`, `'hamming'`, `'rectangular'` (boxcar) or `'blackman'`.
 * @param n - window length in samples, integer ≥ 1.
 * @returns `Float64Array` of length `n`; `w[0] = 0` for a periodic Hann window.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for an unknown name or a bad length.
 * @example
 * ```ts
 * getWindow('hann', 4); // Float64Array [0, 0.5, 1, 0.5]
 * ```
 */
export function getWindow(name: WindowName, n: number, options: WindowOptions = {}): Float64Array {
  assertOneOf('getWindow', 'window', name, WINDOW_NAMES);
  assertPositiveInt('getWindow', 'n', n);
  const periodic = options.periodic ?? true;
  if (typeof periodic !== 'boolean') {
    throw new InvalidArgumentError(
      'periodic',
      periodic,
      'boolean',
      `getWindow: periodic must be a boolean (got ${String(periodic)}). Pass true for STFT analysis windows.`,
    );
  }
  const out = new Float64Array(n);
  if (name === 'rectangular' || n === 1) {
    out.fill(1);
    return out;
  }
  const a = COSINE_SUMS[name];
  // scipy: M = n + 1 when periodic (then truncate), fac = linspace(-pi, pi, M).
  const m = periodic ? n + 1 : n;
  const step = (2 * Math.PI) / (m - 1);
  for (let i = 0; i < n; i++) {
    // numpy.linspace: i * step + start, with the last point set to stop exactly.
    const x = i === m - 1 ? Math.PI : i * step + -Math.PI;
    let w = 0;
    for (let k = 0; k < a.length; k++) w += a[k]! * Math.cos(k * x);
    out[i] = w;
  }
  return out;
}

/**
 * Centre `window` inside a zero buffer of `size` samples, like `librosa.util.pad_center`
 * (left padding `floor((size - n) / 2)`). Used when `winLength < nFft`.
 *
 * @returns a new `Float64Array` of length `size` (a copy even when no padding is needed).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the window is longer than `size`.
 */
export function padCenter(window: ArrayLike<number>, size: number): Float64Array {
  assertPositiveInt('padCenter', 'size', size);
  if (window.length > size) {
    throw new InvalidArgumentError(
      'winLength',
      window.length,
      `integer <= ${size}`,
      `padCenter: winLength must be <= nFft (got ${window.length} > ${size}). Use a window no longer than the FFT.`,
    );
  }
  const out = new Float64Array(size);
  const left = Math.floor((size - window.length) / 2);
  for (let i = 0; i < window.length; i++) out[left + i] = window[i]!;
  return out;
}

/**
 * The window librosa's `stft` applies: the periodic window of `winLength` samples, centred in
 * `nFft` samples (`get_window(window, win_length, fftbins=True)` then `pad_center(…, n_fft)`).
 */
export function stftWindow(name: WindowName, nFft: number, winLength: number = nFft): Float64Array {
  return padCenter(getWindow(name, winLength, { periodic: true }), nFft);
}

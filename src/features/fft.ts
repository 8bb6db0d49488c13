/**
 * Real-input FFT on top of fft.js (radix-4, power-of-two sizes). This is the ONLY module that
 * imports fft.js, so swapping the FFT implementation later touches one file.
 *
 * Only the non-negative-frequency half of the spectrum (`1 + size/2` bins) is ever computed or
 * read: fft.js `realTransform` fills exactly those bins and we never call `completeSpectrum`.
 * All scratch buffers are allocated once per instance and reused across calls.
 */
import FFT from 'fft.js';
import { InvalidArgumentError } from '../errors.js';

/** True when `n` is an integer power of two ≥ 2 (what fft.js accepts). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/** Smallest power of two ≥ `n` (≥ 2). */
export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

function formatMs(ms: number): string {
  return String(Math.round(ms * 100) / 100);
}

/**
 * Throw the library's standard error when an FFT size is not a power of two, with a remedy
 * that keeps the requested window length (e.g. `nFft=400` at 16 kHz → "Use nFft=512 with
 * winLength=400 to keep a 25 ms window.").
 *
 * @param component - component name for the message (`'Mfcc'`, `'stft'`, …).
 * @param nFft - the requested FFT size.
 * @param sampleRate - when known, used to express the window length in milliseconds.
 * @param winLength - the window length the caller asked for (defaults to `nFft`).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT with `parameter === 'nFft'`.
 */
export function assertFftSize(component: string, nFft: unknown, sampleRate?: number, winLength?: number | null): void {
  if (typeof nFft === 'number' && isPowerOfTwo(nFft)) return;
  let remedy = 'Use a power of two such as 512, 1024 or 2048.';
  if (typeof nFft === 'number' && Number.isInteger(nFft) && nFft >= 2 && nFft <= 2 ** 30) {
    const win = typeof winLength === 'number' && winLength <= nFft ? winLength : nFft;
    const keep =
      sampleRate !== undefined && Number.isFinite(sampleRate) && sampleRate > 0
        ? `a ${formatMs((win / sampleRate) * 1000)} ms window`
        : `a ${win}-sample window`;
    remedy = `Use nFft=${nextPowerOfTwo(nFft)} with winLength=${win} to keep ${keep}.`;
  }
  throw new InvalidArgumentError(
    'nFft',
    nFft,
    'power of two >= 2',
    `${component}: nFft must be a power of two for fft.js (got ${String(nFft)}). ${remedy}`,
  );
}

/**
 * A reusable real FFT of a fixed power-of-two `size`, unscaled like `numpy.fft.rfft`
 * (`X[k] = Σ x[n] e^{-2πikn/N}`), plus the matching inverse (`numpy.fft.irfft`).
 *
 * Not thread-safe / re-entrant: each instance owns its scratch buffers.
 */
export class RealFft {
  /** Transform length N (power of two). */
  readonly size: number;
  /** Number of non-negative-frequency bins, `1 + N/2`. */
  readonly bins: number;
  /**
   * Output of the last {@link RealFft.forward}: interleaved `[re0, im0, re1, im1, …]`; bins
   * `0 … N/2` (indices `0 … N+1`) are valid, the rest is scratch.
   */
  readonly spectrum: Float64Array;
  private readonly fft: FFT;
  private inverseIn: Float64Array | null = null;
  private inverseOut: Float64Array | null = null;

  /**
   * @param size - FFT length, a power of two ≥ 2.
   * @param component - name used in error messages.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `size` is not a power of two.
   */
  constructor(size: number, component = 'RealFft') {
    assertFftSize(component, size);
    this.size = size;
    this.bins = 1 + size / 2;
    this.fft = new FFT(size);
    this.spectrum = new Float64Array(2 * size);
  }

  /**
   * FFT of `input` (length `size`, real). Returns {@link RealFft.spectrum} (reused buffer).
   */
  forward(input: ArrayLike<number>): Float64Array {
    this.fft.realTransform(this.spectrum, input);
    return this.spectrum;
  }

  /**
   * Power (or magnitude) spectrum of `input`: `out[outOffset + k] = |X[k]|^power` for
   * `k = 0 … N/2`. `power` 2 is `re² + im²`; 1 is `sqrt(re² + im²)`; other values use `Math.pow`.
   */
  powerInto(input: ArrayLike<number>, out: Float32Array | Float64Array, outOffset = 0, power = 2): void {
    const s = this.spectrum;
    this.fft.realTransform(s, input);
    const bins = this.bins;
    if (power === 2) {
      for (let k = 0, j = 0; k < bins; k++, j += 2) {
        const re = s[j]!;
        const im = s[j + 1]!;
        out[outOffset + k] = re * re + im * im;
      }
    } else if (power === 1) {
      for (let k = 0, j = 0; k < bins; k++, j += 2) out[outOffset + k] = Math.hypot(s[j]!, s[j + 1]!);
    } else {
      for (let k = 0, j = 0; k < bins; k++, j += 2) out[outOffset + k] = Math.pow(Math.hypot(s[j]!, s[j + 1]!), power);
    }
  }

  /**
   * Inverse real FFT (`numpy.fft.irfft(X, n=size)`): takes the `1 + N/2` bins in `re`/`im`
   * (starting at `offset`), treats the spectrum as Hermitian (imaginary parts of DC and Nyquist
   * ignored, as numpy does) and writes `size` real samples, scaled by `1/N`, into `out`.
   */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array, offset = 0): Float64Array {
    const n = this.size;
    const half = n / 2;
    const x = (this.inverseIn ??= new Float64Array(2 * n));
    const y = (this.inverseOut ??= new Float64Array(2 * n));
    x[0] = re[offset]!;
    x[1] = 0;
    for (let k = 1; k < half; k++) {
      const r = re[offset + k]!;
      const i = im[offset + k]!;
      x[2 * k] = r;
      x[2 * k + 1] = i;
      x[2 * (n - k)] = r;
      x[2 * (n - k) + 1] = -i;
    }
    x[n] = re[offset + half]!;
    x[n + 1] = 0;
    this.fft.inverseTransform(y, x);
    for (let i = 0; i < n; i++) out[i] = y[2 * i]!;
    return out;
  }
}

/**
 * FIR design and fast convolution shared by the channel augmentations (telephone band, lossy
 * low-pass, EQ tilt, reverb). Internal: not re-exported from the package barrel.
 *
 * Design: Kaiser-windowed sinc (Kaiser 1974), the same method as `audio/resample.ts`, so a
 * filter is specified by its band edges and a stopband attenuation and is linear-phase.
 * Convolution: overlap-add with real FFTs from `features/fft.ts` (the only fft.js importer),
 * block size chosen per call by a `B·log2 B` cost model, everything accumulated in float64.
 */
import { besselI0, kaiserBeta } from '../audio/resample.js';
import { RealFft, nextPowerOfTwo } from '../features/fft.js';

/** Odd tap count for a Kaiser design: N ≈ (A − 7.95) / (14.36 · Δf) + 1 (Δf in cycles per sample). */
export function kaiserTaps(attenuationDb: number, transition: number): number {
  const n = Math.ceil((attenuationDb - 7.95) / (14.36 * transition)) + 1;
  return n % 2 === 1 ? n : n + 1;
}

/** Kaiser window of odd length `taps` (symmetric, peak 1 at the centre). */
export function kaiserWindow(taps: number, attenuationDb: number): Float64Array {
  const beta = kaiserBeta(attenuationDb);
  const i0b = besselI0(beta);
  const m = (taps - 1) / 2;
  const w = new Float64Array(taps);
  for (let i = 0; i < taps; i++) {
    const r = (i - m) / m;
    w[i] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
  }
  return w;
}

/**
 * Linear-phase band-pass (or low-pass when `lowCut` is 0) FIR: ideal response 1 between the
 * −6 dB points `lowCut` and `highCut` (cycles per sample, each the middle of its transition band),
 * times a Kaiser window for `attenuationDb` of stopband rejection. Passband ripple is
 * `10^(−A/20)` (< 0.01 dB for A ≥ 60). Group delay `(taps − 1) / 2` samples.
 */
export function kaiserBandpass(lowCut: number, highCut: number, taps: number, attenuationDb: number): Float64Array {
  const w = kaiserWindow(taps, attenuationDb);
  const m = (taps - 1) / 2;
  const h = new Float64Array(taps);
  for (let i = 0; i < taps; i++) {
    const t = i - m;
    // Difference of two ideal low-passes: 2f·sinc(2f·t).
    const lp = (f: number): number => (t === 0 ? 2 * f : Math.sin(2 * Math.PI * f * t) / (Math.PI * t));
    h[i] = (lp(highCut) - (lowCut > 0 ? lp(lowCut) : 0)) * w[i]!;
  }
  return h;
}

const ffts = new Map<number, RealFft>();

/** A cached RealFft per size (instances own scratch buffers; calls here are synchronous). */
export function realFft(size: number): RealFft {
  let f = ffts.get(size);
  if (!f) {
    if (ffts.size >= 8) ffts.delete(ffts.keys().next().value!);
    f = new RealFft(size, 'fftConvolve');
    ffts.set(size, f);
  }
  return f;
}

/**
 * Inverse real FFT by one forward real FFT (the Hartley identity): for a Hermitian spectrum
 * `X = A + iB`, the sequence `u[k] = A[k] + B[k]` (extended with `u[N−k] = A[k] − B[k]`) has
 * `FFT(u)[n] = N·x[n] + i·(…)` folded so that `x[n] = (Re U[n] + Im U[n]) / N`. This costs one
 * `realTransform` instead of fft.js's full complex `inverseTransform` (about 2× faster).
 * `spec` is interleaved `[re0, im0, …]` over bins 0 … N/2; writes N samples into `out`.
 */
function inverseReal(fft: RealFft, spec: Float64Array, u: Float64Array, out: Float64Array): void {
  const n = fft.size;
  const half = n / 2;
  u[0] = spec[0]!;
  u[half] = spec[n]!;
  for (let k = 1; k < half; k++) {
    const re = spec[2 * k]!;
    const im = spec[2 * k + 1]!;
    u[k] = re + im;
    u[n - k] = re - im;
  }
  const U = fft.forward(u);
  const s = 1 / n;
  out[0] = U[0]! * s;
  out[half] = (U[n]! + U[n + 1]!) * s;
  for (let k = 1; k < half; k++) {
    const re = U[2 * k]!;
    const im = U[2 * k + 1]!;
    out[k] = (re + im) * s;
    out[n - k] = (re - im) * s;
  }
}

/** `buf = x[s … e)` followed by zeros. */
function loadBlock(x: Float32Array, s: number, e: number, buf: Float64Array): void {
  const m = e - s;
  for (let i = 0; i < m; i++) buf[i] = x[s + i]!;
  buf.fill(0, m);
}

/** `X *= H` over the interleaved bins 0 … B/2. */
function multiplyInto(X: Float64Array, H: Float64Array, B: number): void {
  for (let k = 0; k <= B; k += 2) {
    const ar = X[k]!, ai = X[k + 1]!, br = H[k]!, bi = H[k + 1]!;
    X[k] = ar * br - ai * bi;
    X[k + 1] = ar * bi + ai * br;
  }
}

/** `acc[offset + j] += y[j]` for j in [j0, j1). */
function addInto(acc: Float64Array, offset: number, y: Float64Array, j0: number, j1: number): void {
  for (let j = j0; j < j1; j++) acc[offset + j] = acc[offset + j]! + y[j]!;
}

/** Relative cost of one FFT block of size b (b·log2 b). */
const fftCost = (b: number): number => b * Math.log2(b);

/**
 * Samples `delay … delay + length − 1` of the full linear convolution `x * h` (x taken as zero
 * outside `[0, x.length)`), computed by FFT overlap-add in float64.
 *
 * - A linear-phase FIR of odd length L with `delay = (L − 1) / 2` gives a zero-phase filter
 *   whose output is aligned with the input (same length when `length = x.length`).
 * - A causal impulse response (reverb) with `delay = 0` gives the first `length` samples.
 *
 * The block size B (a power of two ≥ 2L, 4096 … 65536) minimises `(1 + 2·blocks) · B·log2 B`:
 * one FFT of h, then a forward and an inverse FFT per block.
 */
export function fftConvolve(x: Float32Array, h: Float64Array, delay: number, length: number = x.length): Float32Array {
  const L = h.length;
  const n = x.length;
  // Only inputs that reach the kept window [delay, delay + length) matter.
  const nIn = Math.min(n, delay + length);
  let best = 0;
  let bestCost = Infinity;
  // Sizes 4096 … 65536 only: fft.js is measurably slower per sample outside that range
  // (2048: ~3×, 131072: ~1.5×, Node 20), unless the filter itself needs a bigger block.
  const bMin = nextPowerOfTwo(Math.max(2 * L, 4096));
  const bMax = Math.max(bMin, 65536);
  for (let b = bMin; b <= bMax; b *= 2) {
    const hop = b - L + 1;
    const cost = (1 + 2 * Math.ceil(nIn / hop)) * fftCost(b);
    if (cost < bestCost) {
      best = b;
      bestCost = cost;
    }
    if (hop >= nIn) break;
  }
  const B = best;
  const hop = B - L + 1;
  const fft = realFft(B);
  const buf = new Float64Array(B);
  buf.set(h);
  const H = fft.forward(buf).slice(0, B + 2);
  const u = new Float64Array(B);
  const y = new Float64Array(B);
  const acc = new Float64Array(length);
  for (let s = 0; s < nIn; s += hop) {
    const e = Math.min(nIn, s + hop);
    loadBlock(x, s, e, buf);
    const X = fft.forward(buf);
    multiplyInto(X, H, B);
    inverseReal(fft, X, u, y);
    // Block output y[j] is full-convolution sample s + j; keep those in [delay, delay + length).
    const j0 = Math.max(0, delay - s);
    const j1 = Math.min(e - s + L - 1, delay + length - s);
    addInto(acc, s - delay, y, j0, j1);
  }
  return new Float32Array(acc);
}

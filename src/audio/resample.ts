/**
 * Band-limited sample-rate conversion: Kaiser-windowed sinc, polyphase for rational ratios.
 *
 * Output sample `k` sits at input time `k · fromHz / toHz` (zero phase, no delay), the output
 * has `ceil(n · toHz / fromHz)` samples like librosa/soxr, and the signal is taken as zero outside
 * `[0, n)`. The low-pass cutoff is placed so that every frequency above the lower of the two
 * Nyquist rates is in the stopband (no aliasing), and the passband is flat to 0.01 dB.
 *
 * Filter tables are computed once per `(fromHz, toHz, quality)` and cached (LRU: 16 tables,
 * 32 MB at most). The multiply-add loop runs in a WebAssembly SIMD kernel where the engine has
 * one (Node ≥ 16, current browsers; see `fir-simd.ts`), else in JavaScript; both give the same
 * output to float32 rounding.
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { assertFiniteArray, assertInRange, assertOneOf, describeValue } from '../internal/validate.js';
import { simdFir } from './fir-simd.js';

/** Filter quality: `high` is the default and what parity tests use; `fast` uses a ~2.5× shorter filter. */
export type ResampleQuality = 'high' | 'fast';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** Filter quality. @defaultValue 'high' */
  readonly quality?: ResampleQuality;
}

/** Resolved options of {@link resample}. */
export type ResampleConfig = Readonly<Required<ResampleOptions>>;

/** Defaults of {@link resample}. */
export const RESAMPLE_DEFAULTS: ResampleConfig = Object.freeze({ quality: 'high' });

/**
 * Filter specification per quality, as fractions of the lower Nyquist rate.
 * - `passband`: end of the flat band (ripple ≤ 10^(−A/20), i.e. < 0.01 dB).
 * - `stopband`: start of the stopband; 1 means exactly the lower Nyquist rate, so any tone above
 *   it is attenuated by at least `attenuationDb`.
 */
export const RESAMPLE_FILTERS = Object.freeze({
  high: Object.freeze({ passband: 0.9, stopband: 1, attenuationDb: 80 }),
  fast: Object.freeze({ passband: 0.8, stopband: 1, attenuationDb: 65 }),
} as const);

const C = 'resample';
/** Largest exact polyphase table (coefficients); bigger ratios use the interpolated kernel. */
const MAX_TABLE = 1 << 21;
/** Kernel oversampling of the interpolated (irrational / huge-ratio) path. */
const FINE = 512;

interface Plan {
  /** Exact path, SIMD layout: rows padded to a multiple of 16 taps (built on first use). */
  simdTable?: Float32Array;
  simdTaps?: number;
  /** Interpolation factor: output k is at input time k·M/L. 0 for the interpolated path. */
  readonly L: number;
  readonly M: number;
  /** Half-width K in input samples; each output reads inputs base−K+1 … base+K. */
  readonly half: number;
  /** Exact path: L phases × 2K coefficients. Interpolated path: kernel at 1/FINE steps over [0, K]. */
  readonly table: Float32Array;
  /** Interpolated path: input samples per output sample. */
  readonly step: number;
}

const cache = new Map<string, Plan>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (series; converges fast for β ≤ 20). Shared with augment/fir.ts. */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser β for a stopband attenuation of `a` dB (Kaiser 1974). Shared with augment/fir.ts. */
export function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
  return 0;
}

function makePlan(fromHz: number, toHz: number, quality: ResampleQuality): Plan {
  const spec = RESAMPLE_FILTERS[quality];
  // Work in input-sample units: the lower Nyquist rate is 0.5·r cycles per input sample.
  const r = Math.min(1, toHz / fromHz);
  const fPass = 0.5 * r * spec.passband;
  const fStop = 0.5 * r * spec.stopband;
  const fc = (fPass + fStop) / 2; // −6 dB point, mid-transition
  const df = fStop - fPass;
  const a = spec.attenuationDb;
  const beta = kaiserBeta(a);
  // Kaiser's length estimate N ≈ (A − 7.95) / (14.36 · Δf) taps (Δf in cycles per sample).
  const half = Math.max(2, Math.ceil(((a - 7.95) / (14.36 * df) + 1) / 2));
  const i0b = besselI0(beta);
  // The Kaiser window as a function of v = u² is smooth: tabulate it once (4097 Bessel
  // evaluations) and interpolate linearly (error < 1e-8, far below the 1e-4 stopband), instead of
  // one Bessel series per coefficient — a 24414 → 16000 Hz table has 1.2 M coefficients.
  const GRID = 4096;
  const win = new Float64Array(GRID + 2);
  for (let i = 0; i <= GRID; i++) win[i] = besselI0(beta * Math.sqrt(1 - i / GRID)) / i0b;
  const kernel = (t: number): number => {
    const v = (t / half) * (t / half);
    if (v >= 1) return 0;
    const g = v * GRID;
    const i = Math.floor(g);
    const w = win[i]! + (g - i) * (win[i + 1]! - win[i]!);
    const x = 2 * fc * t;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return 2 * fc * sinc * w;
  };
  const taps = 2 * half;
  const intRates = Number.isInteger(fromHz) && Number.isInteger(toHz);
  const g = intRates ? gcd(fromHz, toHz) : 1;
  const L = intRates ? toHz / g : 0;
  const M = intRates ? fromHz / g : 0;
  if (intRates && L * taps <= MAX_TABLE) {
    const table = new Float32Array(L * taps);
    const row = new Float64Array(taps);
    // Row L − p is row p reversed (the kernel is even), so only half the rows are computed.
    for (let p = 0; p <= L / 2; p++) {
      const frac = p / L;
      let sum = 0;
      for (let j = 0; j < taps; j++) {
        row[j] = kernel(frac + half - 1 - j);
        sum += row[j]!;
      }
      // Unity DC gain in every phase: removes the small phase-dependent gain ripple (an
      // image of DC at the stopband level) that would otherwise modulate the output.
      for (let j = 0; j < taps; j++) table[p * taps + j] = row[j]! / sum;
      const q = L - p;
      if (p > 0 && q !== p) {
        // Row q, tap j sits at t = q/L + half − 1 − j = half − j − p/L, and kernel(t) = kernel(−t)
        // = kernel(p/L + half − 1 − (taps − 1 − j)): row p's tap taps − 1 − j.
        for (let j = 0; j < taps; j++) table[q * taps + j] = row[taps - 1 - j]! / sum;
      }
    }
    return { L, M, half, table, step: M / L };
  }
  const table = new Float32Array(half * FINE + 2);
  for (let i = 0; i <= half * FINE; i++) table[i] = kernel(i / FINE);
  return { L: 0, M: 0, half, table, step: fromHz / toHz };
}

/** Cache bounds: at most 16 plans and 8 Mi coefficients (32 MB, with the SIMD copies) in all. */
const CACHE_PLANS = 16;
const CACHE_COEFFS = 1 << 23;
let cachedCoeffs = 0;

function getPlan(fromHz: number, toHz: number, quality: ResampleQuality): Plan {
  const key = `${fromHz}:${toHz}:${quality}`;
  let plan = cache.get(key);
  if (plan) {
    cache.delete(key); // LRU: re-insert as most recent
  } else {
    plan = makePlan(fromHz, toHz, quality);
    cachedCoeffs += 2 * plan.table.length; // + the SIMD copy
    while (cache.size >= CACHE_PLANS || (cachedCoeffs > CACHE_COEFFS && cache.size > 0)) {
      const oldest = cache.keys().next().value!;
      cachedCoeffs -= 2 * cache.get(oldest)!.table.length;
      cache.delete(oldest);
    }
  }
  cache.set(key, plan);
  return plan;
}

/**
 * Integer decimation (L = 1, e.g. 48 → 16 kHz): every output sits on an input sample, so the
 * zero-phase kernel is symmetric about it and each pair x[c−d] + x[c+d] shares one coefficient.
 * Half the multiplies of the generic loop.
 */
function runDecimate(x: Float32Array, out: Float32Array, plan: Plan): void {
  const { M, half, table } = plan;
  const n = x.length;
  // table[half − 1 − d] = kernel(d) for d = 0 … half − 1 (the last tap, kernel(−half), is 0).
  const h = new Float64Array(half);
  for (let d = 0; d < half; d++) h[d] = table[half - 1 - d]!;
  const h0 = h[0]!;
  const lastSafe = n - half; // c + half − 1 < n  ⇔  c ≤ n − half
  for (let k = 0, c = 0; k < out.length; k++, c += M) {
    let acc = h0 * x[c]!;
    if (c >= half - 1 && c <= lastSafe) {
      let acc2 = 0;
      let d = 1;
      for (; d + 1 < half; d += 2) {
        acc += h[d]! * (x[c - d]! + x[c + d]!);
        acc2 += h[d + 1]! * (x[c - d - 1]! + x[c + d + 1]!);
      }
      for (; d < half; d++) acc += h[d]! * (x[c - d]! + x[c + d]!);
      acc += acc2;
    } else {
      for (let d = 1; d < half; d++) {
        const a = c - d >= 0 ? x[c - d]! : 0;
        const b = c + d < n ? x[c + d]! : 0;
        acc += h[d]! * (a + b);
      }
    }
    out[k] = acc;
  }
}

/** Exact polyphase: output k at input time k·M/L; coefficients of phase p at table[p·taps…]. */
function runPolyphase(x: Float32Array, out: Float32Array, plan: Plan): void {
  const { L, M, half, table } = plan;
  const n = x.length;
  const taps = 2 * half;
  const stepInt = Math.floor(M / L);
  const stepFrac = M - stepInt * L;
  let base = 0;
  let phase = 0;
  for (let k = 0; k < out.length; k++) {
    const start = base - half + 1;
    const h = phase * taps;
    let acc = 0;
    if (start >= 0 && start + taps <= n) {
      // Hot loop: two accumulators let the CPU overlap the multiply-adds.
      let acc2 = 0;
      let j = 0;
      for (; j + 1 < taps; j += 2) {
        acc += table[h + j]! * x[start + j]!;
        acc2 += table[h + j + 1]! * x[start + j + 1]!;
      }
      acc += acc2;
    } else {
      const j0 = start < 0 ? -start : 0;
      const j1 = Math.min(taps, n - start);
      for (let j = j0; j < j1; j++) acc += table[h + j]! * x[start + j]!;
    }
    out[k] = acc;
    base += stepInt;
    phase += stepFrac;
    if (phase >= L) {
      phase -= L;
      base += 1;
    }
  }
}

/** Any ratio: kernel sampled at 1/FINE input samples, linearly interpolated per tap. */
function runInterpolated(x: Float32Array, out: Float32Array, plan: Plan): void {
  const { half, table, step } = plan;
  const n = x.length;
  for (let k = 0; k < out.length; k++) {
    const t = k * step;
    const base = Math.floor(t);
    const frac = t - base;
    const j0 = Math.max(0, base - half + 1);
    const j1 = Math.min(n - 1, base + half);
    let acc = 0;
    let norm = 0;
    for (let i = j0; i <= j1; i++) {
      const pos = Math.abs(t - i) * FINE;
      const ip = Math.floor(pos);
      const w = pos - ip;
      const c = table[ip]! + w * (table[ip + 1]! - table[ip]!);
      acc += c * x[i]!;
      norm += c;
    }
    // Same unity-DC normalisation as the exact path (full support only, so edges still taper).
    out[k] = j0 === base - half + 1 && j1 === base + half && norm !== 0 ? acc / norm : acc;
  }
}

let useSimd = true;

/**
 * Turn the WebAssembly SIMD kernel on or off (it is on wherever the engine supports it). For
 * tests and benchmarks that compare it with the JavaScript loop; not part of the public API.
 * @returns whether SIMD will actually be used.
 * @internal
 */
export function setResampleSimd(enabled: boolean): boolean {
  useSimd = enabled;
  return enabled && simdFir !== null;
}

function runSimd(x: Float32Array, out: Float32Array, plan: Plan): boolean {
  const taps = 2 * plan.half;
  if (!plan.simdTable) {
    const padded = (taps + 15) & ~15;
    const t = new Float32Array(plan.L * padded);
    for (let p = 0; p < plan.L; p++) t.set(plan.table.subarray(p * taps, (p + 1) * taps), p * padded);
    plan.simdTable = t;
    plan.simdTaps = padded;
  }
  return simdFir!(x, out, plan.simdTable, plan.simdTaps!, plan.half, plan.L, plan.M);
}

/** Resolve and validate {@link ResampleOptions}. */
export function resolveResampleConfig(options: ResampleOptions = {}): ResampleConfig {
  const config = { ...RESAMPLE_DEFAULTS, ...options };
  assertOneOf(C, 'quality', config.quality, ['high', 'fast'] as const);
  return Object.freeze(config);
}

/**
 * Convert `signal` from `fromHz` to `toHz` with a band-limited (Kaiser-windowed sinc) filter.
 *
 * @param signal - mono samples at `fromHz`; must be finite.
 * @param fromHz - input sample rate in Hz, > 0.
 * @param toHz - output sample rate in Hz, > 0.
 * @param options - {@link ResampleOptions}; `quality: 'fast'` trades passband width and
 *   stopband depth (0.8 of Nyquist, 65 dB) for speed.
 * @returns a new Float32Array of `ceil(n · toHz / fromHz)` samples (a copy when the rates match).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a non-positive / non-finite rate, an
 *   unknown quality, or NaN/Inf samples.
 * @example
 * resample(new Float32Array(48000), 48000, 16000).length // => 16000
 * @see librosa.resample (res_type='soxr_hq')
 */
export function resample(signal: Float32Array, fromHz: number, toHz: number, options: ResampleOptions = {}): Float32Array {
  const { quality } = resolveResampleConfig(options);
  assertInRange(C, 'fromHz', fromHz, Number.MIN_VALUE, Number.MAX_VALUE, 'Pass the sample rate of the signal in Hz.');
  assertInRange(C, 'toHz', toHz, Number.MIN_VALUE, Number.MAX_VALUE, 'Pass the target sample rate in Hz.');
  if (!(signal instanceof Float32Array)) {
    throw new InvalidArgumentError('signal', signal, 'Float32Array', `${C}: signal must be a Float32Array (got ${describeValue(signal)}). Wrap arrays with Float32Array.from(x).`);
  }
  assertFiniteArray(C, 'signal', signal);
  if (fromHz === toHz) return signal.slice();
  const plan = getPlan(fromHz, toHz, quality);
  const outLen =
    plan.L > 0 ? Math.ceil((signal.length * plan.L) / plan.M) : Math.ceil((signal.length * toHz) / fromHz - 1e-9);
  const out = new Float32Array(outLen);
  if (plan.L > 0 && simdFir && useSimd && runSimd(signal, out, plan)) return out;
  if (plan.L === 1) runDecimate(signal, out, plan);
  else if (plan.L > 0) runPolyphase(signal, out, plan);
  else runInterpolated(signal, out, plan);
  return out;
}

/**
 * YIN fundamental-frequency (F0) estimator (de Cheveigné & Kawahara, 2002). Used by the augment
 * tests to check that time stretching keeps pitch and pitch shifting moves it by 2^(n/12), and
 * useful on its own as a pitch tracker for speech. Plain TypeScript.
 *
 * The difference function is computed as librosa does, d(τ) = E(0) + E(τ) − 2·r(τ): windowed
 * energies from a per-frame Float64 prefix sum of squares, and the cross-correlation r(τ) by FFT
 * (see `ChunkCorrelator`: chunks on the hop grid are transformed once and shared by the frames
 * that overlap them). Cost per frame is about 1.5 N-point FFTs plus one N/2-point FFT, N the
 * smallest power of two ≥ min(hopLength, winLength) + sampleRate/fMin + 1 (512 at 16 kHz, fMin
 * 60 Hz; up to 4× that when an operation count says it is cheaper), instead of the direct sum's
 * winLength · sampleRate/fMin multiply-adds per frame: ~10× faster on 3 s of
 * 16 kHz audio. Results equal the direct sum up to Float64 rounding (r is exact to ~1e-16 of the
 * energy of the surrounding N samples; all-zero windows are handled exactly), which leaves the
 * Float32 outputs unchanged in practice (see the tests against a direct-sum reference).
 */
import { InvalidArgumentError } from '../errors.js';
import { DifFft } from '../features/fft.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';
import { assertPositive, assertSignal } from './signal.js';

/** Options of {@link yin}; all but `sampleRate` are optional. */
export interface YinOptions {
  /** Sample rate of the input in Hz. */
  readonly sampleRate: number;
  /** Lowest F0 searched, Hz. @defaultValue 60 */
  readonly fMin?: number;
  /** Highest F0 searched, Hz. @defaultValue 800 */
  readonly fMax?: number;
  /** Integration window of the difference function, samples. @defaultValue max(sampleRate/fMin, 25 ms) */
  readonly winLength?: number | null;
  /** Samples between frame centres. @defaultValue 10 ms (160 at 16 kHz) */
  readonly hopLength?: number | null;
  /** First dip of the normalised difference below this is taken as the period (YIN step 4). @defaultValue 0.1 */
  readonly troughThreshold?: number;
  /** Frames whose aperiodicity (normalised difference at the chosen lag) is above this are unvoiced (F0 = NaN). @defaultValue 0.25 */
  readonly voicingThreshold?: number;
}

/** Defaults of {@link yin} (`null` means derived from `sampleRate`, see {@link YinOptions}). */
export const YIN_DEFAULTS = Object.freeze({
  fMin: 60,
  fMax: 800,
  winLength: null,
  hopLength: null,
  troughThreshold: 0.1,
  voicingThreshold: 0.25,
} as const);

/** Result of {@link yin}: one value per frame; frame `t` is centred on sample `t * hopLength`. */
export interface YinResult {
  /** F0 in Hz per frame; NaN where the frame is unvoiced or silent. */
  readonly f0: Float32Array;
  /** Cumulative-mean-normalised difference at the chosen lag, in [0, ~1]: low = periodic. */
  readonly aperiodicity: Float32Array;
  /** Hop between frames, samples. */
  readonly hopLength: number;
  /** Sample rate of the analysed signal, Hz. */
  readonly sampleRate: number;
}

/**
 * Estimate F0 per frame with YIN and parabolic interpolation of the lag.
 *
 * Frames are centred (`center=True` with zero padding, as librosa), so frame `t` describes the
 * signal around sample `t * hopLength`, and there are `1 + floor(samples.length / hopLength)` frames.
 *
 * @param samples - mono signal, finite values.
 * @param options - see {@link YinOptions}; `sampleRate` is required.
 * @returns per-frame F0 (Hz, NaN when unvoiced) and aperiodicity.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when `samples` is empty.
 * @example
 * const { f0 } = yin(tone220Hz, { sampleRate: 16000 });
 * // => f0[50] ≈ 220
 * @see librosa.yin
 */
export function yin(samples: Float32Array, options: YinOptions): YinResult {
  const C = 'yin';
  assertSignal(C, samples);
  const o = { ...YIN_DEFAULTS, ...options };
  assertPositive(C, 'sampleRate', o.sampleRate);
  const sr = o.sampleRate;
  assertInRange(C, 'fMin', o.fMin, 1e-3, sr / 4);
  assertInRange(C, 'fMax', o.fMax, o.fMin, sr / 2, 'fMax must lie between fMin and sampleRate/2.');
  assertInRange(C, 'troughThreshold', o.troughThreshold, 0, 1);
  assertInRange(C, 'voicingThreshold', o.voicingThreshold, 0, 10);
  const tauMax = Math.floor(sr / o.fMin);
  const tauMin = Math.max(2, Math.floor(sr / o.fMax));
  if (tauMax <= tauMin + 1) {
    throw new InvalidArgumentError(
      'fMin',
      o.fMin,
      'fMin well below fMax',
      `${C}: fMin must be well below fMax so that the lag range has room (got fMin=${o.fMin}, fMax=${o.fMax}). Widen the range.`,
    );
  }
  const win = o.winLength ?? Math.max(tauMax, Math.round(0.025 * sr));
  const hop = o.hopLength ?? Math.max(1, Math.round(0.01 * sr));
  assertPositiveInt(C, 'winLength', win, 2);
  assertPositiveInt(C, 'hopLength', hop);

  const n = samples.length;
  const frameLen = win + tauMax + 1;
  const half = Math.floor(frameLen / 2);
  const nFrames = 1 + Math.floor(n / hop);
  const f0 = new Float32Array(nFrames);
  const aper = new Float32Array(nFrames);
  const dn = new Float64Array(tauMax + 2);
  // r(tau) by FFT over chunks of the signal shared between overlapping frames.
  const xcorr = ChunkCorrelator.get(win, hop, tauMax + 1);
  xcorr.start(-half);
  const seg = new Float64Array(frameLen);
  const sq = new Float64Array(frameLen + 1);
  // Locals for everything the frame loop reads: a property or global (NaN) first touched late in
  // the loop would deoptimise the optimised loop on every call.
  const troughThreshold = o.troughThreshold;
  const voicingThreshold = o.voicingThreshold;
  const unvoiced = Number.NaN;
  const result: YinResult = { f0, aperiodicity: aper, hopLength: hop, sampleRate: sr };

  for (let t = 0; t < nFrames; t++) {
    // The frame x[start .. start + frameLen), zero outside the signal.
    const start = t * hop - half;
    const lo = Math.max(0, -start);
    const hi = Math.min(frameLen, n - start);
    if (lo > 0) seg.fill(0, 0, lo);
    if (hi > lo) seg.set(samples.subarray(start + lo, start + hi), lo);
    if (hi < frameLen) seg.fill(0, Math.max(lo, hi));
    xcorr.correlate(samples, t);
    // Energies from a per-frame Float64 prefix sum of squares (sq[j] = Σ_{i<j} x_i², exactly 0
    // over silence), extended lag by lag: d(tau) = e(0, W) + e(tau, tau + W) − 2 r(tau), and the
    // cumulative mean normalised difference (YIN step 3) in the same pass.
    let acc = 0;
    sq[0] = 0;
    for (let j = 0; j < win; j++) {
      const v = seg[j]!;
      acc += v * v;
      sq[j + 1] = acc;
    }
    const e0 = acc;
    const top = tauMax + 1;
    dn[0] = 1;
    let run = 0;
    let silent = true;
    // The absolute-threshold search (YIN step 4: the first lag ≥ tauMin whose dn is below
    // troughThreshold, walked down to the bottom of its dip) runs one lag behind, so the loop
    // stops as soon as the dip's bottom (and dn one past it, for step 5) is known.
    let best = -1;
    let dip = -1;
    for (let tau = 1; tau <= top; tau++) {
      const v = seg[win + tau - 1]!;
      acc += v * v;
      sq[win + tau] = acc;
      const et = acc - sq[tau]!;
      // An all-zero window or lagged window has r = 0 exactly in the direct sum; the FFT leaves
      // rounding noise there, which would turn silence into spurious dips of the normalised
      // difference. Elsewhere the clamp at 0 absorbs the rounding.
      const dt = e0 === 0 || et === 0 ? et + e0 : Math.max(0, e0 + et - 2 * xcorr.lag(tau));
      run += dt;
      if (run > 1e-20) silent = false;
      dn[tau] = run > 1e-20 ? (dt * tau) / run : 1;
      if (tau > tauMin) {
        if (dip < 0 && dn[tau - 1]! < troughThreshold) dip = tau - 1;
        if (dip >= 0) {
          // dip === tau − 1 here: step down while the next lag is lower.
          if (tau <= tauMax && dn[tau]! < dn[dip]!) {
            dip = tau;
          } else {
            best = dip;
            break;
          }
        }
      }
    }
    // A dip below troughThreshold (≤ 1) implies a non-silent frame (dn is 1 while silent).
    if (best < 0 && silent) {
      f0[t] = unvoiced;
      aper[t] = 1;
      continue;
    }
    if (best < 0) {
      // No dip below the threshold: the global minimum over [tauMin, tauMax].
      let m = Infinity;
      for (let tau = tauMin; tau <= tauMax; tau++) {
        if (dn[tau]! < m) {
          m = dn[tau]!;
          best = tau;
        }
      }
    }
    // Parabolic interpolation (step 5) on the normalised difference.
    let lag = best;
    if (best > 1 && best < top) {
      const a = dn[best - 1]!;
      const b = dn[best]!;
      const c = dn[best + 1]!;
      const den = a - 2 * b + c;
      if (den > 0) lag = best + (0.5 * (a - c)) / den;
    }
    aper[t] = dn[best]!;
    const voiced = dn[best]! <= voicingThreshold && best > tauMin && best < tauMax;
    f0[t] = voiced ? sr / lag : unvoiced;
  }
  return result;
}

/**
 * The YIN cross-correlations `r_t(τ) = Σ_{j<W} x[s_t + j]·x[s_t + j + τ]`, `τ = 0 … maxLag`, of
 * frames starting every `hop` samples at `s_t = origin + t·hop`, by FFT over chunks.
 *
 * A frame's window is cut into `p` full chunks of `c = g·hop` samples plus a remainder of
 * `rem = W − p·c` samples; every chunk starts on the hop grid, so each chunk is shared by the
 * frames that contain it. Per chunk m (start `x_m = origin + m·hop`) the spectra
 * `F_m = conj(FFT(x[x_m … x_m + c)))·FFT(x[x_m … x_m + N))` and `R_m` (the same with the
 * first `rem` samples) are computed once; frame t's spectrum is
 * `Σ_{i<p} F_{t+i·g} + R_{t+p·g}`, inverted with one N/2-point complex FFT (real-output packing).
 * There is no circular wrap-around because `max(c, rem) + maxLag ≤ N`. Real inputs are transformed
 * two at a time as the real and imaginary parts of one N-point complex FFT. N and g are chosen
 * from a small operation-count model (at 16 kHz, fMin 60 Hz: N = 512, c = hop = 160, p = 2,
 * rem = 80). Buffers are allocated once and reused, and the last instance is cached for the next
 * call with the same configuration (`yin` is synchronous, so the scratch state is never shared by
 * two calls at once); no reference to the signal is kept.
 */
class ChunkCorrelator {
  /** FFT length N (power of two ≥ 8). */
  readonly size: number;
  private readonly win: number;
  private readonly hop: number;
  private readonly maxLag: number;
  /** Hops per full chunk (g), full chunks per frame (p), chunk length (c = g·hop), remainder length. */
  private readonly stride: number;
  private readonly nFull: number;
  private readonly chunkLen: number;
  private readonly rem: number;
  /** Chunk spectra ring: slot m mod ring holds F_m / R_m, bins 0 … N/2 at `slot·(N/2 + 1)`. */
  private readonly ring: number;
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;
  private readonly rRe: Float64Array;
  private readonly rIm: Float64Array;
  private readonly full: DifFft;
  private readonly halfFft: DifFft;
  /** FFT work buffers (three pairs when chunks are processed two at a time). */
  private readonly zr: Float64Array[] = [];
  private readonly zi: Float64Array[] = [];
  private readonly sRe: Float64Array;
  private readonly sIm: Float64Array;
  /** A zero spectrum, and the (array, offset) of the up to three summed terms of a frame. */
  private readonly zeros: Float64Array;
  private readonly termRe: Float64Array[];
  private readonly termIm: Float64Array[];
  private readonly termAt = new Int32Array(3);
  private readonly yr: Float64Array;
  private readonly yi: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** 1/N: scale of the inverse. */
  private readonly scale: number;
  private origin = 0;
  /** Chunks 0 … done − 1 of the current signal are in the ring. */
  private done = 0;

  private static last: ChunkCorrelator | null = null;

  /**
   * The instance for this configuration, reusing the last one built when it matches (its
   * buffers are scratch: yin is synchronous, so sharing one is safe).
   */
  static get(win: number, hop: number, maxLag: number): ChunkCorrelator {
    const c = ChunkCorrelator.last;
    if (c !== null && c.win === win && c.hop === hop && c.maxLag === maxLag) return c;
    return (ChunkCorrelator.last = new ChunkCorrelator(win, hop, maxLag));
  }

  constructor(win: number, hop: number, maxLag: number) {
    this.win = win;
    this.hop = hop;
    this.maxLag = maxLag;
    // Pick N among the three smallest valid sizes by operation count per frame: forward FFTs
    // (half an N-point FFT per real input), the N/2-point inverse and the spectrum sums.
    let n0 = 8;
    while (n0 < Math.min(hop, win) + maxLag) n0 *= 2;
    let best = { cost: Infinity, n: n0, g: 1, p: 0, rem: win };
    for (let n = n0; n <= 4 * n0; n *= 2) {
      const g = Math.max(1, Math.floor((n - maxLag) / hop));
      const c = g * hop;
      const p = c >= win ? 0 : Math.floor(win / c);
      const rem = win - p * c;
      const reals = 1 + (p > 0 ? 1 : 0) + (rem > 0 ? 1 : 0);
      const lg = Math.log2(n);
      const cost = (reals / 2) * n * lg + (n / 2) * (lg - 1) + (p + (rem > 0 ? 1 : 0) + 1) * n;
      if (cost < best.cost) best = { cost, n, g, p, rem };
    }
    const n = best.n;
    this.size = n;
    this.scale = 1 / n;
    this.stride = best.g;
    this.nFull = best.p;
    this.chunkLen = best.g * hop;
    this.rem = best.rem;
    const h = n / 2;
    this.ring = best.p * best.g + 2;
    const slots = this.ring * (h + 1);
    this.fRe = new Float64Array(best.p > 0 ? slots : 0);
    this.fIm = new Float64Array(best.p > 0 ? slots : 0);
    this.rRe = new Float64Array(best.rem > 0 ? slots : 0);
    this.rIm = new Float64Array(best.rem > 0 ? slots : 0);
    this.full = new DifFft(n);
    this.halfFft = new DifFft(h);
    for (let i = 0; i < (best.p > 0 && best.rem > 0 ? 3 : 1); i++) {
      this.zr.push(new Float64Array(n));
      this.zi.push(new Float64Array(n));
    }
    this.sRe = new Float64Array(h + 1);
    this.sIm = new Float64Array(h + 1);
    this.zeros = new Float64Array(h + 1);
    this.termRe = [this.zeros, this.zeros, this.zeros];
    this.termIm = [this.zeros, this.zeros, this.zeros];
    this.yr = new Float64Array(h);
    this.yi = new Float64Array(h);
    this.cos = new Float64Array(h / 2 + 1);
    this.sin = new Float64Array(h / 2 + 1);
    for (let k = 0; k <= h / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** Start a signal whose frame 0 begins at sample `origin` (may be negative: zero padding). */
  start(origin: number): void {
    this.origin = origin;
    this.done = 0;
  }

  /** `dst[j] = x[from + j]` for `j < len` (0 outside the signal), 0 for `len ≤ j < N`. */
  private static load(x: Float32Array, dst: Float64Array, from: number, len: number): void {
    const lo = Math.max(0, -from);
    const hi = Math.min(len, x.length - from);
    if (hi <= lo) {
      dst.fill(0);
      return;
    }
    if (lo > 0) dst.fill(0, 0, lo);
    dst.set(x.subarray(from + lo, from + hi), lo);
    dst.fill(0, hi);
  }

  /**
   * FFT of `a + i·b` with `a = x[from … from + aLen)` and `b = x[from … from + N)`; writes
   * `conj(A)·B` to `(outRe, outIm)` at `outAt`.
   */
  private chunkProduct(x: Float32Array, from: number, aLen: number, outRe: Float64Array, outIm: Float64Array, outAt: number): void {
    const n = this.size, h = n >> 1, mask = n - 1, pos = this.full.pos;
    const zr = this.zr[0]!, zi = this.zi[0]!;
    ChunkCorrelator.load(x, zr, from, aLen);
    ChunkCorrelator.load(x, zi, from, n);
    this.full.transform(zr, zi);
    // With U = Z[k], V = Z[N−k]: A = (U + V*)/2, B = (U − V*)/(2i), and
    // conj(A)·B = Im(U·V)/2 − i·(|U|² − |V|²)/4.
    for (let k = 0; k <= h; k++) {
      const pk = pos[k]!, pc = pos[(n - k) & mask]!;
      const ur = zr[pk]!, ui = zi[pk]!, vr = zr[pc]!, vi = zi[pc]!;
      outRe[outAt + k] = 0.5 * (ur * vi + ui * vr);
      outIm[outAt + k] = 0.25 * (vr * vr + vi * vi - ur * ur - ui * ui);
    }
  }

  /** Compute the spectra of chunk `m` (and `m + 1` when full chunks and remainders are both used). */
  private computeChunks(x: Float32Array, m: number): void {
    const n = this.size, h = n >> 1, ring = this.ring, hop = this.hop, origin = this.origin;
    const slot0 = (m % ring) * (h + 1);
    if (this.rem === 0) {
      this.chunkProduct(x, origin + m * hop, this.chunkLen, this.fRe, this.fIm, slot0);
      this.done = m + 1;
      return;
    }
    if (this.nFull === 0) {
      this.chunkProduct(x, origin + m * hop, this.rem, this.rRe, this.rIm, slot0);
      this.done = m + 1;
      return;
    }
    // Chunks m and m + 1 in three FFTs: A_m + i·B_m, A_{m+1} + i·B_{m+1} and A'_m + i·A'_{m+1}
    // (A: the full chunk, A': its first `rem` samples, B: the N-sample segment).
    const slot1 = ((m + 1) % ring) * (h + 1);
    const from0 = origin + m * hop, from1 = from0 + hop, c = this.chunkLen, rem = this.rem;
    const [ar, br, cr] = this.zr as [Float64Array, Float64Array, Float64Array];
    const [ai, bi, ci] = this.zi as [Float64Array, Float64Array, Float64Array];
    ChunkCorrelator.load(x, ar, from0, c);
    ChunkCorrelator.load(x, ai, from0, n);
    ChunkCorrelator.load(x, br, from1, c);
    ChunkCorrelator.load(x, bi, from1, n);
    ChunkCorrelator.load(x, cr, from0, rem);
    ChunkCorrelator.load(x, ci, from1, rem);
    this.full.transform(ar, ai);
    this.full.transform(br, bi);
    this.full.transform(cr, ci);
    const mask = n - 1, pos = this.full.pos, fRe = this.fRe, fIm = this.fIm, rRe = this.rRe, rIm = this.rIm;
    for (let k = 0; k <= h; k++) {
      const pk = pos[k]!, pc = pos[(n - k) & mask]!;
      // Each FFT holds two real signals: with U = Z[k], V = Z[N−k], the real part's spectrum is
      // (U + V*)/2 and the imaginary part's (U − V*)/(2i). F = conj(A)·B = Im(U·V)/2 −
      // i·(|U|² − |V|²)/4 directly; B is kept (×2) for R = conj(A')·B.
      let ur = ar[pk]!, ui = ai[pk]!, vr = ar[pc]!, vi = ai[pc]!;
      fRe[slot0 + k] = 0.5 * (ur * vi + ui * vr);
      fIm[slot0 + k] = 0.25 * (vr * vr + vi * vi - ur * ur - ui * ui);
      const b0r = ui + vi, b0i = vr - ur;
      ur = br[pk]!; ui = bi[pk]!; vr = br[pc]!; vi = bi[pc]!;
      fRe[slot1 + k] = 0.5 * (ur * vi + ui * vr);
      fIm[slot1 + k] = 0.25 * (vr * vr + vi * vi - ur * ur - ui * ui);
      const b1r = ui + vi, b1i = vr - ur;
      ur = cr[pk]!; ui = ci[pk]!; vr = cr[pc]!; vi = ci[pc]!;
      // 2A'_m = (xr, xi), 2A'_{m+1} = (yr, yi); R = conj(2A')·(2B) / 4.
      const xr = ur + vr, xi = ui - vi, yr = ui + vi, yi = vr - ur;
      rRe[slot0 + k] = 0.25 * (xr * b0r + xi * b0i);
      rIm[slot0 + k] = 0.25 * (xr * b0i - xi * b0r);
      rRe[slot1 + k] = 0.25 * (yr * b1r + yi * b1i);
      rIm[slot1 + k] = 0.25 * (yr * b1i - yi * b1r);
    }
    this.done = m + 2;
  }

  /** `sRe/sIm += (re, im)[at … at + N/2]`. */
  private accumulate(re: Float64Array, im: Float64Array, at: number): void {
    const sRe = this.sRe, sIm = this.sIm, h = this.size >> 1;
    for (let k = 0; k <= h; k++) {
      sRe[k] = sRe[k]! + re[at + k]!;
      sIm[k] = sIm[k]! + im[at + k]!;
    }
  }

  /**
   * Transform frame `t` of `x` (frames in increasing order since {@link ChunkCorrelator.start})
   * so that {@link ChunkCorrelator.lag} returns its r_t(τ).
   */
  correlate(x: Float32Array, t: number): void {
    const n = this.size, h = n >> 1, q = h >> 1, ring = this.ring, g = this.stride, p = this.nFull;
    const last = this.rem > 0 ? t + p * g : t + (p - 1) * g;
    while (this.done <= last) this.computeChunks(x, this.done);
    // Frame spectrum S = Σ_{i<p} F_{t+i·g} + R_{t+p·g}: up to three terms are summed inside the
    // packing loop below (absent ones read a zero spectrum); more are summed into sRe/sIm first.
    const nTerms = p + (this.rem > 0 ? 1 : 0);
    const termRe: Float64Array[] = this.termRe, termIm: Float64Array[] = this.termIm, termAt = this.termAt;
    for (let i = 0; i < 3; i++) {
      termRe[i] = this.zeros;
      termIm[i] = this.zeros;
      termAt[i] = 0;
    }
    if (nTerms <= 3) {
      for (let i = 0; i < p; i++) {
        termRe[i] = this.fRe;
        termIm[i] = this.fIm;
        termAt[i] = ((t + i * g) % ring) * (h + 1);
      }
      if (this.rem > 0) {
        termRe[p] = this.rRe;
        termIm[p] = this.rIm;
        termAt[p] = ((t + p * g) % ring) * (h + 1);
      }
    } else {
      const sRe = this.sRe, sIm = this.sIm;
      sRe.fill(0);
      sIm.fill(0);
      for (let i = 0; i < p; i++) this.accumulate(this.fRe, this.fIm, ((t + i * g) % ring) * (h + 1));
      if (this.rem > 0) this.accumulate(this.rRe, this.rIm, ((t + p * g) % ring) * (h + 1));
      termRe[0] = sRe;
      termIm[0] = sIm;
    }
    const ar = termRe[0]!, ai = termIm[0]!, a0 = termAt[0]!;
    const br = termRe[1]!, bi = termIm[1]!, b0 = termAt[1]!;
    const cr = termRe[2]!, ci = termIm[2]!, c0 = termAt[2]!;
    // Real inverse by packing: the N/2-point spectrum of r[2m] + i·r[2m+1] is E + iO with
    // 2E[k] = S[k] + conj S[N/2−k] and 2O[k] = (S[k] − conj S[N/2−k])·e^{2πik/N}; bins k and
    // N/2 − k are built together (the partner's E, O are the conjugates). The inverse DFT is
    // taken as conj(DFT(conj(·))).
    const yr = this.yr, yi = this.yi, cs = this.cos, sn = this.sin;
    for (let j = 0; j <= q; j++) {
      const c = h - j;
      const p1r = ar[a0 + j]! + br[b0 + j]! + cr[c0 + j]!;
      const p1i = ai[a0 + j]! + bi[b0 + j]! + ci[c0 + j]!;
      const p2r = ar[a0 + c]! + br[b0 + c]! + cr[c0 + c]!;
      const p2i = ai[a0 + c]! + bi[b0 + c]! + ci[c0 + c]!;
      const er = p1r + p2r, ei = p1i - p2i, dr = p1r - p2r, di = p1i + p2i;
      const co = cs[j]!, si = sn[j]!;
      const or = dr * co - di * si, oi = dr * si + di * co;
      yr[j] = er - oi;
      yi[j] = -(ei + or);
      if (j !== 0 && j !== q) {
        yr[c] = er + oi;
        yi[c] = ei - or;
      }
    }
    this.halfFft.transform(yr, yi);
  }

  /**
   * r_t(τ) of the frame last passed to {@link ChunkCorrelator.correlate}, `0 ≤ τ ≤ maxLag`:
   * DFT(conj(2·Zh)) = 2·(N/2)·conj(z), so r[2m] = Re/N and r[2m+1] = −Im/N at bin m's position.
   */
  lag(tau: number): number {
    const p = this.halfFft.pos[tau >> 1]!;
    return ((tau & 1) === 0 ? this.yr[p]! : -this.yi[p]!) * this.scale;
  }
}

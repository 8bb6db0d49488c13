/**
 * YIN fundamental-frequency (F0) estimator (de Cheveigné & Kawahara, 2002). Used by the augment
 * tests to check that time stretching keeps pitch and pitch shifting moves it by 2^(n/12), and
 * useful on its own as a pitch tracker for speech. Plain TypeScript.
 *
 * The difference function is computed as librosa does, d(τ) = E(0) + E(τ) − 2·r(τ): windowed
 * energies from a Float64 prefix sum of squares, and the cross-correlation r(τ) of the window
 * against the lagged segment by a real FFT of length N = nextPow2(winLength + sampleRate/fMin + 1).
 * That is O(N log N) per frame instead of the direct sum's O(winLength · sampleRate/fMin)
 * (~10× faster at 16 kHz, fMin 60 Hz), with results equal to the direct sum up to Float64
 * rounding (~1e-15 of the frame energy).
 */
import { InvalidArgumentError } from '../errors.js';
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
  // r(tau) by FFT, for blocks of `perBlock` consecutive frames sharing one transformed segment.
  const xcorr = FrameCorrelator.get(win, hop, tauMax + 1);
  const seg = xcorr.segment;
  const r = xcorr.lags;
  const nFft = xcorr.size;
  const perBlock = xcorr.framesPerBlock;
  const sq = new Float64Array(frameLen + 1);
  // Locals for everything the frame loop reads: a property or global (NaN) first touched late in
  // the loop would deoptimise the optimised loop on every call.
  const troughThreshold = o.troughThreshold;
  const voicingThreshold = o.voicingThreshold;
  const unvoiced = Number.NaN;
  const result: YinResult = { f0, aperiodicity: aper, hopLength: hop, sampleRate: sr };

  for (let t = 0; t < nFrames; t++) {
    const k = t % perBlock;
    if (k === 0) {
      // Load x[start .. start + nFft) (zero outside the signal) and transform the block.
      const start = t * hop - half;
      const lo = Math.max(0, -start);
      const hi = Math.min(nFft, n - start);
      seg.fill(0);
      if (hi > lo) seg.set(samples.subarray(start + lo, start + hi), lo);
      xcorr.prepare(Math.min(perBlock, nFrames - t));
    }
    const off = k * hop;
    xcorr.correlate(k);
    // Energies from a per-frame Float64 prefix sum of squares (sq[j] = Σ_{i<j} x_i², exactly 0
    // over silence), extended lag by lag: d(tau) = e(0, W) + e(tau, tau + W) − 2 r(tau), and the
    // cumulative mean normalised difference (YIN step 3) in the same pass.
    let acc = 0;
    sq[0] = 0;
    for (let j = 0; j < win; j++) {
      const v = seg[off + j]!;
      acc += v * v;
      sq[j + 1] = acc;
    }
    const e0 = acc;
    const top = tauMax + 1;
    dn[0] = 1;
    let run = 0;
    let silent = true;
    for (let tau = 1; tau <= top; tau++) {
      const v = seg[off + win + tau - 1]!;
      acc += v * v;
      sq[win + tau] = acc;
      const et = acc - sq[tau]!;
      // An all-zero window or lagged window has r = 0 exactly in the direct sum; the FFT leaves
      // rounding noise there, which would turn silence into spurious dips of the normalised
      // difference. Elsewhere the clamp at 0 absorbs the rounding.
      const dt = e0 === 0 || et === 0 ? et + e0 : Math.max(0, e0 + et - 2 * r[tau]!);
      run += dt;
      if (run > 1e-20) silent = false;
      dn[tau] = run > 1e-20 ? (dt * tau) / run : 1;
    }
    if (silent) {
      f0[t] = unvoiced;
      aper[t] = 1;
      continue;
    }
    // Absolute threshold (step 4): first dip below the threshold, walked down to its minimum.
    let best = -1;
    for (let tau = tauMin; tau <= tauMax; tau++) {
      if (dn[tau]! < troughThreshold) {
        while (tau + 1 <= tauMax && dn[tau + 1]! < dn[tau]!) tau++;
        best = tau;
        break;
      }
    }
    if (best < 0) {
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
 * In-place complex FFT of a fixed power-of-two size: radix-4 decimation-in-frequency stages (one
 * final radix-2 stage when log2(size) is odd), output left in digit-reversed order; `pos[k]` is
 * where frequency bin `k` ends up. Forward sign (`X[k] = Σ x[n] e^{-2πikn/N}`), unscaled.
 */
class DifFft {
  readonly size: number;
  /** Frequency index → storage position after {@link DifFft.transform}. */
  readonly pos: Int32Array;
  /** Radix-4 stages of block length L ≥ 16: twiddles `[w1r, w1i, w2r, w2i, w3r, w3i]` per butterfly. */
  private readonly tw: Float64Array[] = [];
  private readonly lens: number[] = [];
  /** Block length of the fused last stage(s): 4 (radix-4, trivial twiddles) or 8 (radix-4 + radix-2). */
  private readonly tail: 4 | 8;

  /** @param size - a power of two ≥ 4. */
  constructor(size: number) {
    this.size = size;
    const radices: number[] = [];
    let L = size;
    while (L >= 16) {
      radices.push(4);
      const q = L / 4;
      const t = new Float64Array(6 * q);
      for (let j = 0; j < q; j++) {
        for (let s = 1; s <= 3; s++) {
          const a = (-2 * Math.PI * j * s) / L;
          t[6 * j + 2 * s - 2] = Math.cos(a);
          t[6 * j + 2 * s - 1] = Math.sin(a);
        }
      }
      this.tw.push(t);
      this.lens.push(L);
      L /= 4;
    }
    this.tail = L === 8 ? 8 : 4;
    radices.push(...(L === 8 ? [4, 2] : [4]));
    // Position p holds frequency digitReverse(p); invert that map.
    const freqAt = (n: number, rs: readonly number[]): Int32Array => {
      const out = new Int32Array(n);
      if (rs.length === 0) return out;
      const r = rs[0]!;
      const q = n / r;
      const sub = freqAt(q, rs.slice(1));
      for (let p = 0; p < n; p++) out[p] = r * sub[p % q]! + Math.floor(p / q);
      return out;
    };
    const f = freqAt(size, radices);
    this.pos = new Int32Array(size);
    for (let p = 0; p < size; p++) this.pos[f[p]!] = p;
  }

  /** Transform `re + i·im` (each `size` long) in place; read bin k at index `pos[k]`. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    for (let st = 0; st < this.lens.length; st++) {
      const L = this.lens[st]!;
      const q = L >> 2;
      const t = this.tw[st]!;
      // Twiddle-outer order: each twiddle triple is loaded once per stage.
      for (let j = 0; j < q; j++) {
        const o = 6 * j;
        const w1r = t[o]!, w1i = t[o + 1]!, w2r = t[o + 2]!, w2i = t[o + 3]!, w3r = t[o + 4]!, w3i = t[o + 5]!;
        for (let i0 = j; i0 < n; i0 += L) {
          const i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
          const ar = re[i0]!, ai = im[i0]!, br = re[i1]!, bi = im[i1]!;
          const cr = re[i2]!, ci = im[i2]!, dr = re[i3]!, di = im[i3]!;
          const s0r = ar + cr, s0i = ai + ci, s1r = ar - cr, s1i = ai - ci;
          const s2r = br + dr, s2i = bi + di, s3r = br - dr, s3i = bi - di;
          re[i0] = s0r + s2r;
          im[i0] = s0i + s2i;
          const y1r = s1r + s3i, y1i = s1i - s3r, y2r = s0r - s2r, y2i = s0i - s2i, y3r = s1r - s3i, y3i = s1i + s3r;
          re[i1] = y1r * w1r - y1i * w1i;
          im[i1] = y1r * w1i + y1i * w1r;
          re[i2] = y2r * w2r - y2i * w2i;
          im[i2] = y2r * w2i + y2i * w2r;
          re[i3] = y3r * w3r - y3i * w3i;
          im[i3] = y3r * w3i + y3i * w3r;
        }
      }
    }
    if (this.tail === 4) {
      for (let b = 0; b < n; b += 4) {
        const ar = re[b]!, ai = im[b]!, br = re[b + 1]!, bi = im[b + 1]!;
        const cr = re[b + 2]!, ci = im[b + 2]!, dr = re[b + 3]!, di = im[b + 3]!;
        const s0r = ar + cr, s0i = ai + ci, s1r = ar - cr, s1i = ai - ci;
        const s2r = br + dr, s2i = bi + di, s3r = br - dr, s3i = bi - di;
        re[b] = s0r + s2r;
        im[b] = s0i + s2i;
        re[b + 1] = s1r + s3i;
        im[b + 1] = s1i - s3r;
        re[b + 2] = s0r - s2r;
        im[b + 2] = s0i - s2i;
        re[b + 3] = s1r - s3i;
        im[b + 3] = s1i + s3r;
      }
      return;
    }
    // Radix-4 stage of block length 8 (twiddles 1 and e^{-iπs/4}), then the radix-2 stage, in
    // one pass per block of 8.
    const h = Math.SQRT1_2;
    for (let b = 0; b < n; b += 8) {
      let ar = re[b]!, ai = im[b]!, br = re[b + 2]!, bi = im[b + 2]!;
      let cr = re[b + 4]!, ci = im[b + 4]!, dr = re[b + 6]!, di = im[b + 6]!;
      let s0r = ar + cr, s0i = ai + ci, s1r = ar - cr, s1i = ai - ci;
      let s2r = br + dr, s2i = bi + di, s3r = br - dr, s3i = bi - di;
      const u0r = s0r + s2r, u0i = s0i + s2i, u1r = s1r + s3i, u1i = s1i - s3r;
      const u2r = s0r - s2r, u2i = s0i - s2i, u3r = s1r - s3i, u3i = s1i + s3r;
      ar = re[b + 1]!; ai = im[b + 1]!; br = re[b + 3]!; bi = im[b + 3]!;
      cr = re[b + 5]!; ci = im[b + 5]!; dr = re[b + 7]!; di = im[b + 7]!;
      s0r = ar + cr; s0i = ai + ci; s1r = ar - cr; s1i = ai - ci;
      s2r = br + dr; s2i = bi + di; s3r = br - dr; s3i = bi - di;
      const v0r = s0r + s2r, v0i = s0i + s2i;
      const y1r = s1r + s3i, y1i = s1i - s3r, y3r = s1r - s3i, y3i = s1i + s3r;
      // × e^{-iπ/4}, × −i, × e^{-3iπ/4}
      const v1r = h * (y1r + y1i), v1i = h * (y1i - y1r);
      const v2r = s0i - s2i, v2i = s2r - s0r;
      const v3r = h * (y3i - y3r), v3i = -h * (y3r + y3i);
      re[b] = u0r + v0r;
      im[b] = u0i + v0i;
      re[b + 1] = u0r - v0r;
      im[b + 1] = u0i - v0i;
      re[b + 2] = u1r + v1r;
      im[b + 2] = u1i + v1i;
      re[b + 3] = u1r - v1r;
      im[b + 3] = u1i - v1i;
      re[b + 4] = u2r + v2r;
      im[b + 4] = u2i + v2i;
      re[b + 5] = u2r - v2r;
      im[b + 5] = u2i - v2i;
      re[b + 6] = u3r + v3r;
      im[b + 6] = u3i + v3i;
      re[b + 7] = u3r - v3r;
      im[b + 7] = u3i - v3i;
    }
  }
}

/**
 * The YIN cross-correlations `r_k(τ) = Σ_{j<W} x[s_k + j]·x[s_k + j + τ]`, `τ = 0 … maxLag`, of
 * up to {@link FrameCorrelator.framesPerBlock} consecutive frames (`s_k = s_0 + k·hop`) by FFT.
 *
 * One segment `b = x[s_0 … s_0 + N)` is shared by the block; each frame's window `a_k` is the
 * segment masked to `[k·hop, k·hop + W)`. Real inputs are transformed two at a time (as the real
 * and imaginary part of one N-point complex FFT) and split by Hermitian symmetry; each
 * `conj(A_k)·B` is inverted with an N/2-point complex FFT (real-output packing). There is no
 * circular wrap-around because `(K − 1)·hop + W + maxLag ≤ N`. Buffers are allocated once and
 * reused; not re-entrant.
 */
class FrameCorrelator {
  /** FFT length N: the smallest power of two ≥ max(W + maxLag, 8). */
  readonly size: number;
  /** Frames per block K = 1 + ⌊(N − W − maxLag) / hop⌋. */
  readonly framesPerBlock: number;
  /** Input: the block's segment `x[s_0 … s_0 + N)`, filled by the caller before {@link FrameCorrelator.prepare}. */
  readonly segment: Float64Array;
  /** Output of {@link FrameCorrelator.correlate}: `lags[τ] = r_k(τ)` for `τ = 0 … maxLag`. */
  readonly lags: Float64Array;
  private readonly win: number;
  private readonly hop: number;
  private readonly maxLag: number;
  private readonly full: DifFft;
  private readonly halfFft: DifFft;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  /** Spectra ×2 of the real inputs (0: the segment, 1 + k: window of frame k), bins 0 … N/2. */
  private readonly specRe: Float64Array[] = [];
  private readonly specIm: Float64Array[] = [];
  private readonly yr: Float64Array;
  private readonly yi: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  private static last: FrameCorrelator | null = null;

  /**
   * The instance for this configuration, reusing the last one built when it matches (its
   * buffers are scratch: yin is synchronous, so sharing one is safe).
   */
  static get(win: number, hop: number, maxLag: number): FrameCorrelator {
    const c = FrameCorrelator.last;
    if (c !== null && c.win === win && c.hop === hop && c.maxLag === maxLag) return c;
    return (FrameCorrelator.last = new FrameCorrelator(win, hop, maxLag));
  }

  constructor(win: number, hop: number, maxLag: number) {
    let n = 8;
    while (n < win + maxLag) n *= 2;
    this.size = n;
    this.framesPerBlock = 1 + Math.floor((n - win - maxLag) / hop);
    this.win = win;
    this.hop = hop;
    this.maxLag = maxLag;
    const h = n / 2;
    this.segment = new Float64Array(n);
    this.lags = new Float64Array(maxLag + 2);
    this.full = new DifFft(n);
    this.halfFft = new DifFft(h);
    this.zr = new Float64Array(n);
    this.zi = new Float64Array(n);
    for (let i = 0; i <= this.framesPerBlock + 1; i++) {
      this.specRe.push(new Float64Array(h + 1));
      this.specIm.push(new Float64Array(h + 1));
    }
    this.yr = new Float64Array(h);
    this.yi = new Float64Array(h);
    this.cos = new Float64Array(h / 2 + 1);
    this.sin = new Float64Array(h / 2 + 1);
    for (let k = 0; k <= h / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** Real input `i` of the block: 0 is the segment, `1 + k` the window of frame k. */
  private loadReal(i: number, count: number, dst: Float64Array): void {
    const seg = this.segment;
    if (i === 0) {
      dst.set(seg);
      return;
    }
    if (i > count) {
      dst.fill(0);
      return;
    }
    const off = (i - 1) * this.hop;
    dst.fill(0, 0, off);
    dst.set(seg.subarray(off, off + this.win), off);
    dst.fill(0, off + this.win);
  }

  /** Transform the segment and the windows of frames `0 … count − 1` (count ≤ K). */
  prepare(count: number): void {
    const n = this.size, h = n >> 1, mask = n - 1, pos = this.full.pos;
    const zr = this.zr, zi = this.zi;
    for (let i = 0; i <= count; i += 2) {
      this.loadReal(i, count, zr);
      this.loadReal(i + 1, count, zi);
      this.full.transform(zr, zi);
      // Z = X + iY with X, Y real: 2X[k] = Z[k] + conj Z[−k], 2Y[k] = (Z[k] − conj Z[−k]) / i.
      const xr = this.specRe[i]!, xi = this.specIm[i]!, yr = this.specRe[i + 1]!, yi = this.specIm[i + 1]!;
      for (let k = 0; k <= h; k++) {
        const pk = pos[k]!, pc = pos[(n - k) & mask]!;
        const zkr = zr[pk]!, zki = zi[pk]!, zcr = zr[pc]!, zci = zi[pc]!;
        xr[k] = zkr + zcr;
        xi[k] = zki - zci;
        yr[k] = zki + zci;
        yi[k] = zcr - zkr;
      }
    }
  }

  /** Fill {@link FrameCorrelator.lags} with r_k(0 … maxLag) of frame `k` of the prepared block. */
  correlate(k: number): void {
    const n = this.size, h = n >> 1, q = h >> 1;
    const br = this.specRe[0]!, bi = this.specIm[0]!, ar = this.specRe[k + 1]!, ai = this.specIm[k + 1]!;
    const yr = this.yr, yi = this.yi, cs = this.cos, sn = this.sin;
    // P = conj(2A)·(2B) = 4·conj(A)·B (Hermitian). Real inverse by packing: the N/2-point spectrum
    // of r[2m] + i·r[2m+1] is E + iO with 2E[k] = P[k] + conj P[N/2−k] and
    // 2O[k] = (P[k] − conj P[N/2−k])·e^{2πik/N}; bins k and N/2 − k are built together (the
    // partner's E, O are the conjugates). The inverse DFT is taken as conj(DFT(conj(·))).
    for (let j = 0; j <= q; j++) {
      const c = h - j;
      const a1r = ar[j]!, a1i = ai[j]!, b1r = br[j]!, b1i = bi[j]!;
      const a2r = ar[c]!, a2i = ai[c]!, b2r = br[c]!, b2i = bi[c]!;
      const p1r = a1r * b1r + a1i * b1i, p1i = a1r * b1i - a1i * b1r;
      const p2r = a2r * b2r + a2i * b2i, p2i = a2r * b2i - a2i * b2r;
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
    // DFT(conj(8·Zh)) = 8·(N/2)·conj(z): r[2m] = Re/(4N), r[2m+1] = −Im/(4N).
    const hp = this.halfFft.pos, lags = this.lags, scale = 1 / (4 * n), maxLag = this.maxLag;
    for (let m = 0, tau = 0; tau <= maxLag; m++, tau += 2) {
      const p = hp[m]!;
      lags[tau] = yr[p]! * scale;
      lags[tau + 1] = -yi[p]! * scale;
    }
  }
}

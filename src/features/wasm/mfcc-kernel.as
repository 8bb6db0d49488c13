// AssemblyScript source of the MFCC WebAssembly SIMD kernel (stored as .as so that tsc and
// vitest ignore it; build-mfcc-wasm.mjs copies it to a .ts file for asc). Float64 throughout:
// two frames are processed side by side in the two f64x2 lanes, so every number equals the
// scalar TypeScript path (same operations, same order) and librosa parity is unchanged.
//
// Memory is a bump heap managed by the JS glue (mfcc-wasm.ts), which writes every table once.

let heap: usize = 0;

/** Bump-allocate `bytes` (16-byte aligned), growing memory as needed; returns the offset. */
export function alloc(bytes: i32): usize {
  if (heap == 0) heap = (__heap_base + 15) & ~15;
  const p = heap;
  heap = (heap + <usize>bytes + 15) & ~15;
  const need = <i32>((heap + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  return p;
}

/** Current heap top, and rewind to a mark (per-call buffers). */
export function mark(): usize { return heap; }
export function release(m: usize): void { heap = m; }

// ---- configuration (pointers into the heap, set by init) ----
let M: i32 = 0;            // nFft / 2 (complex FFT size)
let bins: i32 = 0;         // 1 + nFft / 2
let wE: usize = 0;         // f64[M] window at even samples
let wO: usize = 0;         // f64[M] window at odd samples
let nStages: i32 = 0;      // radix-4 stages
let stageLen: usize = 0;   // i32[nStages]
let stageTw: usize = 0;    // i32[nStages] byte offsets of each stage's twiddles (f64, 6 per j)
let radix2: i32 = 0;       // 1 when a final radix-2 stage is needed
let perm: usize = 0;       // i32[M] frequency index -> storage position
let postC: usize = 0;      // f64[M/2 + 1] 0.5 cos(-2πk/N)
let postS: usize = 0;      // f64[M/2 + 1] 0.5 sin(-2πk/N)
let zr: usize = 0;         // v128[M]
let zi: usize = 0;         // v128[M]
let pw: usize = 0;         // v128[bins]
let nMels: i32 = 0;
let mStart: usize = 0;     // i32[nMels]
let mLen: usize = 0;       // i32[nMels]
let mOff: usize = 0;       // i32[nMels]
let mW: usize = 0;         // f64[weights]
let nMfcc: i32 = 0;
let half: i32 = 0;         // ceil(nMels / 2)
let dEven: usize = 0;      // f64[nMfcc * half] basis rows for even k (zeros for odd k)
let dOdd: usize = 0;       // f64[nMfcc * half]
let symS: usize = 0;       // v128[half]
let symD: usize = 0;       // v128[half]
let amin: f64 = 1e-10;
let dbPerNeper: f64 = 0;

export function init(
  m: i32, pwE: usize, pwO: usize, ns: i32, psl: usize, pst: usize, r2: i32, pperm: usize, pc: usize, ps: usize,
  nm: i32, pms: usize, pml: usize, pmo: usize, pmw: usize,
  nc: i32, pde: usize, pdo: usize, aminV: f64, dbn: f64,
): void {
  M = m; bins = m + 1; wE = pwE; wO = pwO; nStages = ns; stageLen = psl; stageTw = pst; radix2 = r2;
  perm = pperm; postC = pc; postS = ps;
  nMels = nm; mStart = pms; mLen = pml; mOff = pmo; mW = pmw;
  nMfcc = nc; half = (nm + 1) >> 1; dEven = pde; dOdd = pdo; amin = aminV; dbPerNeper = dbn;
  zr = alloc(m * 16); zi = alloc(m * 16); pw = alloc((m + 1) * 16);
  symS = alloc(half * 16); symD = alloc(half * 16);
}

@inline function ld(p: usize): v128 { return v128.load(p); }
@inline function st(p: usize, v: v128): void { v128.store(p, v); }
@inline function spl(x: f64): v128 { return f64x2.splat(x); }
/** Load one f64 into both lanes (movddup). */
@inline function lsp(p: usize): v128 { return v128.load64_splat(p); }

/** Power spectra of the frames starting at samples sa and sb of the f32 signal at `sig`, into pw (lanes a, b). */
function power2(sig: usize, sa: i32, sb: i32): void {
  const m = M;
  // Stage 1: pack + window + radix-4 DIF with twiddles (or plain pack when m < 4).
  if (m >= 4) {
    const q = m >> 2;
    const t = stageTw;
    const tw0 = <usize>load<i32>(t);
    for (let j = 0; j < q; j++) {
      const i0 = j, i1 = j + q, i2 = j + 2 * q, i3 = j + 3 * q;
      const e0 = load<f64>(wE + (<usize>i0 << 3)), o0 = load<f64>(wO + (<usize>i0 << 3));
      const e1 = load<f64>(wE + (<usize>i1 << 3)), o1 = load<f64>(wO + (<usize>i1 << 3));
      const e2 = load<f64>(wE + (<usize>i2 << 3)), o2 = load<f64>(wO + (<usize>i2 << 3));
      const e3 = load<f64>(wE + (<usize>i3 << 3)), o3 = load<f64>(wO + (<usize>i3 << 3));
      const pa = sig + (<usize>(sa + 2 * i0) << 2), pb = sig + (<usize>(sb + 2 * i0) << 2);
      const dq = <usize>(2 * q) << 2;
      const ar = f64x2(<f64>load<f32>(pa) * e0, <f64>load<f32>(pb) * e0);
      const ai = f64x2(<f64>load<f32>(pa, 4) * o0, <f64>load<f32>(pb, 4) * o0);
      const br = f64x2(<f64>load<f32>(pa + dq) * e1, <f64>load<f32>(pb + dq) * e1);
      const bi = f64x2(<f64>load<f32>(pa + dq, 4) * o1, <f64>load<f32>(pb + dq, 4) * o1);
      const cr = f64x2(<f64>load<f32>(pa + 2 * dq) * e2, <f64>load<f32>(pb + 2 * dq) * e2);
      const ci = f64x2(<f64>load<f32>(pa + 2 * dq, 4) * o2, <f64>load<f32>(pb + 2 * dq, 4) * o2);
      const dr = f64x2(<f64>load<f32>(pa + 3 * dq) * e3, <f64>load<f32>(pb + 3 * dq) * e3);
      const di = f64x2(<f64>load<f32>(pa + 3 * dq, 4) * o3, <f64>load<f32>(pb + 3 * dq, 4) * o3);
      bfly4(i0, i1, i2, i3, ar, ai, br, bi, cr, ci, dr, di, tw0 + (<usize>(6 * j) << 3));
    }
  } else {
    for (let i = 0; i < m; i++) {
      const e = load<f64>(wE + (<usize>i << 3)), o = load<f64>(wO + (<usize>i << 3));
      const pa = sig + (<usize>(sa + 2 * i) << 2), pb = sig + (<usize>(sb + 2 * i) << 2);
      st(zr + (<usize>i << 4), f64x2(<f64>load<f32>(pa) * e, <f64>load<f32>(pb) * e));
      st(zi + (<usize>i << 4), f64x2(<f64>load<f32>(pa, 4) * o, <f64>load<f32>(pb, 4) * o));
    }
  }
  // Middle radix-4 stages.
  for (let s = 1; s < nStages; s++) {
    const L = load<i32>(stageLen + (<usize>s << 2));
    const q = L >> 2;
    if (q == 1) break;
    const tw = <usize>load<i32>(stageTw + (<usize>s << 2));
    for (let b = 0; b < m; b += L) {
      for (let j = 0; j < q; j++) {
        const i0 = b + j, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
        bfly4(i0, i1, i2, i3,
          ld(zr + (<usize>i0 << 4)), ld(zi + (<usize>i0 << 4)), ld(zr + (<usize>i1 << 4)), ld(zi + (<usize>i1 << 4)),
          ld(zr + (<usize>i2 << 4)), ld(zi + (<usize>i2 << 4)), ld(zr + (<usize>i3 << 4)), ld(zi + (<usize>i3 << 4)),
          tw + (<usize>(6 * j) << 3));
      }
    }
  }
  // Last radix-4 stage (L = 4, unit twiddles) when it was not the first.
  if (nStages > 1 && load<i32>(stageLen + (<usize>(nStages - 1) << 2)) == 4) {
    for (let b = 0; b < m; b += 4) {
      const p0r = zr + (<usize>b << 4), p0i = zi + (<usize>b << 4);
      const ar = ld(p0r), ai = ld(p0i), br = ld(p0r + 16), bi = ld(p0i + 16);
      const cr = ld(p0r + 32), ci = ld(p0i + 32), dr = ld(p0r + 48), di = ld(p0i + 48);
      const s0r = f64x2.add(ar, cr), s0i = f64x2.add(ai, ci), s1r = f64x2.sub(ar, cr), s1i = f64x2.sub(ai, ci);
      const s2r = f64x2.add(br, dr), s2i = f64x2.add(bi, di), s3r = f64x2.sub(br, dr), s3i = f64x2.sub(bi, di);
      st(p0r, f64x2.add(s0r, s2r)); st(p0i, f64x2.add(s0i, s2i));
      st(p0r + 16, f64x2.add(s1r, s3i)); st(p0i + 16, f64x2.sub(s1i, s3r));
      st(p0r + 32, f64x2.sub(s0r, s2r)); st(p0i + 32, f64x2.sub(s0i, s2i));
      st(p0r + 48, f64x2.sub(s1r, s3i)); st(p0i + 48, f64x2.add(s1i, s3r));
    }
  }
  if (radix2) {
    for (let b = 0; b < m; b += 2) {
      const p0r = zr + (<usize>b << 4), p0i = zi + (<usize>b << 4);
      const ar = ld(p0r), ai = ld(p0i), br = ld(p0r + 16), bi = ld(p0i + 16);
      st(p0r, f64x2.add(ar, br)); st(p0i, f64x2.add(ai, bi));
      st(p0r + 16, f64x2.sub(ar, br)); st(p0i + 16, f64x2.sub(ai, bi));
    }
  }
  // Split into the real spectrum; power of bins k and M - k together.
  const z0r = ld(zr), z0i = ld(zi);
  const p0 = f64x2.add(z0r, z0i), pm = f64x2.sub(z0r, z0i);
  st(pw, f64x2.mul(p0, p0));
  st(pw + (<usize>m << 4), f64x2.mul(pm, pm));
  const h = m >> 1;
  const half5 = spl(0.5);
  for (let k = 1; k <= h; k++) {
    const pk = <usize>load<i32>(perm + (<usize>k << 2)) << 4;
    const pc = <usize>load<i32>(perm + (<usize>(m - k) << 2)) << 4;
    const ar = ld(zr + pk), ai = ld(zi + pk), br = ld(zr + pc), bi = ld(zi + pc);
    const er = f64x2.mul(half5, f64x2.add(ar, br)), ei = f64x2.mul(half5, f64x2.sub(ai, bi));
    const or2 = f64x2.add(ai, bi), oi2 = f64x2.sub(br, ar);
    const c = lsp(postC + (<usize>k << 3)), s = lsp(postS + (<usize>k << 3));
    const tr = f64x2.sub(f64x2.mul(or2, c), f64x2.mul(oi2, s));
    const ti = f64x2.add(f64x2.mul(or2, s), f64x2.mul(oi2, c));
    const pr = f64x2.add(er, tr), pi = f64x2.add(ei, ti), qr = f64x2.sub(er, tr), qi = f64x2.sub(ei, ti);
    st(pw + (<usize>k << 4), f64x2.add(f64x2.mul(pr, pr), f64x2.mul(pi, pi)));
    st(pw + (<usize>(m - k) << 4), f64x2.add(f64x2.mul(qr, qr), f64x2.mul(qi, qi)));
  }
}

@inline function bfly4(
  i0: i32, i1: i32, i2: i32, i3: i32,
  ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128, dr: v128, di: v128, tw: usize,
): void {
  const s0r = f64x2.add(ar, cr), s0i = f64x2.add(ai, ci), s1r = f64x2.sub(ar, cr), s1i = f64x2.sub(ai, ci);
  const s2r = f64x2.add(br, dr), s2i = f64x2.add(bi, di), s3r = f64x2.sub(br, dr), s3i = f64x2.sub(bi, di);
  st(zr + (<usize>i0 << 4), f64x2.add(s0r, s2r)); st(zi + (<usize>i0 << 4), f64x2.add(s0i, s2i));
  const y1r = f64x2.add(s1r, s3i), y1i = f64x2.sub(s1i, s3r);
  const y2r = f64x2.sub(s0r, s2r), y2i = f64x2.sub(s0i, s2i);
  const y3r = f64x2.sub(s1r, s3i), y3i = f64x2.add(s1i, s3r);
  const w1r = lsp(tw), w1i = lsp(tw + 8), w2r = lsp(tw + 16);
  const w2i = lsp(tw + 24), w3r = lsp(tw + 32), w3i = lsp(tw + 40);
  st(zr + (<usize>i1 << 4), f64x2.sub(f64x2.mul(y1r, w1r), f64x2.mul(y1i, w1i)));
  st(zi + (<usize>i1 << 4), f64x2.add(f64x2.mul(y1r, w1i), f64x2.mul(y1i, w1r)));
  st(zr + (<usize>i2 << 4), f64x2.sub(f64x2.mul(y2r, w2r), f64x2.mul(y2i, w2i)));
  st(zi + (<usize>i2 << 4), f64x2.add(f64x2.mul(y2r, w2i), f64x2.mul(y2i, w2r)));
  st(zr + (<usize>i3 << 4), f64x2.sub(f64x2.mul(y3r, w3r), f64x2.mul(y3i, w3i)));
  st(zi + (<usize>i3 << 4), f64x2.add(f64x2.mul(y3r, w3i), f64x2.mul(y3i, w3r)));
}

/**
 * Natural log of two positive normal doubles, to ~1e-15: x = 2^e·m with m in [√½, √2),
 * ln x = e·ln 2 + 2·atanh((m − 1)/(m + 1)), the series summed to f^15 (|f| ≤ 0.172).
 */
@inline function ln2x(x: v128): v128 {
  const bits = x;
  // exponent: high 32-bit word of each lane >> 20
  const hi = i32x4.shuffle(bits, bits, 1, 3, 1, 3);
  const ei = i32x4.sub(v128.and(i32x4.shr_u(hi, 20), i32x4.splat(0x7ff)), i32x4.splat(1023));
  let e = f64x2.convert_low_i32x4_s(ei);
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, spl(1.4142135623730951));
  m = v128.bitselect(f64x2.mul(m, spl(0.5)), m, big);
  e = v128.bitselect(f64x2.add(e, spl(1.0)), e, big);
  const f = f64x2.div(f64x2.sub(m, spl(1.0)), f64x2.add(m, spl(1.0)));
  const f2 = f64x2.mul(f, f);
  let p = spl(1.0 / 15.0);
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0 / 3.0));
  p = f64x2.add(f64x2.mul(p, f2), spl(1.0));
  return f64x2.add(f64x2.mul(e, spl(0.6931471805599453)), f64x2.mul(f64x2.add(f, f), p));
}

/**
 * dB mel spectrogram of `frames` frames (frame t starts at sample t·hop of the padded f32
 * signal at `sig`) into f64 `db` [frames, nMels]. Returns the maximum dB value.
 */
export function melDb(sig: usize, frames: i32, hop: i32, db: usize): f64 {
  let maxv = spl(-Infinity);
  for (let t = 0; t < frames; t += 2) {
    const tb = t + 1 < frames ? t + 1 : t;
    power2(sig, t * hop, tb * hop);
    const oa = db + (<usize>(t * nMels) << 3);
    const ob = db + (<usize>(tb * nMels) << 3);
    for (let m = 0; m < nMels; m++) {
      const base = pw + (<usize>load<i32>(mStart + (<usize>m << 2)) << 4);
      const w = mW + (<usize>load<i32>(mOff + (<usize>m << 2)) << 3);
      const len = load<i32>(mLen + (<usize>m << 2));
      let acc = f64x2.splat(0);
      for (let j = 0; j < len; j++) acc = f64x2.add(acc, f64x2.mul(lsp(w + (<usize>j << 3)), ld(base + (<usize>j << 4))));
      const v = f64x2.mul(spl(dbPerNeper), ln2x(f64x2.max(acc, spl(amin))));
      store<f64>(oa + (<usize>m << 3), f64x2.extract_lane(v, 0));
      store<f64>(ob + (<usize>m << 3), f64x2.extract_lane(v, 1));
      maxv = f64x2.max(maxv, v);
    }
  }
  const max = Math.max(f64x2.extract_lane(maxv, 0), f64x2.extract_lane(maxv, 1));
  return max;
}

/**
 * DCT-II (basis rows already scaled, lifter folded in) of max(db, floor) [frames, nMels] into f32
 * `out` [frames, nMfcc], two frames per pass, using the even/odd symmetry of the basis.
 */
export function dct(db: usize, frames: i32, floor: f64, out: usize): void {
  const N = nMels;
  const lo = N >> 1;
  const fl = spl(floor);
  for (let t = 0; t < frames; t += 2) {
    const tb = t + 1 < frames ? t + 1 : t;
    const xa = db + (<usize>(t * N) << 3);
    const xb = db + (<usize>(tb * N) << 3);
    for (let n = 0; n < lo; n++) {
      const a = f64x2.max(f64x2(load<f64>(xa + (<usize>n << 3)), load<f64>(xb + (<usize>n << 3))), fl);
      const b = f64x2.max(f64x2(load<f64>(xa + (<usize>(N - 1 - n) << 3)), load<f64>(xb + (<usize>(N - 1 - n) << 3))), fl);
      st(symS + (<usize>n << 4), f64x2.add(a, b));
      st(symD + (<usize>n << 4), f64x2.sub(a, b));
    }
    if (half > lo) {
      st(symS + (<usize>lo << 4), f64x2.max(f64x2(load<f64>(xa + (<usize>lo << 3)), load<f64>(xb + (<usize>lo << 3))), fl));
      st(symD + (<usize>lo << 4), f64x2.splat(0));
    }
    const oa = out + (<usize>(t * nMfcc) << 2);
    const ob = out + (<usize>(tb * nMfcc) << 2);
    let k = 0;
    for (; k + 1 < nMfcc; k += 2) {
      const be = dEven + (<usize>(k * half) << 3);
      const bo = dOdd + (<usize>((k + 1) * half) << 3);
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let n = 0;
      for (; n + 1 < half; n += 2) {
        a0 = f64x2.add(a0, f64x2.mul(lsp(be + (<usize>n << 3)), ld(symS + (<usize>n << 4))));
        a1 = f64x2.add(a1, f64x2.mul(lsp(bo + (<usize>n << 3)), ld(symD + (<usize>n << 4))));
        a2 = f64x2.add(a2, f64x2.mul(lsp(be + (<usize>(n + 1) << 3)), ld(symS + (<usize>(n + 1) << 4))));
        a3 = f64x2.add(a3, f64x2.mul(lsp(bo + (<usize>(n + 1) << 3)), ld(symD + (<usize>(n + 1) << 4))));
      }
      for (; n < half; n++) {
        a0 = f64x2.add(a0, f64x2.mul(lsp(be + (<usize>n << 3)), ld(symS + (<usize>n << 4))));
        a1 = f64x2.add(a1, f64x2.mul(lsp(bo + (<usize>n << 3)), ld(symD + (<usize>n << 4))));
      }
      const ce = f64x2.add(a0, a2), co = f64x2.add(a1, a3);
      store<f32>(oa + (<usize>k << 2), <f32>f64x2.extract_lane(ce, 0));
      store<f32>(ob + (<usize>k << 2), <f32>f64x2.extract_lane(ce, 1));
      store<f32>(oa + (<usize>(k + 1) << 2), <f32>f64x2.extract_lane(co, 0));
      store<f32>(ob + (<usize>(k + 1) << 2), <f32>f64x2.extract_lane(co, 1));
    }
    if (k < nMfcc) {
      const be = dEven + (<usize>(k * half) << 3);
      let a0 = f64x2.splat(0);
      for (let n = 0; n < half; n++) a0 = f64x2.add(a0, f64x2.mul(lsp(be + (<usize>n << 3)), ld(symS + (<usize>n << 4))));
      store<f32>(oa + (<usize>k << 2), <f32>f64x2.extract_lane(a0, 0));
      store<f32>(ob + (<usize>k << 2), <f32>f64x2.extract_lane(a0, 1));
    }
  }
}

/** 1 when every f32 in sig[0 … n) is finite (x·0 is 0 for finite x and NaN for NaN/±Inf). */
export function allFinite(sig: usize, n: i32): i32 {
  let acc = f32x4.splat(0);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(sig + (<usize>i << 2)), zero));
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) s += load<f32>(sig + (<usize>i << 2)) * 0;
  return s == 0 ? 1 : 0;
}

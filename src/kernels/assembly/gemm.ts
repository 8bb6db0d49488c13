// Register-blocked f32x4 matrix multiply.
//
// One generic routine covers A·B and Aᵀ·B: A is addressed through a row stride and a reduction
// (k) stride, so A·B uses (rowStride = lda, kStride = 1) and Aᵀ·B uses (rowStride = 1,
// kStride = lda). B is always [K, N] row-major with leading dimension ldb; C is [M, N] with ldc.
// A·Bᵀ is done by transposing B once (weights are small) and calling the same routine.
//
//   C[i, j] = init(i, j) + Σ_k A(i, k) · B[k, j],   then optional ReLU
//   init = 0 (mode 0), C[i, j] (MODE_ACC), bias[j] (MODE_BIAS)
//
// Micro-kernel: 4 rows × 8 columns = 8 f32x4 accumulators (V8 has 15 usable xmm registers);
// relaxed builds use f32x4.relaxed_madd (FMA on x86), baseline builds mul + add.

export const MODE_ACC: i32 = 1;
export const MODE_BIAS: i32 = 2;
export const MODE_RELU: i32 = 4;

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

@inline function init4(mode: i32, pc: usize, pbias: usize): v128 {
  if (mode & MODE_ACC) return v128.load(pc);
  if (mode & MODE_BIAS) return v128.load(pbias);
  return f32x4.splat(0);
}

@inline function fin4(mode: i32, v: v128): v128 {
  if (mode & MODE_RELU) return f32x4.pmax(v, f32x4.splat(0));
  return v;
}

@inline function init1(mode: i32, pc: usize, pbias: usize): f32 {
  if (mode & MODE_ACC) return load<f32>(pc);
  if (mode & MODE_BIAS) return load<f32>(pbias);
  return 0;
}

@inline function fin1(mode: i32, v: f32): f32 {
  if (mode & MODE_RELU) return v > 0 ? v : 0;
  return v;
}

// 4 rows × 8 columns on a packed A tile ([k][4], 16 bytes per k): immediate load offsets keep
// the loop at ~90 % of the FMA peak (unrolling by two made V8 spill and ran 30 % slower).
function kern4x8p(K: i32, pa: usize, pb: usize, bs: usize, pc: usize, cs: usize, mode: i32, pbias: usize): void {
  const c1 = pc + cs, c2 = c1 + cs, c3 = c2 + cs;
  let a00 = init4(mode, pc, pbias), a01 = init4(mode, pc + 16, pbias + 16);
  let a10 = init4(mode, c1, pbias), a11 = init4(mode, c1 + 16, pbias + 16);
  let a20 = init4(mode, c2, pbias), a21 = init4(mode, c2 + 16, pbias + 16);
  let a30 = init4(mode, c3, pbias), a31 = init4(mode, c3 + 16, pbias + 16);
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    a00 = madd(x, b0, a00); a01 = madd(x, b1, a01);
    x = v128.load32_splat(pa, 4);
    a10 = madd(x, b0, a10); a11 = madd(x, b1, a11);
    x = v128.load32_splat(pa, 8);
    a20 = madd(x, b0, a20); a21 = madd(x, b1, a21);
    x = v128.load32_splat(pa, 12);
    a30 = madd(x, b0, a30); a31 = madd(x, b1, a31);
    pa += 16; pb += bs;
  }
  v128.store(pc, fin4(mode, a00)); v128.store(pc, fin4(mode, a01), 16);
  v128.store(c1, fin4(mode, a10)); v128.store(c1, fin4(mode, a11), 16);
  v128.store(c2, fin4(mode, a20)); v128.store(c2, fin4(mode, a21), 16);
  v128.store(c3, fin4(mode, a30)); v128.store(c3, fin4(mode, a31), 16);
}

// 1 row × 32 columns (8 independent accumulators hide the FMA latency when M is 1).
function kern1x32(K: i32, pa: usize, ks: usize, pb: usize, bs: usize, pc: usize, mode: i32, pbias: usize): void {
  let a0 = init4(mode, pc, pbias), a1 = init4(mode, pc + 16, pbias + 16);
  let a2 = init4(mode, pc + 32, pbias + 32), a3 = init4(mode, pc + 48, pbias + 48);
  let a4 = init4(mode, pc + 64, pbias + 64), a5 = init4(mode, pc + 80, pbias + 80);
  let a6 = init4(mode, pc + 96, pbias + 96), a7 = init4(mode, pc + 112, pbias + 112);
  for (let k = 0; k < K; k++) {
    const x = v128.load32_splat(pa);
    a0 = madd(x, v128.load(pb), a0); a1 = madd(x, v128.load(pb, 16), a1);
    a2 = madd(x, v128.load(pb, 32), a2); a3 = madd(x, v128.load(pb, 48), a3);
    a4 = madd(x, v128.load(pb, 64), a4); a5 = madd(x, v128.load(pb, 80), a5);
    a6 = madd(x, v128.load(pb, 96), a6); a7 = madd(x, v128.load(pb, 112), a7);
    pa += ks; pb += bs;
  }
  v128.store(pc, fin4(mode, a0)); v128.store(pc, fin4(mode, a1), 16);
  v128.store(pc, fin4(mode, a2), 32); v128.store(pc, fin4(mode, a3), 48);
  v128.store(pc, fin4(mode, a4), 64); v128.store(pc, fin4(mode, a5), 80);
  v128.store(pc, fin4(mode, a6), 96); v128.store(pc, fin4(mode, a7), 112);
}

// 1 row × 8 columns, k unrolled by two into separate accumulators.
function kern1x8(K: i32, pa: usize, ks: usize, pb: usize, bs: usize, pc: usize, mode: i32, pbias: usize): void {
  let a0 = init4(mode, pc, pbias), a1 = init4(mode, pc + 16, pbias + 16);
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0);
  let k = 0;
  for (; k + 1 < K; k += 2) {
    const x = v128.load32_splat(pa), y = v128.load32_splat(pa + ks);
    const pb2 = pb + bs;
    a0 = madd(x, v128.load(pb), a0); a1 = madd(x, v128.load(pb, 16), a1);
    e0 = madd(y, v128.load(pb2), e0); e1 = madd(y, v128.load(pb2, 16), e1);
    pa += ks + ks; pb = pb2 + bs;
  }
  if (k < K) {
    const x = v128.load32_splat(pa);
    a0 = madd(x, v128.load(pb), a0); a1 = madd(x, v128.load(pb, 16), a1);
  }
  v128.store(pc, fin4(mode, f32x4.add(a0, e0)));
  v128.store(pc, fin4(mode, f32x4.add(a1, e1)), 16);
}

// 1 row × 4 columns.
function kern1x4(K: i32, pa: usize, ks: usize, pb: usize, bs: usize, pc: usize, mode: i32, pbias: usize): void {
  let a0 = init4(mode, pc, pbias);
  for (let k = 0; k < K; k++) {
    a0 = madd(v128.load32_splat(pa), v128.load(pb), a0);
    pa += ks; pb += bs;
  }
  v128.store(pc, fin4(mode, a0));
}

// 1 row × 1 column.
function kern1x1(K: i32, pa: usize, ks: usize, pb: usize, bs: usize, pc: usize, mode: i32, pbias: usize): void {
  let s = init1(mode, pc, pbias);
  for (let k = 0; k < K; k++) {
    s += load<f32>(pa) * load<f32>(pb);
    pa += ks; pb += bs;
  }
  store<f32>(pc, fin1(mode, s));
}

// One row of C over columns [j0, N).
function gemmRow(N: i32, j0: i32, K: i32, pa: usize, ks: usize, b: usize, bs: usize, pc: usize, mode: i32, bias: usize): void {
  let j = j0;
  for (; j + 32 <= N; j += 32) {
    const o = (<usize>j) << 2;
    kern1x32(K, pa, ks, b + o, bs, pc + o, mode, bias + o);
  }
  for (; j + 8 <= N; j += 8) {
    const o = (<usize>j) << 2;
    kern1x8(K, pa, ks, b + o, bs, pc + o, mode, bias + o);
  }
  for (; j + 4 <= N; j += 4) {
    const o = (<usize>j) << 2;
    kern1x4(K, pa, ks, b + o, bs, pc + o, mode, bias + o);
  }
  for (; j < N; j++) {
    const o = (<usize>j) << 2;
    kern1x1(K, pa, ks, b + o, bs, pc + o, mode, bias + o);
  }
}

// Cache blocking (GotoBLAS style): the reduction is split into KC-deep slices and the rows into
// MC-row blocks. Each A block is packed as [MC/4][KC][4] (the four values a 4-row tile needs at
// one k are adjacent), so the micro-kernel streams it sequentially whatever A's layout (A·B or
// Aᵀ·B), while every 8-column B panel (KC × 8, packed) stays in L1 across the block's row tiles.
let KC = 256;
let MC = 64;
const PACK_FLOATS = 512 * 128;
const PACK = memory.data(PACK_FLOATS * 4, 64);
export function setBlocking(kc: i32, mc: i32): void { KC = kc; MC = mc; }

// Pack rows [i0, i0 + rows) (rows % 4 == 0) × k in [0, kc) of A into PACK.
function packA(rows: i32, kc: i32, a: usize, rs: usize, ks: usize): void {
  let dst = PACK;
  if (rs == 4) {
    // Aᵀ·B: the four rows of a tile are adjacent floats.
    for (let t = 0; t < rows; t += 4) {
      let src = a + (<usize>t) * rs;
      for (let k = 0; k < kc; k++) { v128.store(dst, v128.load(src)); dst += 16; src += ks; }
    }
  } else if (ks == 4) {
    // A·B: transpose 4 × 4 blocks.
    const kc4 = kc & ~3;
    for (let t = 0; t < rows; t += 4) {
      const r0 = a + (<usize>t) * rs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
      let k = 0;
      for (; k < kc4; k += 4) {
        const o = (<usize>k) << 2;
        const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(dst, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(dst, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(dst, i64x2.shuffle(t2, t3, 1, 3), 48);
        dst += 64;
      }
      for (; k < kc; k++) {
        const o = (<usize>k) << 2;
        store<f32>(dst, load<f32>(r0 + o)); store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8); store<f32>(dst, load<f32>(r3 + o), 12);
        dst += 16;
      }
    }
  } else {
    for (let t = 0; t < rows; t += 4) {
      for (let k = 0; k < kc; k++) {
        const src = a + (<usize>t) * rs + (<usize>k) * ks;
        store<f32>(dst, load<f32>(src)); store<f32>(dst, load<f32>(src + rs), 4);
        store<f32>(dst, load<f32>(src + 2 * rs), 8); store<f32>(dst, load<f32>(src + 3 * rs), 12);
        dst += 16;
      }
    }
  }
}

// B is consumed in 8-column panels. When enough rows reuse them, each k slice of B is packed as
// [panel][k][8] (32 contiguous bytes per k) once and shared by every row block: row-major B with
// a power-of-two leading dimension (2 KB for 4u = 512) maps all rows of a panel onto the same
// two L1 sets, so unpacked panels thrash L1 (packing measured +7 % on the LSTM projections and
// weight gradients; the per-step recurrence, with 16 rows, gains nothing from it).
const PACKB_FLOATS = 256 * 1024;
const PACKB = memory.data(PACKB_FLOATS * 4, 64);
/** Below this many full row tiles' rows, packing B per call costs more than it saves. */
const PACKB_MIN_ROWS = 32;

// Pack columns [0, nc) (nc % 8 == 0) × k in [0, kc) of B (row stride bs bytes) as [nc/8][kc][8].
function packB(kc: i32, nc: i32, b: usize, bs: usize, dst: usize): void {
  for (let jp = 0; jp < nc; jp += 8) {
    let src = b + ((<usize>jp) << 2);
    for (let k = 0; k < kc; k++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      dst += 32; src += bs;
    }
  }
}

// Row tiles [0, M4) × panel columns [jc, jc + nc) for one k slice. Panel p of the slice starts at
// panels + p · panelBytes with rows bRow bytes apart.
function runBlock(M4: i32, jc: i32, nc: i32, kc: i32, ak: usize, rs: usize, ks: usize,
  panels: usize, panelBytes: usize, bRow: usize, c: usize, cs: usize, m: i32, bias: usize): void {
  const tileBytes = (<usize>kc) << 4;
  for (let ic = 0; ic < M4; ic += MC) {
    const iEnd = min(ic + MC, M4);
    packA(iEnd - ic, kc, ak + (<usize>ic) * rs, rs, ks);
    for (let jp = 0; jp < nc; jp += 8) {
      const o = (<usize>(jc + jp)) << 2;
      const pb = panels + (<usize>(jp >> 3)) * panelBytes;
      let pa = PACK;
      for (let i = ic; i < iEnd; i += 4) {
        kern4x8p(kc, pa, pb, bRow, c + (<usize>i) * cs + o, cs, m, bias + o);
        pa += tileBytes;
      }
    }
  }
}

/**
 * C[M, N] = init + Σ_k A(i, k) B[k, j] (see the file header). Pointers are byte addresses,
 * strides are in floats. K may be 0 (C becomes init, i.e. zeros / bias / unchanged).
 */
export function gemm(M: i32, N: i32, K: i32, a: usize, aRs: i32, aKs: i32, b: usize, ldb: i32, c: usize, ldc: i32, mode: i32, bias: usize): void {
  const rs = (<usize>aRs) << 2, ks = (<usize>aKs) << 2, bs = (<usize>ldb) << 2, cs = (<usize>ldc) << 2;
  const M4 = M & ~3, N8 = N & ~7;
  const kcMax = min(KC, PACK_FLOATS / MC);
  let pc = 0;
  do {
    const kc = min(kcMax, K - pc);
    const last = pc + kc >= K;
    // First slice initialises C (zeros / C / bias); later slices accumulate. ReLU on the last.
    let m = pc == 0 ? mode & (MODE_ACC | MODE_BIAS) : MODE_ACC;
    if (last) m |= mode & MODE_RELU;
    const ak = a + (<usize>pc) * ks, bk = b + (<usize>pc) * bs;
    if (M4 > 0 && N8 > 0) {
      if (M4 >= PACKB_MIN_ROWS) {
        const ncMax = (PACKB_FLOATS / max(kc, 1)) & ~7;
        for (let jc = 0; jc < N8; jc += ncMax) {
          const nc = min(ncMax, N8 - jc);
          packB(kc, nc, bk + ((<usize>jc) << 2), bs, PACKB);
          runBlock(M4, jc, nc, kc, ak, rs, ks, PACKB, (<usize>kc) << 5, 32, c, cs, m, bias);
        }
      } else {
        runBlock(M4, 0, N8, kc, ak, rs, ks, bk, 32, bs, c, cs, m, bias);
      }
    }
    if (N8 < N) {
      for (let i = 0; i < M4; i++) gemmRow(N, N8, kc, ak + (<usize>i) * rs, ks, bk, bs, c + (<usize>i) * cs, m, bias);
    }
    for (let i = M4; i < M; i++) gemmRow(N, 0, kc, ak + (<usize>i) * rs, ks, bk, bs, c + (<usize>i) * cs, m, bias);
    pc += kc;
  } while (pc < K);
}

/** dst[c, r] = src[r, c] for an R × C block (strides in floats). */
export function transpose(R: i32, C: i32, src: usize, lds: i32, dst: usize, ldd: i32): void {
  const ls = (<usize>lds) << 2, ld = (<usize>ldd) << 2;
  const R4 = R & ~3, C4 = C & ~3;
  for (let r = 0; r < R4; r += 4) {
    const s0 = src + (<usize>r) * ls, s1 = s0 + ls, s2 = s1 + ls, s3 = s2 + ls;
    for (let c = 0; c < C4; c += 4) {
      const o = (<usize>c) << 2;
      const x0 = v128.load(s0 + o), x1 = v128.load(s1 + o), x2 = v128.load(s2 + o), x3 = v128.load(s3 + o);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d0 = dst + (<usize>c) * ld + ((<usize>r) << 2);
      v128.store(d0, i64x2.shuffle(t0, t1, 0, 2));
      v128.store(d0 + ld, i64x2.shuffle(t0, t1, 1, 3));
      v128.store(d0 + 2 * ld, i64x2.shuffle(t2, t3, 0, 2));
      v128.store(d0 + 3 * ld, i64x2.shuffle(t2, t3, 1, 3));
    }
    for (let c = C4; c < C; c++) {
      const o = (<usize>c) << 2;
      const d0 = dst + (<usize>c) * ld + ((<usize>r) << 2);
      store<f32>(d0, load<f32>(s0 + o)); store<f32>(d0, load<f32>(s1 + o), 4);
      store<f32>(d0, load<f32>(s2 + o), 8); store<f32>(d0, load<f32>(s3 + o), 12);
    }
  }
  for (let r = R4; r < R; r++) {
    const s0 = src + (<usize>r) * ls;
    for (let c = 0; c < C; c++) store<f32>(dst + (<usize>c) * ld + ((<usize>r) << 2), load<f32>(s0 + ((<usize>c) << 2)));
  }
}

/** out[j] = Σ_r X[r, j] over R rows of width N (leading dimension ld). Overwrites out. */
export function colSum(R: i32, N: i32, x: usize, ld: i32, out: usize): void {
  const N4 = N & ~3;
  const ls = (<usize>ld) << 2;
  for (let j = 0; j < N4; j += 4) {
    const o = (<usize>j) << 2;
    let s = f32x4.splat(0);
    let p = x + o;
    for (let r = 0; r < R; r++) { s = f32x4.add(s, v128.load(p)); p += ls; }
    v128.store(out + o, s);
  }
  for (let j = N4; j < N; j++) {
    const o = (<usize>j) << 2;
    let s: f32 = 0;
    let p = x + o;
    for (let r = 0; r < R; r++) { s += load<f32>(p); p += ls; }
    store<f32>(out + o, s);
  }
}

// The CNN-LSTM network driven entirely inside WebAssembly:
//   x [B, Tin, Cin] → Conv1D('same', ReLU) → [MaxPool] → L × LSTM (uni/bidirectional) →
//   readout (last step | mean) → [Dense + ReLU] → [Dropout] → Dense + softmax.
// Parameters live in one flat buffer P in tfjs getWeights() order, so the optimizer and the
// gradient exchange between threads are single loops over flat arrays (P, G, M, V).
// Activations are time-major inside the LSTM stack (row = t * B + b) so every step's block is
// contiguous and the input projection of all steps is one GEMM.

import { alloc, allocF32, heapTop, heapReset } from './mem';
import { gemm, transpose, colSum, MODE_BIAS, MODE_RELU } from './gemm';
import { lstmForward, lstmBackward } from './lstm';

// ---- configuration ----------------------------------------------------------------------------
let Tin = 0, Cin = 0, F = 0, KS = 0, PS = 1, L = 0, U = 0, DIRS = 1, DH = 0, NC = 0;
let pooling = false, readoutMean = false;
let dropRate: f32 = 0;
let T1 = 0, TP = 0, PADL = 0, DR = 0, DHEAD = 0;

// ---- parameters -----------------------------------------------------------------------------------
const MAXT = 256;
const TOFF = memory.data(MAXT * 4, 16); // i32 offsets (floats) of each weight tensor in P
const TSZ = memory.data(MAXT * 4, 16);  // i32 sizes
const TREG = memory.data(MAXT * 4, 16); // i32: 1 = L2-regularised kernel
let nTensors = 0, nParams = 0;
let P: usize = 0, G: usize = 0, M: usize = 0, V: usize = 0, G2: usize = 0;
// transposed weights (refreshed before each backward pass)
const WTT = memory.data(MAXT * 8, 16); // per (layer, dir): Wᵀ [4U, Din]
const UTT = memory.data(MAXT * 8, 16); // per (layer, dir): Uᵀ [4U, U]
let W1T: usize = 0, W2T: usize = 0;
let paramMark: usize = 0;

// ---- activations (inputs for `cap` samples, activations for `acap` <= MICRO samples) ----------
/**
 * Samples per forward/backward pass. Larger batches are processed in micro-batches whose weight
 * gradients are summed (GACC): 16 keeps a replica's activations cache-friendly (measured ~5 %
 * faster per sample than 32).
 */
const MICRO = 16;
let cap = 0, acap = 0;
let inOff = 0; // first sample (in X, LAB, SW) of the current micro-batch
let GACC: usize = 0;
let X: usize = 0, LAB: usize = 0, SW: usize = 0, XP: usize = 0, CONV: usize = 0, SEQ0: usize = 0;
const ZT = memory.data(MAXT * 8, 16);
const CST = memory.data(MAXT * 8, 16);
const TCT = memory.data(MAXT * 8, 16);
const HT = memory.data(MAXT * 8, 16); // per layer: H [T1*B, DR]
let RD: usize = 0, D1: usize = 0, MASK: usize = 0, HD: usize = 0, PROB: usize = 0;
let DLOG: usize = 0, DHD: usize = 0, DRG: usize = 0, DHA: usize = 0, DHB: usize = 0;
let DHREC: usize = 0, DC: usize = 0, DCONV: usize = 0;
let lastTraining = false;

@inline function ldp(tab: usize, i: i32): usize { return load<usize>(tab + ((<usize>i) << 3)); }
@inline function stp(tab: usize, i: i32, v: usize): void { store<usize>(tab + ((<usize>i) << 3), v); }
@inline function toff(i: i32): usize { return (<usize>load<i32>(TOFF + ((<usize>i) << 2))) << 2; }
@inline function pw(i: i32): usize { return P + toff(i); }
@inline function gw(i: i32): usize { return G + toff(i); }
@inline function lstmIdx(l: i32, d: i32): i32 { return 2 + (l * DIRS + d) * 3; }
@inline function denseIdx(): i32 { return 2 + L * DIRS * 3; }
@inline function outIdx(): i32 { return denseIdx() + (DH > 0 ? 2 : 0); }
@inline function din(l: i32): i32 { return l == 0 ? F : DR; }
@inline function f32p(p: usize, i: i32): usize { return p + ((<usize>i) << 2); }

function addTensor(size: i32, reg: bool): void {
  store<i32>(TOFF + ((<usize>nTensors) << 2), nParams);
  store<i32>(TSZ + ((<usize>nTensors) << 2), size);
  store<i32>(TREG + ((<usize>nTensors) << 2), reg ? 1 : 0);
  nTensors++;
  nParams += (size + 3) & ~3; // keep every tensor 16-byte aligned
}

/**
 * Configure the network and allocate parameters (zeros), gradients and Adam moments.
 * Flags: bit 0 pooling 'max', bit 1 bidirectional, bit 2 readout 'mean'.
 * Returns the number of weight tensors.
 */
export function netInit(tin: i32, cin: i32, filters: i32, kernelSize: i32, poolSize: i32,
  layers: i32, units: i32, dense: i32, classes: i32, flags: i32, dropout: f32): i32 {
  heapReset(0);
  Tin = tin; Cin = cin; F = filters; KS = kernelSize; PS = poolSize; L = layers; U = units;
  DH = dense; NC = classes; dropRate = dropout;
  pooling = (flags & 1) != 0;
  DIRS = (flags & 2) != 0 ? 2 : 1;
  readoutMean = (flags & 4) != 0;
  if (!pooling) PS = 1;
  T1 = pooling ? Tin / PS : Tin;
  TP = Tin + KS - 1;
  PADL = (KS - 1) >> 1;
  DR = L > 0 ? U * DIRS : F;
  DHEAD = DH > 0 ? DH : DR;
  nTensors = 0; nParams = 0;
  addTensor(KS * Cin * F, true);
  addTensor(F, false);
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < DIRS; d++) {
      addTensor(din(l) * 4 * U, true); // kernelRegularizer covers the input kernel only
      addTensor(U * 4 * U, false);
      addTensor(4 * U, false);
    }
  }
  if (DH > 0) { addTensor(DR * DH, true); addTensor(DH, false); }
  addTensor(DHEAD * NC, true);
  addTensor(NC, false);
  P = allocF32(nParams); G = allocF32(nParams); M = allocF32(nParams); V = allocF32(nParams);
  G2 = allocF32(nParams);
  GACC = allocF32(nParams);
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < DIRS; d++) {
      stp(WTT, l * DIRS + d, allocF32(4 * U * din(l)));
      stp(UTT, l * DIRS + d, allocF32(4 * U * U));
    }
  }
  W1T = DH > 0 ? allocF32(DH * DR) : 0;
  W2T = allocF32(NC * DHEAD);
  paramMark = heapTop();
  cap = 0; acap = 0; inOff = 0;
  return nTensors;
}

export function tensorOffset(i: i32): i32 { return load<i32>(TOFF + ((<usize>i) << 2)); }
export function tensorSize(i: i32): i32 { return load<i32>(TSZ + ((<usize>i) << 2)); }
export function paramCount(): i32 { return nParams; }
export function paramsPtr(): usize { return P; }
export function gradsPtr(): usize { return G; }
export function adamMPtr(): usize { return M; }
export function adamVPtr(): usize { return V; }
export function scratchPtr(): usize { return G2; }
export function pooledFrames(): i32 { return T1; }

/**
 * Make room for `n` input samples (X, labels, weights); activations are sized for
 * min(n, MICRO) samples. Re-allocates everything above the parameters when it grows.
 */
export function reserve(n: i32): void {
  if (n <= cap) return;
  heapReset(paramMark);
  cap = n;
  const b = min(n, MICRO);
  acap = b;
  const R1 = T1 * b;
  X = alloc((<usize>n * Tin * Cin) << 2);
  LAB = alloc((<usize>n) << 2);
  SW = alloc((<usize>n) << 2);
  XP = allocF32(b * TP * Cin + KS * Cin);
  CONV = allocF32(b * TP * F);
  SEQ0 = allocF32(R1 * F);
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < DIRS; d++) {
      stp(ZT, l * DIRS + d, allocF32(R1 * 4 * U));
      stp(CST, l * DIRS + d, allocF32(R1 * U));
      stp(TCT, l * DIRS + d, allocF32(R1 * U));
    }
    stp(HT, l, allocF32(R1 * DR));
  }
  RD = allocF32(b * DR);
  D1 = allocF32(b * max(DH, 1));
  MASK = allocF32(b * DHEAD);
  HD = allocF32(b * DHEAD);
  PROB = allocF32(b * NC);
  DLOG = allocF32(b * NC);
  DHD = allocF32(b * DHEAD);
  DRG = allocF32(b * DR);
  const wmax = max(F, DR);
  DHA = allocF32(R1 * wmax);
  DHB = allocF32(R1 * wmax);
  DHREC = allocF32(b * U);
  DC = allocF32(b * U);
  DCONV = allocF32(b * TP * F);
}

export function capacity(): i32 { return cap; }
/** Largest batch a single forward() may run (MICRO or less). */
export function activationCapacity(): i32 { return acap; }
export function inputPtr(): usize { return X; }
export function labelsPtr(): usize { return LAB; }
export function sampleWeightsPtr(): usize { return SW; }
export function probsPtr(): usize { return PROB; }
/** Conv output after ReLU, [B, Tin + KS - 1, F] (rows t >= Tin of each sample are padding). */
export function convOutPtr(): usize { return CONV; }
/** LSTM input after pooling, time-major [T1, B, F]. */
export function seq0Ptr(): usize { return SEQ0; }
/** Output sequence of LSTM layer l, time-major [T1, B, U * dirs]. */
export function layerOutPtr(l: i32): usize { return ldp(HT, l); }
/** Readout vector [B, U * dirs]. */
export function readoutPtr(): usize { return RD; }

// ---- dropout mask hash (stateless: depends only on seed, global sample index and unit) --------
@inline function mix32(x: u32): u32 {
  x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
  return x;
}

// ---- forward ----------------------------------------------------------------------------------------
/** Forward pass on `b` samples at X. training: apply dropout (seed, global index base). */
export function forward(b: i32, training: bool, seed: u32, base: i32): void {
  forwardConv(b);
  for (let l = 0; l < L; l++) forwardLayer(b, l);
  forwardHead(b, training, seed, base);
}

/** Forward stage 1: padding, Conv1D + ReLU, pooling into SEQ0. */
export function forwardConv(b: i32): void {
  const rowIn = (<usize>Cin) << 2;
  // 'same' zero padding: XP [b, TP, Cin]
  for (let s = 0; s < b; s++) {
    const dst = XP + (<usize>s * TP) * rowIn;
    memory.fill(dst, 0, (<usize>PADL) * rowIn);
    memory.copy(dst + (<usize>PADL) * rowIn, X + (<usize>((inOff + s) * Tin)) * rowIn, (<usize>Tin) * rowIn);
    memory.fill(dst + (<usize>(PADL + Tin)) * rowIn, 0, (<usize>(TP - PADL - Tin)) * rowIn);
  }
  // Conv1D as one GEMM over overlapping windows (row stride Cin, K = KS * Cin); rows that straddle
  // two samples are computed and ignored.
  gemm(b * TP - (KS - 1), F, KS * Cin, XP, Cin, 1, pw(0), F, CONV, F, MODE_BIAS | MODE_RELU, pw(1));
  // Pool (or copy) into time-major SEQ0 [T1, b, F].
  const fb = (<usize>F) << 2;
  const F4 = F & ~3;
  for (let t = 0; t < T1; t++) {
    for (let s = 0; s < b; s++) {
      const dst = SEQ0 + (<usize>(t * b + s)) * fb;
      const src = CONV + (<usize>(s * TP + t * PS)) * fb;
      if (PS == 1) { memory.copy(dst, src, fb); continue; }
      for (let f = 0; f < F4; f += 4) {
        const o = (<usize>f) << 2;
        let m = v128.load(src + o);
        for (let j = 1; j < PS; j++) m = f32x4.pmax(m, v128.load(src + (<usize>j) * fb + o));
        v128.store(dst + o, m);
      }
      for (let f = F4; f < F; f++) {
        const o = (<usize>f) << 2;
        let m = load<f32>(src + o);
        for (let j = 1; j < PS; j++) { const v = load<f32>(src + (<usize>j) * fb + o); if (v > m) m = v; }
        store<f32>(dst + o, m);
      }
    }
  }
}

/** Forward stage 2: LSTM layer l (both directions). */
export function forwardLayer(b: i32, l: i32): void {
  const x = l == 0 ? SEQ0 : ldp(HT, l - 1);
  const D = din(l);
  const h = ldp(HT, l);
  for (let d = 0; d < DIRS; d++) {
    const k = lstmIdx(l, d);
    const ld = l * DIRS + d;
    lstmForward(T1, b, D, U, x, D, pw(k), pw(k + 1), pw(k + 2), ldp(ZT, ld), ldp(CST, ld), ldp(TCT, ld),
      h + ((<usize>(d * U)) << 2), DR, d == 1);
  }
}

/** Forward stage 3: readout, dense, dropout, output softmax. */
export function forwardHead(b: i32, training: bool, seed: u32, base: i32): void {
  lastTraining = training;
  const x = L > 0 ? ldp(HT, L - 1) : SEQ0;
  // Readout → RD [b, DR]
  const drb = (<usize>DR) << 2;
  if (readoutMean) {
    memory.fill(RD, 0, (<usize>b) * drb);
    for (let t = 0; t < T1; t++) {
      for (let s = 0; s < b; s++) {
        const src = x + (<usize>(t * b + s)) * drb, dst = RD + (<usize>s) * drb;
        for (let j = 0; j < DR; j++) store<f32>(f32p(dst, j), load<f32>(f32p(dst, j)) + load<f32>(f32p(src, j)));
      }
    }
    const inv: f32 = <f32>T1;
    for (let i = 0; i < b * DR; i++) store<f32>(f32p(RD, i), load<f32>(f32p(RD, i)) / inv);
  } else if (L > 0) {
    const ub = (<usize>U) << 2;
    for (let s = 0; s < b; s++) {
      memory.copy(RD + (<usize>s) * drb, x + (<usize>((T1 - 1) * b + s)) * drb, ub);
      if (DIRS == 2) memory.copy(RD + (<usize>s) * drb + ub, x + (<usize>s) * drb + ub, ub);
    }
  } else {
    memory.copy(RD, x + (<usize>((T1 - 1) * b)) * drb, (<usize>b) * drb);
  }
  // Head
  let hin = RD;
  if (DH > 0) {
    const k = denseIdx();
    gemm(b, DH, DR, RD, DR, 1, pw(k), DH, D1, DH, MODE_BIAS | MODE_RELU, pw(k + 1));
    hin = D1;
  }
  const n = b * DHEAD;
  // Dropout follows the hidden dense layer only (none when denseUnits is 0), as buildCnnLstm.
  if (training && dropRate > 0 && DH > 0) {
    const scale: f32 = <f32>1.0 / (<f32>1.0 - dropRate);
    const thr = <u32>(<f64>dropRate * 16777216.0);
    for (let s = 0; s < b; s++) {
      const hs = mix32(seed ^ mix32(<u32>(base + s) * 0x9e3779b1));
      for (let j = 0; j < DHEAD; j++) {
        const r = mix32(hs + <u32>j * 0x85ebca77) >> 8;
        const i = s * DHEAD + j;
        const m: f32 = r >= thr ? scale : 0;
        store<f32>(f32p(MASK, i), m);
        store<f32>(f32p(HD, i), load<f32>(f32p(hin, i)) * m);
      }
    }
  } else {
    memory.copy(HD, hin, (<usize>n) << 2);
  }
  const ko = outIdx();
  gemm(b, NC, DHEAD, HD, DHEAD, 1, pw(ko), NC, PROB, NC, MODE_BIAS, pw(ko + 1));
  // softmax (same op order as tfjs: x - max, exp, / sum)
  for (let s = 0; s < b; s++) {
    const row = PROB + ((<usize>(s * NC)) << 2);
    let mx = load<f32>(row);
    for (let j = 1; j < NC; j++) mx = max(mx, load<f32>(f32p(row, j)));
    let sum: f32 = 0;
    for (let j = 0; j < NC; j++) { const e = Mathf.exp(load<f32>(f32p(row, j)) - mx); store<f32>(f32p(row, j), e); sum += e; }
    for (let j = 0; j < NC; j++) store<f32>(f32p(row, j), load<f32>(f32p(row, j)) / sum);
  }
}

/**
 * Cross-entropy on PROB against LAB with per-sample weights SW (tfjs categoricalCrossentropy:
 * renormalise, clip to [1e-7, 1 - 1e-7]). Fills DLOG with d(mean loss)/d(logits) using `invB`
 * = 1 / (global batch size). Returns Σ w_i · loss_i.
 */
let nCorrect = 0;
/** Samples whose arg-max probability matched the label in the last lossGrad call. */
export function lastCorrect(): i32 { return nCorrect; }

export function lossGrad(b: i32, invB: f32): f64 {
  nCorrect = 0;
  const eps: f32 = 1e-7;
  const hi: f32 = <f32>(1.0 - 1e-7);
  let total: f64 = 0;
  for (let s = 0; s < b; s++) {
    const row = PROB + ((<usize>(s * NC)) << 2);
    const drow = DLOG + ((<usize>(s * NC)) << 2);
    const y = load<i32>(LAB + ((<usize>(inOff + s)) << 2));
    const w = load<f32>(SW + ((<usize>(inOff + s)) << 2));
    let sum: f32 = 0;
    let best = 0;
    for (let j = 0; j < NC; j++) {
      const p = load<f32>(f32p(row, j));
      sum += p;
      if (p > load<f32>(f32p(row, best))) best = j;
    }
    if (best == y) nCorrect++;
    const q = load<f32>(f32p(row, y)) / sum;
    const qc = q < eps ? eps : q > hi ? hi : q;
    total += <f64>w * <f64>(-Mathf.log(qc));
    const pass = q >= eps && q <= hi;
    const scale: f32 = w * invB;
    for (let j = 0; j < NC; j++) {
      let g: f32 = 0;
      if (pass) g = (load<f32>(f32p(row, j)) / sum - (j == y ? <f32>1 : <f32>0)) * scale;
      store<f32>(f32p(drow, j), g);
    }
  }
  return total;
}

function refreshTransposes(): void {
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < DIRS; d++) {
      const k = lstmIdx(l, d);
      const D = din(l);
      transpose(D, 4 * U, pw(k), 4 * U, ldp(WTT, l * DIRS + d), D);
      transpose(U, 4 * U, pw(k + 1), 4 * U, ldp(UTT, l * DIRS + d), U);
    }
  }
  if (DH > 0) transpose(DR, DH, pw(denseIdx()), DH, W1T, DR);
  transpose(DHEAD, NC, pw(outIdx()), NC, W2T, DHEAD);
}

/** Backward pass after forward + lossGrad on the same `b` samples: fills G (overwrites). */
export function backward(b: i32): void {
  backwardHead(b);
  for (let l = L - 1; l >= 0; l--) backwardLayer(b, l);
  backwardConv(b);
}

/** Backward stage 1: output and dense layers, dropout, readout → d(top LSTM outputs). */
export function backwardHead(b: i32): void {
  refreshTransposes();
  // Output dense
  const ko = outIdx();
  gemm(DHEAD, NC, b, HD, 1, DHEAD, DLOG, NC, gw(ko), NC, 0, 0);
  colSum(b, NC, DLOG, NC, gw(ko + 1));
  gemm(b, DHEAD, NC, DLOG, NC, 1, W2T, DHEAD, DHD, DHEAD, 0, 0);
  const n = b * DHEAD;
  if (lastTraining && dropRate > 0 && DH > 0) {
    for (let i = 0; i < n; i++) store<f32>(f32p(DHD, i), load<f32>(f32p(DHD, i)) * load<f32>(f32p(MASK, i)));
  }
  let dr = DHD;
  if (DH > 0) {
    for (let i = 0; i < n; i++) if (!(load<f32>(f32p(D1, i)) > 0)) store<f32>(f32p(DHD, i), 0);
    const k = denseIdx();
    gemm(DR, DH, b, RD, 1, DR, DHD, DH, gw(k), DH, 0, 0);
    colSum(b, DH, DHD, DH, gw(k + 1));
    gemm(b, DR, DH, DHD, DH, 1, W1T, DR, DRG, DR, 0, 0);
    dr = DRG;
  }
  // Readout backward → DHA [T1*b, DR]
  const drb = (<usize>DR) << 2;
  const R1 = T1 * b;
  if (readoutMean) {
    const inv: f32 = <f32>T1;
    for (let t = 0; t < T1; t++) {
      for (let s = 0; s < b; s++) {
        const dst = DHA + (<usize>(t * b + s)) * drb, src = dr + (<usize>s) * drb;
        for (let j = 0; j < DR; j++) store<f32>(f32p(dst, j), load<f32>(f32p(src, j)) / inv);
      }
    }
  } else {
    memory.fill(DHA, 0, (<usize>R1) * drb);
    const ub = (<usize>U) << 2;
    if (L > 0) {
      for (let s = 0; s < b; s++) {
        memory.copy(DHA + (<usize>((T1 - 1) * b + s)) * drb, dr + (<usize>s) * drb, ub);
        if (DIRS == 2) memory.copy(DHA + (<usize>s) * drb + ub, dr + (<usize>s) * drb + ub, ub);
      }
    } else {
      memory.copy(DHA + (<usize>((T1 - 1) * b)) * drb, dr, (<usize>b) * drb);
    }
  }
}

// Gradient w.r.t. the output of layer l lives in DHA when (L - 1 - l) is even, else DHB; the
// gradient w.r.t. SEQ0 ends up in the buffer after layer 0's.
@inline function gradIn(l: i32): usize { return ((L - 1 - l) & 1) == 0 ? DHA : DHB; }

/** Backward stage 2: LSTM layer l (both directions); writes d(layer input). */
export function backwardLayer(b: i32, l: i32): void {
  const dIn = gradIn(l), dOut = dIn == DHA ? DHB : DHA;
  const D = din(l);
  const x = l == 0 ? SEQ0 : ldp(HT, l - 1);
  const h = ldp(HT, l);
  for (let d = 0; d < DIRS; d++) {
    const k = lstmIdx(l, d);
    const ld = l * DIRS + d;
    const co = (<usize>(d * U)) << 2;
    lstmBackward(T1, b, D, U, x, D, ldp(WTT, ld), ldp(UTT, ld), ldp(ZT, ld), ldp(CST, ld), ldp(TCT, ld),
      h + co, DR, dIn + co, DR, dOut, d > 0, gw(k), gw(k + 1), gw(k + 2), DHREC, DC, d == 1);
  }
}

/** Backward stage 3: pooling and ReLU routing, Conv1D weight gradients. */
export function backwardConv(b: i32): void {
  // d(loss)/d(SEQ0) [T1, b, F] → DCONV [b, TP, F].
  const dIn = L > 0 ? (gradIn(0) == DHA ? DHB : DHA) : DHA;
  const fb = (<usize>F) << 2;
  const F4 = F & ~3;
  const zero = f32x4.splat(0);
  for (let s = 0; s < b; s++) {
    // rows never reached by a pooling window (tail frames, padding) get no gradient
    const tail = DCONV + (<usize>(s * TP + T1 * PS)) * fb;
    memory.fill(tail, 0, (<usize>(TP - T1 * PS)) * fb);
  }
  for (let t = 0; t < T1; t++) {
    for (let s = 0; s < b; s++) {
      const g = dIn + (<usize>(t * b + s)) * fb;
      const base = (<usize>(s * TP + t * PS)) * fb;
      const src = CONV + base, dst = DCONV + base;
      // The gradient goes to the first maximum of each window, and only if it passed the ReLU.
      for (let f = 0; f < F4; f += 4) {
        const o = (<usize>f) << 2;
        let m = v128.load(src + o);
        for (let j = 1; j < PS; j++) m = f32x4.pmax(m, v128.load(src + (<usize>j) * fb + o));
        const gv = v128.and(v128.load(g + o), f32x4.gt(m, zero));
        let taken = i32x4.splat(0);
        for (let j = 0; j < PS; j++) {
          const sel = v128.andnot(f32x4.eq(v128.load(src + (<usize>j) * fb + o), m), taken);
          taken = v128.or(taken, sel);
          v128.store(dst + (<usize>j) * fb + o, v128.and(gv, sel));
        }
      }
      for (let f = F4; f < F; f++) {
        const o = (<usize>f) << 2;
        let bj = 0;
        let m = load<f32>(src + o);
        for (let j = 1; j < PS; j++) {
          const v = load<f32>(src + (<usize>j) * fb + o);
          if (v > m) { m = v; bj = j; }
        }
        for (let j = 0; j < PS; j++) store<f32>(dst + (<usize>j) * fb + o, j == bj && m > 0 ? load<f32>(g + o) : 0);
      }
    }
  }
  gemm(KS * Cin, F, b * TP - (KS - 1), XP, 1, Cin, DCONV, F, gw(0), F, 0, 0);
  colSum(b * TP, F, DCONV, F, gw(1));
}

/**
 * Loss and weight gradients (G) of `b` samples at X/LAB/SW, in micro-batches of at most MICRO
 * samples whose gradients are summed. invB = 1 / (global batch size); `base` is the global index
 * of the first sample (dropout masks depend on it). Returns Σ w_i · loss_i; lastCorrect() gives
 * the number of arg-max hits.
 */
export function gradients(b: i32, invB: f32, training: bool, seed: u32, base: i32): f64 {
  let loss: f64 = 0;
  let correct = 0;
  const bytes = (<usize>nParams) << 2;
  for (let s0 = 0; s0 < b; s0 += MICRO) {
    const n = min(MICRO, b - s0);
    inOff = s0;
    forward(n, training, seed, base + s0);
    loss += lossGrad(n, invB);
    correct += nCorrect;
    backward(n);
    if (b > MICRO) {
      if (s0 == 0) {
        memory.copy(GACC, G, bytes);
      } else {
        for (let i = 0; i < nParams; i += 4) {
          const o = (<usize>i) << 2;
          v128.store(GACC + o, f32x4.add(v128.load(GACC + o), v128.load(G + o)));
        }
      }
    }
  }
  if (b > MICRO) memory.copy(G, GACC, bytes);
  inOff = 0;
  nCorrect = correct;
  return loss;
}

/** G += G2 (gradient exchange between replicas; fixed order keeps replicas bit-identical). */
export function addScratchToGrads(): void {
  const n = nParams;
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(G + o, f32x4.add(v128.load(G + o), v128.load(G2 + o)));
  }
}

/** Keras L2 on kernels (conv, LSTM input kernels, dense): G += 2·l2·W; returns Σ W² over them. */
export function applyL2(l2: f32): f64 {
  let total: f64 = 0;
  const two: f32 = l2 * 2;
  for (let t = 0; t < nTensors; t++) {
    if (load<i32>(TREG + ((<usize>t) << 2)) == 0) continue;
    const off = tensorOffset(t), sz = tensorSize(t);
    let s: f32 = 0;
    for (let i = 0; i < sz; i++) {
      const p = (<usize>(off + i)) << 2;
      const w = load<f32>(P + p);
      s += w * w;
      store<f32>(G + p, load<f32>(G + p) + two * w);
    }
    total += <f64>s;
  }
  return total;
}

/**
 * One Adam step over all parameters with tfjs AdamOptimizer semantics (f32 arithmetic, same op
 * order): m = m·β1 + g·(1-β1); v = v·β2 + g²·(1-β2); w += (m/(1-β1ᵗ)) / (sqrt(v/(1-β2ᵗ)) + ε) · (-lr).
 */
export function adamStep(negLr: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, omAcc1: f32, omAcc2: f32, eps: f32): void {
  const n = nParams;
  const vb1 = f32x4.splat(b1), vomb1 = f32x4.splat(omb1), vb2 = f32x4.splat(b2), vomb2 = f32x4.splat(omb2);
  const va1 = f32x4.splat(omAcc1), va2 = f32x4.splat(omAcc2), veps = f32x4.splat(eps), vlr = f32x4.splat(negLr);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    const g = v128.load(G + o);
    const m = f32x4.add(f32x4.mul(v128.load(M + o), vb1), f32x4.mul(g, vomb1));
    const v = f32x4.add(f32x4.mul(v128.load(V + o), vb2), f32x4.mul(f32x4.mul(g, g), vomb2));
    v128.store(M + o, m);
    v128.store(V + o, v);
    const mh = f32x4.div(m, va1), vh = f32x4.div(v, va2);
    const upd = f32x4.mul(f32x4.div(mh, f32x4.add(f32x4.sqrt(vh), veps)), vlr);
    v128.store(P + o, f32x4.add(upd, v128.load(P + o)));
  }
}

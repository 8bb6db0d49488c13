// LSTM (Keras / tfjs-layers semantics, gate order i, f, c, o; sigmoid recurrent activation, tanh
// activation) over a whole time-major sequence, forward and backward through time.
//
// Layouts (floats, row-major, time-major rows r = t * B + b):
//   X  [T*B, D]  (leading dimension ldx)     input sequence
//   W  [D, 4u], U [u, 4u], bias [4u]          tfjs layout (kernel, recurrentKernel, bias)
//   Z  [T*B, 4u] pre-activations → activated gates (forward) → gate gradients (backward)
//   Cs [T*B, u] cell state, TC [T*B, u] tanh(cell)
//   H  [T*B, ·] output h (leading dimension ldh; a column offset is folded into the pointer so
//               the two directions of a Bidirectional layer share one concat buffer)
// `reverse` processes t = T-1 … 0 (tfjs goBackwards); outputs stay at their input positions.

import { gemm, colSum, MODE_ACC, MODE_BIAS } from './gemm';
import { sigmoid4, tanh4 } from './math';

@inline function spl(x: f32): v128 { return f32x4.splat(x); }

// Gate math for one time step: Z row block [B, 4u] (pre-activations) → activated gates, cell,
// tanh(cell), h. cp = previous cell block (0 = none, i.e. zero state).
function gatesForward(B: i32, u: i32, z: usize, cp: usize, c: usize, tc: usize, h: usize, ldh: i32): void {
  const ub = (<usize>u) << 2;
  const U4 = u & ~3;
  for (let b = 0; b < B; b++) {
    const zr = z + (<usize>b) * (ub << 2);
    const cr = c + (<usize>b) * ub;
    const tr = tc + (<usize>b) * ub;
    const hr = h + (((<usize>b) * ldh) << 2);
    const pr = cp + (<usize>b) * ub;
    for (let k = 0; k < U4; k += 4) {
      const o = (<usize>k) << 2;
      const i = sigmoid4(v128.load(zr + o));
      const f = sigmoid4(v128.load(zr + ub + o));
      const g = tanh4(v128.load(zr + 2 * ub + o));
      const og = sigmoid4(v128.load(zr + 3 * ub + o));
      let cv = f32x4.mul(i, g);
      if (cp != 0) cv = f32x4.add(f32x4.mul(f, v128.load(pr + o)), cv);
      const t = tanh4(cv);
      v128.store(zr + o, i); v128.store(zr + ub + o, f);
      v128.store(zr + 2 * ub + o, g); v128.store(zr + 3 * ub + o, og);
      v128.store(cr + o, cv); v128.store(tr + o, t);
      v128.store(hr + o, f32x4.mul(og, t));
    }
    for (let k = U4; k < u; k++) {
      const o = (<usize>k) << 2;
      const i = f32x4.extract_lane(sigmoid4(spl(load<f32>(zr + o))), 0);
      const f = f32x4.extract_lane(sigmoid4(spl(load<f32>(zr + ub + o))), 0);
      const g = f32x4.extract_lane(tanh4(spl(load<f32>(zr + 2 * ub + o))), 0);
      const og = f32x4.extract_lane(sigmoid4(spl(load<f32>(zr + 3 * ub + o))), 0);
      let cv: f32 = i * g;
      if (cp != 0) cv = f * load<f32>(pr + o) + cv;
      const t = f32x4.extract_lane(tanh4(spl(cv)), 0);
      store<f32>(zr + o, i); store<f32>(zr + ub + o, f);
      store<f32>(zr + 2 * ub + o, g); store<f32>(zr + 3 * ub + o, og);
      store<f32>(cr + o, cv); store<f32>(tr + o, t);
      store<f32>(hr + o, og * t);
    }
  }
}

// Backward gate math for one step. dhOut: gradient from above for this step (ld ldo; 0 = none),
// dhRec: gradient from the recurrence ([B, u]; 0 = none), dc: running cell gradient [B, u]
// (in: from step t+1, out: carried to step t-1; `first` = no carry yet). Overwrites Z (gates)
// with the pre-activation gradients [di, df, dg, do].
function gatesBackward(B: i32, u: i32, z: usize, c: usize, tc: usize, cp: usize,
  dhOut: usize, ldo: i32, dhRec: usize, dc: usize, first: bool): void {
  const ub = (<usize>u) << 2;
  const U4 = u & ~3;
  const one = spl(1.0);
  for (let b = 0; b < B; b++) {
    const zr = z + (<usize>b) * (ub << 2);
    const off = (<usize>b) * ub;
    const orow = dhOut + (((<usize>b) * ldo) << 2);
    for (let k = 0; k < U4; k += 4) {
      const o = (<usize>k) << 2;
      const i = v128.load(zr + o), f = v128.load(zr + ub + o);
      const g = v128.load(zr + 2 * ub + o), og = v128.load(zr + 3 * ub + o);
      const t = v128.load(tc + off + o);
      let dh = spl(0);
      if (dhOut != 0) dh = v128.load(orow + o);
      if (dhRec != 0) dh = f32x4.add(dh, v128.load(dhRec + off + o));
      let dcv = f32x4.mul(f32x4.mul(dh, og), f32x4.sub(one, f32x4.mul(t, t)));
      if (!first) dcv = f32x4.add(v128.load(dc + off + o), dcv);
      const dO = f32x4.mul(f32x4.mul(dh, t), f32x4.mul(og, f32x4.sub(one, og)));
      const dI = f32x4.mul(f32x4.mul(dcv, g), f32x4.mul(i, f32x4.sub(one, i)));
      const dG = f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(g, g)));
      let dF = spl(0);
      if (cp != 0) dF = f32x4.mul(f32x4.mul(dcv, v128.load(cp + off + o)), f32x4.mul(f, f32x4.sub(one, f)));
      v128.store(dc + off + o, f32x4.mul(dcv, f));
      v128.store(zr + o, dI); v128.store(zr + ub + o, dF);
      v128.store(zr + 2 * ub + o, dG); v128.store(zr + 3 * ub + o, dO);
    }
    for (let k = U4; k < u; k++) {
      const o = (<usize>k) << 2;
      const i = load<f32>(zr + o), f = load<f32>(zr + ub + o);
      const g = load<f32>(zr + 2 * ub + o), og = load<f32>(zr + 3 * ub + o);
      const t = load<f32>(tc + off + o);
      let dh: f32 = 0;
      if (dhOut != 0) dh = load<f32>(orow + o);
      if (dhRec != 0) dh += load<f32>(dhRec + off + o);
      let dcv: f32 = dh * og * (1 - t * t);
      if (!first) dcv = load<f32>(dc + off + o) + dcv;
      const dO: f32 = dh * t * (og * (1 - og));
      const dI: f32 = dcv * g * (i * (1 - i));
      const dG: f32 = dcv * i * (1 - g * g);
      let dF: f32 = 0;
      if (cp != 0) dF = dcv * load<f32>(cp + off + o) * (f * (1 - f));
      store<f32>(dc + off + o, dcv * f);
      store<f32>(zr + o, dI); store<f32>(zr + ub + o, dF);
      store<f32>(zr + 2 * ub + o, dG); store<f32>(zr + 3 * ub + o, dO);
    }
  }
}

/** Forward pass of one LSTM direction over the whole sequence (see file header). */
export function lstmForward(T: i32, B: i32, D: i32, u: i32, x: usize, ldx: i32,
  w: usize, uu: usize, bias: usize, z: usize, cs: usize, tc: usize, h: usize, ldh: i32, reverse: bool): void {
  const G = 4 * u;
  // Input projection for every step at once: Z = X·W + bias.
  gemm(T * B, G, D, x, ldx, 1, w, G, z, G, MODE_BIAS, bias);
  const zStep = (<usize>B * G) << 2, cStep = (<usize>B * u) << 2, hStep = (<usize>B * ldh) << 2;
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    const tp = reverse ? t + 1 : t - 1;
    const zt = z + (<usize>t) * zStep;
    let cp: usize = 0;
    if (s > 0) {
      // Recurrence: Z_t += h_{t-1} · U.
      gemm(B, G, u, h + (<usize>tp) * hStep, ldh, 1, uu, G, zt, G, MODE_ACC, 0);
      cp = cs + (<usize>tp) * cStep;
    }
    gatesForward(B, u, zt, cp, cs + (<usize>t) * cStep, tc + (<usize>t) * cStep, h + (<usize>t) * hStep, ldh);
  }
}

/**
 * Backward pass of one LSTM direction. Needs the forward buffers (Z holds activated gates and is
 * overwritten with gate gradients). dhOut [T*B, ·] (ld ldo) is the gradient of the loss w.r.t.
 * this direction's outputs. Writes dW [D, 4u], dU [u, 4u], dB [4u] (overwrite) and, when dx != 0,
 * dX [T*B, D] (ld ldx; overwritten, or accumulated when accX). wt = Wᵀ [4u, D], ut = Uᵀ [4u, u];
 * dhRec and dc are [B, u] scratch buffers.
 */
export function lstmBackward(T: i32, B: i32, D: i32, u: i32, x: usize, ldx: i32,
  wt: usize, ut: usize, z: usize, cs: usize, tc: usize, h: usize, ldh: i32,
  dhOut: usize, ldo: i32, dx: usize, accX: bool, dw: usize, du: usize, db: usize,
  dhRec: usize, dc: usize, reverse: bool): void {
  const G = 4 * u;
  const zStep = (<usize>B * G) << 2, cStep = (<usize>B * u) << 2, hStep = (<usize>B * ldh) << 2;
  const oStep = (<usize>B * ldo) << 2;
  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    const tp = reverse ? t + 1 : t - 1;
    const zt = z + (<usize>t) * zStep;
    const cp: usize = s > 0 ? cs + (<usize>tp) * cStep : 0;
    gatesBackward(B, u, zt, cs + (<usize>t) * cStep, tc + (<usize>t) * cStep, cp,
      dhOut + (<usize>t) * oStep, ldo, s < T - 1 ? dhRec : 0, dc, s == T - 1);
    // dh_{t-1} (recurrent part) = dZ_t · Uᵀ.
    if (s > 0) gemm(B, u, G, zt, G, 1, ut, u, dhRec, u, 0, 0);
  }
  const R = T * B;
  // dW = Xᵀ · dZ over all steps.
  gemm(D, G, R, x, 1, ldx, z, G, dw, G, 0, 0);
  // dU = Σ_t h_{t-1}ᵀ · dZ_t: rows of H shifted by one step against rows of dZ.
  if (T > 1) {
    if (reverse) gemm(u, G, (T - 1) * B, h + hStep, 1, ldh, z, G, du, G, 0, 0);
    else gemm(u, G, (T - 1) * B, h, 1, ldh, z + zStep, G, du, G, 0, 0);
  } else {
    memory.fill(du, 0, (<usize>u * G) << 2);
  }
  colSum(R, G, z, G, db);
  // dX = dZ · Wᵀ.
  if (dx != 0) gemm(R, D, G, z, G, 1, wt, D, dx, ldx, accX ? MODE_ACC : 0, 0);
}

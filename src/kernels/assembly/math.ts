// Vectorised transcendental functions (Cephes single-precision polynomials, ~1-2 ulp).
// Polynomials use fused multiply-add in the relaxed-SIMD build (fewer instructions, slightly
// different rounding than the baseline build's mul + add).

@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline function spl(x: f32): v128 { return f32x4.splat(x); }
/** a · b + c */
@inline function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}
/** c - a · b */
@inline function fnma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_nmadd(a, b, c);
  } else {
    return f32x4.sub(c, f32x4.mul(a, b));
  }
}

/** e^x for four lanes; x is clamped to [-87.3, 88.3]. */
@inline export function exp4(x0: v128): v128 {
  let x = f32x4.pmin(f32x4.pmax(x0, spl(-87.3)), spl(88.3));
  // n = round(x · log2 e) via the 1.5·2^23 trick: the integer lands in the low mantissa bits.
  const magic = spl(12582912.0);
  const t = fma(x, spl(1.44269504088896341), magic);
  const fx = sub(t, magic);
  x = fnma(fx, spl(0.693359375), x);
  x = fnma(fx, spl(-2.12194440e-4), x);
  const z = mul(x, x);
  let y = fma(spl(1.9875691500e-4), x, spl(1.3981999507e-3));
  y = fma(y, x, spl(8.3334519073e-3));
  y = fma(y, x, spl(4.1665795894e-2));
  y = fma(y, x, spl(1.6666665459e-1));
  y = fma(y, x, spl(5.0000001201e-1));
  y = add(fma(y, z, x), spl(1.0));
  const n = i32x4.sub(t, magic);
  const p2 = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return mul(y, p2);
}

/** Logistic sigmoid 1 / (1 + e^-x). */
@inline export function sigmoid4(x: v128): v128 {
  return f32x4.div(spl(1.0), add(spl(1.0), exp4(f32x4.neg(x))));
}

/** Hyperbolic tangent: odd polynomial for |x| < 0.625, 1 - 2 / (e^{2|x|} + 1) above. */
@inline export function tanh4(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = mul(x, x);
  let p = fma(spl(-5.70498872745e-3), z, spl(2.06390887954e-2));
  p = fma(p, z, spl(-5.37397155531e-2));
  p = fma(p, z, spl(1.33314422036e-1));
  p = fma(p, z, spl(-3.33332819422e-1));
  p = fma(mul(p, z), x, x);
  const e = exp4(add(a, a));
  const big = sub(spl(1.0), f32x4.div(spl(2.0), add(e, spl(1.0))));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(p, signed, f32x4.lt(a, spl(0.625)));
}

/** Scalar versions (identical arithmetic, lane 0). */
export function sigmoid1(x: f32): f32 { return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0); }
export function tanh1(x: f32): f32 { return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0); }
export function exp1(x: f32): f32 { return f32x4.extract_lane(exp4(f32x4.splat(x)), 0); }

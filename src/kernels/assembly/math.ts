// Vectorised transcendental functions (Cephes single-precision polynomials, ~1-2 ulp).
// Plain mul/add (no FMA) so the baseline and relaxed builds compute identical activations.

@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline function spl(x: f32): v128 { return f32x4.splat(x); }

/** e^x for four lanes; x is clamped to [-87.3, 88.3]. */
@inline export function exp4(x0: v128): v128 {
  let x = f32x4.pmin(f32x4.pmax(x0, spl(-87.3)), spl(88.3));
  // n = round(x · log2 e) via the 1.5·2^23 trick: the integer lands in the low mantissa bits.
  const magic = spl(12582912.0);
  const t = add(mul(x, spl(1.44269504088896341)), magic);
  const fx = sub(t, magic);
  x = sub(x, mul(fx, spl(0.693359375)));
  x = sub(x, mul(fx, spl(-2.12194440e-4)));
  const z = mul(x, x);
  let y = spl(1.9875691500e-4);
  y = add(mul(y, x), spl(1.3981999507e-3));
  y = add(mul(y, x), spl(8.3334519073e-3));
  y = add(mul(y, x), spl(4.1665795894e-2));
  y = add(mul(y, x), spl(1.6666665459e-1));
  y = add(mul(y, x), spl(5.0000001201e-1));
  y = add(add(mul(y, z), x), spl(1.0));
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
  let p = spl(-5.70498872745e-3);
  p = add(mul(p, z), spl(2.06390887954e-2));
  p = add(mul(p, z), spl(-5.37397155531e-2));
  p = add(mul(p, z), spl(1.33314422036e-1));
  p = add(mul(p, z), spl(-3.33332819422e-1));
  p = add(mul(mul(p, z), x), x);
  const e = exp4(add(a, a));
  const big = sub(spl(1.0), f32x4.div(spl(2.0), add(e, spl(1.0))));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(p, signed, f32x4.lt(a, spl(0.625)));
}

/** Scalar versions (identical arithmetic, lane 0). */
export function sigmoid1(x: f32): f32 { return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0); }
export function tanh1(x: f32): f32 { return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0); }
export function exp1(x: f32): f32 { return f32x4.extract_lane(exp4(f32x4.splat(x)), 0); }

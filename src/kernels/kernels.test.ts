import { describe, expect, it } from 'vitest';
import { createRng } from '../internal/rng.js';
import { GEMM_ACC, GEMM_BIAS, GEMM_RELU, Kernels, loadKernelModule, type SimdMode } from './kernels.js';

function rand(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

/** Naive reference in f64: C = init + op(A)·B (op = transpose when `trans`). */
function naive(M: number, N: number, K: number, a: Float32Array, trans: boolean, b: Float32Array, c0: Float32Array, bias: Float32Array, mode: number): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = mode & GEMM_ACC ? c0[i * N + j]! : mode & GEMM_BIAS ? bias[j]! : 0;
      for (let k = 0; k < K; k++) s += (trans ? a[k * M + i]! : a[i * K + k]!) * b[k * N + j]!;
      out[i * N + j] = mode & GEMM_RELU ? Math.max(0, s) : s;
    }
  }
  return out;
}

for (const simd of ['baseline', 'relaxed'] as SimdMode[]) {
  describe(`kernels (${simd})`, async () => {
    const km = await loadKernelModule(simd);
    const k = await Kernels.instantiate(km.module);
    const e = k.exports;

    it('loads the requested build', () => {
      expect(km.relaxed).toBe(simd === 'relaxed');
    });

    const shapes: [number, number, number][] = [
      [1, 1, 1], [3, 5, 7], [4, 8, 16], [5, 13, 9], [16, 512, 128], [1, 512, 128], [2, 70, 33], [9, 6, 64], [8, 36, 0],
      // ≥ 32 rows: B packed per slice; K > 256: several k slices; N > 1024: several packed chunks
      [37, 70, 300], [64, 1100, 260], [130, 24, 520],
    ];
    for (const [M, N, K] of shapes) {
      for (const trans of [false, true]) {
        for (const mode of [0, GEMM_ACC, GEMM_BIAS | GEMM_RELU]) {
          it(`gemm ${trans ? 'Aᵀ·B' : 'A·B'} ${M}×${N}×${K} mode ${mode} equals the naive product`, () => {
            const a = rand(M * K, 1 + M), b = rand(K * N, 2 + N), c0 = rand(M * N, 3 + K), bias = rand(N, 4);
            const mark = e.heapTop();
            const pa = k.allocF32(M * K + 1), pb = k.allocF32(K * N + 1), pc = k.allocF32(M * N + 1), pbias = k.allocF32(N + 1);
            k.f32(pa, M * K).set(a);
            k.f32(pb, K * N).set(b);
            k.f32(pc, M * N).set(c0);
            k.f32(pbias, N).set(bias);
            // A·B: row stride K, k stride 1. Aᵀ·B with A stored [K, M]: row stride 1, k stride M.
            if (trans) e.gemm(M, N, K, pa, 1, M, pb, N, pc, N, mode, pbias);
            else e.gemm(M, N, K, pa, K, 1, pb, N, pc, N, mode, pbias);
            const got = k.f32(pc, M * N);
            const want = naive(M, N, K, a, trans, b, c0, bias, mode);
            let err = 0;
            for (let i = 0; i < M * N; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
            expect(err).toBeLessThan(1e-5 * Math.max(1, K));
            e.heapReset(mark);
          });
        }
      }
    }

    it('transpose and column sums', () => {
      const R = 7, C = 13;
      const a = rand(R * C, 9);
      const mark = e.heapTop();
      const pa = k.allocF32(R * C), pt = k.allocF32(R * C), ps = k.allocF32(C);
      k.f32(pa, R * C).set(a);
      e.transpose(R, C, pa, C, pt, R);
      const t = k.f32(pt, R * C);
      for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) expect(t[c * R + r]).toBe(a[r * C + c]);
      e.colSum(R, C, pa, C, ps);
      const s = k.f32(ps, C);
      for (let c = 0; c < C; c++) {
        let want = 0;
        for (let r = 0; r < R; r++) want += a[r * C + c]!;
        expect(s[c]).toBeCloseTo(want, 5);
      }
      e.heapReset(mark);
    });

    it('sigmoid, tanh and exp are within a few ulp of Math', () => {
      let es = 0, et = 0, ee = 0;
      for (let x = -20; x <= 20; x += 0.0137) {
        const f = Math.fround(x);
        es = Math.max(es, Math.abs(e.sigmoid1(f) - 1 / (1 + Math.exp(-f))));
        et = Math.max(et, Math.abs(e.tanh1(f) - Math.tanh(f)));
        ee = Math.max(ee, Math.abs(e.exp1(f) - Math.exp(f)) / Math.exp(f));
      }
      for (const x of [1e-6, -3e-4, 0.3, -0.62, 0.63]) {
        expect(Math.abs(e.tanh1(x) - Math.tanh(Math.fround(x))) / Math.abs(Math.tanh(x))).toBeLessThan(3e-7);
      }
      expect(es).toBeLessThan(2e-7);
      expect(et).toBeLessThan(3e-7);
      expect(ee).toBeLessThan(3e-7);
      expect(e.sigmoid1(-200)).toBeGreaterThanOrEqual(0);
      expect(e.sigmoid1(200)).toBe(1);
      expect(e.tanh1(200)).toBe(1);
      expect(e.tanh1(-200)).toBe(-1);
    });
  });
}

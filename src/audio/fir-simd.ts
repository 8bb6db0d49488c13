/**
 * WebAssembly SIMD kernel for the polyphase resampler's inner loop (4 float32 multiply-adds per
 * instruction, ~4× the scalar JavaScript loop).
 *
 * The module is ~400 bytes of hand-assembled bytecode built here at load time (no binary blob, no
 * build step), compiled synchronously (small enough for browsers' main-thread limit), and used
 * only where `WebAssembly.validate` accepts SIMD; otherwise {@link simdFir} is null and the
 * resampler keeps its JavaScript loop. Accumulation is float32 in 16 lanes (four accumulators), then
 * summed: results differ from the float64 JavaScript loop by float32 rounding only (< 1e-6).
 * @module
 */

// --- Bytecode ------------------------------------------------------------------------------------
// (func $fir (param $x $out $n $h $tapsBytes $L $stepInt $stepFrac $phase0 i32)
//   (local $k $base $phase $hp $xp $j $a $b i32) (local $acc1..$acc4 v128)
//   for k in [0, n): acc = Σ_j h[phase][j] · x[base + j]   (x pre-padded: index base is tap 0)
//                    out[k] = Σ lanes(acc); base += stepInt; phase += stepFrac; carry phase ≥ L)
// The inner loop does 16 taps per iteration in four independent accumulators (rows are padded
// to a multiple of 16 taps), as a do-while: every row has at least 16 taps.
const X = 0, OUT = 1, N = 2, H = 3, TB = 4, L = 5, SI = 6, SF = 7, P0 = 8;
const K = 9, BASE = 10, PHASE = 11, HP = 12, XP = 13, J = 14, A = 15, B = 16, ACC = [17, 18, 19, 20] as const;
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_ADD = [0xfd, 0xe4, 0x01];
const F32X4_MUL = [0xfd, 0xe6, 0x01];
const v128Load = (offset: number): number[] => [0xfd, 0x00, 0x00, offset];
const lane = (i: number): number[] => [...get(ACC[0]), 0xfd, 0x1f, i];
const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_SHL = 0x74, I32_GE_U = 0x4f, I32_LT_U = 0x49, F32_ADD = 0x92;
const mac = (q: number): number[] => [...get(ACC[q]!), ...get(A), ...v128Load(16 * q), ...get(B), ...v128Load(16 * q), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC[q]!)];

const body = [
  0x02, 0x08, 0x7f, 0x04, 0x7b, // locals: 8 × i32, 4 × v128
  ...get(P0), ...set(PHASE),
  0x02, 0x40, 0x03, 0x40, // block, loop (outer)
  ...get(K), ...get(N), I32_GE_U, 0x0d, 0x01, // if k >= n: break
  ...get(H), ...get(PHASE), ...get(TB), I32_MUL, I32_ADD, ...set(HP),
  ...get(X), ...get(BASE), 0x41, 0x02, I32_SHL, I32_ADD, ...set(XP),
  ...ACC.flatMap((i) => [...V128_ZERO, ...set(i)]),
  0x41, 0x00, ...set(J),
  0x03, 0x40, // loop (inner, do-while)
  ...get(HP), ...get(J), I32_ADD, ...set(A), ...get(XP), ...get(J), I32_ADD, ...set(B),
  ...mac(0), ...mac(1), ...mac(2), ...mac(3),
  ...get(J), 0x41, 0xc0, 0x00, I32_ADD, ...set(J), // j += 64 (signed LEB128 of 64 is c0 00)
  ...get(J), ...get(TB), I32_LT_U, 0x0d, 0x00, // while j < tapsBytes
  0x0b,
  ...get(ACC[0]), ...get(ACC[1]), ...F32X4_ADD, ...get(ACC[2]), ...get(ACC[3]), ...F32X4_ADD, ...F32X4_ADD, ...set(ACC[0]),
  ...get(OUT), ...get(K), 0x41, 0x02, I32_SHL, I32_ADD,
  ...lane(0), ...lane(1), F32_ADD, ...lane(2), F32_ADD, ...lane(3), F32_ADD,
  0x38, 0x02, 0x00, // f32.store
  ...get(BASE), ...get(SI), I32_ADD, ...set(BASE),
  ...get(PHASE), ...get(SF), I32_ADD, ...set(PHASE),
  ...get(PHASE), ...get(L), I32_GE_U, 0x04, 0x40, // if phase >= L
  ...get(PHASE), ...get(L), I32_SUB, ...set(PHASE), ...get(BASE), 0x41, 0x01, I32_ADD, ...set(BASE),
  0x0b,
  ...get(K), 0x41, 0x01, I32_ADD, ...set(K),
  0x0c, 0x00, 0x0b, 0x0b, // br outer; end loop; end block
  0x0b, // end func
];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x09, ...new Array<number>(9).fill(0x7f), 0x00]), // type: (9 × i32) → ()
  ...section(3, [0x01, 0x00]), // one function of type 0
  ...section(5, [0x01, 0x00, 0x01]), // memory: min 1 page
  ...section(7, [0x02, ...name('memory'), 0x02, 0x00, ...name('fir'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(body.length), ...body]),
]);

// --- Runtime -------------------------------------------------------------------------------------
interface Fir {
  memory: WebAssembly.Memory;
  fir: (x: number, out: number, n: number, h: number, tapsBytes: number, L: number, stepInt: number, stepFrac: number, phase0: number) => void;
}

function instantiate(): Fir | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(MODULE)) return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(MODULE), {});
    return inst.exports as unknown as Fir;
  } catch {
    return null; // no WebAssembly (CSP, old engine): the JavaScript loop is used instead
  }
}

const fir = instantiate();
/** Outputs per kernel call: bounds the Wasm memory to the table plus ~1 MB, whatever the input length. */
const BLOCK = 1 << 16;
let resident: Float32Array | null = null; // the coefficient table currently at address 0

/**
 * A polyphase FIR over `x` (zero outside `[0, n)`), or null when WebAssembly SIMD is unavailable.
 *
 * `table` holds `L` rows of `tapsPadded` coefficients (a multiple of 16, zero-filled), row `p`
 * being the phase whose first tap multiplies `x[base − half + 1]`. Output `k` uses
 * `base = ⌊k·M/L⌋` and `phase = k·M mod L`. Work is done in blocks of 65 536 outputs, each
 * copying only the input span it reads, so memory stays bounded for long recordings.
 * Returns false (nothing written) when the table alone would not fit in 1 GB.
 */
export const simdFir =
  fir === null
    ? null
    : (x: Float32Array, out: Float32Array, table: Float32Array, tapsPadded: number, half: number, L: number, M: number): boolean => {
        const tableBytes = table.length * 4;
        const span = Math.ceil((BLOCK * M) / L) + tapsPadded + 16; // inputs one block can read
        const xAt = (tableBytes + 15) & ~15;
        const outAt = xAt + ((span * 4 + 15) & ~15);
        const need = outAt + BLOCK * 4;
        if (need > 2 ** 30 || !(L > 0)) return false;
        const mem = fir.memory;
        if (mem.buffer.byteLength < need) {
          mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
          resident = null;
        }
        const f32 = new Float32Array(mem.buffer);
        if (resident !== table) {
          f32.set(table, 0);
          resident = table;
        }
        const stepInt = Math.floor(M / L);
        const stepFrac = M - stepInt * L;
        const xi = xAt >> 2;
        const n = x.length;
        for (let k0 = 0; k0 < out.length; k0 += BLOCK) {
          const count = Math.min(BLOCK, out.length - k0);
          const pos = k0 * M;
          const base0 = Math.floor(pos / L);
          const phase0 = pos - base0 * L;
          // Inputs read by this block: [base0 − half + 1, lastBase − half + tapsPadded].
          const first = base0 - half + 1;
          const last = Math.floor(((k0 + count - 1) * M) / L) - half + tapsPadded;
          const len = last - first + 1;
          const a = Math.max(0, first);
          const b = Math.min(n, last + 1);
          f32.fill(0, xi, xi + len);
          if (b > a) f32.set(x.subarray(a, b), xi + (a - first));
          fir.fir(xAt, outAt, count, 0, tapsPadded * 4, L, stepInt, stepFrac, phase0);
          out.set(f32.subarray(outAt >> 2, (outAt >> 2) + count), k0);
        }
        return true;
      };

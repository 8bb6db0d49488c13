/**
 * WebAssembly SIMD engine for `Mfcc.compute` (kernel source: ./mfcc-kernel.as, embedded by
 * ./build-mfcc-wasm.mjs). It runs the same float64 algorithm as the TypeScript path — fused
 * window + packed radix-4 FFT, sparse mel projection, `(10/ln10)·ln`, symmetric DCT — on two
 * frames at a time in the f64x2 lanes, so its MFCCs equal the TypeScript ones to ~1e-12 and keep
 * librosa parity.
 *
 * The module is compiled synchronously on first use and cached; when WebAssembly SIMD is
 * missing (or a browser refuses synchronous compilation) `createMfccWasmEngine` returns null and
 * `Mfcc` uses the TypeScript path.
 */
import type { WindowedPowerFft } from '../fft.js';
import type { SparseMelFilterBank } from '../mel.js';
import { MFCC_WASM_BASE64 } from './mfcc-kernel-binary.js';
import { decodeBase64 } from '../../internal/base64.js';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  mark(): number;
  release(mark: number): void;
  init(
    m: number, wE: number, wO: number, nStages: number, stageLen: number, stageTw: number, radix2: number,
    perm: number, postC: number, postS: number,
    nMels: number, mStart: number, mLen: number, mOff: number, mW: number,
    nMfcc: number, dEven: number, dOdd: number, amin: number, dbPerNeper: number,
  ): void;
  melDb(sig: number, frames: number, hop: number, db: number): number;
  dct(db: number, frames: number, floor: number, out: number): void;
  allFinite(sig: number, n: number): number;
}

let cachedModule: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null when this runtime cannot compile it (no Wasm SIMD). */
export function mfccWasmModule(): WebAssembly.Module | null {
  if (cachedModule !== undefined) return cachedModule;
  try {
    if (typeof WebAssembly === 'undefined') return (cachedModule = null);
    const bytes = decodeBase64(MFCC_WASM_BASE64);
    cachedModule = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    cachedModule = null;
  }
  return cachedModule;
}

/** Everything the kernel needs from an `Mfcc` instance. */
export interface MfccWasmTables {
  readonly fft: WindowedPowerFft;
  readonly bank: SparseMelFilterBank;
  readonly nMfcc: number;
  /** DCT rows for even k `[nMfcc, ceil(nMels/2)]` (scale and lifter folded in), zeros elsewhere. */
  readonly dctEven: Float64Array;
  /** DCT rows for odd k. */
  readonly dctOdd: Float64Array;
  readonly amin: number;
  readonly dbPerNeper: number;
}

/** One kernel instance (own memory) holding the tables of one Mfcc configuration. */
export class MfccWasmEngine {
  private readonly k: KernelExports;
  private readonly base: number;
  private readonly nMels: number;
  private readonly nMfcc: number;

  constructor(instance: WebAssembly.Instance, t: MfccWasmTables) {
    const k = instance.exports as unknown as KernelExports;
    this.k = k;
    this.nMels = t.bank.nMels;
    this.nMfcc = t.nMfcc;
    const f64 = (a: Float64Array): number => {
      const p = k.alloc(Math.max(8, a.byteLength));
      new Float64Array(k.memory.buffer, p, a.length).set(a);
      return p;
    };
    const i32 = (a: Int32Array): number => {
      const p = k.alloc(Math.max(4, a.byteLength));
      new Int32Array(k.memory.buffer, p, a.length).set(a);
      return p;
    };
    const fft = t.fft;
    const tw = Int32Array.from(fft.stageTw.map((s) => f64(s)));
    const sp = t.bank;
    k.init(
      fft.m, f64(fft.wEven), f64(fft.wOdd), fft.stageLen.length, i32(fft.stageLen), i32(tw), fft.lastRadix2 ? 1 : 0,
      i32(fft.perm), f64(fft.postC), f64(fft.postS),
      sp.nMels, i32(sp.start), i32(sp.length), i32(sp.offset), f64(Float64Array.from(sp.weights)),
      t.nMfcc, f64(t.dctEven), f64(t.dctOdd), t.amin, t.dbPerNeper,
    );
    this.base = k.mark();
  }

  /**
   * MFCCs of `frames` frames of a signal already laid out as the kernel reads it: `fill(view,
   * offset)` must write `(frames − 1)·hop + nFft` float32 samples (the padded signal) at `offset`.
   * When any written sample is NaN/±Inf, `onNonFinite` is called (it throws the typed error).
   * @returns `[frames, nMfcc]` float32 (a fresh copy).
   */
  compute(paddedLength: number, fill: (view: Float32Array, offset: number) => void, frames: number, hop: number, topDb: number | null, onNonFinite: () => never): Float32Array {
    return this.#run(paddedLength, fill, frames, hop, topDb, onNonFinite, false, true).mfcc!;
  }

  /**
   * The log-mel spectrogram (dB, floored at `max − topDb`) of a signal laid out as for
   * {@link compute}: the kernel's mel/dB stage without the DCT.
   * @returns `[frames, nMels]` float32 (a fresh copy).
   */
  logMel(paddedLength: number, fill: (view: Float32Array, offset: number) => void, frames: number, hop: number, topDb: number | null, onNonFinite: () => never): Float32Array {
    return this.#run(paddedLength, fill, frames, hop, topDb, onNonFinite, true, false).logMel!;
  }

  /** {@link logMel} and {@link compute} of the same frames from one mel/dB pass. */
  logMelAndMfcc(paddedLength: number, fill: (view: Float32Array, offset: number) => void, frames: number, hop: number, topDb: number | null, onNonFinite: () => never): { logMel: Float32Array; mfcc: Float32Array } {
    const r = this.#run(paddedLength, fill, frames, hop, topDb, onNonFinite, true, true);
    return { logMel: r.logMel!, mfcc: r.mfcc! };
  }

  /** Copy the signal in, check it, run the mel/dB stage, then the DCT and/or the floored dB copy. */
  #run(
    paddedLength: number,
    fill: (view: Float32Array, offset: number) => void,
    frames: number,
    hop: number,
    topDb: number | null,
    onNonFinite: () => never,
    wantLogMel: boolean,
    wantMfcc: boolean,
  ): { logMel: Float32Array | null; mfcc: Float32Array | null } {
    const k = this.k;
    k.release(this.base);
    const sig = k.alloc(paddedLength * 4);
    const db = k.alloc(frames * this.nMels * 8);
    const out = wantMfcc ? k.alloc(frames * this.nMfcc * 4) : 0;
    fill(new Float32Array(k.memory.buffer), sig >>> 2);
    if (!k.allFinite(sig, paddedLength)) onNonFinite();
    const max = k.melDb(sig, frames, hop, db);
    const floor = topDb === null ? -Infinity : max - topDb;
    if (wantMfcc) k.dct(db, frames, floor, out);
    let logMel: Float32Array | null = null;
    if (wantLogMel) {
      const src = new Float64Array(k.memory.buffer, db, frames * this.nMels);
      logMel = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) logMel[i] = src[i]! < floor ? floor : src[i]!;
    }
    return { logMel, mfcc: wantMfcc ? new Float32Array(k.memory.buffer, out, frames * this.nMfcc).slice() : null };
  }
}

/** Instantiate the kernel for `tables`, or return null when WebAssembly SIMD is unavailable. */
export function createMfccWasmEngine(tables: MfccWasmTables): MfccWasmEngine | null {
  const mod = mfccWasmModule();
  if (!mod) return null;
  try {
    return new MfccWasmEngine(new WebAssembly.Instance(mod, {}), tables);
  } catch {
    return null;
  }
}
